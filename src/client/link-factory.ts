import { EventEmitter } from 'node:events';
import { HdlcBus, HdlcClientLink, type HdlcClientLinkOptions } from '../link/session/hdlc-client-link';
import type { ClientLink, ClientLinkEvents } from '../link/session/types';
import { WrapperClientLink } from '../link/session/wrapper-links';
import { openModeE } from '../link/iec62056-21/mode-e';
import { SerialTransport } from '../transport/serial';
import { TcpTransport } from '../transport/tcp';
import type { Transport } from '../transport/transport';
import { UdpTransport } from '../transport/udp';
import { InvalidArgumentError, type DlmsError } from '../errors';
import { isHdlcTransport, type ConnectionSettings } from './settings';
import { TracingTransport, traceEvent, type TraceSink } from './trace';

/** The link the client talks through, and what to undo when the client is done with it. */
export interface LinkBundle {
  link: ClientLink;
  /** Removes the listeners the bundle put on the transport. */
  dispose(): void;
}

export interface LinkFactoryOptions {
  trace?: TraceSink;
  /** A ready transport (tests, shared gateways); otherwise one is made from the settings. */
  transport?: Transport;
}

/** The byte pipe a settings object describes (not opened). */
export function createTransport(s: ConnectionSettings): Transport {
  switch (s.transport) {
    case 'tcp':
    case 'hdlc+tcp':
      return new TcpTransport({ host: s.host!, port: s.port!, connectTimeoutMs: s.timeouts.connect });
    case 'udp':
      return new UdpTransport({ host: s.host!, port: s.port! });
    case 'serial':
      return new SerialTransport({ path: s.serialPath!, baudRate: s.baud!, dataBits: s.dataBits, parity: s.parity, stopBits: s.stopBits });
    case 'optical':
      // Mode E starts at 300 baud 7E1 and switches to `baud` (8N1) after the identification.
      return new SerialTransport({ path: s.serialPath!, baudRate: 300, dataBits: 7, parity: 'even', stopBits: 1 });
    default:
      throw new InvalidArgumentError(`unknown transport ${String((s as { transport: unknown }).transport)}`);
  }
}

export function hdlcOptions(s: ConnectionSettings): HdlcClientLinkOptions {
  const h = s.hdlc;
  return {
    client: s.clientSap,
    logical: s.logicalAddress,
    physical: s.serverAddressSize === 1 ? undefined : s.physicalAddress,
    addressSize: s.serverAddressSize,
    parameters: h && {
      maxInfoFieldLengthTransmit: h.maxInfoTx,
      maxInfoFieldLengthReceive: h.maxInfoRx,
      windowSizeTransmit: h.windowTx,
      windowSizeReceive: h.windowRx,
    },
    responseTimeoutMs: Math.max(200, Math.floor(s.timeouts.response / Math.max(1, s.retries + 1))),
    maxRetries: s.retries,
    interFrameTimeoutMs: s.timeouts.interFrame,
  };
}

/**
 * RS-485: every meter on one serial port shares one open port (an HdlcBus), each with its own
 * HDLC address; their exchanges take turns on the line. Opening the device once per meter would
 * fail (a serial port is exclusive). The entry lives while any link made for that port does.
 */
const serialBuses = new Map<string, { bus: HdlcBus; line: string; links: number }>();

function lineSettings(s: ConnectionSettings): string {
  return `${s.baud} baud ${s.dataBits ?? 8}${(s.parity ?? 'none')[0].toUpperCase()}${s.stopBits ?? 1}`;
}

function sharedSerialBus(s: ConnectionSettings): { bus: HdlcBus; done: () => void } {
  const path = s.serialPath!;
  let entry = serialBuses.get(path);
  if (!entry) {
    entry = { bus: new HdlcBus(createTransport(s)), line: lineSettings(s), links: 0 };
    serialBuses.set(path, entry);
  } else if (entry.line !== lineSettings(s)) {
    throw new InvalidArgumentError(`serial port ${path} is already in use at ${entry.line} by another meter; meters on one RS-485 line need the same line settings (this one asks for ${lineSettings(s)})`, { serialPath: path });
  }
  entry.links++;
  const e = entry;
  let done = false;
  return {
    bus: e.bus,
    done: () => {
      if (done) return;
      done = true;
      if (--e.links === 0 && serialBuses.get(path) === e) serialBuses.delete(path);
    },
  };
}

/** The link of the settings: wrapper over TCP/UDP, HDLC over TCP/serial, Mode E then HDLC. */
export function createLink(s: ConnectionSettings, opts: LinkFactoryOptions = {}): LinkBundle {
  if (s.transport === 'serial' && !opts.transport) {
    // Frame traces of a shared port would mix meters: the client still traces its APDUs.
    const shared = sharedSerialBus(s);
    return { link: shared.bus.link(hdlcOptions(s)), dispose: shared.done };
  }
  const raw = opts.transport ?? createTransport(s);
  const hdlc = isHdlcTransport(s.transport);
  const tracer = opts.trace ? new TracingTransport(raw, hdlc ? 'hdlc' : 'wrapper', opts.trace) : undefined;
  const t: Transport = tracer ?? raw;
  let link: ClientLink;
  if (!hdlc) {
    link = new WrapperClientLink(t, {
      client: s.clientWPort ?? s.clientSap,
      logical: s.serverWPort ?? s.logicalAddress,
      responseTimeoutMs: s.timeouts.response,
      datagram: s.transport === 'udp',
    });
  } else {
    const inner = new HdlcClientLink(t, hdlcOptions(s));
    link = s.transport === 'optical' && raw instanceof SerialTransport ? new ModeELink(inner, raw, s, opts.trace) : inner;
  }
  return { link, dispose: () => tracer?.detach() };
}

/**
 * Optical probe: the IEC 62056-21 mode E opening at 300 baud, then HDLC at the agreed speed.
 * Everything but open() is the HDLC link's.
 */
class ModeELink extends EventEmitter<ClientLinkEvents> implements ClientLink {
  private readonly onPush = (b: Buffer): void => {
    this.emit('push', b);
  };
  private readonly onClosed = (e: DlmsError | undefined): void => {
    this.emit('closed', e);
  };

  constructor(private readonly hdlc: HdlcClientLink, private readonly port: SerialTransport, private readonly s: ConnectionSettings, private readonly trace?: TraceSink) {
    super();
    hdlc.on('push', this.onPush);
    hdlc.on('closed', this.onClosed);
  }

  get description(): string {
    return `${this.hdlc.description} (optical, mode E)`;
  }

  get isOpen(): boolean {
    return this.hdlc.isOpen;
  }

  async open(): Promise<void> {
    const id = await openModeE(this.port, { maxBaudRate: this.s.baud });
    this.trace?.(traceEvent('rx', 'mode-e', Buffer.from(id.identification, 'latin1'), id));
    await this.hdlc.open();
  }

  request(apdu: Uint8Array, opts?: { timeoutMs?: number }): Promise<Buffer> {
    return this.hdlc.request(apdu, opts);
  }

  async close(): Promise<void> {
    await this.hdlc.close();
    this.hdlc.off('push', this.onPush);
    this.hdlc.off('closed', this.onClosed);
  }
}
