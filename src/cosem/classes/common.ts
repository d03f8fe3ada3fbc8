import { S, type TypeSpec } from '../spec';

/** One interface class of the Blue Book: its attributes and methods, by index. */
export interface AttributeDef {
  index: number;
  /** snake_case, as the Blue Book spells it (acronyms keep their case: "SAP_assignment_list"). */
  name: string;
  type: TypeSpec;
  /** Static attributes are configuration; dynamic ones change as the meter runs. */
  static: boolean;
}

export interface MethodDef {
  index: number;
  name: string;
  parameter: TypeSpec;
  /** Parameter sent when the caller gives none (the Blue Book's "data ::= integer (0)"). */
  defaultParameter?: unknown;
}

export interface InterfaceClass {
  classId: number;
  version: number;
  /** Blue Book name, e.g. "Profile generic". */
  name: string;
  attributes: readonly AttributeDef[];
  methods: readonly MethodDef[];
}

export const STATIC = true;
export const DYNAMIC = false;

export function attr(index: number, name: string, type: TypeSpec, isStatic: boolean): AttributeDef {
  return { index, name, type, static: isStatic };
}

export function method(index: number, name: string, parameter: TypeSpec, defaultParameter?: unknown): MethodDef {
  return defaultParameter === undefined ? { index, name, parameter } : { index, name, parameter, defaultParameter };
}

// Shared types of the Blue Book.
export const LOGICAL_NAME = S.type('octet-string', 'obis');
export const DATE_TIME = S.type('octet-string', 'date-time');
export const DATE = S.type('octet-string', 'date');
export const TIME = S.type('octet-string', 'time');
export const TEXT = S.type('octet-string', 'text');
export const OCTETS = S.type('octet-string');
export const BOOLEAN = S.type('boolean');
export const INTEGER = S.type('integer');
export const LONG = S.type('long');
export const UNSIGNED = S.type('unsigned');
export const LONG_UNSIGNED = S.type('long-unsigned');
export const DOUBLE_LONG_UNSIGNED = S.type('double-long-unsigned');
export const ANY = S.any();
export const ENUM = S.enum();

/** attribute 1 of every class. */
export const LOGICAL_NAME_ATTR = attr(1, 'logical_name', LOGICAL_NAME, STATIC);

/** "data ::= integer (0)" of reset, capture, remote_disconnect and the like. */
export const ZERO = INTEGER;
export const zeroMethod = (index: number, name: string): MethodDef => method(index, name, ZERO, 0);

/** scaler_unit ::= structure { scaler: integer, unit: enum }, read as {scaler, unit, unitSymbol}. */
export const SCALER_UNIT = S.type('structure', 'scaler-unit');

/** capture_object_definition of Profile generic (also Push setup push_object_list). */
export const CAPTURE_OBJECT_DEFINITION = S.struct({
  class_id: LONG_UNSIGNED,
  logical_name: LOGICAL_NAME,
  attribute_index: INTEGER,
  data_index: LONG_UNSIGNED,
});

/** value_definition of Register monitor and Limiter. */
export const VALUE_DEFINITION = S.struct({
  class_id: LONG_UNSIGNED,
  logical_name: LOGICAL_NAME,
  attribute_index: INTEGER,
});

/** script reference: action_item of Register monitor / Limiter, executed_script of Single action schedule. */
export const SCRIPT_REFERENCE = S.struct({
  script_logical_name: LOGICAL_NAME,
  script_selector: LONG_UNSIGNED,
});
