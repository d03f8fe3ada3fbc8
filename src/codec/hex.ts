import { InvalidArgumentError } from '../errors';

/** Upper-case hex without separators, the form used in JSON output and the vectors. */
export function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex').toUpperCase();
}

/** Parse hex, tolerating spaces, colons, dashes and a 0x prefix (as pasted from a sniffer log). */
export function fromHex(s: string, what = 'hex string'): Buffer {
  const clean = s.replace(/^0x/i, '').replace(/[\s:-]/g, '');
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) {
    throw new InvalidArgumentError(`${what} is not valid hex (even number of 0-9/A-F digits expected)`);
  }
  return Buffer.from(clean, 'hex');
}
