/**
 * Admin HTTP endpoints of the editor (mounted once on RED.httpAdmin by the dlms-meter node file):
 *
 *   GET  dlms-cosem/serial-ports          serial ports of the Node-RED host (dlms-meter.read)
 *   POST dlms-cosem/test-connection       associate, read the clock, release (dlms-meter.write)
 *   POST dlms-cosem/objects               the object list: class, OBIS, names, access rights (dlms-meter.write)
 *   POST dlms-cosem/capture-objects       the columns of a profile (dlms-meter.write)
 *
 * The POST body names the meter: `{ id, config?, credentials?, changed? }`. A deployed meter whose
 * settings the editor did not change is reached through its shared pooled session (no second
 * association, which a serial port would refuse); otherwise a one-off client is built from the
 * unsaved settings, with secrets the editor sends or, when it sends none (or the `__PWRD__`
 * placeholder), those of the deployed node. Every answer is `{ ok: true, ... }` or
 * `{ ok: false, code, message }` with the secrets redacted; no stack ever leaves the runtime.
 * Every request is bounded in time.
 */
import type { DlmsClient, ObjectListEntry } from '../../client/api';
import { ConnectionSettings, SECRET_FIELDS, normalizeSettings } from '../../client/settings';
import { normalizeObis } from '../../codec/obis';
import { DlmsError, InvalidArgumentError } from '../../errors';
import { createNodeClient } from '../client-factory';
import type { MeterConfigNode } from '../flow-node';
import { secretsOf, settingsInput } from '../meter-settings';
import { toFlowError } from '../node-error';
import { METER_DEFAULTS } from '../properties';

/** The editor's placeholder for a password field the user left unchanged. */
export const PASSWORD_PLACEHOLDER = '__PWRD__';
/** Longest time one admin request may take (connect + associate + reads + release). */
export const ADMIN_BUDGET_MS = 30_000;
/** Connect timeout of one-off clients, whatever the settings say. */
export const ADMIN_CONNECT_MS = 10_000;
export const SERIAL_LIST_MS = 5_000;
/** Object lists longer than this are cut (a meter rarely has more than a few hundred objects). */
export const MAX_OBJECTS = 5_000;
const MAX_TEXT = 200;

type Req = { body?: unknown; params?: Record<string, string> };
type Res = { status(code: number): Res; json(body: unknown): void; set?(h: string, v: string): Res };
type Handler = (req: Req, res: Res, next?: () => void) => void;

export interface AdminRed {
  httpAdmin?: { get(path: string, ...h: Handler[]): void; post(path: string, ...h: Handler[]): void };
  auth?: { needsPermission(permission: string): Handler };
  nodes: { getNode(id: string): unknown };
  settings: { userDir?: string; [k: string]: unknown };
}

export interface SerialPortInfo {
  path: string;
  manufacturer?: string;
  serialNumber?: string;
  vendorId?: string;
  productId?: string;
}

/** Serial port lister; tests swap it. */
export type PortLister = () => Promise<SerialPortInfo[]>;
let lister: PortLister = defaultLister;
export function setPortLister(f: PortLister | undefined): void {
  lister = f ?? defaultLister;
}

async function defaultLister(): Promise<SerialPortInfo[]> {
  const mod = require('serialport') as { SerialPort: { list(): Promise<SerialPortInfo[]> } };
  return mod.SerialPort.list();
}

const mounted = new WeakSet<object>();

export function mountAdmin(RED: AdminRed): void {
  const app = RED.httpAdmin;
  if (!app || mounted.has(app)) return;
  mounted.add(app);
  const allow = (p: string): Handler => RED.auth?.needsPermission(p) ?? ((_q, _s, next) => next?.());

  app.get('/dlms-cosem/serial-ports', allow('dlms-meter.read'), (_req, res) => {
    void listSerialPorts().then((body) => res.json(body));
  });
  const post = (path: string, run: (client: DlmsClient, body: Record<string, unknown>) => Promise<Record<string, unknown>>): void => {
    app.post(path, allow('dlms-meter.write'), (req, res) => {
      void withMeter(RED, req.body, run).then(
        (body) => res.json(body),
        (e: unknown) => res.status(e instanceof InvalidArgumentError ? 400 : 200).json(errorBody(e, [])),
      );
    });
  };
  post('/dlms-cosem/test-connection', async (client) => {
    const clock = await client.readClock();
    return { clock: clock.error ? null : clock.value ?? null, clockError: clock.error?.message };
  });
  post('/dlms-cosem/objects', async (client) => {
    const list = await client.readObjectList();
    return { objects: list.slice(0, MAX_OBJECTS).map(describeObject), truncated: list.length > MAX_OBJECTS ? list.length : undefined };
  });
  post('/dlms-cosem/capture-objects', async (client, body) => {
    const obis = normalizeObis(text(body.obis, 'obis'));
    // One entry is enough for the column descriptions (names, units, scalers).
    const result = await client.readProfile(obis, { fromEntry: 1, toEntry: 1 });
    return { obis, columns: result.columns, capturePeriod: result.capturePeriod };
  });
}

/** Serial ports, or a clear answer when the host cannot list them (no udev in a container...). */
export async function listSerialPorts(): Promise<Record<string, unknown>> {
  try {
    const ports = await withTimeout(lister(), SERIAL_LIST_MS, 'Listing serial ports took too long');
    const list = ports.filter((p) => p && typeof p.path === 'string').map((p) => ({
      path: p.path, manufacturer: p.manufacturer, serialNumber: p.serialNumber, vendorId: p.vendorId, productId: p.productId,
    }));
    return list.length
      ? { ok: true, ports: list }
      : { ok: true, ports: [], message: 'No serial ports found on the Node-RED host: plug in the probe or converter, or type the device path (e.g. /dev/ttyUSB0 or COM3)' };
  } catch (e) {
    const reason = e instanceof Error ? e.message.split('\n')[0].slice(0, MAX_TEXT) : 'unknown error';
    return {
      ok: false,
      ports: [],
      code: 'serial-list-failed',
      message: `The serial ports of the Node-RED host cannot be listed (${reason}); on Linux this needs udev (missing in many containers). Type the device path instead, e.g. /dev/ttyUSB0 or /dev/serial/by-id/...`,
    };
  }
}

type MeterRequestBody = { id?: unknown; config?: unknown; credentials?: unknown; changed?: unknown; [k: string]: unknown };

async function withMeter(
  RED: AdminRed,
  raw: unknown,
  run: (client: DlmsClient, body: Record<string, unknown>) => Promise<Record<string, unknown>>,
): Promise<Record<string, unknown>> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new InvalidArgumentError('The request needs a JSON body with the meter: { "id": "<dlms-meter node id>" }');
  const body = raw as MeterRequestBody;
  const id = typeof body.id === 'string' && /^[\w.-]{1,64}$/.test(body.id) ? body.id : undefined;
  if (body.id !== undefined && body.id !== '' && !id) throw new InvalidArgumentError('id must be a Node-RED node id');
  const deployed = id ? (RED.nodes.getNode(id) as (MeterConfigNode & { type?: string }) | null) : null;
  const isMeter = !!deployed && deployed.type === 'dlms-meter';
  const hasConfig = !!body.config && typeof body.config === 'object' && !Array.isArray(body.config);
  const started = Date.now();

  // A deployed meter the editor did not change: its own pooled session.
  if (isMeter && deployed.connection && (!hasConfig || body.changed === false)) {
    const conn = deployed.connection;
    const secrets = conn.secrets;
    try {
      const { result, meter } = await withTimeout(conn.request((client) => run(client, body)), ADMIN_BUDGET_MS, 'No answer from the meter in time');
      return { ok: true, meter, via: 'deployed', elapsedMs: Date.now() - started, ...result };
    } catch (e) {
      return errorBody(e, secrets);
    }
  }
  if (!hasConfig) {
    throw new InvalidArgumentError(id
      ? `Meter ${id} is not deployed yet: deploy it, or let the editor send its settings`
      : 'Choose a dlms-meter configuration first');
  }
  const settings = oneOffSettings(body.config as Record<string, unknown>, body.credentials, isMeter ? deployed.credentials : undefined, RED.settings.userDir);
  const secrets = Object.values(settings.secrets ?? {}).filter((s): s is string => typeof s === 'string');
  let client: DlmsClient | undefined;
  try {
    client = createNodeClient(settings);
    const c = client;
    const result = await withTimeout((async () => {
      await c.open();
      return run(c, body);
    })(), ADMIN_BUDGET_MS, 'No answer from the meter in time');
    return { ok: true, meter: settings.name ?? settings.host ?? settings.serialPath, via: 'settings', elapsedMs: Date.now() - started, ...result };
  } catch (e) {
    return errorBody(e, secrets);
  } finally {
    if (client) await withTimeout(client.close(), 5_000, '').catch(() => undefined);
  }
}

/** Settings of a one-off client: the editor's fields, secrets typed in the editor or kept by the deployed node. */
export function oneOffSettings(
  config: Record<string, unknown>,
  sent: unknown,
  deployedCredentials: Record<string, string | undefined> | undefined,
  userDir: string | undefined,
): ConnectionSettings {
  const fields: Record<string, unknown> = { id: 'admin' };
  for (const k of Object.keys(METER_DEFAULTS)) {
    const v = config[k];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw new InvalidArgumentError(`${k} must be text or a number`);
    if (typeof v === 'string' && v.length > MAX_TEXT) throw new InvalidArgumentError(`${k} is too long`);
    fields[k] = v;
  }
  const typed = sent && typeof sent === 'object' && !Array.isArray(sent) ? (sent as Record<string, unknown>) : {};
  const creds: Record<string, string | undefined> = {};
  for (const k of SECRET_FIELDS) {
    const v = typed[k];
    if (typeof v === 'string' && v !== '' && v !== PASSWORD_PLACEHOLDER) {
      if (v.length > 4096) throw new InvalidArgumentError(`${k} is too long`);
      creds[k] = v;
    } else if (deployedCredentials?.[k]) {
      creds[k] = deployedCredentials[k];
    }
  }
  const input = settingsInput(fields as never, secretsOf(creds), userDir);
  const connect = input.timeouts?.connect;
  input.timeouts = { ...input.timeouts, connect: connect && connect > 0 ? Math.min(connect, ADMIN_CONNECT_MS) : ADMIN_CONNECT_MS };
  input.retries = 0;
  try {
    return normalizeSettings(input);
  } catch (e) {
    throw new InvalidArgumentError(toFlowError(e, Object.values(creds)).message);
  }
}

/** What the browser shows of an object (no raw values). */
export function describeObject(o: ObjectListEntry): Record<string, unknown> {
  return {
    classId: o.classId, className: o.className, version: o.version, obis: o.obis, name: o.name,
    attributes: (o.attributes ?? []).map((a) => ({ attribute: a.attribute, name: a.name, access: a.access })),
    methods: (o.methods ?? []).map((m) => ({ method: m.method, name: m.name, access: m.access })),
  };
}

export function errorBody(e: unknown, secrets: readonly string[]): Record<string, unknown> {
  const err = toFlowError(e, secrets);
  return { ok: false, code: err.code, message: err.message.slice(0, 1000) };
}

function text(v: unknown, what: string): string {
  if (typeof v !== 'string' || v.trim() === '' || v.length > MAX_TEXT) throw new InvalidArgumentError(`${what} is required, e.g. 1.0.99.1.0.255`);
  return v.trim();
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DlmsError('timeout', message)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
