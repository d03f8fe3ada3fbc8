import { BufferReader } from './buffer-reader';
import { BufferWriter } from './buffer-writer';
import { EncodeError } from '../errors';

/**
 * The subset of BER (ITU-T X.690) that ACSE needs (IEC 62056-5-3 clause 8: AARQ, AARE, RLRQ,
 * RLRE are BER-encoded, xDLMS APDUs inside them are A-XDR). Definite lengths only; every read is
 * bounded by the enclosing TLV, so a hostile length can never reach past the input.
 */

export const BER_UNIVERSAL = 0x00;
export const BER_APPLICATION = 0x40;
export const BER_CONTEXT = 0x80;
export const BER_PRIVATE = 0xc0;

export interface BerTag {
  /** One of BER_UNIVERSAL, BER_APPLICATION, BER_CONTEXT, BER_PRIVATE. */
  tagClass: number;
  constructed: boolean;
  number: number;
}

/** Universal tag numbers used by ACSE. */
export const BerUniversal = { integer: 2, bitString: 3, octetString: 4, null: 5, objectIdentifier: 6, graphicString: 25 } as const;

/** A decoded TLV: its tag and a reader confined to its content (absolute offsets kept). */
export interface BerTlv {
  tag: BerTag;
  /** Offset of the first tag octet. */
  at: number;
  content: BufferReader;
}

export function readBerTag(r: BufferReader): BerTag {
  const at = r.pos;
  const first = r.u8('BER tag');
  const tagClass = first & 0xc0;
  const constructed = (first & 0x20) !== 0;
  let number = first & 0x1f;
  if (number === 0x1f) {
    // high-tag-number form: base-128 digits, bit 8 set on all but the last (X.690 8.1.2.4)
    number = 0;
    for (let i = 0; ; i++) {
      if (i === 4) r.fail('BER tag number longer than 4 octets', at);
      const b = r.u8('BER tag number');
      if (i === 0 && b === 0x80) r.fail('BER tag number with a leading zero digit', at);
      number = number * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
  }
  return { tagClass, constructed, number };
}

/** Definite length, short or long form; the length is checked against the octets that follow. */
export function readBerLength(r: BufferReader, what = 'BER length'): number {
  const at = r.pos;
  const first = r.u8(what);
  let len = first;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n === 0) r.fail(`${what}: indefinite length is not allowed in DLMS`, at);
    if (n > 4) r.fail(`${what}: length of length ${n} is too large (at most 4 octets)`, at);
    r.need(n, what);
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + r.u8(what);
  }
  if (len > r.remaining) {
    r.fail(`${what} ${len} exceeds the ${r.remaining} octet(s) present`, at, 'truncated');
  }
  return len;
}

/** Read one TLV; the reader moves past it. */
export function readBerTlv(r: BufferReader, what = 'BER element'): BerTlv {
  const at = r.pos;
  const tag = readBerTag(r);
  const len = readBerLength(r, `${what} length`);
  const content = new BufferReader(r.buf, r.pos, r.pos + len);
  r.pos += len;
  return { tag, at, content };
}

/** Read one TLV and check it has the expected tag. */
export function expectBerTlv(r: BufferReader, tagClass: number, constructed: boolean, number: number, what: string): BerTlv {
  const tlv = readBerTlv(r, what);
  const t = tlv.tag;
  if (t.tagClass !== tagClass || t.constructed !== constructed || t.number !== number) {
    r.fail(`${what}: expected tag ${describeBerTag({ tagClass, constructed, number })}, found ${describeBerTag(t)}`, tlv.at);
  }
  return tlv;
}

export function describeBerTag(t: BerTag): string {
  const cls = t.tagClass === BER_APPLICATION ? 'APPLICATION ' : t.tagClass === BER_CONTEXT ? '' : t.tagClass === BER_PRIVATE ? 'PRIVATE ' : 'UNIVERSAL ';
  return `[${cls}${t.number}]${t.constructed ? ' constructed' : ''}`;
}

/** The remaining content of a TLV as a view on the input. */
export function berContent(tlv: BerTlv): Buffer {
  return tlv.content.rest();
}

// ---------------------------------------------------------------------------------------------
// Primitive contents

/** INTEGER content (two's complement, big-endian), within the safe-integer range. */
export function decodeBerInteger(c: BufferReader, what = 'INTEGER'): number {
  const at = c.pos;
  const n = c.remaining;
  if (n === 0) c.fail(`${what}: empty INTEGER`, at);
  if (n > 6) c.fail(`${what}: INTEGER of ${n} octets is too large`, at);
  const b = c.bytes(n, what);
  let v = b[0] & 0x80 ? -1 : 0; // a negative value starts from all ones
  for (let i = 0; i < n; i++) v = v * 256 + b[i];
  return v;
}

/** Minimal two's-complement INTEGER content (X.690 8.3.2). */
export function encodeBerInteger(v: number): Buffer {
  if (!Number.isSafeInteger(v)) throw new EncodeError(`INTEGER ${v} cannot be encoded`);
  const out: number[] = [];
  let x = v;
  for (;;) {
    const byte = ((x % 256) + 256) % 256;
    out.unshift(byte);
    x = Math.floor(x / 256);
    const signOk = x === 0 ? (byte & 0x80) === 0 : x === -1 ? (byte & 0x80) !== 0 : false;
    if (signOk) break;
  }
  return Buffer.from(out);
}

/** OBJECT IDENTIFIER content to dotted text (X.690 8.19). */
export function decodeOid(c: BufferReader, what = 'OBJECT IDENTIFIER'): string {
  const at = c.pos;
  if (c.remaining === 0) c.fail(`${what}: empty OBJECT IDENTIFIER`, at);
  const arcs: number[] = [];
  while (!c.atEnd()) {
    let v = 0;
    const start = c.pos;
    for (let i = 0; ; i++) {
      const b = c.u8(`${what} sub-identifier`);
      if (i === 0 && b === 0x80) c.fail(`${what}: sub-identifier with a leading zero digit`, start);
      if (i === 7) c.fail(`${what}: sub-identifier too large`, start);
      v = v * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
    if (arcs.length === 0) {
      const first = v < 40 ? 0 : v < 80 ? 1 : 2;
      arcs.push(first, v - first * 40);
    } else {
      arcs.push(v);
    }
  }
  return arcs.join('.');
}

export function encodeOid(oid: string): Buffer {
  const arcs = oid.split('.').map(Number);
  if (arcs.length < 2 || arcs.some((a) => !Number.isSafeInteger(a) || a < 0) || arcs[0] > 2 || (arcs[0] < 2 && arcs[1] > 39)) {
    throw new EncodeError(`"${oid}" is not an object identifier (dotted arcs such as 2.16.756.5.8.1.1)`);
  }
  const out: number[] = [];
  const sub = [arcs[0] * 40 + arcs[1], ...arcs.slice(2)];
  for (const v of sub) {
    const digits: number[] = [];
    let x = v;
    do {
      digits.unshift(x % 128);
      x = Math.floor(x / 128);
    } while (x > 0);
    for (let i = 0; i < digits.length; i++) out.push(digits[i] | (i < digits.length - 1 ? 0x80 : 0));
  }
  return Buffer.from(out);
}

/** BIT STRING content: the unused-bits octet then the bits, first bit in the MSB (X.690 8.6). */
export interface BerBitString {
  unusedBits: number;
  bytes: Buffer;
}

export function decodeBerBitString(c: BufferReader, what = 'BIT STRING'): BerBitString {
  const at = c.pos;
  const unusedBits = c.u8(`${what} unused-bits octet`);
  if (unusedBits > 7 || (unusedBits > 0 && c.remaining === 0)) c.fail(`${what}: invalid unused-bits count ${unusedBits}`, at);
  return { unusedBits, bytes: c.rest() };
}

export function encodeBerBitString(b: BerBitString): Buffer {
  return Buffer.concat([Buffer.from([b.unusedBits]), b.bytes]);
}

// ---------------------------------------------------------------------------------------------
// Writing

export function writeBerTag(w: BufferWriter, tag: BerTag): void {
  const lead = tag.tagClass | (tag.constructed ? 0x20 : 0);
  if (tag.number < 31) {
    w.u8(lead | tag.number);
    return;
  }
  w.u8(lead | 0x1f);
  const digits: number[] = [];
  let x = tag.number;
  do {
    digits.unshift(x % 128);
    x = Math.floor(x / 128);
  } while (x > 0);
  for (let i = 0; i < digits.length; i++) w.u8(digits[i] | (i < digits.length - 1 ? 0x80 : 0));
}

/** Definite length in the shortest form. */
export function writeBerLength(w: BufferWriter, n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new EncodeError(`BER length ${n} cannot be encoded`);
  if (n < 0x80) w.u8(n);
  else if (n <= 0xff) w.u8(0x81).u8(n);
  else if (n <= 0xffff) w.u8(0x82).u16(n);
  else if (n <= 0xffffff) w.u8(0x83).u8(n >>> 16).u16(n & 0xffff);
  else w.u8(0x84).u32(n);
}

export function writeBerTlv(w: BufferWriter, tag: BerTag, content: Uint8Array): void {
  writeBerTag(w, tag);
  writeBerLength(w, content.length);
  w.bytes(content);
}

/** One TLV as a Buffer. */
export function berTlv(tagClass: number, constructed: boolean, number: number, content: Uint8Array): Buffer {
  const w = new BufferWriter(content.length + 8);
  writeBerTlv(w, { tagClass, constructed, number }, content);
  return w.toBuffer();
}
