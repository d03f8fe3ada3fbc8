/**
 * Node-RED under faults: every input message of a dlms node yields exactly one output or one
 * Catch-able error (counted over 200 messages while the proxy and the simulator inject faults),
 * and 100 redeploys of a flow with every node type leave no socket, timer or listener behind.
 */
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { startSimulator, type Simulator } from '../../src/server';
import { setClientFactory } from '../../src/node-red/client-factory';
import { ALL_NODES, helper, sleep, tempUserDir, until, type Msg } from '../nodes/helpers';
import { FaultProxy, type ProxyFaults } from './proxy';

const T0 = Date.UTC(2026, 2, 10, 6, 7, 30);
const creds = { m1: { password: '12345678' } };
const handles = (): string[] => process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap' && r !== 'FSReqCallback');
const processListeners = (): number => process.eventNames().reduce((n, e) => n + process.listenerCount(e), 0);

function allNodesFlow(port: number, meter: Msg = {}): Msg[] {
  return [
    { id: 'm1', type: 'dlms-meter', name: 'M1', transport: 'tcp', host: '127.0.0.1', port, clientSap: 32, authentication: 'low', utcOffset: 330, ...meter },
    { id: 'r1', z: 'f1', type: 'dlms-read', meter: 'm1', items: [{ obis: '1.0.32.7.0.255', name: 'voltage' }], wires: [['h1']] },
    { id: 'p1', z: 'f1', type: 'dlms-profile', meter: 'm1', range: 'absolute', from: '2026-03-10T09:00:00+05:30', to: '2026-03-10T10:00:00+05:30', wires: [['h2']] },
    { id: 'w1', z: 'f1', type: 'dlms-write', meter: 'm1', operation: 'clock-sync', wires: [['h3']] },
    { id: 'u1', z: 'f1', type: 'dlms-push-in', port: 0, bind: '127.0.0.1', wires: [['h4']] },
    { id: 'h1', z: 'f1', type: 'helper' },
    { id: 'h2', z: 'f1', type: 'helper' },
    { id: 'h3', z: 'f1', type: 'helper' },
    { id: 'h4', z: 'f1', type: 'helper' },
    { id: 'ct', z: 'f1', type: 'catch', wires: [['c1']] },
    { id: 'c1', z: 'f1', type: 'helper' },
    { id: 'f1', type: 'tab' },
  ];
}

describe('robustness: Node-RED flows under faults and redeploys', function () {
  this.timeout(120000);
  let sim: Simulator | undefined;
  let proxy: FaultProxy | undefined;
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown): void => void unhandled.push(e);

  before(() => {
    setClientFactory(undefined);
    helper.settings({ userDir: tempUserDir() });
    process.on('unhandledRejection', onUnhandled);
  });
  after(() => process.off('unhandledRejection', onUnhandled));
  afterEach(async () => {
    await helper.unload();
    await proxy?.close();
    await sim?.close();
    proxy = undefined;
    sim = undefined;
    assert.deepEqual(unhandled.map(String), [], 'unhandled rejections');
  });

  it('200 messages over read, profile and write with faults injected: each answered exactly once (output or Catch)', async () => {
    sim = await startSimulator({ transport: 'tcp', clock: () => T0 });
    proxy = new FaultProxy({ port: sim.ports[0] }, { random: (() => { let s = 7; return () => ((s = (s * 16807) % 2147483647) / 2147483647); })() });
    await proxy.listen();
    await helper.load(ALL_NODES, allNodesFlow(proxy.port, { responseTimeout: 400, connectTimeout: 1000, requestTimeout: 4000, retries: 0 }), creds);
    const answers = new Map<number, string[]>();
    const note = (where: string) => (m: Msg): void => {
      const seq = m.seq as number;
      if (typeof seq !== 'number') return;
      answers.set(seq, [...(answers.get(seq) ?? []), where === 'catch' ? `catch:${m.error?.code ?? m.error?.message}` : where]);
    };
    for (const h of ['h1', 'h2', 'h3']) helper.getNode(h).on('input', note(h));
    helper.getNode('c1').on('input', note('catch'));
    const targets = ['r1', 'p1', 'w1'];
    const faults: (ProxyFaults | 'drop' | 'refuse-assoc' | 'clean')[] = [
      'clean', { delayMs: 700 }, 'clean', { blackhole: true }, 'drop', { corruptRate: 0.5 }, 'clean', { cutAfterBytes: 300 }, 'refuse-assoc', { refuse: true }, 'clean',
      { delayMs: 200 }, 'drop', { corruptRate: 1 }, 'clean', { cutAfterBytes: 40 }, 'clean', 'refuse-assoc', { blackhole: true }, 'clean',
    ];
    const TOTAL = 200;
    const BATCH = TOTAL / faults.length;
    let seq = 0;
    for (const f of faults) {
      sim.meters[0].faults.refuseAssociations = f === 'refuse-assoc';
      if (f === 'drop') proxy.dropAll();
      else proxy.faults = typeof f === 'object' ? f : {};
      for (let i = 0; i < BATCH; i++, seq++) helper.getNode(targets[seq % targets.length]).receive({ payload: 1, seq });
      // Let part of the batch be under way when the next fault starts.
      await sleep(150);
    }
    proxy.faults = {};
    sim.meters[0].faults.refuseAssociations = false;
    await until(() => answers.size === TOTAL, 60000).catch(() => undefined);
    await sleep(1500); // late duplicates would show up here
    const missing = Array.from({ length: TOTAL }, (_, i) => i).filter((i) => !answers.has(i));
    const twice = [...answers.entries()].filter(([, a]) => a.length !== 1);
    assert.deepEqual(missing, [], 'messages never answered');
    assert.deepEqual(twice, [], 'messages answered more than once');
    const outcome: Record<string, number> = {};
    for (const [, [a]] of answers) outcome[a] = (outcome[a] ?? 0) + 1;
    if (process.env.FAULT_REPORT) console.log(JSON.stringify(outcome));
    assert.ok(Object.keys(outcome).some((k) => k.startsWith('catch:')), 'faults produced no error at all?');
    assert.ok(Object.keys(outcome).some((k) => k.startsWith('h')), 'no message succeeded');
    // After the faults the meter answers again.
    const done = new Promise<Msg>((resolve) => helper.getNode('h1').once('input', resolve));
    helper.getNode('r1').receive({ payload: 1, seq: -1 });
    const m = await done;
    assert.equal(typeof m.payload.voltage, 'number');
  });

  it('100 redeploys of a flow with every node type leave no socket, timer or listener behind', async () => {
    sim = await startSimulator({ transport: 'tcp', clock: () => T0 });
    const f = allNodesFlow(sim.ports[0]);
    await helper.load(ALL_NODES, f, creds);
    // one warm-up exchange so that lazily created things exist before counting
    await helper.unload();
    await sleep(100);
    const before = handles();
    const listenersBefore = processListeners();
    await helper.load(ALL_NODES, f, creds);
    for (let i = 0; i < 100; i++) {
      if (i % 10 === 0) {
        // a real exchange now and then: sessions, timers and the push listener's sockets in use
        const got = new Promise<Msg>((resolve) => {
          helper.getNode('h1').once('input', resolve);
          helper.getNode('c1').once('input', resolve);
        });
        helper.getNode('r1').receive({ payload: 1 });
        await got;
        const u1 = helper.getNode('u1');
        await until(() => !!u1.listener?.ports?.tcp, 3000);
        const s = net.connect(u1.listener.ports.tcp, '127.0.0.1');
        await new Promise((r) => s.once('connect', r));
        s.destroy();
      }
      await helper.setFlows(f, 'full', creds);
    }
    await helper.unload();
    await until(() => handles().length <= before.length, 5000).catch(() => undefined);
    assert.ok(handles().length <= before.length, `handles before ${before.length} (${before}), after ${handles().length}: ${handles()}`);
    assert.ok(processListeners() <= listenersBefore, `process listeners before ${listenersBefore}, after ${processListeners()}: ${process.eventNames().map((e) => `${String(e)}=${process.listenerCount(e)}`)}`);
    if (process.env.FAULT_REPORT) console.log(`handles ${before.length} -> ${handles().length}, process listeners ${listenersBefore} -> ${processListeners()}`);
  });
});
