import type { DlmsData } from '../codec/data';
import { toHex } from '../codec/hex';
import { toTypedJson } from '../codec/typed-json';
import type { Aare, Aarq, AuthenticationValue } from './acse';
import type { Apdu } from './apdu';
import type { AttributeWithSelection, CosemMethodDescriptor, DataBlockSA, GetDataResult, InvokeIdAndPriority } from './common';
import { conformanceBits, conformanceHex } from './conformance';
import {
  AcseServiceProviderDiagnostic,
  AcseServiceUserDiagnostic,
  ActionResultCode,
  AssociationResult,
  ConfirmedServiceName,
  DataAccessResult,
  enumName,
  ExceptionServiceError,
  ReleaseRequestReason,
  ReleaseResponseReason,
  ServiceErrorClass,
  ServiceErrorValues,
  StateError,
} from './enums';
import { describeCiphered } from './ciphered';
import type { ReadResult, VariableAccessSpecification, SnWriteResult } from './short-name';

/**
 * The neutral JSON description of an APDU: exactly the `expect` shape of the shared vectors
 * (hex strings, typed JSON values, Green Book names). The `dlms decode` CLI prints this.
 */
export type ApduDescription = { service: string; [field: string]: unknown };

const typed = (d: DlmsData) => toTypedJson(d);
const raw = (b: Buffer) => ({ length: b.length, hex: toHex(b) });
const dar = (v: number) => enumName(DataAccessResult, v);

function iip(a: InvokeIdAndPriority) {
  return { invokeId: a.invokeId, priority: a.priority, serviceClass: a.serviceClass };
}

function attribute(a: AttributeWithSelection) {
  return {
    classId: a.classId,
    obis: a.obis,
    attributeId: a.attributeId,
    accessSelection: a.accessSelection ? { selector: a.accessSelection.selector, parameters: typed(a.accessSelection.parameters) } : null,
  };
}

function method(a: CosemMethodDescriptor) {
  return { classId: a.classId, obis: a.obis, methodId: a.methodId };
}

function block(b: DataBlockSA) {
  return { lastBlock: b.lastBlock, blockNumber: b.blockNumber, rawData: raw(b.rawData) };
}

function result(r: GetDataResult) {
  return 'data' in r ? { data: typed(r.data) } : { dataAccessResult: dar(r.dataAccessResult) };
}

function conformance(c: number) {
  return { hex: conformanceHex(c), bits: conformanceBits(c) };
}

function variable(v: VariableAccessSpecification) {
  if ('selector' in v) return { variableName: v.variableName, selector: v.selector, parameter: typed(v.parameter) };
  if ('variableName' in v) return { variableName: v.variableName };
  if ('rawData' in v) return { lastBlock: v.lastBlock, blockNumber: v.blockNumber, rawData: raw(v.rawData) };
  if ('lastBlock' in v) return { lastBlock: v.lastBlock, blockNumber: v.blockNumber };
  return { blockNumber: v.blockNumber };
}

function readResult(r: ReadResult) {
  if ('data' in r) return { data: typed(r.data) };
  if ('dataAccessError' in r) return { dataAccessError: dar(r.dataAccessError) };
  if ('dataBlockResult' in r) return { dataBlockResult: { lastBlock: r.dataBlockResult.lastBlock, blockNumber: r.dataBlockResult.blockNumber, rawData: raw(r.dataBlockResult.rawData) } };
  return { blockNumber: r.blockNumber };
}

function writeResult(r: SnWriteResult) {
  if (r === 'success') return 'success';
  if ('dataAccessError' in r) return { dataAccessError: dar(r.dataAccessError) };
  return { blockNumber: r.blockNumber };
}

function authValue(v: AuthenticationValue) {
  return { choice: v.choice, hex: toHex(v.value) };
}

/** Add the optional ACSE fields that are present, in the vectors' naming. */
function acseOptional(out: ApduDescription, a: Aarq | Aare): ApduDescription {
  const rec = a as unknown as Record<string, unknown>;
  if (a.protocolVersion) out.protocolVersion = toHex(a.protocolVersion);
  for (const k of ['calledApTitle', 'calledAeQualifier', 'callingApTitle', 'callingAeQualifier', 'respondingApTitle', 'respondingAeQualifier', 'implementationInformation']) {
    if (Buffer.isBuffer(rec[k])) out[k] = toHex(rec[k] as Buffer);
  }
  for (const k of ['calledApInvocationId', 'calledAeInvocationId', 'callingApInvocationId', 'callingAeInvocationId', 'respondingApInvocationId', 'respondingAeInvocationId']) {
    if (typeof rec[k] === 'number') out[k] = rec[k];
  }
  const req = a.service === 'aarq' ? a.senderAcseRequirements : a.responderAcseRequirements;
  if (req) {
    out[a.service === 'aarq' ? 'senderAcseRequirements' : 'responderAcseRequirements'] = toHex(req);
    out.authenticationFunctionalUnit = req.length > 1 && (req[1] & 0x80) !== 0;
  }
  if (a.mechanismName !== undefined) out.mechanismName = a.mechanismName;
  const av = a.service === 'aarq' ? a.callingAuthenticationValue : a.respondingAuthenticationValue;
  if (av) out[a.service === 'aarq' ? 'callingAuthenticationValue' : 'respondingAuthenticationValue'] = authValue(av);
  if (a.userInformation) out.userInformation = describeApdu(a.userInformation);
  return out;
}

export function describeApdu(a: Apdu): ApduDescription {
  if ('kind' in a) return describeCiphered(a) as ApduDescription;
  switch (a.service) {
    case 'get-request-normal':
      return { service: a.service, ...iip(a), ...attribute(a) };
    case 'get-request-next':
    case 'set-response-datablock':
    case 'action-request-next-pblock':
    case 'action-response-next-pblock':
      return { service: a.service, ...iip(a), blockNumber: a.blockNumber };
    case 'get-request-with-list':
      return { service: a.service, ...iip(a), attributes: a.attributes.map(attribute) };
    case 'get-response-normal':
      return { service: a.service, ...iip(a), result: result(a.result) };
    case 'get-response-with-datablock':
      return {
        service: a.service,
        ...iip(a),
        lastBlock: a.lastBlock,
        blockNumber: a.blockNumber,
        ...('rawData' in a.result ? { rawData: raw(a.result.rawData) } : { dataAccessResult: dar(a.result.dataAccessResult) }),
      };
    case 'get-response-with-list':
      return { service: a.service, ...iip(a), results: a.results.map(result) };
    case 'set-request-normal':
      return { service: a.service, ...iip(a), ...attribute(a), value: typed(a.value) };
    case 'set-request-with-first-datablock':
      return { service: a.service, ...iip(a), ...attribute(a), ...block(a) };
    case 'set-request-with-datablock':
    case 'action-request-with-pblock':
    case 'action-response-with-pblock':
      return { service: a.service, ...iip(a), ...block(a) };
    case 'set-request-with-list':
      return { service: a.service, ...iip(a), attributes: a.attributes.map(attribute), values: a.values.map(typed) };
    case 'set-request-with-list-and-first-datablock':
      return { service: a.service, ...iip(a), attributes: a.attributes.map(attribute), ...block(a) };
    case 'set-response-normal':
      return { service: a.service, ...iip(a), result: dar(a.result) };
    case 'set-response-last-datablock':
      return { service: a.service, ...iip(a), result: dar(a.result), blockNumber: a.blockNumber };
    case 'set-response-last-datablock-with-list':
      return { service: a.service, ...iip(a), results: a.results.map(dar), blockNumber: a.blockNumber };
    case 'set-response-with-list':
      return { service: a.service, ...iip(a), results: a.results.map(dar) };
    case 'action-request-normal':
      return { service: a.service, ...iip(a), ...method(a), parameters: a.parameters ? typed(a.parameters) : null };
    case 'action-request-with-list':
      return { service: a.service, ...iip(a), methods: a.methods.map(method), parameters: a.parameters.map(typed) };
    case 'action-request-with-first-pblock':
      return { service: a.service, ...iip(a), ...method(a), ...block(a) };
    case 'action-request-with-list-and-first-pblock':
      return { service: a.service, ...iip(a), methods: a.methods.map(method), ...block(a) };
    case 'action-response-normal':
      return { service: a.service, ...iip(a), result: enumName(ActionResultCode, a.result), returnParameters: a.returnParameters ? result(a.returnParameters) : null };
    case 'action-response-with-list':
      return {
        service: a.service,
        ...iip(a),
        results: a.results.map((r) => ({ result: enumName(ActionResultCode, r.result), returnParameters: r.returnParameters ? result(r.returnParameters) : null })),
      };
    case 'event-notification-request':
      return { service: a.service, time: a.time ? toHex(a.time) : null, classId: a.classId, obis: a.obis, attributeId: a.attributeId, value: typed(a.value) };
    case 'data-notification':
      return {
        service: a.service,
        longInvokeId: a.longInvokeId,
        priority: a.priority,
        serviceClass: a.serviceClass,
        processingOption: a.processingOption,
        selfDescriptive: a.selfDescriptive,
        dateTime: a.dateTime ? toHex(a.dateTime) : null,
        body: typed(a.body),
      };
    case 'general-block-transfer':
      return {
        service: a.service,
        lastBlock: a.lastBlock,
        streaming: a.streaming,
        window: a.window,
        blockNumber: a.blockNumber,
        blockNumberAck: a.blockNumberAck,
        blockData: raw(a.blockData),
      };
    case 'exception-response':
      return {
        service: a.service,
        stateError: enumName(StateError, a.stateError),
        serviceError: enumName(ExceptionServiceError, a.serviceError),
        ...(a.invocationCounter !== undefined ? { invocationCounter: a.invocationCounter } : {}),
      };
    case 'confirmed-service-error': {
      const cls = ServiceErrorClass.byValue(a.serviceError);
      const values = cls ? ServiceErrorValues[cls.name] : undefined;
      return {
        service: a.service,
        confirmedService: enumName(ConfirmedServiceName, a.confirmedService),
        serviceError: cls ? cls.name : a.serviceError,
        errorValue: values ? enumName(values, a.errorValue) : a.errorValue,
      };
    }
    case 'initiate-request':
      return {
        service: a.service,
        dedicatedKey: a.dedicatedKey ? toHex(a.dedicatedKey) : null,
        responseAllowed: a.responseAllowed,
        proposedQualityOfService: a.proposedQualityOfService,
        proposedDlmsVersion: a.proposedDlmsVersion,
        proposedConformance: conformance(a.proposedConformance),
        clientMaxReceivePduSize: a.clientMaxReceivePduSize,
      };
    case 'initiate-response':
      return {
        service: a.service,
        negotiatedQualityOfService: a.negotiatedQualityOfService,
        negotiatedDlmsVersion: a.negotiatedDlmsVersion,
        negotiatedConformance: conformance(a.negotiatedConformance),
        serverMaxReceivePduSize: a.serverMaxReceivePduSize,
        vaaName: a.vaaName,
      };
    case 'aarq':
      return acseOptional({ service: a.service, applicationContextName: a.applicationContextName }, a);
    case 'aare': {
      const diag = a.resultSourceDiagnostic;
      const diagEnum = diag.source === 'acse-service-user' ? AcseServiceUserDiagnostic : AcseServiceProviderDiagnostic;
      return acseOptional(
        {
          service: a.service,
          applicationContextName: a.applicationContextName,
          result: enumName(AssociationResult, a.result),
          resultSourceDiagnostic: { source: diag.source, value: enumName(diagEnum, diag.value) },
        },
        a,
      );
    }
    case 'rlrq':
    case 'rlre': {
      const out: ApduDescription = { service: a.service };
      if (a.reason !== undefined) out.reason = enumName(a.service === 'rlrq' ? ReleaseRequestReason : ReleaseResponseReason, a.reason);
      if (a.userInformation) out.userInformation = describeApdu(a.userInformation);
      return out;
    }
    case 'read-request':
      return { service: a.service, variables: a.variables.map(variable) };
    case 'read-response':
      return { service: a.service, results: a.results.map(readResult) };
    case 'write-request':
    case 'unconfirmed-write-request':
      return { service: a.service, variables: a.variables.map(variable), values: a.values.map(typed) };
    case 'write-response':
      return { service: a.service, results: a.results.map(writeResult) };
    case 'information-report-request':
      return { service: a.service, currentTime: a.currentTime ? toHex(a.currentTime) : null, variables: a.variables.map(variable), values: a.values.map(typed) };
  }
}
