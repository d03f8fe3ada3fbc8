/**
 * `npm run soak`: the library under steady load for a long time. One simulator process-internal
 * with --meters polled meters (LLS, TCP wrapper, through a SessionPool), a second with --meters
 * push meters sending ciphered Data-Notifications to a PushListener. Resident memory (and heap)
 * sampled every --sample seconds; after the warm-up (first 20 %, at least 30 s) the growth must
 * stay under 10 % and no error may occur. Not part of CI (default 30 minutes).
 *
 *   npm run soak -- --minutes 5 --meters 200 --poll 10 --push 10
 */
import { createClient } from '../src/client';
import type { DlmsClient } from '../src/client/api';
import { SessionPool } from '../src/client/pool';
import { PushListener } from '../src/push';
import { startSimulator, DEFAULT_KEYS } from '../src/server';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : dflt;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
}

const MINUTES = arg('minutes', 30);
const METERS = arg('meters', 200);
const POLL_S = arg('poll', 10);
const PUSH_S = arg('push', 10);
const SAMPLE_S = arg('sample', 10);
const MB = 1048576;

interface Sample { t: number; rss: number; heap: number }

async function main(): Promise<void> {
  const durationMs = MINUTES * 60_000;
  const errors: string[] = [];
  const noteError = (where: string, e: unknown): void => {
    if (errors.length < 50) errors.push(`${where}: ${(e as { code?: string }).code ?? ''} ${(e as Error).message ?? String(e)}`);
    else errors.length++;
  };
  process.on('unhandledRejection', (e) => noteError('unhandledRejection', e));

  // Push side: the listener and META push meters sending ciphered notifications to it.
  const TITLE0 = 0x4d4d4d0000000001n;
  const titles = new Set(Array.from({ length: METERS }, (_, i) => (TITLE0 + BigInt(i)).toString(16).toUpperCase().padStart(16, '0')));
  const listener = new PushListener({
    tcp: { port: 0, host: '127.0.0.1' },
    keys: (t: string) => (titles.has(t) ? { encryptionKey: DEFAULT_KEYS.encryptionKey, authenticationKey: DEFAULT_KEYS.authenticationKey } : undefined),
    policy: 'encrypted',
    maxConnections: METERS * 2,
  });
  let pushes = 0;
  listener.on('notification', () => void pushes++);
  listener.on('rejected', (e) => noteError('push rejected', e));
  listener.on('error', (e) => noteError('push listener', e));
  const lport = (await listener.listen()).tcp as number;
  const pushSim = await startSimulator({
    transport: 'tcp', meters: METERS, serial: 30000001, systemTitle: TITLE0.toString(16).toUpperCase(),
    push: { destination: `tcp://127.0.0.1:${lport}`, intervalMs: PUSH_S * 1000, ciphered: true, onError: (e) => noteError('push send', e) },
  });

  // Polling side: METERS meters, one pooled LLS session each.
  const pollSim = await startSimulator({ transport: 'tcp', meters: METERS });
  const pool = new SessionPool<DlmsClient>({
    createSession: (m) => createClient({ transport: 'tcp', host: '127.0.0.1', port: pollSim.ports[Number(m)], clientSap: 32, authentication: 'low', secrets: { password: '12345678' }, name: `meter-${m}` }),
    defaults: { idleTimeout: POLL_S * 3000, requestTimeout: 30_000 },
  });
  let polls = 0;
  let inFlight = 0;
  const poll = (): void => {
    for (let i = 0; i < METERS; i++) {
      if (inFlight > METERS * 4) return; // never pile up without bound
      inFlight++;
      pool.request(String(i), (c) => c.getMany(['1.0.32.7.0.255', '1.0.1.8.0.255', '0.0.1.0.0.255']))
        .then(() => void polls++, (e: unknown) => noteError(`poll meter ${i}`, e))
        .finally(() => void inFlight--);
    }
  };
  const pollTimer = setInterval(poll, POLL_S * 1000);
  poll();

  const samples: Sample[] = [];
  const t0 = Date.now();
  const sample = (): void => {
    const m = process.memoryUsage();
    samples.push({ t: (Date.now() - t0) / 1000, rss: m.rss, heap: m.heapUsed });
    const s = samples[samples.length - 1];
    console.log(`t=${s.t.toFixed(0).padStart(5)} s  rss ${(s.rss / MB).toFixed(1)} MB  heap ${(s.heap / MB).toFixed(1)} MB  polls ${polls}  pushes ${pushes}  errors ${errors.length}  open sessions ${pollSim.connections}`);
  };
  console.log(`soak: ${MINUTES} min, ${METERS} polled meters every ${POLL_S} s, ${METERS} push meters every ${PUSH_S} s`);
  const sampleTimer = setInterval(sample, SAMPLE_S * 1000);
  await new Promise((r) => setTimeout(r, durationMs));
  clearInterval(pollTimer);
  clearInterval(sampleTimer);
  sample();
  await pool.shutdown();
  await pushSim.close();
  await pollSim.close();
  await listener.close();

  // Warm-up: the first 20 % (at least 30 s). Compare the mean of the first and last 3 samples after it.
  const warm = Math.max(30, (durationMs / 1000) * 0.2);
  const after = samples.filter((s) => s.t >= warm);
  const mean = (xs: Sample[], k: 'rss' | 'heap'): number => xs.reduce((n, s) => n + s[k], 0) / Math.max(1, xs.length);
  const first = mean(after.slice(0, 3), 'rss');
  const last = mean(after.slice(-3), 'rss');
  const growth = after.length >= 4 ? (last - first) / first : NaN;
  const heapGrowth = after.length >= 4 ? (mean(after.slice(-3), 'heap') - mean(after.slice(0, 3), 'heap')) / mean(after.slice(0, 3), 'heap') : NaN;
  console.log(`\npolls ${polls}, pushes received ${pushes}, errors ${errors.length}`);
  console.log(`rss after warm-up (${warm.toFixed(0)} s): ${(first / MB).toFixed(1)} MB -> ${(last / MB).toFixed(1)} MB (${(growth * 100).toFixed(1)} %), heap ${(heapGrowth * 100).toFixed(1)} %`);
  for (const e of errors.slice(0, 20)) console.log(`  error: ${e}`);
  const ok = errors.length === 0 && Number.isFinite(growth) && growth < 0.1 && polls > 0 && pushes > 0;
  console.log(ok ? 'soak: OK' : `soak: FAILED${Number.isFinite(growth) ? '' : ' (too short to judge growth: run longer or sample more often)'}`);
  process.exitCode = ok ? 0 : 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 2;
});
