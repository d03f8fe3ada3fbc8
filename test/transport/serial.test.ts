import assert from 'node:assert/strict';
import { SerialTransport } from '../../src/transport/serial';
import { HdlcBus, HdlcClientLink } from '../../src/link/session/hdlc-client-link';
import { HdlcServerLink } from '../../src/link/session/hdlc-server-link';
import { openModeE, respondModeE } from '../../src/link/iec62056-21/mode-e';
import { ModeEResponder } from '../../src/link/iec62056-21/identification';
import { isDlmsError } from '../../src/errors';
import { PtyPair, startPtyPair } from './socat-pair';

describe('serial transport over a socat pseudo-terminal pair', () => {
  let pty: PtyPair;
  const open: SerialTransport[] = [];
  const port = (p: string, baudRate = 9600): SerialTransport => {
    const t = new SerialTransport({ path: p, baudRate });
    open.push(t);
    return t;
  };

  before(async () => {
    pty = await startPtyPair();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((t) => t.close()));
  });
  after(async () => {
    await pty?.stop();
  });

  it('reports a missing device as port-not-found', async () => {
    const t = new SerialTransport({ path: '/dev/does-not-exist-dlms', baudRate: 9600 });
    await assert.rejects(t.open(), (e: unknown) => isDlmsError(e) && e.code === 'port-not-found' && e.message.includes('/dev/does-not-exist-dlms'));
    await t.close();
  });

  it('carries bytes both ways and settles close()', async () => {
    const a = port(pty.a);
    const b = port(pty.b);
    await a.open();
    await b.open();
    const got = new Promise<Buffer>((resolve) => b.once('data', resolve));
    await a.write(Buffer.from('hello'));
    assert.equal((await got).toString(), 'hello');
    const closed = new Promise((resolve) => a.once('closed', resolve));
    await a.close();
    await closed;
    assert.equal(a.isOpen, false);
  });

  it('opens mode E at 300 7E1, switches to the baud the meter names at 8N1, then runs HDLC', async () => {
    const probe = port(pty.a, 300);
    const meterPort = new SerialTransport({ path: pty.b, baudRate: 300, dataBits: 7, parity: 'even' });
    open.push(meterPort);
    await meterPort.open();
    const responder = new ModeEResponder({ manufacturer: 'ISk', baudRate: 9600, identification: '\\2ME382', address: '12345678' });
    const meterSide = respondModeE(meterPort, responder, { timeoutMs: 5000 });
    const ident = await openModeE(probe, { address: '12345678', ackDelayMs: 20, switchDelayMs: 20 });
    assert.equal(ident.manufacturer, 'ISk');
    assert.equal(ident.baudRate, 9600);
    assert.equal(ident.modeE, true);
    assert.equal(ident.fastReaction, true);
    assert.equal(await meterSide, 9600);
    assert.deepEqual(probe.currentSettings, { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 });
    assert.deepEqual(meterPort.currentSettings, { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 });

    const meter = new HdlcServerLink(meterPort, { logical: 1, physical: 17 });
    meter.on('apdu', (a) => void meter.reply(Buffer.concat([Buffer.from([0xc4]), a])));
    const link = new HdlcClientLink(probe, { client: 16, logical: 1, physical: 17, responseTimeoutMs: 2000 });
    await link.open();
    const r = await link.request(Buffer.alloc(300, 7));
    assert.equal(r.length, 301);
    await link.close();
    await meter.close();
  });

  it('fails mode E with a timeout that names the optical head when nothing answers', async () => {
    const probe = port(pty.a, 300);
    await assert.rejects(openModeE(probe, { identificationTimeoutMs: 200 }), (e: unknown) => isDlmsError(e) && e.code === 'timeout' && /optical head/.test(e.message));
  });

  it('serialises two meters (physical 17 and 18) on one RS-485 port', async () => {
    const busPort = port(pty.a);
    const linePort = port(pty.b);
    await linePort.open();
    const served: number[] = [];
    for (const physical of [17, 18]) {
      const meter = new HdlcServerLink(linePort, { logical: 1, physical, parameters: { windowSizeTransmit: 3, maxInfoFieldLengthTransmit: 64 } });
      meter.on('apdu', (a) => {
        served.push(physical);
        void meter.reply(Buffer.concat([Buffer.from([physical]), a, Buffer.alloc(500, physical)]));
      });
    }
    const bus = new HdlcBus(busPort);
    const m17 = bus.link({ client: 16, logical: 1, physical: 17, responseTimeoutMs: 2000, parameters: { windowSizeReceive: 3 } });
    const m18 = bus.link({ client: 16, logical: 1, physical: 18, responseTimeoutMs: 2000, parameters: { windowSizeReceive: 3 } });
    await Promise.all([m17.open(), m18.open()]);
    const results = await Promise.all([
      m17.request(Buffer.from([1])), m18.request(Buffer.from([2])), m17.request(Buffer.from([3])), m18.request(Buffer.from([4])),
    ]);
    assert.deepEqual(results.map((r) => [r[0], r[1], r.length]), [[17, 1, 502], [18, 2, 502], [17, 3, 502], [18, 4, 502]]);
    assert.deepEqual(served, [17, 18, 17, 18]);
    assert.equal(m17.machine.stats.retransmissions + m18.machine.stats.retransmissions, 0);
    await m17.close();
    assert.equal(busPort.isOpen, true, 'the shared port stays open while another meter uses it');
    await m18.close();
    assert.equal(busPort.isOpen, false);
  });
});

describe('serial port that disappears', () => {
  it('emits closed when the device goes away (adapter unplugged) and close() still settles', async () => {
    const pty = await startPtyPair();
    const t = new SerialTransport({ path: pty.a, baudRate: 9600 });
    const other = new SerialTransport({ path: pty.b, baudRate: 9600 });
    try {
      await t.open();
      await other.open();
      // One byte through proves the reader is running before the device vanishes.
      const first = new Promise((resolve) => t.once('data', resolve));
      await other.write(Buffer.from([0x55]));
      await first;
      await other.close();
      const closed = new Promise<unknown>((resolve) => t.once('closed', resolve));
      t.on('error', () => undefined);
      await pty.stop();
      const err = await closed;
      assert.ok(isDlmsError(err) && err.code === 'connection-closed', String(err));
      assert.equal(t.isOpen, false);
    } finally {
      await t.close();
      await other.close();
      await pty.stop();
    }
  });
});
