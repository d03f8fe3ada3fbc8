import { createCipheriv, createDecipheriv } from 'node:crypto';
import { DlmsError } from '../errors';
import { AUTH_TAG_LENGTH } from '../apdu/ciphered';

/**
 * AES-GCM as DLMS uses it (Green Book 9.2.3.4.6 / NIST SP 800-38D): a 96-bit IV
 * (system title || invocation counter), a 12-octet tag. Cipher objects are created directly
 * for each call (no key schedule cache needed: OpenSSL's setup is cheap next to a round trip).
 */

export function gcmIv(systemTitle: Uint8Array, invocationCounter: number): Buffer {
  if (systemTitle.length !== 8) {
    throw new DlmsError('invalid-system-title', `the system title that forms the IV has ${systemTitle.length} octets; 8 are needed (check the peer's system title)`);
  }
  const iv = Buffer.allocUnsafe(12);
  iv.set(systemTitle, 0);
  iv.writeUInt32BE(invocationCounter >>> 0, 8);
  return iv;
}

type GcmAlg = 'aes-128-gcm' | 'aes-256-gcm';
type CtrAlg = 'aes-128-ctr' | 'aes-256-ctr';

/** Authenticated encryption: returns ciphertext || tag(12). */
export function gcmEncrypt(alg: GcmAlg, key: Buffer, iv: Buffer, aad: Buffer, plaintext: Uint8Array): Buffer {
  const c = createCipheriv(alg, key, iv, { authTagLength: AUTH_TAG_LENGTH });
  c.setAAD(aad);
  const head = c.update(plaintext);
  const tail = c.final();
  return Buffer.concat([head, tail, c.getAuthTag()]);
}

/** Authenticated decryption; null when the tag does not match (the caller words the error). */
export function gcmDecrypt(alg: GcmAlg, key: Buffer, iv: Buffer, aad: Buffer, ciphertext: Uint8Array, tag: Uint8Array): Buffer | null {
  const d = createDecipheriv(alg, key, iv, { authTagLength: AUTH_TAG_LENGTH });
  d.setAAD(aad);
  d.setAuthTag(tag);
  const head = d.update(ciphertext);
  try {
    const tail = d.final();
    return tail.length ? Buffer.concat([head, tail]) : head;
  } catch {
    return null;
  }
}

/** GMAC: the GCM tag over an empty plaintext, all data in the AAD (authentication only). */
export function gmac(alg: GcmAlg, key: Buffer, iv: Buffer, aad: Buffer): Buffer {
  const c = createCipheriv(alg, key, iv, { authTagLength: AUTH_TAG_LENGTH });
  c.setAAD(aad);
  c.final();
  return c.getAuthTag();
}

/**
 * Encryption only (SC bit 5 without bit 4): GCM's confidentiality part with no tag. GCM encrypts
 * with AES-CTR whose first counter block is J0 + 1 = IV || 00000002 (J0 = IV || 00000001 is kept
 * for the tag). node:crypto's GCM refuses to release plaintext without a tag check on
 * decryption, so we run AES-CTR from J0 + 1 directly: the bytes are identical to GCM's.
 * The same function encrypts and decrypts.
 */
export function gcmKeystream(alg: CtrAlg, key: Buffer, iv: Buffer, data: Uint8Array): Buffer {
  const counter = Buffer.allocUnsafe(16);
  iv.copy(counter, 0, 0, 12);
  counter.writeUInt32BE(2, 12);
  const c = createCipheriv(alg, key, counter);
  const head = c.update(data);
  const tail = c.final();
  return tail.length ? Buffer.concat([head, tail]) : head;
}
