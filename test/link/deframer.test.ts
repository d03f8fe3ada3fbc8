import assert from 'node:assert/strict';
import fc from 'fast-check';
import { HdlcDeframer } from '../../src/link/hdlc/deframer';
import { encodeHdlcFrame, HdlcFrame } from '../../src/link/hdlc/frame';
import { CLIENT, SERVER } from './hdlc-helpers';

function iFrame(info: Buffer, ns = 0): HdlcFrame {
  return { segmented: false, dest: CLIENT, src: SERVER, frameType: 'I', pf: true, ns, nr: 1, info };
}

/** An I frame whose FCS contains 0x7E (found by search, so the test does not depend on luck). */
function frameWithFlagInFcs(): Buffer {
  for (let n = 0; n < 100000; n++) {
    const info = Buffer.from([0xe6, 0xe7, 0x00, 0x7e, n & 0xff, (n >> 8) & 0xff]);
    const bytes = encodeHdlcFrame(iFrame(info));
    const fcs = bytes.subarray(bytes.length - 3, bytes.length - 1);
    if (fcs.includes(0x7e)) return bytes;
  }
  throw new Error('no frame with 0x7E in its FCS found');
}

describe('HDLC stream deframer', () => {
  it('passes 0x7E inside the information field and inside the FCS (no byte stuffing)', () => {
    const f = frameWithFlagInFcs();
    const d = new HdlcDeframer();
    const got = d.push(f);
    assert.equal(got.length, 1);
    assert.equal(got[0].info[3], 0x7e);
  });

  it('finds every frame whatever the chunking, with garbage and corrupt frames between them', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 0, maxLength: 300 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 20 }),
        (infos, cuts) => {
          const good = infos.map((info, i) => encodeHdlcFrame(iFrame(Buffer.from(info), i & 7)));
          const parts: Buffer[] = [];
          let corrupt = 0;
          good.forEach((g, i) => {
            parts.push(Buffer.from([0x00, 0x13]));
            if (i % 2 === 1) {
              const bad = Buffer.from(g);
              bad[bad.length - 2] ^= 0x01; // FCS damaged: must be dropped and counted
              parts.push(bad);
              corrupt++;
            }
            parts.push(g);
          });
          const stream = Buffer.concat(parts);
          const d = new HdlcDeframer();
          const out: HdlcFrame[] = [];
          let pos = 0;
          for (let k = 0; pos < stream.length; k++) {
            const n = cuts[k % cuts.length];
            out.push(...d.push(stream.subarray(pos, pos + n)));
            pos += n;
          }
          assert.equal(out.length, good.length);
          out.forEach((f, i) => assert.deepEqual([...f.info], [...infos[i]]));
          assert.ok(d.stats.corruptFrames >= corrupt);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never buffers more than one maximum frame of noise', () => {
    const d = new HdlcDeframer();
    const noise = Buffer.alloc(100000, 0x55);
    noise[50000] = 0x7e;
    assert.deepEqual(d.push(noise), []);
    assert.equal(d.hasPartial, false);
  });
});
