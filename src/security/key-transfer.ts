import { createCipheriv, createDecipheriv } from 'node:crypto';
import { decodeDataFrom, encodeDataToBuffer } from '../codec/axdr';
import type { DlmsData } from '../codec/data';
import { DecodeError, DlmsError, InvalidArgumentError } from '../errors';

/**
 * Security setup (class 64) global_key_transfer (method 2): keys travel wrapped with the master
 * key (KEK) by the AES key wrap of RFC 3394 (Green Book 9.2.3.4.5), done by node:crypto's
 * id-aesNNN-wrap ciphers with the default IV A6A6A6A6A6A6A6A6.
 */

/** key_id of key_wrapped_data / key_agreement (Blue Book, Security setup). */
export const KEY_ID = {
  globalUnicastEncryptionKey: 0,
  globalBroadcastEncryptionKey: 1,
  authenticationKey: 2,
  masterKey: 3,
} as const;

const RFC3394_IV = Buffer.from('A6A6A6A6A6A6A6A6', 'hex');

function wrapAlg(kek: Uint8Array): 'id-aes128-wrap' | 'id-aes256-wrap' {
  if (kek.length === 16) return 'id-aes128-wrap';
  if (kek.length === 32) return 'id-aes256-wrap';
  throw new InvalidArgumentError(`the master key (KEK) has ${kek.length} octets; 16 (suites 0, 1) or 32 (suite 2) are needed`, { key: 'master key' }, 'invalid-key');
}

export function wrapKey(kek: Uint8Array, key: Uint8Array): Buffer {
  const alg = wrapAlg(kek);
  if (key.length < 16 || key.length % 8 !== 0) {
    throw new InvalidArgumentError(`the key to wrap has ${key.length} octets; a multiple of 8, at least 16, is needed`, { key: 'wrapped key' }, 'invalid-key');
  }
  const c = createCipheriv(alg, kek, RFC3394_IV);
  return Buffer.concat([c.update(key), c.final()]);
}

export function unwrapKey(kek: Uint8Array, wrapped: Uint8Array): Buffer {
  const alg = wrapAlg(kek);
  if (wrapped.length < 24 || wrapped.length % 8 !== 0) {
    throw new DlmsError('decryption-failed', `a wrapped key must be a multiple of 8 octets and at least 24; got ${wrapped.length}`);
  }
  try {
    const d = createDecipheriv(alg, kek, RFC3394_IV);
    return Buffer.concat([d.update(wrapped), d.final()]);
  } catch {
    throw new DlmsError('decryption-failed', 'key unwrap integrity check failed: the master key (KEK) is wrong or the wrapped key was altered');
  }
}

export interface KeyWrappedData {
  keyId: number;
  keyWrapped: Buffer;
}

/** The global_key_transfer parameter: array of structure { key_id enum, key_wrapped octet-string }. */
export function buildGlobalKeyTransfer(kek: Uint8Array, keys: ReadonlyArray<{ keyId: number; key: Uint8Array }>): Buffer {
  const items: DlmsData[] = keys.map(({ keyId, key }) => ({
    type: 'structure',
    value: [{ type: 'enum', value: keyId }, { type: 'octet-string', value: wrapKey(kek, key) }],
  }));
  return encodeDataToBuffer({ type: 'array', value: items });
}

/** Parse a key_wrapped_data / key_agreement style array of { enum, octet-string }. */
export function parseKeyIdArray(parameter: Uint8Array | DlmsData, what: string): Array<{ keyId: number; data: Buffer }> {
  const d = parameter instanceof Uint8Array ? decodeDataFrom(parameter) : parameter;
  const bad = (why: string): never => {
    throw new DecodeError(`${what}: ${why} (array of structure {enum key_id, octet-string} expected)`, 0);
  };
  if (d.type !== 'array') return bad(`got ${d.type}`);
  return d.value.map((item) => {
    if (item.type !== 'structure' || item.value.length !== 2) return bad('an element is not a 2-field structure');
    const [id, data] = item.value;
    if (id.type !== 'enum' || data.type !== 'octet-string') return bad('an element has the wrong field types');
    return { keyId: id.value, data: data.value };
  });
}

/** Receiver side: unwrap every key of a global_key_transfer parameter. */
export function openGlobalKeyTransfer(kek: Uint8Array, parameter: Uint8Array | DlmsData): Array<{ keyId: number; key: Buffer }> {
  return parseKeyIdArray(parameter, 'global_key_transfer parameter').map(({ keyId, data }) => ({ keyId, key: unwrapKey(kek, data) }));
}
