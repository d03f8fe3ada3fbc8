import type { AccessRule, AssociationDef, CaptureRef, ObjectDef } from '../types';

/** Small constructors for readable model tables. Units are Blue Book unit enumerations. */
export const UNIT = { s: 7, W: 27, VA: 28, var: 29, Wh: 30, VAh: 31, varh: 32, A: 33, V: 35, Hz: 44, none: 255 } as const;

export function register(obis: string, name: string, source: string, type: string, scaler: number, unit: number): ObjectDef {
  return { classId: 3, obis, name, value: { source, type }, scaler, unit };
}

export function liveData(obis: string, name: string, source: string, type: string): ObjectDef {
  return { classId: 1, obis, name, value: { source, type } };
}

export function staticData(obis: string, name: string, type: string, value: unknown): ObjectDef {
  return { classId: 1, obis, name, value: { static: { type, value } } };
}

export const CLOCK: CaptureRef = { classId: 8, obis: '0.0.1.0.0.255', attribute: 2 };

export function col(obj: ObjectDef, attribute = 2): CaptureRef {
  return { classId: obj.classId, obis: obj.obis, attribute, dataIndex: 0 };
}

/**
 * The scaler profile of a profile (IS 15959): one column per register column, capturing its
 * scaler_unit (attribute 3 of Register/Extended register, 4 of Demand register), in order.
 */
export function scalerColumns(columns: CaptureRef[]): CaptureRef[] {
  return columns
    .filter((c) => (c.classId === 3 || c.classId === 4 || c.classId === 5) && (c.attribute === 2 || (c.classId === 5 && c.attribute === 3)))
    .map((c) => ({ classId: c.classId, obis: c.obis, attribute: c.classId === 5 ? 4 : 3, dataIndex: 0 }));
}

/** Rights reading everything but the association secret. */
export const READ_ALL: AccessRule[] = [
  { obis: '0.0.40.0.*.255', attributes: 'read', attributeExceptions: { 7: 'none' } },
  { obis: '*.*.*.*.*.*', attributes: 'read' },
];

/** The public client: identification, clock, its association, SAP list and invocation counters. */
export const PUBLIC_RIGHTS: AccessRule[] = [
  { obis: '0.0.42.0.0.255', attributes: 'read' },
  { obis: '0.0.96.1.0.255', attributes: 'read' },
  { obis: '0.0.96.1.1.255', attributes: 'read' },
  { obis: '1.0.0.2.0.255', attributes: 'read' },
  { obis: '0.0.1.0.0.255', attributes: 'read' },
  { obis: '0.0.40.0.0.255', attributes: 'read', attributeExceptions: { 7: 'none' } },
  { obis: '0.0.41.0.0.255', attributes: 'read' },
  { obis: '0.0.43.1.*.255', attributes: 'read' },
];

export function publicAssociation(logicalDevice: number): AssociationDef {
  return { clientSap: 16, logicalDevice, name: 'public', context: 'ln', mechanism: 'lowest', rights: PUBLIC_RIGHTS };
}

/** A meter reader: LLS, reads everything; event logs only by range. */
export function readerAssociation(logicalDevice: number, clientSap = 32, context: 'ln' | 'sn' = 'ln'): AssociationDef {
  return {
    clientSap,
    logicalDevice,
    name: context === 'ln' ? 'reader' : 'sn-reader',
    context,
    mechanism: 'lls',
    secret: Buffer.from('12345678').toString('hex'),
    rights: [{ obis: '0.0.99.98.*.255', attributes: 'read', selectors: [1] }, ...READ_ALL],
  };
}

/** Management: reads and writes everything it may, runs every method; the secret is write-only. */
export function managementAssociation(clientSap: number, logicalDevice: number, mechanism: 'hls-gmac' | 'hls-ecdsa', securitySetup: string, authenticatedOnly: boolean): AssociationDef {
  const rw = authenticatedOnly ? 'auth-read-write' : 'read-write';
  return {
    clientSap,
    logicalDevice,
    name: mechanism === 'hls-ecdsa' ? 'management-suite-1' : 'management',
    context: 'ln-ciphered',
    mechanism,
    secret: '000102030405060708090a0b0c0d0e0f',
    securitySetup,
    maxPduSize: 2048,
    rights: [
      { obis: '0.0.40.0.*.255', attributes: authenticatedOnly ? 'auth-read' : 'read', attributeExceptions: { 7: authenticatedOnly ? 'auth-write' : 'write' }, methods: authenticatedOnly ? 'auth-access' : 'access' },
      { obis: '*.*.*.*.*.*', attributes: rw, methods: authenticatedOnly ? 'auth-access' : 'access' },
    ],
  };
}

/**
 * A client authenticated by a hash-based HLS mechanism without ciphering (MD5, SHA-1, SHA-256),
 * with the management rights; its secret is the text "SimHlsSecret0001".
 */
export function hlsAssociation(clientSap: number, logicalDevice: number, mechanism: 'hls-md5' | 'hls-sha1' | 'hls-sha256'): AssociationDef {
  return {
    clientSap,
    logicalDevice,
    name: `hls-${mechanism.slice(4)}`,
    context: 'ln',
    mechanism,
    secret: Buffer.from('SimHlsSecret0001').toString('hex'),
    rights: [
      { obis: '0.0.40.0.*.255', attributes: 'read', attributeExceptions: { 7: 'write' }, methods: 'access' },
      { obis: '*.*.*.*.*.*', attributes: 'read-write', methods: 'access' },
    ],
  };
}

/** Objects every simulated logical device 1 has besides its metering objects. */
export function managementObjects(): ObjectDef[] {
  return [
    { classId: 15, obis: '0.0.40.0.0.255', name: 'Current association (LN)' },
    { classId: 12, obis: '0.0.40.0.0.255', name: 'Current association (SN)' },
    { classId: 17, obis: '0.0.41.0.0.255', name: 'SAP assignment' },
    { classId: 64, obis: '0.0.43.0.2.255', name: 'Security setup, management (suite 0)', security: { policy: 0x6c, suite: 0 } },
    { classId: 64, obis: '0.0.43.0.3.255', name: 'Security setup, suite 1 (ECDSA)', security: { policy: 0xfc, suite: 1 } },
    staticData('0.0.43.1.2.255', 'Invocation counter, management', 'double-long-unsigned', 0),
    staticData('0.0.43.1.3.255', 'Invocation counter, suite 1', 'double-long-unsigned', 0),
    { classId: 70, obis: '0.0.96.3.10.255', name: 'Disconnect control', controlMode: 4 },
  ];
}
