import * as dgram from 'node:dgram';
import { EventEmitter } from 'node:events';
import * as net from 'node:net';
import { DlmsError, InvalidArgumentError } from '../errors';
import { BaseTransport, socketError } from './transport';

export interface UdpOptions {
  host: string;
  port: number;
  /** Local port to bind (default: any). */
  localPort?: number;
}

function udpType(host: string): 'udp4' | 'udp6' {
  return net.isIPv6(host) ? 'udp6' : 'udp4';
}

/** UDP client transport: one datagram per write, one `data` event per received datagram. */
export class UdpTransport extends BaseTransport {
  readonly description: string;
  private socket?: dgram.Socket;

  constructor(private readonly opts: UdpOptions) {
    super();
    if (!Number.isInteger(opts.port) || opts.port < 1 || opts.port > 65535) {
      throw new InvalidArgumentError(`UDP port ${opts.port} must be 1..65535`, { port: opts.port });
    }
    this.description = `udp://${opts.host}:${opts.port}`;
  }

  open(): Promise<void> {
    if (this.opened) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const socket = dgram.createSocket(udpType(this.opts.host));
      const fail = (e: Error): void => {
        socket.removeAllListeners();
        socket.close();
        reject(socketError(e, this.description));
      };
      socket.once('error', fail);
      socket.bind(this.opts.localPort ?? 0, () => {
        socket.connect(this.opts.port, this.opts.host, () => {
          socket.removeListener('error', fail);
          this.socket = socket;
          // ICMP port unreachable shows up as ECONNREFUSED on a connected UDP socket.
          socket.on('error', (e) => this.reportError(socketError(e, this.description)));
          socket.on('message', (msg) => this.emit('data', msg));
          socket.on('close', () => {
            socket.removeAllListeners();
            this.socket = undefined;
            this.markClosed();
          });
          this.markOpen();
          resolve();
        });
      });
    });
  }

  write(data: Uint8Array): Promise<void> {
    const s = this.socket;
    if (!s || !this.opened) return Promise.reject(this.notOpen());
    return new Promise((resolve, reject) => s.send(data, (err) => (err ? reject(socketError(err, this.description)) : resolve())));
  }

  close(): Promise<void> {
    const s = this.socket;
    if (!s) return Promise.resolve();
    return new Promise((resolve) => {
      s.once('close', () => resolve());
      s.close();
    });
  }
}

/** One remote peer of a `UdpServerTransport`; closing it only forgets the peer. */
export class UdpPeerTransport extends BaseTransport {
  readonly description: string;

  constructor(private readonly socket: dgram.Socket, readonly address: string, readonly port: number, private readonly onClose: () => void) {
    super();
    this.description = `udp://${address}:${port}`;
    this.markOpen();
  }

  open(): Promise<void> {
    return this.opened ? Promise.resolve() : Promise.reject(this.notOpen());
  }

  /** Called by the server socket for each datagram from this peer. */
  deliver(msg: Buffer): void {
    this.emit('data', msg);
  }

  write(data: Uint8Array): Promise<void> {
    if (!this.opened) return Promise.reject(this.notOpen());
    return new Promise((resolve, reject) => this.socket.send(data, this.port, this.address, (err) => (err ? reject(socketError(err, this.description)) : resolve())));
  }

  close(): Promise<void> {
    if (this.opened) {
      this.onClose();
      this.markClosed();
    }
    return Promise.resolve();
  }
}

export interface UdpServerOptions {
  host?: string;
  port: number;
  /** Forget peers beyond this many (oldest first; default 1000). */
  maxPeers?: number;
}

export interface UdpServerEvents {
  peer: [UdpPeerTransport];
  error: [DlmsError];
}

/** Bound UDP socket that yields one transport per remote address:port (meter simulator, push listener). */
export class UdpServerTransport extends EventEmitter<UdpServerEvents> {
  private socket?: dgram.Socket;
  private closed = false;
  private readonly peers = new Map<string, UdpPeerTransport>();
  private boundPort = 0;

  constructor(private readonly opts: UdpServerOptions) {
    super();
  }

  get port(): number {
    return this.boundPort;
  }

  listen(): Promise<number> {
    const host = this.opts.host ?? '127.0.0.1';
    const desc = `udp://${host}:${this.opts.port}`;
    this.closed = false;
    return new Promise((resolve, reject) => {
      const socket = dgram.createSocket(udpType(host));
      socket.once('error', (e) => {
        socket.close();
        reject(socketError(e, desc));
      });
      socket.bind(this.opts.port, host, () => {
        // close() may have come while binding: it could not close a socket it did not know yet.
        if (this.closed) {
          socket.close(() => reject(new DlmsError('connection-closed', `${desc} was closed while it was being bound`)));
          return;
        }
        socket.removeAllListeners('error');
        socket.on('error', (e) => {
          if (this.listenerCount('error') > 0) this.emit('error', socketError(e, desc));
        });
        socket.on('message', (msg, rinfo) => this.dispatch(msg, rinfo));
        this.socket = socket;
        this.boundPort = socket.address().port;
        resolve(this.boundPort);
      });
    });
  }

  private dispatch(msg: Buffer, rinfo: dgram.RemoteInfo): void {
    const key = `${rinfo.address}:${rinfo.port}`;
    let peer = this.peers.get(key);
    if (!peer) {
      if (this.peers.size >= (this.opts.maxPeers ?? 1000)) {
        const oldest = this.peers.values().next().value;
        if (oldest) void oldest.close();
      }
      const socket = this.socket as dgram.Socket;
      peer = new UdpPeerTransport(socket, rinfo.address, rinfo.port, () => this.peers.delete(key));
      this.peers.set(key, peer);
      this.emit('peer', peer);
    }
    peer.deliver(msg);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.peers.values()].map((p) => p.close()));
    const s = this.socket;
    this.socket = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}
