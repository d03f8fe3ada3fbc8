import { createECDH, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, KeyObject, sign, verify } from 'node:crypto';
import { InvalidArgumentError } from '../errors';
import { eccSuite } from './suite';

/**
 * Elliptic-curve helpers for suites 1 (P-256/SHA-256) and 2 (P-384/SHA-384), node:crypto only.
 * DLMS carries public keys as X || Y and signatures as r || s (Green Book 9.2.3.4.7), both
 * fixed-size big-endian: "ieee-p1363" in node's terms.
 */

/** A key given as a KeyObject, PEM text, or raw hex/bytes (public: X||Y or 04||X||Y; private: the scalar). */
export type EcKeyInput = KeyObject | string | Uint8Array;

const b64url = (b: Buffer): string => b.toString('base64url');

function rawBytes(input: string | Uint8Array, what: string): Buffer {
  if (typeof input !== 'string') return Buffer.from(input);
  const clean = input.replace(/^0x/i, '').replace(/[\s:-]/g, '');
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) {
    throw new InvalidArgumentError(`the ${what} is neither PEM nor hex`, { key: what }, 'invalid-key');
  }
  return Buffer.from(clean, 'hex');
}

function checkCurve(key: KeyObject, suite: number, what: string): KeyObject {
  const s = eccSuite(suite, what);
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType !== 'ec' || curve !== s.curve) {
    throw new InvalidArgumentError(`the ${what} is not a ${s.jwkCurve} key as security suite ${suite} needs (got ${key.asymmetricKeyType ?? 'unknown'} ${curve ?? ''})`.trim(), { key: what, securitySuite: suite }, 'invalid-key');
  }
  return key;
}

export function toPublicKey(input: EcKeyInput, suite: number, what = 'public key'): KeyObject {
  const s = eccSuite(suite, what);
  if (input instanceof KeyObject) {
    return checkCurve(input.type === 'private' ? createPublicKey(input) : input, suite, what);
  }
  if (typeof input === 'string' && input.includes('-----BEGIN')) return checkCurve(createPublicKey(input), suite, what);
  let raw = rawBytes(input, what);
  const n = s.fieldLength;
  if (raw.length === 2 * n + 1 && raw[0] === 0x04) raw = raw.subarray(1);
  if (raw.length !== 2 * n) {
    throw new InvalidArgumentError(`the ${what} has ${raw.length} octets; suite ${suite} needs X || Y of ${2 * n} octets`, { key: what, securitySuite: suite }, 'invalid-key');
  }
  try {
    return createPublicKey({ key: { kty: 'EC', crv: s.jwkCurve, x: b64url(raw.subarray(0, n)), y: b64url(raw.subarray(n)) }, format: 'jwk' });
  } catch {
    throw new InvalidArgumentError(`the ${what} is not a point on ${s.jwkCurve}`, { key: what, securitySuite: suite }, 'invalid-key');
  }
}

export function toPrivateKey(input: EcKeyInput, suite: number, what = 'private key'): KeyObject {
  const s = eccSuite(suite, what);
  if (input instanceof KeyObject) {
    if (input.type !== 'private') throw new InvalidArgumentError(`the ${what} must be a private key`, { key: what }, 'invalid-key');
    return checkCurve(input, suite, what);
  }
  if (typeof input === 'string' && input.includes('-----BEGIN')) return checkCurve(createPrivateKey(input), suite, what);
  const d = rawBytes(input, what);
  if (d.length !== s.fieldLength) {
    throw new InvalidArgumentError(`the ${what} has ${d.length} octets; suite ${suite} needs a ${s.fieldLength}-octet scalar`, { key: what, securitySuite: suite }, 'invalid-key');
  }
  try {
    const ecdh = createECDH(s.curve);
    ecdh.setPrivateKey(d);
    const pub = ecdh.getPublicKey();
    const n = s.fieldLength;
    return createPrivateKey({
      key: { kty: 'EC', crv: s.jwkCurve, d: b64url(d), x: b64url(pub.subarray(1, 1 + n)), y: b64url(pub.subarray(1 + n)) },
      format: 'jwk',
    });
  } catch {
    throw new InvalidArgumentError(`the ${what} is not a valid ${s.jwkCurve} private key`, { key: what, securitySuite: suite }, 'invalid-key');
  }
}

/** X || Y of a public (or private) key, as DLMS transmits it. */
export function rawPublicKey(key: KeyObject, suite: number): Buffer {
  const s = eccSuite(suite, 'public key');
  const jwk = (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'jwk' });
  const x = Buffer.from(jwk.x as string, 'base64url');
  const y = Buffer.from(jwk.y as string, 'base64url');
  const out = Buffer.alloc(2 * s.fieldLength);
  x.copy(out, s.fieldLength - x.length);
  y.copy(out, 2 * s.fieldLength - y.length);
  return out;
}

export function generateEcKeyPair(suite: number): { privateKey: KeyObject; publicKey: KeyObject } {
  const s = eccSuite(suite, 'key pair generation');
  return generateKeyPairSync('ec', { namedCurve: s.curve });
}

/** ECDSA with the suite's hash; returns r || s. */
export function ecdsaSign(suite: number, privateKey: KeyObject, data: Uint8Array): Buffer {
  const s = eccSuite(suite, 'ECDSA signing');
  return sign(s.hash, data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
}

export function ecdsaVerify(suite: number, publicKey: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  const s = eccSuite(suite, 'ECDSA verification');
  if (signature.length !== 2 * s.fieldLength) return false;
  return verify(s.hash, data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
}

/** ECC CDH shared secret Z (the x-coordinate), Green Book 9.2.3.4.6.3 / NIST SP 800-56A. */
export function ecdhSharedSecret(privateKey: KeyObject, publicKey: KeyObject): Buffer {
  return diffieHellman({ privateKey, publicKey });
}
