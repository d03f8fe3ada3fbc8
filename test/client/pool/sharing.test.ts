import assert from 'node:assert/strict';
import { DlmsError } from '../../../src/errors';
import { MergeOutcome } from '../../../src/client/pool';
import { deferred, track } from './fake-session';
import { Rig, rig, sleep, teardown } from './helpers';

describe('client/pool: limits, shared links, merging', () => {
  let r: Rig | undefined;
  afterEach(async () => {
    await teardown(r);
    r = undefined;
  });

  it('closes the least recently used idle session to respect maxOpenSessions', async () => {
    r = rig({ maxOpenSessions: 2 });
    await r.pool.request('a', async () => 1);
    await r.pool.request('b', async () => 1);
    await r.pool.request('a', async () => 2); // b is now the least recently used
    await r.clock.tickAsync(0);
    assert.equal(await r.pool.request('c', async () => 'c'), 'c');
    assert.equal(r.states('b').at(-1), 'closed:evicted');
    assert.equal(r.factory.of('a')[0].isOpen, true);
    assert.equal(r.pool.openSessions, 2);
  });

  it('waits for a busy session to finish when no idle session can be closed', async () => {
    r = rig({ maxOpenSessions: 1 });
    const hold = deferred<string>();
    const a = r.pool.request('a', () => hold.promise);
    const b = track(r.pool.request('b', async () => 'b'));
    await r.clock.tickAsync(100);
    assert.equal(b.done, false);
    assert.equal(r.factory.of('b').length, 0, 'b not opened while a holds the only slot');
    hold.resolve('a');
    assert.equal(await a, 'a');
    await r.clock.tickAsync(0);
    assert.equal(b.value, 'b');
    assert.equal(r.states('a').at(-1), 'closed:evicted');
    assert.equal(r.pool.openSessions, 1);
  });

  it('a request waiting for a slot times out with the reason', async () => {
    r = rig({ maxOpenSessions: 1 });
    r.pool.request('a', () => new Promise(() => undefined), { timeout: 10_000 });
    const b = track(r.pool.request('b', async () => 'b', { timeout: 1000 }));
    await r.clock.tickAsync(1000);
    assert.match((b.error as Error).message, /waiting for a free session, maxOpenSessions 1 reached/);
  });

  it('meters on one shared link take turns, one request at a time', async () => {
    r = rig({ meterOptions: (m) => (m === 'solo' ? {} : { link: 'COM3' }) });
    const log: string[] = [];
    let onLink = 0;
    let maxOnLink = 0;
    const task = (name: string) => async () => {
      maxOnLink = Math.max(maxOnLink, ++onLink);
      log.push(name);
      await sleep(10);
      onLink--;
    };
    const ps = [
      r.pool.request('a', task('a1')), r.pool.request('a', task('a2')), r.pool.request('a', task('a3')),
      r.pool.request('b', task('b1')), r.pool.request('b', task('b2')),
    ];
    let soloRan = false;
    const solo = r.pool.request('solo', async () => { soloRan = true; });
    await r.clock.tickAsync(0);
    assert.ok(soloRan, 'a meter on its own link is not held up');
    await r.clock.tickAsync(100);
    await Promise.all([...ps, solo]);
    assert.equal(maxOnLink, 1);
    assert.deepEqual(log, ['a1', 'b1', 'a2', 'b2', 'a3']);
  });

  it('a timed-out request keeps the link until its session is closed', async () => {
    r = rig({ meterOptions: () => ({ link: 'gw' }), closeTimeout: 3000 });
    r.factory.scripts.set('a', { hangClose: true });
    const a = track(r.pool.request('a', () => new Promise(() => undefined), { timeout: 1000 }));
    const b = track(r.pool.request('b', async () => 'b'));
    await r.clock.tickAsync(1000);
    assert.equal((a.error as DlmsError).code, 'timeout');
    assert.equal(b.done, false, 'b waits while a is being closed');
    await r.clock.tickAsync(3000);
    assert.equal(b.value, 'b', 'a hanging close is bounded by closeTimeout');
  });

  it('merges neighbouring mergeable requests, each caller getting its own result or error', async () => {
    const batches: number[][] = [];
    r = rig({
      mergers: {
        get: {
          maxItems: 3,
          run: async (_s, payloads: never[]): Promise<MergeOutcome<unknown>[]> => {
            const ns = payloads as unknown as number[];
            batches.push(ns);
            return ns.map((n) => (n < 0 ? { error: new DlmsError('object-undefined', `no ${n}`) } : { value: n * 10 }));
          },
        },
      },
    });
    const hold = deferred();
    r.pool.request('m', () => hold.promise);
    await r.clock.tickAsync(0);
    const g = [1, -2, 3, 4].map((n) => r!.pool.requestMergeable<number>('m', 'get', n));
    const w = r.pool.request('m', async () => 'write');
    const g5 = r.pool.requestMergeable<number>('m', 'get', 5);
    hold.resolve();
    assert.equal(await g[0], 10);
    await assert.rejects(g[1], (e: DlmsError) => e.code === 'object-undefined');
    assert.equal(await g[2], 30);
    assert.equal(await g[3], 40);
    assert.equal(await w, 'write');
    assert.equal(await g5, 50);
    assert.deepEqual(batches, [[1, -2, 3], [4], [5]], 'maxItems respected, never merged across the write');
  });

  it('a merger that fails or miscounts rejects every caller of the batch', async () => {
    r = rig({
      mergers: {
        boom: { run: async () => { throw new DlmsError('read-write-denied', 'denied'); } },
        short: { run: async () => [{ value: 1 }] },
      },
    });
    const hold = deferred();
    r.pool.request('m', () => hold.promise);
    await r.clock.tickAsync(0);
    const a = r.pool.requestMergeable('m', 'boom', 1);
    const b = r.pool.requestMergeable('m', 'boom', 2);
    const c = r.pool.requestMergeable('m', 'short', 1);
    const d = r.pool.requestMergeable('m', 'short', 2);
    hold.resolve();
    await assert.rejects(a, /denied/);
    await assert.rejects(b, /denied/);
    await assert.rejects(c, /returned 1 results for 2 requests/);
    await assert.rejects(d, /returned 1 results for 2 requests/);
  });
});
