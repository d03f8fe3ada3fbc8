import type { ParseArgsConfig } from 'node:util';
import { createClient, type MeterClient } from '../client';
import { parseConnectionUrl } from '../client/url';
import {
  AUTHENTICATIONS, SECURITY_POLICIES, normalizeSettings, type Authentication, type ConnectionSecrets, type ConnectionSettings, type SecurityPolicy,
} from '../client/settings';
import { DlmsError } from '../errors';
import { UsageError, type CliIo } from './io';
import { printTrace } from './trace-print';

/**
 * What every meter command shares: the connection URL plus credentials from options or the
 * environment (recommended over the URL, which ends up in shell history), `--timeout`, `--trace`
 * and `--json`. Precedence: option, then environment variable, then URL parameter.
 */
export const CONNECTION_OPTIONS = {
  password: { type: 'string' },
  'hls-secret': { type: 'string' },
  key: { type: 'string' },
  'auth-key': { type: 'string' },
  'dedicated-key': { type: 'string' },
  'ecdsa-key': { type: 'string' },
  'server-public-key': { type: 'string' },
  'system-title': { type: 'string' },
  'client-system-title': { type: 'string' },
  auth: { type: 'string' },
  security: { type: 'string' },
  timeout: { type: 'string' },
  trace: { type: 'boolean' },
  json: { type: 'boolean' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

export type ConnectionValues = { [K in keyof typeof CONNECTION_OPTIONS]?: (typeof CONNECTION_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

/** Secret field <- option name, environment variable. */
const SECRETS: [keyof ConnectionSecrets, keyof ConnectionValues, string][] = [
  ['password', 'password', 'DLMS_PASSWORD'],
  ['hlsSecret', 'hls-secret', 'DLMS_HLS_SECRET'],
  ['encryptionKey', 'key', 'DLMS_KEY'],
  ['authenticationKey', 'auth-key', 'DLMS_AUTH_KEY'],
  ['dedicatedKey', 'dedicated-key', 'DLMS_DEDICATED_KEY'],
  ['ecdsaPrivateKey', 'ecdsa-key', 'DLMS_ECDSA_KEY'],
  ['serverPublicKey', 'server-public-key', 'DLMS_SERVER_PUBLIC_KEY'],
];

export const CREDENTIALS_HELP =
  'credentials: --password/DLMS_PASSWORD --hls-secret/DLMS_HLS_SECRET --key/DLMS_KEY --auth-key/DLMS_AUTH_KEY ' +
  '--dedicated-key/DLMS_DEDICATED_KEY --ecdsa-key/DLMS_ECDSA_KEY --server-public-key/DLMS_SERVER_PUBLIC_KEY ' +
  '--client-system-title/DLMS_CLIENT_SYSTEM_TITLE ' +
  '--system-title (meter) --auth <mechanism> --security <policy> --timeout 5s --trace --json';

function duration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m || Number(m[1]) <= 0) throw new UsageError(`--timeout "${text}" is not a duration such as 5s, 1500ms or 1m`);
  return Math.round(Number(m[1]) * (m[2] === 's' ? 1000 : m[2] === 'm' ? 60_000 : 1));
}

/** The settings of one meter from the URL and the options; a bad URL or missing secret is a usage error. */
export function connectionSettings(url: string | undefined, v: ConnectionValues, io: CliIo): ConnectionSettings {
  if (!url) throw new UsageError('the meter URL is missing, e.g. tcp://10.0.0.5:4059?client=16&server=1');
  const s = asUsage(() => parseConnectionUrl(url));
  if (Object.keys(s.secrets).length) {
    io.secrets.push(...Object.values(s.secrets).filter((x): x is string => typeof x === 'string' && x !== ''));
    io.err('warning: secrets in the URL end up in shell history and logs; prefer --password, --key ... or DLMS_PASSWORD, DLMS_KEY ...\n');
  }
  const secrets: ConnectionSecrets = { ...s.secrets };
  for (const [field, option, env] of SECRETS) {
    const value = (v[option] as string | undefined) ?? io.env[env];
    if (value === undefined || value === '') continue;
    secrets[field] = value;
    io.secrets.push(value);
  }
  const out: ConnectionSettings = { ...s, secrets };
  if (v.auth) out.authentication = oneOf(v.auth, AUTHENTICATIONS, '--auth') as Authentication;
  else if (secrets.password && out.authentication === 'none' && !/[?&]auth=/i.test(url)) out.authentication = 'low';
  if (v.security) out.securityPolicy = oneOf(v.security, SECURITY_POLICIES, '--security') as SecurityPolicy;
  const clientTitle = v['client-system-title'] ?? io.env.DLMS_CLIENT_SYSTEM_TITLE;
  if (clientTitle) out.clientSystemTitle = clientTitle;
  if (v['system-title']) out.serverSystemTitle = v['system-title'];
  if (v.timeout) {
    const ms = duration(v.timeout);
    out.timeouts = { ...out.timeouts, response: ms, connect: Math.max(ms, out.timeouts.connect) };
  }
  return asUsage(() => normalizeSettings(out));
}

function oneOf(value: string, list: readonly string[], what: string): string {
  if (!list.includes(value)) throw new UsageError(`${what} must be one of ${list.join(', ')} (got "${value}")`);
  return value;
}

/** Settings field names in messages become the option that sets them. */
const FIELD_TO_OPTION: [RegExp, string][] = [
  ...SECRETS.map(([field, option, env]): [RegExp, string] => [new RegExp(`secrets\\.${field}\\b`, 'g'), `--${option} (or ${env})`]),
  [/\bclientSystemTitle\b/g, '--client-system-title'],
  [/\bserverSystemTitle\b/g, '--system-title'],
];

function asUsage<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof DlmsError) throw new UsageError(FIELD_TO_OPTION.reduce((m, [re, o]) => m.replace(re, o), e.message));
    throw e;
  }
}

/** Open a client for the command, run `fn`, always close. `--trace` prints every frame and APDU to stderr. */
export async function withClient<T>(url: string | undefined, v: ConnectionValues, io: CliIo, fn: (c: MeterClient) => Promise<T>): Promise<T> {
  const settings = connectionSettings(url, v, io);
  const client = createClient(settings, { trace: !!v.trace });
  if (v.trace) client.on('trace', (e) => printTrace(e, io, settings.authentication === 'low'));
  try {
    await client.open();
    return await fn(client);
  } finally {
    await client.close();
  }
}

/** Check references on the command line before connecting: a typo is a usage error, not a meter error. */
export function checkRef<T>(parse: () => T): T {
  return asUsage(parse);
}
