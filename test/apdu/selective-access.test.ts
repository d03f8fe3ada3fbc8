import { strict as assert } from 'node:assert';
import { D } from '../../src/codec/data';
import { decodeApdu, encodeApdu, entryDescriptor, rangeDescriptor, readEntryDescriptor, readRangeDescriptor, type GetRequestNormal } from '../../src/apdu';
import { InvalidArgumentError } from '../../src/errors';
import { loadVectors } from '../helpers/vectors';

describe('selective access descriptors', () => {
  const vector = loadVectors('apdu.json').find((v) => v.id === 'apdu-get-request-selective-range')!;

  it('rangeDescriptor builds the octets of the captured profile read', () => {
    const req: GetRequestNormal = {
      service: 'get-request-normal',
      invokeId: 1,
      priority: 'high',
      serviceClass: 'confirmed',
      classId: 7,
      obis: '1-0:99.1.0*255',
      attributeId: 2,
      accessSelection: rangeDescriptor({
        restrictingObject: { classId: 8, logicalName: '0.0.1.0.0.255', attributeIndex: 2 },
        from: Buffer.from('07E20601FF000300FFFF8880', 'hex'),
        to: Buffer.from('07E50106FF000300FFFFC400', 'hex'),
      }),
    };
    assert.equal(encodeApdu(req).toString('hex').toUpperCase(), vector.hex);
  });

  it('readRangeDescriptor gives the fields back', () => {
    const req = decodeApdu(Buffer.from(vector.hex, 'hex')) as GetRequestNormal;
    const r = readRangeDescriptor(req.accessSelection!);
    assert.ok(r);
    assert.deepEqual(r.restrictingObject, { classId: 8, logicalName: '0.0.1.0.0.255', attributeIndex: 2, dataIndex: 0 });
    assert.deepEqual(r.from, D.octetString('07E20601FF000300FFFF8880'));
    assert.deepEqual(r.selectedValues, []);
    assert.equal(readEntryDescriptor(req.accessSelection!), null);
  });

  it('entryDescriptor: entries and columns, with defaults', () => {
    const s = entryDescriptor({ fromEntry: 1, toEntry: 96 });
    assert.equal(s.selector, 2);
    const req: GetRequestNormal = { service: 'get-request-normal', invokeId: 2, priority: 'high', serviceClass: 'confirmed', classId: 7, obis: '1.0.99.1.0.255', attributeId: 2, accessSelection: s };
    assert.equal(encodeApdu(req).toString('hex').toUpperCase(), 'C001C200070100630100FF020102020406000000010600000060120001120000');
    assert.deepEqual(readEntryDescriptor(s), { fromEntry: 1, toEntry: 96, fromSelectedValue: 1, toSelectedValue: 0 });
    assert.equal(readRangeDescriptor(s), null);
    assert.throws(() => entryDescriptor({ fromEntry: -1 }), InvalidArgumentError);
    assert.throws(() => rangeDescriptor({ restrictingObject: { classId: 8, logicalName: 'nope', attributeIndex: 2 }, from: D.null(), to: D.null() }), InvalidArgumentError);
  });

  it('selected columns are carried as capture object definitions', () => {
    const s = rangeDescriptor({
      restrictingObject: { classId: 8, logicalName: '0.0.1.0.0.255', attributeIndex: 2 },
      from: D.null(),
      to: D.null(),
      selectedValues: [{ classId: 3, logicalName: '1.0.1.8.0.255', attributeIndex: 2 }],
    });
    assert.deepEqual(readRangeDescriptor(s)!.selectedValues, [{ classId: 3, logicalName: '1.0.1.8.0.255', attributeIndex: 2, dataIndex: 0 }]);
  });
});
