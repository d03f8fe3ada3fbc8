import assert from 'node:assert/strict';
import { D } from '../../src/codec/data';
import { val, data, entries, ist, items, meter, range } from './helpers';

const PUBLIC = { clientSap: 16 };
const READER = { clientSap: 32 };
const MGMT = { clientSap: 1 };
const ECDSA = { clientSap: 48 };

describe('server model: access rights per association', () => {
  it('the public client sees only its subset; other objects are object-undefined', () => {
    const { m } = meter();
    const list = m.objectList(PUBLIC).map((o) => o.obis);
    assert.ok(list.includes('0.0.42.0.0.255') && list.includes('0.0.1.0.0.255') && list.includes('0.0.43.1.2.255'));
    assert.ok(!list.includes('1.0.1.8.0.255'));
    assert.deepEqual(m.get({ classId: 3, obis: '1.0.1.8.0.255', attribute: 2 }, PUBLIC), { error: 'object-undefined' });
    assert.equal(data(m.get({ classId: 1, obis: '0.0.42.0.0.255', attribute: 2 }, PUBLIC)).type, 'octet-string');
    // the association's own object_list says the same
    assert.equal(items(m.get({ classId: 15, obis: '0.0.40.0.0.255', attribute: 2 }, PUBLIC)).length, list.length);
  });

  it('denies writes and methods without the right (read-write-denied)', () => {
    const { m } = meter();
    assert.equal(m.set({ classId: 8, obis: '0.0.1.0.0.255', attribute: 2 }, ist(2026, 3, 10, 12, 0), PUBLIC), 'read-write-denied');
    assert.equal(m.set({ classId: 8, obis: '0.0.1.0.0.255', attribute: 2 }, ist(2026, 3, 10, 12, 0), READER), 'read-write-denied');
    assert.deepEqual(m.action({ classId: 70, obis: '0.0.96.3.10.255', method: 1 }, D.integer(0), READER), { result: 'read-write-denied' });
    assert.equal(m.set({ classId: 8, obis: '0.0.1.0.0.255', attribute: 2 }, ist(2026, 3, 10, 12, 0), MGMT), 'success');
  });

  it('keeps the association secret write-only', () => {
    const { m } = meter();
    const ref = { classId: 15, obis: '0.0.40.0.0.255', attribute: 7 };
    assert.deepEqual(m.get(ref, MGMT), { error: 'read-write-denied' });
    assert.deepEqual(m.get(ref, READER), { error: 'read-write-denied' });
    assert.equal(m.set(ref, D.octetString('0011'), READER), 'read-write-denied');
    assert.equal(m.set(ref, D.octetString('00112233445566778899aabbccddeeff'), MGMT), 'success');
    assert.equal(m.secretOf(MGMT)?.toString('hex'), '00112233445566778899aabbccddeeff');
    assert.equal(m.secretOf(READER)?.toString(), '12345678', 'the reader keeps its LLS password');
    assert.equal(m.set(ref, D.visibleString('x'), MGMT), 'type-unmatched');
  });

  it('authenticated rights need an authenticated request (client 48, suite 1)', () => {
    const { m } = meter();
    const ref = { classId: 3, obis: '1.0.1.8.0.255', attribute: 2 };
    assert.deepEqual(m.get(ref, ECDSA), { error: 'read-write-denied' });
    assert.equal(data(m.get(ref, { ...ECDSA, authenticated: true })).type, 'double-long-unsigned');
    assert.deepEqual(m.action({ classId: 70, obis: '0.0.96.3.10.255', method: 1 }, D.integer(0), ECDSA), { result: 'read-write-denied' });
    assert.equal(m.association(ECDSA)?.mechanism, 'hls-ecdsa');
    assert.equal(val(data(m.get({ classId: 64, obis: '0.0.43.0.3.255', attribute: 3 }, { ...ECDSA, authenticated: true }))), 1);
  });

  it('selective access outside the allowed selectors is scope-of-access-violated', () => {
    const { m } = meter();
    const log = { classId: 7, obis: '0.0.99.98.0.255', attribute: 2 };
    assert.deepEqual(m.get(log, READER, entries(1, 2)), { error: 'scope-of-access-violated' });
    assert.equal(data(m.get(log, READER, range(ist(2026, 1, 1, 0, 0), ist(2026, 3, 10, 0, 0)))).type, 'array');
    assert.equal(data(m.get(log, MGMT, entries(1, 2))).type, 'array');
    assert.deepEqual(m.get({ classId: 8, obis: '0.0.1.0.0.255', attribute: 2 }, MGMT, entries(1, 1)), { error: 'scope-of-access-violated' });
  });

  it('answers unknown clients, classes, attributes and methods with the proper results', () => {
    const { m } = meter();
    assert.deepEqual(m.get({ classId: 8, obis: '0.0.1.0.0.255', attribute: 2 }, { clientSap: 99 }), { error: 'read-write-denied' });
    assert.deepEqual(m.get({ classId: 8, obis: '0.0.1.0.0.255', attribute: 2 }, { clientSap: 1, logicalDevice: 9 }), { error: 'object-undefined' });
    assert.deepEqual(m.get({ classId: 3, obis: '0.0.1.0.0.255', attribute: 2 }, MGMT), { error: 'object-class-inconsistent' });
    assert.deepEqual(m.get({ classId: 8, obis: '0.0.1.0.0.255', attribute: 10 }, MGMT), { error: 'object-undefined' });
    assert.deepEqual(m.get({ classId: 1, obis: '9.9.9.9.9.9', attribute: 2 }, MGMT), { error: 'object-undefined' });
    assert.deepEqual(m.action({ classId: 8, obis: '0.0.1.0.0.255', method: 7 }, D.integer(0), MGMT), { result: 'object-undefined' });
    assert.equal(m.set({ classId: 3, obis: '1.0.1.8.0.255', attribute: 1 }, D.octetString('000000000000'), MGMT), 'read-write-denied');
  });

  it('logical device 2 has its own name, associations and objects', () => {
    const { m } = meter();
    const ld1 = data(m.get({ classId: 1, obis: '0.0.42.0.0.255', attribute: 2 }, PUBLIC));
    const ld2 = data(m.get({ classId: 1, obis: '0.0.42.0.0.255', attribute: 2 }, { clientSap: 16, logicalDevice: 2 }));
    assert.notDeepEqual(ld1, ld2);
    assert.deepEqual(m.get({ classId: 7, obis: '1.0.99.1.0.255', attribute: 7 }, { clientSap: 32, logicalDevice: 2 }), { error: 'object-undefined' });
    assert.deepEqual(m.get({ classId: 1, obis: '0.0.42.0.0.255', attribute: 2 }, { clientSap: 1, logicalDevice: 2 }), { error: 'read-write-denied' });
    const sap = items(m.get({ classId: 17, obis: '0.0.41.0.0.255', attribute: 2 }, PUBLIC));
    assert.equal(sap.length, 2);
  });

  it('an SN association sees Association SN with base names that resolve back (SN referencing)', () => {
    const { m } = meter();
    const SN = { clientSap: 33 };
    const list = m.objectList(SN);
    assert.ok(list.some((o) => o.classId === 12) && !list.some((o) => o.classId === 15));
    assert.equal(new Set(list.map((o) => o.baseName)).size, list.length, 'base names are unique');
    const assocSn = list.find((o) => o.classId === 12)!;
    assert.equal(assocSn.baseName, 0xfa00);
    const sn = m.shortName(1, { classId: 3, obis: '1.0.1.8.0.255', attribute: 2 })!;
    assert.deepEqual(m.resolveShortName(SN, sn), { kind: 'attribute', ref: { classId: 3, obis: '1.0.1.8.0.255', attribute: 2 } });
    const reset = m.shortName(1, { classId: 3, obis: '1.0.1.8.0.255', method: 1 })!;
    assert.equal(reset - sn, 0x28 - 8);
    assert.deepEqual(m.resolveShortName(SN, reset), { kind: 'method', ref: { classId: 3, obis: '1.0.1.8.0.255', method: 1 } });
    assert.equal(m.resolveShortName(SN, sn + 3), undefined);
    const objList = items(m.get({ classId: 12, obis: '0.0.40.0.0.255', attribute: 2 }, SN));
    assert.equal(objList.length, list.length);
  });
});
