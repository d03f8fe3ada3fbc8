import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createClient, SessionPool, type MeterClient } from '../src/client';
import type { BenchModule, BenchOptions, BenchRow } from './measure';
import { startSimulatorChild, type SimulatorChild } from './lib/sim-child';

/**
 * Node overhead (benchmark 6): benchmark 4's steady polling (1,000 meters x 10 registers,
 * associations kept open, every meter busy) once through the bare SessionPool and once through
 * 1,000 dlms-read nodes, each on its own dlms-meter config node, in a Node-RED 4 runtime
 * (node-red-node-test-helper, the nodes loaded from their TypeScript sources as the node tests
 * do). Both runs use the same simulator child process; the node run counts a meter-read when the
 * dlms-read output reaches a helper node (errors reach a Catch node and fail the run).
 */
const REGISTERS = [
  '1.0.1.8.0.255', '1.0.2.8.0.255', '1.0.3.8.0.255', '1.0.4.8.0.255', '1.0.32.7.0.255',
  '1.0.52.7.0.255', '1.0.72.7.0.255', '1.0.31.7.0.255', '1.0.1.7.0.255', '1.0.14.7.0.255',
].map((obis) => ({ obis, classId: 3, attribute: 2 }));
const METERS = 1000;

type Msg = Record<string, unknown>;
interface HelperNode {
  receive(msg: Msg): void;
  on(e: 'input', f: (m: Msg) => void): void;
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

/** Each of `meters` loops `rounds` reads through `one(i)`; returns sorted latencies and elapsed. */
async function loops(meters: number, rounds: number, maxMs: number, one: (i: number) => Promise<void>): Promise<{ ms: number; lat: number[] }> {
  const lat: number[] = [];
  const t0 = performance.now();
  const end = t0 + maxMs;
  await Promise.all(Array.from({ length: meters }, async (_, i) => {
    for (let r = 0; r < rounds && performance.now() < end; r++) {
      const s = performance.now();
      await one(i);
      lat.push(performance.now() - s);
    }
  }));
  return { ms: performance.now() - t0, lat: lat.sort((a, b) => a - b) };
}

async function barePool(ports: number[], meters: number, rounds: number, maxMs: number): Promise<{ ms: number; lat: number[] }> {
  const pool = new SessionPool<MeterClient>({
    createSession: (m) => createClient({
      transport: 'tcp', host: '127.0.0.1', port: ports[Number(m.slice(1))], name: m, clientSap: 32, authentication: 'low', secrets: { password: '12345678' },
      timeouts: { connect: 30_000, response: 30_000 },
    }),
    defaults: { idleTimeout: 0, requestTimeout: 60_000, connectTimeout: 60_000 },
  });
  const one = (i: number): Promise<void> => pool.request(`m${i}`, async (s) => {
    const r = await s.getMany(REGISTERS);
    if (r.some((v) => v.error)) throw new Error(`m${i}: ${r.find((v) => v.error)?.error?.message}`);
  });
  try {
    await loops(meters, 1, 60_000, one); // open every session
    return await loops(meters, rounds, maxMs, one);
  } finally {
    await pool.shutdown();
  }
}

async function nodeRed(ports: number[], meters: number, rounds: number, maxMs: number): Promise<{ ms: number; lat: number[] }> {
  const helper = require('node-red-node-test-helper');
  helper.init(require.resolve('node-red'));
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dlms-bench-'));
  helper.settings({ userDir, logging: { console: { level: 'warn' } } });
  const nodes = [require('../nodes/dlms-meter'), require('../nodes/dlms-link'), require('../nodes/dlms-read'), require('@node-red/nodes/core/common/25-catch.js')];
  const flow: Msg[] = [{ id: 'f1', type: 'tab' }, { id: 'out', z: 'f1', type: 'helper' }, { id: 'ct', z: 'f1', type: 'catch', wires: [['err']] }, { id: 'err', z: 'f1', type: 'helper' }];
  const creds: Record<string, Msg> = {};
  for (let i = 0; i < meters; i++) {
    flow.push({
      id: `m${i}`, type: 'dlms-meter', name: `meter-${i}`, transport: 'tcp', host: '127.0.0.1', port: ports[i], clientSap: 32, authentication: 'low',
      connectTimeout: 30_000, responseTimeout: 30_000, idleTimeout: 0, requestTimeout: 60_000,
    });
    flow.push({ id: `r${i}`, z: 'f1', type: 'dlms-read', meter: `m${i}`, items: REGISTERS, wires: [['out']] });
    creds[`m${i}`] = { password: '12345678' };
  }
  await helper.load(nodes, flow, creds);
  const pending = new Map<number, (m: Msg, failed: boolean) => void>();
  (helper.getNode('out') as HelperNode).on('input', (m) => pending.get(m.k as number)?.(m, false));
  (helper.getNode('err') as HelperNode).on('input', (m) => pending.get(m.k as number)?.(m, true));
  const readers = Array.from({ length: meters }, (_, i) => helper.getNode(`r${i}`) as HelperNode);
  let seq = 0;
  const one = (i: number): Promise<void> => new Promise<void>((resolve, reject) => {
    const k = seq++;
    pending.set(k, (m, failed) => {
      pending.delete(k);
      if (failed) reject(new Error(`dlms-read r${i}: ${JSON.stringify((m as { error?: unknown }).error)}`));
      else resolve();
    });
    readers[i].receive({ payload: 1, k });
  });
  try {
    await loops(meters, 1, 60_000, one); // open every session
    return await loops(meters, rounds, maxMs, one);
  } finally {
    await helper.unload();
    fs.rmSync(userDir, { recursive: true, force: true });
  }
}

export const nodesBench: BenchModule = {
  name: 'nodes',
  async run(options: BenchOptions): Promise<BenchRow[]> {
    const rounds = options.quick ? 3 : 20;
    const maxMs = options.quick ? 15_000 : 60_000;
    let sim: SimulatorChild | undefined;
    try {
      sim = await startSimulatorChild({ transport: 'tcp', meters: METERS });
      const bare = await barePool(sim.ports, METERS, rounds, maxMs);
      const red = await nodeRed(sim.ports, METERS, rounds, maxMs);
      const rate = (r: { ms: number; lat: number[] }): number => Math.round((r.lat.length * 1000) / r.ms);
      const b = rate(bare);
      const n = rate(red);
      const perReadUs = (1e6 / n - 1e6 / b);
      const row = (name: string, r: { ms: number; lat: number[] }, detail: string): BenchRow => ({
        suite: 'nodes', name, medianMs: pct(r.lat, 50), rowsPerS: rate(r), runs: r.lat.length,
        detail: `${r.lat.length} meter-reads in ${(r.ms / 1000).toFixed(2)} s; p50 ${pct(r.lat, 50).toFixed(1)} ms, p99 ${pct(r.lat, 99).toFixed(1)} ms${detail}`,
      });
      return [
        row(`bare SessionPool, ${METERS} meters x 10 registers, all busy`, bare, ''),
        row(`${METERS} dlms-read nodes (Node-RED 4 runtime), same load`, red,
          `; overhead vs bare pool: ${((b / n - 1) * 100).toFixed(0)}% time per read (${perReadUs.toFixed(0)} us of one core per meter-read), rate ${((n / b) * 100).toFixed(0)}% of bare`),
      ];
    } finally {
      await sim?.close();
    }
  },
};
