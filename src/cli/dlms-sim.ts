#!/usr/bin/env node
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { DlmsError, InvalidArgumentError } from '../errors';
import { DEFAULT_KEYS, serverPublicKey, startSimulator, TEST_CLIENT_SIGNING_KEY, type Simulator, type SimulatorKeys, type SimulatorOptions, type SimulatorTransport } from '../server';
import type { FaultOptions } from '../server/runtime/emulated-line';

/**
 * The `dlms-sim` command: runs simulated meters until SIGINT/SIGTERM and prints how to reach
 * them with the simulator's published test credentials.
 */
const USAGE = `usage: dlms-sim [options]
  --transport tcp|udp|hdlc|serial|optical   (default tcp: wrapper over TCP)
  --host 127.0.0.1  --port 4059  --meters N  --hdlc (HDLC over TCP)
  --serial <device> (HDLC on a serial line; with --transport optical: mode E)  --baud 9600
  --model default|is15959  --serial-number 10000001  --system-title <16 hex>  --physical 17
  --push udp://127.0.0.1:4059 --push-interval 15s [--push-ciphered] [--push-hdlc]
  --security-policy <0..255>
  faults: --delay 200ms --rtt 600ms --bandwidth 960 --drop-after N --corrupt 0.01 --refuse --reboot-every 10m
  --config file.json (SimulatorOptions as JSON; keys as hex; flags win)`;

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60000, h: 3600000 };

/** `15s`, `500ms`, `2m`, `1h` or plain milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new InvalidArgumentError(`"${text}" is not a duration (e.g. 500ms, 15s, 2m)`);
  return Math.round(Number(m[1]) * UNITS[m[2] ?? 'ms']);
}

function int(text: string, what: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${what} must be an integer ${min}..${max}, not "${text}"`);
  return n;
}

const TRANSPORTS: SimulatorTransport[] = ['tcp', 'udp', 'hdlc', 'serial', 'optical'];

function keysFromJson(k: Record<string, string> | undefined): Partial<SimulatorKeys> | undefined {
  if (!k) return undefined;
  const out: Partial<SimulatorKeys> = {};
  for (const [name, hex] of Object.entries(k)) {
    if (!(name in DEFAULT_KEYS)) throw new InvalidArgumentError(`unknown key "${name}" in the config (known: ${Object.keys(DEFAULT_KEYS).join(', ')})`);
    out[name as keyof SimulatorKeys] = Buffer.from(hex.replace(/\s/g, ''), 'hex');
  }
  return out;
}

/** Command-line arguments to simulator options. */
export function parseSimArgs(argv: string[]): SimulatorOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      transport: { type: 'string' }, host: { type: 'string' }, port: { type: 'string' }, meters: { type: 'string' },
      hdlc: { type: 'boolean' }, serial: { type: 'string' }, baud: { type: 'string' }, model: { type: 'string' },
      'serial-number': { type: 'string' }, 'system-title': { type: 'string' }, physical: { type: 'string' },
      push: { type: 'string' }, 'push-interval': { type: 'string' }, 'push-ciphered': { type: 'boolean' }, 'push-hdlc': { type: 'boolean' },
      'security-policy': { type: 'string' },
      delay: { type: 'string' }, rtt: { type: 'string' }, bandwidth: { type: 'string' }, 'drop-after': { type: 'string' },
      corrupt: { type: 'string' }, refuse: { type: 'boolean' }, 'reboot-every': { type: 'string' },
      config: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) throw new UsageRequest();
  let opts: SimulatorOptions & { keys?: unknown } = {};
  if (values.config) {
    const json = JSON.parse(fs.readFileSync(values.config, 'utf8')) as SimulatorOptions & { keys?: Record<string, string> };
    opts = { ...json, keys: keysFromJson(json.keys) };
  }
  if (values.transport) {
    if (!TRANSPORTS.includes(values.transport as SimulatorTransport)) throw new InvalidArgumentError(`--transport must be one of ${TRANSPORTS.join(', ')}`);
    opts.transport = values.transport as SimulatorTransport;
  }
  if (values.hdlc) opts.transport = 'hdlc';
  if (values.serial) {
    opts.serialPath = values.serial;
    if (opts.transport !== 'optical') opts.transport = 'serial';
  }
  if (values.host) opts.host = values.host;
  opts.port = values.port !== undefined ? int(values.port, '--port', 0, 65535) : (opts.port ?? 4059);
  if (values.meters) opts.meters = int(values.meters, '--meters', 1, 10000);
  if (values.baud) opts.baudRate = int(values.baud, '--baud', 300, 115200);
  if (values.model) {
    if (values.model !== 'default' && values.model !== 'is15959') throw new InvalidArgumentError('--model must be default or is15959');
    opts.model = values.model;
  }
  if (values['serial-number']) opts.serial = values['serial-number'];
  if (values['system-title']) opts.systemTitle = values['system-title'];
  if (values.physical) opts.physicalAddress = int(values.physical, '--physical', 0, 0x3fff);
  if (values['security-policy']) opts.securityPolicy = int(values['security-policy'], '--security-policy', 0, 255);
  if (values.push || values['push-interval']) {
    opts.push = {
      ...opts.push,
      ...(values.push ? { destination: values.push } : {}),
      ...(values['push-interval'] ? { intervalMs: parseDuration(values['push-interval']) } : {}),
      ...(values['push-ciphered'] ? { ciphered: true } : {}),
      ...(values['push-hdlc'] ? { framing: 'hdlc' as const } : {}),
    };
  }
  const f: FaultOptions = { ...opts.faults };
  if (values.delay) f.responseDelayMs = parseDuration(values.delay);
  if (values.rtt) f.roundTripMs = parseDuration(values.rtt);
  if (values.bandwidth) f.bytesPerSecond = int(values.bandwidth, '--bandwidth', 1, 1e9);
  if (values['drop-after']) f.dropAfterFrames = int(values['drop-after'], '--drop-after', 1, 1e9);
  if (values.corrupt) {
    const c = Number(values.corrupt);
    if (!(c >= 0 && c <= 1)) throw new InvalidArgumentError('--corrupt is a share of frames between 0 and 1');
    f.corruptRate = c;
  }
  if (values.refuse) f.refuseAssociations = true;
  if (values['reboot-every']) f.rebootEveryMs = parseDuration(values['reboot-every']);
  if (Object.keys(f).length) opts.faults = f;
  return opts as SimulatorOptions;
}

/** What `dlms-sim` prints at start: where each meter is and the credentials of its clients. */
export function describeSimulator(sim: Simulator, opts: SimulatorOptions): string {
  const host = opts.host ?? '127.0.0.1';
  const transport = opts.transport ?? 'tcp';
  const keys = { ...DEFAULT_KEYS, ...opts.keys };
  const lines: string[] = [`dlms-sim: ${sim.meters.length} meter(s), model ${typeof opts.model === 'object' ? opts.model.kind : (opts.model ?? 'default')}, transport ${transport}`];
  sim.meters.forEach((m, i) => {
    const phys = (opts.physicalAddress ?? 17) + (transport === 'serial' ? i : 0);
    let url: string;
    if (transport === 'tcp' || transport === 'udp') url = `${transport}://${host}:${sim.ports[i]}?client=16&server=1`;
    else if (transport === 'hdlc') url = `hdlc+tcp://${host}:${sim.ports[i]}?client=16&server=1&physical=${phys}`;
    else if (transport === 'serial') url = `serial://${opts.serialPath}?baud=${opts.baudRate ?? 9600}&client=16&server=1&physical=${phys}`;
    else url = `optical://${opts.serialPath}?client=16&server=1&physical=${phys}`;
    lines.push(`  meter ${i + 1}: serial ${m.serial}, system title ${m.systemTitle.toString('hex').toUpperCase()}, ${url}`);
  });
  lines.push(
    'clients (simulator test credentials, logical device 1; logical device 2 has 16 and 32):',
    '  16 public, no authentication (LN)',
    '  32 reader, LLS password "12345678" (LN)       33 reader, LLS password "12345678" (SN)',
    '  2 / 3 / 4  HLS-MD5 / HLS-SHA1 / HLS-SHA256, secret "SimHlsSecret0001" (LN)',
    '  1 management, HLS-GMAC, ciphered (suite 0, security setup 0.0.43.0.2.255, counter 0.0.43.1.2.255)',
    '  48 management, HLS-ECDSA, ciphered (suite 1, security setup 0.0.43.0.3.255, counter 0.0.43.1.3.255)',
    `keys: encryption ${keys.encryptionKey.toString('hex').toUpperCase()}, authentication ${keys.authenticationKey.toString('hex').toUpperCase()}, broadcast ${keys.broadcastKey.toString('hex').toUpperCase()}`,
    `ECDSA (P-256): client private key ${TEST_CLIENT_SIGNING_KEY.toString('hex').toUpperCase()}`,
    `               meter public key ${serverPublicKey(keys).toString('hex').toUpperCase()}`,
  );
  if (opts.push) lines.push(`push: ${opts.push.destination ?? 'the Push setup destination'}${opts.push.intervalMs ? ` every ${opts.push.intervalMs} ms` : ''}${opts.push.ciphered ? ', general-glo-ciphering' : ''}`);
  return lines.join('\n');
}

class UsageRequest extends Error {}

export async function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  let opts: SimulatorOptions;
  try {
    opts = parseSimArgs(argv);
  } catch (e) {
    if (e instanceof UsageRequest) {
      out(`${USAGE}\n`);
      return 0;
    }
    process.stderr.write(`error: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  let sim: Simulator;
  try {
    sim = await startSimulator({ ...opts, push: opts.push ? { ...opts.push, onError: (e) => process.stderr.write(`push failed: ${e.message}\n`) } : undefined });
  } catch (e) {
    const code = e instanceof DlmsError ? ` [${e.code}]` : '';
    process.stderr.write(`error${code}: ${(e as Error).message}\n`);
    return 1;
  }
  out(`${describeSimulator(sim, opts)}\nrunning; Ctrl+C to stop\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await sim.close();
  out('stopped\n');
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: Error) => {
      process.stderr.write(`error: ${e.message}\n`);
      process.exit(1);
    },
  );
}
