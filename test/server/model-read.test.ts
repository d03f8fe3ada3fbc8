import assert from 'node:assert/strict';
import { encodeDataToBuffer } from '../../src/codec/axdr';
import { decodeDateTime } from '../../src/codec/cosem-datetime';
import type { DlmsData } from '../../src/codec/data';
import { DATA_ACCESS_RESULT } from '../../src/server/model';
import { data, entries, meter } from './helpers';

const MGMT = { clientSap: 1 };

/** Attribute types the Blue Book fixes for the classes the simulator implements. */
const EXPECTED: Record<string, string> = {
  '3/3': 'structure', '4/3': 'structure', '4/4': 'unsigned', '4/5': 'octet-string', '5/4': 'structure', '5/6': 'octet-string', '5/7': 'octet-string',
  '5/8': 'double-long-unsigned', '5/9': 'long-unsigned', '7/2': 'array', '7/3': 'array', '7/4': 'double-long-unsigned', '7/5': 'enum', '7/6': 'structure',
  '7/7': 'double-long-unsigned', '7/8': 'double-long-unsigned', '8/2': 'octet-string', '8/3': 'long', '8/4': 'unsigned', '8/5': 'octet-string',
  '8/6': 'octet-string', '8/7': 'integer', '8/8': 'boolean', '8/9': 'enum', '12/2': 'array', '12/3': 'array', '12/4': 'octet-string', '15/2': 'array',
  '15/3': 'structure', '15/4': 'octet-string', '15/5': 'structure', '15/6': 'octet-string', '15/8': 'enum', '15/9': 'octet-string', '17/2': 'array',
  '40/2': 'array', '40/3': 'structure', '40/4': 'array', '40/5': 'long-unsigned', '40/6': 'unsigned', '40/7': 'long-unsigned', '64/2': 'enum',
  '64/3': 'enum', '64/4': 'octet-string', '64/5': 'octet-string', '64/6': 'array', '70/2': 'boolean', '70/3': 'enum', '70/4': 'enum',
};

function checkEvery(kind: 'default' | 'is15959', clientSap: number, logicalDevice = 1): number {
  const { m } = meter({ kind });
  const ctx = { clientSap, logicalDevice };
  let n = 0;
  for (const o of m.objectList(ctx)) {
    const count = o.rights.attributes.length - 1;
    for (let a = 1; a <= count; a++) {
      const sel = o.classId === 7 && a === 2 ? entries(1, 3) : undefined;
      const r = m.get({ classId: o.classId, obis: o.obis, attribute: a }, ctx, sel);
      const where = `${kind} ${o.classId}/${o.obis}/${a}`;
      if (o.classId === 15 && a === 7) {
        assert.deepEqual(r, { error: 'read-write-denied' }, where);
        continue;
      }
      const d: DlmsData = data(r);
      assert.doesNotThrow(() => encodeDataToBuffer(d), where);
      if (a === 1) assert.equal(d.type === 'octet-string' && d.value.length, 6, where);
      const want = EXPECTED[`${o.classId}/${a}`];
      if (want) assert.equal(d.type, want, where);
      if (o.classId === 8 && a === 2 && d.type === 'octet-string') assert.equal(decodeDateTime(d.value).deviation, -330);
      n++;
    }
  }
  return n;
}

describe('server model: reading every attribute', () => {
  it('gives well-typed, encodable data for every object of the default meter (management client)', () => {
    const n = checkEvery('default', 1);
    assert.ok(n > 200, String(n));
  });

  it('does the same for the IS 15959 meter and for logical device 2', () => {
    assert.ok(checkEvery('is15959', 1) > 250);
    assert.ok(checkEvery('default', 16, 2) >= 20);
  });

  it('registers carry scaler_unit {integer, enum} and live values of their declared type', () => {
    const { m } = meter();
    const su = data(m.get({ classId: 3, obis: '1.0.32.7.0.255', attribute: 3 }, MGMT));
    assert.deepEqual(su, { type: 'structure', value: [{ type: 'integer', value: -2 }, { type: 'enum', value: 35 }] });
    const v = data(m.get({ classId: 3, obis: '1.0.32.7.0.255', attribute: 2 }, MGMT));
    assert.equal(v.type, 'long-unsigned');
    assert.ok(v.type === 'long-unsigned' && v.value > 21000 && v.value < 25000, 'a plausible 230 V phase voltage');
    const f = data(m.get({ classId: 3, obis: '1.0.14.7.0.255', attribute: 2 }, MGMT));
    assert.ok(f.type === 'long-unsigned' && f.value > 4980 && f.value < 5020);
  });

  it('exports the Green Book result codes', () => {
    assert.equal(DATA_ACCESS_RESULT['scope-of-access-violated'], 13);
    assert.equal(DATA_ACCESS_RESULT['other-reason'], 250);
  });
});
