import { BufferReader } from '../codec/buffer-reader';
import { BufferWriter } from '../codec/buffer-writer';
import { toHex } from '../codec/hex';
import { DecodeError, EncodeError } from '../errors';

/**
 * Protected xDLMS APDUs as structures (Green Book 9.2.7.2 / 9.5, xDLMS ASN.1): the
 * service-specific glo-/ded- envelopes, general-glo/ded-ciphering, general-ciphering and
 * general-signing. Nothing here does cryptography: the security header is parsed and the
 * ciphered payload is kept opaque (src/security does the rest).
 */

/** Bits of the security control byte (Green Book 9.2.7.2.3, "Security header"). */
export const SC_SUITE_MASK = 0x0f;
export const SC_AUTHENTICATED = 0x10;
export const SC_ENCRYPTED = 0x20;
export const SC_BROADCAST_KEY = 0x40;
export const SC_COMPRESSED = 0x80;

/** Every suite of the Green Book uses a 12-octet authentication tag. */
export const AUTH_TAG_LENGTH = 12;

export interface SecurityControl {
  securitySuite: number;
  authenticated: boolean;
  encrypted: boolean;
  broadcastKey: boolean;
  compressed: boolean;
}

export function parseSecurityControl(sc: number): SecurityControl {
  return {
    securitySuite: sc & SC_SUITE_MASK,
    authenticated: (sc & SC_AUTHENTICATED) !== 0,
    encrypted: (sc & SC_ENCRYPTED) !== 0,
    broadcastKey: (sc & SC_BROADCAST_KEY) !== 0,
    compressed: (sc & SC_COMPRESSED) !== 0,
  };
}

export function buildSecurityControl(p: Partial<SecurityControl>): number {
  const suite = p.securitySuite ?? 0;
  if (!Number.isInteger(suite) || suite < 0 || suite > 15) throw new EncodeError(`security suite ${suite} is out of range (0 to 15)`);
  return (
    suite |
    (p.authenticated ? SC_AUTHENTICATED : 0) |
    (p.encrypted ? SC_ENCRYPTED : 0) |
    (p.broadcastKey ? SC_BROADCAST_KEY : 0) |
    (p.compressed ? SC_COMPRESSED : 0)
  );
}

/** Service-specific envelopes: tag -> name. glo- is the plain tag + 0x20 (SN, initiate) or + 8 (LN); ded- + 0x40 or + 0x10. */
const SERVICE_SPECIFIC: ReadonlyArray<[number, string, number]> = [
  // [ciphered tag, name, tag of the plain APDU it carries]
  [0x21, 'glo-initiate-request', 0x01],
  [0x25, 'glo-read-request', 0x05],
  [0x26, 'glo-write-request', 0x06],
  [0x28, 'glo-initiate-response', 0x08],
  [0x2c, 'glo-read-response', 0x0c],
  [0x2d, 'glo-write-response', 0x0d],
  [0x2e, 'glo-confirmed-service-error', 0x0e],
  [0x36, 'glo-unconfirmed-write-request', 0x16],
  [0x38, 'glo-information-report-request', 0x18],
  [0x41, 'ded-initiate-request', 0x01],
  [0x45, 'ded-read-request', 0x05],
  [0x46, 'ded-write-request', 0x06],
  [0x48, 'ded-initiate-response', 0x08],
  [0x4c, 'ded-read-response', 0x0c],
  [0x4d, 'ded-write-response', 0x0d],
  [0x4e, 'ded-confirmed-service-error', 0x0e],
  [0x56, 'ded-unconfirmed-write-request', 0x16],
  [0x58, 'ded-information-report-request', 0x18],
  [0xc8, 'glo-get-request', 0xc0],
  [0xc9, 'glo-set-request', 0xc1],
  [0xca, 'glo-event-notification-request', 0xc2],
  [0xcb, 'glo-action-request', 0xc3],
  [0xcc, 'glo-get-response', 0xc4],
  [0xcd, 'glo-set-response', 0xc5],
  [0xcf, 'glo-action-response', 0xc7],
  [0xd0, 'ded-get-request', 0xc0],
  [0xd1, 'ded-set-request', 0xc1],
  [0xd2, 'ded-event-notification-request', 0xc2],
  [0xd3, 'ded-action-request', 0xc3],
  [0xd4, 'ded-get-response', 0xc4],
  [0xd5, 'ded-set-response', 0xc5],
  [0xd7, 'ded-action-response', 0xc7],
];

export const TAG_GENERAL_GLO_CIPHERING = 0xdb;
export const TAG_GENERAL_DED_CIPHERING = 0xdc;
export const TAG_GENERAL_CIPHERING = 0xdd;
export const TAG_GENERAL_SIGNING = 0xdf;

const NAME_BY_TAG = new Map<number, string>(SERVICE_SPECIFIC.map(([t, n]) => [t, n]));
const PLAIN_BY_TAG = new Map<number, number>(SERVICE_SPECIFIC.map(([t, , p]) => [t, p]));
const GLO_BY_PLAIN = new Map<number, number>(SERVICE_SPECIFIC.filter(([, n]) => n.startsWith('glo-')).map(([t, , p]) => [p, t]));
const DED_BY_PLAIN = new Map<number, number>(SERVICE_SPECIFIC.filter(([, n]) => n.startsWith('ded-')).map(([t, , p]) => [p, t]));

/** Name of a protected APDU tag, or undefined when the tag is not one. */
export function cipheredServiceName(tag: number): string | undefined {
  switch (tag) {
    case TAG_GENERAL_GLO_CIPHERING: return 'general-glo-ciphering';
    case TAG_GENERAL_DED_CIPHERING: return 'general-ded-ciphering';
    case TAG_GENERAL_CIPHERING: return 'general-ciphering';
    case TAG_GENERAL_SIGNING: return 'general-signing';
    default: return NAME_BY_TAG.get(tag);
  }
}

export function isCipheredTag(tag: number): boolean {
  return cipheredServiceName(tag) !== undefined;
}

/** The tag of the plain APDU a service-specific envelope must carry (e.g. 0xC8 -> 0xC0). */
export function plainTagOf(cipheredTag: number): number | undefined {
  return PLAIN_BY_TAG.get(cipheredTag);
}

/** The service-specific envelope tag for a plain APDU tag, or undefined if that service has none (e.g. data-notification). */
export function serviceSpecificTagFor(plainTag: number, scope: 'glo' | 'ded'): number | undefined {
  return (scope === 'glo' ? GLO_BY_PLAIN : DED_BY_PLAIN).get(plainTag);
}

/** Security header + ciphered information (+ tag): the content of every ciphering envelope. */
export interface SecuredContent {
  securityControl: number;
  invocationCounter: number;
  /** Octets after SC || IC: ciphered information, followed by the tag when authenticated. Shares the input's memory. */
  payload: Buffer;
}

export interface ServiceSpecificCiphered extends SecuredContent {
  kind: 'service-specific';
  tag: number;
  service: string;
}

export interface GeneralGloDedCiphered extends SecuredContent {
  kind: 'general-glo' | 'general-ded';
  tag: number;
  service: 'general-glo-ciphering' | 'general-ded-ciphering';
  /** May be empty: the sender left it to the association context. */
  systemTitle: Buffer;
}

/** Key-Info of general-ciphering (Green Book 9.5, xDLMS ASN.1). */
export type KeyInfo =
  | { type: 'identified-key'; keyId: number /* 0 global unicast EK, 1 global broadcast EK */ }
  | { type: 'wrapped-key'; kekId: number /* 0 master key */; keyCipheredData: Buffer }
  | { type: 'agreed-key'; keyParameters: Buffer; keyCipheredData: Buffer };

/** Fields common to general-ciphering and general-signing. */
export interface GeneralHeader {
  transactionId: Buffer;
  originatorSystemTitle: Buffer;
  recipientSystemTitle: Buffer;
  dateTime: Buffer;
  otherInformation: Buffer;
}

export interface GeneralCiphering extends SecuredContent, GeneralHeader {
  kind: 'general-ciphering';
  tag: number;
  service: 'general-ciphering';
  keyInfo: KeyInfo | null;
}

export interface GeneralSigning extends GeneralHeader {
  kind: 'general-signing';
  tag: number;
  service: 'general-signing';
  content: Buffer;
  signature: Buffer;
}

export type CipheredApdu = ServiceSpecificCiphered | GeneralGloDedCiphered | GeneralCiphering | GeneralSigning;

function octetString(r: BufferReader, what: string): Buffer {
  const n = r.axdrLength(`${what} length`);
  return r.bytes(n, what);
}

function securedContent(r: BufferReader, what: string): SecuredContent {
  const n = r.axdrLength(`${what} length`);
  r.need(n, what);
  if (n < 5) r.fail(`${what} holds ${n} octet(s); the security header alone needs 5 (security control + invocation counter)`);
  const securityControl = r.u8('security control');
  const invocationCounter = r.u32('invocation counter');
  return { securityControl, invocationCounter, payload: r.bytes(n - 5, 'ciphered information') };
}

function generalHeader(r: BufferReader): GeneralHeader {
  return {
    transactionId: octetString(r, 'transaction-id'),
    originatorSystemTitle: octetString(r, 'originator-system-title'),
    recipientSystemTitle: octetString(r, 'recipient-system-title'),
    dateTime: octetString(r, 'date-time'),
    otherInformation: octetString(r, 'other-information'),
  };
}

function keyInfo(r: BufferReader): KeyInfo | null {
  const present = r.u8('key-info presence');
  if (present === 0) return null;
  if (present !== 1) r.fail(`key-info presence flag ${present} (0 or 1 expected)`, r.pos - 1);
  const choice = r.u8('key-info choice');
  switch (choice) {
    case 0: return { type: 'identified-key', keyId: r.u8('key-id') };
    case 1: return { type: 'wrapped-key', kekId: r.u8('kek-id'), keyCipheredData: octetString(r, 'key-ciphered-data') };
    case 2: return { type: 'agreed-key', keyParameters: octetString(r, 'key-parameters'), keyCipheredData: octetString(r, 'key-ciphered-data') };
    default: return r.fail(`unknown key-info choice ${choice} (0 identified-key, 1 wrapped-key, 2 agreed-key)`, r.pos - 1);
  }
}

/** Parse one protected APDU from `r` (which may hold more after it). */
export function decodeCipheredFrom(r: BufferReader): CipheredApdu {
  const start = r.pos;
  const tag = r.u8('APDU tag');
  switch (tag) {
    case TAG_GENERAL_GLO_CIPHERING:
    case TAG_GENERAL_DED_CIPHERING: {
      const glo = tag === TAG_GENERAL_GLO_CIPHERING;
      const systemTitle = octetString(r, 'system-title');
      return {
        kind: glo ? 'general-glo' : 'general-ded',
        tag,
        service: glo ? 'general-glo-ciphering' : 'general-ded-ciphering',
        systemTitle,
        ...securedContent(r, 'ciphered-content'),
      };
    }
    case TAG_GENERAL_CIPHERING: {
      const header = generalHeader(r);
      const ki = keyInfo(r);
      return { kind: 'general-ciphering', tag, service: 'general-ciphering', ...header, keyInfo: ki, ...securedContent(r, 'ciphered-content') };
    }
    case TAG_GENERAL_SIGNING: {
      const header = generalHeader(r);
      const content = octetString(r, 'content');
      const signature = octetString(r, 'signature');
      return { kind: 'general-signing', tag, service: 'general-signing', ...header, content, signature };
    }
    default: {
      const service = NAME_BY_TAG.get(tag);
      if (!service) throw new DecodeError(`tag 0x${tag.toString(16).padStart(2, '0').toUpperCase()} is not a protected APDU`, start);
      return { kind: 'service-specific', tag, service, ...securedContent(r, service) };
    }
  }
}

/** Parse a buffer that holds exactly one protected APDU. */
export function decodeCiphered(bytes: Uint8Array): CipheredApdu {
  const r = new BufferReader(bytes);
  const apdu = decodeCipheredFrom(r);
  if (!r.atEnd()) r.fail(`${r.remaining} octet(s) after the end of the ${apdu.service} APDU`);
  return apdu;
}

function writeOctetString(w: BufferWriter, b: Uint8Array): void {
  w.axdrLength(b.length).bytes(b);
}

function writeSecuredContent(w: BufferWriter, c: SecuredContent): void {
  const ic = c.invocationCounter;
  if (!Number.isInteger(ic) || ic < 0 || ic > 0xffffffff) throw new EncodeError(`invocation counter ${ic} is out of range (0 to 4294967295)`);
  w.axdrLength(5 + c.payload.length).u8(c.securityControl).u32(ic).bytes(c.payload);
}

function writeGeneralHeader(w: BufferWriter, h: GeneralHeader): void {
  writeOctetString(w, h.transactionId);
  writeOctetString(w, h.originatorSystemTitle);
  writeOctetString(w, h.recipientSystemTitle);
  writeOctetString(w, h.dateTime);
  writeOctetString(w, h.otherInformation);
}

function writeKeyInfo(w: BufferWriter, k: KeyInfo | null): void {
  if (!k) {
    w.u8(0);
    return;
  }
  w.u8(1);
  switch (k.type) {
    case 'identified-key': w.u8(0).u8(k.keyId); break;
    case 'wrapped-key': w.u8(1).u8(k.kekId); writeOctetString(w, k.keyCipheredData); break;
    case 'agreed-key': w.u8(2); writeOctetString(w, k.keyParameters); writeOctetString(w, k.keyCipheredData); break;
  }
}

/**
 * The octets of general-signing covered by the signature: the APDU from its tag up to and
 * including the content field (everything but the signature). See src/security/signing.ts.
 */
export function encodeSigningInput(s: Omit<GeneralSigning, 'signature' | 'kind' | 'service' | 'tag'>): Buffer {
  const w = new BufferWriter(64 + s.content.length);
  w.u8(TAG_GENERAL_SIGNING);
  writeGeneralHeader(w, s);
  writeOctetString(w, s.content);
  return w.toBuffer();
}

export function encodeCiphered(apdu: CipheredApdu): Buffer {
  const size = 32 + ('payload' in apdu ? apdu.payload.length : apdu.content.length + apdu.signature.length);
  const w = new BufferWriter(size);
  switch (apdu.kind) {
    case 'service-specific':
      if (!NAME_BY_TAG.has(apdu.tag)) throw new EncodeError(`tag 0x${apdu.tag.toString(16)} is not a service-specific ciphering tag`);
      w.u8(apdu.tag);
      writeSecuredContent(w, apdu);
      break;
    case 'general-glo':
    case 'general-ded':
      w.u8(apdu.kind === 'general-glo' ? TAG_GENERAL_GLO_CIPHERING : TAG_GENERAL_DED_CIPHERING);
      writeOctetString(w, apdu.systemTitle);
      writeSecuredContent(w, apdu);
      break;
    case 'general-ciphering':
      w.u8(TAG_GENERAL_CIPHERING);
      writeGeneralHeader(w, apdu);
      writeKeyInfo(w, apdu.keyInfo);
      writeSecuredContent(w, apdu);
      break;
    case 'general-signing':
      w.bytes(encodeSigningInput(apdu));
      writeOctetString(w, apdu.signature);
      break;
  }
  return w.toBuffer();
}

/** Split a payload into ciphered information and tag, per the authenticated bit. */
export function splitPayload(c: SecuredContent): { cipheredInformation: Buffer; tag: Buffer | null } {
  if (!(c.securityControl & SC_AUTHENTICATED)) return { cipheredInformation: c.payload, tag: null };
  if (c.payload.length < AUTH_TAG_LENGTH) {
    throw new DecodeError(`authenticated APDU holds ${c.payload.length} octet(s) after the security header, fewer than the ${AUTH_TAG_LENGTH}-octet tag`, 5, {}, 'truncated');
  }
  const cut = c.payload.length - AUTH_TAG_LENGTH;
  return { cipheredInformation: c.payload.subarray(0, cut), tag: c.payload.subarray(cut) };
}

function describeKeyInfo(k: KeyInfo | null): Record<string, unknown> | null {
  if (!k) return null;
  switch (k.type) {
    case 'identified-key': return { type: k.type, keyId: k.keyId };
    case 'wrapped-key': return { type: k.type, kekId: k.kekId, keyCipheredData: toHex(k.keyCipheredData) };
    case 'agreed-key': return { type: k.type, keyParameters: toHex(k.keyParameters), keyCipheredData: toHex(k.keyCipheredData) };
  }
}

/** The structural description used by the vectors (apdu.json / security.json `expect`). */
export function describeCiphered(apdu: CipheredApdu): Record<string, unknown> {
  const out: Record<string, unknown> = { service: apdu.service };
  if (apdu.kind === 'general-signing') {
    return {
      ...out,
      transactionId: toHex(apdu.transactionId),
      originatorSystemTitle: toHex(apdu.originatorSystemTitle),
      recipientSystemTitle: toHex(apdu.recipientSystemTitle),
      dateTime: toHex(apdu.dateTime),
      otherInformation: toHex(apdu.otherInformation),
      content: toHex(apdu.content),
      signature: toHex(apdu.signature),
    };
  }
  if (apdu.kind === 'general-glo' || apdu.kind === 'general-ded') out.systemTitle = toHex(apdu.systemTitle);
  if (apdu.kind === 'general-ciphering') {
    out.transactionId = toHex(apdu.transactionId);
    out.originatorSystemTitle = toHex(apdu.originatorSystemTitle);
    out.recipientSystemTitle = toHex(apdu.recipientSystemTitle);
    out.dateTime = toHex(apdu.dateTime);
    out.otherInformation = toHex(apdu.otherInformation);
    out.keyInfo = describeKeyInfo(apdu.keyInfo);
  }
  const { cipheredInformation, tag } = splitPayload(apdu);
  return {
    ...out,
    securityControl: toHex(Buffer.of(apdu.securityControl)),
    ...parseSecurityControl(apdu.securityControl),
    invocationCounter: apdu.invocationCounter,
    cipheredInformation: toHex(cipheredInformation),
    tag: tag ? toHex(tag) : null,
  };
}
