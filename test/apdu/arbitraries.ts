import fc from 'fast-check';
import type { DlmsData } from '../../src/codec/data';
import type { Apdu } from '../../src/apdu';
import { ApplicationContextId, MechanismId } from '../../src/apdu';

/** fast-check generators for every APDU type (test helper, not a test file). */

const bytes = (max = 40) => fc.uint8Array({ maxLength: max }).map((u) => Buffer.from(u));

const leaf: fc.Arbitrary<DlmsData> = fc.oneof(
  fc.constant<DlmsData>({ type: 'null-data' }),
  fc.boolean().map<DlmsData>((value) => ({ type: 'boolean', value })),
  fc.integer({ min: 0, max: 255 }).map<DlmsData>((value) => ({ type: 'unsigned', value })),
  fc.integer({ min: 0, max: 0xffff }).map<DlmsData>((value) => ({ type: 'long-unsigned', value })),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map<DlmsData>((value) => ({ type: 'double-long', value })),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map<DlmsData>((value) => ({ type: 'long64', value })),
  bytes().map<DlmsData>((value) => ({ type: 'octet-string', value })),
  fc.string({ maxLength: 10, unit: fc.constantFrom(...'abcXYZ019 '.split('')) }).map<DlmsData>((value) => ({ type: 'visible-string', value })),
  fc.integer({ min: 0, max: 255 }).map<DlmsData>((value) => ({ type: 'enum', value })),
);

export const data: fc.Arbitrary<DlmsData> = fc.oneof(
  { weight: 3, arbitrary: leaf },
  { weight: 1, arbitrary: fc.array(leaf, { maxLength: 4 }).map<DlmsData>((value) => ({ type: 'structure', value })) },
  { weight: 1, arbitrary: fc.array(leaf, { maxLength: 4 }).map<DlmsData>((value) => ({ type: 'array', value })) },
);

const u8 = fc.integer({ min: 0, max: 255 });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const i8 = fc.integer({ min: -128, max: 127 });
const obis = fc.array(u8, { minLength: 6, maxLength: 6 }).map((a) => a.join('.'));

const iip = {
  invokeId: fc.integer({ min: 0, max: 15 }),
  priority: fc.constantFrom('high' as const, 'normal' as const),
  serviceClass: fc.constantFrom('confirmed' as const, 'unconfirmed' as const),
};
const selection = fc.option(fc.record({ selector: u8, parameters: data }), { nil: null });
const attr = { classId: u16, obis, attributeId: i8, accessSelection: selection };
const attrRec = fc.record(attr);
const methodRec = fc.record({ classId: u16, obis, methodId: i8 });
const blockSA = { lastBlock: fc.boolean(), blockNumber: u32, rawData: bytes(300) };
const getDataResult = fc.oneof(data.map((d) => ({ data: d })), u8.map((v) => ({ dataAccessResult: v })));
const actionResult = fc.record({ result: u8, returnParameters: fc.option(getDataResult, { nil: null }) });
const list = <T>(a: fc.Arbitrary<T>) => fc.array(a, { maxLength: 4 });
const conformance = fc.integer({ min: 0, max: 0xffffff });

const initiateRequest = fc.record({
  service: fc.constant('initiate-request' as const),
  dedicatedKey: fc.option(bytes(32), { nil: null }),
  responseAllowed: fc.boolean(),
  proposedQualityOfService: fc.option(i8, { nil: null }),
  proposedDlmsVersion: u8,
  proposedConformance: conformance,
  clientMaxReceivePduSize: u16,
});
const initiateResponse = fc.record({
  service: fc.constant('initiate-response' as const),
  negotiatedQualityOfService: fc.option(i8, { nil: null }),
  negotiatedDlmsVersion: u8,
  negotiatedConformance: conformance,
  serverMaxReceivePduSize: u16,
  vaaName: u16,
});
const confirmedServiceError = fc.record({ service: fc.constant('confirmed-service-error' as const), confirmedService: u8, serviceError: u8, errorValue: u8 });
const userInformation = fc.oneof(initiateRequest, initiateResponse, confirmedServiceError);

const contextName = fc.oneof(fc.constantFrom(...ApplicationContextId.entries.map((e) => e.name)), fc.constant('1.2.840.10045.4.3.2'));
const mechanism = fc.oneof(fc.constantFrom(...MechanismId.entries.map((e) => e.name)), fc.constant('2.16.756.5.8.2.99'));
const bitString = fc.constantFrom(Buffer.from([0x07, 0x80]), Buffer.from([0x00]), Buffer.from([0x00, 0xff, 0x01]));
const authValue = fc.record({ choice: fc.constantFrom('charstring' as const, 'bitstring' as const, 'external' as const, 'other' as const), value: bytes(64) });
const invocationId = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const title = bytes(16);

const aarq = fc.record(
  {
    service: fc.constant('aarq' as const),
    protocolVersion: bitString,
    applicationContextName: contextName,
    calledApTitle: title,
    calledAeQualifier: title,
    calledApInvocationId: invocationId,
    calledAeInvocationId: invocationId,
    callingApTitle: title,
    callingAeQualifier: bytes(200),
    callingApInvocationId: invocationId,
    callingAeInvocationId: invocationId,
    senderAcseRequirements: bitString,
    mechanismName: mechanism,
    callingAuthenticationValue: authValue,
    implementationInformation: bytes(10),
    userInformation,
  },
  { requiredKeys: ['service', 'applicationContextName'] },
);
const aare = fc.record(
  {
    service: fc.constant('aare' as const),
    protocolVersion: bitString,
    applicationContextName: contextName,
    result: fc.integer({ min: 0, max: 2 }),
    resultSourceDiagnostic: fc.record({ source: fc.constantFrom('acse-service-user' as const, 'acse-service-provider' as const), value: fc.integer({ min: 0, max: 14 }) }),
    respondingApTitle: title,
    respondingAeQualifier: title,
    respondingApInvocationId: invocationId,
    respondingAeInvocationId: invocationId,
    responderAcseRequirements: bitString,
    mechanismName: mechanism,
    respondingAuthenticationValue: authValue,
    implementationInformation: bytes(10),
    userInformation,
  },
  { requiredKeys: ['service', 'applicationContextName', 'result', 'resultSourceDiagnostic'] },
);
const release = (service: 'rlrq' | 'rlre') =>
  fc.record({ service: fc.constant(service), reason: fc.constantFrom(0, 1, 30), userInformation }, { requiredKeys: ['service'] });

const variable = fc.oneof(
  fc.record({ variableName: u16 }),
  fc.record({ variableName: u16, selector: u8, parameter: data }),
  fc.record({ blockNumber: u16 }),
  fc.record({ lastBlock: fc.boolean(), blockNumber: u16, rawData: bytes() }),
  fc.record({ lastBlock: fc.boolean(), blockNumber: u16 }),
);
const readResult = fc.oneof(
  data.map((d) => ({ data: d })),
  u8.map((v) => ({ dataAccessError: v })),
  fc.record({ lastBlock: fc.boolean(), blockNumber: u16, rawData: bytes() }).map((b) => ({ dataBlockResult: b })),
  u16.map((v) => ({ blockNumber: v })),
);
const writeResult = fc.oneof(fc.constant('success' as const), u8.map((v) => ({ dataAccessError: v })), u16.map((v) => ({ blockNumber: v })));
const dateTime = fc.option(fc.uint8Array({ minLength: 1, maxLength: 12 }).map((u) => Buffer.from(u)), { nil: null });

const c = <S extends string>(s: S) => fc.constant(s);

/** One generator per APDU service, keyed by service name. */
export const apduArbitraries: Record<string, fc.Arbitrary<Apdu>> = {
  aarq,
  aare,
  rlrq: release('rlrq'),
  rlre: release('rlre'),
  'initiate-request': initiateRequest,
  'initiate-response': initiateResponse,
  'confirmed-service-error': confirmedServiceError,
  'exception-response': fc.oneof(
    fc.record({ service: c('exception-response'), stateError: fc.constantFrom(1, 2), serviceError: fc.integer({ min: 1, max: 5 }) }),
    fc.record({ service: c('exception-response'), stateError: fc.constantFrom(1, 2), serviceError: fc.constant(6), invocationCounter: u32 }),
  ),
  'get-request-normal': fc.record({ service: c('get-request-normal'), ...iip, ...attr }),
  'get-request-next': fc.record({ service: c('get-request-next'), ...iip, blockNumber: u32 }),
  'get-request-with-list': fc.record({ service: c('get-request-with-list'), ...iip, attributes: list(attrRec) }),
  'get-response-normal': fc.record({ service: c('get-response-normal'), ...iip, result: getDataResult }),
  'get-response-with-datablock': fc.record({
    service: c('get-response-with-datablock'),
    ...iip,
    lastBlock: fc.boolean(),
    blockNumber: u32,
    result: fc.oneof(bytes(300).map((b) => ({ rawData: b })), u8.map((v) => ({ dataAccessResult: v }))),
  }),
  'get-response-with-list': fc.record({ service: c('get-response-with-list'), ...iip, results: list(getDataResult) }),
  'set-request-normal': fc.record({ service: c('set-request-normal'), ...iip, ...attr, value: data }),
  'set-request-with-first-datablock': fc.record({ service: c('set-request-with-first-datablock'), ...iip, ...attr, ...blockSA }),
  'set-request-with-datablock': fc.record({ service: c('set-request-with-datablock'), ...iip, ...blockSA }),
  'set-request-with-list': fc.record({ service: c('set-request-with-list'), ...iip, attributes: list(attrRec), values: list(data) }),
  'set-request-with-list-and-first-datablock': fc.record({ service: c('set-request-with-list-and-first-datablock'), ...iip, attributes: list(attrRec), ...blockSA }),
  'set-response-normal': fc.record({ service: c('set-response-normal'), ...iip, result: u8 }),
  'set-response-datablock': fc.record({ service: c('set-response-datablock'), ...iip, blockNumber: u32 }),
  'set-response-last-datablock': fc.record({ service: c('set-response-last-datablock'), ...iip, result: u8, blockNumber: u32 }),
  'set-response-last-datablock-with-list': fc.record({ service: c('set-response-last-datablock-with-list'), ...iip, results: list(u8), blockNumber: u32 }),
  'set-response-with-list': fc.record({ service: c('set-response-with-list'), ...iip, results: list(u8) }),
  'action-request-normal': fc.record({ service: c('action-request-normal'), ...iip, classId: u16, obis, methodId: i8, parameters: fc.option(data, { nil: null }) }),
  'action-request-next-pblock': fc.record({ service: c('action-request-next-pblock'), ...iip, blockNumber: u32 }),
  'action-request-with-list': fc.record({ service: c('action-request-with-list'), ...iip, methods: list(methodRec), parameters: list(data) }),
  'action-request-with-first-pblock': fc.record({ service: c('action-request-with-first-pblock'), ...iip, classId: u16, obis, methodId: i8, ...blockSA }),
  'action-request-with-list-and-first-pblock': fc.record({ service: c('action-request-with-list-and-first-pblock'), ...iip, methods: list(methodRec), ...blockSA }),
  'action-request-with-pblock': fc.record({ service: c('action-request-with-pblock'), ...iip, ...blockSA }),
  'action-response-normal': fc.record({ service: c('action-response-normal'), ...iip, result: u8, returnParameters: fc.option(getDataResult, { nil: null }) }),
  'action-response-with-pblock': fc.record({ service: c('action-response-with-pblock'), ...iip, ...blockSA }),
  'action-response-with-list': fc.record({ service: c('action-response-with-list'), ...iip, results: list(actionResult) }),
  'action-response-next-pblock': fc.record({ service: c('action-response-next-pblock'), ...iip, blockNumber: u32 }),
  'event-notification-request': fc.record({ service: c('event-notification-request'), time: dateTime, classId: u16, obis, attributeId: i8, value: data }),
  'data-notification': fc.record({
    service: c('data-notification'),
    longInvokeId: fc.integer({ min: 0, max: 0xffffff }),
    priority: iip.priority,
    serviceClass: iip.serviceClass,
    processingOption: fc.constantFrom('continue-on-error' as const, 'break-on-error' as const),
    selfDescriptive: fc.boolean(),
    dateTime,
    body: data,
  }),
  'general-block-transfer': fc.record({
    service: c('general-block-transfer'),
    lastBlock: fc.boolean(),
    streaming: fc.boolean(),
    window: fc.integer({ min: 0, max: 63 }),
    blockNumber: u16,
    blockNumberAck: u16,
    blockData: bytes(300),
  }),
  'read-request': fc.record({ service: c('read-request'), variables: list(variable) }),
  'read-response': fc.record({ service: c('read-response'), results: list(readResult) }),
  'write-request': fc.record({ service: c('write-request'), variables: list(variable), values: list(data) }),
  'unconfirmed-write-request': fc.record({ service: c('unconfirmed-write-request'), variables: list(variable), values: list(data) }),
  'write-response': fc.record({ service: c('write-response'), results: list(writeResult) }),
  'information-report-request': fc.record({ service: c('information-report-request'), currentTime: dateTime, variables: list(variable), values: list(data) }),
} as unknown as Record<string, fc.Arbitrary<Apdu>>;
