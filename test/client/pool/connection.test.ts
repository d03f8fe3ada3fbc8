import assert from 'node:assert/strict';
import { DlmsError } from '../../../src/errors';
import { backoffBounds, backoffDelay, DEFAULT_BACKOFF } from '../../../src/client/pool';
import { track } from './fake-session';
import { Rig, rig, teardown } from './helpers';

describe('client/pool: connection', () => {
  let r: Rig | undefined;
  afterEach(async () => {
    await teardown(r);
    r = undefined;
  });

  it('connects on first use and reports connecting, connected, idle', async () => {
    r = rig();
    assert.equal(r.factory.sessions.length, 0);
    assert.equal(await r.pool.request('m', async () => 'v'), 'v');
    await r.clock.tickAsync(0);
    assert.deepEqual(r.states('m'), ['connecting', 'connected', 'idle']);
    assert.deepEqual(r.pool.status('m'), { meter: 'm', state: 'idle', open: true, queued: 0, running: 0, failures: 0, lastError: undefined });
    assert.equal(r.pool.openSessions, 1);
  });

  it('rejects waiting requests with the connect error, then reconnects with growing backoff', async () => {
    r = rig({ defaults: { backoff: { base: 1000, max: 5000, factor: 2, jitter: 0.2 } } });
    r.factory.scripts.set('m', { failOpens: 3 });
    await assert.rejects(r.pool.request('m', async () => 1), (e: DlmsError) => e.code === 'connection-refused');
    const rec = () => r!.events.filter((e) => e.state === 'reconnecting');
    assert.deepEqual(rec().map((e) => [e.delay, e.attempt]), [[1000, 1]], 'random 0.5 gives the nominal delay');
    assert.equal(r.events.find((e) => e.state === 'error')?.error?.message, 'meter m refused');

    // A request during backoff waits for the timer, then gets the next failure.
    const second = track(r.pool.request('m', async () => 2));
    await r.clock.tickAsync(999);
    assert.equal(second.done, false);
    assert.equal(r.factory.sessions.length, 1, 'no attempt before the delay');
    await r.clock.tickAsync(1);
    assert.equal((second.error as DlmsError).code, 'connection-refused');
    assert.equal(rec()[1].delay, 2000);

    const third = track(r.pool.request('m', async () => 3));
    await r.clock.tickAsync(2000);
    assert.equal(rec()[2].delay, 4000);
    assert.ok(third.done);
    const fourth = r.pool.request('m', async () => 4);
    await r.clock.tickAsync(4000);
    assert.equal(await fourth, 4);
    assert.equal(r.pool.status('m').failures, 0, 'reset after success');
    assert.deepEqual(r.states('m').slice(-3), ['connecting', 'connected', 'idle']);
  });

  it('backoff delays stay within the jitter bounds and the cap', () => {
    const o = { base: 500, max: 8000, factor: 3, jitter: 0.25 };
    for (let n = 1; n <= 8; n++) {
      const [lo, hi] = backoffBounds(n, o);
      for (const x of [0, 0.1, 0.5, 0.9, 0.999999]) {
        const d = backoffDelay(n, o, () => x);
        assert.ok(d >= lo && d <= hi, `failure ${n}, random ${x}: ${d} not in [${lo}, ${hi}]`);
      }
      assert.ok(hi <= 8000 * 1.25);
    }
    assert.deepEqual(backoffBounds(1, o), [375, 625]);
    assert.deepEqual(backoffBounds(10, o), [6000, 10000]);
    assert.equal(backoffDelay(1, DEFAULT_BACKOFF, () => 0.5), 1000);
  });

  it('real random jitter spreads the first delay within its bounds', async () => {
    r = rig({ random: Math.random, defaults: { backoff: { base: 1000, max: 60_000, factor: 2, jitter: 0.5 } } });
    r.factory.scripts.set('m', { failOpens: 1 });
    await assert.rejects(r.pool.request('m', async () => 1));
    const d = r.events.find((e) => e.state === 'reconnecting')!.delay!;
    assert.ok(d >= 500 && d <= 1500, String(d));
  });

  it('goes back to closed when the backoff ends with nobody waiting', async () => {
    r = rig();
    r.factory.scripts.set('m', { failOpens: 1 });
    await assert.rejects(r.pool.request('m', async () => 1));
    await r.clock.tickAsync(1000);
    assert.deepEqual(r.states('m'), ['connecting', 'error', 'reconnecting', 'closed']);
    assert.equal(r.factory.sessions.length, 1, 'no reconnect without demand');
  });

  it('bounds a hanging open with connectTimeout', async () => {
    r = rig({ defaults: { connectTimeout: 2000 } });
    r.factory.scripts.set('m', { openDelay: 'hang' });
    const p = track(r.pool.request('m', async () => 1));
    await r.clock.tickAsync(2000);
    assert.equal((p.error as DlmsError).code, 'timeout');
    assert.match((p.error as Error).message, /Connecting to meter 'm' took longer than 2000 ms/);
    assert.equal(r.factory.sessions[0].closeCalls, 1);
    assert.equal(r.pool.openSessions, 0);
  });

  it('releases an idle session after idleTimeout', async () => {
    r = rig({ defaults: { idleTimeout: 5000 } });
    await r.pool.request('m', async () => 1);
    await r.clock.tickAsync(4999);
    assert.equal(r.factory.sessions[0].isOpen, true);
    await r.pool.request('m', async () => 2); // activity restarts the idle time
    await r.clock.tickAsync(4999);
    assert.equal(r.factory.sessions[0].isOpen, true);
    await r.clock.tickAsync(1);
    assert.equal(r.factory.sessions[0].isOpen, false);
    assert.equal(r.states('m').at(-1), 'closed:idle');
    assert.equal(r.pool.openSessions, 0);
    assert.equal(await r.pool.request('m', async (s) => s.id), 1, 'reconnects on next use');
  });

  it('keeps alive instead of releasing when asked', async () => {
    let pings = 0;
    r = rig({ defaults: { idleTimeout: 1000, idleBehaviour: 'keep-alive' }, keepAlive: async () => { pings++; } });
    await r.pool.request('m', async () => 1);
    await r.clock.tickAsync(3500);
    assert.equal(pings, 3);
    assert.equal(r.factory.sessions.length, 1);
    assert.equal(r.factory.sessions[0].isOpen, true);
    assert.equal(r.states('m').at(-1), 'idle');
  });

  it('a failing keep-alive closes the session', async () => {
    r = rig({ defaults: { idleTimeout: 1000, idleBehaviour: 'keep-alive' }, keepAlive: async () => { throw new DlmsError('timeout', 'no answer'); } });
    await r.pool.request('m', async () => 1);
    await r.clock.tickAsync(1000);
    assert.equal(r.factory.sessions[0].isOpen, false);
    assert.deepEqual(r.states('m').slice(-2), ['error', 'closed:error']);
  });

  it('notices a dropped link and reconnects on the next request', async () => {
    r = rig();
    await r.pool.request('m', async () => 1);
    await r.clock.tickAsync(0);
    r.factory.sessions[0].drop(new DlmsError('connection-lost', 'peer reset'));
    assert.equal(r.states('m').at(-1), 'closed:lost');
    assert.equal(r.pool.status('m').lastError?.message, 'peer reset');
    assert.equal(r.pool.openSessions, 0);
    assert.equal(r.factory.sessions[0].listenerCount('closed'), 0);
    assert.equal(await r.pool.request('m', async (s) => s.id), 1);
  });

  it('a link dropped during a request fails it and the next one reconnects', async () => {
    r = rig();
    const p = r.pool.request('m', async (s) => {
      s.drop();
      throw new DlmsError('connection-lost', 'gone');
    });
    const q = r.pool.request('m', async (s) => s.id);
    await assert.rejects(p, /gone/);
    assert.equal(await q, 1);
    assert.equal(r.pool.openSessions, 1);
  });
});
