import {
  ACSE_REQUIREMENTS_AUTHENTICATION, AcseServiceUserDiagnostic, ServiceErrorClass, ServiceErrorValues, decodeApdu, encodeApdu,
  isCipheredApdu, type Aarq, type Aare, type ConfirmedServiceError, type InitiateRequest, type UserInformation,
} from '../../apdu';
import { isDlmsError } from '../../errors';
import { protect, unprotect } from '../../security';
import { LN_CONFORMANCE, SN_CONFORMANCE } from '../model/classes/association';
import { MECHANISM, type AssociationDef } from '../model/types';
import { MECHANISM_NAME, mechanismFor } from './credentials';
import type { MeterSecurity } from './meter-security';
import { POLICY, type Established, type SessionAddress } from './types';

/**
 * ACSE association establishment on the meter side (Green Book 9.4.2): AARQ in, AARE out.
 * Sans-I/O; the caller keeps the returned association for the connection.
 */
const CONTEXT_NAME: Record<AssociationDef['context'], string> = {
  ln: 'logical-name-no-ciphering',
  sn: 'short-name-no-ciphering',
  'ln-ciphered': 'logical-name-with-ciphering',
  'sn-ciphered': 'short-name-with-ciphering',
};

/** Bits the simulator implements: the association's conformance plus general-block-transfer. */
const GENERAL_BLOCK_TRANSFER = 1 << (23 - 2);
/** The smallest client max receive PDU the meter accepts (an AARE must fit). */
const MIN_CLIENT_PDU = 64;

export interface AssociateOptions {
  /** Emulated fault: refuse every association (rejected-transient). */
  refuse?: boolean;
}

export interface AssociateResult {
  aare: Aare;
  established?: Established;
}

const diag = (name: string): number => AcseServiceUserDiagnostic.byName(name)!.value;

function reject(aarq: Aarq, result: 1 | 2, diagnostic: string, userInformation?: UserInformation): AssociateResult {
  return {
    aare: {
      service: 'aare',
      applicationContextName: aarq.applicationContextName,
      result,
      resultSourceDiagnostic: { source: 'acse-service-user', value: diag(diagnostic) },
      ...(userInformation ? { userInformation } : {}),
    },
  };
}

function initiateError(kind: 'other' | 'dlms-version-too-low' | 'incompatible-conformance' | 'pdu-size-too-short' | 'refused-by-the-VDE-Handler'): ConfirmedServiceError {
  return { service: 'confirmed-service-error', confirmedService: 1, serviceError: ServiceErrorClass.byName('initiate')!.value, errorValue: ServiceErrorValues.initiate.byName(kind)!.value };
}

const DECIPHERING_ERROR: ConfirmedServiceError = {
  service: 'confirmed-service-error',
  confirmedService: 1,
  serviceError: ServiceErrorClass.byName('application-reference')!.value,
  errorValue: ServiceErrorValues['application-reference'].byName('deciphering-error')!.value,
};

/** The conformance block the association offers, as a number (bit 0 first). */
function offeredConformance(def: AssociationDef): number {
  const bits = def.conformance ?? (def.context.startsWith('sn') ? SN_CONFORMANCE : LN_CONFORMANCE);
  const n = parseInt(bits.padEnd(24, '0').slice(0, 24), 2) || 0;
  // general-protection only has a meaning in ciphered contexts.
  const plain = def.context.endsWith('ciphered') ? n : n & ~(1 << 22);
  return (plain | (def.context.startsWith('ln') ? GENERAL_BLOCK_TRANSFER : 0)) >>> 0;
}

function securityOf(meter: MeterSecurity, def: AssociationDef): { policy: number; suite: number } {
  if (!def.securitySetup) return { policy: 0, suite: 0 };
  const p = meter.model.peek({ classId: 64, obis: def.securitySetup, attribute: 2 }, def.logicalDevice);
  const s = meter.model.peek({ classId: 64, obis: def.securitySetup, attribute: 3 }, def.logicalDevice);
  return {
    policy: 'data' in p && p.data.type === 'enum' ? p.data.value : 0,
    suite: 'data' in s && s.data.type === 'enum' ? s.data.value : 0,
  };
}

export function associate(meter: MeterSecurity, address: SessionAddress, aarq: Aarq, opts: AssociateOptions = {}): AssociateResult {
  const model = meter.model;
  const ctx = { clientSap: address.clientSap, logicalDevice: address.logicalDevice };
  if (opts.refuse) return reject(aarq, 2, 'no-reason-given');
  const def = model.association(ctx);
  if (!def) return reject(aarq, 1, 'no-reason-given');
  if (aarq.protocolVersion && aarq.protocolVersion.length >= 2 && (aarq.protocolVersion[1] & 0x80) === 0) {
    return { aare: { service: 'aare', applicationContextName: aarq.applicationContextName, result: 1, resultSourceDiagnostic: { source: 'acse-service-provider', value: 2 } } };
  }
  if (aarq.applicationContextName !== CONTEXT_NAME[def.context]) return reject(aarq, 1, 'application-context-name-not-supported');
  const ciphered = def.context.endsWith('ciphered');
  const wanted = MECHANISM_NAME[def.mechanism];
  const asked = aarq.mechanismName ?? 'lowest';
  if (asked !== wanted) return reject(aarq, 1, def.mechanism !== 'lowest' && asked === 'lowest' ? 'authentication-mechanism-name-required' : 'authentication-mechanism-name-not-recognised');

  const { policy, suite } = securityOf(meter, def);
  const clientSystemTitle = aarq.callingApTitle && aarq.callingApTitle.length === 8 ? Buffer.from(aarq.callingApTitle) : undefined;
  const needsTitle = ciphered || def.mechanism === 'hls-gmac' || def.mechanism === 'hls-sha256' || def.mechanism === 'hls-ecdsa';
  if (needsTitle && !clientSystemTitle) return reject(aarq, 1, 'calling-AP-title-not-recognized');

  // xDLMS InitiateRequest, possibly glo-ciphered with the global key.
  const ui = aarq.userInformation;
  if (!ui) return reject(aarq, 1, 'no-reason-given', initiateError('other'));
  let initiate: InitiateRequest;
  let cipheredInitiate: { authenticated: boolean; encrypted: boolean } | undefined;
  if (isCipheredApdu(ui)) {
    if (!ciphered) return reject(aarq, 1, 'application-context-name-not-supported');
    try {
      const u = unprotect(ui, { systemTitle: model.systemTitle, peerSystemTitle: clientSystemTitle, encryptionKey: meter.keys.encryptionKey, authenticationKey: meter.keys.authenticationKey, replayGuard: meter.replayGuard(def.securitySetup) });
      const inner = decodeApdu(u.plaintext);
      if (inner.service !== 'initiate-request') return reject(aarq, 1, 'no-reason-given', initiateError('other'));
      initiate = inner;
      cipheredInitiate = { authenticated: u.security.authenticated, encrypted: u.security.encrypted };
      if (def.securitySetup) meter.accepted(def.securitySetup, def.logicalDevice, u.invocationCounter);
    } catch {
      return reject(aarq, 1, 'no-reason-given', DECIPHERING_ERROR);
    }
  } else if (ui.service === 'initiate-request') {
    if (ciphered && (policy & (POLICY.authenticatedRequest | POLICY.encryptedRequest)) !== 0) return reject(aarq, 1, 'no-reason-given', initiateError('refused-by-the-VDE-Handler'));
    initiate = ui;
  } else return reject(aarq, 1, 'no-reason-given', initiateError('other'));

  if (initiate.proposedDlmsVersion < 6) return reject(aarq, 1, 'no-reason-given', initiateError('dlms-version-too-low'));
  if (initiate.clientMaxReceivePduSize !== 0 && initiate.clientMaxReceivePduSize < MIN_CLIENT_PDU) return reject(aarq, 1, 'no-reason-given', initiateError('pdu-size-too-short'));
  const conformance = (initiate.proposedConformance & offeredConformance(def)) >>> 0;
  if (conformance === 0) return reject(aarq, 1, 'no-reason-given', initiateError('incompatible-conformance'));
  if (initiate.dedicatedKey && !cipheredInitiate) return reject(aarq, 1, 'no-reason-given', initiateError('refused-by-the-VDE-Handler'));

  // Authentication, pass 1 (and the StoC of pass 2 for HLS).
  const secret = model.secretOf(ctx) ?? Buffer.alloc(0);
  let mechanism;
  try {
    mechanism = mechanismFor(def.mechanism, secret, meter.keys, suite);
  } catch {
    mechanism = undefined;
  }
  if (!mechanism) return reject(aarq, 1, 'authentication-mechanism-name-not-recognised');
  const hlsMechanism = MECHANISM[def.mechanism] >= 2;
  try {
    mechanism.checkCallingAuthenticationValue(aarq.callingAuthenticationValue?.value);
  } catch (e) {
    if (isDlmsError(e)) return reject(aarq, 1, 'authentication-failure');
    throw e;
  }
  const serverChallenge = hlsMechanism ? mechanism.respondingAuthenticationValue() : null;

  if (clientSystemTitle && def.securitySetup) model.poke({ classId: 64, obis: def.securitySetup, attribute: 4 }, { type: 'octet-string', value: clientSystemTitle }, def.logicalDevice);
  const serverMaxPdu = def.maxPduSize ?? 1024;
  const established: Established = {
    def,
    ctx: { ...ctx },
    referencing: def.context.startsWith('sn') ? 'sn' : 'ln',
    conformance,
    clientMaxPdu: initiate.clientMaxReceivePduSize === 0 ? 0xffff : initiate.clientMaxReceivePduSize,
    serverMaxPdu,
    ciphered,
    clientSystemTitle,
    dedicatedKey: initiate.dedicatedKey ? Buffer.from(initiate.dedicatedKey) : undefined,
    securitySetup: def.securitySetup,
    policy,
    suite,
    mechanism,
    hls: serverChallenge ? { clientChallenge: Buffer.from(aarq.callingAuthenticationValue!.value), serverChallenge } : undefined,
    authenticated: !serverChallenge,
  };

  const response = encodeApdu({
    service: 'initiate-response',
    negotiatedQualityOfService: null,
    negotiatedDlmsVersion: 6,
    negotiatedConformance: conformance,
    serverMaxReceivePduSize: serverMaxPdu,
    vaaName: established.referencing === 'ln' ? 0x0007 : 0xfa00,
  });
  let userInformation: UserInformation;
  if (cipheredInitiate) {
    const sc = { authenticated: cipheredInitiate.authenticated || (policy & POLICY.authenticatedResponse) !== 0, encrypted: cipheredInitiate.encrypted || (policy & POLICY.encryptedResponse) !== 0 };
    const bytes = protect(response, { systemTitle: model.systemTitle, encryptionKey: meter.keys.encryptionKey, authenticationKey: meter.keys.authenticationKey, suite: suite === 1 || suite === 2 ? suite : 0 }, {
      envelope: 'glo',
      invocationCounter: meter.next(def.securitySetup ?? '0.0.43.0.0.255', def.logicalDevice),
      ...sc,
    });
    userInformation = decodeApdu(bytes) as UserInformation;
  } else userInformation = decodeApdu(response) as UserInformation;

  const aare: Aare = {
    service: 'aare',
    applicationContextName: aarq.applicationContextName,
    result: 0,
    resultSourceDiagnostic: { source: 'acse-service-user', value: diag(serverChallenge ? 'authentication-required' : 'null') },
    ...(needsTitle || ciphered ? { respondingApTitle: Buffer.from(model.systemTitle) } : {}),
    ...(def.mechanism !== 'lowest' ? { responderAcseRequirements: ACSE_REQUIREMENTS_AUTHENTICATION, mechanismName: wanted } : {}),
    ...(serverChallenge ? { respondingAuthenticationValue: { choice: 'charstring' as const, value: serverChallenge } } : {}),
    userInformation,
  };
  return { aare, established };
}
