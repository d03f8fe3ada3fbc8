/** The nodes over the real client and the meter simulator on 127.0.0.1 (free ports). */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { startSimulator, type Simulator } from '../../src/server';
import { setClientFactory } from '../../src/node-red/client-factory';
import { ALL_NODES, collect, flow, helper, nextMessage, sleep, tempUserDir, until, type Msg } from './helpers';

const T0 = Date.UTC(2026, 2, 10, 6, 7, 30);
const KEYS = { encryptionKey: '000102030405060708090A0B0C0D0E0F', authenticationKey: 'D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF' };
const handles = (): number => process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap' && r !== 'FSReqCallback').length;

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('dlms nodes against the simulator (real client)', function () {
  this.timeout(20000);
  let sim: Simulator | undefined;
  let userDir: string;
  const reader = (port: number, extra: Msg = {}): Msg => ({ port, clientSap: 32, authentication: 'low', utcOffset: 330, ...extra });
  const creds = { m1: { password: '12345678' } };

  before(() => {
    setClientFactory(undefined);
    userDir = tempUserDir();
    helper.settings({ userDir });
  });
  afterEach(async () => {
    await helper.unload();
    await sim?.close();
    sim = undefined;
  });

  it('dlms-read: registers and the clock, scaled with units; unknown OBIS fails alone', async () => {
    sim = await startSimulator({ transport: 'tcp', clock: () => T0 });
    await helper.load(ALL_NODES, flow({ type: 'dlms-read', items: [{ obis: '1.0.32.7.0.255', name: 'voltage' }, { obis: '0.0.1.0.0.255', name: 'clock' }, { obis: '1.0.199.99.0.255' }] }, reader(sim.ports[0])), creds);
    const out = nextMessage(helper.getNode('h1'), 10000);
    helper.getNode('n1').receive({ payload: 1 });
    const m = await out;
    assert.equal(typeof m.payload.voltage, 'number');
    assert.equal(m.items[0].unit, 'V');
    assert.match(m.payload.clock, /^2026-03-10T11:37:30/);
    assert.ok(m.items[2].error, JSON.stringify(m.items[2]));
    assert.ok(!('1.0.199.99.0.255' in m.payload));
  });

  it('dlms-read: wrong password reaches the Catch node as authentication-failed', async () => {
    sim = await startSimulator({ transport: 'tcp', clock: () => T0 });
    await helper.load(ALL_NODES, flow({ type: 'dlms-read', items: [{ obis: '1.0.32.7.0.255' }] }, reader(sim.ports[0])), { m1: { password: 'wrong-one' } });
    const out = nextMessage(helper.getNode('c1'), 10000);
    helper.getNode('n1').receive({ payload: 1 });
    const m = await out;
    assert.equal(m.error.code, 'authentication-failed');
    assert.ok(!JSON.stringify(m).includes('wrong-one'));
  });

  it('dlms-read: meter down reaches the Catch node with what to check', async () => {
    const port = await freePort();
    await helper.load(ALL_NODES, flow({ type: 'dlms-read', items: [{ obis: '1.0.32.7.0.255' }] }, reader(port, { connectTimeout: 2000 })), creds);
    const out = nextMessage(helper.getNode('c1'), 10000);
    helper.getNode('n1').receive({ payload: 1 });
    const m = await out;
    assert.ok(m.error.code, JSON.stringify(m.error));
    assert.ok(!m.error.stack);
    assert.match(m.error.message, new RegExp(String(port)));
  });

  it('dlms-profile: the 15-minute block load profile works out of the box', async () => {
    sim = await startSimulator({ transport: 'tcp', clock: () => T0 });
    await helper.load(ALL_NODES, flow({ type: 'dlms-profile', range: 'absolute', from: '2026-03-10T09:00:00+05:30', to: '2026-03-10T10:00:00+05:30' }, reader(sim.ports[0])), creds);
    const out = nextMessage(helper.getNode('h1'), 10000);
    helper.getNode('n1').receive({ payload: 1 });
    const m = await out;
    assert.equal(m.payload.length, 5);
    assert.equal(m.payload[0].time, '2026-03-10T09:00:00+05:30');
    assert.ok(m.columns.length >= 2);
  });

  it('dlms-write: HLS-GMAC ciphered clock sync and register reset; the invocation counter file survives a redeploy (0600)', async () => {
    sim = await startSimulator({ transport: 'tcp', clock: () => T0 });
    const meter = { port: sim.ports[0], clientSap: 1, authentication: 'high-gmac', securityPolicy: 'authenticated-encrypted', clientSystemTitle: '4142434445464748', counterBootstrapObis: '0.0.43.1.2.255', utcOffset: 330 };
    const f = flow({ type: 'dlms-write', operation: 'clock-sync' }, meter);
    await helper.load(ALL_NODES, f, { m1: KEYS });
    const got = collect(helper.getNode('h1'));
    const errs = collect(helper.getNode('c1'));
    helper.getNode('n1').receive({ payload: 1 });
    helper.getNode('n1').receive({ payload: 1, operation: 'reset', target: '1.0.1.8.0.255' });
    await until(() => got.length + errs.length === 2, 10000);
    assert.equal(errs.length, 0, JSON.stringify(errs.map((e) => e.error)));
    assert.equal(got[0].payload.result, 'success');
    const file = path.join(userDir, 'dlms-invocation-counters.json');
    await until(() => fs.existsSync(file), 3000);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    const before = JSON.stringify(JSON.parse(fs.readFileSync(file, 'utf8')));
    await helper.setFlows(f, 'full', { m1: KEYS });
    const got2 = collect(helper.getNode('h1'));
    const errs2 = collect(helper.getNode('c1'));
    helper.getNode('n1').receive({ payload: 1 });
    await until(() => got2.length + errs2.length === 1, 10000);
    // A reused counter would be refused by the meter (replay): the new session continued the stored one.
    assert.equal(errs2.length, 0, JSON.stringify(errs2.map((e) => e.error)));
    assert.notEqual(JSON.stringify(JSON.parse(fs.readFileSync(file, 'utf8'))), before);
  });

  it('leaves no sockets or timers behind after deploy, redeploy and close', async () => {
    sim = await startSimulator({ transport: 'tcp', clock: () => T0 });
    await sleep(50);
    const before = handles();
    const f = flow({ type: 'dlms-read', items: [{ obis: '1.0.32.7.0.255' }] }, reader(sim.ports[0]));
    await helper.load(ALL_NODES, f, creds);
    for (let i = 0; i < 2; i++) {
      const out = nextMessage(helper.getNode('h1'), 10000);
      helper.getNode('n1').receive({ payload: 1 });
      await out;
      await helper.setFlows(f, 'full', creds);
    }
    await helper.unload();
    await until(() => handles() <= before, 5000).catch(() => undefined);
    assert.ok(handles() <= before, `handles before ${before}, after ${handles()}: ${process.getActiveResourcesInfo().join(',')}`);
  });
});
