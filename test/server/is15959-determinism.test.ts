import assert from 'node:assert/strict';
import { encodeDataToBuffer } from '../../src/codec/axdr';
import type { DlmsData } from '../../src/codec/data';
import { createModel } from '../../src/server/model';
import { data, entries, items, meter, num, T0, val } from './helpers';

const MGMT = { clientSap: 1 };
const SCALERS: [string, string][] = [
  ['1.0.94.91.0.255', '1.0.94.91.3.255'],
  ['1.0.99.1.0.255', '1.0.94.91.4.255'],
  ['1.0.99.2.0.255', '1.0.94.91.5.255'],
  ['1.0.98.1.0.255', '1.0.94.91.6.255'],
];

const structs = (d: DlmsData): DlmsData[][] => (d as { value: { value: DlmsData[] }[] }).value.map((s) => s.value);

describe('server model: IS 15959 meter', () => {
  it('each scaler profile has one scaler_unit per register column of its profile, in order', () => {
    const { m } = meter({ kind: 'is15959' });
    for (const [profile, scaler] of SCALERS) {
      const cols = structs(data(m.get({ classId: 7, obis: profile, attribute: 3 }, MGMT)));
      const scol = structs(data(m.get({ classId: 7, obis: scaler, attribute: 3 }, MGMT)));
      const registers = cols.filter((c) => [3, 4, 5].includes(val(c[0])) && val(c[2]) === 2);
      assert.equal(scol.length, registers.length, scaler);
      scol.forEach((s, i) => {
        assert.deepEqual(s[1], registers[i][1], `${scaler} column ${i}`);
        assert.equal(val(s[2]), 3);
      });
      const row = items(m.get({ classId: 7, obis: scaler, attribute: 2 }, MGMT));
      assert.equal(row.length, 1);
      const values = (row[0] as { value: DlmsData[] }).value;
      assert.equal(values.length, scol.length);
      values.forEach((v, i) => {
        const obis = [...val<Buffer>(registers[i][1])].join('.');
        assert.deepEqual(v, data(m.get({ classId: val(registers[i][0]), obis, attribute: 3 }, MGMT)));
      });
    }
  });

  it('the instantaneous and nameplate profiles hold one current row', () => {
    const { m } = meter({ kind: 'is15959' });
    for (const obis of ['1.0.94.91.0.255', '0.0.94.91.10.255']) {
      assert.equal(num(m.get({ classId: 7, obis, attribute: 7 }, MGMT)), 1);
      assert.equal(items(m.get({ classId: 7, obis, attribute: 2 }, MGMT)).length, 1);
    }
    const np = (items(m.get({ classId: 7, obis: '0.0.94.91.10.255', attribute: 2 }, MGMT))[0] as { value: DlmsData[] }).value;
    assert.deepEqual(np[0], data(m.get({ classId: 1, obis: '0.0.96.1.0.255', attribute: 2 }, MGMT)));
  });

  it('block energies equal the increase of the cumulative register over the block', () => {
    const { m } = meter({ kind: 'is15959' });
    const n = num(m.get({ classId: 7, obis: '1.0.99.1.0.255', attribute: 7 }, MGMT));
    const blocks = items(m.get({ classId: 7, obis: '1.0.99.1.0.255', attribute: 2 }, MGMT, entries(n - 3, 0, 9, 9)));
    const daily = num(m.get({ classId: 3, obis: '1.0.1.8.0.255', attribute: 2 }, { ...MGMT, now: Date.UTC(2026, 2, 10, 6, 0) }));
    const before = num(m.get({ classId: 3, obis: '1.0.1.8.0.255', attribute: 2 }, { ...MGMT, now: Date.UTC(2026, 2, 10, 5, 0) }));
    const sum = blocks.reduce((s, r) => s + ((r as { value: { value: number }[] }).value[0].value), 0);
    assert.ok(Math.abs(sum - (daily - before)) <= 4, `${sum} vs ${daily - before}`);
    assert.ok(sum > 1000);
  });

  it('can carry the clock only in the first block load row', () => {
    const { m } = meter({ kind: 'is15959', clockOnlyInFirstRow: true });
    const rows = items(m.get({ classId: 7, obis: '1.0.99.1.0.255', attribute: 2 }, MGMT, entries(1, 3)));
    const clocks = rows.map((r) => (r as { value: DlmsData[] }).value[0].type);
    assert.deepEqual(clocks, ['octet-string', 'null-data', 'null-data']);
  });

  it('has the seven event logs with their event code objects', () => {
    const { m } = meter({ kind: 'is15959' });
    for (let log = 0; log <= 6; log++) {
      const cols = structs(data(m.get({ classId: 7, obis: `0.0.99.98.${log}.255`, attribute: 3 }, MGMT)));
      assert.equal(val<Buffer>(cols[1][1]).toString('hex'), `0000600b0${log}ff`);
      assert.equal(data(m.get({ classId: 7, obis: `0.0.99.98.${log}.255`, attribute: 2 }, MGMT, entries(1, 1))).type, 'array');
    }
  });
});

describe('server model: determinism and distinct meters', () => {
  const snapshot = (serial: string, at: number): Buffer => {
    const m = createModel({ kind: 'is15959', serial, clock: () => at });
    return Buffer.concat([
      encodeDataToBuffer(data(m.get({ classId: 7, obis: '1.0.94.91.0.255', attribute: 2 }, MGMT))),
      encodeDataToBuffer(data(m.get({ classId: 7, obis: '1.0.99.1.0.255', attribute: 2 }, MGMT, entries(1, 20)))),
    ]);
  };

  it('gives the same bytes for the same serial/seed and time', () => {
    assert.deepEqual(snapshot('A1', T0), snapshot('A1', T0));
    assert.notDeepEqual(snapshot('A1', T0), snapshot('A2', T0));
    assert.notDeepEqual(snapshot('A1', T0), snapshot('A1', T0 + 900000));
  });

  it('meters differ by serial, LDN and system title, and share their tables', () => {
    const a = createModel({ serial: '1001', clock: () => T0 });
    const b = createModel({ serial: '1002', clock: () => T0 });
    const c = createModel({ serial: '1003', systemTitle: '4142430000000001', clock: () => T0 });
    assert.notDeepEqual(a.systemTitle, b.systemTitle);
    assert.equal(c.systemTitle.toString('hex'), '4142430000000001');
    assert.equal(a.systemTitle.subarray(0, 3).toString(), 'OPD');
    assert.notDeepEqual(data(a.get({ classId: 1, obis: '0.0.42.0.0.255', attribute: 2 }, MGMT)), data(b.get({ classId: 1, obis: '0.0.42.0.0.255', attribute: 2 }, MGMT)));
    assert.deepEqual(val<Buffer>(data(b.get({ classId: 64, obis: '0.0.43.0.2.255', attribute: 5 }, MGMT))), b.systemTitle);
    assert.equal(a.associations, b.associations, 'compiled tables are shared');
    assert.equal(a.state.size, 0, 'an idle meter stores nothing');
  });

  it('energy grows consistently with the instantaneous power', () => {
    const { m } = meter();
    const at = (ms: number) => ({ ...MGMT, now: ms });
    const e0 = num(m.get({ classId: 3, obis: '1.0.1.8.0.255', attribute: 2 }, at(T0)));
    const e1 = num(m.get({ classId: 3, obis: '1.0.1.8.0.255', attribute: 2 }, at(T0 + 60000)));
    const p = num(m.get({ classId: 3, obis: '1.0.1.7.0.255', attribute: 2 }, at(T0 + 30000)));
    assert.ok(Math.abs((e1 - e0) - p / 60) <= 2 + p / 600, `${e1 - e0} Wh in a minute at ${p} W`);
    const tariffs = [1, 2, 3, 4].map((t) => num(m.get({ classId: 3, obis: `1.0.1.8.${t}.255`, attribute: 2 }, at(T0))));
    assert.ok(Math.abs(tariffs.reduce((s, v) => s + v, 0) - e0) <= 4, 'tariffs add up to the total');
    const demand = num(m.get({ classId: 5, obis: '1.0.1.4.0.255', attribute: 3 }, at(T0)));
    const block = (num(m.get({ classId: 3, obis: '1.0.1.8.0.255', attribute: 2 }, at(Date.UTC(2026, 2, 10, 6, 0)))) - num(m.get({ classId: 3, obis: '1.0.1.8.0.255', attribute: 2 }, at(Date.UTC(2026, 2, 10, 5, 45))))) * 4;
    assert.ok(Math.abs(demand - block) <= 8, `last average demand ${demand} W vs block ${block} W`);
  });
});
