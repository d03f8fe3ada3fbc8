import { EventEmitter } from 'node:events';
import { DlmsError, isDlmsError } from '../../errors';
import { Transport } from '../../transport/transport';
import { WrapperPdu, WrapperReassembler, encodeWrapper } from '../wrapper/wrapper';
import { ClientLink, ClientLinkEvents, ServerLink, ServerLinkEvents } from './types';

export interface WrapperClientLinkOptions {
  /** Client wPort = client SAP (16 public client). */
  client: number;
  /** Server wPort = logical device (1 management logical device). */
  logical: number;
  /** Wait this long for a response (default 10000 ms). */
  responseTimeoutMs?: number;
  /** Largest accepted wrapper payload (default 65535). */
  maxLength?: number;
  /** UDP: each datagram is one PDU, so a bad one is dropped instead of closing the link. */
  datagram?: boolean;
}

/** Feeds transport bytes through a reassembler; a malformed stream is reported once. */
class WrapperReceiver {
  private readonly reassembler: WrapperReassembler;
  readonly dropped = { count: 0 };

  constructor(maxLength: number | undefined, private readonly datagram: boolean) {
    this.reassembler = new WrapperReassembler({ maxLength });
  }

  push(d: Buffer): WrapperPdu[] | DlmsError {
    try {
      if (!this.datagram) return this.reassembler.push(d);
      // UDP: a datagram holds whole PDUs; a truncated one is dropped, never joined to the next.
      this.reassembler.reset();
      const pdus = this.reassembler.push(d);
      if (this.reassembler.hasPartial) {
        this.dropped.count++;
        this.reassembler.reset();
      }
      return pdus;
    } catch (e) {
      if (this.datagram) {
        this.dropped.count++;
        this.reassembler.reset();
        return [];
      }
      return isDlmsError(e) ? e : new DlmsError('malformed-frame', String(e));
    }
  }
}

/** IEC 62056-47 client over TCP or UDP: one request, one response, pushes as events. */
export class WrapperClientLink extends EventEmitter<ClientLinkEvents> implements ClientLink {
  readonly description: string;
  private readonly receiver: WrapperReceiver;
  private pending?: { resolve: (b: Buffer) => void; reject: (e: DlmsError) => void };
  private attached = false;
  private readonly onData = (d: Buffer): void => this.data(d);
  private readonly onClosed = (err: DlmsError | undefined): void => this.closed(err);

  constructor(readonly transport: Transport, private readonly opts: WrapperClientLinkOptions) {
    super();
    this.receiver = new WrapperReceiver(opts.maxLength, opts.datagram ?? false);
    this.description = `${transport.description} wrapper client ${opts.client} -> server ${opts.logical}`;
  }

  get isOpen(): boolean {
    return this.attached && this.transport.isOpen;
  }

  async open(): Promise<void> {
    if (!this.transport.isOpen) await this.transport.open();
    if (!this.attached) {
      this.attached = true;
      this.transport.on('data', this.onData);
      this.transport.on('closed', this.onClosed);
    }
  }

  request(apdu: Uint8Array, opts: { timeoutMs?: number } = {}): Promise<Buffer> {
    if (!this.isOpen) return Promise.reject(new DlmsError('connection-closed', `${this.description}: link is not open; call open() first`));
    if (this.pending) return Promise.reject(new DlmsError('link-busy', `${this.description}: a request is already waiting for its response`));
    const timeoutMs = opts.timeoutMs ?? this.opts.responseTimeoutMs ?? 10000;
    return new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => this.pending?.reject(new DlmsError('timeout', `${this.description}: no response within ${timeoutMs} ms; check the client/server wPorts and that the meter is associated`, { timeoutMs })), timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.pending = undefined;
      };
      this.pending = { resolve: (b) => (done(), resolve(b)), reject: (e) => (done(), reject(e)) };
      const bytes = encodeWrapper({ sourceWPort: this.opts.client, destinationWPort: this.opts.logical, payload: Buffer.from(apdu) });
      this.transport.write(bytes).catch((e: DlmsError) => this.pending?.reject(e));
    });
  }

  async close(): Promise<void> {
    this.detach();
    this.pending?.reject(new DlmsError('connection-closed', `${this.description}: closed by the application`));
    await this.transport.close();
  }

  private detach(): void {
    if (!this.attached) return;
    this.attached = false;
    this.transport.off('data', this.onData);
    this.transport.off('closed', this.onClosed);
  }

  private data(d: Buffer): void {
    const pdus = this.receiver.push(d);
    if (!Array.isArray(pdus)) {
      this.pending?.reject(pdus);
      this.detach();
      this.emit('closed', pdus);
      void this.transport.close();
      return;
    }
    for (const p of pdus) {
      if (p.destinationWPort !== this.opts.client) continue; // another client's traffic
      if (this.pending && p.sourceWPort === this.opts.logical) this.pending.resolve(p.payload);
      else this.emit('push', p.payload);
    }
  }

  private closed(err: DlmsError | undefined): void {
    this.detach();
    this.pending?.reject(err ?? new DlmsError('connection-closed', `${this.description}: the peer closed the connection`));
    this.emit('closed', err);
  }
}

export interface WrapperServerLinkOptions {
  /** Logical devices served (wPorts); default any. */
  logicalDevices?: number[];
  maxLength?: number;
  datagram?: boolean;
}

/**
 * Meter side of the wrapper (simulator): emits each request APDU; `reply()` answers the last
 * client, swapping the wPorts. `lastSource`/`lastDestination` tell which association it was.
 */
export class WrapperServerLink extends EventEmitter<ServerLinkEvents> implements ServerLink {
  readonly description: string;
  lastSource?: number;
  lastDestination?: number;
  private readonly receiver: WrapperReceiver;
  private readonly onData = (d: Buffer): void => this.data(d);
  private readonly onClosed = (err: DlmsError | undefined): void => this.stop(err);
  private attached = true;
  private greeted = false;

  constructor(readonly transport: Transport, private readonly opts: WrapperServerLinkOptions = {}) {
    super();
    this.receiver = new WrapperReceiver(opts.maxLength, opts.datagram ?? false);
    this.description = `${transport.description} wrapper server`;
    transport.on('data', this.onData);
    transport.on('closed', this.onClosed);
  }

  reply(apdu: Uint8Array): Promise<void> {
    if (this.lastSource === undefined || this.lastDestination === undefined) {
      return Promise.reject(new DlmsError('invalid-state', 'no request to reply to'));
    }
    return this.transport.write(encodeWrapper({ sourceWPort: this.lastDestination, destinationWPort: this.lastSource, payload: Buffer.from(apdu) }));
  }

  /** Data-notification to the client wPort (default: the last client seen, else 1 = push). */
  push(apdu: Uint8Array, from = this.lastDestination ?? 1, to = this.lastSource ?? 1): Promise<void> {
    return this.transport.write(encodeWrapper({ sourceWPort: from, destinationWPort: to, payload: Buffer.from(apdu) }));
  }

  close(): Promise<void> {
    this.stop(undefined, false);
    return Promise.resolve();
  }

  private data(d: Buffer): void {
    const pdus = this.receiver.push(d);
    if (!Array.isArray(pdus)) {
      this.stop(pdus);
      void this.transport.close();
      return;
    }
    for (const p of pdus) {
      if (this.opts.logicalDevices && !this.opts.logicalDevices.includes(p.destinationWPort)) continue;
      this.lastSource = p.sourceWPort;
      this.lastDestination = p.destinationWPort;
      if (!this.greeted) {
        this.greeted = true;
        this.emit('connected');
      }
      this.emit('apdu', p.payload);
    }
  }

  private stop(err: DlmsError | undefined, notify = true): void {
    if (!this.attached) return;
    this.attached = false;
    this.transport.off('data', this.onData);
    this.transport.off('closed', this.onClosed);
    if (notify) this.emit('disconnected', err);
  }
}
