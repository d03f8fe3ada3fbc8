import { randomBytes } from 'node:crypto';
import {
  buildSecurityControl,
  cipheredServiceName,
  decodeCiphered,
  encodeCiphered,
  parseSecurityControl,
  plainTagOf,
  serviceSpecificTagFor,
  splitPayload,
  type CipheredApdu,
  type GeneralCiphering,
  type KeyInfo,
  type SecurityControl,
} from '../apdu/ciphered';
import { DlmsError, InvalidArgumentError } from '../errors';
import { gcmDecrypt, gcmEncrypt, gcmIv, gcmKeystream, gmac } from './gcm';
import { agreeAsOriginator, agreeAsRecipient, type AgreementKeys } from './key-agreement';
import { unwrapKey, wrapKey } from './key-transfer';
import { checkKey } from './keys';
import type { ReplayGuard } from './replay';
import { verifySigned } from './signing';
import { suiteParams, type SecuritySuiteId, type SuiteParams } from './suite';

/**
 * Cryptographic protection of xDLMS APDUs (Green Book 9.2.7.2.4): AES-GCM with
 * IV = system title (8) || invocation counter (4), and
 *   authenticated + encrypted: AAD = SC || AK,             output ciphertext || tag;
 *   authenticated only:        AAD = SC || AK || plaintext, output plaintext || tag;
 *   encrypted only:            no AAD, no tag (GCM key stream, see gcm.ts).
 * For general-ciphering the AAD also carries transaction-id || originator-system-title ||
 * recipient-system-title || date-time || other-information (field values) after AK.
 */

export interface CipherContext {
  /** Own system title: the IV of what we protect, the originator of general-ciphering. */
  systemTitle: Uint8Array;
  /** Peer's system title (from the AARQ/AARE): the IV of service-specific APDUs we receive. */
  peerSystemTitle?: Uint8Array;
  /** Global unicast encryption key. */
  encryptionKey?: Uint8Array;
  /** Global broadcast encryption key (SC bit 6). */
  broadcastKey?: Uint8Array;
  authenticationKey?: Uint8Array;
  /** Dedicated key of the association (sent by the client in the InitiateRequest). */
  dedicatedKey?: Uint8Array;
  /** Master key (KEK), for general-ciphering wrapped-key. */
  masterKey?: Uint8Array;
  /** Suite used when protecting; default 0. A received APDU names its own suite in SC. */
  suite?: SecuritySuiteId;
  /** Suites 1/2: keys for general-ciphering key agreement and general-signing. */
  agreement?: AgreementKeys;
  /** Replay protection for what we receive. */
  replayGuard?: ReplayGuard;
}

export type Envelope = 'glo' | 'ded' | 'general-glo' | 'general-ded' | 'general-ciphering';

export interface ProtectOptions {
  envelope: Envelope;
  invocationCounter: number;
  /** Default true. */
  authenticated?: boolean;
  /** Default true. */
  encrypted?: boolean;
  /** Use the global broadcast key (glo envelopes). */
  broadcastKey?: boolean;
  /** general-ciphering fields (default: transaction-id = 8 random octets, the rest empty / peer title). */
  transactionId?: Uint8Array;
  recipientSystemTitle?: Uint8Array;
  dateTime?: Uint8Array;
  otherInformation?: Uint8Array;
  /** general-ciphering key-info; default none (global unicast key known from context). */
  keyInfo?:
    | { type: 'identified-key'; keyId: 0 | 1 }
    | { type: 'wrapped-key'; key: Uint8Array }
    | { type: 'agreed-key'; scheme: 'one-pass-diffie-hellman' | 'static-unified-model' };
}

export interface Unprotected {
  plaintext: Buffer;
  apdu: CipheredApdu;
  /** The system title that formed the IV (the sender's). */
  systemTitle: Buffer;
  invocationCounter: number;
  security: SecurityControl;
}

const EMPTY: Buffer = Buffer.alloc(0);

function buf(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

function generalAad(g: { transactionId: Uint8Array; originatorSystemTitle: Uint8Array; recipientSystemTitle: Uint8Array; dateTime: Uint8Array; otherInformation: Uint8Array }): Buffer {
  return Buffer.concat([g.transactionId, g.originatorSystemTitle, g.recipientSystemTitle, g.dateTime, g.otherInformation]);
}

function composeAad(sc: number, ak: Buffer, extra: Buffer, plaintextForAuthOnly: Uint8Array | null): Buffer {
  const parts: Uint8Array[] = [Buffer.of(sc), ak];
  if (extra.length) parts.push(extra);
  if (plaintextForAuthOnly) parts.push(plaintextForAuthOnly);
  return Buffer.concat(parts);
}

/** Apply SC's protection to `data`; returns the payload (ciphered information [|| tag]). */
function seal(s: SuiteParams, sc: number, key: Buffer | null, ak: Buffer | null, iv: Buffer, extraAad: Buffer, data: Uint8Array): Buffer {
  const auth = (sc & 0x10) !== 0;
  const enc = (sc & 0x20) !== 0;
  if (auth && enc) return gcmEncrypt(s.gcm, key!, iv, composeAad(sc, ak!, extraAad, null), data);
  if (auth) return Buffer.concat([data, gmac(s.gcm, key!, iv, composeAad(sc, ak!, extraAad, data))]);
  if (enc) return gcmKeystream(s.ctr, key!, iv, data);
  return Buffer.from(data);
}

const AUTH_FAILED_HINT = 'check the authentication key, the encryption key (global, broadcast or dedicated), the sender system title and that the APDU was not altered';

function open(s: SuiteParams, apdu: Exclude<CipheredApdu, { kind: 'general-signing' }>, key: Buffer | null, ak: Buffer | null, iv: Buffer, extraAad: Buffer): Buffer {
  const sc = apdu.securityControl;
  const { cipheredInformation, tag } = splitPayload(apdu);
  const auth = tag !== null;
  const enc = (sc & 0x20) !== 0;
  if (auth && enc) {
    const out = gcmDecrypt(s.gcm, key!, iv, composeAad(sc, ak!, extraAad, null), cipheredInformation, tag);
    if (!out) throw new DlmsError('authentication-failed', `${apdu.service}: authentication tag mismatch (invocation counter ${apdu.invocationCounter}); ${AUTH_FAILED_HINT}`, { service: apdu.service, invocationCounter: apdu.invocationCounter });
    return out;
  }
  if (auth) {
    const expected = gmac(s.gcm, key!, iv, composeAad(sc, ak!, extraAad, cipheredInformation));
    if (!timingSafeEq(expected, tag)) throw new DlmsError('authentication-failed', `${apdu.service}: authentication tag mismatch on an authenticated-only APDU (invocation counter ${apdu.invocationCounter}); ${AUTH_FAILED_HINT}`, { service: apdu.service, invocationCounter: apdu.invocationCounter });
    return Buffer.from(cipheredInformation);
  }
  if (enc) return gcmKeystream(s.ctr, key!, iv, cipheredInformation);
  return Buffer.from(cipheredInformation);
}

function timingSafeEq(a: Buffer, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
  return d === 0;
}

function keyFor(ctx: CipherContext, scope: 'glo' | 'ded', broadcast: boolean, suite: number): Buffer {
  if (scope === 'ded') {
    if (!ctx.dedicatedKey) throw new InvalidArgumentError('a ded- (dedicated key) APDU needs the dedicated key of the association (from the InitiateRequest)', { key: 'dedicated key' }, 'invalid-key');
    return checkKey(ctx.dedicatedKey, 'dedicated key', suite);
  }
  if (broadcast) return checkKey(ctx.broadcastKey, 'global broadcast encryption key', suite);
  return checkKey(ctx.encryptionKey, 'global unicast encryption key', suite);
}

function checkedCounter(ic: number): number {
  if (!Number.isInteger(ic) || ic < 0 || ic > 0xffffffff) throw new InvalidArgumentError(`invocation counter ${ic} is out of range (0 to 4294967295)`);
  return ic;
}

/** Protect one plain APDU. */
export function protect(apdu: Uint8Array, ctx: CipherContext, opts: ProtectOptions): Buffer {
  const suite = ctx.suite ?? 0;
  const s = suiteParams(suite);
  const auth = opts.authenticated ?? true;
  const enc = opts.encrypted ?? true;
  const broadcast = opts.broadcastKey ?? false;
  const sc = buildSecurityControl({ securitySuite: suite, authenticated: auth, encrypted: enc, broadcastKey: broadcast });
  const ic = checkedCounter(opts.invocationCounter);
  const iv = gcmIv(ctx.systemTitle, ic);
  const ak = auth ? checkKey(ctx.authenticationKey, 'authentication key', suite) : null;
  if (apdu.length === 0) throw new InvalidArgumentError('nothing to protect: the APDU is empty');

  if (opts.envelope === 'general-ciphering') {
    const originatorSystemTitle = buf(ctx.systemTitle);
    const recipientSystemTitle = buf(opts.recipientSystemTitle ?? ctx.peerSystemTitle ?? EMPTY);
    const transactionId = buf(opts.transactionId ?? randomBytes(8));
    let key: Buffer;
    let keyInfo: KeyInfo | null = null;
    const ki = opts.keyInfo;
    if (!ki) key = keyFor(ctx, 'glo', false, suite);
    else if (ki.type === 'identified-key') {
      key = keyFor(ctx, 'glo', ki.keyId === 1, suite);
      keyInfo = { type: 'identified-key', keyId: ki.keyId };
    } else if (ki.type === 'wrapped-key') {
      key = checkKey(ki.key, 'content key to wrap', suite);
      keyInfo = { type: 'wrapped-key', kekId: 0, keyCipheredData: wrapKey(checkKey(ctx.masterKey, 'master key (KEK)', suite), key) };
    } else {
      const agreed = agreeAsOriginator(suite, ki.scheme, ctx.agreement ?? {}, originatorSystemTitle, recipientSystemTitle, transactionId);
      key = agreed.key;
      keyInfo = { type: 'agreed-key', keyParameters: agreed.keyParameters, keyCipheredData: agreed.keyCipheredData };
    }
    const header = { transactionId, originatorSystemTitle, recipientSystemTitle, dateTime: buf(opts.dateTime ?? EMPTY), otherInformation: buf(opts.otherInformation ?? EMPTY) };
    const payload = seal(s, sc, key, ak, iv, generalAad(header), apdu);
    const out: GeneralCiphering = { kind: 'general-ciphering', tag: 0xdd, service: 'general-ciphering', ...header, keyInfo, securityControl: sc, invocationCounter: ic, payload };
    return encodeCiphered(out);
  }

  const scope = opts.envelope === 'ded' || opts.envelope === 'general-ded' ? 'ded' : 'glo';
  const key = keyFor(ctx, scope, broadcast, suite);
  const payload = seal(s, sc, key, ak, iv, EMPTY, apdu);
  if (opts.envelope === 'general-glo' || opts.envelope === 'general-ded') {
    const kind = opts.envelope;
    return encodeCiphered({ kind, tag: kind === 'general-glo' ? 0xdb : 0xdc, service: kind === 'general-glo' ? 'general-glo-ciphering' : 'general-ded-ciphering', systemTitle: buf(ctx.systemTitle), securityControl: sc, invocationCounter: ic, payload });
  }
  const tag = serviceSpecificTagFor(apdu[0], scope);
  if (tag === undefined) {
    throw new InvalidArgumentError(`APDU tag 0x${apdu[0].toString(16).toUpperCase()} has no service-specific ${scope}- envelope; use general-${scope}-ciphering`, { apduTag: apdu[0] });
  }
  return encodeCiphered({ kind: 'service-specific', tag, service: cipheredServiceName(tag) ?? '', securityControl: sc, invocationCounter: ic, payload });
}

/** Remove the protection of a received APDU (bytes or an already parsed envelope). */
export function unprotect(input: Uint8Array | CipheredApdu, ctx: CipherContext): Unprotected {
  const apdu = input instanceof Uint8Array ? decodeCiphered(input) : input;
  if (apdu.kind === 'general-signing') {
    const peer = ctx.agreement?.peerSigningKey;
    if (!peer) throw new InvalidArgumentError("a general-signing APDU needs the originator's signing public key to be verified", { key: 'peer signing key' }, 'invalid-key');
    // Suite 0 has no signatures: take the suite from the signature size (r || s of P-256 or P-384).
    const suite = ctx.suite === 1 || ctx.suite === 2 ? ctx.suite : apdu.signature.length === 96 ? 2 : 1;
    verifySigned(suite, apdu, peer);
    return { plaintext: Buffer.from(apdu.content), apdu, systemTitle: Buffer.from(apdu.originatorSystemTitle), invocationCounter: 0, security: parseSecurityControl(0) };
  }
  const sc = apdu.securityControl;
  const security = parseSecurityControl(sc);
  if (security.compressed) throw new DlmsError('not-supported', `${apdu.service}: compressed APDUs (SC bit 7) are not supported; switch compression off in the meter's security policy`);
  const s = suiteParams(security.securitySuite);
  const ic = apdu.invocationCounter;

  let title: Uint8Array | undefined;
  if (apdu.kind === 'general-glo' || apdu.kind === 'general-ded') title = apdu.systemTitle.length ? apdu.systemTitle : ctx.peerSystemTitle;
  else if (apdu.kind === 'general-ciphering') title = apdu.originatorSystemTitle;
  else title = ctx.peerSystemTitle;
  if (!title) throw new InvalidArgumentError(`${apdu.service} carries no system title: give the peer's system title (from the AARQ/AARE) to unprotect it`, { field: 'peer system title' });
  const sender = Buffer.from(title.buffer, title.byteOffset, title.byteLength).toString('hex').toUpperCase();
  ctx.replayGuard?.check(sender, ic);
  const iv = gcmIv(title, ic);
  const ak = security.authenticated ? checkKey(ctx.authenticationKey, 'authentication key', s.id) : null;

  let key: Buffer | null = null;
  let extra = EMPTY;
  if (apdu.kind === 'general-ciphering') {
    extra = generalAad(apdu);
    const ki = apdu.keyInfo;
    if (!ki) key = keyFor(ctx, 'glo', security.broadcastKey, s.id);
    else if (ki.type === 'identified-key') key = keyFor(ctx, 'glo', ki.keyId === 1, s.id);
    else if (ki.type === 'wrapped-key') key = checkKey(unwrapKey(checkKey(ctx.masterKey, 'master key (KEK)', s.id), ki.keyCipheredData), 'unwrapped content key', s.id);
    else key = agreeAsRecipient(s.id, ki.keyParameters, ki.keyCipheredData, ctx.agreement ?? {}, apdu.originatorSystemTitle, apdu.recipientSystemTitle, apdu.transactionId);
  } else if (security.authenticated || security.encrypted) {
    const scope = apdu.kind === 'general-ded' || apdu.service.startsWith('ded-') ? 'ded' : 'glo';
    key = keyFor(ctx, scope, security.broadcastKey, s.id);
  }

  const plaintext = open(s, apdu, key, ak, iv, extra);
  if (apdu.kind === 'service-specific' && security.encrypted && !security.authenticated) {
    // Without a tag, a wrong key or an altered ciphertext can only show in the result.
    const want = plainTagOf(apdu.tag);
    if (plaintext.length === 0 || plaintext[0] !== want) {
      throw new DlmsError(
        'decryption-failed',
        `${apdu.service}: the decrypted content is not a ${apdu.service.slice(4)} APDU; the encryption key or the sender system title is wrong, or the ciphertext was altered`,
        { service: apdu.service, invocationCounter: ic },
      );
    }
  }
  ctx.replayGuard?.accept(sender, ic);
  return { plaintext, apdu, systemTitle: Buffer.from(title), invocationCounter: ic, security };
}
