import type { DlmsData, TypeDescription } from './data';
import { isDataTypeName } from './data-types';
import { decodeDate, decodeDateTime, decodeTime } from './cosem-datetime';
import { fromHex, toHex } from './hex';
import { EncodeError } from '../errors';

/**
 * The typed JSON form of a Data tree: `{type, value}` nodes with the Blue Book type names. It is
 * loss-free (it converts back to the same bytes) and is the form of `dlms decode`, of the shared
 * vectors, and of values that users give with an explicit type:
 * - 64-bit integers: decimal strings; octet-strings: upper-case hex;
 * - bit-string: a string of '0'/'1'; float32/float64: the number plus `raw` (content hex);
 * - date-time/date/time: `value` is the content hex, `fields` the decoded fields (output only).
 */
export type TypedJson = { type: string; value?: unknown; [k: string]: unknown };

export function toTypedJson(d: DlmsData): TypedJson {
  switch (d.type) {
    case 'null-data':
    case 'dont-care':
      return { type: d.type };
    case 'array':
    case 'structure':
      return { type: d.type, value: d.value.map(toTypedJson) };
    case 'compact-array':
      return { type: d.type, description: d.description, value: d.value.map(toTypedJson) };
    case 'long64':
    case 'long64-unsigned':
      return { type: d.type, value: d.value.toString() };
    case 'octet-string':
      return { type: d.type, value: toHex(d.value) };
    case 'float32': {
      const raw = Buffer.alloc(4);
      raw.writeFloatBE(d.value);
      return { type: d.type, value: d.value, raw: toHex(raw) };
    }
    case 'float64': {
      const raw = Buffer.alloc(8);
      raw.writeDoubleBE(d.value);
      return { type: d.type, value: d.value, raw: toHex(raw) };
    }
    case 'date-time':
      return { type: d.type, value: toHex(d.value), fields: decodeDateTime(d.value) };
    case 'date':
      return { type: d.type, value: toHex(d.value), fields: decodeDate(d.value) };
    case 'time':
      return { type: d.type, value: toHex(d.value), fields: decodeTime(d.value) };
    default:
      return { type: d.type, value: d.value };
  }
}

export function fromTypedJson(j: TypedJson): DlmsData {
  if (!j || typeof j !== 'object' || typeof j.type !== 'string' || !isDataTypeName(j.type)) {
    throw new EncodeError(`not a typed value: expected {"type": "<Blue Book type name>", "value": ...}, got ${JSON.stringify(j)}`);
  }
  const v = j.value;
  switch (j.type) {
    case 'null-data':
    case 'dont-care':
      return { type: j.type };
    case 'array':
    case 'structure':
      if (!Array.isArray(v)) throw new EncodeError(`${j.type} value must be an array`);
      return { type: j.type, value: v.map((x) => fromTypedJson(x as TypedJson)) };
    case 'compact-array':
      if (!Array.isArray(v)) throw new EncodeError('compact-array value must be an array');
      return { type: j.type, description: checkDescription(j.description, 0), value: v.map((x) => fromTypedJson(x as TypedJson)) };
    case 'long64':
    case 'long64-unsigned':
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'bigint') throw new EncodeError(`${j.type} value must be a decimal string or number`);
      try {
        return { type: j.type, value: BigInt(v) };
      } catch {
        throw new EncodeError(`${j.type} value "${String(v)}" is not an integer`);
      }
    case 'octet-string':
    case 'date-time':
    case 'date':
    case 'time':
      if (typeof v !== 'string') throw new EncodeError(`${j.type} value must be hex`);
      return { type: j.type, value: fromHex(v, `${j.type} value`) };
    case 'boolean':
      if (typeof v !== 'boolean') throw new EncodeError('boolean value must be true or false');
      return { type: j.type, value: v };
    case 'bit-string':
    case 'visible-string':
    case 'utf8-string':
      if (typeof v !== 'string') throw new EncodeError(`${j.type} value must be a string`);
      return { type: j.type, value: v };
    case 'float32':
    case 'float64':
      if (typeof j.raw === 'string') {
        const raw = fromHex(j.raw);
        return { type: j.type, value: j.type === 'float32' ? raw.readFloatBE(0) : raw.readDoubleBE(0) };
      }
      if (typeof v !== 'number') throw new EncodeError(`${j.type} value must be a number`);
      return { type: j.type, value: v };
    default:
      if (typeof v !== 'number') throw new EncodeError(`${j.type} value must be a number`);
      return { type: j.type, value: v };
  }
}

/** A compact-array contents-description from JSON, checked so that the encoder never meets a bad one. */
function checkDescription(d: unknown, depth: number): TypeDescription {
  const o = d as { type?: unknown; count?: unknown; element?: unknown; elements?: unknown } | null;
  if (depth > 64 || !o || typeof o !== 'object' || typeof o.type !== 'string' || !isDataTypeName(o.type) || o.type === 'compact-array') {
    throw new EncodeError(`invalid compact-array description ${JSON.stringify(d)}: expected {"type": "<simple type>"}, {"type": "array", "count": n, "element": ...} or {"type": "structure", "elements": [...]}`);
  }
  if (o.type === 'array') {
    if (typeof o.count !== 'number' || !Number.isInteger(o.count) || o.count < 0 || o.count > 0xffff) {
      throw new EncodeError(`compact-array description count ${JSON.stringify(o.count)} must be an integer 0..65535`);
    }
    return { type: 'array', count: o.count, element: checkDescription(o.element, depth + 1) };
  }
  if (o.type === 'structure') {
    if (!Array.isArray(o.elements)) throw new EncodeError('compact-array structure description needs "elements": [...]');
    return { type: 'structure', elements: o.elements.map((e) => checkDescription(e, depth + 1)) };
  }
  return { type: o.type } as TypeDescription;
}
