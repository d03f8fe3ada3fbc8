/**
 * Fault injection against the real client, the session pool and the simulator, through the
 * FaultProxy (delay, corrupt, cut mid-stream, blackhole) and the simulator's own faults (refused
 * associations, reboot). Each fault gives a DlmsError with a clear code, and the pool recovers by
 * itself: the next request after the fault clears succeeds. No unhandled rejection anywhere.
 */
import assert from 'node:assert/strict';
import { createClient } from '../../src/client';
import type { DlmsClient } from '../../src/client/api';
import type { ConnectionSettingsInput } from '../../src/client/settings';
import { SessionPool } from '../../src/client/pool';
import type { CounterStore } from '../../src/security/counter-store';
import { startSimulator, type Simulator } from '../../src/server';
import { isDlmsError, type DlmsError } from '../../src/errors';
import { FaultProxy } from './proxy';

const T0 = Date.UTC(2026, 2, 10, 6, 7, 30);
const KEYS = { encryptionKey: '000102030405060708090A0B0C0D0E0F', authenticationKey: 'D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF' };
const PROFILE = '1.0.99.1.0.255';

/** A counter store whose values the test can move (the "client store behind the meter" fault). */
class OpenStore implements CounterStore {
  readonly values = new Map<string, number>();
  async get(key: string): Promise<number | undefined> {
    return this.values.get(key);
  }
  async set(key: string, value: number): Promise<void> {
    this.values.set(key, value);
  }
}

function lls(port: number, extra: Partial<ConnectionSettingsInput> = {}): ConnectionSettingsInput {
  return { transport: 'tcp', host: '127.0.0.1', port, clientSap: 32, authentication: 'low', secrets: { password: '12345678' }, utcOffset: 330, name: 'meter-under-test', timeouts: { connect: 2000, response: 700 }, retries: 0, ...extra };
}

function gmac(port: number): ConnectionSettingsInput {
  return {
    transport: 'tcp', host: '127.0.0.1', port, clientSap: 1, authentication: 'high-gmac', securityPolicy: 'authenticated-encrypted',
    clientSystemTitle: '4142434445464748', invocationCounter: { bootstrapObis: '0.0.43.1.2.255' }, secrets: KEYS, utcOffset: 330,
    timeouts: { connect: 2000, response: 1000 }, retries: 0, name: 'ciphered-meter',
  };
}

function poolFor(settings: () => ConnectionSettingsInput, store?: CounterStore): SessionPool<DlmsClient> {
  return new SessionPool<DlmsClient>({
    createSession: () => createClient(settings(), store ? { counterStore: store } : {}),
    // Fast reconnects for the test; the pool's own policy otherwise.
    defaults: { requestTimeout: 8000, connectTimeout: 4000, idleTimeout: 0, backoff: { base: 20, max: 200, factor: 2, jitter: 0 } },
    closeTimeout: 1000,
    shutdownTimeout: 3000,
  });
}

/** Error codes seen per fault, printed once at the end (FAULT_REPORT=1) for the robustness report. */
const seen: string[] = [];

async function expectDlmsError(p: Promise<unknown>, codes: string[]): Promise<DlmsError> {
  try {
    await p;
  } catch (e) {
    assert.ok(isDlmsError(e), `not a DlmsError: ${String(e)}`);
    seen.push(`${e.code}: ${e.message}`);
    assert.ok(codes.includes(e.code), `code ${e.code} (${e.message}) is not one of ${codes.join(', ')}`);
    return e;
  }
  throw new assert.AssertionError({ message: `expected one of ${codes.join(', ')}, the request succeeded` });
}

/** The pool recovers: a request succeeds within `ms` (the reconnect backoff may still be running). */
async function recovers<T>(f: () => Promise<T>, ms = 6000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (let i = 0; Date.now() < end && i < 40; i++) {
    try {
      return await f();
    } catch (e) {
      last = e;
      assert.ok(isDlmsError(e), `not a DlmsError while recovering: ${String(e)}`);
      seen.push(`(recovering) ${e.code}: ${e.message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`did not recover within ${ms} ms: ${String(last)}`);
}

describe('robustness: fault injection (client + pool + simulator + proxy)', function () {
  this.timeout(30000);
  let sim: Simulator | undefined;
  let proxy: FaultProxy | undefined;
  let pool: SessionPool<DlmsClient> | undefined;
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown): void => void unhandled.push(e);

  before(() => process.on('unhandledRejection', onUnhandled));
  after(() => {
    process.off('unhandledRejection', onUnhandled);
    if (process.env.FAULT_REPORT) console.log(seen.join('\n'));
  });
  afterEach(async () => {
    await pool?.shutdown();
    await proxy?.close();
    await sim?.close();
    pool = undefined;
    proxy = undefined;
    sim = undefined;
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(unhandled.map(String), [], 'unhandled rejections');
  });

  async function setup(opts: Parameters<typeof startSimulator>[0] = {}): Promise<FaultProxy> {
    sim = await startSimulator({ transport: 'tcp', clock: () => T0, ...opts });
    proxy = new FaultProxy({ port: sim.ports[0] });
    await proxy.listen();
    return proxy;
  }

  it('connection cut in the middle of a block transfer (whole load profile): clear error, then the pool reconnects', async () => {
    const px = await setup();
    pool = poolFor(() => lls(px.port));
    const ok = await pool.request('m', (c) => c.readProfile(PROFILE));
    assert.ok(ok.rows.length > 20, `profile of ${ok.rows.length} rows`);
    const whole = px.stats.bytesToClient;
    px.faults = { cutAfterBytes: Math.floor(whole / 2) };
    px.dropAll();
    await new Promise((r) => setTimeout(r, 200)); // the pool notices the loss; the next request reconnects
    await expectDlmsError(pool.request('m', (c) => c.readProfile(PROFILE)), ['connection-closed', 'connection-lost', 'timeout', 'not-connected', 'link-closed']);
    assert.ok(px.stats.cuts >= 1);
    px.faults = {};
    const again = await recovers(() => pool!.request('m', (c) => c.readProfile(PROFILE)));
    assert.equal(again.rows.length, ok.rows.length);
  });

  it('meter reboot (server restarts on the same port, counters back to 0): the ciphered session comes back', async () => {
    sim = await startSimulator({ transport: 'tcp', clock: () => T0 });
    const port = sim.ports[0];
    const store = new OpenStore();
    pool = poolFor(() => gmac(port), store);
    const v1 = await pool.request('m', (c) => c.get({ obis: '1.0.1.8.0.255', classId: 3 }));
    assert.equal(v1.unit, 'Wh');
    await sim.close();
    sim = await startSimulator({ transport: 'tcp', clock: () => T0, port });
    const v2 = await recovers(() => pool!.request('m', (c) => c.get({ obis: '1.0.1.8.0.255', classId: 3 })));
    assert.equal(v2.unit, 'Wh');
  });

  it('simulator reboot fault (counters reset while connected): requests keep succeeding or fail clearly, then recover', async () => {
    sim = await startSimulator({ transport: 'tcp', clock: () => T0, faults: { rebootEveryMs: 300 } });
    const store = new OpenStore();
    pool = poolFor(() => gmac(sim!.ports[0]), store);
    for (let i = 0; i < 8; i++) {
      await recovers(() => pool!.request('m', (c) => c.get({ obis: '1.0.1.8.0.255', classId: 3 })));
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  it('corrupted frames: a DlmsError (no crash, no hang), then recovery when the line is clean', async () => {
    const px = await setup();
    pool = poolFor(() => lls(px.port));
    await pool.request('m', (c) => c.get('1.0.32.7.0.255'));
    px.faults = { corruptRate: 1 };
    px.dropAll();
    const codes = new Set<string>();
    for (let i = 0; i < 5; i++) {
      try {
        await pool.request('m', (c) => c.readProfile(PROFILE));
      } catch (e) {
        assert.ok(isDlmsError(e), `not a DlmsError: ${String(e)}`);
        codes.add(e.code);
        seen.push(`(corrupt) ${e.code}: ${e.message}`);
      }
    }
    assert.ok(codes.size > 0, 'every corrupted exchange succeeded?');
    px.faults = {};
    await recovers(() => pool!.request('m', (c) => c.readProfile(PROFILE)));
  });

  it('slow responses beyond the response timeout: timeout, then recovery', async () => {
    const px = await setup();
    pool = poolFor(() => lls(px.port));
    await pool.request('m', (c) => c.get('1.0.32.7.0.255'));
    px.faults = { delayMs: 1500 };
    const t0 = Date.now();
    await expectDlmsError(pool.request('m', (c) => c.get('1.0.32.7.0.255')), ['timeout']);
    assert.ok(Date.now() - t0 < 5000, 'the timeout fired late');
    px.faults = {};
    await recovers(() => pool!.request('m', (c) => c.get('1.0.32.7.0.255')));
  });

  it('a meter that stops answering (blackhole): timeout, then recovery', async () => {
    const px = await setup();
    pool = poolFor(() => lls(px.port));
    await pool.request('m', (c) => c.get('1.0.32.7.0.255'));
    px.faults = { blackhole: true };
    await expectDlmsError(pool.request('m', (c) => c.get('1.0.32.7.0.255')), ['timeout']);
    px.faults = {};
    await recovers(() => pool!.request('m', (c) => c.get('1.0.32.7.0.255')));
  });

  it('association refused: its own error code, then recovery when the meter accepts again', async () => {
    const px = await setup();
    sim!.meters[0].faults.refuseAssociations = true;
    pool = poolFor(() => lls(px.port));
    const e = await expectDlmsError(pool.request('m', (c) => c.get('1.0.32.7.0.255')), ['association-rejected', 'association-refused']);
    assert.doesNotMatch(e.message, /12345678/);
    sim!.meters[0].faults.refuseAssociations = false;
    await recovers(() => pool!.request('m', (c) => c.get('1.0.32.7.0.255')));
  });

  it('invocation counter out of sync (the client store behind the meter): resynchronised or a clear error, then recovery', async () => {
    sim = await startSimulator({ transport: 'tcp', clock: () => T0 });
    const port = sim.ports[0];
    const store = new OpenStore();
    pool = poolFor(() => gmac(port), store);
    for (let i = 0; i < 3; i++) await pool.request('m', (c) => c.get({ obis: '1.0.1.8.0.255', classId: 3 }));
    assert.ok(store.values.size > 0, 'the client stored its counter');
    const before = [...store.values.values()];
    // Lower every stored counter: the client would now reuse IVs the meter has seen.
    for (const k of store.values.keys()) store.values.set(k, 1);
    await pool.shutdown();
    pool = poolFor(() => gmac(port), store);
    const codes: string[] = [];
    const v = await recovers(async () => {
      try {
        return await pool!.request('m', (c) => c.get({ obis: '1.0.1.8.0.255', classId: 3 }));
      } catch (e) {
        codes.push((e as DlmsError).code);
        throw e;
      }
    });
    assert.equal(v.unit, 'Wh');
    // Whatever happened, the client never went below what the meter had seen.
    assert.ok(Math.max(...store.values.values()) > Math.max(...before), `store ${[...store.values.values()]} vs before ${before}; errors ${codes}`);
  });
});
