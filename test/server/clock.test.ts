import assert from 'node:assert/strict';
import { D } from '../../src/codec/data';
import { decodeDateTime } from '../../src/codec/cosem-datetime';
import { data, ist, meter, T0 } from './helpers';

const MGMT = { clientSap: 1 };
const CLOCK = { classId: 8, obis: '0.0.1.0.0.255' };
const act = (m: ReturnType<typeof meter>['m'], method: number, p = D.integer(0) as ReturnType<typeof D.integer> | ReturnType<typeof D.structure> | ReturnType<typeof D.long>) => m.action({ ...CLOCK, method }, p, MGMT).result;

function clockFields(m: ReturnType<typeof meter>['m']) {
  const d = data(m.get({ ...CLOCK, attribute: 2 }, MGMT));
  assert.equal(d.type, 'octet-string');
  return decodeDateTime((d as { value: Buffer }).value);
}

describe('server model: Clock', () => {
  it('reads the injected time in IST with deviation -330', () => {
    const { m } = meter();
    const f = clockFields(m);
    assert.deepEqual([f.hour, f.minute, f.second, f.deviation], [11, 37, 30, -330]);
    assert.equal(m.now().getTime(), T0);
  });

  it('adjust_to_quarter, adjust_to_minute and adjust_to_measuring_period round to the nearest step', () => {
    let { m } = meter();
    assert.equal(act(m, 1), 'success');
    assert.deepEqual([clockFields(m).hour, clockFields(m).minute, clockFields(m).second], [11, 45, 0]);
    ({ m } = meter());
    assert.equal(act(m, 3), 'success');
    assert.deepEqual([clockFields(m).minute, clockFields(m).second], [38, 0]);
    ({ m } = meter({}, T0 - 8 * 60000)); // 11:29:30 -> 11:30
    assert.equal(act(m, 2), 'success');
    assert.deepEqual([clockFields(m).minute, clockFields(m).second], [30, 0]);
    assert.equal(act(m, 1, D.long(1)), 'type-unmatched');
  });

  it('shift_time moves the time by -900..900 s and the clock keeps running', () => {
    const { m, clock } = meter();
    assert.equal(act(m, 6, D.long(-90)), 'success');
    assert.equal(m.now().getTime(), T0 - 90000);
    clock.ms += 1000;
    assert.equal(m.now().getTime(), T0 - 89000);
    assert.equal(act(m, 6, D.long(901)), 'other-reason');
    assert.equal(act(m, 6, D.integer(5)), 'type-unmatched');
  });

  it('preset_adjusting_time then adjust_to_preset_time inside the validity interval', () => {
    const { m } = meter();
    assert.equal(act(m, 4), 'object-unavailable', 'no preset yet');
    const preset = D.structure([ist(2026, 3, 10, 12, 0), ist(2026, 3, 10, 11, 0), ist(2026, 3, 10, 11, 50)]);
    assert.equal(act(m, 5, preset), 'success');
    assert.equal(act(m, 4), 'success');
    assert.deepEqual([clockFields(m).hour, clockFields(m).minute], [12, 0]);
    assert.equal(act(m, 5, D.structure([ist(2026, 3, 10, 13, 0), ist(2026, 3, 11, 0, 0), ist(2026, 3, 11, 1, 0)])), 'success');
    assert.equal(act(m, 4), 'other-reason', 'outside the validity interval');
    assert.equal(act(m, 5, D.structure([D.integer(1)])), 'type-unmatched');
  });

  it('writing time sets the meter clock; wrong types are type-unmatched', () => {
    const { m } = meter();
    assert.equal(m.set({ ...CLOCK, attribute: 2 }, ist(2026, 1, 2, 3, 4, 5), MGMT), 'success');
    assert.deepEqual([clockFields(m).month, clockFields(m).dayOfMonth, clockFields(m).hour], [1, 2, 3]);
    assert.equal(m.set({ ...CLOCK, attribute: 2 }, D.octetString('0102'), MGMT), 'type-unmatched');
    assert.equal(m.set({ ...CLOCK, attribute: 3 }, D.integer(5), MGMT), 'type-unmatched');
    assert.equal(m.set({ ...CLOCK, attribute: 8 }, D.boolean(true), MGMT), 'success');
    assert.deepEqual(data(m.get({ ...CLOCK, attribute: 8 }, MGMT)), D.boolean(true));
    assert.equal(m.set({ ...CLOCK, attribute: 9 }, D.enum(2), MGMT), 'read-write-denied');
  });

  it('profiles and energies follow the meter time after a clock change', () => {
    const { m } = meter();
    const before = data(m.get({ classId: 3, obis: '1.0.1.8.0.255', attribute: 2 }, MGMT));
    assert.equal(m.set({ ...CLOCK, attribute: 2 }, ist(2026, 3, 11, 11, 37, 30), MGMT), 'success');
    const after = data(m.get({ classId: 3, obis: '1.0.1.8.0.255', attribute: 2 }, MGMT));
    assert.ok((after as { value: number }).value > (before as { value: number }).value + 50000, 'a day of consumption');
  });
});
