/** The editor's admin endpoints (src/node-red/admin) over the test helper's httpAdmin and the simulator. */
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { startSimulator, type Simulator } from '../../src/server';
import { setClientFactory } from '../../src/node-red/client-factory';
import { listSerialPorts, oneOffSettings, setPortLister } from '../../src/node-red/admin';
import { ALL_NODES, helper, tempUserDir, type Msg } from '../nodes/helpers';

const PASSWORD = '12345678';

function meterFlow(port: number, extra: Msg = {}): Msg[] {
  return [
    { id: 'm1', type: 'dlms-meter', name: 'sim', transport: 'tcp', host: '127.0.0.1', port, clientSap: 32, authentication: 'low', utcOffset: 330, ...extra },
    { id: 'n1', z: 'f1', type: 'dlms-read', meter: 'm1', items: [], wires: [] },
    { id: 'f1', type: 'tab' },
  ];
}

describe('editor admin endpoints', function () {
  this.timeout(30000);
  let sim: Simulator | undefined;

  before(async () => {
    setClientFactory(undefined);
    helper.settings({ userDir: tempUserDir() });
    sim = await startSimulator({ transport: 'tcp' });
  });
  after(async () => {
    await sim?.close();
  });
  afterEach(async () => {
    setPortLister(undefined);
    await helper.unload();
  });

  it('serial ports: a list, an empty list, or a clear message when listing fails (no udev)', async () => {
    setPortLister(async () => [{ path: '/dev/ttyUSB0', manufacturer: 'FTDI' }]);
    assert.deepEqual((await listSerialPorts()).ports, [{ path: '/dev/ttyUSB0', manufacturer: 'FTDI', serialNumber: undefined, vendorId: undefined, productId: undefined }]);
    setPortLister(async () => []);
    const none = await listSerialPorts();
    assert.equal(none.ok, true);
    assert.match(String(none.message), /No serial ports found/);
    setPortLister(async () => { throw new Error('udevadm: not found\n    at stack line'); });
    const failed = await listSerialPorts();
    assert.equal(failed.ok, false);
    assert.match(String(failed.message), /udev/);
    assert.ok(!String(failed.message).includes('stack line'));
    // Over HTTP, with the real lister: whatever this host has, an answer with a list.
    setPortLister(undefined);
    await helper.load(ALL_NODES, meterFlow(sim!.ports[0]), { m1: { password: PASSWORD } });
    const res = await helper.request().get('/dlms-cosem/serial-ports').expect(200);
    assert.ok(Array.isArray(res.body.ports));
    assert.equal(typeof res.body.message === 'string' || res.body.ports.length > 0, true);
  });

  it('test connection of a deployed meter: through its own session, clock read', async () => {
    await helper.load(ALL_NODES, meterFlow(sim!.ports[0]), { m1: { password: PASSWORD } });
    const res = await helper.request().post('/dlms-cosem/test-connection').send({ id: 'm1' }).expect(200);
    assert.equal(res.body.ok, true, JSON.stringify(res.body));
    assert.equal(res.body.via, 'deployed');
    assert.match(String(res.body.clock), /^\d{4}-\d\d-\d\dT/);
  });

  it('test connection of unsaved settings: the deployed password is used when the editor sends the placeholder', async () => {
    await helper.load(ALL_NODES, meterFlow(sim!.ports[0]), { m1: { password: PASSWORD } });
    const config = { transport: 'tcp', host: '127.0.0.1', port: sim!.ports[0], clientSap: 32, logicalAddress: 1, authentication: 'low' };
    const ok = await helper.request().post('/dlms-cosem/test-connection').send({ id: 'm1', config, credentials: { password: '__PWRD__' }, changed: true }).expect(200);
    assert.equal(ok.body.ok, true, JSON.stringify(ok.body));
    assert.equal(ok.body.via, 'settings');
    const wrong = await helper.request().post('/dlms-cosem/test-connection').send({ config, credentials: { password: 'not-the-one' } }).expect(200);
    assert.equal(wrong.body.ok, false);
    assert.equal(wrong.body.code, 'authentication-failed');
    assert.ok(!JSON.stringify(wrong.body).includes('not-the-one'));
    assert.ok(!('stack' in wrong.body));
  });

  it('test connection: a meter that is not there, and bad input, answer clearly and in time', async () => {
    await helper.load(ALL_NODES, meterFlow(sim!.ports[0]), { m1: { password: PASSWORD } });
    const free = await freePort();
    const t0 = Date.now();
    const down = await helper.request().post('/dlms-cosem/test-connection').send({ config: { transport: 'tcp', host: '127.0.0.1', port: free } }).expect(200);
    assert.equal(down.body.ok, false);
    assert.equal(down.body.code, 'connection-refused', JSON.stringify(down.body));
    assert.ok(Date.now() - t0 < 15000);
    const bad = await helper.request().post('/dlms-cosem/test-connection').send({ config: { transport: 'tcp', host: '', port: 'x' } }).expect(400);
    assert.equal(bad.body.ok, false);
    assert.match(bad.body.message, /host|port/);
    const noBody = await helper.request().post('/dlms-cosem/test-connection').send([1]).expect(400);
    assert.equal(noBody.body.ok, false);
    const badId = await helper.request().post('/dlms-cosem/objects').send({ id: '../../etc' }).expect(400);
    assert.match(badId.body.message, /node id/);
    const secretKey = 'ABCDEF0123456789ABCDEF01234567';
    const badKey = await helper.request().post('/dlms-cosem/test-connection')
      .send({ config: { transport: 'tcp', host: '127.0.0.1', port: free, authentication: 'high-gmac' }, credentials: { encryptionKey: secretKey, authenticationKey: secretKey } }).expect(400);
    assert.ok(!JSON.stringify(badKey.body).includes(secretKey), JSON.stringify(badKey.body));
  });

  it('object browser: class names, OBIS names and access rights; profile columns', async () => {
    await helper.load(ALL_NODES, meterFlow(sim!.ports[0]), { m1: { password: PASSWORD } });
    const res = await helper.request().post('/dlms-cosem/objects').send({ id: 'm1' }).expect(200);
    assert.equal(res.body.ok, true, JSON.stringify(res.body).slice(0, 300));
    const objects = res.body.objects as Msg[];
    const clock = objects.find((o) => o.obis === '0.0.1.0.0.255');
    assert.ok(clock, 'clock listed');
    assert.equal(clock.classId, 8);
    assert.ok(clock.className);
    assert.ok(clock.attributes.some((a: Msg) => a.attribute === 2 && /read/.test(a.access)));
    const profile = objects.find((o) => o.classId === 7);
    assert.ok(profile, 'a profile listed');
    const cols = await helper.request().post('/dlms-cosem/capture-objects').send({ id: 'm1', obis: profile.obis }).expect(200);
    assert.equal(cols.body.ok, true, JSON.stringify(cols.body));
    assert.ok(cols.body.columns.length >= 2);
    assert.ok(cols.body.columns.every((c: Msg) => typeof c.obis === 'string' && typeof c.classId === 'number'));
    const badObis = await helper.request().post('/dlms-cosem/capture-objects').send({ id: 'm1', obis: 'nope' }).expect(200);
    assert.equal(badObis.body.ok, false);
    assert.match(badObis.body.message, /OBIS/);
  });

  it('one-off settings: the connect timeout is capped, retries off, secrets from the deployed node', () => {
    const s = oneOffSettings({ transport: 'tcp', host: 'h', port: 4059, connectTimeout: 600000, authentication: 'low' }, { password: '__PWRD__' }, { password: 'kept' }, undefined);
    assert.equal(s.timeouts.connect, 10000);
    assert.equal(s.retries, 0);
    assert.equal(s.secrets.password, 'kept');
  });
});

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}
