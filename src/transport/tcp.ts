import * as net from 'node:net';
import { DlmsError, InvalidArgumentError } from '../errors';
import { BaseTransport, socketError } from './transport';

export interface TcpOptions {
  host: string;
  port: number;
  /** Give up connecting after this many ms (default 10000). */
  connectTimeoutMs?: number;
  /** TCP keep-alive probe delay in ms; 0 disables (default 30000). */
  keepAliveMs?: number;
}

/** TCP client transport (IEC 62056-47 wrapper on port 4059, or HDLC via a terminal server). */
export class TcpTransport extends BaseTransport {
  readonly description: string;
  private socket?: net.Socket;
  private readonly opts: Required<TcpOptions>;

  constructor(opts: TcpOptions) {
    super();
    if (!opts.host) throw new InvalidArgumentError('TCP transport needs a host');
    if (!Number.isInteger(opts.port) || opts.port < 1 || opts.port > 65535) {
      throw new InvalidArgumentError(`TCP port ${opts.port} must be 1..65535`, { port: opts.port });
    }
    this.opts = { connectTimeoutMs: 10000, keepAliveMs: 30000, ...opts };
    this.description = `tcp://${opts.host}:${opts.port}`;
  }

  open(): Promise<void> {
    if (this.opened) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: this.opts.host, port: this.opts.port });
      let settled = false;
      const timer = setTimeout(() => {
        fail(new DlmsError('timeout', `no TCP connection to ${this.description} within ${this.opts.connectTimeoutMs} ms: check the address, the firewall and that the modem is online`, { peer: this.description, timeoutMs: this.opts.connectTimeoutMs }));
      }, this.opts.connectTimeoutMs);
      const fail = (e: DlmsError): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.removeAllListeners();
        socket.on('error', () => undefined);
        socket.destroy();
        reject(e);
      };
      socket.once('error', (e) => fail(socketError(e, this.description)));
      socket.once('connect', () => {
        settled = true;
        clearTimeout(timer);
        socket.removeAllListeners('error');
        this.adopt(socket);
        resolve();
      });
    });
  }

  private adopt(socket: net.Socket): void {
    this.socket = socket;
    socket.setNoDelay(true);
    if (this.opts.keepAliveMs > 0) socket.setKeepAlive(true, this.opts.keepAliveMs);
    let lastError: DlmsError | undefined;
    socket.on('data', (d) => this.emit('data', d));
    socket.on('error', (e) => {
      lastError = socketError(e, this.description);
      this.reportError(lastError);
    });
    socket.on('close', () => {
      socket.removeAllListeners();
      this.socket = undefined;
      this.markClosed(lastError);
    });
    this.markOpen();
  }

  write(data: Uint8Array): Promise<void> {
    const s = this.socket;
    if (!s || !this.opened) return Promise.reject(this.notOpen());
    return new Promise((resolve, reject) => {
      s.write(data, (err) => (err ? reject(socketError(err, this.description)) : resolve()));
    });
  }

  close(): Promise<void> {
    const s = this.socket;
    if (!s) return Promise.resolve();
    return new Promise((resolve) => {
      s.once('close', () => resolve());
      s.end();
      // A peer that never acknowledges the FIN must not keep close() pending.
      const t = setTimeout(() => s.destroy(), 1000);
      s.once('close', () => clearTimeout(t));
    });
  }
}

/** A connection accepted by `TcpServerTransport`: already open. */
export class TcpConnectionTransport extends BaseTransport {
  readonly description: string;

  constructor(private readonly socket: net.Socket) {
    super();
    this.description = `tcp://${socket.remoteAddress}:${socket.remotePort}`;
    socket.setNoDelay(true);
    let lastError: DlmsError | undefined;
    socket.on('data', (d) => this.emit('data', d));
    socket.on('error', (e) => {
      lastError = socketError(e, this.description);
      this.reportError(lastError);
    });
    socket.on('close', () => {
      socket.removeAllListeners();
      this.markClosed(lastError);
    });
    this.markOpen();
  }

  open(): Promise<void> {
    return this.opened ? Promise.resolve() : Promise.reject(this.notOpen());
  }

  write(data: Uint8Array): Promise<void> {
    if (!this.opened) return Promise.reject(this.notOpen());
    return new Promise((resolve, reject) => {
      this.socket.write(data, (err) => (err ? reject(socketError(err, this.description)) : resolve()));
    });
  }

  close(): Promise<void> {
    if (this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.destroy();
    });
  }
}
