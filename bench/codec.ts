import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeDataFrom, encodeDataToBuffer } from '../src/codec/axdr';
import { decodeProfileBuffer, type ProfileColumnDecoding } from '../src/codec/profile-buffer';
import { BenchSetupError, measure, type BenchModule, type BenchRow } from './measure';

/**
 * The data codec on a real-sized Profile Generic buffer (1000 entries of a 12-octet date-time and
 * 8 double-long-unsigned counters, 56,004 bytes; see ../shared/bench/README.md for figures of
 * other decoders on the same file).
 */
export const FIXTURE = path.join(__dirname, 'fixtures', 'profile-1000.bin');
const ROWS = 1000;

function loadFixture(): Buffer {
  if (!fs.existsSync(FIXTURE)) {
    throw new BenchSetupError(`benchmark input missing: ${FIXTURE} (copy it from ../shared/bench/profile-1000.bin)`);
  }
  return fs.readFileSync(FIXTURE);
}

function row(name: string, medianMs: number, runs: number, bytes: number, target?: number): BenchRow {
  const mbPerS = bytes / 1e6 / (medianMs / 1000);
  return {
    suite: 'codec',
    name,
    medianMs: Number(medianMs.toFixed(4)),
    mbPerS: Number(mbPerS.toFixed(1)),
    rowsPerS: Math.round(ROWS / (medianMs / 1000)),
    ...(target !== undefined ? { target: `>= ${target} MB/s`, pass: mbPerS >= target } : {}),
    runs,
  };
}

export const codecBench: BenchModule = {
  name: 'codec',
  run(): BenchRow[] {
    const bytes = loadFixture();
    // time column, then the 8 energy counters in Wh with scaler -3 (as kWh)
    const columns: ProfileColumnDecoding[] = [
      { key: 'time' },
      ...Array.from({ length: 8 }, (_, i) => ({ key: `1.0.${i + 1}.8.0.255`, scaler: -3 })),
    ];
    const generic = measure(() => decodeDataFrom(bytes), { runs: 201 });
    const profileArrays = measure(() => decodeProfileBuffer(bytes, { columns }), { runs: 201 });
    const profileObjects = measure(() => decodeProfileBuffer(bytes, { columns, rows: 'object' }), { runs: 201 });
    const tree = decodeDataFrom(bytes);
    const encode = measure(() => encodeDataToBuffer(tree), { runs: 201 });
    return [
      row('(a) generic typed decode (decodeDataFrom)', generic.medianMs, generic.runs, bytes.length, 150),
      row('(b) profile rows, ISO time + scalers (array rows)', profileArrays.medianMs, profileArrays.runs, bytes.length, 60),
      row('(b) profile rows, ISO time + scalers (object rows)', profileObjects.medianMs, profileObjects.runs, bytes.length, 60),
      row('encode typed tree (encodeDataToBuffer)', encode.medianMs, encode.runs, bytes.length),
    ];
  },
};
