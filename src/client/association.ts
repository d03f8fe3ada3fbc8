/**
 * Association (ACSE) of the client, sans-I/O: the AARQ a settings object asks for, and what an
 * AARE grants (Green Book 9.4.2: application context, mechanism, calling AP title, InitiateRequest
 * in the user-information, glo-initiate when ciphered).
 */
import { ACSE_REQUIREMENTS_AUTHENTICATION, type Aare, type Aarq } from '../apdu/acse';
import { decodeApdu } from '../apdu/apdu';
import { decodeCiphered } from '../apdu/ciphered';
import { DEFAULT_LN_CONFORMANCE, conformanceFromBits, type Conformance } from '../apdu/conformance';
import { encodeApdu } from '../apdu/apdu';
import type { InitiateRequest } from '../apdu/initiate';
import { associationRejectedError, confirmedServiceErrorToError } from '../apdu/result-errors';
import type { UserInformation } from '../apdu/user-information';
import { DlmsError, InvalidArgumentError } from '../errors';
import {
  HlsDigest, HlsEcdsa, HlsGmac, HlsSha256, LowestLevelSecurity, LowLevelSecurity, ManufacturerHls,
  type AuthenticationMechanism, type ManufacturerHlsHook,
} from '../security/hls';
import { parseKey } from '../security/keys';
import type { CipherContext } from '../security/protect';
import { protect, unprotect } from '../security/protect';
import { secretBytes, type ConnectionSettings } from './settings';

/** A short-name proposal: read/write/unconfirmed-write, parameterized access, multiple references, block transfer. */
export const DEFAULT_SN_CONFORMANCE: Conformance = conformanceFromBits([
  'read', 'write', 'unconfirmed-write', 'parameterized-access', 'multiple-references',
  'block-transfer-with-get-or-read', 'block-transfer-with-set-or-write', 'information-report',
]);

export const DLMS_VERSION = 6;

/** Who we are in messages: "client 32" for the SAP the meter knows us by. */
export function clientLabel(s: ConnectionSettings): string {
  return `client ${s.clientSap}`;
}

export function isCiphered(s: ConnectionSettings): boolean {
  return s.securityPolicy !== 'none';
}

/** The mechanism object for `s.authentication`, with its secrets parsed (never logged). */
export function mechanismFor(s: ConnectionSettings, hook?: ManufacturerHlsHook): AuthenticationMechanism {
  const sec = s.secrets;
  switch (s.authentication) {
    case 'none':
      return new LowestLevelSecurity();
    case 'low':
      return new LowLevelSecurity(secretBytes(sec.password ?? ''));
    case 'high':
      if (!hook) throw new InvalidArgumentError("authentication 'high' (mechanism 2) is manufacturer specific: pass the algorithm as the client option hlsHook", { meter: s.name });
      return new ManufacturerHls(hook);
    case 'high-md5':
    case 'high-sha1':
      return new HlsDigest(s.authentication === 'high-md5' ? 'md5' : 'sha1', secretBytes(sec.hlsSecret ?? ''));
    case 'high-sha256':
      return new HlsSha256(secretBytes(sec.hlsSecret ?? ''));
    case 'high-gmac':
      return new HlsGmac({
        encryptionKey: parseKey(sec.encryptionKey, 'global unicast encryption key', s.securitySuite),
        authenticationKey: parseKey(sec.authenticationKey, 'authentication key', s.securitySuite),
      }, s.securitySuite);
    case 'high-ecdsa':
      if (s.securitySuite === 0) throw new InvalidArgumentError("authentication 'high-ecdsa' needs securitySuite 1 or 2");
      if (!sec.serverPublicKey) throw new InvalidArgumentError("authentication 'high-ecdsa' needs secrets.serverPublicKey (the meter's signing public key)");
      return new HlsEcdsa(s.securitySuite, { signingKey: sec.ecdsaPrivateKey ?? '', peerPublicKey: sec.serverPublicKey });
    default:
      throw new InvalidArgumentError(`unknown authentication ${String(s.authentication)}`);
  }
}

export function applicationContextName(s: ConnectionSettings): string {
  const ln = s.referencing === 'ln';
  if (isCiphered(s)) return ln ? 'logical-name-with-ciphering' : 'short-name-with-ciphering';
  return ln ? 'logical-name-no-ciphering' : 'short-name-no-ciphering';
}

export interface AarqInput {
  settings: ConnectionSettings;
  mechanism: AuthenticationMechanism;
  /** The password (LLS) or CtoS (HLS); empty for no authentication. */
  callingValue: Buffer;
  /** Needed when the policy ciphers the InitiateRequest (glo-initiate-request). */
  cipher?: CipherContext;
  invocationCounter?: number;
  conformance?: Conformance;
}

export function buildInitiateRequest(s: ConnectionSettings, conformance?: Conformance, withDedicatedKey = false): InitiateRequest {
  return {
    service: 'initiate-request',
    // A dedicated key is only ever sent inside a ciphered InitiateRequest.
    dedicatedKey: withDedicatedKey && s.secrets.dedicatedKey ? parseKey(s.secrets.dedicatedKey, 'dedicated key', s.securitySuite) : null,
    responseAllowed: true,
    proposedQualityOfService: null,
    proposedDlmsVersion: DLMS_VERSION,
    proposedConformance: conformance ?? (s.referencing === 'ln' ? DEFAULT_LN_CONFORMANCE : DEFAULT_SN_CONFORMANCE),
    clientMaxReceivePduSize: s.maxPduSize,
  };
}

export function buildAarq(input: AarqInput): Aarq {
  const s = input.settings;
  const ciphered = isCiphered(s);
  let userInformation: UserInformation = buildInitiateRequest(s, input.conformance, ciphered);
  if (ciphered) {
    if (!input.cipher || input.invocationCounter === undefined) throw new InvalidArgumentError('a ciphered association needs the keys and the invocation counter');
    const bytes = protect(encodeApdu(userInformation), input.cipher, { envelope: 'glo', invocationCounter: input.invocationCounter, ...policyFlags(s) });
    userInformation = decodeCiphered(bytes) as UserInformation;
  }
  const aarq: Aarq = { service: 'aarq', applicationContextName: applicationContextName(s), userInformation };
  const needsTitle = ciphered || s.authentication === 'high-gmac' || s.authentication === 'high-ecdsa' || s.authentication === 'high-sha256';
  if (needsTitle && s.clientSystemTitle) aarq.callingApTitle = Buffer.from(s.clientSystemTitle, 'hex');
  if (input.mechanism.id !== 0) {
    aarq.senderAcseRequirements = ACSE_REQUIREMENTS_AUTHENTICATION;
    aarq.mechanismName = input.mechanism.name;
    aarq.callingAuthenticationValue = { choice: 'charstring', value: input.callingValue };
  }
  return aarq;
}

/** The protection a policy asks for. */
export function policyFlags(s: ConnectionSettings): { authenticated: boolean; encrypted: boolean } {
  const p = s.securityPolicy;
  return { authenticated: p === 'authenticated' || p === 'authenticated-encrypted', encrypted: p === 'encrypted' || p === 'authenticated-encrypted' };
}

/** What the meter granted. */
export interface Negotiated {
  conformance: Conformance;
  /** Largest APDU the meter accepts. */
  serverMaxPdu: number;
  dlmsVersion: number;
  vaaName: number;
  serverSystemTitle?: Buffer;
  /** StoC of an HLS association (pass 2). */
  serverChallenge?: Buffer;
}

/**
 * Check an AARE. A rejection becomes 'authentication-failed' (naming the mechanism and the client)
 * or 'association-rejected'; an InitiateResponse is required; a ciphered one is opened with the
 * responding AP title as the meter's system title.
 */
export function checkAare(aare: Aare, s: ConnectionSettings, mechanism: AuthenticationMechanism, cipher?: CipherContext): Negotiated {
  const meter = s.name;
  let ui = aare.userInformation;
  const title = aare.respondingApTitle && aare.respondingApTitle.length === 8 ? Buffer.from(aare.respondingApTitle) : undefined;
  if (ui && 'kind' in ui) {
    if (!cipher) throw new DlmsError('association-rejected', 'the meter answered the association with a ciphered user-information but no keys are configured', { meter });
    const serverTitle = title ?? (s.serverSystemTitle ? Buffer.from(s.serverSystemTitle, 'hex') : undefined);
    const plain = unprotect(ui, { ...cipher, peerSystemTitle: serverTitle, replayGuard: undefined });
    ui = decodeApdu(plain.plaintext) as UserInformation;
  }
  if (aare.result !== 0) {
    const err = associationRejectedError(aare, { meter, clientSap: s.clientSap, mechanism: mechanism.name });
    if (err.code === 'authentication-failed') {
      return throwAuthFailed(s, mechanism, err.message);
    }
    if (ui && ui.service === 'confirmed-service-error') {
      const inner = confirmedServiceErrorToError(ui, { meter });
      throw new DlmsError('association-rejected', `${err.message}; ${inner.message}`, { ...err.context, serviceError: inner.code });
    }
    throw err;
  }
  if (!ui || ui.service !== 'initiate-response') {
    if (ui && ui.service === 'confirmed-service-error') throw confirmedServiceErrorToError(ui, { meter });
    throw new DlmsError('association-rejected', 'the meter accepted the association but sent no InitiateResponse; check the referencing (LN/SN) and the meter firmware', { meter });
  }
  if (s.serverSystemTitle && title && !title.equals(Buffer.from(s.serverSystemTitle, 'hex'))) {
    throw new DlmsError('association-rejected', `the meter's system title ${title.toString('hex').toUpperCase()} is not the configured serverSystemTitle ${s.serverSystemTitle.toUpperCase()}: wrong meter, or update the setting`, { meter });
  }
  const out: Negotiated = {
    conformance: ui.negotiatedConformance,
    serverMaxPdu: ui.serverMaxReceivePduSize || 0xffff,
    dlmsVersion: ui.negotiatedDlmsVersion,
    vaaName: ui.vaaName,
  };
  const st = title ?? (s.serverSystemTitle ? Buffer.from(s.serverSystemTitle, 'hex') : undefined);
  if (st) out.serverSystemTitle = st;
  if (aare.respondingAuthenticationValue) out.serverChallenge = Buffer.from(aare.respondingAuthenticationValue.value);
  return out;
}

const MECHANISM_TEXT: Record<string, string> = {
  low: 'wrong LLS password',
  high: 'manufacturer HLS (mechanism 2) response rejected',
  'high-md5': 'wrong HLS secret (HLS-MD5)',
  'high-sha1': 'wrong HLS secret (HLS-SHA1)',
  'high-sha256': 'wrong HLS secret (HLS-SHA256)',
  'high-gmac': 'wrong encryption/authentication key or system title (HLS-GMAC)',
  'high-ecdsa': 'wrong signing key or certificate (HLS-ECDSA)',
  lowest: 'the meter requires authentication for this client',
};

/** "authentication failed: wrong LLS password for client 32" — never the secret itself. */
export function authFailedError(s: ConnectionSettings, mechanism: AuthenticationMechanism, detail?: string): DlmsError {
  const what = MECHANISM_TEXT[mechanism.name] ?? `mechanism ${mechanism.name} rejected`;
  return new DlmsError('authentication-failed', `authentication failed: ${what} for ${clientLabel(s)}${detail ? ` (${detail})` : ''}`, {
    meter: s.name, clientSap: s.clientSap, mechanism: mechanism.name,
  });
}

function throwAuthFailed(s: ConnectionSettings, mechanism: AuthenticationMechanism, detail: string): never {
  throw authFailedError(s, mechanism, detail);
}
