import { BufferReader } from './buffer-reader';
import { BufferWriter } from './buffer-writer';
import { DataTag, dataTypeName, FIXED_SIZE, INT_RANGE, type DataTypeName } from './data-types';
import type { DlmsData, TypeDescription } from './data';
import { DecodeError, EncodeError } from '../errors';

/** Nesting deeper than this is refused: real COSEM data nests a handful of levels. */
export const MAX_DEPTH = 64;

/**
 * Decode one A-XDR Data item (DLMS UA 1000-2 / IEC 62056-6-2 Data CHOICE) at the reader's position.
 * Octet-strings and date-times are views on the input; copy the input if you keep it past reuse.
 */
/**
 * Meters sometimes send a long-form length where the short form fits (82 00 7B for 123). The
 * node then remembers the number of length octets so that it re-encodes to the same bytes.
 */
function keepLengthForm<T extends DlmsData>(node: T, first: number, n: number): T {
  if (first >= 0x80 && (first & 0x7f) !== minimalLengthOctets(n)) (node as { lengthOctets?: number }).lengthOctets = first & 0x7f;
  return node;
}

function minimalLengthOctets(n: number): number {
  return n < 0x80 ? 0 : n <= 0xff ? 1 : n <= 0xffff ? 2 : n <= 0xffffff ? 3 : 4;
}

export function decodeData(r: BufferReader, depth = 0): DlmsData {
  const at = r.pos;
  return decodeContent(r, r.u8('data type tag'), at, depth);
}

/** The content of a Data item whose tag is already known (also used for compact-array contents). */
function decodeContent(r: BufferReader, tag: number, at: number, depth: number): DlmsData {
  const buf = r.buf;
  switch (tag) {
    case 0: return { type: 'null-data' };
    case 1:
    case 2: {
      if (depth >= MAX_DEPTH) r.fail(`data nested deeper than ${MAX_DEPTH} levels`, at);
      const lp = r.pos;
      const n = r.axdrLength(tag === 1 ? 'array length' : 'structure length');
      // each element takes at least one byte: refuse counts the input cannot hold before allocating
      if (n > r.remaining) r.fail(`${tag === 1 ? 'array' : 'structure'} claims ${n} elements but only ${r.remaining} byte(s) follow`, at, 'truncated');
      const items: DlmsData[] = new Array(n);
      for (let i = 0; i < n; i++) items[i] = decodeData(r, depth + 1);
      const node: DlmsData = tag === 1 ? { type: 'array', value: items } : { type: 'structure', value: items };
      return keepLengthForm(node, r.buf[lp], n);
    }
    case 3: return { type: 'boolean', value: r.u8('boolean') !== 0 };
    case 4: return { type: 'bit-string', value: readBits(r, r.axdrLength('bit-string length')) };
    case 5: {
      if (r.pos + 4 > r.end) r.need(4, 'double-long');
      const v = buf.readInt32BE(r.pos); r.pos += 4;
      return { type: 'double-long', value: v };
    }
    case 6: {
      if (r.pos + 4 > r.end) r.need(4, 'double-long-unsigned');
      const v = buf.readUInt32BE(r.pos); r.pos += 4;
      return { type: 'double-long-unsigned', value: v };
    }
    case 9: {
      const first = r.buf[r.pos];
      const n = r.axdrLength('octet-string length');
      return keepLengthForm({ type: 'octet-string', value: r.bytes(n, 'octet-string') }, first, n);
    }
    case 10: {
      const n = r.axdrLength('visible-string length');
      return { type: 'visible-string', value: r.bytes(n, 'visible-string').toString('latin1') };
    }
    case 12: {
      const n = r.axdrLength('utf8-string length');
      return { type: 'utf8-string', value: r.bytes(n, 'utf8-string').toString('utf8') };
    }
    case 13: return { type: 'bcd', value: r.i8('bcd') };
    case 15: return { type: 'integer', value: r.i8('integer') };
    case 16: return { type: 'long', value: r.i16('long') };
    case 17: return { type: 'unsigned', value: r.u8('unsigned') };
    case 18: return { type: 'long-unsigned', value: r.u16('long-unsigned') };
    case 19: return decodeCompactArray(r, at, depth);
    case 20: return { type: 'long64', value: r.i64('long64') };
    case 21: return { type: 'long64-unsigned', value: r.u64('long64-unsigned') };
    case 22: return { type: 'enum', value: r.u8('enum') };
    case 23: return { type: 'float32', value: r.f32('float32') };
    case 24: return { type: 'float64', value: r.f64('float64') };
    case 25: return { type: 'date-time', value: r.bytes(12, 'date-time') };
    case 26: return { type: 'date', value: r.bytes(5, 'date') };
    case 27: return { type: 'time', value: r.bytes(4, 'time') };
    case 28: return { type: 'delta-integer', value: r.i8('delta-integer') };
    case 29: return { type: 'delta-long', value: r.i16('delta-long') };
    case 30: return { type: 'delta-double-long', value: r.i32('delta-double-long') };
    case 31: return { type: 'delta-unsigned', value: r.u8('delta-unsigned') };
    case 32: return { type: 'delta-long-unsigned', value: r.u16('delta-long-unsigned') };
    case 33: return { type: 'delta-double-long-unsigned', value: r.u32('delta-double-long-unsigned') };
    case 255: return { type: 'dont-care' };
    default:
      throw new DecodeError(`unknown data type tag 0x${tag.toString(16).padStart(2, '0').toUpperCase()}`, at, {}, 'malformed-data');
  }
}

function readBits(r: BufferReader, bitCount: number): string {
  const bytes = r.bytes(Math.ceil(bitCount / 8), 'bit-string');
  let s = '';
  for (let i = 0; i < bitCount; i++) s += (bytes[i >> 3] >> (7 - (i & 7))) & 1 ? '1' : '0';
  return s;
}

/** Decode a whole buffer that holds exactly one Data item; trailing bytes are an error. */
export function decodeDataFrom(bytes: Uint8Array): DlmsData {
  const r = new BufferReader(bytes);
  const d = decodeData(r);
  if (!r.atEnd()) r.fail(`${r.remaining} unexpected byte(s) after the data item`);
  return d;
}

// ---------------------------------------------------------------------------------------------
// compact-array: a TypeDescription, then the contents as one length-prefixed block of untagged
// elements (DLMS UA 1000-2 clause 9.5 "compact-array").

function decodeTypeDescription(r: BufferReader, depth: number): TypeDescription {
  const at = r.pos;
  if (depth >= MAX_DEPTH) r.fail(`type description nested deeper than ${MAX_DEPTH} levels`, at);
  const tag = r.u8('type description tag');
  if (tag === 1) {
    const count = r.u16('array description element count');
    const element = decodeTypeDescription(r, depth + 1);
    // Elements of size zero (null-data, empty structures) would let a few bytes ask for 65535^n
    // iterations; they carry nothing, so refuse them instead of looping.
    if (count > 0 && minSize(element) === 0) r.fail('compact-array description repeats an element of size zero', at);
    return { type: 'array', count, element };
  }
  if (tag === 2) {
    const n = r.axdrLength('structure description length');
    if (n > r.remaining) r.fail(`structure description claims ${n} elements but only ${r.remaining} byte(s) follow`, at, 'truncated');
    const elements: TypeDescription[] = [];
    for (let i = 0; i < n; i++) elements.push(decodeTypeDescription(r, depth + 1));
    return { type: 'structure', elements };
  }
  const name = dataTypeName(tag);
  if (!name || name === 'compact-array') r.fail(`invalid type 0x${tag.toString(16)} in a compact-array description`, at);
  return { type: name } as TypeDescription;
}

function decodeCompactArray(r: BufferReader, at: number, depth: number): DlmsData {
  if (depth >= MAX_DEPTH) r.fail(`data nested deeper than ${MAX_DEPTH} levels`, at);
  const description = decodeTypeDescription(r, depth);
  const len = r.axdrLength('compact-array contents length');
  r.need(len, 'compact-array contents');
  const end = r.pos + len;
  const sub = new BufferReader(r.buf, r.pos, end);
  const value: DlmsData[] = [];
  while (!sub.atEnd()) {
    const before = sub.pos;
    value.push(decodeUntagged(sub, description, depth + 1));
    if (sub.pos === before) {
      // zero-size elements (null-data) cannot fill a non-empty block
      sub.fail('compact-array element of zero size cannot fill its contents');
    }
  }
  r.pos = end;
  return { type: 'compact-array', description, value };
}

function decodeUntagged(r: BufferReader, d: TypeDescription, depth: number): DlmsData {
  if (depth >= MAX_DEPTH) r.fail(`data nested deeper than ${MAX_DEPTH} levels`);
  if (d.type === 'array') {
    // every element takes at least one byte (decodeTypeDescription refuses zero-size ones)
    if (d.count > r.remaining) r.fail(`array description claims ${d.count} elements but only ${r.remaining} byte(s) follow`, r.pos, 'truncated');
    const items: DlmsData[] = [];
    for (let i = 0; i < d.count; i++) items.push(decodeUntagged(r, d.element, depth + 1));
    return { type: 'array', value: items };
  }
  if (d.type === 'structure') {
    return { type: 'structure', value: d.elements.map((e) => decodeUntagged(r, e, depth + 1)) };
  }
  // A simple type: its content is encoded exactly as in a tagged Data item.
  return decodeContent(r, DataTag[d.type], r.pos, depth);
}

/** The fewest content octets an element of this description can take (variable types: their length octet). */
function minSize(d: TypeDescription): number {
  if (d.type === 'array') return d.count * minSize(d.element);
  if (d.type === 'structure') {
    let n = 0;
    for (const e of d.elements) n += minSize(e);
    return n;
  }
  return FIXED_SIZE[d.type] ?? 1;
}

// ---------------------------------------------------------------------------------------------
// Encoding

export function encodeData(w: BufferWriter, d: DlmsData): BufferWriter {
  const tag = DataTag[d.type];
  if (tag === undefined) throw new EncodeError(`unknown data type "${(d as { type: unknown }).type}"`);
  w.u8(tag);
  encodeContent(w, d, true);
  return w;
}

export function encodeDataToBuffer(d: DlmsData): Buffer {
  return encodeData(new BufferWriter(64), d).toBuffer();
}

function checkInt(type: DataTypeName, v: number): void {
  const range = INT_RANGE[type];
  if (typeof v !== 'number' || !Number.isInteger(v) || (range && (v < range[0] || v > range[1]))) {
    throw new EncodeError(`${type} value ${String(v)} is out of range${range ? ` ${range[0]}..${range[1]}` : ''}`, { type });
  }
}

/** Content without the tag; `withCounts` is false inside compact-array contents for arrays/structures. */
function encodeContent(w: BufferWriter, d: DlmsData, withCounts: boolean): void {
  switch (d.type) {
    case 'null-data':
    case 'dont-care':
      return;
    case 'array':
    case 'structure':
      if (withCounts) w.axdrLength(d.value.length, d.lengthOctets);
      for (const item of d.value) {
        if (withCounts) encodeData(w, item);
        else encodeContent(w, item, false);
      }
      return;
    case 'boolean':
      w.u8(d.value ? 1 : 0);
      return;
    case 'bit-string': {
      const bits = d.value;
      if (!/^[01]*$/.test(bits)) throw new EncodeError('bit-string value must be a string of 0 and 1');
      w.axdrLength(bits.length);
      const out = Buffer.alloc(Math.ceil(bits.length / 8));
      for (let i = 0; i < bits.length; i++) if (bits.charCodeAt(i) === 49) out[i >> 3] |= 0x80 >> (i & 7);
      w.bytes(out);
      return;
    }
    case 'double-long':
    case 'delta-double-long':
      checkInt(d.type, d.value);
      w.i32(d.value);
      return;
    case 'double-long-unsigned':
    case 'delta-double-long-unsigned':
      checkInt(d.type, d.value);
      w.u32(d.value);
      return;
    case 'octet-string':
      w.axdrLength(d.value.length, d.lengthOctets);
      w.bytes(d.value);
      return;
    case 'visible-string': {
      const b = Buffer.from(d.value, 'latin1');
      w.axdrLength(b.length);
      w.bytes(b);
      return;
    }
    case 'utf8-string': {
      const b = Buffer.from(d.value, 'utf8');
      w.axdrLength(b.length);
      w.bytes(b);
      return;
    }
    case 'bcd':
    case 'integer':
    case 'delta-integer':
      checkInt(d.type, d.value);
      w.u8(d.value & 0xff);
      return;
    case 'unsigned':
    case 'enum':
    case 'delta-unsigned':
      checkInt(d.type, d.value);
      w.u8(d.value);
      return;
    case 'long':
    case 'delta-long':
      checkInt(d.type, d.value);
      w.i16(d.value);
      return;
    case 'long-unsigned':
    case 'delta-long-unsigned':
      checkInt(d.type, d.value);
      w.u16(d.value);
      return;
    case 'long64':
      if (typeof d.value !== 'bigint' || d.value < -(2n ** 63n) || d.value >= 2n ** 63n) throw new EncodeError(`long64 value ${String(d.value)} is out of range`);
      w.i64(d.value);
      return;
    case 'long64-unsigned':
      if (typeof d.value !== 'bigint' || d.value < 0n || d.value >= 2n ** 64n) throw new EncodeError(`long64-unsigned value ${String(d.value)} is out of range`);
      w.u64(d.value);
      return;
    case 'float32':
      if (typeof d.value !== 'number') throw new EncodeError(`float32 value ${String((d as { value: unknown }).value)} is not a number`);
      // writeFloatBE would silently turn 1e39 into Infinity
      if (Number.isFinite(d.value) && !Number.isFinite(Math.fround(d.value))) throw new EncodeError(`float32 value ${d.value} is out of range (largest magnitude 3.4028234663852886e38)`);
      w.f32(d.value);
      return;
    case 'float64':
      if (typeof d.value !== 'number') throw new EncodeError(`float64 value ${String((d as { value: unknown }).value)} is not a number`);
      w.f64(d.value);
      return;
    case 'date-time':
    case 'date':
    case 'time': {
      const size = FIXED_SIZE[d.type]!;
      if (d.value.length !== size) throw new EncodeError(`${d.type} must be ${size} octets, got ${d.value.length}`);
      w.bytes(d.value);
      return;
    }
    case 'compact-array': {
      encodeTypeDescription(w, d.description);
      const inner = new BufferWriter(64);
      for (const item of d.value) {
        checkMatches(item, d.description);
        encodeContent(inner, item, false);
      }
      const contents = inner.toBuffer();
      w.axdrLength(contents.length);
      w.bytes(contents);
      return;
    }
  }
}

function encodeTypeDescription(w: BufferWriter, d: TypeDescription): void {
  const tag: number | undefined = DataTag[d.type];
  if (tag === undefined || tag === DataTag['compact-array']) throw new EncodeError(`invalid type "${String(d.type)}" in a compact-array description`);
  w.u8(tag);
  if (d.type === 'array') {
    if (!Number.isInteger(d.count) || d.count < 0 || d.count > 0xffff) throw new EncodeError(`compact-array description count ${String(d.count)} is out of range 0..65535`);
    w.u16(d.count);
    encodeTypeDescription(w, d.element);
  } else if (d.type === 'structure') {
    w.axdrLength(d.elements.length);
    for (const e of d.elements) encodeTypeDescription(w, e);
  }
}

function checkMatches(item: DlmsData, d: TypeDescription): void {
  if (item.type !== d.type) throw new EncodeError(`compact-array element of type ${item.type} does not match its description (${d.type})`);
  if (d.type === 'array') {
    const arr = item as { value: DlmsData[] };
    if (arr.value.length !== d.count) throw new EncodeError(`compact-array element holds ${arr.value.length} items, its description says ${d.count}`);
    for (const x of arr.value) checkMatches(x, d.element);
  } else if (d.type === 'structure') {
    const st = item as { value: DlmsData[] };
    if (st.value.length !== d.elements.length) throw new EncodeError(`compact-array structure holds ${st.value.length} items, its description says ${d.elements.length}`);
    st.value.forEach((x, i) => checkMatches(x, d.elements[i]));
  }
}
