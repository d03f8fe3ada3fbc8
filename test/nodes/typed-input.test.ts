/**
 * TypedInput fields of dlms-read, dlms-write and dlms-profile: values typed into the node or taken
 * per message from msg, flow, global, env or JSONata (evaluated by Node-RED itself), clear errors
 * when a source is empty, and message order kept when a source answers asynchronously.
 */
import * as assert from 'node:assert/strict';
import { fieldEvaluator, typedField } from '../../src/node-red/typed-input';
import type { RedApi, RedNode } from '../../src/node-red/red-types';
import { fakeMeter, type FakeMeter } from './fake-client';
import { ALL_NODES, collect, flow, helper, nextMessage, tempUserDir, until, useFakes } from './helpers';

describe('TypedInput fields (fake client)', function () {
  let meter: FakeMeter;
  let restore: () => void;
  before(() => helper.settings({ userDir: tempUserDir() }));
  beforeEach(() => {
    meter = fakeMeter({ '1.0.1.8.0.255': 12345.678, '1.0.32.7.0.255': 230.1, '1.0.31.7.0.255': 4.2 });
    const from = Date.parse('2026-11-25T00:00:00Z');
    meter.rows = Array.from({ length: 8 }, (_, k) => ({ time: new Date(from + k * 900_000).toISOString(), '1.0.1.29.0.255': k }));
    restore = useFakes({ '*': meter });
  });
  afterEach(async () => {
    delete process.env.DLMS_TEST_TARGET;
    await helper.unload();
    restore();
  });

  it('dlms-read: items named in flow context or msg.topic replace the list; a trigger reads the list', async () => {
    await helper.load(ALL_NODES, flow({ type: 'dlms-read', items: [{ obis: '1.0.1.8.0.255' }], request: 'wanted', requestType: 'flow' }));
    const n1 = helper.getNode('n1');
    const got = collect(helper.getNode('h1'));
    n1.receive({ payload: Date.now() });
    await until(() => got.length === 1);
    n1.context().flow.set('wanted', ['1.0.32.7.0.255', { obis: '1.0.31.7.0.255', name: 'IL1' }]);
    n1.receive({ payload: '1.0.1.8.0.255' }); // msg.payload is not the source any more
    await until(() => got.length === 2);
    assert.deepEqual(got[0].payload, { '1.0.1.8.0.255': 12345.678 });
    assert.deepEqual(got[1].payload, { '1.0.32.7.0.255': 230.1, IL1: 4.2 });

    await helper.unload();
    await helper.load(ALL_NODES, flow({ type: 'dlms-read', items: [], request: 'topic', requestType: 'msg' }));
    const out = nextMessage(helper.getNode('h1'));
    helper.getNode('n1').receive({ topic: '1-0:32.7.0*255', payload: 1 });
    assert.deepEqual((await out).payload, { '1.0.32.7.0.255': 230.1 });
  });

  it('dlms-read: a source left empty (no property named) reads the configured list', async () => {
    await helper.load(ALL_NODES, flow({ type: 'dlms-read', items: [{ obis: '1.0.32.7.0.255' }], request: '', requestType: 'msg' }));
    const out = nextMessage(helper.getNode('h1'));
    helper.getNode('n1').receive({ payload: '1.0.1.8.0.255' });
    assert.deepEqual((await out).payload, { '1.0.32.7.0.255': 230.1 });
  });

  it('dlms-read: an empty source with no list says where references were looked for', async () => {
    await helper.load(ALL_NODES, flow({ type: 'dlms-read', items: [], request: 'meters[0].refs', requestType: 'msg' }));
    const errs = collect(helper.getNode('c1'));
    helper.getNode('n1').receive({ payload: 1, meters: [{}] });
    await until(() => errs.length === 1);
    assert.equal(errs[0].error.code, 'invalid-argument');
    assert.match(errs[0].error.message, /Nothing to read: .*msg\.meters\[0\]\.refs/);
  });

  it('dlms-write: target from msg (text or object) and env; value typed in as number or JSON, or from flow context', async () => {
    await helper.load(ALL_NODES, [
      ...flow({ type: 'dlms-write', operation: 'set', target: 'ref', targetType: 'msg', value: '42', valueType: 'num' }),
      { id: 'n2', z: 'f1', type: 'dlms-write', meter: 'm1', operation: 'set', target: 'DLMS_TEST_TARGET', targetType: 'env', value: '{"type":"long-unsigned","value":900}', valueType: 'json', wires: [['h1']] },
      { id: 'n3', z: 'f1', type: 'dlms-write', meter: 'm1', operation: 'action', target: 'method', targetType: 'msg', value: 'params', valueType: 'flow', wires: [['h1']] },
    ]);
    process.env.DLMS_TEST_TARGET = '1/0.0.96.50.0.255/2';
    const got = collect(helper.getNode('h1'));
    helper.getNode('n1').receive({ ref: '1/0.0.96.1.0.255/2', payload: 'ignored' });
    await until(() => got.length === 1);
    helper.getNode('n1').receive({ ref: { obis: '1.0.0.8.0.255', classId: 3 } });
    await until(() => got.length === 2);
    helper.getNode('n2').receive({ payload: Date.now() });
    await until(() => got.length === 3);
    helper.getNode('n3').context().flow.set('params', { type: 'unsigned', value: 7 });
    helper.getNode('n3').receive({ method: { obis: '0.0.10.0.100.255', classId: 9, method: 1 } });
    await until(() => got.length === 4);
    assert.deepEqual(meter.writes, [
      { ref: '1/0.0.96.1.0.255/2', value: 42 },
      { ref: '3/1.0.0.8.0.255/2', value: 42 },
      { ref: '1/0.0.96.50.0.255/2', value: { type: 'long-unsigned', value: 900 } },
    ]);
    assert.deepEqual(meter.actions, [{ ref: '9/0.0.10.0.100.255/1', parameters: { type: 'unsigned', value: 7 } }]);
  });

  it('dlms-write: msg.target still overrides a typed-in target; an empty source or bad JSON is a clear error', async () => {
    await helper.load(ALL_NODES, [
      ...flow({ type: 'dlms-write', operation: 'set', target: '1/0.0.96.1.0.255/2' }),
      { id: 'n2', z: 'f1', type: 'dlms-write', meter: 'm1', operation: 'set', target: 'ref', targetType: 'msg', wires: [['h1']] },
      { id: 'n3', z: 'f1', type: 'dlms-write', meter: 'm1', operation: 'set', target: '1/0.0.96.1.0.255/2', value: '{oops', valueType: 'json', wires: [['h1']] },
      { id: 'n4', z: 'f1', type: 'dlms-write', meter: 'm1', operation: 'set', target: '1/0.0.96.1.0.255/2', value: 'setpoint', valueType: 'global', wires: [['h1']] },
    ]);
    const got = collect(helper.getNode('h1'));
    const errs = collect(helper.getNode('c1'));
    helper.getNode('n1').receive({ target: '1/0.0.96.1.1.255/2', payload: 5 });
    helper.getNode('n2').receive({ payload: 5 });
    helper.getNode('n3').receive({ payload: 5 });
    helper.getNode('n4').receive({ payload: 5 });
    await until(() => got.length + errs.length === 4);
    assert.deepEqual(meter.writes, [{ ref: '1/0.0.96.1.1.255/2', value: 5 }]);
    const messages = errs.map((e) => `${e.error.source.id}: ${e.error.message}`).sort();
    assert.match(messages[0], /^n2: Set needs a target attribute: msg\.ref is empty/);
    assert.match(messages[1], /^n3: value could not be taken from the node's value setting: .*JSON/);
    assert.match(messages[2], /^n4: Set of 1\/0\.0\.96\.1\.0\.255\/2 needs a value: global\.setpoint is empty/);
  });

  it('dlms-profile: OBIS, from and to from the message; last from flow context; errors name the source', async () => {
    await helper.load(ALL_NODES, [
      ...flow({ type: 'dlms-profile', range: 'absolute', obis: 'profile', obisType: 'msg', from: 'window.start', fromType: 'msg', to: 'window.end', toType: 'msg' }),
      { id: 'n2', z: 'f1', type: 'dlms-profile', meter: 'm1', range: 'last', last: 'span', lastType: 'flow', wires: [['h1']] },
    ]);
    const got = collect(helper.getNode('h1'));
    const errs = collect(helper.getNode('c1'));
    const start = Date.parse('2026-11-25T00:30:00Z');
    helper.getNode('n1').receive({ profile: '1-0:99.2.0*255', window: { start, end: '2026-11-25T01:00:00Z' } });
    await until(() => got.length === 1);
    assert.equal(got[0].profile.obis, '1.0.99.2.0.255');
    assert.deepEqual(got[0].payload.map((r: { time: string }) => r.time), ['2026-11-25T00:30:00.000Z', '2026-11-25T00:45:00.000Z', '2026-11-25T01:00:00.000Z']);

    helper.getNode('n1').receive({ window: { start } });
    helper.getNode('n1').receive({ profile: '1.0.99.1.0.255', window: { start: 'last tuesday' } });
    await until(() => errs.length === 2);
    const messages = errs.map((e) => e.error.message).sort();
    assert.match(messages[0], /^No profile OBIS: msg\.profile is empty/);
    assert.match(messages[1], /^from \(msg\.window\.start\) must be an ISO date-time/);

    helper.getNode('n2').context().flow.set('span', '45 minutes');
    helper.getNode('n2').receive({ payload: Date.now() });
    await until(() => got.length === 2);
    const q = meter.profileQueries[meter.profileQueries.length - 1];
    assert.ok(Math.abs((q.to as Date).getTime() - (q.from as Date).getTime() - 45 * 60_000) < 1000);
  });

  it('requests reach the meter in message order, with and without msg.target', async () => {
    await helper.load(ALL_NODES, flow({ type: 'dlms-write', operation: 'set', target: '1/0.0.96.1.0.255/2', value: 'v', valueType: 'msg' }));
    const n1 = helper.getNode('n1');
    const got = collect(helper.getNode('h1'));
    for (let k = 0; k < 20; k++) n1.receive(k % 2 ? { v: k, target: '1/0.0.96.1.1.255/2' } : { v: k });
    await until(() => got.length === 20);
    assert.deepEqual(meter.writes.map((w) => w.value), Array.from({ length: 20 }, (_, k) => k));
  });

  it('fieldEvaluator: results come back in message order when evaluation finishes in reverse', async () => {
    const delays = [40, 25, 10, 0];
    let call = 0;
    const RED = {
      util: {
        evaluateNodeProperty(value: string, _type: string, _node: unknown, msg: Record<string, unknown>, cb?: (e: Error | null, v: unknown) => void) {
          setTimeout(() => cb!(null, msg[value]), delays[call++]);
        },
      },
    } as unknown as RedApi;
    const evaluate = fieldEvaluator(RED, {} as RedNode, [typedField({ value: 'n', valueType: 'flow' }, 'value', 'msg')]);
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3].map((n) => evaluate({ n }).then((f) => order.push(f.value as number))));
    assert.deepEqual(order, [0, 1, 2, 3]);
  });
});
