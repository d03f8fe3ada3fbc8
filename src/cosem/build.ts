import type { DlmsData } from '../codec/data';
import { INT_RANGE, isDataTypeName, type DataTypeName } from '../codec/data-types';
import { fromTypedJson, type TypedJson } from '../codec/typed-json';
import { DlmsError, EncodeError } from '../errors';
import { getAttribute, getMethod } from './catalogue';
import { FORMATS, lookupName, octetsFromJson } from './formats';
import { attributeLabel, dataToJson, methodLabel } from './interpret';
import { describeSpec, type TypeSpec } from './spec';

/**
 * JSON -> DlmsData for writes and actions, guided by the class tables, so that a user can write
 * `{"scaler": -3, "unit": "Wh"}` or `"2026-11-25T13:15:00+05:30"` and the right DLMS types go out.
 * Typed JSON (`{"type": "long-unsigned", "value": 5}`) is accepted as-is at any level. Where the
 * Blue Book leaves the type open (a Register value), the type of `template` (the current value,
 * as read) is reused.
 */

/** A failure at a path inside the value; the entry points turn it into an EncodeError naming the attribute. */
class ValueError extends Error {
  constructor(readonly path: string, message: string) {
    super(message);
  }
}

const TYPED_KEYS = new Set(['type', 'value', 'raw', 'fields', 'description']);

/** `{type, value}` with a Blue Book type name and nothing else: a value the user typed explicitly. */
export function isTypedJson(j: unknown): j is TypedJson {
  if (typeof j !== 'object' || j === null || Array.isArray(j) || j instanceof Uint8Array) return false;
  const o = j as Record<string, unknown>;
  if (typeof o.type !== 'string' || !isDataTypeName(o.type)) return false;
  if (!Object.keys(o).every((k) => TYPED_KEYS.has(k))) return false;
  return 'value' in o || o.type === 'null-data' || o.type === 'dont-care';
}

const show = (j: unknown): string => {
  if (j === undefined) return 'nothing';
  const s = typeof j === 'bigint' ? `${j}` : JSON.stringify(j);
  return s && s.length > 80 ? `${s.slice(0, 77)}...` : String(s);
};

/** Run a leaf conversion, turning any library error into a ValueError at `path`. */
function atPath<T>(path: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ValueError) throw e;
    if (e instanceof DlmsError) throw new ValueError(path, e.message);
    throw e;
  }
}

const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);

function integerOf(json: unknown, path: string, type: string): number {
  const n = typeof json === 'string' && /^\s*-?\d+\s*$/.test(json) ? Number(json) : json;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new ValueError(path, `expected an integer (${type}), got ${show(json)}`);
  return n;
}

const INT64_RANGE: Record<'long64' | 'long64-unsigned', [bigint, bigint]> = {
  long64: [-(BigInt(1) << BigInt(63)), (BigInt(1) << BigInt(63)) - BigInt(1)],
  'long64-unsigned': [BigInt(0), (BigInt(1) << BigInt(64)) - BigInt(1)],
};

/** A value of one simple type from a JSON primitive. */
function primitive(type: DataTypeName, json: unknown, path: string, min?: number, max?: number): DlmsData {
  switch (type) {
    case 'null-data':
    case 'dont-care':
      if (json !== null && json !== undefined) throw new ValueError(path, `expected null (${type}), got ${show(json)}`);
      return { type };
    case 'boolean':
      if (typeof json !== 'boolean') throw new ValueError(path, `expected true or false, got ${show(json)}`);
      return { type, value: json };
    case 'bit-string':
      if (Array.isArray(json) && json.every((b) => typeof b === 'boolean')) return { type, value: json.map((b) => (b ? '1' : '0')).join('') };
      if (typeof json !== 'string' || !/^[01]*$/.test(json)) throw new ValueError(path, `expected a bit-string as "0"/"1" text (first bit first), got ${show(json)}`);
      return { type, value: json };
    case 'long64':
    case 'long64-unsigned': {
      let v: bigint;
      try {
        if (typeof json === 'number' && !Number.isInteger(json)) throw new Error();
        v = BigInt(json as string | number | bigint);
      } catch {
        throw new ValueError(path, `expected an integer (${type}, a decimal string when beyond 2^53), got ${show(json)}`);
      }
      const [lo, hi] = INT64_RANGE[type];
      if (v < lo || v > hi) throw new ValueError(path, `${v} is out of range ${lo}..${hi} for ${type}`);
      return { type, value: v };
    }
    case 'float32':
    case 'float64': {
      const n = typeof json === 'string' && json.trim() !== '' ? Number(json) : json;
      if (typeof n !== 'number' || Number.isNaN(n)) throw new ValueError(path, `expected a number (${type}), got ${show(json)}`);
      return { type, value: n };
    }
    case 'octet-string':
      return { type, value: atPath(path, () => octetsFromJson(json)) };
    case 'visible-string':
      if (typeof json !== 'string' || !/^[\x20-\x7e]*$/.test(json)) throw new ValueError(path, `expected printable ASCII text (visible-string), got ${show(json)}`);
      return { type, value: json };
    case 'utf8-string':
      if (typeof json !== 'string') throw new ValueError(path, `expected text (utf8-string), got ${show(json)}`);
      return { type, value: json };
    case 'date-time':
    case 'date':
    case 'time': {
      const os = atPath(path, () => FORMATS[type].fromJson(json)) as { value: Buffer };
      return { type, value: os.value };
    }
    case 'array':
    case 'structure':
    case 'compact-array':
      throw new ValueError(path, `${type} has no known element types here: give a typed value such as {"type": "${type}", "value": [...]}`);
    default: {
      const n = integerOf(json, path, type);
      const [lo, hi] = INT_RANGE[type] ?? [-Infinity, Infinity];
      const a = Math.max(lo, min ?? lo);
      const b = Math.min(hi, max ?? hi);
      if (n < a || n > b) throw new ValueError(path, `${n} is out of range ${a}..${b} for ${type}`);
      return { type, value: n } as DlmsData;
    }
  }
}

/** A value of the same type (and element types) as `template`. */
function like(template: DlmsData, json: unknown, path: string): DlmsData {
  if (isTypedJson(json)) return atPath(path, () => fromTypedJson(json));
  if (template.type === 'array' || template.type === 'structure' || template.type === 'compact-array') {
    if (!Array.isArray(json)) throw new ValueError(path, `expected an array (${template.type} like the current value), got ${show(json)}`);
    if (template.type === 'structure' && json.length !== template.value.length) {
      throw new ValueError(path, `expected ${template.value.length} elements like the current structure, got ${json.length}`);
    }
    const value = json.map((x, i) => {
      const t = template.value[template.type === 'structure' ? i : Math.min(i, template.value.length - 1)];
      if (!t) throw new ValueError(`${path}[${i}]`, 'the current array is empty, so its element type is unknown: give typed values');
      return like(t, x, `${path}[${i}]`);
    });
    return template.type === 'compact-array' ? { type: 'compact-array', description: template.description, value } : { type: template.type, value };
  }
  return primitive(template.type, json, path);
}

function build(spec: TypeSpec, json: unknown, template: DlmsData | undefined, path: string): DlmsData {
  if (isTypedJson(json)) return atPath(path, () => fromTypedJson(json));
  switch (spec.kind) {
    case 'any':
      if (template) return like(template, json, path);
      if (json === null) return { type: 'null-data' };
      if (typeof json === 'boolean') return { type: 'boolean', value: json };
      throw new ValueError(
        path,
        `the Blue Book leaves this type open, so ${show(json)} needs its DLMS type: write it typed, e.g. {"type": "double-long-unsigned", "value": 1500}, or read the attribute first and pass the current value`,
      );
    case 'type':
      if (spec.format) {
        const fmt = FORMATS[spec.format];
        return atPath(path, () => fmt.fromJson(json));
      }
      return primitive(spec.type, json, path, spec.min, spec.max);
    case 'enum': {
      // names first: some are digits ("9600" is comm_speed 5)
      const named = typeof json === 'string' && spec.names ? lookupName(spec.names, json) : undefined;
      if (named !== undefined) return { type: 'enum', value: named };
      if (typeof json === 'string' && !/^\s*\d+\s*$/.test(json)) {
        const known = spec.names ? Object.values(spec.names).join(', ') : 'none, give a number';
        throw new ValueError(path, `unknown name "${json}" (known: ${known})`);
      }
      return primitive('enum', json, path);
    }
    case 'struct': {
      const t = template?.type === 'structure' ? template.value : undefined;
      if (Array.isArray(json)) {
        if (json.length !== spec.fields.length) {
          throw new ValueError(path, `expected ${spec.fields.length} elements (${spec.fields.map((f) => f.key).join(', ')}), got ${json.length}`);
        }
        return { type: 'structure', value: spec.fields.map((f, i) => build(f.type, json[i], t?.[i], join(path, f.key))) };
      }
      if (typeof json !== 'object' || json === null) {
        throw new ValueError(path, `expected an object {${spec.fields.map((f) => f.key).join(', ')}}, got ${show(json)}`);
      }
      const o = json as Record<string, unknown>;
      const known = new Set(spec.fields.flatMap((f) => [f.key, f.name]));
      const extra = Object.keys(o).filter((k) => !known.has(k));
      if (extra.length) throw new ValueError(path, `unknown field ${extra.map((k) => `"${k}"`).join(', ')} (expected ${spec.fields.map((f) => f.key).join(', ')})`);
      return {
        type: 'structure',
        value: spec.fields.map((f, i) => {
          const v = f.key in o ? o[f.key] : o[f.name];
          if (v === undefined) throw new ValueError(join(path, f.key), `missing (expected ${describeSpec(f.type, 1)})`);
          return build(f.type, v, t?.[i], join(path, f.key));
        }),
      };
    }
    case 'array': {
      if (!Array.isArray(json)) throw new ValueError(path, `expected an array of ${describeSpec(spec.element, 1)}, got ${show(json)}`);
      const t = template?.type === 'array' || template?.type === 'compact-array' ? template.value : undefined;
      return { type: 'array', value: json.map((x, i) => build(spec.element, x, t?.[i] ?? t?.[0], `${path}[${i}]`)) };
    }
    case 'choice': {
      const reasons: string[] = [];
      // the alternative the current value takes goes first ("" is hex and text alike)
      const options = template ? [...spec.options].sort((a, b) => Number(!fits(a, template)) - Number(!fits(b, template))) : spec.options;
      for (const option of options) {
        try {
          return build(option, json, template, path);
        } catch (e) {
          if (!(e instanceof ValueError)) throw e;
          reasons.push(e.message);
        }
      }
      throw new ValueError(path, `expected ${describeSpec(spec, 1)}, got ${show(json)} (${reasons.join('; ')})`);
    }
  }
}

function fits(spec: TypeSpec, d: DlmsData): boolean {
  try {
    dataToJson(spec, d, true);
    return true;
  } catch {
    return false;
  }
}

function entry(label: string, context: Record<string, unknown>, f: () => DlmsData): DlmsData {
  try {
    return f();
  } catch (e) {
    if (e instanceof ValueError) {
      throw new EncodeError(`${label}${e.path ? ` at ${e.path}` : ''}: ${e.message}`, { ...context, ...(e.path ? { path: e.path } : {}) });
    }
    throw e;
  }
}

/**
 * DlmsData of the given type from JSON (used by the typed codecs). Errors are EncodeErrors
 * starting with `label`.
 */
export function jsonToData(spec: TypeSpec, json: unknown, label = 'value', template?: DlmsData): DlmsData {
  return entry(label, {}, () => build(spec, json, template, ''));
}

/**
 * The Data to write to an attribute. `current` (the value as read) gives the type where the Blue
 * Book leaves it open, and for attributes the catalogue does not know.
 */
export function buildAttributeValue(classId: number, attributeIndex: number, json: unknown, current?: DlmsData): DlmsData {
  const label = `cannot write ${attributeLabel(classId, attributeIndex)}`;
  const context = { classId, attribute: attributeIndex };
  return entry(label, context, () => {
    const def = getAttribute(classId, attributeIndex);
    if (def) return build(def.type, json, current, '');
    if (isTypedJson(json)) return atPath('', () => fromTypedJson(json));
    if (current) return like(current, json, '');
    throw new ValueError('', 'this attribute is not in the catalogue, so its type is unknown: give a typed value such as {"type": "long-unsigned", "value": 5}, or read it first and pass the current value');
  });
}

/** The parameter of a method invocation; `json` may be omitted for the "integer (0)" methods (reset, capture...). */
export function buildMethodParameter(classId: number, methodIndex: number, json?: unknown): DlmsData {
  const label = `cannot invoke ${methodLabel(classId, methodIndex)}`;
  const context = { classId, method: methodIndex };
  return entry(label, context, () => {
    const def = getMethod(classId, methodIndex);
    if (def) return build(def.parameter, json === undefined ? def.defaultParameter : json, undefined, '');
    if (isTypedJson(json)) return atPath('', () => fromTypedJson(json));
    throw new ValueError('', 'this method is not in the catalogue, so its parameter type is unknown: give a typed value such as {"type": "integer", "value": 0}');
  });
}
