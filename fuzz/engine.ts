/**
 * The fuzz loop of one target: mutated / generated inputs, classification of every outcome
 * (accepted, rejected with a DlmsError, crash), the slowest inputs, and an allocation check on the
 * worst ones. Sans-I/O: the CLI (run.ts, worker threads) and the mocha short run both use it.
 */
import { performance } from 'node:perf_hooks';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { isDlmsError } from '../src/errors';
import { makeRng, mutate } from './mutate';
import type { FuzzTarget } from './targets';

export interface Crash { input: string; error: string }
export interface SlowInput { ms: number; input: string; length: number }
export interface AllocationFigure {
  /** Largest heap + array-buffer growth of one decode, bytes (baseline subtracted). */
  maxBytes: number;
  /** Its input length. */
  inputLength: number;
  /** Largest (growth / input length) over the measured inputs of at least 64 octets. */
  maxRatio: number;
  /** Inputs measured. */
  measured: number;
  /** Growth beyond ALLOC_SLACK + ALLOC_FACTOR * length (should be none). */
  excessive: { input: string; bytes: number }[];
}

export interface TargetResult {
  target: string;
  inputs: number;
  accepted: number;
  rejected: number;
  crashes: Crash[];
  /** Crash count (crashes keeps the first few). */
  crashCount: number;
  slowest: SlowInput[];
  /** Inputs whose re-measured time exceeded the limit. */
  overLimit: SlowInput[];
  elapsedMs: number;
  /** Rejection codes seen, with counts. */
  codes: Record<string, number>;
  allocation?: AllocationFigure;
}

export const SLOW_LIMIT_MS = 100;
/** Allowed growth per decode: a fixed slack (buffer pool slabs, the error object) plus this factor per input octet. */
export const ALLOC_SLACK = 64 * 1024;
export const ALLOC_FACTOR = 512;

const KEEP_SLOW = 8;
const KEEP_CRASHES = 20;

/** Run one input; returns 'accepted', a DlmsError code, or throws a crash description. */
function runOne(target: FuzzTarget, input: Buffer, seed: number): string | null {
  try {
    target.run(input, makeRng(seed));
    return null;
  } catch (e) {
    if (isDlmsError(e)) return e.code;
    throw e;
  }
}

function timeOne(target: FuzzTarget, input: Buffer, seed: number): number {
  const t0 = performance.now();
  try {
    runOne(target, input, seed);
  } catch {
    /* a crash is recorded elsewhere */
  }
  return performance.now() - t0;
}

export interface RunOptions {
  inputs: number;
  seed: number;
  /** Stop early after this long (the count is then smaller); default: no limit. */
  maxMs?: number;
  /** Measure allocation of the slowest/largest inputs (needs global.gc for exact figures). */
  allocation?: boolean;
}

export function runTarget(target: FuzzTarget, opts: RunOptions): TargetResult {
  const pool = target.seeds();
  if (pool.length === 0) throw new Error(`fuzz target ${target.name} has no seeds`);
  const rng = makeRng(opts.seed);
  const res: TargetResult = { target: target.name, inputs: 0, accepted: 0, rejected: 0, crashes: [], crashCount: 0, slowest: [], overLimit: [], elapsedMs: 0, codes: {} };
  const slow: { ms: number; input: Buffer; seed: number }[] = [];
  const largest: Buffer[] = [];
  let slowFloor = 0;
  const t0 = performance.now();
  // The seeds themselves first, then mutations.
  for (let i = 0; i < opts.inputs; i++) {
    const input = i < pool.length ? pool[i] : mutate(pool, rng);
    const seed = (opts.seed * 7919 + i) >>> 0;
    const s = performance.now();
    let code: string | null = null;
    try {
      code = runOne(target, input, seed);
      if (code === null) res.accepted++;
      else {
        res.rejected++;
        res.codes[code] = (res.codes[code] ?? 0) + 1;
      }
    } catch (e) {
      res.crashCount++;
      if (res.crashes.length < KEEP_CRASHES) res.crashes.push({ input: input.toString('hex'), error: e instanceof Error ? `${e.name}: ${e.message}\n${(e.stack ?? '').split('\n').slice(1, 6).join('\n')}` : String(e) });
    }
    const ms = performance.now() - s;
    res.inputs++;
    if (ms > slowFloor || slow.length < KEEP_SLOW) {
      slow.push({ ms, input: Buffer.from(input), seed });
      slow.sort((a, b) => b.ms - a.ms);
      if (slow.length > KEEP_SLOW) slow.length = KEEP_SLOW;
      slowFloor = slow[slow.length - 1].ms;
    }
    if (largest.length < 4 || input.length > largest[largest.length - 1].length) {
      largest.push(Buffer.from(input));
      largest.sort((a, b) => b.length - a.length);
      if (largest.length > 4) largest.length = 4;
    }
    if (opts.maxMs !== undefined && (i & 255) === 0 && performance.now() - t0 > opts.maxMs) break;
  }
  res.elapsedMs = performance.now() - t0;
  // Re-measure the slowest: a GC pause or the JIT's first compile is not the input's fault.
  for (const s of slow) {
    const again = Math.min(timeOne(target, s.input, s.seed), timeOne(target, s.input, s.seed), timeOne(target, s.input, s.seed));
    const entry = { ms: Math.round(again * 1000) / 1000, input: s.input.toString('hex').slice(0, 400), length: s.input.length };
    res.slowest.push(entry);
    if (again > SLOW_LIMIT_MS) res.overLimit.push(entry);
  }
  res.slowest.sort((a, b) => b.ms - a.ms);
  if (opts.allocation) res.allocation = measureAllocation(target, [...slow.map((s) => s.input), ...largest, ...hostile(pool, opts.seed)]);
  return res;
}

/** Inputs built to make a decoder allocate: every seed with its length octets set to the maximum. */
function hostile(pool: readonly Buffer[], seed: number): Buffer[] {
  const rng = makeRng(seed ^ 0x5eed);
  const out: Buffer[] = [];
  for (let i = 0; i < 32; i++) {
    const b = Buffer.from(pool[Math.floor(rng() * pool.length)]);
    const p = Math.floor(rng() * (b.length + 1));
    out.push(Buffer.concat([b.subarray(0, p), Buffer.from([0x84, 0x7f, 0xff, 0xff, 0xff]), b.subarray(p)]));
    if (b.length >= 2) {
      const q = Math.floor(rng() * (b.length - 1));
      const c = Buffer.from(b);
      c.writeUInt16BE(0xffff, q);
      out.push(c);
    }
  }
  return out;
}

type Gc = (opts?: { type: 'minor' | 'major'; execution?: 'sync' | 'async' }) => void;

/** global.gc, or one obtained at run time (worker threads cannot be started with --expose-gc). */
function getGc(): Gc | undefined {
  const g = (globalThis as { gc?: Gc }).gc;
  if (g) return g;
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as Gc;
  } catch {
    return undefined;
  }
}

function used(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/**
 * Heap + array-buffer growth of one decode, with a collection before and none during (so the
 * growth is everything the decode allocated, garbage included), baseline (an empty measurement)
 * subtracted. Without global.gc (no --expose-gc) the figures are noisier but still an upper bound.
 */
export function measureAllocation(target: FuzzTarget, inputs: Buffer[]): AllocationFigure {
  const gc = getGc();
  // A minor (young generation) collection before each decode: fast, and old space does not move.
  gc?.();
  const measure = (f: () => void): number => {
    gc?.({ type: 'minor' });
    const a = used();
    f();
    return used() - a;
  };
  let baseline = Infinity;
  for (let i = 0; i < 5; i++) baseline = Math.min(baseline, measure(() => undefined));
  const fig: AllocationFigure = { maxBytes: 0, inputLength: 0, maxRatio: 0, measured: 0, excessive: [] };
  for (const input of inputs) {
    let bytes = Infinity;
    // the smallest of three: a young-generation scavenge in the middle would only lower it, a pool slab raise it once
    for (let k = 0; k < 2; k++) {
      bytes = Math.min(bytes, measure(() => {
        try {
          runOne(target, input, 1);
        } catch {
          /* crash recorded by the main loop */
        }
      }) - baseline);
    }
    bytes = Math.max(0, bytes);
    fig.measured++;
    if (bytes > fig.maxBytes) {
      fig.maxBytes = bytes;
      fig.inputLength = input.length;
    }
    if (input.length >= 64) fig.maxRatio = Math.max(fig.maxRatio, bytes / input.length);
    if (bytes > ALLOC_SLACK + ALLOC_FACTOR * input.length && fig.excessive.length < 5) fig.excessive.push({ input: input.toString('hex').slice(0, 400), bytes });
  }
  fig.maxRatio = Math.round(fig.maxRatio * 10) / 10;
  return fig;
}
