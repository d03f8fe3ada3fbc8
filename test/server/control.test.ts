import assert from 'node:assert/strict';
import { D } from '../../src/codec/data';
import type { PushEvent } from '../../src/server/model';
import { data, meter, val } from './helpers';

const MGMT = { clientSap: 1 };
const DC = { classId: 70, obis: '0.0.96.3.10.255' };

function state(m: ReturnType<typeof meter>['m']): [unknown, unknown] {
  return [val<boolean>(data(m.get({ ...DC, attribute: 2 }, MGMT))), val(data(m.get({ ...DC, attribute: 3 }, MGMT)))];
}

describe('server model: Disconnect control and Push setup', () => {
  it('remote_disconnect / remote_reconnect in a direct-reconnection mode (4)', () => {
    const { m } = meter();
    assert.deepEqual(state(m), [true, 1]);
    assert.equal(m.action({ ...DC, method: 1 }, D.integer(0), MGMT).result, 'success');
    assert.deepEqual(state(m), [false, 0]);
    assert.equal(m.action({ ...DC, method: 2 }, D.integer(0), MGMT).result, 'success');
    assert.deepEqual(state(m), [true, 1]);
  });

  it('in modes 1, 3, 5 remote_reconnect only arms the relay; a manual reconnection closes it', () => {
    const { m } = meter();
    assert.equal(m.set({ ...DC, attribute: 4 }, D.enum(1), MGMT), 'success');
    m.action({ ...DC, method: 1 }, D.integer(0), MGMT);
    assert.equal(m.action({ ...DC, method: 2 }, D.integer(0), MGMT).result, 'success');
    assert.deepEqual(state(m), [false, 2]);
    assert.equal(m.manualReconnect(), true);
    assert.deepEqual(state(m), [true, 1]);
    assert.equal(m.manualReconnect(), false);
  });

  it('mode 0 refuses remote control; bad types and modes are rejected', () => {
    const { m } = meter();
    assert.equal(m.set({ ...DC, attribute: 4 }, D.enum(0), MGMT), 'success');
    assert.equal(m.action({ ...DC, method: 1 }, D.integer(0), MGMT).result, 'other-reason');
    assert.deepEqual(state(m), [true, 1]);
    assert.equal(m.set({ ...DC, attribute: 4 }, D.unsigned(1), MGMT), 'type-unmatched');
    assert.equal(m.set({ ...DC, attribute: 4 }, D.enum(7), MGMT), 'other-reason');
    assert.equal(m.set({ ...DC, attribute: 2 }, D.boolean(false), MGMT), 'read-write-denied');
    assert.equal(m.action({ ...DC, method: 1 }, D.long(3), MGMT).result, 'type-unmatched');
  });

  it('push (method 1) hands the push_object_list values to the listeners', () => {
    const { m } = meter();
    const got: PushEvent[] = [];
    const off = m.onPush((e) => got.push(e));
    const PS = { classId: 40, obis: '0.0.25.9.0.255' };
    assert.equal(m.action({ ...PS, method: 1 }, D.integer(0), MGMT).result, 'success');
    assert.equal(got.length, 1);
    assert.equal(got[0].values.length, 4);
    assert.deepEqual(got[0].values[0], D.octetString('0000190900ff'));
    assert.deepEqual(got[0].values[2], data(m.get({ classId: 8, obis: '0.0.1.0.0.255', attribute: 2 }, MGMT)));
    assert.equal(m.set({ ...PS, attribute: 3 }, D.structure([D.enum(0), D.octetString(Buffer.from('10.0.0.1:4059')), D.enum(0)]), MGMT), 'success');
    assert.equal(m.set({ ...PS, attribute: 3 }, D.structure([D.enum(0)]), MGMT), 'type-unmatched');
    off();
    m.action({ ...PS, method: 1 }, D.integer(0), MGMT);
    assert.equal(got.length, 1);
  });

  it('invocation counters are plain double-long-unsigned Data the server updates with poke', () => {
    const { m } = meter();
    const ref = { classId: 1, obis: '0.0.43.1.2.255', attribute: 2 };
    assert.equal(m.poke(ref, D.doubleLongUnsigned(41)), 'success');
    assert.deepEqual(data(m.get(ref, { clientSap: 16 })), D.doubleLongUnsigned(41));
    assert.equal(m.set(ref, D.long(1), MGMT), 'type-unmatched');
  });

  it('register reset restarts a live register from zero; wrong parameters are type-unmatched', () => {
    const { m, clock } = meter();
    const ref = { classId: 3, obis: '1.0.1.8.0.255' };
    assert.equal(m.action({ ...ref, method: 1 }, D.integer(0), MGMT).result, 'success');
    assert.deepEqual(data(m.get({ ...ref, attribute: 2 }, MGMT)), D.doubleLongUnsigned(0));
    clock.ms += 3600000;
    const v = val(data(m.get({ ...ref, attribute: 2 }, MGMT)));
    assert.ok(v > 1000 && v < 100000, `an hour of energy, got ${v}`);
    assert.equal(m.action({ ...ref, method: 1 }, D.visibleString('x'), MGMT).result, 'type-unmatched');
  });
});
