import * as assert from 'node:assert/strict';
import { fakeMeter, type FakeMeter } from './fake-client';
import { ALL_NODES, collect, flow, helper, nextMessage, tempUserDir, until, useFakes } from './helpers';

function rows(from: Date, n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, k) => ({ time: new Date(from.getTime() + k * 900_000).toISOString(), '1.0.1.29.0.255': k + 0.5 }));
}

describe('dlms-profile (fake client)', function () {
  let meter: FakeMeter;
  let restore: () => void;
  before(() => helper.settings({ userDir: tempUserDir() }));
  beforeEach(() => {
    meter = fakeMeter({});
    meter.rows = rows(new Date(Date.now() - 6 * 3_600_000), 20);
    restore = useFakes({ '*': meter });
  });
  afterEach(async () => {
    await helper.unload();
    restore();
  });

  it('reads the ABT block profile over the last N hours: rows in payload, msg.columns', async () => {
    await helper.load(ALL_NODES, flow({ type: 'dlms-profile', range: 'last', last: 2, lastUnit: 'hours' }));
    const out = nextMessage(helper.getNode('h1'));
    helper.getNode('n1').receive({ payload: Date.now() });
    const m = await out;
    assert.equal(m.profile.obis, '1.0.99.1.0.255');
    const expected = meter.rows!.filter((r) => Date.parse(String(r.time)) >= Date.now() - 2 * 3_600_000 - 1000).length;
    assert.ok(expected > 0 && Math.abs(m.payload.length - expected) <= 1, `rows ${m.payload.length} of ${expected}`);
    assert.equal(m.columns[1].obis, '1.0.1.29.0.255');
    const q = meter.profileQueries[0];
    assert.ok(Math.abs(Date.now() - 2 * 3_600_000 - (q.from as Date).getTime()) < 5000);
  });

  it('msg.payload overrides the range: absolute from/to, "15 minutes", entries', async () => {
    await helper.load(ALL_NODES, flow({ type: 'dlms-profile' }));
    const n1 = helper.getNode('n1');
    const got = collect(helper.getNode('h1'));
    n1.receive({ payload: { from: meter.rows![0].time, to: meter.rows![3].time } });
    n1.receive({ payload: { last: '45 minutes' } });
    n1.receive({ payload: { fromEntry: 2, toEntry: 5 } });
    await until(() => got.length === 3);
    assert.equal(got[0].payload.length, 4);
    assert.equal(meter.profileQueries[2].fromEntry, 2);
    assert.equal(meter.profileQueries[2].toEntry, 5);
  });

  it('since-last: only rows newer than the cursor kept in context; a restart with the stored cursor repeats none', async () => {
    const f = flow({ type: 'dlms-profile', range: 'since-last', firstWindow: 1 });
    const KEY = 'dlms_cursor_1_0_99_1_0_255_';
    await helper.load(ALL_NODES, f);
    let out = nextMessage(helper.getNode('h1'));
    helper.getNode('n1').receive({ payload: 1 });
    assert.equal((await out).payload.length, 20);
    const cursor = helper.getNode('n1').context().get(KEY);
    assert.equal(cursor, meter.rows![19].time);
    meter.rows!.push(...rows(new Date(Date.parse(String(meter.rows![19].time)) + 900_000), 2).map((r) => ({ ...r, '1.0.1.29.0.255': 99 })));
    out = nextMessage(helper.getNode('h1'));
    helper.getNode('n1').receive({ payload: 1 });
    assert.deepEqual((await out).payload.map((r: Record<string, unknown>) => r['1.0.1.29.0.255']), [99, 99]);
    // The query starts at the cursor (the meter's range is inclusive; the row at the cursor is dropped).
    assert.equal((meter.profileQueries[1].from as Date).toISOString(), cursor);
    const saved = helper.getNode('n1').context().get(KEY);
    // Restart: a persistent context store hands the cursor back to the new node.
    await helper.unload();
    await helper.load(ALL_NODES, f);
    helper.getNode('n1').context().set(KEY, saved);
    out = nextMessage(helper.getNode('h1'));
    helper.getNode('n1').receive({ payload: 1 });
    assert.equal((await out).payload.length, 0);
  });

  it('split: one message per row', async () => {
    await helper.load(ALL_NODES, flow({ type: 'dlms-profile', range: 'all', output: 'split' }));
    const got = collect(helper.getNode('h1'));
    helper.getNode('n1').receive({ payload: 1 });
    await until(() => got.length === 20);
    assert.equal(got[0].payload['1.0.1.29.0.255'], 0.5);
    assert.ok(Array.isArray(got[0].columns));
  });

  it('a bad range is an error that says what to write', async () => {
    await helper.load(ALL_NODES, flow({ type: 'dlms-profile' }));
    const out = nextMessage(helper.getNode('c1'));
    helper.getNode('n1').receive({ payload: { last: 'soon' } });
    assert.match((await out).error.message, /"15 minutes"/);
  });
});
