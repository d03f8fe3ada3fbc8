/**
 * The URL form of connection settings (CONTRACTS.md):
 *   tcp://host:4059?client=16&server=1            DLMS wrapper over TCP
 *   udp://host:4059?client=16&server=1            DLMS wrapper over UDP
 *   hdlc+tcp://host:port?client=16&server=1&physical=17   HDLC through a TCP gateway
 *   serial:///dev/ttyUSB0?baud=9600&server=1&physical=17  HDLC on a serial port (serial://COM3 on Windows)
 *   optical:///dev/ttyUSB0                        IEC 62056-21 Mode E, then HDLC
 *
 * Secrets (password=, hlsSecret=, encryptionKey=...) are accepted and moved to `secrets`, but are
 * discouraged: URLs end up in logs, flow exports and shell history. Pass secrets separately.
 * `formatConnectionUrl` never writes them.
 */
import { DlmsError, InvalidArgumentError } from '../errors';
import {
  AUTHENTICATIONS, ConnectionSecrets, ConnectionSettings, ConnectionSettingsInput, INACTIVITY_BEHAVIOURS,
  INVOCATION_COUNTER_STORES, PARITIES, REFERENCINGS, SECURITY_POLICIES, TRANSPORTS, TransportKind,
  isHdlcTransport, isNetworkTransport, normalizeSettings, withDefaults,
} from './settings';

type Getter = (s: ConnectionSettings) => unknown;
type Setter = (s: ConnectionSettingsInput, v: string, param: string) => void;
interface Param {
  name: string;
  /** Settings field it maps to, used to translate validation messages back to URL terms. */
  field: string;
  set: Setter;
  get?: Getter;
  /** Written by formatConnectionUrl even when equal to the default. */
  always?: (t: TransportKind) => boolean;
  secret?: boolean;
}

const num = (v: string, param: string): number => {
  if (!/^(0x[0-9a-f]+|-?\d+)$/i.test(v)) throw bad(param, v, 'an integer (decimal, or hex with 0x)');
  return Number(v);
};
const ms = (v: string, param: string): number => {
  const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(v);
  if (!m) throw bad(param, v, 'a duration in ms, or with a unit: 500ms, 5s');
  return Math.round(Number(m[1]) * (m[2] === 's' ? 1000 : 1));
};
const offset = (v: string, param: string): number => {
  // A raw '+' in a query string decodes to a space.
  const m = /^([+ -])(\d{2}):?(\d{2})$/.exec(v);
  if (m) return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  return num(v, param);
};
const oneOf = <T extends string>(list: readonly T[], aliases: Record<string, T> = {}) => (v: string, param: string): T => {
  const x = aliases[v.toLowerCase()] ?? v.toLowerCase();
  if (!(list as readonly string[]).includes(x)) throw bad(param, v, `one of ${list.join(', ')}`);
  return x as T;
};

function bad(param: string, value: string, expected: string): InvalidArgumentError {
  const shown = value.length > 40 ? `${value.slice(0, 37)}...` : value;
  return new InvalidArgumentError(`Connection URL parameter ${param}='${shown}' must be ${expected}`, { param });
}

const sub = <K extends 'timeouts' | 'hdlc' | 'invocationCounter'>(s: ConnectionSettingsInput, k: K): NonNullable<ConnectionSettingsInput[K]> =>
  (s[k] ??= {} as never) as NonNullable<ConnectionSettingsInput[K]>;
const secret = (name: keyof ConnectionSecrets): Param => ({
  name, field: `secrets.${name}`, secret: true,
  set: (s, v) => { (s.secrets ??= {})[name] = v; },
});

const PARAMS: Param[] = [
  { name: 'client', field: 'clientSap', set: (s, v, p) => { s.clientSap = num(v, p); }, get: (s) => s.clientSap, always: () => true },
  { name: 'server', field: 'logicalAddress', set: (s, v, p) => { s.logicalAddress = num(v, p); }, get: (s) => s.logicalAddress, always: () => true },
  { name: 'physical', field: 'physicalAddress', set: (s, v, p) => { s.physicalAddress = num(v, p); }, get: (s) => s.physicalAddress, always: isHdlcTransport },
  { name: 'addressSize', field: 'serverAddressSize', set: (s, v, p) => { s.serverAddressSize = num(v, p) as 1; }, get: (s) => s.serverAddressSize },
  { name: 'clientWPort', field: 'clientWPort', set: (s, v, p) => { s.clientWPort = num(v, p); }, get: (s) => s.clientWPort },
  { name: 'serverWPort', field: 'serverWPort', set: (s, v, p) => { s.serverWPort = num(v, p); }, get: (s) => s.serverWPort },
  { name: 'baud', field: 'baud', set: (s, v, p) => { s.baud = num(v, p); }, get: (s) => s.baud, always: (t) => t === 'serial' },
  { name: 'dataBits', field: 'dataBits', set: (s, v, p) => { s.dataBits = num(v, p) as 8; }, get: (s) => s.dataBits },
  { name: 'parity', field: 'parity', set: (s, v, p) => { s.parity = oneOf(PARITIES, { n: 'none', e: 'even', o: 'odd' })(v, p); }, get: (s) => s.parity },
  { name: 'stopBits', field: 'stopBits', set: (s, v, p) => { s.stopBits = num(v, p) as 1; }, get: (s) => s.stopBits },
  { name: 'referencing', field: 'referencing', set: (s, v, p) => { s.referencing = oneOf(REFERENCINGS)(v, p); }, get: (s) => s.referencing },
  { name: 'auth', field: 'authentication', set: (s, v, p) => { s.authentication = oneOf(AUTHENTICATIONS)(v, p); }, get: (s) => s.authentication },
  { name: 'security', field: 'securityPolicy', set: (s, v, p) => { s.securityPolicy = oneOf(SECURITY_POLICIES)(v, p); }, get: (s) => s.securityPolicy },
  { name: 'suite', field: 'securitySuite', set: (s, v, p) => { s.securitySuite = num(v, p) as 0; }, get: (s) => s.securitySuite },
  { name: 'systemTitle', field: 'clientSystemTitle', set: (s, v) => { s.clientSystemTitle = v; }, get: (s) => s.clientSystemTitle },
  { name: 'serverSystemTitle', field: 'serverSystemTitle', set: (s, v) => { s.serverSystemTitle = v; }, get: (s) => s.serverSystemTitle },
  { name: 'invocationCounter', field: 'invocationCounter.initial', set: (s, v, p) => { sub(s, 'invocationCounter').initial = num(v, p); }, get: (s) => s.invocationCounter.initial },
  { name: 'icStore', field: 'invocationCounter.store', set: (s, v, p) => { sub(s, 'invocationCounter').store = oneOf(INVOCATION_COUNTER_STORES)(v, p); }, get: (s) => s.invocationCounter.store },
  { name: 'icPath', field: 'invocationCounter.storePath', set: (s, v) => { sub(s, 'invocationCounter').storePath = v; }, get: (s) => s.invocationCounter.storePath },
  { name: 'icBootstrap', field: 'invocationCounter.bootstrapObis', set: (s, v) => { sub(s, 'invocationCounter').bootstrapObis = v; }, get: (s) => s.invocationCounter.bootstrapObis },
  { name: 'maxPdu', field: 'maxPduSize', set: (s, v, p) => { s.maxPduSize = num(v, p); }, get: (s) => s.maxPduSize },
  { name: 'maxInfoTx', field: 'hdlc.maxInfoTx', set: (s, v, p) => { sub(s, 'hdlc').maxInfoTx = num(v, p); }, get: (s) => s.hdlc?.maxInfoTx },
  { name: 'maxInfoRx', field: 'hdlc.maxInfoRx', set: (s, v, p) => { sub(s, 'hdlc').maxInfoRx = num(v, p); }, get: (s) => s.hdlc?.maxInfoRx },
  { name: 'windowTx', field: 'hdlc.windowTx', set: (s, v, p) => { sub(s, 'hdlc').windowTx = num(v, p); }, get: (s) => s.hdlc?.windowTx },
  { name: 'windowRx', field: 'hdlc.windowRx', set: (s, v, p) => { sub(s, 'hdlc').windowRx = num(v, p); }, get: (s) => s.hdlc?.windowRx },
  { name: 'timeout', field: 'timeouts.response', set: (s, v, p) => { sub(s, 'timeouts').response = ms(v, p); }, get: (s) => s.timeouts.response },
  { name: 'connectTimeout', field: 'timeouts.connect', set: (s, v, p) => { sub(s, 'timeouts').connect = ms(v, p); }, get: (s) => s.timeouts.connect },
  { name: 'inactivityTimeout', field: 'timeouts.inactivity', set: (s, v, p) => { sub(s, 'timeouts').inactivity = ms(v, p); }, get: (s) => s.timeouts.inactivity },
  { name: 'interFrameTimeout', field: 'timeouts.interFrame', set: (s, v, p) => { sub(s, 'timeouts').interFrame = ms(v, p); }, get: (s) => s.timeouts.interFrame },
  { name: 'retries', field: 'retries', set: (s, v, p) => { s.retries = num(v, p); }, get: (s) => s.retries },
  { name: 'inactivity', field: 'inactivity', set: (s, v, p) => { s.inactivity = oneOf(INACTIVITY_BEHAVIOURS)(v, p); }, get: (s) => s.inactivity },
  { name: 'name', field: 'name', set: (s, v) => { s.name = v; }, get: (s) => s.name },
  { name: 'utcOffset', field: 'utcOffset', set: (s, v, p) => { s.utcOffset = offset(v, p); }, get: (s) => s.utcOffset },
  secret('password'), secret('hlsSecret'), secret('encryptionKey'), secret('authenticationKey'),
  secret('dedicatedKey'), secret('ecdsaPrivateKey'), secret('serverPublicKey'),
];
const BY_NAME = new Map(PARAMS.map((p) => [p.name.toLowerCase(), p]));
const ALLOWED = PARAMS.map((p) => p.name).join(', ');

/**
 * Parse a connection URL into normalized settings. Secrets are not required here (they usually
 * come separately); the client checks them with `validateSettings` before connecting.
 * Throws InvalidArgumentError; the message never repeats a secret.
 */
export function parseConnectionUrl(url: string): ConnectionSettings {
  if (typeof url !== 'string' || url.trim() === '') throw new InvalidArgumentError(`Connection URL is empty; expected e.g. tcp://10.0.0.5:4059?client=16&server=1`);
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url.trim())?.[1]?.toLowerCase();
  if (!scheme || !(TRANSPORTS as readonly string[]).includes(scheme)) {
    throw new InvalidArgumentError(
      `Connection URL must start with ${TRANSPORTS.map((t) => `${t}://`).join(', ')} (got ${scheme ? `${scheme}:` : 'no scheme'})`,
      { scheme },
    );
  }
  const transport = scheme as TransportKind;
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    throw new InvalidArgumentError(`Connection URL is not well-formed; expected e.g. ${example(transport)}`, { transport });
  }
  if (u.username || u.password) {
    throw new InvalidArgumentError('Connection URL must not carry user:password@; pass the password in the meter secrets (or as password=, discouraged)', { transport });
  }
  if (u.hash) throw new InvalidArgumentError('Connection URL must not have a #fragment', { transport });
  const s: ConnectionSettingsInput = { transport };
  if (isNetworkTransport(transport)) {
    if (!u.hostname) throw new InvalidArgumentError(`Connection URL has no host; expected e.g. ${example(transport)}`, { transport });
    if (u.pathname && u.pathname !== '/') throw new InvalidArgumentError(`Connection URL for ${transport} must not have a path (got '${u.pathname}'); put options in ?key=value`, { transport });
    s.host = u.hostname.replace(/^\[(.*)\]$/, '$1');
    if (u.port) s.port = Number(u.port);
  } else {
    if (u.port) throw new InvalidArgumentError(`Connection URL for ${transport} has a port; expected a device path such as ${example(transport)}`, { transport });
    const path = u.hostname && !u.pathname ? u.hostname : decodeURIComponent(u.pathname);
    s.serialPath = /^\/COM\d+$/i.test(path) ? path.slice(1) : path;
    if (!s.serialPath || s.serialPath === '/') throw new InvalidArgumentError(`Connection URL has no serial device; expected e.g. ${example(transport)}`, { transport });
  }
  const seen = new Set<string>();
  for (const [key, value] of u.searchParams) {
    const param = BY_NAME.get(key.toLowerCase());
    if (!param) throw new InvalidArgumentError(`Connection URL parameter '${key}' is unknown; allowed: ${ALLOWED}`, { param: key, allowed: PARAMS.map((p) => p.name) });
    if (seen.has(param.name)) throw new InvalidArgumentError(`Connection URL parameter '${param.name}' is given twice`, { param: param.name });
    seen.add(param.name);
    if (value === '' && !param.secret) throw new InvalidArgumentError(`Connection URL parameter '${param.name}' is empty`, { param: param.name });
    param.set(s, value, param.name);
  }
  try {
    return normalizeSettings(s, { requireSecrets: false });
  } catch (e) {
    throw inUrlTerms(e);
  }
}

/** The URL form of settings: client and server always, other values only when not the default. Never secrets. */
export function formatConnectionUrl(settings: ConnectionSettingsInput): string {
  const s = normalizeSettings(settings, { requireSecrets: false });
  const defaults = withDefaults({
    transport: s.transport, clientSap: s.clientSap, logicalAddress: s.logicalAddress, physicalAddress: s.physicalAddress,
  });
  let base: string;
  if (isNetworkTransport(s.transport)) {
    const host = s.host!.includes(':') ? `[${s.host}]` : s.host;
    base = `${s.transport}://${host}:${s.port}`;
  } else {
    const path = s.serialPath!;
    base = path.startsWith('/')
      ? `${s.transport}://${path.split('/').map(encodeURIComponent).join('/')}`
      : `${s.transport}:///${encodeURIComponent(path)}`;
  }
  const q = new URLSearchParams();
  for (const p of PARAMS) {
    if (p.secret || !p.get) continue;
    const v = p.get(s);
    if (v === undefined) continue;
    if (!p.always?.(s.transport) && v === p.get(defaults)) continue;
    q.set(p.name, String(v));
  }
  const query = q.toString();
  return query ? `${base}?${query}` : base;
}

function example(t: TransportKind): string {
  switch (t) {
    case 'tcp': case 'udp': return `${t}://10.0.0.5:4059?client=16&server=1`;
    case 'hdlc+tcp': return 'hdlc+tcp://10.0.0.5:5000?client=16&server=1&physical=17';
    case 'serial': return 'serial:///dev/ttyUSB0?baud=9600&server=1&physical=17 (serial://COM3 on Windows)';
    case 'optical': return 'optical:///dev/ttyUSB0';
  }
}

/** Rename settings fields in validation messages to the URL parameter the user wrote. */
function inUrlTerms(e: unknown): unknown {
  if (!(e instanceof DlmsError) || !Array.isArray(e.context.problems)) return e;
  const problems = (e.context.problems as string[]).map((pr) => {
    const p = PARAMS.find((x) => pr.startsWith(`${x.field} `));
    return p ? `${p.name} (${p.field})${pr.slice(p.field.length)}` : pr;
  });
  return new InvalidArgumentError(`Invalid connection URL: ${problems.join('; ')}`, { ...e.context, problems });
}
