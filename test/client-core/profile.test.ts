import assert from 'node:assert/strict';
import { createClient, type ClientOptions } from '../../src/client';
import type { ConnectionSettingsInput } from '../../src/client/settings';
import { decodeApdu, encodeApdu, type PlainApdu } from '../../src/apdu/apdu';
import { decodeObjectList, encodeObjectList } from '../../src/cosem/codecs';
import { fillImpliedTimes, addSeconds, planProfile, captureColumns } from '../../src/client/profile';
import { FakeLink, ScriptedMeter, T0 } from './scripted-meter';

const LLS: ConnectionSettingsInput = { transport: 'tcp', host: '127.0.0.1', clientSap: 32, authentication: 'low', secrets: { password: '12345678' }, utcOffset: 330, name: 'p' };

function client(meter: { handle(b: Buffer): Buffer; setClient?(n: number): void }, s: ConnectionSettingsInput = {}, o: ClientOptions = {}) {
  return createClient({ ...LLS, ...s }, { now: () => new Date(T0), link: (st) => (meter.setClient?.(st.clientSap), new FakeLink(meter)), ...o });
}

describe('client-core: profiles', () => {
  it('by range: clock column restricts, from/to in the meter offset, register scalers applied', async () => {
    const m = new ScriptedMeter();
    const c = client(m);
    await c.open();
    const p = await c.readProfile('1.0.99.1.0.255', { from: '2026-03-10T09:00:00+05:30', to: '2026-03-10T10:00:00+05:30', scalers: 'registers' });
    assert.equal(p.capturePeriod, 900);
    assert.equal(p.rows.length, 5);
    assert.equal(p.rows[0].time, '2026-03-10T09:00:00+05:30');
    assert.equal(p.rows[4].time, '2026-03-10T10:00:00+05:30');
    const energy = p.columns.find((col) => col.classId === 3)!;
    assert.equal(typeof energy.scaler, 'number');
    assert.ok(energy.unit);
    const v = p.rows[1][energy.obis];
    assert.equal(typeof v, 'number');
    // the selective access carried the clock column and date-times with deviation -330
    const get = m.log.find((a) => a.service === 'get-request-normal' && a.attributeId === 2 && a.obis === '1.0.99.1.0.255');
    assert.ok(get && get.service === 'get-request-normal' && get.accessSelection?.selector === 1);
    const params = get.accessSelection.parameters;
    assert.ok(params.type === 'structure');
    const from = params.value[1];
    assert.ok(from.type === 'octet-string' && from.value.readInt16BE(9) === -330 && from.value[5] === 9);
    await c.close();
  });

  it('by range with selected columns returns only those, keyed by OBIS', async () => {
    const m = new ScriptedMeter();
    const c = client(m);
    await c.open();
    const all = await c.readProfile('1.0.99.1.0.255', { fromEntry: 1, toEntry: 1 });
    const col = all.columns[2].obis;
    const p = await c.readProfile('1.0.99.1.0.255', { from: '2026-03-10T09:00:00+05:30', to: '2026-03-10T09:30:00+05:30', columns: ['time', col] });
    assert.deepEqual(p.columns.map((x) => x.obis), [all.columns[0].obis, col]);
    assert.deepEqual(Object.keys(p.rows[0]).sort(), ['time', col].sort());
    await c.close();
  });

  it('by entry (selector 2) with column range', async () => {
    const m = new ScriptedMeter();
    const c = client(m);
    await c.open();
    const p = await c.readProfile('1.0.99.1.0.255', { fromEntry: 2, toEntry: 4, columns: [1, 3] });
    assert.equal(p.rows.length, 3);
    assert.equal(p.columns.length, 2);
    const get = m.log.filter((a) => a.service === 'get-request-normal' && a.attributeId === 2).pop();
    assert.ok(get && get.service === 'get-request-normal' && get.accessSelection?.selector === 2);
    await c.close();
  });

  it('IS 15959 block load: scalers from the companion scaler profile 1.0.94.91.4.255', async () => {
    const m = new ScriptedMeter({ modelOptions: { kind: 'is15959' } });
    const c = client(m);
    await c.open();
    const p = await c.readProfile('1.0.99.1.0.255', { fromEntry: 1, toEntry: 2 });
    assert.ok(m.log.some((a) => a.service === 'get-request-normal' && a.obis === '1.0.94.91.4.255' && a.attributeId === 2));
    // no scaler_unit read of a register: they all came from the scaler profile
    assert.ok(!m.log.some((a) => a.service === 'get-request-normal' && a.attributeId === 3 && a.classId === 3));
    const scaled = p.columns.filter((x) => x.scaler !== undefined);
    assert.ok(scaled.length >= 2, JSON.stringify(p.columns));
    await c.close();
  });

  it('IS 15959 with the clock in the first row only: later rows get implied times', async () => {
    const m = new ScriptedMeter({ modelOptions: { kind: 'is15959', clockOnlyInFirstRow: true } });
    const c = client(m);
    await c.open();
    const p = await c.readProfile('1.0.99.1.0.255', { fromEntry: 1, toEntry: 3 });
    assert.equal(p.rows.length, 3);
    const t0 = new Date(p.rows[0].time as string).getTime();
    assert.equal(new Date(p.rows[1].time as string).getTime() - t0, p.capturePeriod! * 1000);
    assert.equal(new Date(p.rows[2].time as string).getTime() - t0, 2 * p.capturePeriod! * 1000);
    assert.match(p.rows[2].time as string, /\+05:30$/);
    await c.close();
  });

  it('fillImpliedTimes and addSeconds keep the offset, and local text without one', () => {
    const rows: Record<string, unknown>[] = [{ time: '2026-03-10T23:45:00+05:30' }, { time: null }, { time: null }];
    fillImpliedTimes(rows, 900);
    assert.deepEqual(rows.map((r) => r.time), ['2026-03-10T23:45:00+05:30', '2026-03-11T00:00:00+05:30', '2026-03-11T00:15:00+05:30']);
    assert.equal(addSeconds('2026-03-10T23:59:00', 60), '2026-03-11T00:00:00');
    const leading: Record<string, unknown>[] = [{ time: null }, { time: '2026-03-10T00:00:00Z' }];
    fillImpliedTimes(leading, 900);
    assert.equal(leading[0].time, null);
  });

  it('planProfile refuses mixed range and entry queries and unknown columns', () => {
    const cols = captureColumns([{ classId: 8, logicalName: '0.0.1.0.0.255', attributeIndex: 2, dataIndex: 0 }, { classId: 3, logicalName: '1.0.1.29.0.255', attributeIndex: 2, dataIndex: 0 }]);
    assert.throws(() => planProfile('1.0.99.1.0.255', cols, { from: '2026-01-01T00:00:00Z', fromEntry: 1 }, 0), /either/);
    assert.throws(() => planProfile('1.0.99.1.0.255', cols, { columns: ['1.0.2.29.0.255'] }, 0), /does not capture/);
    assert.throws(() => planProfile('1.0.99.1.0.255', cols, { fromEntry: 0 }, 0), /fromEntry/);
  });
});

describe('client-core: class guessing and short names', () => {
  it('a guessed class answered object-class-inconsistent is corrected from the object list and retried once', async () => {
    const inner = new ScriptedMeter();
    // This meter holds 1.0.1.8.0.255 as an extended register (class 4), not the usual 3.
    const meter = {
      setClient: (n: number) => inner.setClient(n),
      handle(b: Buffer): Buffer {
        const a = decodeApdu(b) as PlainApdu;
        if (a.service === 'get-request-normal' && a.obis === '1.0.1.8.0.255' && a.attributeId === 2) {
          if (a.classId === 3) return encodeApdu({ service: 'get-response-normal', invokeId: a.invokeId, priority: a.priority, serviceClass: a.serviceClass, result: { dataAccessResult: 9 } });
          if (a.classId === 4) return inner.handle(encodeApdu({ ...a, classId: 3 }));
        }
        const out = inner.handle(b);
        if (a.service === 'get-request-normal' && a.obis === '0.0.40.0.0.255' && a.attributeId === 2) {
          const r = decodeApdu(out);
          if (r.service === 'get-response-normal' && 'data' in r.result) {
            const list = decodeObjectList(r.result.data).map((o) => (o.logicalName === '1.0.1.8.0.255' ? { ...o, classId: 4 } : o));
            return encodeApdu({ ...r, result: { data: encodeObjectList(list) } });
          }
        }
        return out;
      },
    };
    const c = client(meter);
    await c.open();
    const v = await c.get('1.0.1.8.0.255', { scale: false });
    assert.equal(v.classId, 4);
    assert.equal(typeof v.value, 'number');
    const tries = inner.log.filter((x) => x.service === 'get-request-normal' && x.obis === '0.0.40.0.0.255');
    assert.equal(tries.length, 1);
    await c.close();
  });

  it('SN referencing: base names from the Association SN object list (0xFA08), ReadRequest', async () => {
    const m = new ScriptedMeter();
    const c = client(m, { clientSap: 33, referencing: 'sn' });
    await c.open();
    const v = await c.get('1.0.32.7.0.255');
    assert.equal(v.unit, 'V');
    const list = await c.readObjectList();
    assert.ok(list.every((o) => typeof o.baseName === 'number'));
    const reads = m.log.filter((a) => a.service === 'read-request');
    assert.ok(reads.length >= 3);
    const r = m.log.find((a) => a.service === 'read-request');
    assert.ok(r && r.service === 'read-request' && 'variableName' in r.variables[0] && r.variables[0].variableName === 0xfa08);
    await c.close();
  });
});
