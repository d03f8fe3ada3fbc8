import { createHash, KeyObject } from 'node:crypto';
import { encodeDataToBuffer } from '../codec/axdr';
import type { DlmsData } from '../codec/data';
import { DlmsError, InvalidArgumentError } from '../errors';
import { ecdhSharedSecret, ecdsaSign, ecdsaVerify, generateEcKeyPair, rawPublicKey, toPublicKey } from './ecc';
import { parseKeyIdArray } from './key-transfer';
import { eccSuite } from './suite';

/**
 * ECDH key agreement of suites 1 and 2 (Green Book 9.2.3.4.6.3, NIST SP 800-56A):
 * - Ephemeral Unified Model C(2e, 0s): Security setup key_agreement (method 3), each party sends
 *   its ephemeral public key signed with its signing key;
 * - One-Pass Diffie-Hellman C(1e, 1s): general-ciphering agreed-key, key-parameters 0x01;
 * - Static Unified Model C(0e, 2s): general-ciphering agreed-key, key-parameters 0x02.
 * The shared secret Z goes through the concatenation KDF (SP 800-56A 5.8.1) with the suite's hash.
 */

/** AlgorithmID of the KDF OtherInfo: the DLMS UA cryptographic algorithm OIDs 2.16.756.5.8.3.x (DER body). */
export const ALGORITHM_ID = {
  'aes-gcm-128': Buffer.from('60857405080300', 'hex'),
  'aes-gcm-256': Buffer.from('60857405080301', 'hex'),
  'aes-wrap-128': Buffer.from('60857405080302', 'hex'),
  'aes-wrap-256': Buffer.from('60857405080303', 'hex'),
} as const;
export type AlgorithmName = keyof typeof ALGORITHM_ID;

export const KEY_PARAMETERS = { onePassDiffieHellman: 0x01, staticUnifiedModel: 0x02 } as const;

/** Concatenation KDF: Hash(counter || Z || OtherInfo), counter = 1, truncated to the key length. */
export function concatKdf(suite: number, z: Uint8Array, otherInfo: Uint8Array, keyLength: number): Buffer {
  const s = eccSuite(suite, 'key derivation');
  const out: Buffer[] = [];
  let have = 0;
  for (let counter = 1; have < keyLength; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    const block = createHash(s.hash).update(c).update(z).update(otherInfo).digest();
    out.push(block);
    have += block.length;
  }
  return Buffer.concat(out).subarray(0, keyLength);
}

/** OtherInfo = AlgorithmID || PartyUInfo (system title U) || PartyVInfo (system title V) [|| SuppPubInfo]. */
export function otherInfo(algorithm: AlgorithmName, partyU: Uint8Array, partyV: Uint8Array, suppPubInfo?: Uint8Array): Buffer {
  return Buffer.concat([ALGORITHM_ID[algorithm], partyU, partyV, ...(suppPubInfo ? [suppPubInfo] : [])]);
}

export function gcmAlgorithmOf(suite: number): AlgorithmName {
  return eccSuite(suite, 'key agreement').keyLength === 32 ? 'aes-gcm-256' : 'aes-gcm-128';
}

/** An ephemeral public key (X || Y) followed by its ECDSA signature (r || s). */
export function signedEphemeral(suite: number, signingKey: KeyObject): { privateKey: KeyObject; keyData: Buffer } {
  const { privateKey, publicKey } = generateEcKeyPair(suite);
  const raw = rawPublicKey(publicKey, suite);
  return { privateKey, keyData: Buffer.concat([raw, ecdsaSign(suite, signingKey, raw)]) };
}

/** Check the signature on a peer's ephemeral public key; returns the key. */
export function openSignedEphemeral(suite: number, keyData: Uint8Array, peerSigningKey: KeyObject): KeyObject {
  const s = eccSuite(suite, 'key agreement');
  const n = 2 * s.fieldLength;
  if (keyData.length !== 2 * n) {
    throw new DlmsError('malformed-data', `key agreement data has ${keyData.length} octets; suite ${suite} needs ${2 * n} (public key X || Y, signature r || s)`);
  }
  const pub = keyData.subarray(0, n);
  if (!ecdsaVerify(suite, peerSigningKey, pub, keyData.subarray(n))) {
    throw new DlmsError('authentication-failed', "the signature on the peer's ephemeral public key does not verify: check the peer's signing certificate (public key)");
  }
  return toPublicKey(pub, suite, "peer's ephemeral public key");
}

/** Derive a key from Z between parties U and V. */
export function deriveKey(suite: number, privateKey: KeyObject, peerPublicKey: KeyObject, algorithm: AlgorithmName, partyU: Uint8Array, partyV: Uint8Array, suppPubInfo?: Uint8Array): Buffer {
  const len = algorithm.endsWith('256') ? 32 : 16;
  return concatKdf(suite, ecdhSharedSecret(privateKey, peerPublicKey), otherInfo(algorithm, partyU, partyV, suppPubInfo), len);
}

/** The key_agreement (method 3) parameter: array of structure { key_id enum, key_data octet-string }. */
export function buildKeyAgreementParameter(items: ReadonlyArray<{ keyId: number; keyData: Uint8Array }>): Buffer {
  const value: DlmsData[] = items.map(({ keyId, keyData }) => ({
    type: 'structure',
    value: [{ type: 'enum', value: keyId }, { type: 'octet-string', value: Buffer.from(keyData) }],
  }));
  return encodeDataToBuffer({ type: 'array', value });
}

export function parseKeyAgreementParameter(parameter: Uint8Array | DlmsData): Array<{ keyId: number; keyData: Buffer }> {
  return parseKeyIdArray(parameter, 'key_agreement parameter').map(({ keyId, data }) => ({ keyId, keyData: data }));
}

/** Keys a party needs for general-ciphering agreed-key. */
export interface AgreementKeys {
  /** Own static key agreement private key (C(0e,2s); and the recipient side of C(1e,1s)). */
  agreementKey?: KeyObject;
  /** Peer's static key agreement public key. */
  peerAgreementKey?: KeyObject;
  /** Own signing private key (C(1e,1s) originator signs its ephemeral key). */
  signingKey?: KeyObject;
  /** Peer's signing public key (C(1e,1s) recipient checks the ephemeral key). */
  peerSigningKey?: KeyObject;
}

function need<T>(v: T | undefined, what: string): T {
  if (!v) throw new InvalidArgumentError(`general-ciphering key agreement needs the ${what}`, { key: what }, 'invalid-key');
  return v;
}

/**
 * Originator side: the content key and the key-info fields. For C(0e,2s) the transaction-id
 * goes into the KDF (SuppPubInfo) so that every APDU gets a fresh key from the static pair.
 */
export function agreeAsOriginator(
  suite: number,
  scheme: 'one-pass-diffie-hellman' | 'static-unified-model',
  keys: AgreementKeys,
  originator: Uint8Array,
  recipient: Uint8Array,
  transactionId: Uint8Array,
): { key: Buffer; keyParameters: Buffer; keyCipheredData: Buffer } {
  const alg = gcmAlgorithmOf(suite);
  const peer = need(keys.peerAgreementKey, "recipient's key agreement public key");
  if (scheme === 'one-pass-diffie-hellman') {
    const eph = signedEphemeral(suite, need(keys.signingKey, "originator's signing private key"));
    return { key: deriveKey(suite, eph.privateKey, peer, alg, originator, recipient), keyParameters: Buffer.of(KEY_PARAMETERS.onePassDiffieHellman), keyCipheredData: eph.keyData };
  }
  const own = need(keys.agreementKey, "originator's key agreement private key");
  return { key: deriveKey(suite, own, peer, alg, originator, recipient, transactionId), keyParameters: Buffer.of(KEY_PARAMETERS.staticUnifiedModel), keyCipheredData: Buffer.alloc(0) };
}

/** Recipient side of agreeAsOriginator. */
export function agreeAsRecipient(
  suite: number,
  keyParameters: Uint8Array,
  keyCipheredData: Uint8Array,
  keys: AgreementKeys,
  originator: Uint8Array,
  recipient: Uint8Array,
  transactionId: Uint8Array,
): Buffer {
  const alg = gcmAlgorithmOf(suite);
  const own = need(keys.agreementKey, "recipient's key agreement private key");
  const scheme = keyParameters.length === 1 ? keyParameters[0] : -1;
  if (scheme === KEY_PARAMETERS.onePassDiffieHellman) {
    const eph = openSignedEphemeral(suite, keyCipheredData, need(keys.peerSigningKey, "originator's signing public key"));
    return deriveKey(suite, own, eph, alg, originator, recipient);
  }
  if (scheme === KEY_PARAMETERS.staticUnifiedModel) {
    return deriveKey(suite, own, need(keys.peerAgreementKey, "originator's key agreement public key"), alg, originator, recipient, transactionId);
  }
  throw new DlmsError('not-supported', `general-ciphering key-parameters ${Buffer.from(keyParameters).toString('hex')} name no supported key agreement scheme (01 one-pass Diffie-Hellman, 02 static unified model)`);
}
