import * as net from 'node:net';

/**
 * A loopback TCP proxy between the client and one simulated meter that counts the bytes and the
 * turns (changes of direction) on the line and can emulate the line speed of the client's
 * direction: the simulator's `bytesPerSecond` fault only slows what the meter sends, while on a
 * real 9600-baud line the client's requests (SNRM, AARQ, GET, RR acknowledgements) take their
 * time too. A chunk is forwarded once its last byte would have crossed the line, and chunks
 * queue behind each other, exactly like the simulator's EmulatedLine.
 */
export interface LineProxyOptions {
  /** Line speed of the client -> meter direction, bytes per second (absent: no limit). */
  toMeterBytesPerSecond?: number;
}

export interface LineCounters {
  /** Bytes the client sent towards the meter. */
  toMeter: number;
  /** Bytes the meter sent towards the client. */
  fromMeter: number;
  /** Chunks in each direction (an HDLC frame or wrapper APDU is usually one chunk). */
  chunksToMeter: number;
  chunksFromMeter: number;
  /** Client -> meter turns: how often the client spoke after the meter had spoken (or first). */
  clientTurns: number;
}

export interface LineProxy {
  readonly port: number;
  readonly counters: LineCounters;
  reset(): void;
  close(): Promise<void>;
}

const zero = (): LineCounters => ({ toMeter: 0, fromMeter: 0, chunksToMeter: 0, chunksFromMeter: 0, clientTurns: 0 });

export async function startLineProxy(target: { host?: string; port: number }, opts: LineProxyOptions = {}): Promise<LineProxy> {
  let counters = zero();
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server = net.createServer((client) => {
    const meter = net.connect({ host: target.host ?? '127.0.0.1', port: target.port });
    client.setNoDelay(true);
    meter.setNoDelay(true);
    sockets.add(client);
    sockets.add(meter);
    let lastFromClient = false;
    let busyUntil = 0;
    client.on('data', (d) => {
      counters.toMeter += d.length;
      counters.chunksToMeter++;
      if (!lastFromClient) counters.clientTurns++;
      lastFromClient = true;
      const bps = opts.toMeterBytesPerSecond;
      if (!bps) {
        meter.write(d);
        return;
      }
      const now = performance.now();
      busyUntil = Math.max(now, busyUntil) + (d.length * 1000) / bps;
      const t = setTimeout(() => {
        timers.delete(t);
        if (!meter.destroyed) meter.write(d);
      }, Math.max(0, busyUntil - now));
      timers.add(t);
    });
    meter.on('data', (d) => {
      counters.fromMeter += d.length;
      counters.chunksFromMeter++;
      lastFromClient = false;
      client.write(d);
    });
    const end = (): void => {
      client.destroy();
      meter.destroy();
      sockets.delete(client);
      sockets.delete(meter);
    };
    client.on('close', end);
    meter.on('close', end);
    client.on('error', end);
    meter.on('error', end);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    get counters() {
      return counters;
    },
    reset() {
      counters = zero();
    },
    close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
