import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { decodeProfileBuffer, profileRowsFromData, type ProfileColumnDecoding, type ProfileOptions } from '../../src/codec/profile-buffer';
import { decodeDataFrom, encodeDataToBuffer } from '../../src/codec/axdr';
import { toJson } from '../../src/codec/json';
import { applyScaler, applyScalerJson } from '../../src/codec/scaler';
import { D, type DlmsData } from '../../src/codec/data';
import { simpleData, validDateTimeBytes } from './arbitraries';

const FIXTURE = path.join(__dirname, '..', '..', 'bench', 'fixtures', 'profile-1000.bin');

/** The reference: generic decode, then toJson per cell and the scaler on numeric cells. */
function reference(bytes: Buffer, cols: ProfileColumnDecoding[], dateTime = true): unknown[][] {
  const d = decodeDataFrom(bytes);
  assert.ok(d.type === 'array' || d.type === 'compact-array');
  return d.value.map((row) => {
    assert.ok(row.type === 'structure');
    return row.value.map((cell, i) => {
      const s = cols[i]?.scaler ?? 0;
      if (s !== 0 && (cell.type === 'long64' || cell.type === 'long64-unsigned')) return applyScalerJson(cell.value, s);
      if (s !== 0 && 'value' in cell && typeof cell.value === 'number') return applyScaler(cell.value, s);
      return toJson(cell, { dateTime: cols[i]?.dateTime ?? dateTime, octetString: cols[i]?.octetString });
    });
  });
}

describe('profile buffer fast path', () => {
  const bytes = fs.readFileSync(FIXTURE);
  const columns: ProfileColumnDecoding[] = [{ key: 'time' }, ...Array.from({ length: 8 }, (_, i) => ({ key: `1.0.${i + 1}.8.0.255`, scaler: -3 }))];

  it('decodes the 1000-entry benchmark buffer into ISO times and scaled values', () => {
    const rows = decodeProfileBuffer(bytes, { columns }) as unknown[][];
    assert.equal(rows.length, 1000);
    assert.equal(rows[0].length, 9);
    // deviation alternates between "not specified" (local time) and 0 (UTC)
    assert.equal(rows[0][0], '2026-11-01T00:00:00');
    assert.equal(rows[1][0], '2026-11-01T00:15:00+00:00');
    assert.equal(rows[999][0], '2026-11-11T09:45:00+00:00');
    const raw = decodeDataFrom(bytes) as { value: { value: { value: number }[] }[] };
    assert.equal(rows[0][1], applyScaler(raw.value[0].value[1].value, -3));
    assert.equal(rows[0][1], 12345.788);
  });

  it('gives the same rows as generic decode + toJson + scaler (arrays and objects)', () => {
    const ref = reference(bytes, columns);
    assert.deepEqual(decodeProfileBuffer(bytes, { columns }), ref);
    assert.deepEqual(profileRowsFromData(decodeDataFrom(bytes), { columns }), ref);
    const objects = decodeProfileBuffer(bytes, { columns, rows: 'object' }) as Record<string, unknown>[];
    assert.deepEqual(Object.keys(objects[0]), ['time', ...columns.slice(1).map((c) => c.key)]);
    assert.deepEqual(objects.map((o) => Object.values(o)), ref);
  });

  it('allows rows with a null-data timestamp and keeps 12-octet strings as hex when asked', () => {
    const buf = encodeDataToBuffer(
      D.array([
        D.structure([D.null(), D.doubleLongUnsigned(1500)]),
        D.structure([D.octetString('07EA0B19030D0F0000FEB600'), D.doubleLongUnsigned(1501)]),
        D.structure([D.dateTime(Buffer.from('FFFFFFFFFFFFFFFFFF8000FF', 'hex')), D.null()]),
      ]),
    );
    const cols = [{ key: 'time' }, { key: 'e', scaler: -1 }];
    const rows = decodeProfileBuffer(buf, { columns: cols }) as unknown[][];
    assert.deepEqual(rows[0], [null, 150]);
    assert.deepEqual(rows[1], ['2026-11-25T13:15:00+05:30', 150.1]);
    assert.equal((rows[2][0] as { year: null }).year, null);
    assert.equal(rows[2][1], null);
    assert.deepEqual(rows, reference(buf, cols));
    assert.equal((decodeProfileBuffer(buf, { columns: [{ dateTime: false }] }) as unknown[][])[1][0], '07EA0B19030D0F0000FEB600');
    assert.equal((decodeProfileBuffer(buf, { dateTime: false }) as unknown[][])[1][0], '07EA0B19030D0F0000FEB600');
  });

  it('an empty buffer gives no rows; a compact-array buffer goes through the generic path', () => {
    assert.deepEqual(decodeProfileBuffer(Buffer.from('0100', 'hex')), []);
    const compact: DlmsData = {
      type: 'compact-array',
      description: { type: 'structure', elements: [{ type: 'octet-string' }, { type: 'long-unsigned' }] },
      value: [D.structure([D.octetString('07EA0B19030D0F0000FEB600'), D.longUnsigned(2301)])],
    };
    assert.deepEqual(decodeProfileBuffer(encodeDataToBuffer(compact), { columns: [{}, { scaler: -1 }] }), [['2026-11-25T13:15:00+05:30', 230.1]]);
  });

  it('any profile of any cell types matches the generic path, with and without scalers', () => {
    const cell = fc.oneof(
      simpleData(true),
      validDateTimeBytes.map((value): DlmsData => ({ type: 'octet-string', value })),
      fc.array(simpleData(), { maxLength: 2 }).map((value): DlmsData => ({ type: 'structure', value })),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { maxLength: 5 }),
        fc.array(fc.record({ scaler: fc.integer({ min: -6, max: 4 }), dateTime: fc.boolean(), key: fc.constantFrom('a', 'b', 'c') }), { maxLength: 6 }),
        (rows, cols) => {
          const buf = encodeDataToBuffer(D.array(rows.map((r) => D.structure(r))));
          const opts: ProfileOptions = { columns: cols.map((c) => ({ scaler: c.scaler, dateTime: c.dateTime })) };
          assert.deepEqual(decodeProfileBuffer(buf, opts), reference(buf, opts.columns as ProfileColumnDecoding[]));
          assert.deepEqual(decodeProfileBuffer(buf, opts), profileRowsFromData(decodeDataFrom(buf), opts));
        },
      ),
      { numRuns: 500 },
    );
  });
});
