import type { DlmsData, IntegerTypeName, TypeDescription } from './data';
import { INT_RANGE, isDataTypeName, type DataTypeName } from './data-types';
import {
  dateFromIso,
  dateTimeBytesToIso,
  dateTimeFromDate,
  dateTimeFromIso,
  dateToIso,
  decodeDate,
  decodeDateTime,
  decodeTime,
  encodeDate,
  encodeDateTime,
  encodeTime,
  timeFromIso,
  timeToIso,
  type CosemDate,
  type CosemDateTime,
  type CosemTime,
} from './cosem-datetime';
import { fromTypedJson, type TypedJson } from './typed-json';
import { toHex } from './hex';
import { DlmsError, EncodeError } from '../errors';

/**
 * The plain JSON form for users (CONTRACTS.md "One value"): numbers, booleans, strings, arrays
 * and null. Unlike the typed JSON form it drops the type, so converting back needs a target type
 * (see fromJson).
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

export interface ToJsonOptions {
  /** Octet-strings as 'hex' (default, upper case) or as 'text' (latin1, e.g. logical device name). */
  octetString?: 'hex' | 'text';
  /** Treat 12-octet octet-strings as COSEM date-times (Clock time, profile capture time). */
  dateTime?: boolean;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A 64-bit integer as a number when it is exact, else as decimal text. */
export function int64ToJson(v: bigint): number | string {
  return v <= MAX_SAFE && v >= -MAX_SAFE ? Number(v) : v.toString();
}

/**
 * A date-time as ISO 8601 (with the meter's offset) when fully specified, else its field object
 * (nulls for "not specified", clock status flags as names). Same rule in toJson and profiles.
 */
export function dateTimeToJson(b: Uint8Array, offset = 0): string | JsonValue {
  const iso = dateTimeBytesToIso(b, offset);
  if (iso !== null) return iso;
  return decodeDateTime(offset === 0 && b.length === 12 ? b : b.subarray(offset, offset + 12)) as unknown as JsonValue;
}

export function toJson(d: DlmsData, opts: ToJsonOptions = {}): JsonValue {
  switch (d.type) {
    case 'null-data':
    case 'dont-care':
      return null;
    case 'array':
    case 'structure':
    case 'compact-array': {
      const out: JsonValue[] = new Array(d.value.length);
      for (let i = 0; i < d.value.length; i++) out[i] = toJson(d.value[i], opts);
      return out;
    }
    case 'long64':
    case 'long64-unsigned':
      return int64ToJson(d.value);
    case 'octet-string':
      if (opts.dateTime && d.value.length === 12) return dateTimeToJson(d.value);
      return opts.octetString === 'text' ? d.value.toString('latin1') : toHex(d.value);
    case 'date-time':
      return dateTimeToJson(d.value);
    case 'date': {
      const f = decodeDate(d.value);
      return dateToIso(f) ?? (f as unknown as JsonValue);
    }
    case 'time': {
      const f = decodeTime(d.value);
      return timeToIso(f) ?? (f as unknown as JsonValue);
    }
    default:
      return d.value;
  }
}

// ---------------------------------------------------------------------------------------------
// fromJson

/** What a plain JSON value should become: a type name, a contents description, or a value to mirror. */
export type JsonTarget = DataTypeName | TypeDescription | DlmsData;

export interface FromJsonOptions {
  /** How strings become octet-strings: 'hex' (default) or 'text' (latin1 bytes). */
  octetString?: 'hex' | 'text';
  /** Accept ISO date-times / Date objects for octet-string targets (12-octet COSEM date-time). */
  dateTime?: boolean;
}

/**
 * Convert a user value to DlmsData of the target type, with range checks and messages that say
 * what was expected. A typed JSON object `{type, value}` is taken as it is, whatever the target.
 */
export function fromJson(value: unknown, target: JsonTarget, opts: FromJsonOptions = {}): DlmsData {
  return convert(value, target, opts, '');
}

/** A typed JSON object, or a DlmsData node given as a value (its Buffer / bigint kept as is). */
function typed(v: TypedJson): DlmsData {
  if (Buffer.isBuffer(v.value) || typeof v.value === 'bigint') return v as unknown as DlmsData;
  return fromTypedJson(v);
}

function isTypedJson(v: unknown): v is TypedJson {
  return (
    typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Date) &&
    typeof (v as { type?: unknown }).type === 'string' && isDataTypeName((v as { type: string }).type)
  );
}

function fail(path: string, message: string, context: Record<string, unknown> = {}): never {
  throw new EncodeError(path ? `${path}: ${message}` : message, path ? { ...context, path } : context);
}

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'bigint') return v.toString();
  if (Buffer.isBuffer(v)) return `<${v.length} bytes>`;
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return String(v);
  }
}

function convert(value: unknown, target: JsonTarget, opts: FromJsonOptions, path: string): DlmsData {
  if (isTypedJson(value)) return typed(value);
  if (typeof target === 'string') {
    if (!isDataTypeName(target)) fail(path, `"${String(target)}" is not a Blue Book data type name`);
    return simple(value, target, opts, path);
  }
  if (!target || typeof target !== 'object' || !isDataTypeName((target as { type: string }).type)) {
    fail(path, `cannot convert to ${show(target)}: the target must be a type name, a type description or a DlmsData value`);
  }
  // A DlmsData has a value (mirror it, e.g. the value read before a write); a description has none.
  if ('value' in target) return mirror(value, target as DlmsData, opts, path);
  return described(value, target as TypeDescription, opts, path);
}

function listOf(value: unknown, what: string, path: string): unknown[] {
  if (!Array.isArray(value)) fail(path, `${what} value must be a JSON array, got ${show(value)}`);
  return value;
}

function mirror(value: unknown, like: DlmsData, opts: FromJsonOptions, path: string): DlmsData {
  switch (like.type) {
    case 'array': {
      const items = listOf(value, 'array', path);
      if (items.length > 0 && like.value.length === 0) {
        // nothing to mirror: the elements must say their own type
        return { type: 'array', value: items.map((x, i) => untypedElement(x, `${path}[${i}]`)) };
      }
      return { type: 'array', value: items.map((x, i) => convert(x, like.value[Math.min(i, like.value.length - 1)], opts, `${path}[${i}]`)) };
    }
    case 'structure': {
      const items = listOf(value, 'structure', path);
      if (items.length !== like.value.length) fail(path, `structure needs ${like.value.length} elements, got ${items.length}`);
      return { type: 'structure', value: items.map((x, i) => convert(x, like.value[i], opts, `${path}[${i}]`)) };
    }
    case 'compact-array':
      return described(value, { type: 'array', count: 0, element: like.description }, opts, path, like.description);
    case 'octet-string':
      // a 12-octet value read from a date-time attribute takes an ISO text back
      return simple(value, 'octet-string', { ...opts, dateTime: opts.dateTime ?? like.value.length === 12 }, path);
    default:
      return simple(value, like.type, opts, path);
  }
}

function untypedElement(x: unknown, path: string): DlmsData {
  if (x === null) return { type: 'null-data' };
  if (isTypedJson(x)) return typed(x);
  return fail(path, `no type known for ${show(x)}: give it as {"type": "<Blue Book type>", "value": ...}`);
}

function described(value: unknown, d: TypeDescription, opts: FromJsonOptions, path: string, compactOf?: TypeDescription): DlmsData {
  if (compactOf) {
    const items = listOf(value, 'compact-array', path);
    return { type: 'compact-array', description: compactOf, value: items.map((x, i) => described(x, compactOf, opts, `${path}[${i}]`)) };
  }
  if (d.type === 'array') {
    const items = listOf(value, 'array', path);
    return { type: 'array', value: items.map((x, i) => convert(x, d.element, opts, `${path}[${i}]`)) };
  }
  if (d.type === 'structure') {
    const items = listOf(value, 'structure', path);
    if (items.length !== d.elements.length) fail(path, `structure needs ${d.elements.length} elements, got ${items.length}`);
    return { type: 'structure', value: items.map((x, i) => convert(x, d.elements[i], opts, `${path}[${i}]`)) };
  }
  return simple(value, d.type, opts, path);
}

function simple(value: unknown, type: DataTypeName, opts: FromJsonOptions, path: string): DlmsData {
  switch (type) {
    case 'null-data':
      if (value !== null && value !== undefined) fail(path, `null-data takes null, got ${show(value)}`);
      return { type };
    case 'dont-care':
      return { type };
    case 'array':
    case 'structure': {
      const items = listOf(value, type, path);
      return { type, value: items.map((x, i) => untypedElement(x, `${path}[${i}]`)) };
    }
    case 'compact-array':
      return fail(path, 'a compact-array needs its type description: pass a TypeDescription or the value read before as target');
    case 'boolean':
      if (typeof value === 'boolean') return { type, value };
      if (value === 0 || value === 1) return { type, value: value === 1 };
      if (value === 'true' || value === 'false') return { type, value: value === 'true' };
      return fail(path, `boolean takes true or false, got ${show(value)}`);
    case 'bit-string':
      if (typeof value === 'string' && /^[01]*$/.test(value)) return { type, value };
      if (Array.isArray(value) && value.every((b) => typeof b === 'boolean' || b === 0 || b === 1)) {
        return { type, value: value.map((b) => (b === true || b === 1 ? '1' : '0')).join('') };
      }
      return fail(path, `bit-string takes a text of 0 and 1 (first bit first), got ${show(value)}`);
    case 'visible-string':
      if (typeof value !== 'string') fail(path, `visible-string takes a text, got ${show(value)}`);
      // eslint-disable-next-line no-control-regex
      if (/[^\x00-\xff]/.test(value)) fail(path, `visible-string takes only single-byte (Latin-1) characters; use utf8-string for ${show(value)}`);
      return { type, value };
    case 'utf8-string':
      if (typeof value !== 'string') fail(path, `utf8-string takes a text, got ${show(value)}`);
      return { type, value };
    case 'octet-string':
      return { type, value: octets(value, opts, path) };
    case 'date-time':
      return { type, value: dateTimeOctets(value, path) };
    case 'date':
      return { type, value: dateOctets(value, path) };
    case 'time':
      return { type, value: timeOctets(value, path) };
    case 'long64':
    case 'long64-unsigned':
      return { type, value: int64(value, type, path) };
    case 'float32':
    case 'float64': {
      let n: number;
      if (typeof value === 'number') n = value;
      else if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) n = Number(value);
      else return fail(path, `${type} takes a number, got ${show(value)}`);
      if (type === 'float32' && Number.isFinite(n) && !Number.isFinite(Math.fround(n))) {
        fail(path, `float32 value ${n} is out of range (largest magnitude 3.4028234663852886e38)`);
      }
      return { type, value: n };
    }
    default:
      return { type, value: integer(value, type as IntegerTypeName, path) };
  }
}

function integer(value: unknown, type: IntegerTypeName, path: string): number {
  const [min, max] = INT_RANGE[type]!;
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'bigint') n = Number(value);
  else if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) n = Number(value);
  else return fail(path, `${type} takes an integer ${min}..${max}, got ${show(value)}`, { type });
  if (!Number.isInteger(n)) fail(path, `${type} value ${show(value)} is not an integer`, { type });
  if (n < min || n > max) fail(path, `${type} value ${show(value)} is out of range ${min}..${max}`, { type });
  return n;
}

const INT64_RANGE = {
  long64: [-(2n ** 63n), 2n ** 63n - 1n],
  'long64-unsigned': [0n, 2n ** 64n - 1n],
} as const;

function int64(value: unknown, type: 'long64' | 'long64-unsigned', path: string): bigint {
  const [min, max] = INT64_RANGE[type];
  let v: bigint;
  if (typeof value === 'bigint') v = value;
  else if (typeof value === 'number' && Number.isSafeInteger(value)) v = BigInt(value);
  else if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) v = BigInt(value.trim());
  else if (typeof value === 'number') {
    return fail(path, `${type} value ${value} is not an exact integer: give values beyond 2^53 as decimal text`, { type });
  } else return fail(path, `${type} takes an integer (number, bigint or decimal text), got ${show(value)}`, { type });
  if (v < min || v > max) fail(path, `${type} value ${v} is out of range ${min}..${max}`, { type });
  return v;
}

const HEX_RE = /^(?:0x)?[0-9a-fA-F]*$/;

function octets(value: unknown, opts: FromJsonOptions, path: string): Buffer {
  if (Buffer.isBuffer(value)) return Buffer.from(value);
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (Array.isArray(value) && value.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) return Buffer.from(value as number[]);
  if (opts.dateTime && (value instanceof Date || isDateTimeFields(value))) return dateTimeOctets(value, path);
  if (typeof value === 'string') {
    if (opts.octetString === 'text') return Buffer.from(value, 'latin1');
    if (opts.dateTime && /^\d{4}-\d{2}-\d{2}[T ]/.test(value)) return dateTimeOctets(value, path);
    const clean = value.replace(/[\s:-]/g, '');
    if (HEX_RE.test(clean) && clean.replace(/^0x/, '').length % 2 === 0) return Buffer.from(clean.replace(/^0x/, ''), 'hex');
    return fail(path, `octet-string takes hex (e.g. "0100010800FF"), got ${show(value)}; for text pass {"type": "visible-string", ...} or the text option`);
  }
  return fail(path, `octet-string takes hex text or bytes, got ${show(value)}`);
}

function isDateTimeFields(v: unknown): v is CosemDateTime {
  return typeof v === 'object' && v !== null && 'year' in v && 'hour' in v;
}

function wrapArg<T>(path: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof EncodeError) throw e;
    if (e instanceof DlmsError) fail(path, e.message);
    throw e;
  }
}

function dateTimeOctets(value: unknown, path: string): Buffer {
  return wrapArg(path, () => {
    if (value instanceof Date) return encodeDateTime(dateTimeFromDate(value));
    if (typeof value === 'string') {
      if (/^[0-9a-fA-F]{24}$/.test(value)) return Buffer.from(value, 'hex');
      return encodeDateTime(dateTimeFromIso(value));
    }
    if (isDateTimeFields(value)) return encodeDateTime(value);
    return fail(path, `date-time takes ISO 8601 text (e.g. "2026-11-25T13:15:00+05:30"), a Date or a field object, got ${show(value)}`);
  });
}

function dateOctets(value: unknown, path: string): Buffer {
  return wrapArg(path, () => {
    if (value instanceof Date) return encodeDate(dateTimeFromDate(value)); // the UTC calendar day
    if (typeof value === 'string') {
      if (/^[0-9a-fA-F]{10}$/.test(value)) return Buffer.from(value, 'hex');
      return encodeDate(dateFromIso(value));
    }
    if (typeof value === 'object' && value !== null && 'year' in value) return encodeDate(value as CosemDate);
    return fail(path, `date takes ISO 8601 text (e.g. "2026-11-25") or a field object, got ${show(value)}`);
  });
}

function timeOctets(value: unknown, path: string): Buffer {
  return wrapArg(path, () => {
    if (value instanceof Date) return encodeTime(dateTimeFromDate(value)); // the UTC time of day
    if (typeof value === 'string') {
      if (/^[0-9a-fA-F]{8}$/.test(value)) return Buffer.from(value, 'hex');
      return encodeTime(timeFromIso(value));
    }
    if (typeof value === 'object' && value !== null && 'hour' in value) return encodeTime(value as CosemTime);
    return fail(path, `time takes text such as "13:15:00" or a field object, got ${show(value)}`);
  });
}

