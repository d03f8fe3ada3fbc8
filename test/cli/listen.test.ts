import assert from 'node:assert/strict';
import { main } from '../../src/cli/dlms';
import { memoryIo } from '../../src/cli/io';
import { DEFAULT_KEYS, PushSender, SimMeter } from '../../src/server';
import { spawnDlms } from './helpers';

const EK = DEFAULT_KEYS.encryptionKey.toString('hex').toUpperCase();
const AK = DEFAULT_KEYS.authenticationKey.toString('hex').toUpperCase();

/** Resolves with the port once the listener has said where it listens. */
async function listeningPort(read: () => string): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const m = /listening on (?:tcp|udp):\/\/127\.0\.0\.1:(\d+)/.exec(read());
    if (m) return Number(m[1]);
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`the listener did not start: ${read()}`);
}

describe('dlms listen <- the simulator push sender', function () {
  this.timeout(30000);

  it('prints one JSON line per ciphered push (--key title=EK:AK, --policy encrypted), stops after --count', async () => {
    const meter = new SimMeter({ serial: '12345678' });
    const title = meter.systemTitle.toString('hex').toUpperCase();
    const io = memoryIo();
    const run = main(['listen', '--port', '0', '--count', '2', '--json', '--policy', 'encrypted', '--key', `${title}=${EK}:${AK}`], io);
    const port = await listeningPort(() => io.stderr);
    const sender = new PushSender(meter, { destination: `tcp://127.0.0.1:${port}`, ciphered: true });
    try {
      sender.trigger();
      await new Promise((r) => setTimeout(r, 50));
      sender.trigger();
      assert.equal(await run, 0, io.stderr);
    } finally {
      await sender.close();
    }
    const lines = io.stdout.trim().split('\n').map((l) => JSON.parse(l) as { systemTitle: string; ciphered: boolean; values: { type: string; value: unknown }[]; raw: string });
    assert.equal(lines.length, 2);
    for (const n of lines) {
      assert.equal(n.systemTitle, title);
      assert.equal(n.ciphered, true);
      // The energy register (the listener has no push object list for it: the value comes by position).
      assert.ok(n.values.some((v) => v.type === 'double-long-unsigned' && typeof v.value === 'number'), JSON.stringify(n.values));
      assert.match(n.raw, /^[0-9A-F]+$/);
    }
    assert.doesNotMatch(io.stdout + io.stderr, new RegExp(`${EK}|${AK}`, 'i'));
    assert.match(io.stderr, /2 notification\(s\)/);
  });

  it('text output over UDP; a plain push refused by --policy is reported on stderr; Ctrl-C (abort) ends it with 0', async () => {
    const meter = new SimMeter({ serial: '23456789' });
    const ac = new AbortController();
    const io = memoryIo({}, ac.signal);
    const run = main(['listen', '--udp', '--port', '0'], io);
    const port = await listeningPort(() => io.stderr);
    const sender = new PushSender(meter, { destination: `udp://127.0.0.1:${port}` });
    try {
      sender.trigger();
      for (let i = 0; i < 100 && !io.stdout.includes('#3'); i++) await new Promise((r) => setTimeout(r, 20));
      ac.abort();
      assert.equal(await run, 0, io.stderr);
    } finally {
      await sender.close();
    }
    assert.match(io.stdout, /data-notification #1 .*from udp:\/\/127\.0\.0\.1:\d+ plain/);
    assert.match(io.stdout, /\n\s+0\.0\.25\.9\.0\.255\s+Push setup\s+0\.0\.25\.9\.0\.255\n/);
    assert.match(io.stdout, /\n\s+#3\s+\d+\n/);

    const strict = memoryIo();
    const ac2 = new AbortController();
    strict.signal = ac2.signal;
    const run2 = main(['listen', '--port', '0', '--policy', 'authenticated'], strict);
    const port2 = await listeningPort(() => strict.stderr);
    const plain = new PushSender(meter, { destination: `tcp://127.0.0.1:${port2}` });
    try {
      plain.trigger();
      for (let i = 0; i < 100 && !strict.stderr.includes('rejected'); i++) await new Promise((r) => setTimeout(r, 20));
      ac2.abort();
      assert.equal(await run2, 0);
    } finally {
      await plain.close();
    }
    assert.match(strict.stderr, /rejected \[policy-violation\] from tcp:\/\/127\.0\.0\.1:\d+: plain \(unprotected\) push/);
    assert.equal(strict.stdout, '');
  });

  it('usage errors: a URL, a bad --key, a bad policy', async () => {
    for (const args of [['tcp://127.0.0.1:4059'], ['--key', 'nothex=00'], ['--policy', 'strict'], ['--port', '70000']]) {
      const io = memoryIo();
      assert.equal(await main(['listen', ...args], io), 2, args.join(' '));
      assert.match(io.stderr, /^error: .*\nusage: dlms listen/);
    }
  });

  it('end to end: the real command prints the push as a JSON line and exits after --count 1', async () => {
    const meter = new SimMeter({ serial: '34567890' });
    let sender: PushSender | undefined;
    let started = false;
    const run = spawnDlms(['listen', '--port', '0', '--count', '1', '--json'], {}, (err) => {
      const m = /listening on tcp:\/\/127\.0\.0\.1:(\d+)/.exec(err);
      if (!m || started) return;
      started = true;
      sender = new PushSender(meter, { destination: `tcp://127.0.0.1:${m[1]}` });
      sender.trigger();
    });
    const r = await run;
    await sender?.close();
    assert.equal(r.code, 0, r.stderr);
    const n = JSON.parse(r.stdout.trim()) as { systemTitle: string | null; values: unknown[] };
    assert.ok(n.values.length >= 3);
  });

  it('end to end: Ctrl-C (SIGINT) stops the listener cleanly with exit 0', async () => {
    let sent = false;
    const r = await spawnDlms(['listen', '--port', '0'], {}, (err, child) => {
      if (sent || !/listening on/.test(err)) return;
      sent = true;
      child.kill('SIGINT');
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /0 notification\(s\)\n$/);
  });
});
