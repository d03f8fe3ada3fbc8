import assert from 'node:assert/strict';
import { D, type DlmsData } from '../../src/codec/data';
import { decodeDateTime, dateTimeToDate } from '../../src/codec/cosem-datetime';
import { encodeDataToBuffer } from '../../src/codec/axdr';
import { captureDef, data, entries, ist, items, meter, num, range, T0 } from './helpers';

const MGMT = { clientSap: 1 };
const LP = { classId: 7, obis: '1.0.99.1.0.255' };

function rowTime(row: DlmsData): number {
  assert.equal(row.type, 'structure');
  const c = (row as { value: DlmsData[] }).value[0];
  assert.equal(c.type, 'octet-string');
  return dateTimeToDate(decodeDateTime((c as { value: Buffer }).value))!.getTime();
}

describe('server model: Profile generic', () => {
  it('the 15-minute load profile holds more than 60 days, oldest first, newest at the last boundary', () => {
    const { m } = meter();
    const inUse = num(m.get({ ...LP, attribute: 7 }, MGMT));
    assert.equal(inUse, num(m.get({ ...LP, attribute: 8 }, MGMT)));
    assert.ok(inUse >= 60 * 96);
    assert.equal(num(m.get({ ...LP, attribute: 4 }, MGMT)), 900);
    assert.equal(num(m.get({ ...LP, attribute: 5 }, MGMT)), 1);
    const first = items(m.get({ ...LP, attribute: 2 }, MGMT, entries(1, 2)));
    const last = items(m.get({ ...LP, attribute: 2 }, MGMT, entries(inUse, 0)));
    assert.equal(rowTime(first[1]) - rowTime(first[0]), 900000);
    assert.equal(last.length, 1);
    assert.equal(rowTime(last[0]), Date.UTC(2026, 2, 10, 6, 0));
    assert.equal(rowTime(first[0]), Date.UTC(2026, 2, 10, 6, 0) - (inUse - 1) * 900000);
    assert.ok(T0 - rowTime(first[0]) > 60 * 86400000);
  });

  it('selects by range on the clock, bounds included, with selected columns', () => {
    const { m } = meter();
    const rows = items(m.get({ ...LP, attribute: 2 }, MGMT, range(ist(2026, 3, 1, 0, 0), ist(2026, 3, 1, 1, 0))));
    assert.equal(rows.length, 5, '00:00, 00:15, 00:30, 00:45, 01:00');
    assert.equal(rowTime(rows[0]), Date.UTC(2026, 1, 28, 18, 30));
    const cols = items(m.get({ ...LP, attribute: 2 }, MGMT, range(ist(2026, 3, 1, 0, 1), ist(2026, 3, 1, 1, 0), [captureDef(8, '0.0.1.0.0.255', 2), captureDef(3, '1.0.32.27.0.255', 2)])));
    assert.equal(cols.length, 4);
    assert.equal((cols[0] as { value: DlmsData[] }).value.length, 2);
    assert.equal((cols[0] as { value: DlmsData[] }).value[1].type, 'long-unsigned');
    // a range in the future or before the history is empty, not an error
    assert.equal(items(m.get({ ...LP, attribute: 2 }, MGMT, range(ist(2027, 1, 1, 0, 0), ist(2027, 2, 1, 0, 0)))).length, 0);
    assert.equal(items(m.get({ ...LP, attribute: 2 }, MGMT, range(ist(2025, 1, 1, 0, 0), ist(2025, 1, 2, 0, 0)))).length, 0);
  });

  it('rejects bad range parameters', () => {
    const { m } = meter();
    const bad = (p: ReturnType<typeof range>) => m.get({ ...LP, attribute: 2 }, MGMT, p);
    assert.deepEqual(bad(range(ist(2026, 3, 1, 0, 0), ist(2026, 3, 2, 0, 0), [], captureDef(3, '1.0.1.8.0.255', 2))), { error: 'scope-of-access-violated' });
    assert.deepEqual(bad(range(ist(2026, 3, 1, 0, 0), ist(2026, 3, 2, 0, 0), [captureDef(3, '1.0.99.99.0.255', 2)])), { error: 'scope-of-access-violated' });
    assert.deepEqual(bad(range(D.integer(1), ist(2026, 3, 2, 0, 0))), { error: 'type-unmatched' });
    assert.deepEqual(m.get({ ...LP, attribute: 2 }, MGMT, { selector: 1, parameters: D.array([]) }), { error: 'type-unmatched' });
    assert.deepEqual(m.get({ ...LP, attribute: 2 }, MGMT, { selector: 3, parameters: D.null() }), { error: 'scope-of-access-violated' });
  });

  it('selects by entry: 1-based, to_entry 0 = last, column windows', () => {
    const { m } = meter();
    const n = num(m.get({ ...LP, attribute: 7 }, MGMT));
    const all3 = items(m.get({ ...LP, attribute: 2 }, MGMT, entries(n - 2, 0)));
    assert.equal(all3.length, 3);
    const cols = items(m.get({ ...LP, attribute: 2 }, MGMT, entries(n - 2, n, 2, 3)));
    assert.deepEqual(cols.map((r) => (r as { value: DlmsData[] }).value), all3.map((r) => (r as { value: DlmsData[] }).value.slice(1, 3)));
    assert.equal(items(m.get({ ...LP, attribute: 2 }, MGMT, entries(n + 1, 0))).length, 0);
    assert.equal(items(m.get({ ...LP, attribute: 2 }, MGMT, entries(n - 1, n + 50))).length, 2);
    assert.deepEqual(m.get({ ...LP, attribute: 2 }, MGMT, entries(5, 4)), { error: 'scope-of-access-violated' });
    assert.deepEqual(m.get({ ...LP, attribute: 2 }, MGMT, entries(1, 1, 1, 99)), { error: 'scope-of-access-violated' });
  });

  it('a full read returns every row and encodes', () => {
    const { m } = meter();
    const all = items(m.get({ ...LP, attribute: 2 }, MGMT));
    assert.equal(all.length, num(m.get({ ...LP, attribute: 7 }, MGMT)));
    const times = all.map(rowTime);
    assert.ok(times.every((t, i) => i === 0 || t > times[i - 1]), 'FIFO order');
    assert.ok(encodeDataToBuffer(data(m.get({ ...LP, attribute: 2 }, MGMT, entries(1, 10)))).length > 100);
  });

  it('cumulative energy columns grow row after row', () => {
    const { m } = meter();
    const rows = items(m.get({ ...LP, attribute: 2 }, MGMT, entries(1, 200, 2, 2))).map((r) => (r as { value: { value: number }[] }).value[0].value);
    assert.ok(rows.every((v, i) => i === 0 || v > rows[i - 1]));
  });

  it('capture() appends a row at the meter time, reset() clears the buffer', () => {
    const { m, clock } = meter();
    const n = num(m.get({ ...LP, attribute: 7 }, MGMT));
    assert.equal(m.action({ ...LP, method: 2 }, D.integer(0), MGMT).result, 'success');
    assert.equal(num(m.get({ ...LP, attribute: 7 }, MGMT)), n, 'full buffer: the oldest row drops out');
    const last = items(m.get({ ...LP, attribute: 2 }, MGMT, entries(n, 0)));
    assert.equal(rowTime(last[0]), T0);
    assert.equal(m.action({ ...LP, method: 1 }, D.integer(0), MGMT).result, 'success');
    assert.equal(num(m.get({ ...LP, attribute: 7 }, MGMT)), 0);
    assert.equal(items(m.get({ ...LP, attribute: 2 }, MGMT)).length, 0);
    clock.ms += 3600000;
    assert.equal(num(m.get({ ...LP, attribute: 7 }, MGMT)), 4, 'four blocks closed since the reset');
    m.action({ ...LP, method: 2 }, D.integer(0), MGMT);
    assert.equal(num(m.get({ ...LP, attribute: 7 }, MGMT)), 5);
    assert.equal(m.action({ ...LP, method: 2 }, D.long(0), MGMT).result, 'type-unmatched');
  });

  it('daily and billing profiles are aligned on local midnight and month start; the event log has events', () => {
    const { m } = meter();
    const daily = items(m.get({ classId: 7, obis: '1.0.99.2.0.255', attribute: 2 }, MGMT, entries(1, 0)));
    assert.equal(daily.length, 90);
    assert.equal(rowTime(daily[89]), Date.UTC(2026, 2, 9, 18, 30));
    const billing = items(m.get({ classId: 7, obis: '1.0.98.1.0.255', attribute: 2 }, MGMT));
    assert.equal(billing.length, 12);
    assert.equal(rowTime(billing[11]), Date.UTC(2026, 1, 28, 18, 30));
    const events = items(m.get({ classId: 7, obis: '0.0.99.98.0.255', attribute: 2 }, MGMT));
    assert.ok(events.length > 50);
    for (const e of events) assert.ok(((e as { value: { value: number }[] }).value[1].value as number) >= 1);
  });
});
