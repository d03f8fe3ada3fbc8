import assert from 'node:assert/strict';
import { DlmsError } from '../../../src/errors';
import { SessionPool } from '../../../src/client/pool';
import { deferred, track } from './fake-session';
import { Rig, rig, sleep, teardown } from './helpers';

describe('client/pool: queue', () => {
  let r: Rig | undefined;
  afterEach(async () => {
    await teardown(r);
    r = undefined;
  });

  it('runs requests to one meter one at a time in FIFO order on one reused session', async () => {
    r = rig();
    const log: string[] = [];
    let active = 0;
    let maxActive = 0;
    const task = (n: number, ms: number) => async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      log.push(`start ${n}`);
      await sleep(ms);
      log.push(`end ${n}`);
      active--;
      return n;
    };
    const ps = [r.pool.request('m1', task(1, 30)), r.pool.request('m1', task(2, 10)), r.pool.request('m1', task(3, 20))];
    await r.clock.tickAsync(100);
    assert.deepEqual(await Promise.all(ps), [1, 2, 3]);
    assert.deepEqual(log, ['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
    assert.equal(maxActive, 1);
    assert.equal(r.factory.sessions.length, 1);
    assert.equal(await r.pool.request('m1', async (s) => s.id), 0, 'same session reused');
  });

  it('runs different meters in parallel', async () => {
    r = rig();
    let active = 0;
    let maxActive = 0;
    const task = async () => {
      maxActive = Math.max(maxActive, ++active);
      await sleep(10);
      active--;
    };
    const ps = ['a', 'b', 'c'].map((m) => r!.pool.request(m, task));
    await r.clock.tickAsync(20);
    await Promise.all(ps);
    assert.equal(maxActive, 3);
  });

  it("overflow 'reject' refuses the new request with queue-full", async () => {
    r = rig({ defaults: { maxQueue: 2 } });
    const hold = deferred();
    const first = track(r.pool.request('m', () => hold.promise));
    await r.clock.tickAsync(0);
    const q = [track(r.pool.request('m', async () => 'q1')), track(r.pool.request('m', async () => 'q2'))];
    await assert.rejects(r.pool.request('m', async () => 'q3'), (e: DlmsError) => e.code === 'queue-full' && /Queue for meter 'm' is full \(2 requests/.test(e.message));
    hold.resolve();
    await r.clock.tickAsync(0);
    assert.ok(first.done && q.every((t) => t.done));
    assert.deepEqual(q.map((t) => t.value), ['q1', 'q2']);
    assert.equal(r.pool.status('m').queued, 0);
  });

  it("overflow 'drop-oldest' rejects the oldest queued request with queue-full", async () => {
    r = rig({ defaults: { maxQueue: 2, overflow: 'drop-oldest' } });
    const hold = deferred();
    r.pool.request('m', () => hold.promise);
    await r.clock.tickAsync(0);
    const q1 = r.pool.request('m', async () => 'q1');
    const q2 = r.pool.request('m', async () => 'q2');
    const q3 = r.pool.request('m', async () => 'q3');
    await assert.rejects(q1, (e: DlmsError) => e.code === 'queue-full' && /dropped/.test(e.message));
    hold.resolve();
    await r.clock.tickAsync(0);
    assert.deepEqual(await Promise.all([q2, q3]), ['q2', 'q3']);
  });

  it('times out a running request, aborts it and re-opens the session for the next one', async () => {
    r = rig({ defaults: { requestTimeout: 1000 } });
    let signal: AbortSignal | undefined;
    const hung = r.pool.request('m', (_s, sig) => {
      signal = sig;
      return new Promise(() => undefined);
    });
    const next = r.pool.request('m', async (s) => s.id, { timeout: 5000 });
    await r.clock.tickAsync(999);
    assert.equal(track(hung).done, false);
    await r.clock.tickAsync(1);
    await assert.rejects(hung, (e: DlmsError) => e.code === 'timeout' && /did not complete the request within 1000 ms/.test(e.message));
    assert.equal(signal?.aborted, true);
    assert.equal(await next, 1, 'runs on a fresh session');
    assert.equal(r.factory.sessions[0].closeCalls, 1);
    assert.ok(r.states('m').includes('closed:timeout'));
  });

  it('times out a queued request without touching the session, saying why it waited', async () => {
    r = rig();
    const hold = deferred<string>();
    const first = r.pool.request('m', () => hold.promise, { timeout: 10_000 });
    const queued = r.pool.request('m', async () => 'never', { timeout: 500 });
    await r.clock.tickAsync(500);
    await assert.rejects(queued, (e: DlmsError) => e.code === 'timeout' && /before it could be sent \(queued behind 1 other/.test(e.message));
    hold.resolve('ok');
    assert.equal(await first, 'ok');
    assert.equal(r.factory.sessions[0].closeCalls, 0);
    assert.equal(r.factory.sessions[0].isOpen, true);
  });

  it('passes task errors to the caller and keeps the session for non-fatal ones', async () => {
    r = rig();
    const denied = new DlmsError('read-write-denied', 'no');
    await assert.rejects(r.pool.request('m', async () => { throw denied; }), denied);
    assert.equal(await r.pool.request('m', async (s) => s.id), 0);
    await assert.rejects(r.pool.request('m', async () => { throw new DlmsError('malformed-frame', 'bad'); }), /bad/);
    assert.equal(await r.pool.request('m', async (s) => s.id), 1, 'fatal error: fresh session');
  });

  it('rejects bad arguments clearly', async () => {
    r = rig();
    await assert.rejects(r.pool.request('', async () => 1), /meter key/);
    await assert.rejects(r.pool.request('m', async () => 1, { timeout: 0 }), /positive/);
    await assert.rejects(r.pool.requestMergeable('m', 'get', 1), /No merger named 'get' \(configured: none\)/);
    assert.throws(() => new SessionPool({ createSession: () => ({}) as never, defaults: { maxQueue: 0 } }), /maxQueue must be an integer >= 1/);
    assert.throws(() => new SessionPool({} as never), /createSession/);
    await teardown(r);
    r = rig({ meterOptions: () => ({ idleBehaviour: 'keep-alive' }) });
    await assert.rejects(r.pool.request('m', async () => 1), /needs a keepAlive function/);
  });
});
