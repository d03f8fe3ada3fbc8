/**
 * A TCP fault proxy on 127.0.0.1 for the robustness tests: forwards client <-> meter and, as set
 * at any time through `faults`, delays what the meter sends, corrupts octets, cuts the connection
 * after N octets from the meter (mid-stream, e.g. inside a block transfer), swallows everything
 * (a meter that stops answering) or refuses new connections. Every socket and timer it made is
 * released by close().
 */
import * as net from 'node:net';

export interface ProxyFaults {
  /** Delay of each chunk from the meter to the client, ms. */
  delayMs?: number;
  /** Close both sides after this many octets went from the meter to the client (per connection). */
  cutAfterBytes?: number;
  /** Share (0..1) of chunks from the meter with one octet inverted. */
  corruptRate?: number;
  /** Forward nothing from the meter (requests still reach it): a meter that stops answering. */
  blackhole?: boolean;
  /** Accept and immediately close new connections. */
  refuse?: boolean;
}

export interface ProxyStats {
  connections: number;
  cuts: number;
  corrupted: number;
  bytesToClient: number;
  bytesToMeter: number;
}

export class FaultProxy {
  faults: ProxyFaults = {};
  readonly stats: ProxyStats = { connections: 0, cuts: 0, corrupted: 0, bytesToClient: 0, bytesToMeter: 0 };
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private random: () => number;

  constructor(private readonly target: { host?: string; port: number }, opts: { random?: () => number } = {}) {
    this.random = opts.random ?? Math.random;
  }

  get port(): number {
    return (this.server?.address() as net.AddressInfo).port;
  }

  get openConnections(): number {
    return this.sockets.size / 2;
  }

  async listen(port = 0): Promise<number> {
    this.server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(port, '127.0.0.1', () => resolve());
    });
    return this.port;
  }

  /** Drop every open connection now (a link failure). */
  dropAll(): void {
    for (const s of this.sockets) s.destroy();
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.dropAll();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  private track(s: net.Socket): void {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
    s.on('error', () => undefined);
  }

  private accept(client: net.Socket): void {
    this.track(client);
    if (this.faults.refuse) {
      client.destroy();
      return;
    }
    this.stats.connections++;
    const meter = net.connect(this.target.port, this.target.host ?? '127.0.0.1');
    this.track(meter);
    let sent = 0;
    const closeBoth = (): void => {
      client.destroy();
      meter.destroy();
    };
    client.on('close', () => meter.destroy());
    meter.on('close', () => client.destroy());
    client.on('data', (d: Buffer) => {
      this.stats.bytesToMeter += d.length;
      if (!meter.destroyed) meter.write(d);
    });
    meter.on('data', (d: Buffer) => {
      const f = this.faults;
      if (f.blackhole) return;
      let out = d;
      if (f.cutAfterBytes !== undefined && sent + out.length >= f.cutAfterBytes) {
        out = out.subarray(0, Math.max(0, f.cutAfterBytes - sent));
        this.stats.cuts++;
        this.deliver(client, out, f.delayMs, closeBoth);
        sent += out.length;
        return;
      }
      if (f.corruptRate && this.random() < f.corruptRate && out.length > 0) {
        out = Buffer.from(out);
        out[Math.floor(this.random() * out.length)] ^= 0xff;
        this.stats.corrupted++;
      }
      sent += out.length;
      this.deliver(client, out, f.delayMs);
    });
  }

  private deliver(client: net.Socket, data: Buffer, delayMs: number | undefined, then?: () => void): void {
    const send = (): void => {
      if (!client.destroyed && data.length > 0) {
        this.stats.bytesToClient += data.length;
        client.write(data);
      }
      then?.();
    };
    if (!delayMs) {
      send();
      return;
    }
    const t = setTimeout(() => {
      this.timers.delete(t);
      send();
    }, delayMs);
    this.timers.add(t);
  }
}
