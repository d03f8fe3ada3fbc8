/**
 * Benchmark runner: `npm run bench` (or `node -r ts-node/register/transpile-only bench/run.ts
 * [module ...] [--quick]`; `npm run bench -- --quick`). Runs every module of MODULES (or the named ones), prints one table and writes
 * bench/results/<timestamp>.json and bench/results/latest.json. To add a benchmark, export a
 * BenchModule from a file in bench/ and list it below.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BenchSetupError, type BenchModule, type BenchOptions, type BenchRow } from './measure';
import { codecBench } from './codec';
import { pushBench } from './push';
import { wireBench } from './wire';
import { roundTripBench } from './round-trips';
import { pollingBench } from './polling';
import { nodesBench } from './nodes';

const MODULES: BenchModule[] = [wireBench, roundTripBench, codecBench, pollingBench, pushBench, nodesBench];

function table(rows: BenchRow[]): string {
  const head = ['suite', 'case', 'median ms', 'MB/s', 'rows/s', 'target', 'ok'];
  const body = rows.map((r) => [
    r.suite,
    r.name,
    r.medianMs.toFixed(3),
    r.mbPerS?.toFixed(1) ?? '',
    r.rowsPerS?.toLocaleString('en-US') ?? '',
    r.target ?? '',
    r.pass === undefined ? '' : r.pass ? 'yes' : 'NO',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const flags = args.filter((a) => a.startsWith('--'));
  const badFlags = flags.filter((f) => f !== '--quick');
  if (badFlags.length) {
    console.error(`unknown option(s): ${badFlags.join(', ')}; available: --quick`);
    return 2;
  }
  const options: BenchOptions = { quick: flags.includes('--quick') };
  const wanted = args.filter((a) => !a.startsWith('--'));
  const unknown = wanted.filter((w) => !MODULES.some((m) => m.name === w));
  if (unknown.length) {
    console.error(`unknown bench module(s): ${unknown.join(', ')}; available: ${MODULES.map((m) => m.name).join(', ')}`);
    return 2;
  }
  const rows: BenchRow[] = [];
  for (const m of MODULES) {
    if (wanted.length && !wanted.includes(m.name)) continue;
    try {
      console.error(`bench ${m.name}...`);
      rows.push(...(await m.run(options)));
    } catch (e) {
      if (e instanceof BenchSetupError) {
        console.error(`bench ${m.name}: ${e.message}`);
        return 1;
      }
      throw e;
    }
  }
  console.log(table(rows));
  const details = rows.filter((r) => r.detail);
  if (details.length) console.log(['', ...details.map((r) => `${r.suite} / ${r.name}: ${r.detail}`)].join('\n'));
  const dir = path.join(__dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryMB: Math.round(os.totalmem() / 2 ** 20),
    quick: options.quick,
    rows,
  };
  const file = path.join(dir, `${result.date.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  fs.writeFileSync(path.join(dir, 'latest.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(`\nresults written to ${path.relative(process.cwd(), file)}`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  },
);
