import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { fakeMeter, type FakeMeter } from './fake-client';
import { ALL_NODES, collect, flow, helper, nextMessage, sleep, tempUserDir, until, useFakes, type Msg } from './helpers';
import { METER_CREDENTIALS, METER_DEFAULTS, PROFILE_DEFAULTS, PUSH_IN_DEFAULTS, READ_DEFAULTS, WRITE_DEFAULTS, LINK_DEFAULTS } from '../../src/node-red/properties';

const handles = (): number => process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap' && r !== 'FSReqCallback').length;

describe('dlms nodes lifecycle (fake client)', function () {
  let meter: FakeMeter;
  let restore: () => void;
  let userDir: string;
  before(() => {
    userDir = tempUserDir();
    helper.settings({ userDir });
  });
  beforeEach(() => {
    meter = fakeMeter({ '1.0.1.8.0.255': 1 });
    restore = useFakes({ '*': meter });
  });
  afterEach(async () => {
    await helper.unload();
    restore();
  });

  it('one session shared by every node of a meter; the last node leaving releases it', async () => {
    const f: Msg[] = [...flow({ type: 'dlms-read', items: [{ obis: '1.0.1.8.0.255' }] }),
      { id: 'n2', z: 'f1', type: 'dlms-read', meter: 'm1', wires: [['h1']], items: [{ obis: '1.0.1.8.0.255' }] }];
    await helper.load(ALL_NODES, f);
    const got = collect(helper.getNode('h1'));
    helper.getNode('n1').receive({ payload: 1 });
    helper.getNode('n2').receive({ payload: 1 });
    await until(() => got.length === 2);
    assert.equal(meter.opened, 1);
    // Redeploy without the readers: the association is released.
    await helper.setFlows(f.filter((n) => n.id !== 'n1' && n.id !== 'n2'), 'full');
    await until(() => meter.closed === 1);
  });

  it('status is fanned out to every user of the meter', async () => {
    const f: Msg[] = [...flow({ type: 'dlms-read', items: [{ obis: '1.0.1.8.0.255' }] }),
      { id: 'n2', z: 'f1', type: 'dlms-write', meter: 'm1', wires: [[]] }];
    await helper.load(ALL_NODES, f);
    const seen: Record<string, string[]> = { n1: [], n2: [] };
    for (const id of ['n1', 'n2']) helper.getNode(id).on('call:status', (c: { args: Msg[] }) => seen[id].push(c.args[0].text));
    const out = nextMessage(helper.getNode('h1'));
    helper.getNode('n1').receive({ payload: 1 });
    await out;
    await until(() => seen.n2.includes('associated'));
    assert.ok(seen.n1.includes('connecting') && seen.n2.includes('connecting'));
  });

  it('every input yields one output or one error, also under a full queue and timeouts', async () => {
    meter.delay = 30;
    await helper.load(ALL_NODES, flow({ type: 'dlms-read', items: [{ obis: '1.0.1.8.0.255' }] }, { queueSize: 2, requestTimeout: 5000 }));
    const ok = collect(helper.getNode('h1'));
    const errs = collect(helper.getNode('c1'));
    for (let i = 0; i < 10; i++) helper.getNode('n1').receive({ payload: 1, i });
    await until(() => ok.length + errs.length === 10);
    assert.ok(errs.some((e) => e.error.code === 'queue-full' && /Queue for meter 'M1' is full/.test(e.error.message)));
    assert.ok(ok.length >= 2);
    await sleep(100);
    assert.equal(ok.length + errs.length, 10);
  });

  it('a meter that never answers: timeout error with a clear message', async () => {
    meter.delay = 'hang';
    await helper.load(ALL_NODES, flow({ type: 'dlms-read', items: [{ obis: '1.0.1.8.0.255' }] }, { requestTimeout: 300, connectTimeout: 100 }));
    const out = nextMessage(helper.getNode('c1'));
    helper.getNode('n1').receive({ payload: 1 });
    const m = await out;
    assert.equal(m.error.code, 'timeout');
    assert.match(m.error.message, /meter 'M1'/i);
  });

  it('secrets stay in credentials: not in the flow, status, errors or messages', async () => {
    const creds = { m1: { password: 'Pa55word!', encryptionKey: '000102030405060708090A0B0C0D0E0F', authenticationKey: 'D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF' } };
    await helper.load(ALL_NODES, flow({ type: 'dlms-read', items: [{ obis: '1.0.1.8.0.255' }] },
      { authentication: 'low', securityPolicy: 'authenticated-encrypted', clientSystemTitle: '4D4D4D0000000001' }), creds);
    const statuses: Msg[] = [];
    helper.getNode('n1').on('call:status', (c: { args: Msg[] }) => statuses.push(c.args[0]));
    meter.openError = () => new Error('refused, password was Pa55word! and key 000102030405060708090A0B0C0D0E0F');
    const out = nextMessage(helper.getNode('c1'));
    helper.getNode('n1').receive({ payload: 1 });
    const m = await out;
    await sleep(20);
    const exported = JSON.stringify(helper._redNodes.getFlows().flows);
    for (const secret of Object.values(creds.m1)) {
      assert.ok(!exported.includes(secret), 'flow export');
      assert.ok(!JSON.stringify(m).includes(secret), 'error message');
      assert.ok(!JSON.stringify(statuses).includes(secret), 'status');
    }
    // The client did get them, and the counter store is in the user directory.
    assert.equal(meter.settings[0].secrets.password, 'Pa55word!');
    assert.equal(meter.settings[0].invocationCounter.storePath, path.join(userDir, 'dlms-invocation-counters.json'));
    assert.equal(helper.getNode('m1').credentials.password, 'Pa55word!');
  });

  it('invalid meter settings: the status says what is wrong, messages are refused with it', async () => {
    await helper.load(ALL_NODES, flow({ type: 'dlms-read', items: [{ obis: '1.0.1.8.0.255' }] }, { host: '', authentication: 'low' }));
    const out = nextMessage(helper.getNode('c1'));
    helper.getNode('n1').receive({ payload: 1 });
    const m = await out;
    assert.match(m.error.message, /host is required/);
    assert.match(m.error.message, /secrets\.password is required/);
  });

  it('deploy, redeploy and close leave no sockets, timers or listeners behind', async () => {
    await sleep(50);
    const before = handles();
    const f: Msg[] = [...flow({ type: 'dlms-read', items: [{ obis: '1.0.1.8.0.255' }] }, { link: 'l1', idleBehaviour: 'keep-alive', idleTimeout: 50 }),
      { id: 'l1', type: 'dlms-link', name: 'bus' },
      { id: 'p1', z: 'f1', type: 'dlms-push-in', port: 0, wires: [[]] }];
    meter.values['0.0.1.0.0.255'] = '2026-01-01T00:00:00Z';
    await helper.load(ALL_NODES, f);
    for (let round = 0; round < 3; round++) {
      const out = nextMessage(helper.getNode('h1'));
      helper.getNode('n1').receive({ payload: 1 });
      await out;
      await sleep(120); // idle keep-alive runs
      await helper.setFlows(f, 'full');
    }
    await helper.unload();
    await until(() => handles() <= before, 3000).catch(() => undefined);
    assert.ok(handles() <= before, `handles before ${before}, after ${handles()}: ${process.getActiveResourcesInfo().join(',')}`);
    assert.equal(meter.opened, meter.closed);
  });

  it('the editor HTML declares the same properties and credentials as properties.ts', () => {
    const tables: Record<string, object> = {
      'dlms-meter': METER_DEFAULTS, 'dlms-link': LINK_DEFAULTS, 'dlms-read': READ_DEFAULTS, 'dlms-write': WRITE_DEFAULTS,
      'dlms-profile': PROFILE_DEFAULTS, 'dlms-push-in': PUSH_IN_DEFAULTS,
    };
    for (const [type, defs] of Object.entries(tables)) {
      const html = fs.readFileSync(path.join(__dirname, '../../nodes', `${type}.html`), 'utf8');
      const block = /defaults: \{([\s\S]*?)\n {4}\},/.exec(html)![1];
      const names = [...block.matchAll(/^\s+(\w+): /gm)].map((x) => x[1]);
      assert.deepEqual(names, Object.keys(defs), type);
    }
    const meterHtml = fs.readFileSync(path.join(__dirname, '../../nodes/dlms-meter.html'), 'utf8');
    for (const k of Object.keys(METER_CREDENTIALS)) assert.match(meterHtml, new RegExp(`${k}: \\{"type":"password"\\}`));
  });

  it('net is loopback only in these tests', () => {
    assert.ok(net.isIP('127.0.0.1'));
  });
});
