import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { createClient, SessionPool, type MeterClient } from '../src/client';
import type { BenchModule, BenchOptions, BenchRow } from './measure';
import { startSimulatorChild, type SimulatorChild } from './lib/sim-child';

/**
 * Polling scale (benchmark 4): 1,000 simulated TCP wrapper meters on loopback, served by a child
 * process (so this process is the client alone, and client and simulator each get a core). A
 * SessionPool keeps one LLS reader association per meter open (idleTimeout 0) and every meter is
 * polled for 10 registers (one GET-with-list, scaled: the scalers are read once per session).
 *
 * - idle sessions: RSS and V8 heap after a forced GC, before and after opening 1,000 sessions
 *   (a warm-up pool of 20 meters ran and shut down first, so compiled code is in the baseline);
 * - saturated polling: each of the 1,000 meters polled back to back by its own loop, for ROUNDS
 *   rounds (bounded in time); meter-reads/s, p50/p99 latency of one meter-read;
 * - light load: 50 meter-reads in flight at a time, p50/p99 (the service latency without queueing);
 * - full cycles: connect, associate, GET-with-list (raw), release, 100 at a time.
 */
export const METERS = 1000;
const REGISTERS = [
  '1.0.1.8.0.255', '1.0.2.8.0.255', '1.0.3.8.0.255', '1.0.4.8.0.255', '1.0.32.7.0.255',
  '1.0.52.7.0.255', '1.0.72.7.0.255', '1.0.31.7.0.255', '1.0.1.7.0.255', '1.0.14.7.0.255',
].map((obis) => ({ obis, classId: 3, attribute: 2 }));
const TARGET_READS = 2000;
const TARGET_SESSION_BYTES = 64 * 1024;

function gcFunction(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

async function settledMemory(gc: () => void): Promise<{ rss: number; heap: number; external: number }> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 50));
  }
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed, external: m.external + m.arrayBuffers };
}

function settings(port: number, name: string) {
  return {
    transport: 'tcp' as const, host: '127.0.0.1', port, name, clientSap: 32, authentication: 'low' as const,
    secrets: { password: '12345678' }, timeouts: { connect: 30_000, response: 30_000 },
  };
}

function makePool(ports: number[]): SessionPool<MeterClient> {
  return new SessionPool<MeterClient>({
    createSession: (meter) => createClient(settings(ports[Number(meter.slice(1))], meter)),
    defaults: { idleTimeout: 0, requestTimeout: 60_000, connectTimeout: 60_000, maxQueue: 10 },
  });
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

const read = (pool: SessionPool<MeterClient>, meter: string): Promise<void> =>
  pool.request(meter, async (s) => {
    const r = await s.getMany(REGISTERS);
    if (r.some((v) => v.error)) throw new Error(`${meter}: ${r.find((v) => v.error)?.error?.message}`);
  });

/** Each meter polled back to back by its own loop; returns reads, elapsed and sorted latencies. */
async function saturated(pool: SessionPool<MeterClient>, meters: number, rounds: number, maxMs: number): Promise<{ reads: number; ms: number; lat: number[] }> {
  const lat: number[] = [];
  const t0 = performance.now();
  const end = t0 + maxMs;
  await Promise.all(Array.from({ length: meters }, async (_, i) => {
    for (let r = 0; r < rounds && performance.now() < end; r++) {
      const s = performance.now();
      await read(pool, `m${i}`);
      lat.push(performance.now() - s);
    }
  }));
  return { reads: lat.length, ms: performance.now() - t0, lat: lat.sort((a, b) => a - b) };
}

/** `total` reads over all meters, `inFlight` at a time. */
async function limited(pool: SessionPool<MeterClient>, meters: number, total: number, inFlight: number): Promise<{ reads: number; ms: number; lat: number[] }> {
  const lat: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next < total) {
      const k = next++;
      const s = performance.now();
      await read(pool, `m${k % meters}`);
      lat.push(performance.now() - s);
    }
  }));
  return { reads: lat.length, ms: performance.now() - t0, lat: lat.sort((a, b) => a - b) };
}

/** Connect, associate, GET-with-list (raw), release; `inFlight` at a time, `total` cycles or maxMs. */
async function cycles(ports: number[], total: number, inFlight: number, maxMs: number): Promise<{ n: number; ms: number; lat: number[] }> {
  const lat: number[] = [];
  let next = 0;
  const t0 = performance.now();
  const end = t0 + maxMs;
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next < total && performance.now() < end) {
      const k = next++;
      const s = performance.now();
      const c = createClient(settings(ports[k % ports.length], `c${k}`));
      try {
        await c.open();
        const r = await c.getMany(REGISTERS, { scale: false });
        if (r.some((v) => v.error)) throw new Error(`cycle ${k}: ${r.find((v) => v.error)?.error?.message}`);
      } finally {
        await c.close();
      }
      lat.push(performance.now() - s);
    }
  }));
  return { n: lat.length, ms: performance.now() - t0, lat: lat.sort((a, b) => a - b) };
}

const mb = (b: number): string => `${(b / 2 ** 20).toFixed(1)} MB`;
const kb = (b: number): string => `${(b / 1024).toFixed(1)} KB`;

export async function pollingRun(meters: number, quick: boolean): Promise<BenchRow[]> {
  const gc = gcFunction();
  const rounds = quick ? 3 : 30;
  let sim: SimulatorChild | undefined;
  const rows: BenchRow[] = [];
  try {
    sim = await startSimulatorChild({ transport: 'tcp', meters });
    const ports = sim.ports;
    // Warm-up: compile the client paths on a few meters, then drop them.
    const warm = makePool(ports);
    await limited(warm, Math.min(20, meters), 200, 20);
    await warm.shutdown();

    const pool = makePool(ports);
    const before = await settledMemory(gc);
    const open = await limited(pool, meters, meters, 100); // opens every session, reads the scalers
    const idle = await settledMemory(gc);
    const perSession = (idle.rss - before.rss) / meters;
    const perSessionHeap = (idle.heap + idle.external - before.heap - before.external) / meters;
    const simStats = await sim.stats();
    rows.push({
      suite: 'polling',
      name: `memory per idle session (${meters} open, client RSS delta)`,
      medianMs: open.ms,
      target: `<= ${TARGET_SESSION_BYTES / 1024} KB/session`,
      pass: perSession <= TARGET_SESSION_BYTES,
      runs: 1,
      detail: `RSS ${mb(before.rss)} -> ${mb(idle.rss)}: ${kb(perSession)}/session; V8 heap+external ${mb(before.heap + before.external)} -> ${mb(idle.heap + idle.external)}: ${kb(perSessionHeap)}/session; `
        + `opening ${meters} sessions (100 at a time, first read with scalers) took ${(open.ms / 1000).toFixed(2)} s; pool open ${pool.openSessions}; simulator child RSS ${mb(simStats.rss)}, ${simStats.connections} connections`,
    });

    const sat = await saturated(pool, meters, rounds, quick ? 15_000 : 60_000);
    const peak = process.memoryUsage().rss;
    const perS = Math.round((sat.reads * 1000) / sat.ms);
    rows.push({
      suite: 'polling',
      name: `${meters} meters x 10 registers, associations kept open, all meters busy`,
      medianMs: pct(sat.lat, 50),
      rowsPerS: perS,
      target: `>= ${TARGET_READS.toLocaleString('en-US')} meter-reads/s`,
      pass: perS >= TARGET_READS,
      runs: sat.reads,
      detail: `${sat.reads} meter-reads in ${(sat.ms / 1000).toFixed(2)} s = ${perS}/s (${perS * 10} registers/s); latency p50 ${pct(sat.lat, 50).toFixed(1)} ms, p99 ${pct(sat.lat, 99).toFixed(1)} ms (${meters} requests queued at once); client RSS ${mb(peak)}`,
    });

    const light = await limited(pool, meters, quick ? 2000 : 10_000, 50);
    rows.push({
      suite: 'polling',
      name: `${meters} meters x 10 registers, 50 reads in flight`,
      medianMs: pct(light.lat, 50),
      rowsPerS: Math.round((light.reads * 1000) / light.ms),
      runs: light.reads,
      detail: `latency p50 ${pct(light.lat, 50).toFixed(2)} ms, p99 ${pct(light.lat, 99).toFixed(2)} ms`,
    });
    await pool.shutdown();

    const cyc = await cycles(ports, quick ? 1000 : 5000, 100, quick ? 15_000 : 60_000);
    const cps = Math.round((cyc.n * 1000) / cyc.ms);
    rows.push({
      suite: 'polling',
      name: 'full cycles: connect, associate (LLS), GET-with-list of 10, release',
      medianMs: pct(cyc.lat, 50),
      rowsPerS: cps,
      runs: cyc.n,
      detail: `${cyc.n} cycles in ${(cyc.ms / 1000).toFixed(2)} s = ${cps}/s, 100 at a time; p50 ${pct(cyc.lat, 50).toFixed(1)} ms, p99 ${pct(cyc.lat, 99).toFixed(1)} ms`,
    });
  } finally {
    await sim?.close();
  }
  return rows;
}

export const pollingBench: BenchModule = {
  name: 'polling',
  run: (options: BenchOptions) => pollingRun(METERS, options.quick),
};
