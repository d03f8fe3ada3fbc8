import { EventEmitter } from 'node:events';
import { DlmsError } from '../errors';
import type { CounterStore } from '../security/counter-store';
import { ReplayGuard } from '../security/replay';
import { TcpServerTransport } from '../transport/tcp-server';
import type { Transport } from '../transport/transport';
import { UdpServerTransport } from '../transport/udp';
import { DEFAULT_MAX_FRAME_SIZE } from './framing';
import { PushDecoder, PushKeyResolver, type PushDecoderOptions, type PushNotification } from './decoder';

/**
 * The push listener (head-end side of push, Green Book 9.3.x / IEC 62056-5-3 "push operation"):
 * TCP and/or UDP servers on which meters deliver Data-Notifications and Event-Notifications.
 * All decoding happens in one PushDecoder per connection; this class only moves bytes, enforces
 * the limits and keeps the counters.
 */

export interface PushEndpoint {
  port: number;
  /** Bind address, default the listener's `host` (127.0.0.1). */
  host?: string;
}

export interface PushListenerOptions extends PushDecoderOptions {
  /** TCP endpoint (a port number or {port, host}); default port 4059 when neither tcp nor udp is given. */
  tcp?: PushEndpoint | number;
  udp?: PushEndpoint | number;
  /** Default bind address for both, 127.0.0.1. Use 0.0.0.0 only behind a firewall. */
  host?: string;
  /** TCP connections plus UDP peers at once (default 100); beyond, new ones are closed and reported. */
  maxConnections?: number;
  /** A connection (or UDP peer) silent this long is closed (default 300000 ms). */
  idleTimeoutMs?: number;
  /** A frame started but not completed within this time closes the connection (default 30000 ms). */
  frameTimeoutMs?: number;
  /** Persists the last accepted invocation counter per system title (ignored when replayGuard is given). */
  counterStore?: CounterStore;
  /**
   * System titles whose persisted counters are restored at listen() in addition to those of a
   * static key table (needed when `keys` is a function).
   */
  systemTitles?: string[];
}

/** A connection or UDP peer as seen in events. */
export interface PushPeer {
  id: number;
  transport: 'tcp' | 'udp';
  peer: string;
}

export interface PushStats {
  /** Open TCP connections and known UDP peers. */
  connections: number;
  totalConnections: number;
  refusedConnections: number;
  notifications: number;
  rejected: number;
  bytesReceived: number;
  /** Notifications per second over the last few seconds. */
  rate: number;
}

export interface PushListenerEvents {
  notification: [PushNotification, PushPeer];
  rejected: [DlmsError, PushPeer | undefined];
  connection: [PushPeer];
  disconnect: [PushPeer, DlmsError | undefined];
  /** Server socket errors and exceptions thrown by event handlers. */
  error: [Error];
}

interface Conn {
  info: PushPeer;
  transport: Transport;
  decoder: PushDecoder;
  lastActivity: number;
  partialSince: number;
  closing: boolean;
  closeReason?: DlmsError;
  onData: (b: Buffer) => void;
  onClosed: (e: DlmsError | undefined) => void;
  onError: (e: DlmsError) => void;
}

const RATE_BUCKETS = 5;

function endpoint(e: PushEndpoint | number | undefined, host: string): PushEndpoint | undefined {
  if (e === undefined) return undefined;
  const ep = typeof e === 'number' ? { port: e } : e;
  if (!Number.isInteger(ep.port) || ep.port < 0 || ep.port > 65535) {
    throw new DlmsError('invalid-argument', `push listener port ${String(ep.port)} must be 0..65535 (0 picks a free port)`, { port: ep.port });
  }
  return { port: ep.port, host: ep.host ?? host };
}

function positive(v: number | undefined, def: number, what: string): number {
  const n = v ?? def;
  if (typeof n !== 'number' || !(n > 0) || !Number.isFinite(n)) throw new DlmsError('invalid-argument', `${what} ${String(n)} must be a positive number`, { [what]: n });
  return n;
}

export class PushListener extends EventEmitter<PushListenerEvents> {
  private readonly opts: PushListenerOptions;
  private readonly decoderOptions: PushDecoderOptions;
  private readonly resolver: PushKeyResolver;
  readonly replayGuard: ReplayGuard;
  private readonly maxConnections: number;
  private readonly idleTimeoutMs: number;
  private readonly frameTimeoutMs: number;
  private readonly tcpEndpoint?: PushEndpoint;
  private readonly udpEndpoint?: PushEndpoint;
  private tcp?: TcpServerTransport;
  private udp?: UdpServerTransport;
  private readonly conns = new Set<Conn>();
  private sweepTimer?: NodeJS.Timeout;
  private nextId = 1;
  private state: 'idle' | 'listening' | 'closing' | 'closed' = 'idle';
  private closing?: Promise<void>;
  private readonly counters = { totalConnections: 0, refusedConnections: 0, notifications: 0, rejected: 0, bytesReceived: 0 };
  private readonly buckets = new Array<number>(RATE_BUCKETS).fill(0);
  private bucketSecond = 0;
  private startedAt = Date.now();

  constructor(opts: PushListenerOptions = {}) {
    super();
    this.opts = opts;
    const host = opts.host ?? '127.0.0.1';
    this.tcpEndpoint = endpoint(opts.tcp ?? (opts.udp === undefined ? 4059 : undefined), host);
    this.udpEndpoint = endpoint(opts.udp, host);
    this.maxConnections = positive(opts.maxConnections, 100, 'maxConnections');
    this.idleTimeoutMs = positive(opts.idleTimeoutMs, 300_000, 'idleTimeoutMs');
    this.frameTimeoutMs = positive(opts.frameTimeoutMs, 30_000, 'frameTimeoutMs');
    this.replayGuard = opts.replayGuard ?? new ReplayGuard(opts.counterStore);
    this.resolver = new PushKeyResolver(opts.keys, opts.pushObjects);
    this.decoderOptions = { ...opts, maxFrameSize: opts.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE, replayGuard: this.replayGuard };
    // Validate the options the decoders share now, not at the first connection.
    new PushDecoder(this.decoderOptions, undefined, this.resolver);
  }

  /** Bound ports (after listen()). */
  get ports(): { tcp?: number; udp?: number } {
    return { ...(this.tcp ? { tcp: this.tcp.port } : {}), ...(this.udp ? { udp: this.udp.port } : {}) };
  }

  async listen(): Promise<{ tcp?: number; udp?: number }> {
    if (this.state !== 'idle') throw new DlmsError('invalid-state', `the push listener cannot listen: it is ${this.state}`);
    this.state = 'listening';
    try {
      if (this.opts.counterStore && !this.opts.replayGuard) {
        const titles = new Set([...PushKeyResolver.titles(this.opts.keys), ...(this.opts.systemTitles ?? []).map((t) => t.replace(/[\s:-]/g, '').toUpperCase())]);
        for (const t of titles) await this.replayGuard.restore(t);
        // close() may have come while the counters were read: it saw no socket to close, so bind none.
        this.assertStillListening();
      }
      if (this.tcpEndpoint) {
        // The transport's own limit is set above ours so that refusals are counted and reported here.
        const tcp = new TcpServerTransport({ host: this.tcpEndpoint.host, port: this.tcpEndpoint.port, maxConnections: this.maxConnections + 64 });
        tcp.on('connection', (t) => this.attach(t, 'tcp'));
        tcp.on('error', (e) => this.safeEmitError(e));
        this.tcp = tcp;
        await tcp.listen();
      }
      if (this.udpEndpoint) {
        const udp = new UdpServerTransport({ host: this.udpEndpoint.host, port: this.udpEndpoint.port, maxPeers: this.maxConnections + 64 });
        udp.on('peer', (p) => this.attach(p, 'udp'));
        udp.on('error', (e) => this.safeEmitError(e));
        this.udp = udp;
        await udp.listen();
      }
    } catch (e) {
      await this.close();
      throw e;
    }
    // close() came while the sockets were being bound: start no sweep timer.
    this.assertStillListening();
    this.startedAt = Date.now();
    const every = Math.max(10, Math.min(1000, Math.floor(Math.min(this.idleTimeoutMs, this.frameTimeoutMs) / 4)));
    this.sweepTimer = setInterval(() => this.sweep(), every);
    return this.ports;
  }

  private assertStillListening(): void {
    if (this.state !== 'listening') throw new DlmsError('connection-closed', 'the push listener was closed while it started listening');
  }

  stats(): PushStats {
    const now = Date.now();
    this.roll(now);
    let sum = 0;
    for (let i = 0; i < RATE_BUCKETS; i++) sum += this.buckets[i];
    // The window: the full seconds kept plus the running one, or less just after listen().
    const windowS = Math.max(0.05, Math.min(RATE_BUCKETS - 1 + (now % 1000) / 1000, (now - this.startedAt) / 1000));
    return { connections: this.conns.size, ...this.counters, rate: Math.round(sum / windowS) };
  }

  /** Closes every connection and the servers; persists counters; always settles. */
  close(): Promise<void> {
    if (!this.closing) this.closing = this.doClose();
    return this.closing;
  }

  private async doClose(): Promise<void> {
    this.state = 'closing';
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
    const servers: Promise<void>[] = [];
    if (this.tcp) servers.push(this.tcp.close().catch(() => undefined));
    if (this.udp) servers.push(this.udp.close().catch(() => undefined));
    await Promise.all([...this.conns].map((c) => this.drop(c)));
    await Promise.all(servers);
    this.tcp?.removeAllListeners();
    this.udp?.removeAllListeners();
    this.tcp = undefined;
    this.udp = undefined;
    await this.replayGuard.flush().catch(() => undefined);
    this.state = 'closed';
  }

  private attach(t: Transport, kind: 'tcp' | 'udp'): void {
    const info: PushPeer = { id: this.nextId++, transport: kind, peer: t.description };
    if (this.state !== 'listening' || this.conns.size >= this.maxConnections) {
      this.counters.refusedConnections++;
      if (this.state === 'listening') {
        this.reject(new DlmsError('too-many-connections', `connection from ${t.description} refused: ${this.maxConnections} connections are open (maxConnections)`, { peer: t.description, maxConnections: this.maxConnections }), info);
      }
      void t.close();
      return;
    }
    const now = Date.now();
    const conn: Conn = {
      info,
      transport: t,
      decoder: new PushDecoder(this.decoderOptions, { transport: kind, peer: t.description, datagram: kind === 'udp' }, this.resolver),
      lastActivity: now,
      partialSince: 0,
      closing: false,
      onData: (b) => this.onData(conn, b),
      onClosed: (e) => this.onClosed(conn, e),
      onError: () => undefined, // the closed event carries it
    };
    this.conns.add(conn);
    this.counters.totalConnections++;
    t.on('data', conn.onData);
    t.on('error', conn.onError);
    t.once('closed', conn.onClosed);
    this.emitSafe('connection', info);
  }

  private onData(conn: Conn, chunk: Buffer): void {
    if (conn.closing) return;
    const now = Date.now();
    conn.lastActivity = now;
    this.counters.bytesReceived += chunk.length;
    const events = conn.decoder.push(chunk);
    for (const ev of events) {
      if (ev.kind === 'notification') {
        this.counters.notifications++;
        this.countRate(now);
        this.emitSafe('notification', ev.notification, conn.info);
      } else {
        this.reject(ev.error, conn.info);
        if (ev.fatal) {
          void this.drop(conn, ev.error);
          return;
        }
      }
    }
    if (conn.decoder.hasPartial) {
      if (conn.partialSince === 0) conn.partialSince = now;
    } else conn.partialSince = 0;
  }

  private onClosed(conn: Conn, e: DlmsError | undefined): void {
    if (!this.conns.delete(conn)) return;
    conn.transport.off('data', conn.onData);
    conn.transport.off('error', conn.onError);
    this.emitSafe('disconnect', conn.info, conn.closeReason ?? e);
  }

  /** Close one connection; resolves when it is gone. */
  private async drop(conn: Conn, reason?: DlmsError): Promise<void> {
    if (!conn.closing) {
      conn.closing = true;
      conn.closeReason = reason;
    }
    await conn.transport.close().catch(() => undefined);
    // A transport that was never open does not emit closed: finish the bookkeeping here.
    this.onClosed(conn, undefined);
  }

  private sweep(): void {
    const now = Date.now();
    for (const c of this.conns) {
      if (c.closing) continue;
      if (now - c.lastActivity >= this.idleTimeoutMs) {
        const err = new DlmsError('idle-timeout', `${c.info.peer} sent nothing for ${this.idleTimeoutMs} ms: connection closed`, { peer: c.info.peer, idleTimeoutMs: this.idleTimeoutMs });
        if (c.decoder.hasPartial) this.reject(err, c.info);
        void this.drop(c, err);
      } else if (c.partialSince !== 0 && now - c.partialSince >= this.frameTimeoutMs) {
        const err = new DlmsError('malformed-frame', `${c.info.peer} left a frame incomplete for ${this.frameTimeoutMs} ms: connection closed`, { peer: c.info.peer, frameTimeoutMs: this.frameTimeoutMs });
        this.reject(err, c.info);
        void this.drop(c, err);
      }
    }
  }

  private reject(e: DlmsError, peer: PushPeer | undefined): void {
    this.counters.rejected++;
    this.emitSafe('rejected', e, peer);
  }

  private roll(now: number): void {
    const sec = Math.floor(now / 1000);
    if (sec === this.bucketSecond) return;
    const gap = sec - this.bucketSecond;
    for (let i = 1; i <= Math.min(gap, RATE_BUCKETS); i++) this.buckets[(this.bucketSecond + i) % RATE_BUCKETS] = 0;
    this.bucketSecond = sec;
  }

  private countRate(now: number): void {
    this.roll(now);
    this.buckets[this.bucketSecond % RATE_BUCKETS]++;
  }

  /** A throwing event handler must not break the socket handling (or crash on the peer's input). */
  private emitSafe<K extends keyof PushListenerEvents>(event: K, ...args: PushListenerEvents[K]): void {
    try {
      (this.emit as (e: K, ...a: PushListenerEvents[K]) => boolean)(event, ...args);
    } catch (e) {
      this.safeEmitError(e instanceof Error ? e : new Error(String(e)));
    }
  }

  private safeEmitError(e: Error): void {
    if (this.listenerCount('error') === 0) return;
    try {
      this.emit('error', e);
    } catch {
      // an error handler that throws is ignored: nothing better can be done here
    }
  }
}
