import { DecodeError } from '../errors';

/**
 * Sequential reader over untrusted bytes. Every read checks the remaining length first, so a
 * decoder built on it can never read past the input, and a length field can never make it
 * allocate more than the bytes that are actually present (slices share the input's memory).
 */
export class BufferReader {
  readonly buf: Buffer;
  pos: number;
  readonly end: number;

  constructor(buf: Uint8Array, start = 0, end = buf.length) {
    this.buf = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    this.pos = start;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  /** Throws a DecodeError naming what was being read when fewer than `n` bytes are left. */
  need(n: number, what: string): void {
    if (n < 0 || this.pos + n > this.end) {
      throw new DecodeError(`truncated input: ${what} needs ${n} byte(s), ${this.end - this.pos} left`, this.pos, {}, 'truncated');
    }
  }

  u8(what = 'byte'): number {
    if (this.pos >= this.end) this.need(1, what);
    return this.buf[this.pos++];
  }

  i8(what = 'byte'): number {
    const v = this.u8(what);
    return v > 127 ? v - 256 : v;
  }

  u16(what = 'uint16'): number {
    this.need(2, what);
    const b = this.buf;
    const v = (b[this.pos] << 8) | b[this.pos + 1];
    this.pos += 2;
    return v;
  }

  i16(what = 'int16'): number {
    const v = this.u16(what);
    return v > 0x7fff ? v - 0x10000 : v;
  }

  u32(what = 'uint32'): number {
    this.need(4, what);
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  i32(what = 'int32'): number {
    this.need(4, what);
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  u64(what = 'uint64'): bigint {
    this.need(8, what);
    const v = this.buf.readBigUInt64BE(this.pos);
    this.pos += 8;
    return v;
  }

  i64(what = 'int64'): bigint {
    this.need(8, what);
    const v = this.buf.readBigInt64BE(this.pos);
    this.pos += 8;
    return v;
  }

  f32(what = 'float32'): number {
    this.need(4, what);
    const v = this.buf.readFloatBE(this.pos);
    this.pos += 4;
    return v;
  }

  f64(what = 'float64'): number {
    this.need(8, what);
    const v = this.buf.readDoubleBE(this.pos);
    this.pos += 8;
    return v;
  }

  /** A view of the next `n` bytes (no copy). */
  bytes(n: number, what = 'octets'): Buffer {
    this.need(n, what);
    const s = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return s;
  }

  /** A copy of the next `n` bytes, for values kept beyond the life of the input buffer. */
  copy(n: number, what = 'octets'): Buffer {
    return Buffer.from(this.bytes(n, what));
  }

  rest(): Buffer {
    return this.bytes(this.end - this.pos, 'rest');
  }

  peek(): number {
    if (this.pos >= this.end) this.need(1, 'byte');
    return this.buf[this.pos];
  }

  /**
   * A-XDR length: one byte below 0x80, else 0x8N followed by N big-endian bytes (N = 1..4).
   * The length is checked against the bytes left only by the caller that knows the unit size.
   */
  axdrLength(what = 'length'): number {
    const first = this.u8(what);
    if (first < 0x80) return first;
    const n = first & 0x7f;
    if (n === 0 || n > 4) {
      throw new DecodeError(`invalid ${what}: length-of-length ${n} (allowed 1 to 4)`, this.pos - 1);
    }
    this.need(n, what);
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 256 + this.buf[this.pos++];
    return v;
  }

  fail(message: string, at = this.pos, code?: string): never {
    throw new DecodeError(message, at, {}, code);
  }
}
