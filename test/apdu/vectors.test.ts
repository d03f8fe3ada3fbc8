import { strict as assert } from 'node:assert';
import { decodeApdu, describeApdu, encodeApdu } from '../../src/apdu';
import { DecodeError } from '../../src/errors';
import { loadVectors } from '../helpers/vectors';

const vectors = loadVectors('apdu.json');

describe('apdu vectors (apdu.json)', () => {
  it('holds the vectors this suite expects', () => {
    assert.ok(vectors.length >= 50, `only ${vectors.length} vectors`);
    assert.ok(vectors.some((v) => v.expect.valid === false), 'no invalid vector');
  });

  for (const v of vectors) {
    const bytes = Buffer.from(v.hex, 'hex');
    if (v.expect.valid === false) {
      it(`${v.id}: is rejected with a DecodeError`, () => {
        assert.throws(() => decodeApdu(bytes), DecodeError);
      });
      continue;
    }
    it(`${v.id}: decodes to the expected description`, () => {
      assert.deepEqual(describeApdu(decodeApdu(bytes)), v.expect);
    });
    it(`${v.id}: re-encodes to the same octets`, () => {
      assert.equal(encodeApdu(decodeApdu(bytes)).toString('hex').toUpperCase(), v.hex);
    });
  }
});
