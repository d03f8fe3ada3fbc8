import type { BufferReader } from '../codec/buffer-reader';
import type { BufferWriter } from '../codec/buffer-writer';
import { checkRange, readOctetString, writeOctetString } from './common';
import { EncodeError } from '../errors';

/**
 * The framing of protected xDLMS APDUs (Green Book 9.2.7.2.4 / 9.5), without any cryptography:
 * glo-/ded- APDUs are tag + OCTET STRING (security header || information), general-glo/ded
 * add a system-title OCTET STRING first. The security header is the security control octet and
 * the 4-octet invocation counter; with authentication the last 12 octets are the GCM tag.
 * Deciphering is done by the security layer (ciphered.ts); this only splits the octets so that
 * the APDU decoder can check lengths and describe what it saw.
 */
const GLO_DED_NAMES = [
  [0x21, 'initiate-request'],
  [0x25, 'read-request'],
  [0x26, 'write-request'],
  [0x28, 'initiate-response'],
  [0x2c, 'read-response'],
  [0x2d, 'write-response'],
  [0x2e, 'confirmed-service-error'],
  [0x36, 'unconfirmed-write-request'],
  [0x38, 'information-report-request'],
  [0xc8, 'get-request'],
  [0xc9, 'set-request'],
  [0xca, 'event-notification-request'],
  [0xcb, 'action-request'],
  [0xcc, 'get-response'],
  [0xcd, 'set-response'],
  [0xcf, 'action-response'],
] as const;

type GloDedName = (typeof GLO_DED_NAMES)[number][1];
export type ProtectedService = `glo-${GloDedName}` | `ded-${GloDedName}` | 'general-glo-ciphering' | 'general-ded-ciphering';

/** The ded- tag is the glo- tag + 0x20 for the ACSE-level ones, + 0x08 for the LN services. */
function dedTag(gloTag: number): number {
  return gloTag < 0xc0 ? gloTag + 0x20 : gloTag + 0x08;
}

export const GENERAL_GLO_CIPHERING_TAG = 0xdb;
export const GENERAL_DED_CIPHERING_TAG = 0xdc;

const NAME_BY_TAG = new Map<number, ProtectedService>();
const TAG_BY_NAME = new Map<string, number>();
for (const [tag, name] of GLO_DED_NAMES) {
  NAME_BY_TAG.set(tag, `glo-${name}`);
  NAME_BY_TAG.set(dedTag(tag), `ded-${name}`);
}
NAME_BY_TAG.set(GENERAL_GLO_CIPHERING_TAG, 'general-glo-ciphering');
NAME_BY_TAG.set(GENERAL_DED_CIPHERING_TAG, 'general-ded-ciphering');
for (const [tag, name] of NAME_BY_TAG) TAG_BY_NAME.set(name, tag);

/** Service name (`glo-get-request`, `general-glo-ciphering`, ...) of a protected APDU tag. */
export function protectedServiceName(tag: number): ProtectedService | undefined {
  return NAME_BY_TAG.get(tag);
}

export function protectedServiceTag(service: string): number | undefined {
  return TAG_BY_NAME.get(service);
}

export const GCM_TAG_LENGTH = 12;

export interface ProtectedApduFrame {
  /** `glo-get-request`, `ded-action-response`, `general-glo-ciphering`, ... */
  service: ProtectedService;
  /** Only for general-glo/ded-ciphering (may be empty). */
  systemTitle?: Buffer;
  /** Bits 0-3 suite, 4 authenticated, 5 encrypted, 6 broadcast key, 7 compressed. */
  securityControl: number;
  invocationCounter: number;
  /** Ciphertext (or plaintext when only authenticated), without the tag. */
  cipheredInformation: Buffer;
  /** The 12-octet authentication tag, null when the security control has no authentication. */
  tag: Buffer | null;
}

export function isProtectedTag(tag: number): boolean {
  return NAME_BY_TAG.has(tag);
}

function splitContent(r: BufferReader, content: Buffer, at: number): Omit<ProtectedApduFrame, 'service' | 'systemTitle'> {
  if (content.length < 5) r.fail(`protected APDU content of ${content.length} octet(s) is shorter than its security header (5 octets)`, at, 'truncated');
  const securityControl = content[0];
  const invocationCounter = content.readUInt32BE(1);
  const authenticated = (securityControl & 0x10) !== 0;
  if (authenticated && content.length < 5 + GCM_TAG_LENGTH) {
    r.fail(`authenticated APDU content of ${content.length} octet(s) has no room for its ${GCM_TAG_LENGTH}-octet tag`, at, 'truncated');
  }
  const end = authenticated ? content.length - GCM_TAG_LENGTH : content.length;
  return {
    securityControl,
    invocationCounter,
    cipheredInformation: content.subarray(5, end),
    tag: authenticated ? content.subarray(end) : null,
  };
}

/** Decode the body of a protected APDU whose tag has been read. */
export function decodeProtectedFrame(r: BufferReader, tag: number): ProtectedApduFrame {
  const service = NAME_BY_TAG.get(tag);
  if (!service) return r.fail(`not a protected APDU tag 0x${tag.toString(16)}`, r.pos - 1);
  if (tag === GENERAL_GLO_CIPHERING_TAG || tag === GENERAL_DED_CIPHERING_TAG) {
    const systemTitle = readOctetString(r, 'system-title');
    const at = r.pos;
    return { service, systemTitle, ...splitContent(r, readOctetString(r, 'ciphered-content'), at) };
  }
  const at = r.pos;
  return { service, ...splitContent(r, readOctetString(r, 'ciphered-content'), at) };
}

export function encodeProtectedFrame(w: BufferWriter, a: ProtectedApduFrame): void {
  const tag = TAG_BY_NAME.get(a.service);
  if (tag === undefined) throw new EncodeError(`"${a.service}" is not a protected APDU service`);
  checkRange(a.securityControl, 0, 255, 'security control');
  checkRange(a.invocationCounter, 0, 0xffffffff, 'invocation counter');
  const authenticated = (a.securityControl & 0x10) !== 0;
  if (authenticated !== (a.tag !== null && a.tag !== undefined)) {
    throw new EncodeError('the authentication tag must be present exactly when the security control has the authentication bit (0x10)');
  }
  w.u8(tag);
  if (tag === GENERAL_GLO_CIPHERING_TAG || tag === GENERAL_DED_CIPHERING_TAG) writeOctetString(w, a.systemTitle ?? Buffer.alloc(0));
  const tagLen = a.tag ? a.tag.length : 0;
  w.axdrLength(5 + a.cipheredInformation.length + tagLen);
  w.u8(a.securityControl).u32(a.invocationCounter);
  w.bytes(a.cipheredInformation);
  if (a.tag) w.bytes(a.tag);
}
