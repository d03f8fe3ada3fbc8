import assert from 'node:assert/strict';
import fc from 'fast-check';
import { HdlcEvent, HdlcMachine } from '../../src/link/hdlc/machine';
import { encodeHdlcParameters } from '../../src/link/hdlc/parameters';
import { parseHdlcBody } from '../../src/link/hdlc/frame';
import { CLIENT, SERVER, bytesOf, fromClient, others, sent } from './hdlc-helpers';

function server(opts: Partial<ConstructorParameters<typeof HdlcMachine>[0]> = {}): HdlcMachine {
  return new HdlcMachine({ role: 'server', local: SERVER, parameters: { maxInfoFieldLengthTransmit: 128, maxInfoFieldLengthReceive: 128, windowSizeTransmit: 7, windowSizeReceive: 7 }, ...opts });
}

describe('HDLC server station (meter side)', () => {
  it('answers SNRM with UA carrying the smaller parameters', () => {
    const s = server();
    const snrm = fromClient({ frameType: 'SNRM', info: encodeHdlcParameters({ maxInfoFieldLengthTransmit: 64, maxInfoFieldLengthReceive: 512, windowSizeTransmit: 1, windowSizeReceive: 7 }) });
    const ev = s.receive(snrm, 0);
    const ua = sent(ev)[0];
    assert.equal(ua.frameType, 'UA');
    assert.deepEqual(ua.dest, CLIENT);
    assert.equal(ua.info.toString('hex'), encodeHdlcParameters({ maxInfoFieldLengthTransmit: 128, maxInfoFieldLengthReceive: 64, windowSizeTransmit: 7, windowSizeReceive: 1 }).toString('hex'));
    assert.equal(others(ev)[0].type, 'connected');
  });

  it('answers DM to frames before SNRM, UA to DISC, and stays silent for other addresses', () => {
    const s = server();
    assert.equal(sent(s.receive(fromClient({ frameType: 'I', ns: 0, nr: 0, info: Buffer.from([0xe6, 0xe6, 0, 1]) }), 0))[0].frameType, 'DM');
    assert.equal(sent(s.receive(fromClient({ frameType: 'DISC' }), 0))[0].frameType, 'DM');
    s.receive(fromClient({ frameType: 'SNRM' }), 1);
    const ev = s.receive(fromClient({ frameType: 'DISC' }), 2);
    assert.equal(sent(ev)[0].frameType, 'UA');
    assert.deepEqual(others(ev), [{ type: 'disconnected', error: undefined }]);
    assert.deepEqual(s.receive(fromClient({ frameType: 'SNRM', dest: { size: 2, upper: 1, lower: 18 } }), 3), []);
  });

  it('holds the poll until the application answers, then sends the answer in windows', () => {
    const s = server({ parameters: { windowSizeTransmit: 2 } });
    s.receive(fromClient({ frameType: 'SNRM', info: encodeHdlcParameters({ maxInfoFieldLengthTransmit: 128, maxInfoFieldLengthReceive: 128, windowSizeTransmit: 7, windowSizeReceive: 7 }) }), 0);
    const ev = s.receive(fromClient({ frameType: 'I', ns: 0, nr: 0, info: Buffer.from('E6E600C001', 'hex') }), 1);
    assert.deepEqual(others(ev), [{ type: 'apdu', apdu: Buffer.from('C001', 'hex') }]);
    assert.deepEqual(sent(ev), []);
    const w1 = sent(s.send(bytesOf(300), 2));
    assert.deepEqual(w1.map((f) => [f.ns, f.nr, f.pf, f.segmented]), [[0, 1, false, true], [1, 1, true, true]]);
    const w2 = sent(s.receive(fromClient({ frameType: 'RR', nr: 2 }), 3));
    assert.deepEqual(w2.map((f) => [f.ns, f.pf, f.segmented]), [[2, true, false]]);
  });

  it('sends FRMR for an information field above the negotiated maximum', () => {
    const s = server();
    s.receive(fromClient({ frameType: 'SNRM', info: encodeHdlcParameters({ maxInfoFieldLengthTransmit: 32, maxInfoFieldLengthReceive: 128, windowSizeTransmit: 1, windowSizeReceive: 1 }) }), 0);
    const ev = s.receive(fromClient({ frameType: 'I', ns: 0, nr: 0, info: bytesOf(40) }), 1);
    assert.equal(sent(ev)[0].frameType, 'FRMR');
  });

  it('carries pushed APDUs in UI frames to the client, connected or not', () => {
    const s = server();
    s.receive(fromClient({ frameType: 'SNRM' }), 0);
    const ui = sent(s.sendUi(Buffer.from('0F00000001', 'hex'), 1))[0];
    assert.equal(ui.frameType, 'UI');
    assert.equal(ui.info.toString('hex'), 'e6e7000f00000001');
    const c = new HdlcMachine({ role: 'client', local: CLIENT, remote: SERVER });
    const bytes = s.sendUi(Buffer.from('0F02', 'hex'), 2)[0] as { bytes: Buffer };
    assert.deepEqual(others(c.receive(bytes.bytes, 3)), [{ type: 'ui', apdu: Buffer.from('0F02', 'hex'), from: SERVER }]);
  });

  it('drops the link after the inactivity timeout', () => {
    const s = server({ inactivityTimeoutMs: 5000 });
    s.receive(fromClient({ frameType: 'SNRM' }), 0);
    assert.equal(s.nextDeadline(), 5000);
    const ev = s.onTimer(5000);
    assert.equal((others(ev)[0] as { error: { code: string } }).error.code, 'timeout');
  });
});

/**
 * Client and server machines joined by a simulated line with a virtual clock: bytes are split
 * into random chunks, noise is injected between frames and whole frames are lost. When the line
 * is idle the clock jumps to the next deadline, so retransmission is exercised without waiting.
 */
function runExchange(opts: { requests: Buffer[]; answers: Buffer[]; window: number; max: number; lossEvery: number; chunk: number; seed?: number }): { got: Buffer[]; rrs: number } {
  const params = { maxInfoFieldLengthTransmit: opts.max, maxInfoFieldLengthReceive: opts.max, windowSizeTransmit: opts.window, windowSizeReceive: opts.window };
  const c = new HdlcMachine({ role: 'client', local: CLIENT, remote: SERVER, parameters: params, responseTimeoutMs: 100, maxRetries: 50 });
  const s = new HdlcMachine({ role: 'server', local: SERVER, parameters: params });
  let now = 0;
  let seed = opts.seed ?? 1;
  let rrs = 0;
  const toServer: Buffer[] = [];
  const toClient: Buffer[] = [];
  const got: Buffer[] = [];
  let answerIdx = 0;
  let connected = false;
  const line = (events: HdlcEvent[], queue: Buffer[], fromClientSide: boolean): HdlcEvent[] => {
    const rest: HdlcEvent[] = [];
    for (const e of events) {
      if (e.type !== 'transmit') {
        rest.push(e);
        continue;
      }
      const f = parseHdlcBody(e.bytes.subarray(1, e.bytes.length - 1));
      if (fromClientSide && typeof f !== 'string' && f.frameType === 'RR') rrs++;
      // Pseudo-random loss (a fixed period could hit the same frame of every window forever).
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      if (opts.lossEvery > 0 && (seed >> 8) % opts.lossEvery === 0) continue;
      const noisy = Buffer.concat([Buffer.from([0x00, 0x7e]), e.bytes]);
      for (let i = 0; i < noisy.length; i += opts.chunk) queue.push(noisy.subarray(i, i + opts.chunk));
    }
    return rest;
  };
  const clientEvents = (evs: HdlcEvent[]): void => {
    for (const e of line(evs, toServer, true)) {
      if (e.type === 'connected') connected = true;
      if (e.type === 'apdu') got.push(e.apdu);
      if (e.type === 'disconnected') throw new Error(`client dropped: ${e.error?.message}`);
    }
  };
  const serverEvents = (evs: HdlcEvent[]): void => {
    for (const e of line(evs, toClient, false)) {
      if (e.type === 'apdu') serverEvents(s.send(opts.answers[answerIdx++ % opts.answers.length], now));
    }
  };
  clientEvents(c.connect(now));
  let reqIdx = 0;
  for (let steps = 0; steps < 100000; steps++) {
    if (connected && !c.busy && reqIdx < opts.requests.length && got.length === reqIdx) clientEvents(c.send(opts.requests[reqIdx++], now));
    if (got.length === opts.requests.length && !c.busy) return { got, rrs };
    if (toServer.length) serverEvents(s.receive(toServer.shift() as Buffer, now));
    else if (toClient.length) clientEvents(c.receive(toClient.shift() as Buffer, now));
    else {
      const d = c.nextDeadline();
      if (d === undefined) throw new Error('deadlock: idle line and no timer');
      now = Math.max(now, d);
      clientEvents(c.onTimer(now));
    }
  }
  throw new Error('exchange did not finish');
}

describe('HDLC client and server over a simulated line', () => {
  it('exchanges APDUs of any size with any window, chunking and frame loss', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 32, max: 300 }),
        fc.integer({ min: 0, max: 2500 }),
        fc.integer({ min: 0, max: 2500 }),
        fc.constantFrom(0, 3, 5, 7, 11),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 1000 }),
        (window, max, reqLen, ansLen, lossEvery, chunk, seed) => {
          const requests = [bytesOf(reqLen + 1, 1), bytesOf(3, 2)];
          const answers = [bytesOf(ansLen + 1, 3)];
          const { got } = runExchange({ requests, answers, window, max, lossEvery, chunk, seed });
          assert.equal(got.length, 2);
          for (const g of got) assert.ok(g.equals(answers[0]));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps the window full on a clean line: one RR per 7 frames, no retransmission', () => {
    const answer = bytesOf(128 * 70);
    const { got, rrs } = runExchange({ requests: [Buffer.from([0xc0, 1])], answers: [answer], window: 7, max: 128, lossEvery: 0, chunk: 1000 });
    assert.ok(got[0].equals(answer));
    const frames = Math.ceil((answer.length + 3) / 128);
    assert.equal(rrs, Math.ceil(frames / 7) - 1);
  });
});
