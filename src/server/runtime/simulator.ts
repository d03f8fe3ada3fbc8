import { InvalidArgumentError } from '../../errors';
import { HdlcServerLink } from '../../link/session/hdlc-server-link';
import type { ServerLink } from '../../link/session/types';
import type { HdlcParameters } from '../../link/hdlc/parameters';
import { WrapperServerLink } from '../../link/session/wrapper-links';
import { ModeEResponder } from '../../link/iec62056-21/identification';
import { respondModeE } from '../../link/iec62056-21/mode-e';
import { SerialTransport } from '../../transport/serial';
import { TcpServerTransport } from '../../transport/tcp-server';
import type { Transport } from '../../transport/transport';
import { UdpServerTransport } from '../../transport/udp';
import type { ModelDefinition } from '../model/types';
import { DEFAULT_KEYS, type SimulatorKeys } from '../session/credentials';
import { MeterConnection } from './connection';
import { EmulatedLine, hasLineFaults, type FaultOptions } from './emulated-line';
import { SimMeter } from './meter';
import { PushSender, type PushOptions } from './push';

export type SimulatorTransport = 'tcp' | 'udp' | 'hdlc' | 'serial' | 'optical';

export interface SimulatorOptions {
  /** tcp (wrapper, default), udp (wrapper), hdlc (HDLC over TCP), serial (HDLC), optical (mode E then HDLC). */
  transport?: SimulatorTransport;
  /** Bind address (default 127.0.0.1). */
  host?: string;
  /** First port; meter i listens on port + i. 0 (default) picks free ports. */
  port?: number;
  /** Number of meters (default 1): one port each, or one HDLC physical address each on a serial line. */
  meters?: number;
  /** Object model of every meter (default 'default'). */
  model?: 'default' | 'is15959' | ModelDefinition;
  /** Serial number of the first meter (default 10000001); the others count up. */
  serial?: string | number;
  /** System title (hex) of the first meter; default derived from the serial. */
  systemTitle?: string;
  /** Keys of every meter (default: the published test keys, see DEFAULT_KEYS). */
  keys?: Partial<SimulatorKeys>;
  /** Override the security policy of every Security setup (bit map: 0x04 auth. requests, 0x08 enc. requests, 0x20/0x40 responses). */
  securityPolicy?: number;
  /** HDLC physical (lower) address of the first meter (default 17). */
  physicalAddress?: number;
  /** serial / optical: the device path (a socat pty works). */
  serialPath?: string;
  /** serial: line speed (default 9600); optical: the rate offered in the identification (default 9600). */
  baudRate?: number;
  /**
   * HDLC: the largest parameters the meters grant, from the meter's point of view (tx = what the
   * meter sends); a client's SNRM proposal is granted up to these. Default: the IEC 62056-46
   * defaults, 128 bytes and window 1 each way. Info fields 32..2030, windows 1..7.
   */
  hdlc?: { maxInfoTx?: number; maxInfoRx?: number; windowTx?: number; windowRx?: number };
  /** HDLC: drop the link after this long without a frame (default 120000 ms). */
  hdlcInactivityTimeoutMs?: number;
  /** The meters' injected clock (default Date.now). */
  clock?: () => number | Date;
  /** Pushes of every meter. */
  push?: PushOptions;
  /** Faults of every meter; `meterFaults[i]` overrides them for meter i. */
  faults?: FaultOptions;
  meterFaults?: Record<number, FaultOptions>;
}

export interface Simulator {
  /** Listening ports, one per meter (serial: empty). */
  readonly ports: number[];
  readonly meters: SimMeter[];
  /** Push senders, one per meter when `push` was given. */
  readonly pushers: PushSender[];
  /** Open client connections. */
  readonly connections: number;
  close(): Promise<void>;
}

const DEFAULT_SERIAL = 10000001;

function serialOf(first: string | number | undefined, i: number): string {
  const base = first === undefined ? DEFAULT_SERIAL : first;
  if (typeof base === 'number' || /^\d+$/.test(base)) return String(BigInt(base) + BigInt(i));
  return i === 0 ? base : `${base}-${i}`;
}

function systemTitleOf(first: string | undefined, i: number): string | undefined {
  if (!first) return undefined;
  const n = BigInt(`0x${first}`) + BigInt(i);
  return n.toString(16).padStart(16, '0').slice(-16).toUpperCase();
}

function hdlcParametersOf(h: SimulatorOptions['hdlc']): Partial<HdlcParameters> | undefined {
  if (!h) return undefined;
  const out: Partial<HdlcParameters> = {};
  const take = (v: number | undefined, min: number, max: number, name: string, key: keyof HdlcParameters): void => {
    if (v === undefined) return;
    if (!Number.isInteger(v) || v < min || v > max) throw new InvalidArgumentError(`hdlc.${name} must be an integer ${min}..${max}, not ${String(v)}`);
    out[key] = v;
  };
  take(h.maxInfoTx, 32, 2030, 'maxInfoTx', 'maxInfoFieldLengthTransmit');
  take(h.maxInfoRx, 32, 2030, 'maxInfoRx', 'maxInfoFieldLengthReceive');
  take(h.windowTx, 1, 7, 'windowTx', 'windowSizeTransmit');
  take(h.windowRx, 1, 7, 'windowRx', 'windowSizeReceive');
  return out;
}

/** Start simulated meters; resolves when every port listens. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const transport = options.transport ?? 'tcp';
  const count = options.meters ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > 10000) throw new InvalidArgumentError(`meters must be 1 to 10000, not ${String(options.meters)}`);
  if ((transport === 'serial' || transport === 'optical') && !options.serialPath) throw new InvalidArgumentError(`the ${transport} transport needs serialPath (e.g. /dev/ttyUSB0 or a socat pty)`);
  const hdlcParameters = hdlcParametersOf(options.hdlc);
  const keys: SimulatorKeys = { ...DEFAULT_KEYS, ...options.keys };
  const meters: SimMeter[] = [];
  for (let i = 0; i < count; i++) {
    meters.push(new SimMeter({
      serial: serialOf(options.serial, i),
      systemTitle: systemTitleOf(options.systemTitle, i),
      model: options.model,
      keys,
      clock: options.clock,
      faults: { ...options.faults, ...options.meterFaults?.[i] },
      securityPolicy: options.securityPolicy,
    }));
  }
  const connections = new Set<MeterConnection>();
  const closers: (() => Promise<void>)[] = [];
  const ports: number[] = [];
  const physical = options.physicalAddress ?? 17;
  const pushers = options.push ? meters.map((m) => new PushSender(m, options.push)) : [];

  /** Serve one meter on one byte stream: wrapper, or one HDLC station per logical device. */
  const serve = (meter: SimMeter, raw: Transport, framing: 'wrapper' | 'wrapper-datagram' | 'hdlc', physicalAddress = physical): void => {
    const t = hasLineFaults(meter.faults) ? new EmulatedLine(raw, meter.faults) : raw;
    const lds = [...meter.model.logicalDevices.keys()];
    const links: { link: ServerLink; conn: MeterConnection }[] = [];
    if (framing === 'hdlc') {
      for (const ld of lds) {
        const link = new HdlcServerLink(t, { logical: ld, physical: physicalAddress, inactivityTimeoutMs: options.hdlcInactivityTimeoutMs, parameters: hdlcParameters });
        const conn = new MeterConnection(meter, link, () => (link.machine.remote ? { clientSap: link.machine.remote.upper, logicalDevice: ld } : undefined));
        links.push({ link, conn });
      }
    } else {
      const link = new WrapperServerLink(t, { logicalDevices: lds, datagram: framing === 'wrapper-datagram' });
      const conn = new MeterConnection(meter, link, () =>
        link.lastSource === undefined || link.lastDestination === undefined ? undefined : { clientSap: link.lastSource, logicalDevice: link.lastDestination });
      links.push({ link, conn });
    }
    for (const { conn } of links) connections.add(conn);
    t.once('closed', () => {
      for (const { conn } of links) {
        connections.delete(conn);
        void conn.close();
      }
    });
  };

  try {
    if (transport === 'tcp' || transport === 'hdlc' || transport === 'udp') {
      for (let i = 0; i < count; i++) {
        const meter = meters[i];
        const port = options.port ? options.port + i : 0;
        if (transport === 'udp') {
          const server = new UdpServerTransport({ host: options.host, port, maxPeers: 100 });
          server.on('peer', (peer) => serve(meter, peer, 'wrapper-datagram'));
          server.on('error', () => undefined);
          ports.push(await server.listen());
          closers.push(() => server.close());
        } else {
          const server = new TcpServerTransport({ host: options.host, port });
          server.on('connection', (c) => serve(meter, c, transport === 'hdlc' ? 'hdlc' : 'wrapper'));
          server.on('error', () => undefined);
          ports.push(await server.listen());
          closers.push(() => server.close());
        }
      }
    } else {
      const baudRate = options.baudRate ?? 9600;
      const line = new SerialTransport(transport === 'optical' ? { path: options.serialPath!, baudRate: 300, dataBits: 7, parity: 'even', stopBits: 1 } : { path: options.serialPath!, baudRate });
      await line.open();
      closers.push(() => line.close());
      if (transport === 'serial') {
        // Several meters on one line: an RS-485 bus, one physical address each.
        meters.forEach((m, i) => serve(m, line, 'hdlc', physical + i));
      } else {
        const meter = meters[0];
        const responder = new ModeEResponder({ manufacturer: meter.model.logicalDeviceName(1).slice(0, 3), baudRate, identification: `SIM${meter.serial}`.slice(0, 16) });
        // After each session the meter goes back to waiting for a new opening at 300 baud.
        const cycle = (): void => {
          respondModeE(line, responder).then(() => {
            if (!line.isOpen) return;
            serve(meter, line, 'hdlc');
          }, () => undefined);
        };
        cycle();
      }
    }
  } catch (e) {
    for (const c of closers) await c().catch(() => undefined);
    for (const p of pushers) await p.close();
    for (const m of meters) m.stop();
    throw e;
  }

  let closing: Promise<void> | undefined;
  return {
    ports,
    meters,
    pushers,
    get connections() {
      return connections.size;
    },
    close() {
      closing ??= (async () => {
        for (const p of pushers) await p.close();
        for (const m of meters) m.stop();
        await Promise.all([...connections].map((c) => c.close()));
        connections.clear();
        await Promise.all(closers.map((c) => c().catch(() => undefined)));
      })();
      return closing;
    },
  };
}
