import { InvalidArgumentError } from '../errors';
import { suiteParams } from './suite';

/** Input forms accepted for a key: hex text (spaces, colons, 0x tolerated) or raw bytes. */
export type KeyInput = string | Uint8Array;

/**
 * Parse and check a symmetric key (encryption, broadcast, authentication, dedicated, KEK).
 * The error names the key and the expected length, never the value.
 */
export function parseKey(input: KeyInput | undefined, name: string, suite: number = 0): Buffer {
  const { keyLength } = suiteParams(suite);
  if (input === undefined || input === null || (typeof input === 'string' && input.trim() === '')) {
    throw new InvalidArgumentError(`the ${name} is missing: give ${keyLength} octets as ${keyLength * 2} hex digits (security suite ${suite})`, { key: name, securitySuite: suite }, 'invalid-key');
  }
  let bytes: Buffer;
  if (typeof input === 'string') {
    const clean = input.replace(/^0x/i, '').replace(/[\s:-]/g, '');
    if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) {
      throw new InvalidArgumentError(`the ${name} is not valid hex: give ${keyLength * 2} hex digits (0-9, A-F)`, { key: name, securitySuite: suite }, 'invalid-key');
    }
    bytes = Buffer.from(clean, 'hex');
  } else {
    bytes = Buffer.from(input);
  }
  if (bytes.length !== keyLength) {
    throw new InvalidArgumentError(
      `the ${name} has ${bytes.length} octets; security suite ${suite} needs ${keyLength} octets (${keyLength * 2} hex digits)`,
      { key: name, securitySuite: suite, length: bytes.length, expected: keyLength },
      'invalid-key',
    );
  }
  return bytes;
}

/** Check a key already held as bytes (no copy). */
export function checkKey(key: Uint8Array | undefined, name: string, suite: number): Buffer {
  const { keyLength } = suiteParams(suite);
  if (!key || key.length !== keyLength) {
    const got = key ? `${key.length} octets` : 'no key';
    throw new InvalidArgumentError(`the ${name} is not usable with security suite ${suite}: ${got} given, ${keyLength} octets needed`, { key: name, securitySuite: suite, expected: keyLength }, 'invalid-key');
  }
  return Buffer.isBuffer(key) ? key : Buffer.from(key.buffer, key.byteOffset, key.byteLength);
}

/** A system title is 8 octets (Green Book 4.3.4): 3 manufacturer octets + 5 for the device. */
export function parseSystemTitle(input: KeyInput, name = 'system title'): Buffer {
  let bytes: Buffer;
  if (typeof input === 'string') {
    const clean = input.replace(/^0x/i, '').replace(/[\s:-]/g, '');
    if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) {
      throw new InvalidArgumentError(`the ${name} is not valid hex: give 16 hex digits (8 octets)`, { field: name });
    }
    bytes = Buffer.from(clean, 'hex');
  } else {
    bytes = Buffer.from(input);
  }
  if (bytes.length !== 8) throw new InvalidArgumentError(`the ${name} has ${bytes.length} octets; 8 octets (16 hex digits) are needed`, { field: name, length: bytes.length });
  return bytes;
}
