import { strict as assert } from 'node:assert';
import { encodeDataToBuffer } from '../../src/codec/axdr';
import { fromTypedJson } from '../../src/codec/typed-json';
import type { DlmsData } from '../../src/codec/data';
import { EncodeError } from '../../src/errors';

/** The encoder refuses values it cannot write faithfully, with a message naming the type and range. */
describe('encoder checks', () => {
  const bad: [string, DlmsData, RegExp][] = [
    ['float32 beyond its range', { type: 'float32', value: 1e39 }, /float32 value 1e\+39 is out of range/],
    ['float32 not a number', { type: 'float32', value: 'x' as unknown as number }, /not a number/],
    ['float64 not a number', { type: 'float64', value: null as unknown as number }, /not a number/],
    ['long-unsigned 70000', { type: 'long-unsigned', value: 70000 }, /long-unsigned value 70000 is out of range 0..65535/],
    ['integer 1.5', { type: 'integer', value: 1.5 }, /integer value 1.5 is out of range/],
    ['long64-unsigned -1', { type: 'long64-unsigned', value: -1n }, /out of range/],
    ['bit-string with a 2', { type: 'bit-string', value: '012' }, /0 and 1/],
    ['date-time of 11 octets', { type: 'date-time', value: Buffer.alloc(11) }, /12 octets/],
    ['compact-array with a bad description', { type: 'compact-array', description: { type: 'nope' } as never, value: [] }, /invalid type/],
    ['compact-array description count 70000', { type: 'compact-array', description: { type: 'array', count: 70000, element: { type: 'unsigned' } }, value: [] }, /0..65535/],
    ['compact-array element of another type', { type: 'compact-array', description: { type: 'unsigned' }, value: [{ type: 'long', value: 1 }] }, /does not match/],
  ];
  for (const [what, d, re] of bad) {
    it(what, () => assert.throws(() => encodeDataToBuffer(d), (e: unknown) => e instanceof EncodeError && re.test(e.message)));
  }
  it('float32 extremes that round to a finite float are accepted', () => {
    assert.equal(encodeDataToBuffer({ type: 'float32', value: 3.4028234663852886e38 }).toString('hex'), '177f7fffff');
    assert.equal(encodeDataToBuffer({ type: 'float32', value: -Infinity }).toString('hex'), '17ff800000');
  });
  it('typed JSON compact-array descriptions are checked', () => {
    assert.throws(() => fromTypedJson({ type: 'compact-array', description: { type: 'array', count: -1, element: { type: 'unsigned' } }, value: [] }), EncodeError);
    assert.throws(() => fromTypedJson({ type: 'compact-array', description: { type: 'structure' }, value: [] }), EncodeError);
    assert.throws(() => fromTypedJson({ type: 'compact-array', description: null, value: [] }), EncodeError);
    assert.deepEqual(fromTypedJson({ type: 'compact-array', description: { type: 'unsigned' }, value: [] }), { type: 'compact-array', description: { type: 'unsigned' }, value: [] });
  });
});
