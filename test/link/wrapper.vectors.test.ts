import assert from 'node:assert/strict';
import { describeWrapper, encodeWrapper, WrapperReassembler } from '../../src/link/wrapper/wrapper';
import { fromHex, toHex } from '../../src/codec/hex';
import { isDlmsError } from '../../src/errors';
import { loadVectors } from '../helpers/vectors';

const vectors = loadVectors('wrapper.json');

describe('wrapper known-answer vectors (wrapper.json)', () => {
  for (const v of vectors) {
    it(`describes ${v.id}`, () => {
      assert.deepEqual(describeWrapper(fromHex(v.hex)), v.expect);
    });
    if (v.expect.valid) {
      it(`encodes ${v.id} byte-exact and reassembles it one octet at a time`, () => {
        const e = v.expect;
        assert.equal(toHex(encodeWrapper({ sourceWPort: e.sourceWPort, destinationWPort: e.destinationWPort, payload: fromHex(e.payload) })), v.hex);
        const r = new WrapperReassembler();
        const bytes = fromHex(v.hex);
        const got = [];
        for (const b of bytes) got.push(...r.push(Buffer.from([b])));
        assert.equal(got.length, 1);
        assert.equal(toHex(got[0].payload), e.payload);
        assert.equal(r.hasPartial, false);
      });
    }
  }

  it('rejects the bad-version vector on a stream with a clear error', () => {
    const v = vectors.find((x) => x.expect.errors.includes('version'));
    assert.ok(v);
    assert.throws(() => new WrapperReassembler().push(fromHex(v.hex)), (e: unknown) => isDlmsError(e) && e.code === 'malformed-frame' && /version 4097/.test(e.message));
  });

  it('waits for the missing octets of the length-plus-2 vector instead of inventing them', () => {
    const v = vectors.find((x) => x.id === 'wrapper-jdlms-hello-length-plus2');
    assert.ok(v);
    const r = new WrapperReassembler();
    assert.deepEqual(r.push(fromHex(v.hex)), []);
    assert.equal(r.hasPartial, true);
  });

  it('rejects a length above the configured maximum before buffering it', () => {
    const r = new WrapperReassembler({ maxLength: 100 });
    assert.throws(() => r.push(fromHex('000100100001FFFF')), (e: unknown) => isDlmsError(e) && /exceeds the maximum of 100/.test(e.message));
  });

  it('splits many PDUs merged into one chunk', () => {
    const all = Buffer.concat(vectors.filter((x) => x.expect.valid).map((x) => fromHex(x.hex)));
    const got = new WrapperReassembler().push(all);
    assert.equal(got.length, vectors.filter((x) => x.expect.valid).length);
  });
});
