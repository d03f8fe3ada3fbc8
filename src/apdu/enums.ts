/**
 * Every enumeration a user meets in xDLMS and ACSE responses (IEC 62056-5-3 / Green Book
 * DLMS UA 1000-2 clause 9.5 ASN.1), with its Green Book name in kebab case and one sentence
 * that says what it means and what to check. These sentences become user-facing error texts.
 */

export interface EnumEntry {
  readonly value: number;
  readonly name: string;
  readonly description: string;
}

export interface DlmsEnum {
  /** The ASN.1 type name, for messages. */
  readonly type: string;
  readonly entries: readonly EnumEntry[];
  byValue(value: number): EnumEntry | undefined;
  byName(name: string): EnumEntry | undefined;
}

function defineEnum(type: string, list: ReadonlyArray<readonly [number, string, string]>): DlmsEnum {
  const entries = list.map(([value, name, description]) => ({ value, name, description }));
  const values = new Map(entries.map((e) => [e.value, e]));
  const names = new Map(entries.map((e) => [e.name, e]));
  return { type, entries, byValue: (v) => values.get(v), byName: (n) => names.get(n) };
}

/** The name of a value, or the number itself when the standard does not define it. */
export function enumName(e: DlmsEnum, value: number): string | number {
  return e.byValue(value)?.name ?? value;
}

/** A value from its name or number; undefined for an unknown name. */
export function enumValue(e: DlmsEnum, nameOrValue: string | number): number | undefined {
  if (typeof nameOrValue === 'number') return nameOrValue;
  return e.byName(nameOrValue)?.value;
}

const COMMON_RESULTS: ReadonlyArray<readonly [number, string, string]> = [
  [0, 'success', 'The request was carried out.'],
  [1, 'hardware-fault', 'The meter reported a hardware fault while accessing the object; check the meter itself.'],
  [2, 'temporary-failure', 'The meter could not serve the request right now; retry later.'],
  [3, 'read-write-denied', 'The association has no right to this attribute; check the client address, authentication level and the access rights of the association.'],
  [4, 'object-undefined', 'The meter does not have this object; check the OBIS code, class id and attribute index against the meter object list.'],
  [9, 'object-class-inconsistent', 'The object exists with another interface class; check the class id.'],
  [11, 'object-unavailable', 'The object exists but cannot be accessed at the moment; retry later or check the meter configuration.'],
  [12, 'type-unmatched', 'The value has the wrong data type for this attribute; check the type expected by the interface class.'],
  [13, 'scope-of-access-violated', 'The access selector or its parameters are outside what the meter supports; check the selective access descriptor.'],
  [14, 'data-block-unavailable', 'The requested data block is not available; restart the block transfer.'],
];

export const DataAccessResult = defineEnum('Data-Access-Result', [
  ...COMMON_RESULTS,
  [15, 'long-get-aborted', 'The meter aborted a GET carried in several blocks; restart the request.'],
  [16, 'no-long-get-in-progress', 'A next block was requested but no block transfer is running; restart the request.'],
  [17, 'long-set-aborted', 'The meter aborted a SET carried in several blocks; restart the request.'],
  [18, 'no-long-set-in-progress', 'A SET block was sent but no block transfer is running; restart the request.'],
  [19, 'data-block-number-invalid', 'A data block arrived with an unexpected block number; restart the block transfer.'],
  [250, 'other-reason', 'The meter refused the access without giving a reason; check the meter event log.'],
]);

export const ActionResultCode = defineEnum('Action-Result', [
  ...COMMON_RESULTS,
  [15, 'long-action-aborted', 'The meter aborted an ACTION carried in several blocks; restart the request.'],
  [16, 'no-long-action-in-progress', 'A parameter block was sent but no block transfer is running; restart the request.'],
  [250, 'other-reason', 'The meter refused the method invocation without giving a reason; check the meter event log.'],
]);

/** AARE result (ACSE, ITU-T X.227). */
export const AssociationResult = defineEnum('Association-result', [
  [0, 'accepted', 'The meter accepted the association.'],
  [1, 'rejected-permanent', 'The meter rejected the association and will do so again with the same parameters; see the diagnostic.'],
  [2, 'rejected-transient', 'The meter rejected the association for now; retry later.'],
]);

/** result-source-diagnostic when the source is acse-service-user (the meter application). */
export const AcseServiceUserDiagnostic = defineEnum('Associate-source-diagnostic acse-service-user', [
  [0, 'null', 'No diagnostic.'],
  [1, 'no-reason-given', 'The meter gave no reason; check the user-information (InitiateResponse or ConfirmedServiceError) and the client address.'],
  [2, 'application-context-name-not-supported', 'The meter does not support the requested application context; switch between logical and short name referencing or enable/disable ciphering.'],
  [3, 'calling-AP-title-not-recognized', 'The meter does not know the client system title; check the configured system title.'],
  [4, 'calling-AP-invocation-identifier-not-recognized', 'The meter does not accept the calling AP invocation identifier.'],
  [5, 'calling-AE-qualifier-not-recognized', 'The meter does not accept the calling AE qualifier (client certificate); check the certificate.'],
  [6, 'calling-AE-invocation-identifier-not-recognized', 'The meter does not accept the calling AE invocation identifier.'],
  [7, 'called-AP-title-not-recognized', 'The meter does not recognise the called AP title.'],
  [8, 'called-AP-invocation-identifier-not-recognized', 'The meter does not recognise the called AP invocation identifier.'],
  [9, 'called-AE-qualifier-not-recognized', 'The meter does not recognise the called AE qualifier.'],
  [10, 'called-AE-invocation-identifier-not-recognized', 'The meter does not recognise the called AE invocation identifier.'],
  [11, 'authentication-mechanism-name-not-recognised', 'The meter does not support the requested authentication mechanism; choose another authentication level.'],
  [12, 'authentication-mechanism-name-required', 'The meter requires authentication for this client; configure a password (low) or keys (high).'],
  [13, 'authentication-failure', 'The password or authentication key was wrong; check the secret configured for this client address.'],
  [14, 'authentication-required', 'The meter asks for high-level authentication to complete (a challenge follows).'],
]);

/** result-source-diagnostic when the source is acse-service-provider (the ACSE layer). */
export const AcseServiceProviderDiagnostic = defineEnum('Associate-source-diagnostic acse-service-provider', [
  [0, 'null', 'No diagnostic.'],
  [1, 'no-reason-given', 'The meter ACSE layer refused without a reason.'],
  [2, 'no-common-acse-version', 'The meter ACSE layer does not support the protocol version; omit or correct the protocol-version field.'],
]);

export const ReleaseRequestReason = defineEnum('Release-request-reason', [
  [0, 'normal', 'Normal release.'],
  [1, 'urgent', 'Urgent release.'],
  [30, 'user-defined', 'Release for a user-defined reason.'],
]);

export const ReleaseResponseReason = defineEnum('Release-response-reason', [
  [0, 'normal', 'Normal release.'],
  [1, 'not-finished', 'The meter has not finished and refuses to release.'],
  [30, 'user-defined', 'Released for a user-defined reason.'],
]);

/** ExceptionResponse state-error. */
export const StateError = defineEnum('state-error', [
  [1, 'service-not-allowed', 'The service is not allowed in the current state; establish an association first.'],
  [2, 'service-unknown', 'The meter does not know this service; check that it supports this request type.'],
]);

/** ExceptionResponse service-error (choice index). */
export const ExceptionServiceError = defineEnum('service-error', [
  [1, 'operation-not-possible', 'The operation cannot be carried out now.'],
  [2, 'service-not-supported', 'The meter does not support this service; check the negotiated conformance block.'],
  [3, 'other-reason', 'The meter refused the request without giving a reason.'],
  [4, 'pdu-too-long', 'The request was longer than the meter accepts; lower the maximum PDU size or use block transfer.'],
  [5, 'deciphering-error', 'The meter could not decipher the request; check the encryption and authentication keys and the security suite.'],
  [6, 'invocation-counter-error', 'The meter rejected the invocation counter; read the meter frame counter and continue above it.'],
]);

/** ConfirmedServiceError: which confirmed service failed (choice index). */
export const ConfirmedServiceName = defineEnum('ConfirmedServiceError', [
  [1, 'initiateError', 'The xDLMS InitiateRequest was refused.'],
  [2, 'getStatus', 'getStatus failed.'],
  [3, 'getNameList', 'getNameList failed.'],
  [4, 'getVariableAttribute', 'getVariableAttribute failed.'],
  [5, 'read', 'A short-name Read failed.'],
  [6, 'write', 'A short-name Write failed.'],
  [7, 'getDataSetAttribute', 'getDataSetAttribute failed.'],
  [8, 'getTIAttribute', 'getTIAttribute failed.'],
  [9, 'changeScope', 'changeScope failed.'],
  [10, 'start', 'start failed.'],
  [11, 'stop', 'stop failed.'],
  [12, 'resume', 'resume failed.'],
  [13, 'makeUsable', 'makeUsable failed.'],
  [14, 'initiateLoad', 'initiateLoad failed.'],
  [15, 'loadSegment', 'loadSegment failed.'],
  [16, 'terminateLoad', 'terminateLoad failed.'],
  [17, 'initiateUpLoad', 'initiateUpLoad failed.'],
  [18, 'upLoadSegment', 'upLoadSegment failed.'],
  [19, 'terminateUpLoad', 'terminateUpLoad failed.'],
]);

/** ConfirmedServiceError ServiceError: the error class (choice index). */
export const ServiceErrorClass = defineEnum('ServiceError', [
  [0, 'application-reference', 'An application reference problem.'],
  [1, 'hardware-resource', 'A hardware resource problem in the meter.'],
  [2, 'vde-state-error', 'The virtual device is not in a state to serve the request.'],
  [3, 'service', 'A service problem.'],
  [4, 'definition', 'An object definition problem.'],
  [5, 'access', 'An access problem.'],
  [6, 'initiate', 'The xDLMS context could not be established.'],
  [7, 'load-data-set', 'A data set load problem.'],
  [8, 'change-scope', 'A change-scope problem.'],
  [9, 'task', 'A task invocation problem.'],
  [10, 'other', 'Another problem.'],
]);

/** The ENUMERATED values of each ServiceError class, keyed by class name. */
export const ServiceErrorValues: Readonly<Record<string, DlmsEnum>> = {
  'application-reference': defineEnum('application-reference', [
    [0, 'other', 'Application reference error without detail.'],
    [1, 'time-elapsed', 'The application association timed out; reconnect.'],
    [2, 'application-unreachable', 'The addressed logical device cannot be reached; check the server address.'],
    [3, 'application-reference-invalid', 'The addressed logical device does not exist; check the server address.'],
    [4, 'application-context-unsupported', 'The application context is not supported; check logical/short name referencing and ciphering.'],
    [5, 'provider-communication-error', 'A communication error occurred below the application layer.'],
    [6, 'deciphering-error', 'The meter could not decipher the request; check keys, system title and security suite.'],
  ]),
  'hardware-resource': defineEnum('hardware-resource', [
    [0, 'other', 'Hardware resource error without detail.'],
    [1, 'memory-unavailable', 'The meter is out of memory.'],
    [2, 'processor-resource-unavailable', 'The meter processor is busy.'],
    [3, 'mass-storage-unavailable', 'The meter storage is unavailable.'],
    [4, 'other-resource-unavailable', 'Another meter resource is unavailable.'],
  ]),
  'vde-state-error': defineEnum('vde-state-error', [
    [0, 'other', 'State error without detail.'],
    [1, 'no-dlms-context', 'No xDLMS context exists; associate first.'],
    [2, 'loading-data-set', 'The meter is loading a data set.'],
    [3, 'status-nochange', 'The status did not change.'],
    [4, 'status-inoperable', 'The meter is inoperable.'],
  ]),
  service: defineEnum('service', [
    [0, 'other', 'Service error without detail.'],
    [1, 'pdu-size', 'The PDU size is not acceptable; lower the maximum PDU size.'],
    [2, 'service-unsupported', 'The meter does not support this service; check the conformance block.'],
  ]),
  definition: defineEnum('definition', [
    [0, 'other', 'Definition error without detail.'],
    [1, 'object-undefined', 'The object does not exist; check the name or OBIS code.'],
    [2, 'object-class-inconsistent', 'The object has another class; check the class id.'],
    [3, 'object-attribute-inconsistent', 'The attribute does not match the object; check the attribute index.'],
  ]),
  access: defineEnum('access', [
    [0, 'other', 'Access error without detail.'],
    [1, 'scope-of-access-violated', 'The access is outside the allowed scope; check the access rights.'],
    [2, 'object-access-violated', 'The association has no right to this object; check the authentication level.'],
    [3, 'hardware-fault', 'A hardware fault occurred while accessing the object.'],
    [4, 'object-unavailable', 'The object is not available at the moment.'],
  ]),
  initiate: defineEnum('initiate', [
    [0, 'other', 'The xDLMS context was refused without detail.'],
    [1, 'dlms-version-too-low', 'The proposed DLMS version is too low; propose version 6.'],
    [2, 'incompatible-conformance', 'No common conformance bits; check the proposed conformance block.'],
    [3, 'pdu-size-too-short', 'The proposed maximum receive PDU size is too small; raise it.'],
    [4, 'refused-by-the-VDE-Handler', 'The meter refused the xDLMS context; check the client address and security settings.'],
  ]),
  'load-data-set': defineEnum('load-data-set', [
    [0, 'other', 'Data set load error without detail.'],
    [1, 'primitive-out-of-sequence', 'The load primitive came out of sequence.'],
    [2, 'not-loadable', 'The data set is not loadable.'],
    [3, 'dataset-size-too-large', 'The data set is too large.'],
    [4, 'not-awaited-segment', 'The segment was not expected.'],
    [5, 'interpretation-failure', 'The segment could not be interpreted.'],
    [6, 'storage-failure', 'The segment could not be stored.'],
    [7, 'data-set-not-ready', 'The data set is not ready.'],
  ]),
  'change-scope': defineEnum('change-scope', [[0, 'other', 'Change-scope error.']]),
  task: defineEnum('task', [
    [0, 'other', 'Task error without detail.'],
    [1, 'no-remote-control', 'Remote control is disabled.'],
    [2, 'ti-stopped', 'The task invocation is stopped.'],
    [3, 'ti-running', 'The task invocation is running.'],
    [4, 'ti-unusable', 'The task invocation is unusable.'],
  ]),
  other: defineEnum('other', [[0, 'other', 'An unspecified error.']]),
};

/** The application-context-name arcs 2.16.756.5.8.1.x (Green Book 9.4.2.2.2). */
export const ApplicationContextId = defineEnum('application-context-name', [
  [1, 'logical-name-no-ciphering', 'Logical name referencing, no ciphering.'],
  [2, 'short-name-no-ciphering', 'Short name referencing, no ciphering.'],
  [3, 'logical-name-with-ciphering', 'Logical name referencing with ciphered APDUs.'],
  [4, 'short-name-with-ciphering', 'Short name referencing with ciphered APDUs.'],
]);

/** The mechanism-name arcs 2.16.756.5.8.2.x (Green Book 9.4.2.2.3). */
export const MechanismId = defineEnum('mechanism-name', [
  [0, 'lowest', 'No authentication.'],
  [1, 'low', 'Low level security: a password.'],
  [2, 'high', 'High level security, manufacturer specific.'],
  [3, 'high-md5', 'High level security with MD5.'],
  [4, 'high-sha1', 'High level security with SHA-1.'],
  [5, 'high-gmac', 'High level security with AES-GMAC.'],
  [6, 'high-sha256', 'High level security with SHA-256.'],
  [7, 'high-ecdsa', 'High level security with ECDSA.'],
]);

/** The conformance block bits, bit 0 first (Green Book 9.4.6.1, [APPLICATION 31] BIT STRING (SIZE(24))). */
export const CONFORMANCE_BITS = [
  'reserved-zero',
  'general-protection',
  'general-block-transfer',
  'read',
  'write',
  'unconfirmed-write',
  'delta-value-encoding',
  'reserved-seven',
  'attribute0-supported-with-set',
  'priority-mgmt-supported',
  'attribute0-supported-with-get',
  'block-transfer-with-get-or-read',
  'block-transfer-with-set-or-write',
  'block-transfer-with-action',
  'multiple-references',
  'information-report',
  'data-notification',
  'access',
  'parameterized-access',
  'get',
  'set',
  'selective-access',
  'event-notification',
  'action',
] as const;

export type ConformanceBit = (typeof CONFORMANCE_BITS)[number];
