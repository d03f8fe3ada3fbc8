/**
 * Timing helpers shared by the bench modules. Other engineers' tests may run on the same 2-core
 * machine, so every figure is the median of many timed batches after a warm-up, which is far
 * less sensitive to a neighbour's burst than a mean.
 */
export interface BenchRow {
  /** The module that produced the row, e.g. "codec". */
  suite: string;
  name: string;
  medianMs: number;
  /** Input megabytes (10^6 bytes) per second, when the case has an input size. */
  mbPerS?: number;
  rowsPerS?: number;
  /** The goal for this case, e.g. ">= 150 MB/s", and whether the median met it. */
  target?: string;
  pass?: boolean;
  runs: number;
  /** Further figures of the case (round trips, ratios, memory), printed under the table. */
  detail?: string;
}

/** Options of one `npm run bench` invocation. */
export interface BenchOptions {
  /** `--quick`: a faster emulated line and fewer rounds, for a smoke run (figures not for BENCHMARKS.md). */
  quick: boolean;
}

/** A bench module: bench/run.ts calls run() and prints / stores the rows. */
export interface BenchModule {
  name: string;
  run(options: BenchOptions): BenchRow[] | Promise<BenchRow[]>;
}

/** A setup problem (missing fixture): run.ts prints the message and exits non-zero. */
export class BenchSetupError extends Error {}

export interface MeasureOptions {
  warmupMs?: number;
  runs?: number;
  /** Calls per timed sample, so that a sample is long enough for the timer's resolution. */
  batch?: number;
}

/** Median milliseconds of one call of fn. */
export function measure(fn: () => unknown, opts: MeasureOptions = {}): { medianMs: number; runs: number } {
  const warmupMs = opts.warmupMs ?? 300;
  const runs = opts.runs ?? 101;
  const batch = opts.batch ?? 5;
  let sink: unknown;
  const warmEnd = Date.now() + warmupMs;
  while (Date.now() < warmEnd) sink = fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    for (let j = 0; j < batch; j++) sink = fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6 / batch);
  }
  if (sink === Symbol.for('never')) console.log('');
  samples.sort((a, b) => a - b);
  return { medianMs: samples[samples.length >> 1], runs };
}
