import { BufferReader } from '../codec/buffer-reader';
import { BufferWriter } from '../codec/buffer-writer';
import {
  BER_APPLICATION,
  BER_CONTEXT,
  BER_UNIVERSAL,
  BerUniversal,
  berTlv,
  decodeBerInteger,
  decodeOid,
  encodeBerInteger,
  encodeOid,
  expectBerTlv,
  readBerLength,
  readBerTlv,
  writeBerLength,
  type BerTlv,
} from '../codec/ber';
import { ApplicationContextId, MechanismId } from './enums';
import { decodeUserInformation, encodeUserInformation, type UserInformation } from './user-information';
import { EncodeError } from '../errors';

/**
 * ACSE APDUs (ITU-T X.227 as profiled by IEC 62056-5-3 / Green Book 9.4.2): AARQ [APPLICATION 0],
 * AARE [APPLICATION 1], RLRQ [APPLICATION 2], RLRE [APPLICATION 3], BER encoded. Fields are
 * context-tagged and must appear in ascending tag order; unknown tags are refused.
 */
export const AARQ_TAG = 0x60;
export const AARE_TAG = 0x61;
export const RLRQ_TAG = 0x62;
export const RLRE_TAG = 0x63;

/** authentication-value CHOICE: charstring [0] GraphicString, bitstring [1], external [2], other [3]. */
export type AuthenticationValueChoice = 'charstring' | 'bitstring' | 'external' | 'other';
export interface AuthenticationValue {
  choice: AuthenticationValueChoice;
  /** The content octets (for a bitstring: the unused-bits octet first). */
  value: Buffer;
}
const AUTH_CHOICES: AuthenticationValueChoice[] = ['charstring', 'bitstring', 'external', 'other'];

/** Fields common to the ACSE APDUs; `applicationContextName` and `mechanismName` are names (enums.ts) or dotted OIDs. */
export interface Aarq {
  service: 'aarq';
  /** protocol-version BIT STRING content (unused-bits octet first); absent means version1. */
  protocolVersion?: Buffer;
  applicationContextName: string;
  calledApTitle?: Buffer;
  calledAeQualifier?: Buffer;
  calledApInvocationId?: number;
  calledAeInvocationId?: number;
  /** The client system title. */
  callingApTitle?: Buffer;
  callingAeQualifier?: Buffer;
  callingApInvocationId?: number;
  callingAeInvocationId?: number;
  /** ACSE-requirements BIT STRING content: 07 80 sets the authentication functional unit. */
  senderAcseRequirements?: Buffer;
  mechanismName?: string;
  callingAuthenticationValue?: AuthenticationValue;
  implementationInformation?: Buffer;
  userInformation?: UserInformation;
}

export interface ResultSourceDiagnostic {
  source: 'acse-service-user' | 'acse-service-provider';
  value: number;
}

export interface Aare {
  service: 'aare';
  protocolVersion?: Buffer;
  applicationContextName: string;
  /** Association-result: 0 accepted, 1 rejected-permanent, 2 rejected-transient. */
  result: number;
  resultSourceDiagnostic: ResultSourceDiagnostic;
  /** The server system title. */
  respondingApTitle?: Buffer;
  respondingAeQualifier?: Buffer;
  respondingApInvocationId?: number;
  respondingAeInvocationId?: number;
  responderAcseRequirements?: Buffer;
  mechanismName?: string;
  respondingAuthenticationValue?: AuthenticationValue;
  implementationInformation?: Buffer;
  userInformation?: UserInformation;
}

export interface Rlrq {
  service: 'rlrq';
  /** Release-request-reason: 0 normal, 1 urgent, 30 user-defined. */
  reason?: number;
  userInformation?: UserInformation;
}

export interface Rlre {
  service: 'rlre';
  /** Release-response-reason: 0 normal, 1 not-finished, 30 user-defined. */
  reason?: number;
  userInformation?: UserInformation;
}

export type AcseApdu = Aarq | Aare | Rlrq | Rlre;

/** Authentication functional unit: bit 0 of ACSE-requirements. */
export const ACSE_REQUIREMENTS_AUTHENTICATION = Buffer.from([0x07, 0x80]);

const CONTEXT_OID_PREFIX = '2.16.756.5.8.1.';
const MECHANISM_OID_PREFIX = '2.16.756.5.8.2.';

function oidToName(oid: string, prefix: string, e: typeof ApplicationContextId): string {
  if (oid.startsWith(prefix)) {
    const entry = e.byValue(Number(oid.slice(prefix.length)));
    if (entry) return entry.name;
  }
  return oid;
}

function nameToOid(name: string, prefix: string, e: typeof ApplicationContextId, what: string): string {
  const entry = e.byName(name);
  if (entry) return prefix + entry.value;
  if (/^\d+(\.\d+)+$/.test(name)) return name;
  throw new EncodeError(`unknown ${what} "${name}" (known: ${e.entries.map((x) => x.name).join(', ')}, or a dotted OID)`);
}

// ---------------------------------------------------------------------------------------------
// Field kinds: how a context-tagged field's content is read and written.

type Kind = 'bits' | 'context-name' | 'mechanism' | 'title' | 'invocation-id' | 'auth-value' | 'octets' | 'int-explicit' | 'int-implicit' | 'diagnostic' | 'user-info';

interface FieldSpec {
  tag: number;
  key: string;
  kind: Kind;
}

/** Constructed (explicit) kinds; the others are primitive (implicit). */
const CONSTRUCTED: Record<Kind, boolean> = {
  bits: false,
  'context-name': true,
  mechanism: false,
  title: true,
  'invocation-id': true,
  'auth-value': true,
  octets: false,
  'int-explicit': true,
  'int-implicit': false,
  diagnostic: true,
  'user-info': true,
};

const AARQ_FIELDS: FieldSpec[] = [
  { tag: 0, key: 'protocolVersion', kind: 'bits' },
  { tag: 1, key: 'applicationContextName', kind: 'context-name' },
  { tag: 2, key: 'calledApTitle', kind: 'title' },
  { tag: 3, key: 'calledAeQualifier', kind: 'title' },
  { tag: 4, key: 'calledApInvocationId', kind: 'invocation-id' },
  { tag: 5, key: 'calledAeInvocationId', kind: 'invocation-id' },
  { tag: 6, key: 'callingApTitle', kind: 'title' },
  { tag: 7, key: 'callingAeQualifier', kind: 'title' },
  { tag: 8, key: 'callingApInvocationId', kind: 'invocation-id' },
  { tag: 9, key: 'callingAeInvocationId', kind: 'invocation-id' },
  { tag: 10, key: 'senderAcseRequirements', kind: 'bits' },
  { tag: 11, key: 'mechanismName', kind: 'mechanism' },
  { tag: 12, key: 'callingAuthenticationValue', kind: 'auth-value' },
  { tag: 29, key: 'implementationInformation', kind: 'octets' },
  { tag: 30, key: 'userInformation', kind: 'user-info' },
];

const AARE_FIELDS: FieldSpec[] = [
  { tag: 0, key: 'protocolVersion', kind: 'bits' },
  { tag: 1, key: 'applicationContextName', kind: 'context-name' },
  { tag: 2, key: 'result', kind: 'int-explicit' },
  { tag: 3, key: 'resultSourceDiagnostic', kind: 'diagnostic' },
  { tag: 4, key: 'respondingApTitle', kind: 'title' },
  { tag: 5, key: 'respondingAeQualifier', kind: 'title' },
  { tag: 6, key: 'respondingApInvocationId', kind: 'invocation-id' },
  { tag: 7, key: 'respondingAeInvocationId', kind: 'invocation-id' },
  { tag: 8, key: 'responderAcseRequirements', kind: 'bits' },
  { tag: 9, key: 'mechanismName', kind: 'mechanism' },
  { tag: 10, key: 'respondingAuthenticationValue', kind: 'auth-value' },
  { tag: 29, key: 'implementationInformation', kind: 'octets' },
  { tag: 30, key: 'userInformation', kind: 'user-info' },
];

const RELEASE_FIELDS: FieldSpec[] = [
  { tag: 0, key: 'reason', kind: 'int-implicit' },
  { tag: 30, key: 'userInformation', kind: 'user-info' },
];

function oneInner(tlv: BerTlv, universal: number, what: string): BerTlv {
  const inner = expectBerTlv(tlv.content, BER_UNIVERSAL, false, universal, what);
  if (!tlv.content.atEnd()) tlv.content.fail(`${what}: ${tlv.content.remaining} unexpected octet(s) after the value`);
  return inner;
}

function readField(tlv: BerTlv, spec: FieldSpec): unknown {
  const c = tlv.content;
  const what = spec.key;
  switch (spec.kind) {
    case 'bits': {
      const at = c.pos;
      const b = c.rest();
      if (b.length === 0 || b[0] > 7 || (b[0] > 0 && b.length === 1)) c.fail(`${what}: invalid BIT STRING`, at);
      return b;
    }
    case 'context-name':
      return oidToName(decodeOid(oneInner(tlv, BerUniversal.objectIdentifier, what).content, what), CONTEXT_OID_PREFIX, ApplicationContextId);
    case 'mechanism':
      return oidToName(decodeOid(c, what), MECHANISM_OID_PREFIX, MechanismId);
    case 'title':
      return oneInner(tlv, BerUniversal.octetString, what).content.rest();
    case 'invocation-id':
    case 'int-explicit':
      return decodeBerInteger(oneInner(tlv, BerUniversal.integer, what).content, what);
    case 'int-implicit':
      return decodeBerInteger(c, what);
    case 'octets':
      return c.rest();
    case 'auth-value': {
      const inner = readBerTlv(c, what);
      if (inner.tag.tagClass !== BER_CONTEXT || inner.tag.number > 3) c.fail(`${what}: expected a context tag [0]..[3] (charstring, bitstring, external, other)`, inner.at);
      if (!c.atEnd()) c.fail(`${what}: ${c.remaining} unexpected octet(s) after the value`);
      return { choice: AUTH_CHOICES[inner.tag.number], value: inner.content.rest() } satisfies AuthenticationValue;
    }
    case 'diagnostic': {
      const inner = readBerTlv(c, what);
      if (inner.tag.tagClass !== BER_CONTEXT || !inner.tag.constructed || (inner.tag.number !== 1 && inner.tag.number !== 2)) {
        c.fail(`${what}: expected [1] acse-service-user or [2] acse-service-provider`, inner.at);
      }
      if (!c.atEnd()) c.fail(`${what}: ${c.remaining} unexpected octet(s) after the value`);
      const value = decodeBerInteger(oneInner(inner, BerUniversal.integer, what).content, what);
      return { source: inner.tag.number === 1 ? 'acse-service-user' : 'acse-service-provider', value } satisfies ResultSourceDiagnostic;
    }
    case 'user-info': {
      const inner = oneInner(tlv, BerUniversal.octetString, what);
      return decodeUserInformation(inner.content);
    }
  }
}

function fieldContent(spec: FieldSpec, v: unknown): Buffer {
  const what = spec.key;
  switch (spec.kind) {
    case 'bits':
    case 'octets':
      if (!Buffer.isBuffer(v)) throw new EncodeError(`${what} must be a Buffer`);
      return v;
    case 'context-name':
      return berTlv(BER_UNIVERSAL, false, BerUniversal.objectIdentifier, encodeOid(nameToOid(String(v), CONTEXT_OID_PREFIX, ApplicationContextId, 'application context name')));
    case 'mechanism':
      return encodeOid(nameToOid(String(v), MECHANISM_OID_PREFIX, MechanismId, 'authentication mechanism name'));
    case 'title':
      if (!Buffer.isBuffer(v)) throw new EncodeError(`${what} must be a Buffer`);
      return berTlv(BER_UNIVERSAL, false, BerUniversal.octetString, v);
    case 'invocation-id':
    case 'int-explicit':
      return berTlv(BER_UNIVERSAL, false, BerUniversal.integer, encodeBerInteger(v as number));
    case 'int-implicit':
      return encodeBerInteger(v as number);
    case 'auth-value': {
      const a = v as AuthenticationValue;
      const n = AUTH_CHOICES.indexOf(a.choice);
      if (n < 0) throw new EncodeError(`authentication value choice "${a.choice}" is not one of ${AUTH_CHOICES.join(', ')}`);
      return berTlv(BER_CONTEXT, n >= 2, n, a.value);
    }
    case 'diagnostic': {
      const d = v as ResultSourceDiagnostic;
      const n = d.source === 'acse-service-user' ? 1 : d.source === 'acse-service-provider' ? 2 : 0;
      if (!n) throw new EncodeError(`result source "${d.source}" is not acse-service-user or acse-service-provider`);
      return berTlv(BER_CONTEXT, true, n, berTlv(BER_UNIVERSAL, false, BerUniversal.integer, encodeBerInteger(d.value)));
    }
    case 'user-info':
      return berTlv(BER_UNIVERSAL, false, BerUniversal.octetString, encodeUserInformation(v as UserInformation));
  }
}

function decodeFields(r: BufferReader, specs: FieldSpec[], name: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let last = -1;
  while (!r.atEnd()) {
    const tlv = readBerTlv(r, `${name} field`);
    const spec = tlv.tag.tagClass === BER_CONTEXT ? specs.find((s) => s.tag === tlv.tag.number) : undefined;
    if (!spec || CONSTRUCTED[spec.kind] !== tlv.tag.constructed) {
      r.fail(`${name}: unexpected field tag (class 0x${tlv.tag.tagClass.toString(16)}, number ${tlv.tag.number}${tlv.tag.constructed ? ', constructed' : ''})`, tlv.at);
    }
    if (spec.tag <= last) r.fail(`${name}: field [${spec.tag}] out of order or repeated`, tlv.at);
    last = spec.tag;
    out[spec.key] = readField(tlv, spec);
    if (!tlv.content.atEnd()) tlv.content.fail(`${name} ${spec.key}: ${tlv.content.remaining} unexpected octet(s)`);
  }
  return out;
}

function encodeFields(tag: number, apdu: object, specs: FieldSpec[]): Buffer {
  const body = new BufferWriter(128);
  const rec = apdu as Record<string, unknown>;
  for (const spec of specs) {
    const v = rec[spec.key];
    if (v === undefined || v === null) continue;
    const content = fieldContent(spec, v);
    body.u8(BER_CONTEXT | (CONSTRUCTED[spec.kind] ? 0x20 : 0) | spec.tag);
    writeBerLength(body, content.length);
    body.bytes(content);
  }
  const inner = body.toBuffer();
  const w = new BufferWriter(inner.length + 6);
  w.u8(tag);
  writeBerLength(w, inner.length);
  w.bytes(inner);
  return w.toBuffer();
}

/** Decode the body of an ACSE APDU whose first (application) tag octet has been read. */
export function decodeAcse(r: BufferReader, tag: number): AcseApdu {
  const at = r.pos - 1;
  const len = readBerLength(r, 'ACSE APDU length');
  const end = r.pos + len;
  const sub = new BufferReader(r.buf, r.pos, end);
  r.pos = end;
  switch (tag) {
    case AARQ_TAG: {
      const f = decodeFields(sub, AARQ_FIELDS, 'AARQ');
      if (f.applicationContextName === undefined) r.fail('AARQ without application-context-name', at);
      return { service: 'aarq', ...f } as Aarq;
    }
    case AARE_TAG: {
      const f = decodeFields(sub, AARE_FIELDS, 'AARE');
      for (const k of ['applicationContextName', 'result', 'resultSourceDiagnostic']) {
        if (f[k] === undefined) r.fail(`AARE without ${k}`, at);
      }
      return { service: 'aare', ...f } as unknown as Aare;
    }
    case RLRQ_TAG:
      return { service: 'rlrq', ...decodeFields(sub, RELEASE_FIELDS, 'RLRQ') } as Rlrq;
    case RLRE_TAG:
      return { service: 'rlre', ...decodeFields(sub, RELEASE_FIELDS, 'RLRE') } as Rlre;
    default:
      return r.fail(`not an ACSE APDU tag 0x${tag.toString(16)}`, at);
  }
}

export function encodeAcse(a: AcseApdu): Buffer {
  switch (a.service) {
    case 'aarq':
      if (!a.applicationContextName) throw new EncodeError('an AARQ needs an application context name');
      return encodeFields(AARQ_TAG, a, AARQ_FIELDS);
    case 'aare':
      if (!a.applicationContextName || a.result === undefined || !a.resultSourceDiagnostic) {
        throw new EncodeError('an AARE needs an application context name, a result and a result source diagnostic');
      }
      return encodeFields(AARE_TAG, a, AARE_FIELDS);
    case 'rlrq':
      return encodeFields(RLRQ_TAG, a, RELEASE_FIELDS);
    case 'rlre':
      return encodeFields(RLRE_TAG, a, RELEASE_FIELDS);
  }
}

/** True for the first octet of an ACSE APDU. */
export function isAcseTag(tag: number): boolean {
  return tag >= AARQ_TAG && tag <= RLRE_TAG && (tag & BER_APPLICATION) !== 0;
}
