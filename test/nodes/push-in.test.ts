import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { ALL_NODES, helper, nextMessage, tempUserDir, until, type Msg } from './helpers';

/** A plain Data-Notification in a wrapper frame: structure { push setup OBIS, double-long-unsigned 123 }. */
function plainPush(invokeId: number): Buffer {
  const apdu = Buffer.concat([
    Buffer.from([0x0f]), Buffer.from([0, 0, 0, invokeId]), Buffer.from([0x00]),
    Buffer.from('020209060000190900ff060000007b', 'hex'),
  ]);
  const header = Buffer.alloc(8);
  header.writeUInt16BE(1, 0);
  header.writeUInt16BE(1, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(apdu.length, 6);
  return Buffer.concat([header, apdu]);
}

function pushFlow(extra: Msg = {}): Msg[] {
  return [
    { id: 'n1', z: 'f1', type: 'dlms-push-in', port: 0, bind: '127.0.0.1', wires: [['h1']], ...extra },
    { id: 'h1', z: 'f1', type: 'helper' },
    { id: 'ct', z: 'f1', type: 'catch', wires: [['c1']] },
    { id: 'c1', z: 'f1', type: 'helper' },
    { id: 'f1', type: 'tab' },
  ];
}

async function send(port: number, data: Buffer): Promise<void> {
  const s = net.connect(port, '127.0.0.1');
  await new Promise((r) => s.once('connect', r));
  s.write(data);
  await new Promise((r) => setTimeout(r, 50));
  s.destroy();
}

describe('dlms-push-in (real PushListener on 127.0.0.1)', function () {
  before(() => helper.settings({ userDir: tempUserDir() }));
  afterEach(() => helper.unload());

  it('one message per notification, values named from the configured push objects', async () => {
    await helper.load(ALL_NODES, pushFlow({ objects: [{ obis: '0.0.25.9.0.255', classId: 40, attribute: 1, name: 'setup' }, { obis: '1.0.1.8.0.255', classId: 3, attribute: 2, name: 'energy' }] }));
    const n1 = helper.getNode('n1');
    await until(() => !!n1.listener?.ports.tcp);
    const out = nextMessage(helper.getNode('h1'));
    await send(n1.listener.ports.tcp, plainPush(7));
    const m = await out;
    assert.equal(m.payload.invokeId, 7);
    assert.ok(Array.isArray(m.payload.values));
    assert.ok(m.payload.values.some((v: Msg) => v.name === 'energy' && v.value === 123), JSON.stringify(m.payload.values));
    assert.match(m.payload.raw, /^0F/);
  });

  it('a push below the policy is rejected to the Catch node with a clear message', async () => {
    await helper.load(ALL_NODES, pushFlow({ policy: 'encrypted' }));
    const n1 = helper.getNode('n1');
    await until(() => !!n1.listener?.ports.tcp);
    const out = nextMessage(helper.getNode('c1'));
    await send(n1.listener.ports.tcp, plainPush(1));
    const m = await out;
    assert.match(m.error.message, /^Push rejected from tcp:\/\/127\.0\.0\.1/);
    assert.equal(m.error.stack, undefined);
    assert.equal(m.topic, 'rejected');
  });

  it('an invalid key table is reported without echoing it', async () => {
    const errors: string[] = [];
    await helper.load(ALL_NODES, pushFlow(), { n1: { keys: '{ not json SECRETKEY' } });
    const n1 = helper.getNode('n1');
    n1.on('call:error', (c: { args: unknown[] }) => errors.push(String(c.args[0])));
    await until(() => errors.length > 0).catch(() => undefined);
    assert.equal(n1.listener, undefined);
    assert.ok(!errors.join().includes('SECRETKEY'));
  });
});
