import type { DataTypeName } from '../codec/data-types';

/**
 * The type language of the class tables: what DLMS Data an attribute or a method parameter holds,
 * as the Blue Book (DLMS UA 1000-1, clause 4.5 onwards) describes it. It drives both directions:
 * DlmsData -> JSON (interpret.ts) and JSON -> DlmsData (build.ts).
 *
 * `format` says how a fixed-type value reads best in JSON (see formats.ts): an octet-string that
 * is a logical name becomes dotted OBIS, a date-time octet-string ISO 8601, and so on.
 */
export type FormatName =
  | 'obis'
  | 'date-time'
  | 'date'
  | 'time'
  | 'text'
  | 'ipv4'
  | 'clock-status'
  | 'scaler-unit'
  | 'security-policy'
  | 'output-state';

/** Enum value -> kebab-case name. */
export type EnumNames = Readonly<Record<number, string>>;

export interface FixedSpec {
  kind: 'type';
  type: Exclude<DataTypeName, 'array' | 'compact-array'>;
  format?: FormatName;
  /** Allowed range where the Blue Book narrows the type (shift_time: -900..900 s). */
  min?: number;
  max?: number;
}
export interface EnumSpec { kind: 'enum'; names?: EnumNames }
export interface FieldSpec { name: string; key: string; type: TypeSpec }
export interface StructSpec { kind: 'struct'; fields: FieldSpec[] }
export interface ArraySpec { kind: 'array'; element: TypeSpec }
/** A CHOICE the Blue Book leaves open ("CHOICE of simple data types", instance specific). */
export interface AnySpec { kind: 'any' }
/** A CHOICE between a few alternatives, tried in order. */
export interface ChoiceSpec { kind: 'choice'; options: TypeSpec[] }

export type TypeSpec = FixedSpec | EnumSpec | StructSpec | ArraySpec | AnySpec | ChoiceSpec;

/**
 * The JSON key of a Blue Book field name: camelCase, acronyms lowered
 * ("logical_name" -> "logicalName", "SAP" -> "sap", "TCP-UDP_port" -> "tcpUdpPort").
 */
export function jsonKey(name: string): string {
  const parts = name.split(/[_-]+/).filter(Boolean).map((p) => p.toLowerCase());
  return parts.map((p, i) => (i === 0 ? p : p[0].toUpperCase() + p.slice(1))).join('');
}

/** Compact constructors for the class tables. */
export const S = {
  type: (type: FixedSpec['type'], format?: FormatName, range?: { min: number; max: number }): FixedSpec => ({
    kind: 'type',
    type,
    ...(format ? { format } : {}),
    ...(range ?? {}),
  }),
  enum: (names?: EnumNames): EnumSpec => (names ? { kind: 'enum', names } : { kind: 'enum' }),
  struct: (fields: Record<string, TypeSpec>): StructSpec => ({
    kind: 'struct',
    fields: Object.entries(fields).map(([name, type]) => ({ name, key: jsonKey(name), type })),
  }),
  array: (element: TypeSpec): ArraySpec => ({ kind: 'array', element }),
  any: (): AnySpec => ({ kind: 'any' }),
  choice: (...options: TypeSpec[]): ChoiceSpec => ({ kind: 'choice', options }),
};

/** A one-line human description, for error messages and UIs ("structure { class_id: long-unsigned, ... }"). */
export function describeSpec(spec: TypeSpec, depth = 0): string {
  switch (spec.kind) {
    case 'type': {
      let s: string = spec.type;
      if (spec.format) s += ` (${spec.format})`;
      if (spec.min !== undefined && spec.max !== undefined) s += ` ${spec.min}..${spec.max}`;
      return s;
    }
    case 'enum':
      return spec.names
        ? `enum (${Object.entries(spec.names).map(([v, n]) => `${v} ${n}`).join(', ')})`
        : 'enum';
    case 'struct':
      if (depth > 1) return 'structure { ... }';
      return `structure { ${spec.fields.map((f) => `${f.key}: ${describeSpec(f.type, depth + 1)}`).join(', ')} }`;
    case 'array':
      return `array of ${describeSpec(spec.element, depth)}`;
    case 'any':
      return 'any data type (CHOICE)';
    case 'choice':
      return spec.options.map((o) => describeSpec(o, depth)).join(' | ');
  }
}
