import assert from 'node:assert/strict';
import { DlmsError } from '../../../src/errors';
import { SessionPool, StatusEvent } from '../../../src/client/pool';
import { FakeFactory, FakeSession, track } from './fake-session';
import { Rig, rig, teardown } from './helpers';

describe('client/pool: shutdown and status', () => {
  let r: Rig | undefined;
  afterEach(async () => {
    await teardown(r);
    r = undefined;
  });

  it('rejects queued requests, closes sessions and settles within 10 s when a close hangs', async () => {
    r = rig({ closeTimeout: 60_000, meterOptions: () => ({ idleTimeout: 30_000 }) });
    r.factory.scripts.set('stuck', { hangClose: true });
    await r.pool.request('ok', async () => 1);
    await r.pool.request('stuck', async () => 1);
    const running = track(r.pool.request('busy', () => new Promise(() => undefined)));
    const queued = track(r.pool.request('busy', async () => 2));
    await r.clock.tickAsync(0);
    const done = track(r.pool.shutdown());
    await r.clock.tickAsync(0);
    for (const t of [running, queued]) {
      assert.equal((t.error as DlmsError).code, 'pool-shutdown');
      assert.match((t.error as Error).message, /shutting down; request to meter 'busy' abandoned/);
    }
    assert.equal(done.done, false, 'waits for the hanging close');
    await r.clock.tickAsync(9_999);
    assert.equal(done.done, false);
    await r.clock.tickAsync(1);
    assert.equal(done.done, true);
    assert.ok(r.factory.sessions.every((s) => s.closeCalls === 1));
    assert.equal(r.clock.countTimers(), 0, 'no timer left behind');
    assert.ok(r.factory.sessions.every((s) => s.listenerCount('closed') === 0), 'no session listener left');
    assert.equal(r.pool.listenerCount, 0);
    assert.equal(r.pool.openSessions, 0);
    assert.deepEqual(r.states('ok').at(-1), 'closed:shutdown');
    await assert.rejects(r.pool.request('ok', async () => 1), (e: DlmsError) => e.code === 'pool-shutdown');
    assert.equal(r.pool.shutdown(), r.pool.shutdown(), 'idempotent');
  });

  it('settles at once when every close is quick, also during connect and backoff', async () => {
    r = rig();
    r.factory.scripts.set('down', { failOpens: 99 });
    r.factory.scripts.set('slow', { openDelay: 'hang' });
    await assert.rejects(r.pool.request('down', async () => 1));
    const slow = track(r.pool.request('slow', async () => 1));
    await r.clock.tickAsync(0);
    const done = track(r.pool.shutdown());
    await r.clock.tickAsync(0);
    assert.equal(done.done, true);
    assert.equal((slow.error as DlmsError).code, 'pool-shutdown');
    assert.equal(r.clock.countTimers(), 0);
  });

  it('leaves no active timer handles in real time either', async () => {
    await new Promise((res) => setImmediate(res)); // let mocha arm its own test timer first
    const before = process.getActiveResourcesInfo().filter((x) => x === 'Timeout').length;
    const factory = new FakeFactory();
    const pool = new SessionPool<FakeSession>({ createSession: factory.create, defaults: { idleTimeout: 60_000 } });
    await pool.request('m', async () => 1);
    pool.request('m', () => new Promise(() => undefined));
    await pool.shutdown();
    const after = process.getActiveResourcesInfo().filter((x) => x === 'Timeout').length;
    assert.equal(after, before);
  });

  it('a rejected request nobody awaits does not raise an unhandled rejection', async () => {
    const seen: unknown[] = [];
    const onUnhandled = (e: unknown): void => { seen.push(e); };
    process.on('unhandledRejection', onUnhandled);
    try {
      const factory = new FakeFactory();
      factory.scripts.set('down', { failOpens: 1 });
      const pool = new SessionPool<FakeSession>({ createSession: factory.create, defaults: { maxQueue: 1 } });
      pool.request('down', async () => 1);
      pool.request('m', async () => { throw new Error('task failed'); });
      pool.request('m', async () => 1);
      pool.request('m', async () => 1); // queue-full
      pool.requestMergeable('m', 'nope', 1);
      await new Promise((res) => setImmediate(res));
      pool.request('m', () => new Promise(() => undefined));
      await pool.shutdown();
      await new Promise((res) => setTimeout(res, 10));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    assert.deepEqual(seen, []);
  });

  it('status listeners can be scoped to a meter and removed; a throwing listener is isolated', async () => {
    r = rig();
    const mine: StatusEvent[] = [];
    const off = r.pool.onStatus((e) => mine.push(e), 'a');
    r.pool.onStatus(() => { throw new Error('listener bug'); });
    await r.pool.request('a', async () => 1);
    await r.pool.request('b', async () => 1);
    await r.clock.tickAsync(0);
    assert.deepEqual(mine.map((e) => e.state), ['connecting', 'connected', 'idle']);
    assert.ok(mine.every((e) => e.meter === 'a'));
    off();
    const other = (e: StatusEvent): void => { mine.push(e); };
    r.pool.onStatus(other);
    r.pool.offStatus(other);
    r.factory.of('a')[0].drop();
    assert.equal(mine.length, 3);
    assert.equal(r.states('a').at(-1), 'closed:lost', 'other listeners still called');
  });

  it('reports busy/idle transitions without repeating states', async () => {
    r = rig();
    await r.pool.request('m', async () => 1);
    await r.clock.tickAsync(0);
    await r.pool.request('m', async () => 2);
    await r.clock.tickAsync(0);
    assert.deepEqual(r.states('m'), ['connecting', 'connected', 'idle', 'connected', 'idle']);
    assert.deepEqual(r.pool.meters(), ['m']);
  });
});
