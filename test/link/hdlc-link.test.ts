import assert from 'node:assert/strict';
import { HdlcClientLink } from '../../src/link/session/hdlc-client-link';
import { HdlcServerLink } from '../../src/link/session/hdlc-server-link';
import { isDlmsError } from '../../src/errors';
import { line } from './memory-line';

const W7 = { maxInfoFieldLengthTransmit: 128, maxInfoFieldLengthReceive: 128, windowSizeTransmit: 7, windowSizeReceive: 7 };

describe('HDLC link session (station edge with real timers)', () => {
  it('recovers a lost response frame through its retransmission timer and cleans up on close', async () => {
    const [a, b] = line(1_000_000, { bToA: (_b, n) => n === 7 }); // write 0 is the UA, 7 the 7th segment: it carries F
    const meter = new HdlcServerLink(b, { logical: 1, physical: 17, parameters: W7 });
    meter.on('apdu', (x) => void meter.reply(Buffer.alloc(1000, x[0])));
    const link = new HdlcClientLink(a, { client: 16, logical: 1, physical: 17, parameters: W7, responseTimeoutMs: 50 });
    await link.open();
    const r = await link.request(Buffer.from([9]));
    assert.ok(r.equals(Buffer.alloc(1000, 9)));
    assert.equal(link.machine.stats.retransmissions, 1);
    await link.close();
    await meter.close();
    assert.equal(a.listenerCount('data'), 0);
    assert.equal(b.listenerCount('data'), 0);
  });

  it('fails open() with a timeout naming the address when no meter answers', async () => {
    const [a] = line(1_000_000);
    const link = new HdlcClientLink(a, { client: 16, logical: 1, physical: 99, responseTimeoutMs: 20, maxRetries: 1 });
    await assert.rejects(link.open(), (e: unknown) => isDlmsError(e) && e.code === 'timeout' && e.message.includes('1/99'));
    assert.equal(a.listenerCount('data'), 0);
  });

  it('the request timeout is a silence timeout: a long answer on a slow line is not cut off while frames keep arriving', async function () {
    this.timeout(15000);
    // 6 KB at 19200 baud takes ~3.3 s on the wire, far beyond the 800 ms timeout, with frames every ~70 ms.
    const [a, b] = line(19200);
    const meter = new HdlcServerLink(b, { logical: 1, physical: 17, parameters: W7 });
    const answer = Buffer.alloc(6000, 0x22);
    meter.on('apdu', () => void meter.reply(answer));
    const link = new HdlcClientLink(a, { client: 16, logical: 1, physical: 17, parameters: W7 });
    await link.open();
    const t0 = performance.now();
    const r = await link.request(Buffer.from('C001C100070100630100FF0200', 'hex'), { timeoutMs: 800 });
    assert.equal(r.length, answer.length);
    assert.ok(performance.now() - t0 > 800, 'the answer took longer than the timeout');
    assert.equal(a.listenerCount('data'), 1, 'the per-request data listener is removed');
    await link.close();
    await meter.close();
  });

  it('reads a large response at the speed of the wire: window 7 kept full, within 1.05x of the line minimum', async () => {
    const baud = 115200;
    const [a, b] = line(baud);
    const meter = new HdlcServerLink(b, { logical: 1, physical: 17, parameters: W7 });
    const answer = Buffer.alloc(16000, 0x11);
    meter.on('apdu', () => void meter.reply(answer));
    const link = new HdlcClientLink(a, { client: 16, logical: 1, physical: 17, parameters: W7 });
    await link.open();
    const sentBefore = a.bytesSent + b.bytesSent;
    const t0 = performance.now();
    const r = await link.request(Buffer.from('C001C100070100630100FF0200', 'hex'));
    const elapsed = performance.now() - t0;
    assert.equal(r.length, answer.length);
    const wireMs = ((a.bytesSent + b.bytesSent - sentBefore) * 10 * 1000) / baud;
    assert.ok(elapsed <= wireMs * 1.05 + 15, `elapsed ${elapsed.toFixed(1)} ms, wire minimum ${wireMs.toFixed(1)} ms`);
    await link.close();
    await meter.close();
  });
});
