import assert from 'node:assert/strict';
import { HdlcMachine } from '../../src/link/hdlc/machine';
import { encodeHdlcParameters } from '../../src/link/hdlc/parameters';
import { LLC_RESPONSE } from '../../src/link/hdlc/frame';
import { fromHex, toHex } from '../../src/codec/hex';
import { loadVectors } from '../helpers/vectors';
import { CLIENT, SERVER, bytesOf, fromServer, others, sent } from './hdlc-helpers';

const vectors = loadVectors('hdlc.json');
const hex = (id: string): string => {
  const v = vectors.find((x) => x.id === id);
  if (!v) throw new Error(`vector ${id} missing`);
  return v.hex;
};

function client(opts: Partial<ConstructorParameters<typeof HdlcMachine>[0]> = {}): HdlcMachine {
  return new HdlcMachine({ role: 'client', local: CLIENT, remote: SERVER, responseTimeoutMs: 1000, maxRetries: 2, ...opts });
}

function connect(m: HdlcMachine, ua: Buffer): void {
  m.connect(0);
  const ev = m.receive(ua, 1);
  assert.equal(ev[0]?.type, 'connected');
}

const ua7 = fromServer({ frameType: 'UA', info: encodeHdlcParameters({ maxInfoFieldLengthTransmit: 128, maxInfoFieldLengthReceive: 128, windowSizeTransmit: 7, windowSizeReceive: 7 }) });

/** Splits a response APDU as a meter does: LLC + APDU in 128-octet I frames. */
function responseFrames(apdu: Buffer, firstNs: number, nr: number, window: number, max = 128): Buffer[] {
  const info = Buffer.concat([LLC_RESPONSE, apdu]);
  const out: Buffer[] = [];
  const n = Math.ceil(info.length / max);
  for (let i = 0; i < n; i++) {
    const last = i === n - 1;
    out.push(fromServer({ frameType: 'I', ns: (firstNs + i) & 7, nr, segmented: !last, pf: last || i % window === window - 1, info: info.subarray(i * max, (i + 1) * max) }));
  }
  return out;
}

describe('HDLC client station against a scripted meter', () => {
  it('sends the SNRM of the computed vector byte-exact and takes defaults from a UA without parameters', () => {
    const m = client();
    const ev = m.connect(0);
    assert.equal(toHex((ev[0] as { bytes: Buffer }).bytes), hex('hdlc-computed-snrm-params'));
    const m1 = new HdlcMachine({ role: 'client', local: CLIENT, remote: { size: 1, upper: 1, lower: null } });
    m1.connect(0);
    const got = m1.receive(fromHex(hex('hdlc-ua-no-info-fiorentini')), 5);
    assert.deepEqual(others(got), [{ type: 'connected', parameters: { maxInfoFieldLengthTransmit: 128, maxInfoFieldLengthReceive: 128, windowSizeTransmit: 1, windowSizeReceive: 1 } }]);
  });

  it('negotiates the smaller of proposal and UA values', () => {
    const m = client({ parameters: { maxInfoFieldLengthTransmit: 512, maxInfoFieldLengthReceive: 512, windowSizeTransmit: 7, windowSizeReceive: 7 } });
    m.connect(0);
    const ua = fromServer({ frameType: 'UA', info: encodeHdlcParameters({ maxInfoFieldLengthTransmit: 256, maxInfoFieldLengthReceive: 200, windowSizeTransmit: 7, windowSizeReceive: 3 }) });
    m.receive(ua, 1);
    assert.deepEqual(m.parameters, { maxInfoFieldLengthTransmit: 200, maxInfoFieldLengthReceive: 256, windowSizeTransmit: 3, windowSizeReceive: 7 });
  });

  it('retransmits SNRM on timeout and gives up with a timeout error', () => {
    const m = client();
    m.connect(0);
    assert.equal(m.nextDeadline(), 1000);
    assert.deepEqual(sent(m.onTimer(999)), []);
    assert.equal(sent(m.onTimer(1000))[0].frameType, 'SNRM');
    assert.equal(sent(m.onTimer(2000))[0].frameType, 'SNRM');
    const last = m.onTimer(3000);
    const d = others(last)[0] as { type: string; error?: { code: string } };
    assert.equal(d.type, 'disconnected');
    assert.equal(d.error?.code, 'timeout');
    assert.equal(m.nextDeadline(), undefined);
  });

  it('reports DM in answer to SNRM as connection-refused', () => {
    const m = client();
    m.connect(0);
    const ev = others(m.receive(fromServer({ frameType: 'DM' }), 1));
    assert.equal(ev[0].type, 'disconnected');
    assert.equal((ev[0] as { error: { code: string } }).error.code, 'connection-refused');
  });

  it('receives a segmented response in windows of 7 with exactly one RR per full window', () => {
    const m = client({ parameters: { windowSizeReceive: 7, windowSizeTransmit: 7 } });
    connect(m, ua7);
    const req = sent(m.send(Buffer.from('C001C100080000010000FF0200', 'hex'), 2));
    assert.equal(req.length, 1);
    assert.equal(toHex(req[0].info), 'E6E600C001C100080000010000FF0200');
    const apdu = bytesOf(20 * 128);
    const frames = responseFrames(apdu, 0, 1, 7);
    let rrs = 0;
    let result: Buffer | undefined;
    for (let i = 0; i < frames.length; i++) {
      const ev = m.receive(frames[i], 10 + i);
      const out = sent(ev);
      if ((i % 7) === 6 && i !== frames.length - 1) {
        assert.equal(out.length, 1, `RR expected after frame ${i}`);
        assert.equal(out[0].frameType, 'RR');
        assert.equal(out[0].nr, (i + 1) & 7);
        assert.equal(out[0].pf, true);
        rrs++;
      } else {
        assert.equal(out.length, 0, `nothing expected after frame ${i}`);
      }
      const a = others(ev).find((e) => e.type === 'apdu');
      if (a) result = (a as { apdu: Buffer }).apdu;
    }
    assert.equal(rrs, Math.floor((frames.length - 1) / 7));
    assert.ok(result && result.equals(apdu));
    assert.equal(m.busy, false);
    assert.equal(m.nextDeadline(), undefined);
  });

  it('recovers a lost frame: RR names the gap, the retransmission completes the APDU', () => {
    const m = client({ parameters: { windowSizeReceive: 7 } });
    connect(m, ua7);
    m.send(Buffer.from([0xc0, 1]), 2);
    const apdu = bytesOf(5 * 128, 7);
    const frames = responseFrames(apdu, 0, 1, 7); // 6 frames, last one final with F
    for (const [i, f] of frames.entries()) {
      if (i === 3) continue; // lost on the line
      const out = sent(m.receive(f, 10 + i));
      if (i === frames.length - 1) {
        assert.equal(out.length, 1);
        assert.equal(out[0].frameType, 'RR');
        assert.equal(out[0].nr, 3);
      } else assert.equal(out.length, 0);
    }
    assert.ok(m.stats.outOfSequence >= 2);
    let result: Buffer | undefined;
    for (const f of frames.slice(3)) {
      const a = others(m.receive(f, 50)).find((e) => e.type === 'apdu');
      if (a) result = (a as { apdu: Buffer }).apdu;
    }
    assert.ok(result && result.equals(apdu));
  });

  it('polls with RR when the final frame of a window is lost (timer), then completes', () => {
    const m = client();
    connect(m, ua7);
    m.send(Buffer.from([0xc0, 1]), 100);
    const apdu = bytesOf(300, 3);
    const frames = responseFrames(apdu, 0, 1, 7); // 3 frames
    m.receive(frames[0], 110);
    m.receive(frames[1], 120);
    // frames[2] lost: the client waits for its timer, then polls
    const deadline = m.nextDeadline() as number;
    assert.ok(deadline > 120);
    const poll = sent(m.onTimer(deadline));
    assert.equal(poll.length, 1);
    assert.equal(poll[0].frameType, 'RR');
    assert.equal(poll[0].nr, 2);
    const done = others(m.receive(frames[2], deadline + 10));
    assert.ok((done[0] as { apdu: Buffer }).apdu.equals(apdu));
  });

  it('retransmits an unanswered request I frame with the same N(S)', () => {
    const m = client();
    connect(m, ua7);
    const first = sent(m.send(Buffer.from([0xc0, 1, 2]), 10));
    const again = sent(m.onTimer(1010));
    assert.equal(toHex(Buffer.from(again[0].info)), toHex(first[0].info));
    assert.equal(again[0].ns, first[0].ns);
    assert.equal(m.stats.retransmissions, 1);
  });

  it('sends a long request in windows, advancing on each RR and going back on a partial RR', () => {
    const m = client({ parameters: { maxInfoFieldLengthTransmit: 32, windowSizeTransmit: 2 } });
    connect(m, fromServer({ frameType: 'UA', info: encodeHdlcParameters({ maxInfoFieldLengthTransmit: 128, maxInfoFieldLengthReceive: 32, windowSizeTransmit: 1, windowSizeReceive: 2 }) }));
    const apdu = bytesOf(32 * 5 - 3); // 5 segments with the LLC
    const w1 = sent(m.send(apdu, 10));
    assert.deepEqual(w1.map((f) => [f.ns, f.pf, f.segmented]), [[0, false, true], [1, true, true]]);
    const w2 = sent(m.receive(fromServer({ frameType: 'RR', nr: 2 }), 20));
    assert.deepEqual(w2.map((f) => [f.ns, f.pf]), [[2, false], [3, true]]);
    // The meter only got segment 2: go back to 3.
    const w3 = sent(m.receive(fromServer({ frameType: 'RR', nr: 3 }), 30));
    assert.deepEqual(w3.map((f) => [f.ns, f.pf, f.segmented]), [[3, false, true], [4, true, false]]);
    const all = Buffer.concat([...w1, w2[0], ...w3].map((f) => f.info)); // segment 3 counted once
    assert.ok(all.subarray(3).equals(apdu));
  });

  it('drops the link on FRMR and on DM with explicit codes', () => {
    const m = client();
    connect(m, ua7);
    m.send(Buffer.from([1]), 5);
    const ev = others(m.receive(fromServer({ frameType: 'FRMR', info: Buffer.from([0, 0, 8]) }), 6));
    assert.equal((ev[0] as { error: { code: string } }).error.code, 'frame-rejected');
    assert.equal(m.state, 'disconnected');
    const m2 = client();
    connect(m2, ua7);
    const ev2 = others(m2.receive(fromServer({ frameType: 'DM' }), 6));
    assert.equal((ev2[0] as { error: { code: string } }).error.code, 'connection-closed');
  });

  it('releases with DISC and reports an orderly disconnect on UA', () => {
    const m = client();
    connect(m, ua7);
    const disc = sent(m.disconnect(5));
    assert.equal(disc[0].frameType, 'DISC');
    assert.equal(m.state, 'disconnecting');
    const ev = others(m.receive(fromServer({ frameType: 'UA' }), 6));
    assert.deepEqual(ev, [{ type: 'disconnected', error: undefined }]);
  });

  it('refuses a second request while the first is unanswered', () => {
    const m = client();
    connect(m, ua7);
    m.send(Buffer.from([1]), 5);
    assert.throws(() => m.send(Buffer.from([2]), 6), (e: unknown) => (e as { code?: string }).code === 'link-busy');
  });

  it('tolerant mode accepts a meter that numbers N(S) wrongly; strict mode waits for a correct frame', () => {
    const wrong = fromServer({ frameType: 'I', ns: 3, nr: 1, info: Buffer.from('E6E700C4', 'hex') });
    const strict = client();
    connect(strict, ua7);
    strict.send(Buffer.from([1]), 5);
    const s = strict.receive(wrong, 6);
    assert.deepEqual(others(s), []);
    assert.equal(sent(s)[0].frameType, 'RR'); // asks again for N(S) = 0
    const tolerant = client({ tolerant: true });
    connect(tolerant, ua7);
    tolerant.send(Buffer.from([1]), 5);
    assert.deepEqual(others(tolerant.receive(wrong, 6)), [{ type: 'apdu', apdu: Buffer.from([0xc4]) }]);
  });

  it('drops a frame whose N(R) acknowledges frames never sent (strict), and counts it', () => {
    const m = client();
    connect(m, ua7);
    m.send(Buffer.from([1]), 5);
    const bogus = fromServer({ frameType: 'I', ns: 0, nr: 5, info: Buffer.from('E6E700C4', 'hex') });
    assert.deepEqual(others(m.receive(bogus, 6)), []);
    assert.equal(m.stats.outOfSequence, 1);
  });

  it('waits on RNR and polls again with RR when its timer expires', () => {
    const m = client();
    connect(m, ua7);
    m.send(Buffer.from([1]), 0);
    assert.deepEqual(sent(m.receive(fromServer({ frameType: 'RNR', nr: 1 }), 10)), []);
    assert.equal(m.nextDeadline(), 1010);
    const poll = sent(m.onTimer(1010));
    assert.deepEqual(poll.map((f) => [f.frameType, f.nr, f.pf]), [['RR', 0, true]]);
  });

  it('discards a partial frame after the inter-frame timeout instead of joining it to the next', () => {
    const m = client({ interFrameTimeoutMs: 100 });
    m.connect(0);
    m.receive(ua7.subarray(0, 10), 1); // the line goes quiet mid-frame
    m.receive(ua7.subarray(0, 5), 50); // within the timeout: still one growing partial frame
    assert.equal(m.stats.corruptFrames, 0);
    const fresh = client({ interFrameTimeoutMs: 100 });
    fresh.connect(0);
    fresh.receive(ua7.subarray(0, 10), 1);
    fresh.receive(ua7.subarray(0, 5), 500); // after the timeout: the stale part is dropped at once
    assert.equal(fresh.stats.corruptFrames, 1);
    const ev = fresh.receive(ua7.subarray(5), 501);
    assert.deepEqual(others(ev).map((e) => e.type), ['connected']);
  });

  it('ignores frames for other clients or from other meters on a shared bus', () => {
    const m = client();
    connect(m, ua7);
    m.send(Buffer.from([1]), 5);
    const foreign = fromServer({ frameType: 'I', ns: 0, nr: 1, src: { size: 2, upper: 1, lower: 18 }, info: Buffer.from('E6E70001', 'hex') });
    assert.deepEqual(m.receive(foreign, 6), []);
    assert.equal(m.stats.ignoredFrames, 1);
  });

  it('reassembles frames split into single octets with garbage and stray flags between them', () => {
    const m = client();
    const snrm = m.connect(0);
    assert.equal(snrm.length, 1);
    const noisy = Buffer.concat([Buffer.from([0x00, 0x7e, 0x7e, 0xff, 0x7e, 0xa0]), ua7, Buffer.from([0x7e, 0x7e])]);
    const events = [];
    for (const b of noisy) events.push(...m.receive(Buffer.from([b]), 1));
    assert.deepEqual(events.map((e) => e.type), ['connected']);
  });
});
