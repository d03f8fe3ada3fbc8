import type { Parity } from '../transport/serial';
/**
 * Connection settings for one meter: a plain JSON-serializable object (Node-RED config nodes,
 * the CLI and the URL form all produce it). `normalizeSettings` fills defaults and validates;
 * `redactSettings` gives a copy that is safe to log.
 *
 * Addressing defaults follow common practice:
 * - client SAP 16 (public client, no security); 1 is the usual management client.
 * - server logical address 1 (management logical device).
 * - HDLC physical (lower) address 17 (0x11), the factory default of many meters; others derive it
 *   from the serial number, so check the meter's label or manual.
 * - HDLC server address size: 2 bytes when logical and physical addresses both fit 7 bits, else 4.
 *   1 byte means "logical address only" (no physical address is sent).
 * - wrapper wPorts: client wPort = client SAP, server wPort = logical address.
 *
 * Secrets live in `secrets`. Keys (encryption, authentication, dedicated) and system titles are hex.
 * `password` and `hlsSecret` are text, or hex when written `hex:00112233`.
 * Fields that do not apply to the chosen transport (a port for serial, wPorts for HDLC) are dropped.
 */
import { InvalidArgumentError } from '../errors';

export const TRANSPORTS = ['tcp', 'udp', 'hdlc+tcp', 'serial', 'optical'] as const;
export type TransportKind = (typeof TRANSPORTS)[number];
export const REFERENCINGS = ['ln', 'sn'] as const;
export type Referencing = (typeof REFERENCINGS)[number];
export const AUTHENTICATIONS = [
  'none', 'low', 'high', 'high-md5', 'high-sha1', 'high-gmac', 'high-sha256', 'high-ecdsa',
] as const;
export type Authentication = (typeof AUTHENTICATIONS)[number];
export const SECURITY_POLICIES = ['none', 'authenticated', 'encrypted', 'authenticated-encrypted'] as const;
export type SecurityPolicy = (typeof SECURITY_POLICIES)[number];
export const PARITIES = ['none', 'even', 'odd'] as const;
export const INACTIVITY_BEHAVIOURS = ['release', 'keep-alive'] as const;
export type InactivityBehaviour = (typeof INACTIVITY_BEHAVIOURS)[number];
export const INVOCATION_COUNTER_STORES = ['memory', 'file'] as const;
export type InvocationCounterStore = (typeof INVOCATION_COUNTER_STORES)[number];
export type SecuritySuite = 0 | 1 | 2;
export type ServerAddressSize = 1 | 2 | 4;

export interface ConnectionSecrets {
  /** LLS password: text, or `hex:...`. */
  password?: string;
  /** HLS secret for 'high', 'high-md5', 'high-sha1', 'high-sha256': text, or `hex:...`. */
  hlsSecret?: string;
  /** Global unicast encryption key (hex; 16 bytes for suites 0/1, 32 for suite 2). */
  encryptionKey?: string;
  /** Authentication key (hex, same length rule). */
  authenticationKey?: string;
  /** Dedicated key proposed in the AARQ (hex, same length rule). */
  dedicatedKey?: string;
  /** Client ECDSA private key for 'high-ecdsa' (PEM, or hex of the raw scalar). */
  ecdsaPrivateKey?: string;
  /** Meter's public signing key (PEM, or hex of the uncompressed point). */
  serverPublicKey?: string;
}
export const SECRET_FIELDS = [
  'password', 'hlsSecret', 'encryptionKey', 'authenticationKey', 'dedicatedKey', 'ecdsaPrivateKey', 'serverPublicKey',
] as const satisfies readonly (keyof ConnectionSecrets)[];

export interface InvocationCounterSettings {
  /** First invocation counter used when nothing is stored (default 0). */
  initial: number;
  /** Where counters survive restarts: 'memory' (default) or 'file' (needs `storePath`). */
  store: InvocationCounterStore;
  storePath?: string;
  /**
   * OBIS of the meter's frame counter object (class 1, e.g. '0.0.43.1.0.255') to read through the
   * public client before a secured association; absent: no bootstrap.
   */
  bootstrapObis?: string;
}

export interface HdlcSettings {
  /** Max information field length, bytes (default 128 each way; the meter may negotiate lower). */
  maxInfoTx: number;
  maxInfoRx: number;
  /** Window size, frames (default 1 each way). */
  windowTx: number;
  windowRx: number;
}

export interface TimeoutSettings {
  /** Opening the link and associating, ms (default 10 000). */
  connect: number;
  /** Waiting for one response, ms (default 5 000). */
  response: number;
  /** Idle time before the association is released or kept alive, ms (default 120 000; 0 = never). */
  inactivity: number;
  /** Max gap between bytes of one frame on serial links, ms (default 500). */
  interFrame: number;
}

/** Fully resolved settings (what `normalizeSettings` returns). */
export interface ConnectionSettings {
  transport: TransportKind;
  /** Meter name used in messages, status and output (`meter` field). */
  name?: string;
  host?: string;
  port?: number;
  serialPath?: string;
  /** Serial speed; for 'optical' the target speed after the Mode E switch (the opening is at 300). */
  baud?: number;
  dataBits?: 7 | 8;
  parity?: Parity;
  stopBits?: 1 | 2;
  clientSap: number;
  logicalAddress: number;
  /** HDLC lower address (HDLC transports only). */
  physicalAddress?: number;
  /** HDLC server address length in bytes (HDLC transports only). */
  serverAddressSize?: ServerAddressSize;
  /** Wrapper ports (wrapper transports only). */
  clientWPort?: number;
  serverWPort?: number;
  referencing: Referencing;
  authentication: Authentication;
  securityPolicy: SecurityPolicy;
  securitySuite: SecuritySuite;
  /** Our system title, 8 bytes hex (needed for ciphering and HLS-GMAC/ECDSA). */
  clientSystemTitle?: string;
  /** Expected meter system title, 8 bytes hex (otherwise learnt from the AARE). */
  serverSystemTitle?: string;
  invocationCounter: InvocationCounterSettings;
  /** Max APDU size proposed to the meter (default 0xFFFF). */
  maxPduSize: number;
  hdlc?: HdlcSettings;
  timeouts: TimeoutSettings;
  /** Retransmissions of one frame/request before giving up (default 3). */
  retries: number;
  inactivity: InactivityBehaviour;
  /**
   * Meter clock offset in minutes east of UTC (330 = +05:30), used for date-times that carry no
   * deviation. Absent: such date-times are reported without an offset.
   */
  utcOffset?: number;
  secrets: ConnectionSecrets;
}

type DeepPartial<T> = { [K in keyof T]?: NonNullable<T[K]> extends object ? Partial<NonNullable<T[K]>> : T[K] };
/** What users write: every field but `transport`/`host`/`serialPath` may be left out. */
export type ConnectionSettingsInput = DeepPartial<ConnectionSettings>;

export const DEFAULT_PORT = 4059;
export const DEFAULT_BAUD = 9600;
export const DEFAULT_CLIENT_SAP = 16;
export const DEFAULT_LOGICAL_ADDRESS = 1;
export const DEFAULT_PHYSICAL_ADDRESS = 17;
export const DEFAULT_MAX_PDU_SIZE = 0xffff;
export const DEFAULT_HDLC: Readonly<HdlcSettings> = { maxInfoTx: 128, maxInfoRx: 128, windowTx: 1, windowRx: 1 };
export const DEFAULT_TIMEOUTS: Readonly<TimeoutSettings> = { connect: 10_000, response: 5_000, inactivity: 120_000, interFrame: 500 };
export const DEFAULT_RETRIES = 3;

const TOP_LEVEL_KEYS = [
  'transport', 'name', 'host', 'port', 'serialPath', 'baud', 'dataBits', 'parity', 'stopBits', 'clientSap',
  'logicalAddress', 'physicalAddress', 'serverAddressSize', 'clientWPort', 'serverWPort', 'referencing',
  'authentication', 'securityPolicy', 'securitySuite', 'clientSystemTitle', 'serverSystemTitle',
  'invocationCounter', 'maxPduSize', 'hdlc', 'timeouts', 'retries', 'inactivity', 'utcOffset', 'secrets',
] as const satisfies readonly (keyof ConnectionSettings)[];

const SERIAL_ONLY = ['serialPath', 'baud', 'dataBits', 'parity', 'stopBits'] as const;
const HDLC_ONLY = ['physicalAddress', 'serverAddressSize', 'hdlc'] as const;
const WRAPPER_ONLY = ['clientWPort', 'serverWPort'] as const;
const NOT_FOR: Record<TransportKind, readonly (keyof ConnectionSettings)[]> = {
  tcp: [...SERIAL_ONLY, ...HDLC_ONLY],
  udp: [...SERIAL_ONLY, ...HDLC_ONLY],
  'hdlc+tcp': [...SERIAL_ONLY, ...WRAPPER_ONLY],
  serial: ['host', 'port', ...WRAPPER_ONLY],
  optical: ['host', 'port', ...WRAPPER_ONLY],
};

export function isHdlcTransport(t: TransportKind): boolean {
  return t === 'hdlc+tcp' || t === 'serial' || t === 'optical';
}
export function isSerialTransport(t: TransportKind): boolean {
  return t === 'serial' || t === 'optical';
}
export function isNetworkTransport(t: TransportKind): boolean {
  return t === 'tcp' || t === 'udp' || t === 'hdlc+tcp';
}

/** 2 bytes when both addresses fit 7 bits, else 4 (see the module comment). */
export function defaultServerAddressSize(logical: number, physical: number): ServerAddressSize {
  return logical <= 0x7f && physical <= 0x7f ? 2 : 4;
}

/** Fill defaults, then validate. Throws one InvalidArgumentError listing every problem. */
export function normalizeSettings(input: ConnectionSettingsInput, options: ValidateOptions = {}): ConnectionSettings {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new InvalidArgumentError('Connection settings must be an object such as { "transport": "tcp", "host": "10.0.0.5" }');
  }
  const s = withDefaults(input);
  validateSettings(s, options);
  return s;
}

/** Defaults only, no validation (unknown keys are kept so that validation can name them). */
export function withDefaults(input: ConnectionSettingsInput): ConnectionSettings {
  const transport = (input.transport ?? 'tcp') as TransportKind;
  const clientSap = input.clientSap ?? DEFAULT_CLIENT_SAP;
  const logicalAddress = input.logicalAddress ?? DEFAULT_LOGICAL_ADDRESS;
  const s: ConnectionSettings = {
    ...(stripUndefined(input) as ConnectionSettings),
    transport,
    clientSap,
    logicalAddress,
    referencing: input.referencing ?? 'ln',
    authentication: input.authentication ?? 'none',
    securityPolicy: input.securityPolicy ?? 'none',
    securitySuite: input.securitySuite ?? 0,
    invocationCounter: { initial: 0, store: 'memory', ...stripUndefined(input.invocationCounter) },
    maxPduSize: input.maxPduSize ?? DEFAULT_MAX_PDU_SIZE,
    timeouts: { ...DEFAULT_TIMEOUTS, ...stripUndefined(input.timeouts) },
    retries: input.retries ?? DEFAULT_RETRIES,
    inactivity: input.inactivity ?? 'release',
    secrets: { ...stripUndefined(input.secrets) },
  };
  // Fields that do not apply to the transport are dropped (config nodes keep them all).
  for (const k of NOT_FOR[transport] ?? []) delete s[k];
  if (isNetworkTransport(transport)) s.port = input.port ?? DEFAULT_PORT;
  if (isSerialTransport(transport)) {
    s.baud = input.baud ?? DEFAULT_BAUD;
    s.dataBits = input.dataBits ?? 8;
    s.parity = input.parity ?? 'none';
    s.stopBits = input.stopBits ?? 1;
  }
  if (isHdlcTransport(transport)) {
    const physical = input.physicalAddress ?? DEFAULT_PHYSICAL_ADDRESS;
    s.physicalAddress = physical;
    s.serverAddressSize = input.serverAddressSize ?? defaultServerAddressSize(logicalAddress, physical);
    s.hdlc = { ...DEFAULT_HDLC, ...stripUndefined(input.hdlc) };
  } else {
    s.clientWPort = input.clientWPort ?? clientSap;
    s.serverWPort = input.serverWPort ?? logicalAddress;
  }
  return s;
}

export interface ValidateOptions {
  /**
   * Require the secrets the authentication and security policy need (default true). The URL
   * parser passes false: secrets usually come separately (Node-RED credentials).
   */
  requireSecrets?: boolean;
}

/** Throws one InvalidArgumentError (code 'invalid-argument') listing every problem found. */
export function validateSettings(s: ConnectionSettings, options: ValidateOptions = {}): void {
  const problems = collectProblems(s, options.requireSecrets ?? true);
  if (problems.length === 0) return;
  const who = typeof s.name === 'string' && s.name ? ` for meter '${s.name}'` : '';
  throw new InvalidArgumentError(`Invalid connection settings${who}: ${problems.join('; ')}`, {
    meter: s.name,
    problems,
  });
}

function collectProblems(s: ConnectionSettings, requireSecrets: boolean): string[] {
  const p: string[] = [];
  const unknown = Object.keys(s).filter((k) => !(TOP_LEVEL_KEYS as readonly string[]).includes(k));
  if (unknown.length) p.push(`unknown field(s) ${unknown.join(', ')} (allowed: ${TOP_LEVEL_KEYS.join(', ')})`);
  if (!oneOf(s.transport, TRANSPORTS)) {
    p.push(`transport must be one of ${TRANSPORTS.join(', ')} (got ${show(s.transport)})`);
    return p; // the rest depends on the transport
  }
  if (s.name !== undefined && typeof s.name !== 'string') p.push('name must be a string');
  if (isNetworkTransport(s.transport)) {
    if (typeof s.host !== 'string' || s.host.trim() === '') p.push(`host is required for ${s.transport} (IP address or DNS name of the meter or gateway)`);
    int(p, 'port', s.port, 1, 65535);
  } else {
    if (typeof s.serialPath !== 'string' || s.serialPath.trim() === '') p.push(`serialPath is required for ${s.transport} (e.g. /dev/ttyUSB0 or COM3)`);
    int(p, 'baud', s.baud, 50, 4_000_000);
    if (s.dataBits !== 7 && s.dataBits !== 8) p.push(`dataBits must be 7 or 8 (got ${show(s.dataBits)})`);
    if (!oneOf(s.parity, PARITIES)) p.push(`parity must be one of ${PARITIES.join(', ')} (got ${show(s.parity)})`);
    if (s.stopBits !== 1 && s.stopBits !== 2) p.push(`stopBits must be 1 or 2 (got ${show(s.stopBits)})`);
  }
  if (isHdlcTransport(s.transport)) {
    int(p, 'clientSap', s.clientSap, 0, 0x7f, ' (HDLC client address is 7 bits)');
    const size = s.serverAddressSize;
    if (size !== 1 && size !== 2 && size !== 4) p.push(`serverAddressSize must be 1, 2 or 4 (got ${show(size)})`);
    const max = size === 4 ? 0x3fff : 0x7f;
    const why = size === 4 ? ' (14 bits with a 4-byte address)' : ' (7 bits with a 1- or 2-byte address; use serverAddressSize 4 for larger)';
    int(p, 'logicalAddress', s.logicalAddress, 0, max, why);
    int(p, 'physicalAddress', s.physicalAddress, 0, max, why);
    const h = s.hdlc ?? ({} as Partial<HdlcSettings>);
    int(p, 'hdlc.maxInfoTx', h.maxInfoTx, 32, 2030);
    int(p, 'hdlc.maxInfoRx', h.maxInfoRx, 32, 2030);
    int(p, 'hdlc.windowTx', h.windowTx, 1, 7);
    int(p, 'hdlc.windowRx', h.windowRx, 1, 7);
  } else {
    int(p, 'clientSap', s.clientSap, 0, 0xffff);
    int(p, 'logicalAddress', s.logicalAddress, 0, 0xffff);
    int(p, 'clientWPort', s.clientWPort, 0, 0xffff);
    int(p, 'serverWPort', s.serverWPort, 0, 0xffff);
  }
  if (!oneOf(s.referencing, REFERENCINGS)) p.push(`referencing must be 'ln' or 'sn' (got ${show(s.referencing)})`);
  if (!oneOf(s.authentication, AUTHENTICATIONS)) p.push(`authentication must be one of ${AUTHENTICATIONS.join(', ')} (got ${show(s.authentication)})`);
  if (!oneOf(s.securityPolicy, SECURITY_POLICIES)) p.push(`securityPolicy must be one of ${SECURITY_POLICIES.join(', ')} (got ${show(s.securityPolicy)})`);
  if (s.securitySuite !== 0 && s.securitySuite !== 1 && s.securitySuite !== 2) p.push(`securitySuite must be 0, 1 or 2 (got ${show(s.securitySuite)})`);
  systemTitle(p, 'clientSystemTitle', s.clientSystemTitle);
  systemTitle(p, 'serverSystemTitle', s.serverSystemTitle);
  const ic = s.invocationCounter ?? ({} as Partial<InvocationCounterSettings>);
  int(p, 'invocationCounter.initial', ic.initial, 0, 0xffffffff);
  if (!oneOf(ic.store, INVOCATION_COUNTER_STORES)) p.push(`invocationCounter.store must be 'memory' or 'file' (got ${show(ic.store)})`);
  if (ic.store === 'file' && (typeof ic.storePath !== 'string' || ic.storePath === '')) p.push('invocationCounter.storePath is required when invocationCounter.store is \'file\'');
  if (ic.bootstrapObis !== undefined && (typeof ic.bootstrapObis !== 'string' || !OBIS_DOTTED.test(ic.bootstrapObis))) {
    p.push(`invocationCounter.bootstrapObis must be a dotted OBIS such as 0.0.43.1.0.255 (got ${show(ic.bootstrapObis)})`);
  }
  int(p, 'maxPduSize', s.maxPduSize, 12, 0xffff);
  const t = s.timeouts ?? ({} as Partial<TimeoutSettings>);
  int(p, 'timeouts.connect', t.connect, 1, 600_000, ' ms');
  int(p, 'timeouts.response', t.response, 1, 600_000, ' ms');
  int(p, 'timeouts.inactivity', t.inactivity, 0, 86_400_000, ' ms (0 = never)');
  int(p, 'timeouts.interFrame', t.interFrame, 1, 60_000, ' ms');
  int(p, 'retries', s.retries, 0, 10);
  if (!oneOf(s.inactivity, INACTIVITY_BEHAVIOURS)) p.push(`inactivity must be 'release' or 'keep-alive' (got ${show(s.inactivity)})`);
  if (s.utcOffset !== undefined) int(p, 'utcOffset', s.utcOffset, -840, 840, ' minutes east of UTC (330 = +05:30)');
  checkSecrets(p, s, requireSecrets);
  return p;
}

const OBIS_DOTTED = /^\d{1,3}(\.\d{1,3}){5}$/;

function checkSecrets(p: string[], s: ConnectionSettings, requireSecrets: boolean): void {
  const sec = s.secrets;
  if (sec === null || typeof sec !== 'object' || Array.isArray(sec)) {
    p.push('secrets must be an object');
    return;
  }
  const unknown = Object.keys(sec).filter((k) => !(SECRET_FIELDS as readonly string[]).includes(k));
  if (unknown.length) p.push(`unknown secret(s) ${unknown.join(', ')} (allowed: ${SECRET_FIELDS.join(', ')})`);
  for (const k of SECRET_FIELDS) {
    if (sec[k] !== undefined && typeof sec[k] !== 'string') p.push(`secrets.${k} must be a string`);
  }
  // Never echo a secret's value: say what is wrong with it only.
  const keyLen = s.securitySuite === 2 ? 32 : 16;
  for (const k of ['encryptionKey', 'authenticationKey', 'dedicatedKey'] as const) {
    const v = sec[k];
    if (typeof v !== 'string') continue;
    const n = hexLength(v);
    if (n === undefined) p.push(`secrets.${k} must be hex`);
    else if (n !== keyLen) p.push(`secrets.${k} must be ${keyLen} bytes (${keyLen * 2} hex digits) for security suite ${s.securitySuite}, got ${n} bytes`);
  }
  for (const k of ['password', 'hlsSecret'] as const) {
    const v = sec[k];
    if (typeof v === 'string' && /^hex:/i.test(v) && hexLength(v.slice(4)) === undefined) p.push(`secrets.${k} starts with 'hex:' but the rest is not hex`);
  }
  if (!requireSecrets) return;
  const need = (k: keyof ConnectionSecrets, why: string): void => {
    if (typeof sec[k] !== 'string' || sec[k] === '') p.push(`secrets.${k} is required ${why}`);
  };
  const a = s.authentication;
  if (a === 'low') need('password', "for authentication 'low'");
  if (a === 'high' || a === 'high-md5' || a === 'high-sha1' || a === 'high-sha256') need('hlsSecret', `for authentication '${a}'`);
  if (a === 'high-gmac') {
    need('encryptionKey', "for authentication 'high-gmac'");
    need('authenticationKey', "for authentication 'high-gmac'");
  }
  if (a === 'high-ecdsa') {
    need('ecdsaPrivateKey', "for authentication 'high-ecdsa'");
    if (s.securitySuite === 0) p.push("authentication 'high-ecdsa' needs securitySuite 1 or 2");
  }
  const pol = s.securityPolicy;
  if (pol === 'encrypted' || pol === 'authenticated-encrypted') need('encryptionKey', `for securityPolicy '${pol}'`);
  if (pol === 'authenticated' || pol === 'authenticated-encrypted') need('authenticationKey', `for securityPolicy '${pol}'`);
  if ((pol !== 'none' || a === 'high-gmac' || a === 'high-ecdsa') && !s.clientSystemTitle) {
    p.push('clientSystemTitle (8 bytes hex) is required for ciphering, high-gmac and high-ecdsa');
  }
}

/** Bytes of a secret: `hex:...` is decoded, anything else is UTF-8 text. */
export function secretBytes(value: string): Buffer {
  if (/^hex:/i.test(value)) {
    const clean = value.slice(4).replace(/[\s:-]/g, '');
    if (hexLength(clean) === undefined) throw new InvalidArgumentError("A secret starting with 'hex:' must be followed by hex digits");
    return Buffer.from(clean, 'hex');
  }
  return Buffer.from(value, 'utf8');
}

/** A deep copy safe to log: every secret present is replaced with '***'. Works on inputs too. */
export function redactSettings<T extends { secrets?: ConnectionSecrets }>(s: T): T {
  const copy = JSON.parse(JSON.stringify(s)) as T;
  if (copy.secrets && typeof copy.secrets === 'object') {
    for (const k of Object.keys(copy.secrets) as (keyof ConnectionSecrets)[]) {
      if (copy.secrets[k] !== undefined) copy.secrets[k] = '***';
    }
  }
  return copy;
}

function hexLength(v: string): number | undefined {
  const clean = v.replace(/[\s:-]/g, '');
  return clean.length % 2 === 0 && /^[0-9a-fA-F]*$/.test(clean) ? clean.length / 2 : undefined;
}

function systemTitle(p: string[], field: string, v: unknown): void {
  if (v === undefined) return;
  if (typeof v !== 'string' || hexLength(v) !== 8) p.push(`${field} must be 8 bytes of hex (16 digits), e.g. 4D4D4D0000BC614E (got ${show(v)})`);
}

function int(p: string[], field: string, v: unknown, min: number, max: number, unit = ''): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    p.push(`${field} must be an integer ${min}..${max}${unit} (got ${show(v)})`);
  }
}

function oneOf<T extends string>(v: unknown, list: readonly T[]): v is T {
  return typeof v === 'string' && (list as readonly string[]).includes(v);
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const text = typeof v === 'string' ? `'${v}'` : JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function stripUndefined<T extends object>(o: T | undefined): Partial<T> {
  if (!o || typeof o !== 'object') return {};
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
