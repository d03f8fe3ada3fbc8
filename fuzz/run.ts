/**
 * `npm run fuzz`: every decoder that reads outside input gets --inputs mutated/generated inputs
 * (default 1,000,000 each), spread over --workers worker threads (default: one per core). Prints
 * inputs/s, crashes, the slowest input and the allocation figures per decoder, writes crashing
 * inputs to fuzz/crashes/, and exits 1 on any crash, an input over 100 ms or excessive allocation.
 *
 *   npm run fuzz -- --inputs 200000 --targets axdr,apdu --seed 7 --json fuzz/last-run.json
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ALLOC_FACTOR, ALLOC_SLACK, SLOW_LIMIT_MS, type TargetResult } from './engine';
import { TARGETS } from './targets';
import type { FuzzTask } from './worker';

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : dflt;
}

const inputs = Number(arg('inputs', '1000000'));
const workers = Math.max(1, Number(arg('workers', String(os.availableParallelism?.() ?? os.cpus().length))));
const seed = Number(arg('seed', String(Date.now() % 1e9)));
const names = arg('targets', TARGETS.map((t) => t.name).join(',')).split(',');
const jsonOut = arg('json', '');
const SLICE = 50_000;

function merge(a: TargetResult | undefined, b: TargetResult): TargetResult {
  if (!a) return b;
  const codes = { ...a.codes };
  for (const [k, v] of Object.entries(b.codes)) codes[k] = (codes[k] ?? 0) + v;
  const allocation = !a.allocation ? b.allocation : !b.allocation ? a.allocation : {
    maxBytes: Math.max(a.allocation.maxBytes, b.allocation.maxBytes),
    inputLength: a.allocation.maxBytes >= b.allocation.maxBytes ? a.allocation.inputLength : b.allocation.inputLength,
    maxRatio: Math.max(a.allocation.maxRatio, b.allocation.maxRatio),
    measured: a.allocation.measured + b.allocation.measured,
    excessive: [...a.allocation.excessive, ...b.allocation.excessive],
  };
  return {
    target: a.target,
    inputs: a.inputs + b.inputs,
    accepted: a.accepted + b.accepted,
    rejected: a.rejected + b.rejected,
    crashes: [...a.crashes, ...b.crashes].slice(0, 20),
    crashCount: a.crashCount + b.crashCount,
    slowest: [...a.slowest, ...b.slowest].sort((x, y) => y.ms - x.ms).slice(0, 8),
    overLimit: [...a.overLimit, ...b.overLimit],
    elapsedMs: a.elapsedMs + b.elapsedMs,
    codes,
    allocation,
  };
}

async function main(): Promise<void> {
  const tasks: FuzzTask[] = [];
  let id = 0;
  for (const target of names) {
    // Slices of SLICE inputs, each with its own seed, so both cores share every decoder.
    for (let done = 0, k = 0; done < inputs; done += SLICE, k++) {
      tasks.push({ id: id++, target, inputs: Math.min(SLICE, inputs - done), seed: (seed + k * 104729 + target.length * 31) >>> 0, allocation: k === 0 });
    }
  }
  const results = new Map<string, TargetResult>();
  const wall = Date.now();
  console.log(`fuzz: ${names.length} decoder(s) x ${inputs.toLocaleString('en')} inputs, ${workers} worker thread(s), seed ${seed}`);
  const queue = [...tasks];
  const threads = Array.from({ length: Math.min(workers, tasks.length) }, () => new Worker(
    `require('ts-node').register({ transpileOnly: true }); require(${JSON.stringify(path.join(__dirname, 'worker.ts'))});`,
    { eval: true },
  ));
  await Promise.all(threads.map((w) => new Promise<void>((resolve, reject) => {
    const next = (): void => {
      const t = queue.shift();
      if (!t) {
        w.postMessage(null);
        return;
      }
      w.postMessage(t);
    };
    w.on('message', (m: { id: number; result: TargetResult }) => {
      results.set(m.result.target, merge(results.get(m.result.target), m.result));
      const r = results.get(m.result.target) as TargetResult;
      if (r.inputs % (SLICE * 4) === 0 || r.inputs === inputs) process.stdout.write(`  ${r.target}: ${r.inputs.toLocaleString('en')} inputs, ${r.crashCount} crash(es)\n`);
      next();
    });
    w.on('error', reject);
    w.on('exit', () => resolve());
    next();
  })));
  const wallMs = Date.now() - wall;

  let failed = false;
  const rows: string[] = [];
  rows.push('| decoder | inputs | inputs/s (per thread) | accepted | rejected | crashes | slowest (ms, octets) | max alloc (bytes, input octets) | max alloc/octet (>=64 octets) |');
  rows.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const name of names) {
    const r = results.get(name);
    if (!r) continue;
    const rate = Math.round(r.inputs / (r.elapsedMs / 1000));
    const s = r.slowest[0];
    const a = r.allocation;
    rows.push(`| ${name} | ${r.inputs.toLocaleString('en')} | ${rate.toLocaleString('en')} | ${r.accepted.toLocaleString('en')} | ${r.rejected.toLocaleString('en')} | ${r.crashCount} | ${s ? `${s.ms} (${s.length})` : '-'} | ${a ? `${a.maxBytes.toLocaleString('en')} (${a.inputLength})` : '-'} | ${a ? a.maxRatio : '-'} |`);
    if (r.crashCount > 0 || r.overLimit.length > 0 || (a && a.excessive.length > 0)) failed = true;
  }
  const total = [...results.values()].reduce((n, r) => n + r.inputs, 0);
  console.log(`\n${rows.join('\n')}\n`);
  console.log(`total ${total.toLocaleString('en')} inputs in ${(wallMs / 1000).toFixed(1)} s wall = ${Math.round(total / (wallMs / 1000)).toLocaleString('en')} inputs/s over ${threads.length} thread(s)`);
  console.log(`limits: no crash (a thrown value that is not a DlmsError), no input over ${SLOW_LIMIT_MS} ms, growth <= ${ALLOC_SLACK} + ${ALLOC_FACTOR} x input octets`);
  const crashDir = path.join(__dirname, 'crashes');
  for (const r of results.values()) {
    for (const [i, c] of r.crashes.entries()) {
      fs.mkdirSync(crashDir, { recursive: true });
      fs.writeFileSync(path.join(crashDir, `${r.target}-${seed}-${i}.txt`), `${c.input}\n${c.error}\n`);
      if (i < 3) console.log(`CRASH ${r.target}: ${c.input.slice(0, 120)}\n  ${c.error.split('\n').join('\n  ')}`);
    }
    for (const o of r.overLimit) console.log(`SLOW ${r.target}: ${o.ms} ms for ${o.length} octets: ${o.input.slice(0, 120)}`);
    for (const x of r.allocation?.excessive ?? []) console.log(`ALLOC ${r.target}: ${x.bytes} bytes for ${x.input.length / 2} octets: ${x.input.slice(0, 120)}`);
  }
  if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify({ seed, inputs, workers: threads.length, wallMs, results: [...results.values()] }, null, 1));
  console.log(failed ? 'fuzz: FAILED' : 'fuzz: OK');
  process.exitCode = failed ? 1 : 0;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 2;
});
