import { strict as assert } from 'node:assert';
import { loadVectors } from '../helpers/vectors';
import { decodeDataFrom, encodeDataToBuffer } from '../../src/codec/axdr';
import { D } from '../../src/codec/data';
import { toHex } from '../../src/codec/hex';
import {
  decodeObjectList, decodeObjectListSN, encodeObjectList, encodeObjectListSN, interpretAttribute,
  type ObjectListElement,
} from '../../src/cosem';

const ACCESS = ['no-access', 'read-only', 'write-only', 'read-and-write'];

describe('cosem: Association LN object_list', () => {
  const v = loadVectors('axdr.json').find((x) => x.id === 'axdr-array-object-list-123')!;
  const data = decodeDataFrom(Buffer.from(v.hex, 'hex'));
  const list = decodeObjectList(data);

  it('decodes the Kamstrup vector into 123 entries with class ids, OBIS and access rights', () => {
    assert.equal(list.length, 123);
    const perClass: Record<number, number> = {};
    for (const e of list) perClass[e.classId] = (perClass[e.classId] ?? 0) + 1;
    assert.deepEqual(perClass, { 1: 42, 3: 66, 4: 6, 7: 6, 8: 2, 15: 1 });
    assert.deepEqual(list[0], {
      classId: 1,
      version: 0,
      logicalName: '0.0.42.0.0.255',
      accessRights: {
        attributeAccess: [
          { attributeId: 1, accessMode: 'read-only', accessSelectors: null },
          { attributeId: 2, accessMode: 'read-only', accessSelectors: null },
        ],
        methodAccess: [],
      },
    });
    const last = list[122];
    assert.equal(last.classId, 15);
    assert.equal(last.logicalName, '0.0.40.0.0.255');
    assert.equal(last.accessRights.attributeAccess.length, 8);
    assert.equal(last.accessRights.attributeAccess[6].accessMode, 'write-only'); // attribute 7, secret
  });

  it('agrees entry by entry with the vector typed value', () => {
    const raw = (v.expect.value as { value: { value: unknown }[] }[]);
    raw.forEach((entry, i) => {
      const [cls, ver, ln, rights] = entry.value as { value: unknown }[];
      assert.equal(list[i].classId, cls.value);
      assert.equal(list[i].version, ver.value);
      assert.equal(list[i].logicalName.split('.').map((x) => Number(x).toString(16).padStart(2, '0')).join('').toUpperCase(), ln.value);
      const attrs = (rights.value as { value: { value: unknown }[] }[])[0].value as { value: { value: number }[] }[];
      assert.deepEqual(
        list[i].accessRights.attributeAccess.map((a) => [a.attributeId, a.accessMode]),
        attrs.map((a) => [a.value[0].value, ACCESS[a.value[1].value]]),
      );
    });
  });

  it('encodes back to the same bytes (the simulator side), with the minimal length form', () => {
    assert.ok(v.hex.startsWith('0182007B')); // the vector uses the long length form 82 00 7B
    assert.equal(toHex(encodeDataToBuffer(encodeObjectList(list))), `017B${v.hex.slice(8)}`);
  });

  it('interpretAttribute(15, 2) gives the same structured list', () => {
    assert.deepEqual(interpretAttribute(15, 2, data), list);
  });

  it('names the authenticated access modes of version 3 and selectors, both ways', () => {
    const entry: ObjectListElement = {
      classId: 7,
      version: 1,
      logicalName: '1.0.99.1.0.255',
      accessRights: {
        attributeAccess: [
          { attributeId: 2, accessMode: 'authenticated-read-only', accessSelectors: [1, 2] },
          { attributeId: 4, accessMode: 'authenticated-read-and-write', accessSelectors: null },
          { attributeId: 5, accessMode: 'authenticated-write-only', accessSelectors: null },
          { attributeId: 6, accessMode: 'read-and-write', accessSelectors: null },
        ],
        methodAccess: [
          { methodId: 1, accessMode: 'authenticated-access' },
          { methodId: 2, accessMode: 'no-access' },
        ],
      },
    };
    const d = encodeObjectList([entry]);
    const s0 = (d as { value: { value: unknown[] }[] }).value[0];
    assert.deepEqual(s0.value[2], D.octetString('0100630100FF'));
    const bytes = encodeDataToBuffer(d);
    assert.match(toHex(bytes), /^0101020412000711010906/);
    assert.deepEqual(decodeObjectList(decodeDataFrom(bytes)), [entry]);
  });

  it('reads the boolean method access_mode of Association LN version 0 through the same names', () => {
    const d = D.array([
      D.structure([
        D.longUnsigned(70), D.unsigned(0), D.octetString('00000F0000FF'),
        D.structure([D.array([]), D.array([D.structure([D.integer(1), D.boolean(true)]), D.structure([D.integer(2), D.boolean(false)])])]),
      ]),
    ]);
    assert.deepEqual(decodeObjectList(d)[0].accessRights.methodAccess, [
      { methodId: 1, accessMode: 'access' },
      { methodId: 2, accessMode: 'no-access' },
    ]);
  });

  it('keeps unnamed access modes as numbers, and rejects a malformed list with its path', () => {
    const d = D.array([D.structure([D.longUnsigned(1), D.unsigned(0), D.octetString('0000600100FF'), D.structure([D.array([D.structure([D.integer(2), D.enum(9), D.null()])]), D.array([])])])]);
    assert.equal(decodeObjectList(d)[0].accessRights.attributeAccess[0].accessMode, 9);
    const bad = D.array([D.structure([D.longUnsigned(1), D.unsigned(0), D.octetString('0000600100')])]);
    assert.throws(() => decodeObjectList(bad), (e: Error & { code: string }) => e.code === 'malformed-data' && /\[0\]: expected structure/.test(e.message));
  });

  it('an unknown access mode name is refused with the list of names', () => {
    const e = { classId: 1, version: 0, logicalName: '0.0.96.1.0.255', accessRights: { attributeAccess: [{ attributeId: 2, accessMode: 'readonly-ish', accessSelectors: null }], methodAccess: [] } };
    assert.throws(() => encodeObjectList([e as never]), /object_list at \[0\]\.accessRights\.attributeAccess\[0\]\.accessMode: unknown name "readonly-ish" \(known: no-access, read-only/);
  });
});

describe('cosem: Association SN object_list', () => {
  it('round trips base_name, class_id, version, logical_name', () => {
    const list = [
      { baseName: 0xfa00 - 0x10000, classId: 12, version: 4, logicalName: '0.0.40.0.0.255' },
      { baseName: 0x0100, classId: 3, version: 0, logicalName: '1.0.1.8.0.255' },
    ];
    const d = encodeObjectListSN(list);
    assert.equal(toHex(encodeDataToBuffer(d)), '0102020410FA0012000C1104090600002800 00FF'.replace(/ /g, '') + '0204100100120003110009060100010800FF');
    assert.deepEqual(decodeObjectListSN(d), list);
    assert.deepEqual(interpretAttribute(12, 2, d), list);
  });
});
