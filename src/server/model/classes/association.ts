import { D, type DlmsData } from '../../../codec/data';
import { obisToBytes } from '../../../codec/obis';
import { type ClassHandler, type CompiledAssociation, type ObjectEnv, type ObjectRights } from '../handler';
import { MECHANISM } from '../types';
import { noMethod } from './common';

/**
 * Association LN (class_id 15, version 1) and Association SN (class_id 12, version 2). The
 * instance 0.0.40.0.0.255 is the current association; an instance with `associationOf` shows
 * another association of the same logical device. Secrets live in per-meter state keyed by
 * client SAP, so change_HLS_secret and writes of `secret` are seen by the session layer through
 * CosemModel.secretOf().
 */
const ATTRIBUTE_ACCESS: Record<string, number> = { none: 0, read: 1, write: 2, 'read-write': 3, 'auth-read': 4, 'auth-write': 5, 'auth-read-write': 6 };
const METHOD_ACCESS: Record<string, number> = { none: 0, access: 1, 'auth-access': 2 };
const CONTEXT_ID: Record<string, number> = { ln: 1, sn: 2, 'ln-ciphered': 3, 'sn-ciphered': 4 };

/** xDLMS conformance bits (Green Book), first bit first. */
const CONFORMANCE_BITS = {
  'general-protection': 1, read: 3, write: 4, 'unconfirmed-write': 5, 'attribute0-supported-with-set': 8,
  'attribute0-supported-with-get': 10, 'block-transfer-with-get-or-read': 11, 'block-transfer-with-set-or-write': 12,
  'block-transfer-with-action': 13, 'multiple-references': 14, 'information-report': 15, 'data-notification': 16,
  'parameterized-access': 18, get: 19, set: 20, 'selective-access': 21, 'event-notification': 22, action: 23,
} as const;

export function conformance(names: (keyof typeof CONFORMANCE_BITS)[]): string {
  const bits = Array(24).fill('0');
  for (const n of names) bits[CONFORMANCE_BITS[n]] = '1';
  return bits.join('');
}

export const LN_CONFORMANCE = conformance(['general-protection', 'block-transfer-with-get-or-read', 'block-transfer-with-set-or-write', 'block-transfer-with-action', 'multiple-references', 'data-notification', 'get', 'set', 'selective-access', 'event-notification', 'action']);
export const SN_CONFORMANCE = conformance(['read', 'write', 'unconfirmed-write', 'block-transfer-with-get-or-read', 'block-transfer-with-set-or-write', 'multiple-references', 'information-report', 'parameterized-access']);

function targetAssociation(env: ObjectEnv): CompiledAssociation | undefined {
  const of = env.obj.def.associationOf;
  if (of === undefined) return env.assoc;
  return env.meter.associations.find((a) => a.def.clientSap === of && a.def.logicalDevice === env.obj.ld);
}

function accessRightsData(obj: { handler: { attributeCount: number; methodCount: number } }, r: ObjectRights): DlmsData {
  const attrs: DlmsData[] = [];
  for (let a = 1; a <= obj.handler.attributeCount; a++) {
    const sel = r.selectors[a];
    attrs.push(D.structure([D.integer(a), D.enum(ATTRIBUTE_ACCESS[r.attributes[a] ?? 'none']), sel && sel.length ? D.array(sel.map((s) => D.integer(s))) : D.null()]));
  }
  const methods: DlmsData[] = [];
  for (let m = 1; m <= obj.handler.methodCount; m++) methods.push(D.structure([D.integer(m), D.enum(METHOD_ACCESS[r.methods[m] ?? 'none'])]));
  return D.structure([D.array(attrs), D.array(methods)]);
}

const signedLong = (bn: number): DlmsData => D.long(bn > 0x7fff ? bn - 0x10000 : bn);

export function secretOf(env: { meter: ObjectEnv['meter'] }, a: CompiledAssociation): Buffer {
  const written = env.meter.state.get(`secret/${a.def.logicalDevice}/${a.def.clientSap}`) as Buffer | undefined;
  return written ?? Buffer.from(a.def.secret ?? '', 'hex');
}

function setSecret(env: ObjectEnv, a: CompiledAssociation, value: DlmsData): 'success' | 'type-unmatched' {
  if (value.type !== 'octet-string') return 'type-unmatched';
  env.meter.state.set(`secret/${a.def.logicalDevice}/${a.def.clientSap}`, Buffer.from(value.value));
  return 'success';
}

export const associationLnClass: ClassHandler = {
  classId: 15,
  version: 1,
  attributeCount: 9,
  methodCount: 4,
  firstMethodOffset: 0x60,
  get(env, attribute) {
    const a = targetAssociation(env);
    if (!a) return { error: 'object-unavailable' };
    const d = a.def;
    switch (attribute) {
      case 2:
        return {
          data: D.array(
            [...a.rights].map(([o, r]) =>
              D.structure([D.longUnsigned(o.classId), D.unsigned(o.version), D.octetString(obisToBytes(o.obis)), accessRightsData(o, r)]),
            ),
          ),
        };
      case 3:
        return { data: D.structure([D.integer(d.clientSap), D.longUnsigned(d.logicalDevice)]) };
      case 4:
        return { data: D.octetString(Buffer.from([0x60, 0x85, 0x74, 0x05, 0x08, 0x01, CONTEXT_ID[d.context]])) };
      case 5: {
        const ciphered = d.context.endsWith('ciphered');
        const conf = d.conformance ?? (d.context.startsWith('sn') ? SN_CONFORMANCE : LN_CONFORMANCE);
        return {
          data: D.structure([D.bitString(ciphered ? conf : '0' + conf.slice(1)), D.longUnsigned(d.maxPduSize ?? 1024), D.longUnsigned(d.maxPduSize ?? 1024), D.unsigned(6), D.integer(0), D.octetString(Buffer.alloc(0))]),
        };
      }
      case 6:
        return { data: D.octetString(Buffer.from([0x60, 0x85, 0x74, 0x05, 0x08, 0x02, MECHANISM[d.mechanism]])) };
      case 7:
        return { error: 'read-write-denied' }; // a secret is never readable
      case 8:
        return { data: D.enum(a === env.assoc ? 2 : 0) };
      case 9:
        return { data: D.octetString(d.securitySetup ? obisToBytes(d.securitySetup) : Buffer.alloc(6)) };
      default:
        return { error: 'object-undefined' };
    }
  },
  set(env, attribute, value) {
    const a = targetAssociation(env);
    if (!a) return 'object-unavailable';
    return attribute === 7 ? setSecret(env, a, value) : 'read-write-denied';
  },
  action(env, method, params) {
    const a = targetAssociation(env);
    if (!a) return { result: 'object-unavailable' };
    switch (method) {
      case 1:
        // reply_to_HLS_authentication needs the security layer: the server session answers it.
        return { result: 'object-unavailable' };
      case 2:
        if (!params) return { result: 'type-unmatched' };
        return { result: setSecret(env, a, params) };
      case 3:
      case 4:
        // The object list is fixed by the model definition.
        return { result: 'read-write-denied' };
      default:
        return noMethod;
    }
  },
};

export const associationSnClass: ClassHandler = {
  classId: 12,
  version: 2,
  attributeCount: 4,
  methodCount: 2,
  firstMethodOffset: 0x20,
  get(env, attribute) {
    const a = targetAssociation(env);
    if (!a) return { error: 'object-unavailable' };
    const objects = [...a.rights];
    switch (attribute) {
      case 2:
        return { data: D.array(objects.map(([o]) => D.structure([signedLong(o.baseName), D.longUnsigned(o.classId), D.unsigned(o.version), D.octetString(obisToBytes(o.obis))]))) };
      case 3:
        return {
          data: D.array(
            objects.map(([o, r]) => {
              const rights = accessRightsData(o, r) as { type: 'structure'; value: DlmsData[] };
              return D.structure([signedLong(o.baseName), ...rights.value]);
            }),
          ),
        };
      case 4:
        return { data: D.octetString(a.def.securitySetup ? obisToBytes(a.def.securitySetup) : Buffer.alloc(6)) };
      default:
        return { error: 'object-undefined' };
    }
  },
  set() {
    return 'read-write-denied';
  },
  action(env, method, params) {
    const a = targetAssociation(env);
    if (!a) return { result: 'object-unavailable' };
    if (method === 1) return { result: 'object-unavailable' }; // reply_to_HLS_authentication: the session answers it
    if (method === 2) return params ? { result: setSecret(env, a, params) } : { result: 'type-unmatched' };
    return noMethod;
  },
};
