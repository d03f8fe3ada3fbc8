/**
 * Deterministic noise from (seed, channel, index): a 32-bit integer mix (murmur3 finaliser).
 * Values are a pure function of their inputs, so a simulated meter needs no stored history.
 */
export function hash32(seed: number, channel: number, index: number): number {
  let h = (seed ^ Math.imul(channel + 1, 0x9e3779b1) ^ Math.imul(index | 0, 0x85ebca77) ^ Math.imul(Math.floor(index / 4294967296) | 0, 0xc2b2ae3d)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Uniform in [0, 1). */
export function unit01(seed: number, channel: number, index: number): number {
  return hash32(seed, channel, index) / 4294967296;
}

/** Uniform in [-1, 1). */
export function signed1(seed: number, channel: number, index: number): number {
  return unit01(seed, channel, index) * 2 - 1;
}

/** A continuous value noise in [-1, 1]: linear interpolation of random knots every `step` seconds. */
export function valueNoise(seed: number, channel: number, tSec: number, step: number): number {
  const x = tSec / step;
  const i = Math.floor(x);
  const f = x - i;
  return signed1(seed, channel, i) * (1 - f) + signed1(seed, channel, i + 1) * f;
}

/** A 32-bit seed from any text (serial numbers). */
export function seedFromText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
