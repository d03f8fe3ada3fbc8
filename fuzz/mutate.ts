/**
 * Mutation engine of the fuzz harness: a small seeded PRNG (reproducible runs) and byte-level
 * mutators (bit flips, interesting values, byte insert/delete, length-field mutation, splicing,
 * chunk duplication, truncation). Pure functions of (seed input, rng): no I/O.
 */

export type Rng = () => number;

/** mulberry32: fast, 32-bit state, good enough for fuzzing; returns [0, 1). */
export function makeRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[randInt(rng, xs.length)];
}

/** Octets that mean something to a DLMS decoder: A-XDR length forms, HDLC flag/format, tags. */
const INTERESTING = [0x00, 0x01, 0x02, 0x7e, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x88, 0xa0, 0xa8, 0xff, 0xfe, 0x09, 0x10, 0x30, 0xc4, 0xdb, 0x0f];

/** Replacement length fields, short and long A-XDR/BER forms, including hostile ones. */
const LENGTHS: readonly number[][] = [
  [0x00], [0x01], [0x7f], [0x80], [0x81, 0xff], [0x81, 0x00], [0x82, 0xff, 0xff], [0x82, 0x00, 0x00], [0x82, 0x7f, 0xff],
  [0x83, 0xff, 0xff, 0xff], [0x84, 0xff, 0xff, 0xff, 0xff], [0x84, 0x7f, 0xff, 0xff, 0xff], [0x84, 0x00, 0x00, 0x00, 0x10],
  [0x88, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], [0x85, 0x01, 0x00, 0x00, 0x00, 0x00], [0xff],
];

const MAX_LEN = 4096;

export type Mutator = (b: Buffer, rng: Rng, pool: readonly Buffer[]) => Buffer;

export const MUTATORS: Record<string, Mutator> = {
  bitflip(b, rng) {
    if (b.length === 0) return Buffer.from([randInt(rng, 256)]);
    const o = Buffer.from(b);
    const flips = 1 + randInt(rng, 4);
    for (let i = 0; i < flips; i++) {
      const p = randInt(rng, o.length);
      o[p] ^= 1 << randInt(rng, 8);
    }
    return o;
  },
  interesting(b, rng) {
    if (b.length === 0) return Buffer.from([pick(rng, INTERESTING)]);
    const o = Buffer.from(b);
    o[randInt(rng, o.length)] = rng() < 0.8 ? pick(rng, INTERESTING) : randInt(rng, 256);
    return o;
  },
  insert(b, rng) {
    const p = randInt(rng, b.length + 1);
    const n = 1 + randInt(rng, rng() < 0.9 ? 4 : 64);
    const ins = Buffer.alloc(n);
    for (let i = 0; i < n; i++) ins[i] = rng() < 0.5 ? pick(rng, INTERESTING) : randInt(rng, 256);
    return Buffer.concat([b.subarray(0, p), ins, b.subarray(p)]);
  },
  delete(b, rng) {
    if (b.length === 0) return b;
    const p = randInt(rng, b.length);
    const n = 1 + randInt(rng, Math.min(8, b.length - p));
    return Buffer.concat([b.subarray(0, p), b.subarray(p + n)]);
  },
  length(b, rng) {
    // Overwrite or insert a length field at a random position (often where a length is).
    const p = randInt(rng, b.length + 1);
    const len = Buffer.from(pick(rng, LENGTHS));
    const replaced = rng() < 0.5 ? Math.min(len.length, b.length - p) : 0;
    return Buffer.concat([b.subarray(0, p), len, b.subarray(p + replaced)]);
  },
  u16(b, rng) {
    // 16-bit big-endian fields (wrapper length, HDLC format/length, counters).
    if (b.length < 2) return b;
    const o = Buffer.from(b);
    const p = randInt(rng, o.length - 1);
    o.writeUInt16BE(pick(rng, [0, 1, 7, 0x7f, 0x80, 0xff, 0x100, 0x7ff, 0x800, 0x7fff, 0x8000, 0xfffe, 0xffff, randInt(rng, 0x10000)]), p);
    return o;
  },
  splice(b, rng, pool) {
    const other = pick(rng, pool);
    const p = randInt(rng, b.length + 1);
    const q = randInt(rng, other.length + 1);
    return Buffer.concat([b.subarray(0, p), other.subarray(q)]);
  },
  duplicate(b, rng) {
    if (b.length === 0) return b;
    const p = randInt(rng, b.length);
    const n = 1 + randInt(rng, Math.min(32, b.length - p));
    const times = 1 + randInt(rng, 8);
    const chunk = b.subarray(p, p + n);
    return Buffer.concat([b.subarray(0, p + n), ...new Array<Buffer>(times).fill(chunk), b.subarray(p + n)]);
  },
  truncate(b, rng) {
    return b.subarray(0, randInt(rng, b.length + 1));
  },
  concat(b, rng, pool) {
    // Several inputs back to back (merged reads, several frames in one chunk).
    return Buffer.concat([b, pick(rng, pool)]);
  },
};

const NAMES = Object.keys(MUTATORS);

/** One fuzz input from the pool: 1..4 stacked mutations, or (rarely) random bytes. */
export function mutate(pool: readonly Buffer[], rng: Rng): Buffer {
  if (rng() < 0.03) {
    const n = randInt(rng, rng() < 0.9 ? 64 : 1024);
    const o = Buffer.alloc(n);
    for (let i = 0; i < n; i++) o[i] = randInt(rng, 256);
    return o;
  }
  let b = pick(rng, pool);
  const rounds = 1 + randInt(rng, 4);
  for (let i = 0; i < rounds; i++) b = MUTATORS[pick(rng, NAMES)](b, rng, pool);
  return b.length > MAX_LEN ? b.subarray(0, MAX_LEN) : b;
}

/** Random chunk boundaries for stream decoders (split reads). */
export function chunks(b: Buffer, rng: Rng): Buffer[] {
  if (b.length < 2 || rng() < 0.5) return [b];
  const out: Buffer[] = [];
  let p = 0;
  while (p < b.length) {
    const n = rng() < 0.2 ? 1 : 1 + randInt(rng, b.length - p);
    out.push(b.subarray(p, p + n));
    p += n;
  }
  return out;
}
