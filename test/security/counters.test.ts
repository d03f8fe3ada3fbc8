import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileCounterStore, MemoryCounterStore } from '../../src/security/counter-store';
import { InvocationCounter } from '../../src/security/invocation-counter';
import { ReplayGuard } from '../../src/security/replay';
import { protectNext, unprotect, decodeCiphered } from '../../src/security';

describe('invocation counters', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dlms-ic-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('increments with every use, in order even when called concurrently', async () => {
    const ic = new InvocationCounter(new MemoryCounterStore(), 'tx:A');
    const values = await Promise.all([ic.next(), ic.next(), ic.next()]);
    assert.deepEqual(values, [0, 1, 2]);
    assert.equal(await ic.peek(), 3);
  });

  it('file store: created with mode 0600 and written atomically (no temporary file left)', async () => {
    const file = path.join(dir, 'counters.json');
    const store = new FileCounterStore(file);
    await store.set('tx:4D4D4D0000000001', 5);
    // POSIX permissions; Windows has no such mode bits.
    if (process.platform !== 'win32') assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), { 'tx:4D4D4D0000000001': 5 });
    assert.deepEqual(fs.readdirSync(dir), ['counters.json']);
  });

  it('survives a restart: a new process continues above every value handed out', async () => {
    const file = path.join(dir, 'counters.json');
    const a = new InvocationCounter(new FileCounterStore(file), 'tx:X');
    assert.equal(await a.next(), 0);
    assert.equal(await a.next(), 1);
    const b = new InvocationCounter(new FileCounterStore(file), 'tx:X');
    assert.equal(await b.next(), 2);
  });

  it('with a reserve, a restart skips at most the reserved block and never reuses a value', async () => {
    const store = new MemoryCounterStore();
    const a = new InvocationCounter(store, 'k', { reserve: 100 });
    for (let i = 0; i < 5; i++) await a.next();
    assert.equal(await store.get('k'), 100);
    const b = new InvocationCounter(store, 'k', { reserve: 100 });
    assert.equal(await b.next(), 100);
  });

  it('advanceTo raises but never lowers', async () => {
    const ic = new InvocationCounter(new MemoryCounterStore(), 'k');
    await ic.advanceTo(50);
    assert.equal(await ic.next(), 50);
    await ic.advanceTo(10);
    assert.equal(await ic.next(), 51);
  });

  it('refuses to wrap around at 2^32 - 1', async () => {
    const ic = new InvocationCounter(new MemoryCounterStore(), 'k', { initial: 0xffffffff });
    assert.equal(await ic.next(), 0xffffffff);
    await assert.rejects(ic.next(), { code: 'invocation-counter-exhausted', message: /renew the keys/ });
  });

  it('a corrupt counter file is reported, not silently reset to zero', async () => {
    const file = path.join(dir, 'counters.json');
    fs.writeFileSync(file, '{not json');
    await assert.rejects(new FileCounterStore(file).get('k'), { code: 'counter-store-failed' });
  });

  it('replay guard: counters at or below the last accepted are rejected, and persist', async () => {
    const store = new FileCounterStore(path.join(dir, 'rx.json'));
    const g = new ReplayGuard(store);
    g.accept('ST', 10);
    assert.throws(() => g.check('ST', 10), { code: 'replay-detected' });
    assert.throws(() => g.check('ST', 3), { code: 'replay-detected' });
    g.check('ST', 11);
    g.check('OTHER', 1);
    await g.flush();
    const after = new ReplayGuard(store);
    await after.restore('ST');
    assert.throws(() => after.check('ST', 10), { code: 'replay-detected' });
  });

  it('protectNext: every ciphered APDU takes a new counter value, and the receiver accepts them in order only', async () => {
    const st = Buffer.from('4D4D4D0000000001', 'hex');
    const key = Buffer.alloc(16, 1);
    const ctx = { systemTitle: st, peerSystemTitle: st, encryptionKey: key, authenticationKey: key };
    const counter = new InvocationCounter(new MemoryCounterStore(), 'tx', { initial: 10 });
    const plain = Buffer.from('C001C100010000600100FF0200', 'hex');
    const a = await protectNext(plain, ctx, counter, { envelope: 'glo' });
    const b = await protectNext(plain, ctx, counter, { envelope: 'glo' });
    const ca = decodeCiphered(a);
    const cb = decodeCiphered(b);
    assert.ok(ca.kind === 'service-specific' && cb.kind === 'service-specific');
    assert.deepEqual([ca.invocationCounter, cb.invocationCounter], [10, 11]);
    const rx = { ...ctx, replayGuard: new ReplayGuard() };
    unprotect(b, rx);
    assert.throws(() => unprotect(a, rx), { code: 'replay-detected' });
  });
});
