/**
 * Benchmark runner: `npm run bench` (or `node -r ts-node/register/transpile-only bench/run.ts
 * [module ...]`). Runs every module of MODULES (or the named ones), prints one table and writes
 * bench/results/<timestamp>.json and bench/results/latest.json. To add a benchmark, export a
 * BenchModule from a file in bench/ and list it below.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BenchSetupError, type BenchModule, type BenchRow } from './measure';
import { codecBench } from './codec';
import { pushBench } from './push';

const MODULES: BenchModule[] = [codecBench, pushBench];

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
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !MODULES.some((m) => m.name === w));
  if (unknown.length) {
    console.error(`unknown bench module(s): ${unknown.join(', ')}; available: ${MODULES.map((m) => m.name).join(', ')}`);
    return 2;
  }
  const rows: BenchRow[] = [];
  for (const m of MODULES) {
    if (wanted.length && !wanted.includes(m.name)) continue;
    try {
      rows.push(...(await m.run()));
    } catch (e) {
      if (e instanceof BenchSetupError) {
        console.error(`bench ${m.name}: ${e.message}`);
        return 1;
      }
      throw e;
    }
  }
  console.log(table(rows));
  const dir = path.join(__dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
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
