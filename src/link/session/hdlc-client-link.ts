import { EventEmitter } from 'node:events';
import { DlmsError } from '../../errors';
import { Transport } from '../../transport/transport';
import { HdlcAddress, clientAddress, formatAddress, serverAddress } from '../hdlc/address';
import { HdlcEvent, HdlcMachine, HdlcMachineOptions } from '../hdlc/machine';
import { HdlcParameters } from '../hdlc/parameters';
import { HdlcStation } from './hdlc-station';
import { Mutex } from './mutex';
import { ClientLink, ClientLinkEvents } from './types';

export interface HdlcClientLinkOptions extends Omit<HdlcMachineOptions, 'role' | 'local' | 'remote'> {
  /** Client SAP (16 = public client, 1 = management...). */
  client: number;
  /** Server logical device (upper address), usually 1. */
  logical: number;
  /** Server physical device (lower address), e.g. the last digits of the serial number. */
  physical?: number;
  /** Server address size on the wire: 1, 2 or 4 octets. */
  addressSize?: 1 | 2 | 4;
}

/** Shared port bookkeeping: several HDLC links (different physical addresses) on one transport. */
export class HdlcBus {
  readonly lock = new Mutex();
  private users = 0;

  constructor(readonly transport: Transport) {}

  /** A link to one meter on this port; its exchanges are serialised with the other meters'. */
  link(opts: HdlcClientLinkOptions): HdlcClientLink {
    return new HdlcClientLink(this.transport, opts, this);
  }

  private opening?: Promise<void>;

  async acquire(): Promise<void> {
    this.users++;
    if (this.transport.isOpen) return;
    if (!this.opening) this.opening = this.transport.open().finally(() => (this.opening = undefined));
    try {
      await this.opening;
    } catch (e) {
      this.users--;
      throw e;
    }
  }

  async release(): Promise<void> {
    this.users = Math.max(0, this.users - 1);
    if (this.users === 0) await this.transport.close();
  }
}

type Waiter = { resolve: (v: Buffer) => void; reject: (e: DlmsError) => void };

/**
 * HDLC client over any transport (serial, TCP terminal server): `open()` runs SNRM/UA,
 * `request()` exchanges one APDU, `close()` sends DISC and, unless the port is shared, closes it.
 */
export class HdlcClientLink extends EventEmitter<ClientLinkEvents> implements ClientLink {
  readonly description: string;
  readonly machine: HdlcMachine;
  private readonly station: HdlcStation;
  private readonly bus?: HdlcBus;
  private readonly remote: HdlcAddress;
  private pending?: Waiter;
  private opening?: Waiter;
  private closing?: () => void;

  constructor(readonly transport: Transport, opts: HdlcClientLinkOptions, bus?: HdlcBus) {
    super();
    this.remote = serverAddress(opts.logical, opts.physical, opts.addressSize);
    this.machine = new HdlcMachine({ ...opts, role: 'client', local: clientAddress(opts.client), remote: this.remote });
    this.description = `${transport.description} hdlc server ${formatAddress(this.remote)} client ${opts.client}`;
    this.bus = bus;
    this.station = new HdlcStation(this.machine, transport, (e) => this.onEvent(e), (err) => this.onTransportClosed(err));
  }

  get isOpen(): boolean {
    return this.machine.state === 'connected';
  }

  /** Negotiated HDLC parameters (after open). */
  get parameters(): Readonly<HdlcParameters> {
    return this.machine.parameters;
  }

  async open(): Promise<void> {
    if (this.isOpen) return;
    if (this.bus) await this.bus.acquire();
    else if (!this.transport.isOpen) await this.transport.open();
    this.station.attach();
    try {
      await this.exclusive(() => new Promise<Buffer>((resolve, reject) => {
        this.opening = { resolve, reject };
        this.station.run(this.machine.connect(Date.now()));
      }));
    } catch (e) {
      await this.teardown();
      throw e;
    }
  }

  request(apdu: Uint8Array, opts: { timeoutMs?: number } = {}): Promise<Buffer> {
    return this.exclusive(() => new Promise<Buffer>((resolve, reject) => {
      if (!this.isOpen) {
        reject(new DlmsError('connection-closed', `${this.description}: link is not open; call open() first`));
        return;
      }
      // The timeout is a silence timeout: it restarts whenever bytes of the answer arrive, so a
      // long segmented answer on a slow line (several KB at 9600 baud) is not cut off mid-way.
      let timer: NodeJS.Timeout | undefined;
      const arm = (): void => {
        if (!opts.timeoutMs) return;
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => {
          this.pending?.reject(new DlmsError('timeout', `${this.description}: the meter sent nothing for ${opts.timeoutMs} ms before its response was complete; the link is released, open it again`, { timeoutMs: opts.timeoutMs }));
          // A late answer must not be taken for the next request's: release the link (DISC).
          this.station.run(this.machine.disconnect(Date.now()));
        }, opts.timeoutMs);
      };
      const done = (): void => {
        if (timer) clearTimeout(timer);
        this.transport.off('data', arm);
        this.pending = undefined;
      };
      this.pending = { resolve: (v) => (done(), resolve(v)), reject: (e) => (done(), reject(e)) };
      if (opts.timeoutMs) {
        arm();
        this.transport.on('data', arm);
      }
      try {
        this.station.run(this.machine.send(apdu, Date.now()));
      } catch (e) {
        this.pending.reject(e as DlmsError);
      }
    }));
  }

  async close(): Promise<void> {
    if (this.machine.state === 'connected' && this.transport.isOpen) {
      await this.exclusive(() => new Promise<void>((resolve) => {
        this.closing = resolve;
        this.station.run(this.machine.disconnect(Date.now()));
      }));
    } else if (this.machine.state !== 'disconnected') {
      this.station.run(this.machine.disconnect(Date.now()));
    }
    await this.teardown();
  }

  private async teardown(): Promise<void> {
    const wasAttached = this.station;
    wasAttached.detach();
    if (this.bus) await this.bus.release();
    else await this.transport.close();
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.bus ? this.bus.lock.run(fn) : fn();
  }

  private onEvent(e: HdlcEvent): void {
    switch (e.type) {
      case 'connected':
        this.opening?.resolve(Buffer.alloc(0));
        this.opening = undefined;
        break;
      case 'apdu':
        if (this.pending) this.pending.resolve(e.apdu);
        else this.emit('push', e.apdu);
        break;
      case 'ui':
        this.emit('push', e.apdu);
        break;
      case 'disconnected':
        this.failAll(e.error ?? new DlmsError('connection-closed', `${this.description}: link released`));
        this.closing?.();
        this.closing = undefined;
        this.emit('closed', e.error);
        break;
      default:
        break;
    }
  }

  private onTransportClosed(err: DlmsError | undefined): void {
    const e = err ?? new DlmsError('connection-closed', `${this.description}: the transport closed`);
    this.station.detach();
    this.failAll(e);
    this.closing?.();
    this.closing = undefined;
    if (this.machine.state !== 'disconnected') {
      this.machine.disconnect(Date.now()); // local reset only; nothing can be sent any more
      this.emit('closed', e);
    }
  }

  private failAll(e: DlmsError): void {
    this.opening?.reject(e);
    this.opening = undefined;
    this.pending?.reject(e);
  }
}

