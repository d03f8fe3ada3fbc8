import { CONFORMANCE_BITS, type ConformanceBit } from './enums';
import { InvalidArgumentError } from '../errors';

/**
 * The 24-bit xDLMS conformance block (Green Book 9.4.6.1), held as a number whose bit 23 is
 * conformance bit 0 (the BIT STRING's first bit is the most significant bit of its first octet).
 */
export type Conformance = number;

export function conformanceBits(c: Conformance): ConformanceBit[] {
  const out: ConformanceBit[] = [];
  for (let i = 0; i < 24; i++) if (c & (1 << (23 - i))) out.push(CONFORMANCE_BITS[i]);
  return out;
}

export function conformanceFromBits(bits: readonly (ConformanceBit | string)[]): Conformance {
  let c = 0;
  for (const b of bits) {
    const i = (CONFORMANCE_BITS as readonly string[]).indexOf(b);
    if (i < 0) throw new InvalidArgumentError(`"${b}" is not a conformance bit name (known: ${CONFORMANCE_BITS.join(', ')})`);
    c |= 1 << (23 - i);
  }
  return c >>> 0;
}

export function hasConformance(c: Conformance, bit: ConformanceBit): boolean {
  return (c & (1 << (23 - CONFORMANCE_BITS.indexOf(bit)))) !== 0;
}

/** The 3 octets, upper-case hex (describe form). */
export function conformanceHex(c: Conformance): string {
  return (c & 0xffffff).toString(16).toUpperCase().padStart(6, '0');
}

/** A typical client proposal: LN services with block transfer and selective access. */
export const DEFAULT_LN_CONFORMANCE: Conformance = conformanceFromBits([
  'general-block-transfer',
  'attribute0-supported-with-get',
  'block-transfer-with-get-or-read',
  'block-transfer-with-set-or-write',
  'block-transfer-with-action',
  'multiple-references',
  'get',
  'set',
  'selective-access',
  'event-notification',
  'action',
  'data-notification',
]);
