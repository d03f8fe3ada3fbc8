/**
 * examples/*.json: importable flows (valid JSON, our node types and core ones only, no secrets),
 * every node type of the package in at least one, and the "read registers" example runs against
 * the simulator in the test helper (its password given as a credential, as the user types it).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startSimulator, type Simulator } from '../../src/server';
import { setClientFactory } from '../../src/node-red/client-factory';
import { ALL_NODES, helper, nextMessage, tempUserDir, type Msg } from '../nodes/helpers';

const DIR = path.join(__dirname, '../../examples');
const OURS = ['dlms-meter', 'dlms-link', 'dlms-read', 'dlms-write', 'dlms-profile', 'dlms-push-in'];
const CORE = ['tab', 'comment', 'inject', 'debug', 'catch', 'change', 'split', 'mqtt out', 'mqtt-broker'];
const SECRETS = ['12345678', '000102030405060708090A0B0C0D0E0F', 'D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF', 'SimHlsSecret0001'];
const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
const load = (f: string): Msg[] => JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as Msg[];

describe('examples', function () {
  this.timeout(30000);

  it('the five examples are there', () => {
    assert.deepEqual(files, [
      'abt-block-profile-to-mqtt.json', 'clock-sync-and-remote-disconnect.json', 'poll-many-meters-from-a-list.json',
      'push-listener-to-mqtt.json', 'read-registers-to-debug.json',
    ]);
  });

  for (const f of files) {
    it(`${f}: valid flow, known node types, wires and config references resolve, no credentials`, () => {
      const flow = load(f);
      assert.ok(Array.isArray(flow) && flow.length > 0);
      const ids = new Set(flow.map((n) => n.id));
      assert.equal(ids.size, flow.length, 'unique ids');
      for (const n of flow) {
        assert.ok([...OURS, ...CORE].includes(n.type), `${f}: node type ${n.type}`);
        assert.ok(!('credentials' in n), `${f}: ${n.id} carries credentials`);
        for (const out of n.wires ?? []) for (const to of out) assert.ok(ids.has(to), `${f}: wire to ${to}`);
        if (n.z) assert.ok(ids.has(n.z), `${f}: tab ${n.z}`);
        const refs = n.type === 'mqtt-broker' ? [] : ['meter', 'link', 'broker'];
        for (const ref of refs) if (typeof n[ref] === 'string' && n[ref]) assert.ok(ids.has(n[ref]), `${f}: ${ref} ${n[ref]}`);
        if (n.type === 'dlms-meter') {
          assert.equal(n.host, '127.0.0.1');
          assert.equal(n.port, 4059);
        }
      }
      // Secrets only in comment nodes (which tell the user what to type), never in node settings.
      const settings = JSON.stringify(flow.filter((n) => n.type !== 'comment' && n.type !== 'tab'));
      for (const s of SECRETS) assert.ok(!settings.toUpperCase().includes(s.toUpperCase()), `${f}: ${s} outside a comment`);
      assert.ok(flow.some((n) => n.type === 'comment' && n.info), `${f}: a comment says how to run it`);
    });
  }

  it('every node type of the package is in an example', () => {
    const used = new Set(files.flatMap((f) => load(f).map((n) => n.type)));
    for (const t of OURS) assert.ok(used.has(t), t);
  });

  describe('"read registers to debug" against the simulator', () => {
    let sim: Simulator | undefined;
    before(() => {
      setClientFactory(undefined);
      helper.settings({ userDir: tempUserDir() });
    });
    after(async () => {
      await helper.unload();
      await sim?.close();
    });

    it('the inject reads every register into the debug node', async () => {
      sim = await startSimulator({ transport: 'tcp' });
      const flow = load('read-registers-to-debug.json').map((n) => {
        if (n.type === 'dlms-meter') return { ...n, port: sim!.ports[0] };
        if (n.type === 'debug') return { id: n.id, z: n.z, type: 'helper' };
        if (n.type === 'inject') return { ...n, once: false, repeat: '' };
        return n;
      });
      const meterId = flow.find((n) => n.type === 'dlms-meter')!.id as string;
      const inject = require('@node-red/nodes/core/common/20-inject.js');
      const comment = require('@node-red/nodes/core/common/90-comment.js');
      await helper.load([...ALL_NODES, inject, comment], flow, { [meterId]: { password: '12345678' } });
      const out = nextMessage(helper.getNode('ex-read-d1'), 15000);
      const errors: Msg[] = [];
      helper.getNode('ex-read-d2').on('input', (m: Msg) => errors.push(m));
      helper.getNode('ex-read-i1').receive({});
      const m = await out;
      for (const k of ['energyImport', 'energyExport', 'voltageL1', 'currentL1', 'activePower']) assert.equal(typeof m.payload[k], 'number', `${k}: ${JSON.stringify(m.items)}`);
      assert.match(m.payload.clock, /^\d{4}-\d\d-\d\dT/);
      assert.deepEqual(errors, []);
    });
  });
});
