import assert from 'node:assert/strict';
import type * as net from 'node:net';
import type { DlmsError } from '../../src/errors';
import { PushListener, type PushListenerOptions, type PushNotification, type PushPeer } from '../../src/push';
import { AK, cipher, closed, collect, connect, dataNotification, EK, hdlcUi, meterTitle, sendUdp, TITLE, wrap } from './fixtures';

const KEYS = { [TITLE]: { name: 'substation-7', encryptionKey: EK, authenticationKey: AK } };

function resources(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) out[r] = (out[r] ?? 0) + 1;
  return out;
}

describe('push listener (loopback)', function () {
  this.timeout(20000);
  let listener: PushListener | undefined;
  const sockets: net.Socket[] = [];

  async function start(opts: PushListenerOptions = {}): Promise<PushListener> {
    listener = new PushListener({ tcp: 0, keys: KEYS, ...opts });
    await listener.listen();
    return listener;
  }

  async function client(): Promise<net.Socket> {
    const s = await connect(listener!.ports.tcp!);
    s.on('error', () => undefined);
    sockets.push(s);
    return s;
  }

  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await listener?.close();
    listener = undefined;
  });

  it('serves wrapper and HDLC meters on the same TCP port, plain and ciphered', async () => {
    const l = await start();
    const got = collect<PushNotification>(l, 'notification', 4);
    const conns = collect<PushPeer>(l, 'connection', 2);
    const w = await client();
    const h = await client();
    w.write(Buffer.concat([wrap(dataNotification({ longInvokeId: 1 })), wrap(cipher(dataNotification({ longInvokeId: 2 }), { ic: 1 }))]));
    h.write(Buffer.concat([hdlcUi(dataNotification({ longInvokeId: 3 })), hdlcUi(cipher(dataNotification({ longInvokeId: 4 }), { ic: 2 }))]));
    const ns = (await got).sort((a, b) => (a.invokeId ?? 0) - (b.invokeId ?? 0));
    assert.deepEqual(ns.map((n) => [n.invokeId, n.source.framing, n.systemTitle, n.meter]), [
      [1, 'wrapper', null, null],
      [2, 'wrapper', TITLE, 'substation-7'],
      [3, 'hdlc', null, null],
      [4, 'hdlc', TITLE, 'substation-7'],
    ]);
    assert.equal(ns[2].source.hdlc?.source, '1/17');
    assert.equal(ns[0].source.transport, 'tcp');
    assert.match(ns[0].source.peer, /^tcp:\/\/127\.0\.0\.1:\d+$/);
    assert.equal((await conns).length, 2);
    const st = l.stats();
    assert.equal(st.notifications, 4);
    assert.equal(st.connections, 2);
    assert.equal(st.rejected, 0);
    assert.ok(st.bytesReceived > 0);
  });

  it('reassembles a push written one octet at a time', async () => {
    const l = await start();
    const got = collect<PushNotification>(l, 'notification', 1);
    const s = await client();
    s.setNoDelay(true);
    for (const b of wrap(cipher(dataNotification(), { ic: 3 }))) {
      s.write(Buffer.of(b));
      await new Promise((r) => setImmediate(r));
    }
    assert.equal((await got)[0].systemTitle, TITLE);
  });

  it('receives plain and ciphered pushes over UDP, wrapper and HDLC', async () => {
    const l = await start({ tcp: undefined, udp: 0 });
    assert.equal(l.ports.tcp, undefined);
    const got = collect<PushNotification>(l, 'notification', 3);
    await sendUdp(l.ports.udp!, [wrap(dataNotification({ longInvokeId: 1 })), wrap(cipher(dataNotification({ longInvokeId: 2 }), { ic: 5 })), hdlcUi(cipher(dataNotification({ longInvokeId: 3 }), { ic: 6 }))]);
    const ns = await got;
    assert.deepEqual(ns.map((n) => [n.invokeId, n.source.transport, n.systemTitle]).sort(), [
      [1, 'udp', null],
      [2, 'udp', TITLE],
      [3, 'udp', TITLE],
    ]);
  });

  it('TCP and UDP at once', async () => {
    const l = await start({ tcp: 0, udp: 0 });
    const got = collect<PushNotification>(l, 'notification', 2);
    (await client()).write(wrap(dataNotification({ longInvokeId: 1 })));
    await sendUdp(l.ports.udp!, [wrap(dataNotification({ longInvokeId: 2 }))]);
    assert.deepEqual((await got).map((n) => n.source.transport).sort(), ['tcp', 'udp']);
  });

  it('many meters at once: 50 connections x 20 ciphered pushes, none lost', async () => {
    const meters = 50;
    const each = 20;
    const keys: Record<string, { encryptionKey: Buffer; authenticationKey: Buffer; name: string }> = {};
    for (let m = 0; m < meters; m++) keys[meterTitle(m + 1)] = { encryptionKey: EK, authenticationKey: AK, name: `m${m + 1}` };
    const l = await start({ keys, policy: 'encrypted', maxConnections: meters });
    const got = collect<PushNotification>(l, 'notification', meters * each, 15000);
    const socks = await Promise.all(Array.from({ length: meters }, () => client()));
    socks.forEach((s, m) => {
      const title = meterTitle(m + 1);
      s.write(Buffer.concat(Array.from({ length: each }, (_, i) => wrap(cipher(dataNotification({ longInvokeId: i }), { ic: i + 1, title })))));
    });
    const ns = await got;
    const perMeter = new Map<string, number[]>();
    for (const n of ns) perMeter.set(n.meter!, [...(perMeter.get(n.meter!) ?? []), n.security!.invocationCounter]);
    assert.equal(perMeter.size, meters);
    for (const ics of perMeter.values()) assert.deepEqual(ics, Array.from({ length: each }, (_, i) => i + 1));
    assert.equal(l.stats().rejected, 0);
    assert.ok(l.stats().rate > 0);
  });

  it('reports a replayed counter and a tampered tag as rejected, with the peer, and keeps the connection', async () => {
    const l = await start();
    const rejected = collect<DlmsError>(l, 'rejected', 2);
    const peers: (PushPeer | undefined)[] = [];
    l.on('rejected', (_e, p) => peers.push(p));
    const got = collect<PushNotification>(l, 'notification', 2);
    const s = await client();
    const good = cipher(dataNotification(), { ic: 40 });
    const bad = Buffer.from(cipher(dataNotification(), { ic: 41 }));
    bad[bad.length - 2] ^= 0x10;
    s.write(Buffer.concat([wrap(good), wrap(good), wrap(bad), wrap(cipher(dataNotification(), { ic: 41 }))]));
    const errs = await rejected;
    assert.deepEqual(errs.map((e) => e.code), ['replay-detected', 'authentication-failed']);
    assert.match(String(errs[0].context.peer), /^tcp:\/\/127\.0\.0\.1:/);
    assert.equal(peers[0]?.transport, 'tcp');
    assert.deepEqual((await got).map((n) => n.security?.invocationCounter), [40, 41]);
    assert.equal(s.destroyed, false);
    assert.equal(l.stats().rejected, 2);
  });

  it("under 'encrypted' an unknown system title is rejected with a message naming it", async () => {
    const l = await start({ policy: 'encrypted' });
    const rejected = collect<DlmsError>(l, 'rejected', 2);
    const s = await client();
    s.write(Buffer.concat([wrap(cipher(dataNotification(), { ic: 1, title: meterTitle(4242) })), wrap(dataNotification())]));
    const [unknown, plain] = await rejected;
    assert.equal(unknown.code, 'unknown-system-title');
    assert.ok(unknown.message.includes(meterTitle(4242)));
    assert.equal(plain.code, 'policy-violation');
  });

  it('an oversize frame closes the connection and is reported', async () => {
    const l = await start({ maxFrameSize: 512 });
    const rejected = collect<DlmsError>(l, 'rejected', 1);
    const gone = collect<PushPeer>(l, 'disconnect', 1);
    const s = await client();
    s.write(Buffer.from('000100010010FFFF', 'hex'));
    const [e] = await rejected;
    assert.equal(e.code, 'malformed-frame');
    await closed(s);
    await gone;
    assert.equal(l.stats().connections, 0);
  });

  it('a connection idle for idleTimeoutMs is closed', async () => {
    const l = await start({ idleTimeoutMs: 150 });
    const gone = new Promise<[PushPeer, DlmsError | undefined]>((r) => l.once('disconnect', (p, e) => r([p, e])));
    const s = await client();
    const t0 = Date.now();
    await closed(s);
    assert.ok(Date.now() - t0 >= 140, 'closed too early');
    const [, why] = await gone;
    assert.equal(why?.code, 'idle-timeout');
  });

  it('a slow client that never completes its frame is closed after frameTimeoutMs', async () => {
    const l = await start({ idleTimeoutMs: 60000, frameTimeoutMs: 200 });
    const rejected = collect<DlmsError>(l, 'rejected', 1);
    const s = await client();
    const pdu = wrap(dataNotification());
    let stop = false;
    void (async () => {
      for (let i = 0; i < pdu.length - 1 && !stop && !s.destroyed; i++) {
        s.write(pdu.subarray(i, i + 1));
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await closed(s);
    stop = true;
    assert.equal((await rejected)[0].code, 'malformed-frame');
  });

  it('enforces maxConnections: extra connections are closed and reported', async () => {
    const l = await start({ maxConnections: 2 });
    const conns = collect<PushPeer>(l, 'connection', 2);
    await client();
    await client();
    await conns;
    const refused = collect<DlmsError>(l, 'rejected', 1);
    const third = await client();
    await closed(third);
    assert.equal((await refused)[0].code, 'too-many-connections');
    assert.equal(l.stats().connections, 2);
    assert.equal(l.stats().refusedConnections, 1);
  });

  it('a throwing notification handler is reported on error and does not stop the listener', async () => {
    const l = await start();
    const errors = collect<Error>(l, 'error', 1);
    const got = collect<PushNotification>(l, 'notification', 2);
    let calls = 0;
    l.on('notification', () => {
      calls++;
      if (calls === 1) throw new Error('handler bug');
    });
    (await client()).write(Buffer.concat([wrap(dataNotification()), wrap(dataNotification())]));
    assert.equal((await errors)[0].message, 'handler bug');
    assert.equal((await got).length, 2);
  });

  it('close() closes every socket and leaves no handles or timers behind', async () => {
    await new Promise((r) => setTimeout(r, 20));
    const before = resources();
    const l = await start({ tcp: 0, udp: 0, idleTimeoutMs: 1000 });
    const disconnects = collect<PushPeer>(l, 'disconnect', 4);
    const socks = [await client(), await client(), await client()];
    await sendUdp(l.ports.udp!, [wrap(dataNotification())]);
    socks[0].write(wrap(dataNotification()).subarray(0, 5)); // a partial frame in flight
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(l.stats().connections, 4);
    await l.close();
    await l.close(); // idempotent
    await disconnects;
    await Promise.all(socks.map(closed));
    for (const s of sockets.splice(0)) s.destroy();
    listener = undefined;
    await new Promise((r) => setTimeout(r, 20));
    const after = resources();
    for (const k of ['TCPServerWrap', 'TCPSocketWrap', 'UDPWrap', 'Timeout']) assert.equal(after[k] ?? 0, before[k] ?? 0, `${k}: ${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
  });

  it('listen() on a port in use rejects with address-in-use and leaves nothing open', async () => {
    const first = await start();
    const before = resources();
    const second = new PushListener({ tcp: first.ports.tcp! });
    await assert.rejects(second.listen(), (e: unknown) => (e as DlmsError).code === 'address-in-use');
    await second.close();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(resources().TCPServerWrap ?? 0, before.TCPServerWrap ?? 0);
  });

  it('restores persisted counters at listen(): a replay after a restart is rejected', async () => {
    const { MemoryCounterStore } = await import('../../src/security/counter-store');
    const store = new MemoryCounterStore();
    let l = await start({ counterStore: store });
    let got = collect<PushNotification>(l, 'notification', 1);
    (await client()).write(wrap(cipher(dataNotification(), { ic: 500 })));
    await got;
    await l.close();
    assert.equal(await store.get(`rx:${TITLE}`), 500);
    l = await start({ counterStore: store });
    const rejected = collect<DlmsError>(l, 'rejected', 1);
    got = collect<PushNotification>(l, 'notification', 1);
    (await client()).write(Buffer.concat([wrap(cipher(dataNotification(), { ic: 500 })), wrap(cipher(dataNotification(), { ic: 501 }))]));
    assert.equal((await rejected)[0].code, 'replay-detected');
    assert.equal((await got)[0].security?.invocationCounter, 501);
  });
});
