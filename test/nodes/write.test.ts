import * as assert from 'node:assert/strict';
import { fakeMeter, type FakeMeter } from './fake-client';
import { ALL_NODES, collect, flow, helper, nextMessage, tempUserDir, until, useFakes } from './helpers';

describe('dlms-write (fake client)', function () {
  let meter: FakeMeter;
  let restore: () => void;
  before(() => helper.settings({ userDir: tempUserDir() }));
  beforeEach(() => {
    meter = fakeMeter({});
    restore = useFakes({ '*': meter });
  });
  afterEach(async () => {
    await helper.unload();
    restore();
  });

  it('set: writes msg.payload to the configured attribute, result in msg.payload', async () => {
    await helper.load(ALL_NODES, flow({ type: 'dlms-write', operation: 'set', target: '1/0.0.96.1.0.255/2' }));
    const out = nextMessage(helper.getNode('h1'));
    helper.getNode('n1').receive({ payload: { type: 'octet-string', value: 'ABC' } });
    const m = await out;
    assert.equal(m.payload.result, 'success');
    assert.deepEqual(meter.writes[0], { ref: '1/0.0.96.1.0.255/2', value: { type: 'octet-string', value: 'ABC' } });
  });

  it('presets: clock sync, disconnect, reconnect, capture, reset', async () => {
    await helper.load(ALL_NODES, flow({ type: 'dlms-write', operation: 'clock-sync' }));
    const n1 = helper.getNode('n1');
    const got = collect(helper.getNode('h1'));
    n1.receive({ payload: Date.now() });
    n1.receive({ operation: 'disconnect', payload: Date.now() });
    n1.receive({ operation: 'reconnect' });
    n1.receive({ operation: 'capture', target: '1.0.99.1.0.255' });
    n1.receive({ operation: 'reset', target: '1-0:1.6.0*255' });
    await until(() => got.length === 5);
    assert.equal(meter.writes[0].ref, 'clock');
    assert.ok(Math.abs(Date.parse(String(meter.writes[0].value)) - Date.now()) < 5000);
    assert.deepEqual(meter.actions.map((a) => a.ref), ['70/0.0.96.3.10.255/1', '70/0.0.96.3.10.255/2', '7/1.0.99.1.0.255/2', '3/1.0.1.6.0.255/1']);
    assert.deepEqual(meter.actions.map((a) => a.parameters), [0, 0, 0, 0]);
  });

  it('action: msg.params or msg.payload are the parameters; an inject timestamp is not', async () => {
    await helper.load(ALL_NODES, flow({ type: 'dlms-write', operation: 'action', target: '9/0.0.10.0.100.255/1' }));
    const n1 = helper.getNode('n1');
    const got = collect(helper.getNode('h1'));
    n1.receive({ payload: Date.now() });
    n1.receive({ payload: 5 });
    n1.receive({ payload: 1, params: { type: 'long-unsigned', value: 2 } });
    await until(() => got.length === 3);
    assert.deepEqual(meter.actions.map((a) => a.parameters), [undefined, 5, { type: 'long-unsigned', value: 2 }]);
  });

  it('a refused write and a missing target reach the Catch node with a clear message', async () => {
    await helper.load(ALL_NODES, flow({ type: 'dlms-write', operation: 'set', target: '' }));
    const errs = collect(helper.getNode('c1'));
    helper.getNode('n1').receive({ payload: 1 });
    helper.getNode('n1').receive({ payload: 1, target: '1/0.0.0.0.0.1/2' });
    await until(() => errs.length === 2);
    const byCode = Object.fromEntries(errs.map((e) => [e.error.code, e.error.message]));
    assert.match(byCode['invalid-argument'], /Set needs a target attribute/);
    assert.match(byCode['read-write-denied'], /refused to write/);
  });
});
