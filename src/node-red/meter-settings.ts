/**
 * dlms-meter node config (flat, values as the editor saved them: text or number) to the
 * client's ConnectionSettings and the pool's per-meter options. Empty fields take the library
 * defaults. Validation is the library's (`normalizeSettings`): one message listing every problem.
 */
import * as path from 'node:path';
import * as os from 'node:os';
import { InvalidArgumentError } from '../errors';
import {
  ConnectionSecrets, ConnectionSettings, ConnectionSettingsInput, SECRET_FIELDS, isSerialTransport, normalizeSettings,
} from '../client/settings';
import type { MeterPoolOptions } from '../client/pool';
import { METER_DEFAULTS, defaultValues } from './properties';
import type { RawConfig } from './red-types';

export const COUNTER_FILE = 'dlms-invocation-counters.json';

/** A number from a config field; undefined for '' / missing (= library default). */
export function num(v: unknown): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(String(v).trim());
  return Number.isFinite(n) ? n : (NaN as number);
}

function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  const s = String(v).trim();
  return s === '' ? undefined : s;
}

/** Secrets from Node-RED credentials; empty fields are left out. */
export function secretsOf(credentials: Record<string, string | undefined> | undefined): ConnectionSecrets {
  const out: ConnectionSecrets = {};
  for (const k of SECRET_FIELDS) {
    const v = credentials?.[k];
    if (typeof v === 'string' && v !== '') out[k] = v;
  }
  return out;
}

/** The counter file lives in the Node-RED user directory (mode 0600, written by FileCounterStore). */
export function counterFile(userDir: string | undefined): string {
  return path.join(userDir || path.join(os.homedir(), '.node-red'), COUNTER_FILE);
}

export function settingsInput(raw: RawConfig, secrets: ConnectionSecrets, userDir?: string): ConnectionSettingsInput {
  const c = { ...defaultValues(METER_DEFAULTS), ...raw };
  const transport = (text(c.transport) ?? 'tcp') as ConnectionSettings['transport'];
  const serial = isSerialTransport(transport);
  const s: ConnectionSettingsInput = {
    transport,
    name: text(c.name) ?? (serial ? text(c.serialPath) : text(c.host)),
    clientSap: num(c.clientSap),
    logicalAddress: num(c.logicalAddress),
    referencing: text(c.referencing) as ConnectionSettings['referencing'],
    authentication: text(c.authentication) as ConnectionSettings['authentication'],
    securityPolicy: text(c.securityPolicy) as ConnectionSettings['securityPolicy'],
    securitySuite: num(c.securitySuite) as ConnectionSettings['securitySuite'],
    clientSystemTitle: text(c.clientSystemTitle),
    serverSystemTitle: text(c.serverSystemTitle),
    utcOffset: num(c.utcOffset),
    maxPduSize: num(c.maxPduSize),
    retries: num(c.retries),
    timeouts: {
      connect: num(c.connectTimeout), response: num(c.responseTimeout),
      inactivity: num(c.inactivityTimeout), interFrame: num(c.interFrameTimeout),
    },
    secrets,
  };
  if (serial) {
    Object.assign(s, {
      serialPath: text(c.serialPath), baud: num(c.baud), dataBits: num(c.dataBits),
      parity: text(c.parity), stopBits: num(c.stopBits),
    });
  } else {
    Object.assign(s, { host: text(c.host), port: num(c.port) });
  }
  if (transport === 'hdlc+tcp' || serial) {
    s.physicalAddress = num(c.physicalAddress);
    s.serverAddressSize = num(c.serverAddressSize) as ConnectionSettings['serverAddressSize'];
    s.hdlc = { maxInfoTx: num(c.hdlcMaxInfoTx), maxInfoRx: num(c.hdlcMaxInfoRx), windowTx: num(c.hdlcWindowTx), windowRx: num(c.hdlcWindowRx) };
  }
  // Ciphered sessions must never reuse an invocation counter, even after a restart.
  const ciphered = s.securityPolicy !== undefined && s.securityPolicy !== 'none';
  const hls = s.authentication === 'high-gmac' || s.authentication === 'high-ecdsa';
  if (ciphered || hls) {
    s.invocationCounter = { store: 'file', storePath: counterFile(userDir), bootstrapObis: text(c.counterBootstrapObis) };
  }
  return stripUndefinedDeep(s);
}

export function poolOptions(raw: RawConfig): Partial<MeterPoolOptions> {
  const c = { ...defaultValues(METER_DEFAULTS), ...raw };
  const o: Partial<MeterPoolOptions> = {
    maxQueue: num(c.queueSize),
    overflow: text(c.overflow) as MeterPoolOptions['overflow'],
    requestTimeout: num(c.requestTimeout),
    idleTimeout: num(c.idleTimeout),
    idleBehaviour: text(c.idleBehaviour) as MeterPoolOptions['idleBehaviour'],
  };
  const connect = num(c.connectTimeout);
  // The pool bounds open(); give the client its own connect timeout first, plus margin.
  if (connect !== undefined && connect > 0) o.connectTimeout = connect + 5_000;
  return stripUndefinedDeep(o);
}

/** Fields `msg.meter` may change: the address only, never security or secrets. */
export const OVERRIDE_FIELDS = ['name', 'host', 'port', 'serialPath', 'logicalAddress', 'physicalAddress', 'serverAddressSize', 'serverSystemTitle'] as const;
export type AddressOverride = Partial<Record<(typeof OVERRIDE_FIELDS)[number], string | number>>;

/** Checks `msg.meter`; returns undefined when absent (use the configured meter). */
export function parseOverride(v: unknown): AddressOverride | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) {
    throw new InvalidArgumentError(`msg.meter must be an object such as { "host": "10.0.0.7", "logicalAddress": 1 } (got ${typeof v})`);
  }
  const bad = Object.keys(v).filter((k) => !(OVERRIDE_FIELDS as readonly string[]).includes(k));
  if (bad.length) {
    // Name the field, never echo its value: it may be a key pasted in by mistake.
    throw new InvalidArgumentError(`msg.meter may only change ${OVERRIDE_FIELDS.join(', ')}; remove ${bad.join(', ')} (security settings and keys come from the dlms-meter node)`);
  }
  const out: AddressOverride = {};
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    if (val === undefined || val === null || val === '') continue;
    if (typeof val !== 'string' && typeof val !== 'number') throw new InvalidArgumentError(`msg.meter.${k} must be text or a number`);
    out[k as keyof AddressOverride] = val;
  }
  return Object.keys(out).length ? out : undefined;
}

/** Stable key of an override, used as part of the pool's meter key. */
export function overrideKey(o: AddressOverride): string {
  return OVERRIDE_FIELDS.filter((k) => k !== 'name' && o[k] !== undefined).map((k) => `${k}=${o[k]}`).join('&');
}

/** Settings of the meter reached through an override: the base with the new address. */
export function applyOverride(base: ConnectionSettingsInput, o: AddressOverride): ConnectionSettings {
  const s: ConnectionSettingsInput = { ...base };
  const numeric = ['port', 'logicalAddress', 'physicalAddress', 'serverAddressSize'] as const;
  for (const k of OVERRIDE_FIELDS) {
    const v = o[k];
    if (v === undefined) continue;
    (s as Record<string, unknown>)[k] = (numeric as readonly string[]).includes(k) ? num(v) : String(v);
  }
  // The wrapper ports follow the address unless the base set them explicitly.
  if (o.logicalAddress !== undefined) delete s.serverWPort;
  if (o.name === undefined) {
    const where = o.serialPath ?? o.host ?? base.serialPath ?? base.host ?? '';
    const port = o.port !== undefined ? `:${o.port}` : '';
    const addr = [o.logicalAddress, o.physicalAddress].filter((x) => x !== undefined).join('/');
    s.name = `${where}${port}${addr ? `/${addr}` : ''}`;
  }
  if (o.logicalAddress !== undefined || o.physicalAddress !== undefined) delete s.serverAddressSize;
  if (o.serverAddressSize !== undefined) s.serverAddressSize = num(o.serverAddressSize) as ConnectionSettings['serverAddressSize'];
  return normalizeSettings(s);
}

function stripUndefinedDeep<T>(o: T): T {
  if (!o || typeof o !== 'object' || Array.isArray(o)) return o;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
    if (v === undefined) continue;
    const inner = v && typeof v === 'object' && !Array.isArray(v) ? stripUndefinedDeep(v) : v;
    if (inner && typeof inner === 'object' && !Array.isArray(inner) && Object.keys(inner).length === 0 && k !== 'secrets') continue;
    out[k] = inner;
  }
  return out as T;
}
