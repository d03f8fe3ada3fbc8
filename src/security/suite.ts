import { DlmsError } from '../errors';

/**
 * Security suites (Green Book 9.2.3.7, Table "Security suites"):
 * 0: AES-GCM-128, AES-128 key wrap;
 * 1: AES-GCM-128, ECDH/ECDSA on P-256 with SHA-256, AES-128 key wrap;
 * 2: AES-GCM-256, ECDH/ECDSA on P-384 with SHA-384, AES-256 key wrap.
 * Every suite uses a 12-octet authentication tag.
 */
export type SecuritySuiteId = 0 | 1 | 2;

export interface SuiteParams {
  id: SecuritySuiteId;
  /** node:crypto cipher names. */
  gcm: 'aes-128-gcm' | 'aes-256-gcm';
  ctr: 'aes-128-ctr' | 'aes-256-ctr';
  wrap: 'id-aes128-wrap' | 'id-aes256-wrap';
  /** Symmetric key length in octets. */
  keyLength: 16 | 32;
  /** Curve (OpenSSL name) and hash for suites 1 and 2. */
  curve: 'prime256v1' | 'secp384r1' | null;
  jwkCurve: 'P-256' | 'P-384' | null;
  hash: 'sha256' | 'sha384' | null;
  /** Raw coordinate / scalar size; a public key is X || Y, a signature r || s, both 2 * this. */
  fieldLength: 32 | 48 | 0;
}

export const SUITES: Readonly<Record<SecuritySuiteId, SuiteParams>> = {
  0: { id: 0, gcm: 'aes-128-gcm', ctr: 'aes-128-ctr', wrap: 'id-aes128-wrap', keyLength: 16, curve: null, jwkCurve: null, hash: null, fieldLength: 0 },
  1: { id: 1, gcm: 'aes-128-gcm', ctr: 'aes-128-ctr', wrap: 'id-aes128-wrap', keyLength: 16, curve: 'prime256v1', jwkCurve: 'P-256', hash: 'sha256', fieldLength: 32 },
  2: { id: 2, gcm: 'aes-256-gcm', ctr: 'aes-256-ctr', wrap: 'id-aes256-wrap', keyLength: 32, curve: 'secp384r1', jwkCurve: 'P-384', hash: 'sha384', fieldLength: 48 },
};

export function suiteParams(id: number): SuiteParams {
  if (id !== 0 && id !== 1 && id !== 2) {
    throw new DlmsError('unsupported-security-suite', `security suite ${id} is not supported (0, 1 or 2 expected); check the meter's security setup`, { securitySuite: id });
  }
  return SUITES[id];
}

/** Suites 1 and 2 only: the elliptic-curve parameters, or a clear error for suite 0. */
export function eccSuite(id: number, what: string): SuiteParams & { curve: string; jwkCurve: string; hash: string } {
  const s = suiteParams(id);
  if (!s.curve || !s.jwkCurve || !s.hash) {
    throw new DlmsError('unsupported-security-suite', `${what} needs security suite 1 or 2 (ECDH/ECDSA); suite ${id} has no public-key algorithms`, { securitySuite: id });
  }
  return s as SuiteParams & { curve: string; jwkCurve: string; hash: string };
}
