import { EventEmitter } from 'node:events';
import { DlmsError } from '../errors';

/** Events every transport emits. `closed` fires exactly once, with the error that caused it if any. */
export interface TransportEvents {
  data: [Buffer];
  error: [DlmsError];
  closed: [DlmsError | undefined];
}

/**
 * A byte pipe to one peer: TCP connection, UDP peer, serial port. The link layers above only
 * use this interface, so HDLC runs the same over TCP and over serial.
 */
export interface Transport extends EventEmitter<TransportEvents> {
  /** Human-readable peer, used in error messages (e.g. `tcp://127.0.0.1:4059`). */
  readonly description: string;
  readonly isOpen: boolean;
  open(): Promise<void>;
  write(data: Uint8Array): Promise<void>;
  /** Always settles, whatever the state. */
  close(): Promise<void>;
}

/** Shared bookkeeping: the open flag and a single `closed` event. */
export abstract class BaseTransport extends EventEmitter<TransportEvents> implements Transport {
  abstract readonly description: string;
  protected opened = false;
  private closedEmitted = false;

  get isOpen(): boolean {
    return this.opened;
  }

  abstract open(): Promise<void>;
  abstract write(data: Uint8Array): Promise<void>;
  abstract close(): Promise<void>;

  protected markOpen(): void {
    this.opened = true;
    this.closedEmitted = false;
  }

  protected markClosed(err?: DlmsError): void {
    const wasOpen = this.opened;
    this.opened = false;
    if (wasOpen && !this.closedEmitted) {
      this.closedEmitted = true;
      this.emit('closed', err);
    }
  }

  /** Emits `error` only when someone listens, so an unhandled transport error never crashes the process. */
  protected reportError(err: DlmsError): void {
    if (this.listenerCount('error') > 0) this.emit('error', err);
  }

  protected notOpen(): DlmsError {
    return new DlmsError('connection-closed', `cannot write to ${this.description}: the connection is not open`, { peer: this.description });
  }
}

/** Maps Node.js socket errors to library errors whose message says what to check. */
export function socketError(err: NodeJS.ErrnoException, peer: string): DlmsError {
  switch (err.code) {
    case 'ECONNREFUSED':
      return new DlmsError('connection-refused', `${peer} refused the connection: check the host, the port (DLMS default 4059) and that the meter/gateway accepts connections`, { peer }, { cause: err });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new DlmsError('host-not-found', `cannot resolve the host of ${peer}: check the host name`, { peer }, { cause: err });
    case 'ECONNRESET':
    case 'EPIPE':
      return new DlmsError('connection-closed', `${peer} closed the connection`, { peer }, { cause: err });
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new DlmsError('host-unreachable', `${peer} is unreachable: check the network route/APN`, { peer }, { cause: err });
    case 'EADDRINUSE':
      return new DlmsError('address-in-use', `${peer}: the local port is already in use; choose another port or stop the other listener`, { peer }, { cause: err });
    case 'EACCES':
      return new DlmsError('permission-denied', `${peer}: permission denied (ports below 1024 need privileges)`, { peer }, { cause: err });
    default:
      return new DlmsError('transport-error', `${peer}: ${err.message}`, { peer, errno: err.code }, { cause: err });
  }
}
