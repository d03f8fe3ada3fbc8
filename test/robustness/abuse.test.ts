/**
 * Security abuse: replayed / lowered invocation counters, tampered ciphertext and tag, a wrong LLS
 * password or HLS secret (end to end against the simulator and at the push listener), each
 * rejected with its own error; secrets nowhere in logs, status, messages, errors or exported
 * flows; the push listener bounded against slowloris connections and oversized-frame floods.
 */
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { createClient } from '../../src/client';
import type { ConnectionSettingsInput } from '../../src/client/settings';
import { MemoryCounterStore } from '../../src/security/counter-store';
import { PushListener, type PushNotification } from '../../src/push';
import type { DlmsError } from '../../src/errors';
import { startSimulator, type Simulator } from '../../src/server';
import { setClientFactory } from '../../src/node-red/client-factory';
import { AK, EK, TITLE, cipher, dataNotification, wrap } from '../push/fixtures';
import { ALL_NODES, helper, sleep, tempUserDir, until, type Msg } from '../nodes/helpers';

const T0 = Date.UTC(2026, 2, 10, 6, 7, 30);
const KEYS = { encryptionKey: '000102030405060708090A0B0C0D0E0F', authenticationKey: 'D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF' };

function gmac(port: number, secrets = KEYS, extra: Partial<ConnectionSettingsInput> = {}): ConnectionSettingsInput {
  return {
    transport: 'tcp', host: '127.0.0.1', port, clientSap: 1, authentication: 'high-gmac', securityPolicy: 'authenticated-encrypted',
    clientSystemTitle: '4142434445464748', secrets, utcOffset: 330, timeouts: { connect: 2000, response: 1500 }, retries: 0, ...extra,
  };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return (e as DlmsError).code ?? `not-a-DlmsError: ${String(e)}`;
  }
}

describe('robustness: security abuse', function () {
  this.timeout(60000);

  describe('end to end against the simulator', () => {
    let sim: Simulator;
    before(async () => {
      sim = await startSimulator({ transport: 'tcp', clock: () => T0 });
    });
    after(() => sim.close());

    it('wrong LLS password -> authentication-failed, password not in the error', async () => {
      const c = createClient({ transport: 'tcp', host: '127.0.0.1', port: sim.ports[0], clientSap: 32, authentication: 'low', secrets: { password: 'Wr0ng-Secret-42' }, timeouts: { response: 1500 } });
      const e = await c.open().then(() => null, (x: DlmsError) => x);
      await c.close();
      assert.equal(e?.code, 'authentication-failed');
      assert.ok(!JSON.stringify({ m: e.message, c: e.context, s: e.stack }).includes('Wr0ng-Secret-42'));
    });

    it('wrong HLS secrets (authentication key, encryption key) -> each rejected with a clear code, keys not in the error', async () => {
      const wrongAk = { ...KEYS, authenticationKey: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' };
      const wrongEk = { ...KEYS, encryptionKey: 'BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB' };
      for (const [secrets, hidden] of [[wrongAk, wrongAk.authenticationKey], [wrongEk, wrongEk.encryptionKey]] as const) {
        const c = createClient(gmac(sim.ports[0], secrets), { counterStore: new MemoryCounterStore() });
        const e = await c.open().then(() => c.get({ obis: '1.0.1.8.0.255', classId: 3 })).then(() => null, (x: DlmsError) => x);
        await c.close();
        assert.ok(e, 'wrong secrets accepted');
        // The meter refuses the ciphered InitiateRequest it cannot decipher, and the error says so.
        assert.equal(e.code, 'association-rejected', e.message);
        assert.match(e.message, /deciphering-error/);
        assert.ok(!JSON.stringify({ m: e.message, c: e.context, s: e.stack }).toUpperCase().includes(hidden));
      }
    });

    it('a lowered invocation counter (the client store behind the meter, no bootstrap) is refused by the meter', async () => {
      const store = new MemoryCounterStore();
      const c1 = createClient(gmac(sim.ports[0]), { counterStore: store });
      await c1.open();
      await c1.get({ obis: '1.0.1.8.0.255', classId: 3 });
      await c1.close();
      // a fresh store starts at 0 again: every counter is one the meter has already seen
      const c2 = createClient(gmac(sim.ports[0]), { counterStore: new MemoryCounterStore() });
      const code = await codeOf(c2.open().then(() => c2.get({ obis: '1.0.1.8.0.255', classId: 3 })));
      await c2.close();
      // Indistinguishable from a wrong key on the wire: the meter answers deciphering-error for both.
      assert.equal(code, 'association-rejected', 'a replayed counter was accepted by the meter');
    });
  });

  describe('at the push listener', () => {
    let l: PushListener;
    const got: PushNotification[] = [];
    const rejected: DlmsError[] = [];
    let port: number;
    beforeEach(async () => {
      got.length = 0;
      rejected.length = 0;
      l = new PushListener({ tcp: { port: 0, host: '127.0.0.1' }, keys: { [TITLE]: { encryptionKey: EK, authenticationKey: AK } }, policy: 'encrypted', maxConnections: 50, maxFrameSize: 1024, idleTimeoutMs: 1500, frameTimeoutMs: 1000 });
      l.on('notification', (n) => got.push(n));
      l.on('rejected', (e) => rejected.push(e));
      port = (await l.listen()).tcp as number;
    });
    afterEach(() => l.close());

    async function send(bytes: Buffer): Promise<void> {
      const s = net.connect(port, '127.0.0.1');
      await new Promise((r) => s.once('connect', r));
      s.write(bytes);
      await sleep(60);
      s.destroy();
    }

    it('replayed, lowered, tampered ciphertext, tampered tag, unknown system title, plain: each its own error', async () => {
      const dn = dataNotification();
      await send(wrap(cipher(dn, { ic: 100 })));
      await until(() => got.length === 1);
      const cases: [string, Buffer][] = [];
      cases.push(['replayed', wrap(cipher(dn, { ic: 100 }))]);
      cases.push(['lowered', wrap(cipher(dn, { ic: 50 }))]);
      const ct = cipher(dn, { ic: 101 });
      const badCt = Buffer.from(ct);
      badCt[ct.length - 20] ^= 0x01;
      cases.push(['tampered ciphertext', wrap(badCt)]);
      const badTag = Buffer.from(cipher(dn, { ic: 102 }));
      badTag[badTag.length - 1] ^= 0x80;
      cases.push(['tampered tag', wrap(badTag)]);
      cases.push(['unknown system title', wrap(cipher(dn, { ic: 103, title: '4D4D4D00000000FF' }))]);
      cases.push(['plain', wrap(dn)]);
      cases.push(['authenticated only', wrap(cipher(dn, { ic: 104, encrypted: false }))]);
      const codes: Record<string, string> = {};
      for (const [name, bytes] of cases) {
        const n = rejected.length;
        await send(bytes);
        await until(() => rejected.length > n, 3000);
        codes[name] = rejected[n].code;
      }
      assert.equal(got.length, 1, 'nothing past the first push was accepted');
      assert.equal(codes.replayed, 'replay-detected');
      assert.equal(codes.lowered, 'replay-detected');
      assert.equal(codes['unknown system title'], 'unknown-system-title');
      assert.equal(codes.plain, 'policy-violation');
      assert.equal(codes['authenticated only'], 'policy-violation');
      assert.ok(codes['tampered ciphertext'] && codes['tampered ciphertext'] === codes['tampered tag'], JSON.stringify(codes));
      assert.match(codes['tampered tag'], /auth|tag|decrypt/);
      // a tampered push did not move the replay window: the next genuine counter is accepted
      await send(wrap(cipher(dn, { ic: 105 })));
      await until(() => got.length === 2);
      if (process.env.FAULT_REPORT) console.log(JSON.stringify(codes));
    });

    it('1,000 slowloris connections: bounded connections, idle ones closed, heap bounded', async () => {
      global.gc?.();
      const heap0 = process.memoryUsage().heapUsed;
      const sockets: net.Socket[] = [];
      let refusedByPeer = 0;
      for (let i = 0; i < 1000; i++) {
        const s = net.connect(port, '127.0.0.1');
        s.on('error', () => undefined);
        s.on('close', () => refusedByPeer++);
        s.once('connect', () => s.write(Buffer.from([0x00, 0x01, 0x00, 0x01]))); // half a wrapper header, never finished
        sockets.push(s);
        if (i % 100 === 99) await sleep(20);
      }
      await sleep(300);
      const open = l.stats().connections;
      assert.ok(open <= 50, `${open} connections open with maxConnections 50`);
      const heap1 = process.memoryUsage().heapUsed;
      // every slow connection is closed by the frame/idle timeouts
      await until(() => l.stats().connections === 0, 5000);
      for (const s of sockets) s.destroy();
      const growthMb = (heap1 - heap0) / 1048576;
      if (process.env.FAULT_REPORT) console.log(`slowloris: ${open} open at most, ${refusedByPeer} closed by the listener, heap +${growthMb.toFixed(1)} MB`);
      assert.ok(growthMb < 40, `heap grew ${growthMb.toFixed(1)} MB under 1,000 slowloris connections`);
    });

    it('a flood of oversized frames: each connection closed, heap bounded, the listener still works', async () => {
      global.gc?.();
      const heap0 = process.memoryUsage().heapUsed;
      const big = Buffer.alloc(64 * 1024, 0x55);
      const header = Buffer.from([0x00, 0x01, 0x00, 0x01, 0x00, 0x01, 0xff, 0xff]); // wrapper length 65535 > maxFrameSize
      let maxHeap = 0;
      for (let round = 0; round < 20; round++) {
        await Promise.all(Array.from({ length: 10 }, async () => {
          const s = net.connect(port, '127.0.0.1');
          s.on('error', () => undefined);
          await new Promise((r) => s.once('connect', r));
          s.write(header);
          for (let k = 0; k < 16 && !s.destroyed; k++) s.write(big); // up to 1 MB per connection
          await new Promise((r) => { s.once('close', r); setTimeout(r, 2000); });
          s.destroy();
        }));
        maxHeap = Math.max(maxHeap, process.memoryUsage().heapUsed);
      }
      const growthMb = (maxHeap - heap0) / 1048576;
      if (process.env.FAULT_REPORT) console.log(`oversized flood: 200 connections x up to 1 MB, ${rejected.length} rejections, heap +${growthMb.toFixed(1)} MB`);
      assert.ok(rejected.length > 0);
      assert.ok(rejected.every((e) => typeof e.code === 'string'));
      assert.ok(growthMb < 60, `heap grew ${growthMb.toFixed(1)} MB`);
      await send(wrap(cipher(dataNotification(), { ic: 7 })));
      await until(() => got.length === 1);
    });
  });

  describe('secrets in Node-RED: logs, status, messages, errors, exported flows', () => {
    let sim: Simulator;
    before(async () => {
      setClientFactory(undefined);
      helper.settings({ userDir: tempUserDir() });
      sim = await startSimulator({ transport: 'tcp', clock: () => T0 });
    });
    after(async () => {
      await helper.unload();
      await sim.close();
    });

    it('the wrong password, the HLS keys and the push keys appear nowhere', async () => {
      const PASSWORD = 'S3cret-Pass-XyZ';
      const PUSH_KEY = 'C0C1C2C3C4C5C6C7C8C9CACBCCCDCECF';
      const flow: Msg[] = [
        { id: 'm1', type: 'dlms-meter', name: 'LLS', transport: 'tcp', host: '127.0.0.1', port: sim.ports[0], clientSap: 32, authentication: 'low', utcOffset: 330, responseTimeout: 1500, retries: 0 },
        { id: 'm2', type: 'dlms-meter', name: 'HLS', transport: 'tcp', host: '127.0.0.1', port: sim.ports[0], clientSap: 1, authentication: 'high-gmac', securityPolicy: 'authenticated-encrypted', clientSystemTitle: '4142434445464748', utcOffset: 330, responseTimeout: 1500, retries: 0 },
        { id: 'r1', z: 'f1', type: 'dlms-read', meter: 'm1', items: [{ obis: '1.0.32.7.0.255' }], trace: true, wires: [['h1']] },
        { id: 'r2', z: 'f1', type: 'dlms-read', meter: 'm2', items: [{ obis: '1.0.32.7.0.255' }], trace: true, wires: [['h1']] },
        { id: 'u1', z: 'f1', type: 'dlms-push-in', port: 0, bind: '127.0.0.1', policy: 'encrypted', wires: [['h1']] },
        { id: 'h1', z: 'f1', type: 'helper' },
        { id: 'ct', z: 'f1', type: 'catch', wires: [['c1']] },
        { id: 'c1', z: 'f1', type: 'helper' },
        { id: 'f1', type: 'tab' },
      ];
      const wrongKeys = { encryptionKey: 'E0E1E2E3E4E5E6E7E8E9EAEBECEDEEEF', authenticationKey: 'A0A1A2A3A4A5A6A7A8A9AAABACADAEAF' };
      const creds = { m1: { password: PASSWORD }, m2: wrongKeys, u1: { keys: JSON.stringify({ [TITLE]: { encryptionKey: PUSH_KEY, authenticationKey: PUSH_KEY } }) } };
      await helper.load(ALL_NODES, flow, creds);
      const statuses: unknown[] = [];
      for (const id of ['r1', 'r2', 'u1']) {
        const n = helper.getNode(id);
        const orig = n.status.bind(n);
        n.status = (s: unknown) => {
          statuses.push(s);
          return orig(s);
        };
      }
      const seen: Msg[] = [];
      helper.getNode('h1').on('input', (m: Msg) => seen.push(m));
      helper.getNode('c1').on('input', (m: Msg) => seen.push(m));
      helper.getNode('r1').receive({ payload: 1 });
      helper.getNode('r2').receive({ payload: 1 });
      await until(() => seen.length >= 2, 10000);
      // a push ciphered with another key: rejected (tag) and reported
      const u1 = helper.getNode('u1');
      await until(() => !!u1.listener?.ports?.tcp);
      const s = net.connect(u1.listener.ports.tcp, '127.0.0.1');
      await new Promise((r) => s.once('connect', r));
      s.write(wrap(cipher(dataNotification(), { ic: 5, ek: EK, ak: AK })));
      await until(() => seen.length >= 3, 5000);
      s.destroy();
      await sleep(100);
      const exported = JSON.stringify(helper._RED.nodes.getFlows());
      assert.match(exported, /dlms-push-in/, 'the exported flow');
      const logs = JSON.stringify(helper.log().args);
      const everything = [JSON.stringify(seen), JSON.stringify(statuses), logs, exported].join('\n').toUpperCase();
      for (const secret of [PASSWORD, PUSH_KEY, wrongKeys.encryptionKey, wrongKeys.authenticationKey]) {
        assert.ok(!everything.includes(secret.toUpperCase()), `secret ${secret.slice(0, 4)}... leaked`);
      }
      assert.ok(seen.some((m) => m.error?.code === 'authentication-failed'), JSON.stringify(seen.map((m) => m.error?.code)));
    });
  });
});
