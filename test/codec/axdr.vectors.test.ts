import { strict as assert } from 'node:assert';
import { loadVectors } from '../helpers/vectors';
import { decodeDataFrom, encodeDataToBuffer } from '../../src/codec/axdr';
import { fromTypedJson, toTypedJson } from '../../src/codec/typed-json';
import { toHex } from '../../src/codec/hex';

describe('A-XDR known-answer vectors (axdr.json)', () => {
  const vectors = loadVectors('axdr.json');
  for (const v of vectors) {
    it(`${v.id}: decodes to the expected typed value and re-encodes byte-exact`, () => {
      const data = decodeDataFrom(Buffer.from(v.hex, 'hex'));
      assert.deepEqual(toTypedJson(data), v.expect);
      assert.equal(toHex(encodeDataToBuffer(data)), v.hex);
    });
    it(`${v.id}: encodes from the expected typed value`, () => {
      const bytes = encodeDataToBuffer(fromTypedJson(v.expect as never));
      // the typed JSON does not carry a non-minimal length form, so compare what it means
      assert.deepEqual(toTypedJson(decodeDataFrom(bytes)), v.expect);
      if (!/^(01|02|09)8[1-4]/.test(v.hex)) assert.equal(toHex(bytes), v.hex);
    });
  }
});
