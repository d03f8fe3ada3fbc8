import assert from 'node:assert/strict';
import { describeHdlcFrame } from '../../src/link/hdlc/describe';
import { encodeHdlcFrame, parseHdlcBody } from '../../src/link/hdlc/frame';
import { HdlcDeframer } from '../../src/link/hdlc/deframer';
import { decodeHdlcParameters, encodeHdlcParameters } from '../../src/link/hdlc/parameters';
import { fromHex, toHex } from '../../src/codec/hex';
import { loadVectors } from '../helpers/vectors';

const vectors = loadVectors('hdlc.json');

describe('HDLC known-answer vectors (hdlc.json)', () => {
  for (const v of vectors) {
    it(`describes ${v.id}`, () => {
      assert.deepEqual(describeHdlcFrame(fromHex(v.hex)), v.expect);
    });
  }

  for (const v of vectors.filter((x) => x.expect.valid)) {
    it(`re-encodes ${v.id} byte-exact and deframes it`, () => {
      const bytes = fromHex(v.hex);
      const frame = parseHdlcBody(bytes.subarray(1, bytes.length - 1));
      assert.notEqual(typeof frame, 'string', String(frame));
      assert.equal(toHex(encodeHdlcFrame(frame as Exclude<typeof frame, string>)), v.hex);
      const d = new HdlcDeframer();
      assert.equal(d.push(bytes).length, 1);
    });
  }

  for (const v of vectors.filter((x) => !x.expect.valid)) {
    it(`the stream deframer drops corrupt ${v.id} and counts it`, () => {
      const d = new HdlcDeframer();
      const frames = d.push(fromHex(v.hex));
      assert.equal(frames.length, 0);
      // A truncated frame may still wait for more bytes; it never becomes a frame.
      assert.ok(d.stats.corruptFrames + d.stats.garbageBytes > 0 || d.hasPartial);
    });
  }

  for (const v of vectors.filter((x) => x.expect.hdlcParameters && x.hex.includes('0502008006020080070400000001080400000001'))) {
    it(`encodes the negotiation field of ${v.id} byte-exact`, () => {
      const p = decodeHdlcParameters(fromHex(v.expect.info));
      assert.ok(p);
      assert.equal(toHex(encodeHdlcParameters(p)), v.expect.info);
    });
  }
});
