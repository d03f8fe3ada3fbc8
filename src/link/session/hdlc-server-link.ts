import { EventEmitter } from 'node:events';
import { DlmsError } from '../../errors';
import { Transport } from '../../transport/transport';
import { formatAddress, serverAddress } from '../hdlc/address';
import { HdlcEvent, HdlcMachine, HdlcMachineOptions } from '../hdlc/machine';
import { HdlcStation } from './hdlc-station';
import { ServerLink, ServerLinkEvents } from './types';

export interface HdlcServerLinkOptions extends Omit<HdlcMachineOptions, 'role' | 'local' | 'remote'> {
  logical: number;
  physical?: number;
  addressSize?: 1 | 2 | 4;
}

/**
 * Meter side of HDLC over a transport (simulator). Several instances with different addresses
 * may share one transport: each answers only frames addressed to it, as meters on RS-485 do.
 */
export class HdlcServerLink extends EventEmitter<ServerLinkEvents> implements ServerLink {
  readonly description: string;
  readonly machine: HdlcMachine;
  private readonly station: HdlcStation;

  constructor(readonly transport: Transport, opts: HdlcServerLinkOptions) {
    super();
    const local = serverAddress(opts.logical, opts.physical, opts.addressSize);
    this.machine = new HdlcMachine({ ...opts, role: 'server', local });
    this.description = `${transport.description} hdlc server ${formatAddress(local)}`;
    this.station = new HdlcStation(this.machine, transport, (e) => this.onEvent(e), (err) => this.onTransportClosed(err));
    this.station.attach();
  }

  reply(apdu: Uint8Array): Promise<void> {
    try {
      this.station.run(this.machine.send(apdu, Date.now()));
      return Promise.resolve();
    } catch (e) {
      return Promise.reject(e);
    }
  }

  push(apdu: Uint8Array): Promise<void> {
    try {
      this.station.run(this.machine.sendUi(apdu, Date.now()));
      return Promise.resolve();
    } catch (e) {
      return Promise.reject(e);
    }
  }

  close(): Promise<void> {
    this.station.detach();
    return Promise.resolve();
  }

  private onEvent(e: HdlcEvent): void {
    if (e.type === 'apdu') this.emit('apdu', e.apdu);
    else if (e.type === 'connected') this.emit('connected');
    else if (e.type === 'disconnected') this.emit('disconnected', e.error);
  }

  private onTransportClosed(err: DlmsError | undefined): void {
    this.station.detach();
    if (this.machine.state !== 'disconnected') {
      this.machine.disconnect(Date.now());
      this.emit('disconnected', err);
    }
  }
}
