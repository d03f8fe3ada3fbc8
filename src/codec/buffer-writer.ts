import { EncodeError } from '../errors';

/** Growable big-endian byte writer; `toBuffer()` returns a copy of exactly the bytes written. */
export class BufferWriter {
  private buf: Buffer;
  private pos = 0;

  constructor(initialSize = 256) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  get length(): number {
    return this.pos;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  u8(v: number): this {
    this.ensure(1);
    this.buf[this.pos++] = v & 0xff;
    return this;
  }

  u16(v: number): this {
    this.ensure(2);
    this.buf.writeUInt16BE(v & 0xffff, this.pos);
    this.pos += 2;
    return this;
  }

  i16(v: number): this {
    this.ensure(2);
    this.buf.writeInt16BE(v, this.pos);
    this.pos += 2;
    return this;
  }

  u32(v: number): this {
    this.ensure(4);
    this.buf.writeUInt32BE(v >>> 0, this.pos);
    this.pos += 4;
    return this;
  }

  i32(v: number): this {
    this.ensure(4);
    this.buf.writeInt32BE(v | 0, this.pos);
    this.pos += 4;
    return this;
  }

  u64(v: bigint): this {
    this.ensure(8);
    this.buf.writeBigUInt64BE(v, this.pos);
    this.pos += 8;
    return this;
  }

  i64(v: bigint): this {
    this.ensure(8);
    this.buf.writeBigInt64BE(v, this.pos);
    this.pos += 8;
    return this;
  }

  f32(v: number): this {
    this.ensure(4);
    this.buf.writeFloatBE(v, this.pos);
    this.pos += 4;
    return this;
  }

  f64(v: number): this {
    this.ensure(8);
    this.buf.writeDoubleBE(v, this.pos);
    this.pos += 8;
    return this;
  }

  bytes(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
    return this;
  }

  /**
   * A-XDR length in the shortest form (one byte below 0x80, else 0x81..0x84 with 1..4 bytes),
   * or with exactly `octets` length octets when a decoded value asks to keep its long form.
   */
  axdrLength(n: number, octets?: number): this {
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new EncodeError(`length ${n} cannot be encoded`);
    if (octets !== undefined && octets >= 1 && octets <= 4 && n < 2 ** (8 * octets)) {
      this.u8(0x80 | octets);
      for (let i = octets - 1; i >= 0; i--) this.u8(Math.floor(n / 2 ** (8 * i)) & 0xff);
      return this;
    }
    if (n < 0x80) return this.u8(n);
    if (n <= 0xff) return this.u8(0x81).u8(n);
    if (n <= 0xffff) return this.u8(0x82).u16(n);
    if (n <= 0xffffff) return this.u8(0x83).u8(n >>> 16).u16(n & 0xffff);
    return this.u8(0x84).u32(n);
  }

  toBuffer(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }
}
