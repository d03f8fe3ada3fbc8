import { EventEmitter } from 'node:events';
import * as net from 'node:net';
import { DlmsError } from '../errors';
import { TcpConnectionTransport } from './tcp';
import { socketError } from './transport';

export interface TcpServerOptions {
  /** Bind address (default 127.0.0.1). */
  host?: string;
  /** 0 picks a free port (see `port` after listen()). */
  port: number;
  /** Refuse connections beyond this many at once (default 100). */
  maxConnections?: number;
}

export interface TcpServerEvents {
  connection: [TcpConnectionTransport];
  error: [DlmsError];
}

/** Listening socket for the meter simulator and the push listener; each connection is a transport. */
export class TcpServerTransport extends EventEmitter<TcpServerEvents> {
  private server?: net.Server;
  private closed = false;
  private readonly connections = new Set<TcpConnectionTransport>();
  private boundPort = 0;

  constructor(private readonly opts: TcpServerOptions) {
    super();
  }

  get port(): number {
    return this.boundPort;
  }

  listen(): Promise<number> {
    const host = this.opts.host ?? '127.0.0.1';
    const desc = `tcp://${host}:${this.opts.port}`;
    this.closed = false;
    return new Promise((resolve, reject) => {
      const server = net.createServer((socket) => {
        if (this.connections.size >= (this.opts.maxConnections ?? 100)) {
          socket.destroy();
          return;
        }
        const t = new TcpConnectionTransport(socket);
        this.connections.add(t);
        t.once('closed', () => this.connections.delete(t));
        this.emit('connection', t);
      });
      server.once('error', (e) => reject(socketError(e, desc)));
      server.listen(this.opts.port, host, () => {
        // close() may have come while binding: it could not close a server it did not know yet.
        if (this.closed) {
          server.close(() => reject(new DlmsError('connection-closed', `${desc} was closed while it started listening`)));
          return;
        }
        server.removeAllListeners('error');
        server.on('error', (e) => {
          if (this.listenerCount('error') > 0) this.emit('error', socketError(e, desc));
        });
        this.server = server;
        this.boundPort = (server.address() as net.AddressInfo).port;
        resolve(this.boundPort);
      });
    });
  }

  /** Stops listening and closes every accepted connection; always settles. */
  async close(): Promise<void> {
    this.closed = true;
    const server = this.server;
    this.server = undefined;
    await Promise.all([...this.connections].map((c) => c.close()));
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
