import * as assert from 'node:assert/strict';
import { fakeMeter, type FakeMeter } from './fake-client';
import { ALL_NODES, collect, flow, helper, nextMessage, sleep, tempUserDir, until, useFakes, type Msg } from './helpers';
import { DlmsError } from '../../src/errors';
import * as sinon from 'sinon';
import { FakeClient } from './fake-client';

describe('dlms-read (fake client)', function () {
  let meter: FakeMeter;
  let restore: () => void;

  before(() => helper.settings({ userDir: tempUserDir() }));
  beforeEach(() => {
    meter = fakeMeter({ '1.0.1.8.0.255': 12345.678, '1.0.32.7.0.255': 230.1, '0.0.1.0.0.255': '2026-11-25T08:00:00Z' });
    restore = useFakes({ '*': meter });
  });
  afterEach(async () => {
    await helper.unload();
    restore();
  });

  const items = [{ obis: '1-0:1.8.0*255', classId: 3, attribute: 2, name: 'energy' }, { obis: '1.0.32.7.0.255', classId: '', attribute: '', name: '' }];

  it('reads the configured items into one message (names or OBIS as keys, msg.items)', async () => {
    await helper.load(ALL_NODES, flow({ type: 'dlms-read', items }));
    const out = nextMessage(helper.getNode('h1'));
    helper.getNode('n1').receive({ payload: Date.now() });
    const m = await out;
    assert.deepEqual(m.payload, { energy: 12345.678, '1.0.32.7.0.255': 230.1 });
    assert.equal(m.items.length, 2);
    assert.equal(m.items[0].unit, 'kWh');
    assert.ok(m.items[0].readAt);
    assert.equal(m.items[0].meter, 'M1');
  });

  it('reads of one meter queued together travel as one getMany, each message getting its own values', async () => {
    const spy = sinon.spy(FakeClient.prototype, 'getMany');
    try {
      await helper.load(ALL_NODES, flow({ type: 'dlms-read', items }));
      const n1 = helper.getNode('n1');
      const got = collect(helper.getNode('h1'));
      const asks = ['1-0:1.8.0*255', '1-0:32.7.0*255', '0-0:1.0.0*255', '1-0:32.7.0*255, 1-0:1.8.0*255', '1-0:1.8.0*255'];
      asks.forEach((payload, i) => n1.receive({ payload, i }));
      await until(() => got.length === asks.length);
      assert.ok(spy.callCount < asks.length, `${spy.callCount} getMany calls for ${asks.length} reads`);
      const byI = new Map(got.map((m) => [m.i, m.payload]));
      assert.deepEqual(byI.get(0), { '1.0.1.8.0.255': 12345.678 });
      assert.deepEqual(byI.get(1), { '1.0.32.7.0.255': 230.1 });
      assert.deepEqual(byI.get(2), { '0.0.1.0.0.255': '2026-11-25T08:00:00Z' });
      assert.deepEqual(byI.get(3), { '1.0.32.7.0.255': 230.1, '1.0.1.8.0.255': 12345.678 });
      assert.deepEqual(byI.get(4), { '1.0.1.8.0.255': 12345.678 });
    } finally {
      spy.restore();
    }
  });

  it('reads the items named by msg.payload (text list, object, array)', async () => {
    await helper.load(ALL_NODES, flow({ type: 'dlms-read', items }));
    const n1 = helper.getNode('n1');
    const got = collect(helper.getNode('h1'));
    n1.receive({ payload: '1-0:32.7.0*255, 3/1.0.1.8.0.255/2' });
    n1.receive({ payload: { obis: '1.0.32.7.0.255', name: 'voltage' } });
    n1.receive({ items: ['1.0.1.8.0.255'], payload: 'ignored' });
    await until(() => got.length === 3);
    assert.deepEqual(got[0].payload, { '1.0.32.7.0.255': 230.1, '1.0.1.8.0.255': 12345.678 });
    assert.deepEqual(got[1].payload, { voltage: 230.1 });
    assert.deepEqual(got[2].payload, { '1.0.1.8.0.255': 12345.678 });
  });

  it('split mode: one message per item with a templated topic', async () => {
    await helper.load(ALL_NODES, flow({ type: 'dlms-read', items, output: 'split', topic: 'meters/{meter}/{obis}' }));
    const got = collect(helper.getNode('h1'));
    helper.getNode('n1').receive({ payload: true });
    await until(() => got.length === 2);
    assert.equal(got[0].topic, 'meters/M1/1.0.1.8.0.255');
    assert.equal(got[0].payload, 12345.678);
    assert.equal(got[0].item.unit, 'kWh');
    assert.equal(got[1].topic, 'meters/M1/1.0.32.7.0.255');
  });

  it('a failing item is reported in its result; the others are kept', async () => {
    await helper.load(ALL_NODES, flow({ type: 'dlms-read', items: [...items, { obis: '1.0.99.99.99.255' }] }));
    const errors = collect(helper.getNode('c1'));
    const out = nextMessage(helper.getNode('h1'));
    helper.getNode('n1').receive({ payload: 1 });
    const m = await out;
    assert.equal(Object.keys(m.payload).length, 2);
    assert.equal(m.items[2].error.code, 'object-undefined');
    await sleep(50);
    assert.equal(errors.length, 0);
  });

  it('every item failing goes to the Catch node with a clear message and the item results', async () => {
    await helper.load(ALL_NODES, flow({ type: 'dlms-read', items }));
    const out = nextMessage(helper.getNode('c1'));
    helper.getNode('n1').receive({ payload: '1.0.99.99.99.255' });
    const m = await out;
    assert.equal(m.error.code, 'object-undefined');
    assert.match(m.error.message, /The item failed on meter 'M1': 1\.0\.99\.99\.99\.255: /);
    assert.equal(m.error.stack, undefined);
    assert.equal(m.items[0].error.code, 'object-undefined');
  });

  it('an invalid reference is an error that names it', async () => {
    await helper.load(ALL_NODES, flow({ type: 'dlms-read', items }));
    const out = nextMessage(helper.getNode('c1'));
    helper.getNode('n1').receive({ items: ['1.0.1.8.0.255', 'nonsense'] });
    const m = await out;
    assert.match(m.error.message, /msg\.items\[1\]/);
  });

  it('meter down: the connect error reaches the Catch node, status shows it', async () => {
    meter.openError = () => new DlmsError('connection-refused', "Meter 'M1' at 127.0.0.1:4059 refused the connection: check the address and port");
    await helper.load(ALL_NODES, flow({ type: 'dlms-read', items }));
    const statuses: Msg[] = [];
    helper.getNode('n1').on('call:status', (c: { args: Msg[] }) => statuses.push(c.args[0]));
    const out = nextMessage(helper.getNode('c1'));
    helper.getNode('n1').receive({ payload: 1 });
    const m = await out;
    assert.equal(m.error.code, 'connection-refused');
    assert.match(m.error.message, /refused the connection/);
    await until(() => statuses.some((s) => /reconnecting in \d+ s/.test(s.text)));
    assert.ok(statuses.some((s) => s.fill === 'red' && /error: Meter 'M1'/.test(s.text)));
  });

  it('msg.meter reaches another address with the same security; secrets in msg.meter are refused', async () => {
    await helper.load(ALL_NODES, flow({ type: 'dlms-read', items }, { authentication: 'low' }), { m1: { password: 'sup3rs3cret' } });
    const got = collect(helper.getNode('h1'));
    const errs = collect(helper.getNode('c1'));
    helper.getNode('n1').receive({ payload: '1.0.1.8.0.255', meter: { host: '127.0.0.2', port: 4060 } });
    helper.getNode('n1').receive({ payload: '1.0.1.8.0.255', meter: { host: '127.0.0.3', secrets: { password: 'x' } } });
    await until(() => got.length === 1 && errs.length === 1);
    const s = meter.settings.find((x) => x.host === '127.0.0.2')!;
    assert.equal(s.port, 4060);
    assert.equal(s.secrets.password, 'sup3rs3cret');
    assert.equal(got[0].items[0].meter, '127.0.0.2:4060');
    assert.match(errs[0].error.message, /msg\.meter may only change/);
    assert.doesNotMatch(JSON.stringify(errs[0].error), /sup3rs3cret/);
  });

  it('trace option attaches the frames to msg.trace', async () => {
    await helper.load(ALL_NODES, flow({ type: 'dlms-read', items, trace: true }));
    const out = nextMessage(helper.getNode('h1'));
    helper.getNode('n1').receive({ payload: 1 });
    const m = await out;
    assert.ok(Array.isArray(m.trace) && m.trace.length >= 2);
    assert.equal(m.trace[0].direction, 'tx');
  });

  it('without a meter configured, every message is an error that says what to do', async () => {
    const f = flow({ type: 'dlms-read', items });
    f[1].meter = '';
    await helper.load(ALL_NODES, f);
    const out = nextMessage(helper.getNode('c1'));
    helper.getNode('n1').receive({ payload: 1 });
    const m = await out;
    assert.match(m.error.message, /no dlms-meter configuration/);
  });
});
