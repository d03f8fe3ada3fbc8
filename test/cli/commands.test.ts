import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../src/server';
import { dlms, HLS_SECRET, PASSWORD, T0 } from './helpers';

/** Each meter subcommand called in-process against the in-process simulator. */
describe('dlms meter commands (in-process, simulator)', function () {
  this.timeout(20000);
  let sim: Simulator;
  let reader: string;
  let manager: string;
  before(async () => {
    sim = await startSimulator({ transport: 'tcp', host: '127.0.0.1', port: 0, clock: () => T0 });
    reader = `tcp://127.0.0.1:${sim.ports[0]}?client=32&server=1`;
    manager = `tcp://127.0.0.1:${sim.ports[0]}?client=2&server=1&auth=high-md5`;
  });
  after(() => sim.close());

  describe('read', () => {
    it('prints a table of obis, name, value and unit for every reference form', async () => {
      const r = await dlms(['read', reader, '1-0:1.8.0*255', '3/1.0.32.7.0.255/2', '1.0.32.7.0.255:3', '--password', PASSWORD]);
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.trim().split('\n');
      assert.match(lines[0], /^OBIS\s+NAME\s+VALUE\s+UNIT$/);
      assert.match(lines[1], /^1\.0\.1\.8\.0\.255\s+Active energy import \(\+A\), total\s+\d+\s+Wh$/);
      assert.match(lines[2], /^1\.0\.32\.7\.0\.255\s+Voltage L1\s+2\d\d(\.\d+)?\s+V$/);
      assert.match(lines[3], /^1\.0\.32\.7\.0\.255:3\s+Voltage L1\s+\{"scaler":-2,"unit":35/);
      assert.equal(r.stderr, '');
    });

    it('--json prints the ValueResult array; the password may come from DLMS_PASSWORD', async () => {
      const r = await dlms(['read', reader, '1.0.1.8.0.255', '0.0.1.0.0.255', '--json'], { DLMS_PASSWORD: PASSWORD });
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { obis: string; classId: number; attribute: number; unit?: string; value: unknown; readAt: string }[];
      assert.equal(out.length, 2);
      assert.deepEqual([out[0].obis, out[0].classId, out[0].attribute, out[0].unit], ['1.0.1.8.0.255', 3, 2, 'Wh']);
      assert.equal(typeof out[0].value, 'number');
      assert.equal(out[1].value, '2026-03-10T11:37:30+05:30');
    });

    it('a denied item: the table shows its code, stderr the message, exit 1', async () => {
      const pub = `tcp://127.0.0.1:${sim.ports[0]}?client=16&server=1`;
      const r = await dlms(['read', pub, '0.0.1.0.0.255', '1.0.1.8.0.255']);
      assert.equal(r.code, 1);
      assert.match(r.stdout, /1\.0\.1\.8\.0\.255\s+.*\((object-undefined|read-write-denied)\)/);
      assert.match(r.stderr, /^error \[(object-undefined|read-write-denied)\]: 1\.0\.1\.8\.0\.255/m);
    });

    it('wrong password: exit 1, "error [authentication-failed]" saying what to check, no secret', async () => {
      const secret = 'Wr0ngPassw0rd';
      const r = await dlms(['read', reader, '1.0.1.8.0.255', '--password', secret]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^error \[authentication-failed\]: .*password.*client 32/);
      assert.doesNotMatch(r.stdout + r.stderr, /Wr0ngPassw0rd|5772306E6750617373773072/i);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    });

    it('a missing password for an LLS URL is a usage error naming the option', async () => {
      const r = await dlms(['read', `${reader}&auth=low`, '1.0.1.8.0.255']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /--password \(or DLMS_PASSWORD\) is required/);
    });

    it('usage errors exit 2: no reference, unknown option, bad URL, bad reference', async () => {
      assert.equal((await dlms(['read', reader])).code, 2);
      assert.equal((await dlms(['read', reader, '1.0.1.8.0.255', '--bogus'])).code, 2);
      const bad = await dlms(['read', 'http://x', '1.0.1.8.0.255']);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /must start with tcp:\/\//);
      const ref = await dlms(['read', reader, '1.0.1.8.x.255', '--password', PASSWORD]);
      assert.equal(ref.code, 2);
      assert.match(ref.stderr, /1\.0\.1\.8\.x/);
      assert.equal((await dlms(['action', reader, '0.0.96.3.10.255'])).code, 2);
      assert.equal((await dlms(['nonsense'])).code, 2);
      const help = await dlms(['--help']);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /dlms read <url> <ref>\.\.\.[\s\S]*dlms listen[\s\S]*DLMS_PASSWORD/);
    });
  });

  describe('objects', () => {
    it('objects: the object list as a table and as JSON', async () => {
      const t = await dlms(['objects', reader, '--password', PASSWORD]);
      assert.equal(t.code, 0, t.stderr);
      assert.match(t.stdout, /^CLASS\s+OBIS\s+NAME\s+ACCESS/);
      assert.match(t.stdout, /\n3 Register\s+1\.0\.1\.8\.0\.255\s+Active energy import \(\+A\), total\s+r r r \| -\n/);
      assert.match(t.stdout, /\n\d+ object\(s\)/);
      const j = await dlms(['objects', reader, '--password', PASSWORD, '--json', '--class', '70']);
      const list = JSON.parse(j.stdout) as { classId: number; obis: string; attributes: unknown[] }[];
      assert.deepEqual(list.map((o) => [o.classId, o.obis]), [[70, '0.0.96.3.10.255']]);
      assert.ok(list[0].attributes.length >= 4);
    });
  });

  describe('profile', () => {
    it('by range: a table with time and unit headers', async () => {
      const r = await dlms(['profile', reader, '1.0.99.1.0.255', '--from', '2026-03-10T09:00:00+05:30', '--to', '2026-03-10T10:00:00+05:30', '--password', PASSWORD]);
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.trim().split('\n');
      assert.match(lines[0], /^time\s+1\.0\.1\.8\.0\.255 \[Wh\]/);
      assert.match(lines[1], /^2026-03-10T09:00:00\+05:30\s+\d+/);
      assert.equal(lines.at(-1), '5 row(s)');
    });

    it('--json: payload rows and columns (CONTRACTS "A profile"), some columns by entry', async () => {
      const r = await dlms(['profile', reader, '1.0.99.1.0.255', '--entries', '1..3', '--columns', 'time,1.0.1.8.0.255', '--json', '--password', PASSWORD]);
      assert.equal(r.code, 0, r.stderr);
      const p = JSON.parse(r.stdout) as { payload: Record<string, unknown>[]; columns: { obis: string; unit?: string }[] };
      assert.equal(p.payload.length, 3);
      assert.deepEqual(Object.keys(p.payload[0]), ['time', '1.0.1.8.0.255']);
      assert.deepEqual(p.columns.map((c) => [c.obis, c.unit]), [['0.0.1.0.0.255', undefined], ['1.0.1.8.0.255', 'Wh']]);
    });

    it('conflicting selections are usage errors', async () => {
      const r = await dlms(['profile', reader, '1.0.99.1.0.255', '--last', '1h', '--entries', '1..2']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /choose one of/);
    });
  });

  describe('write', () => {
    it('write then read back (HLS-MD5 client, secret from the environment); negative values need no --', async () => {
      const env = { DLMS_HLS_SECRET: HLS_SECRET };
      const w = await dlms(['write', manager, '0.0.1.0.0.255:3', '-300'], env);
      assert.equal(w.code, 0, w.stderr);
      assert.match(w.stdout, /0\.0\.1\.0\.0\.255:3\s+success/);
      const typed = await dlms(['write', manager, '0.0.25.9.0.255:5', '7', '--type', 'long-unsigned', '--json'], env);
      assert.equal(typed.code, 0, typed.stderr);
      assert.equal((JSON.parse(typed.stdout) as { result: string }).result, 'success');
      const r = await dlms(['read', manager, '0.0.1.0.0.255:3', '0.0.25.9.0.255:5', '--json'], env);
      assert.deepEqual((JSON.parse(r.stdout) as { value: unknown }[]).map((x) => x.value), [-300, 7]);
    });
  });

  describe('write (refused)', () => {
    it('write refused by the meter: exit 1 with the access error', async () => {
      const w = await dlms(['write', manager, '1.0.1.8.0.255', '5', '--hls-secret', HLS_SECRET]);
      assert.equal(w.code, 1);
      assert.match(w.stdout, /read-write-denied/);
      assert.match(w.stderr, /^error \[read-write-denied\]: 1\.0\.1\.8\.0\.255/);
    });
  });

  describe('action', () => {
    it('action: remote disconnect then reconnect (disconnect control)', async () => {
      const s = ['--hls-secret', HLS_SECRET];
      const off = await dlms(['action', manager, '70/0.0.96.3.10.255/1', ...s]);
      assert.equal(off.code, 0, off.stderr);
      assert.match(off.stdout, /0\.0\.96\.3\.10\.255\/method 1\s+success/);
      const state = async () => (JSON.parse((await dlms(['read', manager, '0.0.96.3.10.255:2', '--json', ...s])).stdout) as { raw: unknown }[])[0].raw;
      assert.equal(await state(), false);
      const on = await dlms(['action', manager, '70/0.0.96.3.10.255/2', '0', '--json', ...s]);
      assert.equal((JSON.parse(on.stdout) as { result: string }).result, 'success');
      assert.equal(await state(), true);
    });
  });

  describe('clock', () => {
    it('clock: read, set to a given time, --set=now', async () => {
      const s = ['--hls-secret', HLS_SECRET];
      const r = await dlms(['clock', reader, '--password', PASSWORD]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^2026-\d\d-\d\dT\d\d:\d\d:\d\d\+05:30\n$/);
      const set = await dlms(['clock', manager, '--set', '2026-03-10T09:00:00+05:30', ...s]);
      assert.equal(set.code, 0, set.stderr);
      assert.match(set.stderr, /clock set to 2026-03-10T03:30:00.000Z: success/);
      assert.equal(set.stdout, '2026-03-10T09:00:00+05:30\n');
      const now = await dlms(['clock', '--set', manager, '--json', ...s]);
      assert.equal(now.code, 0, now.stderr);
      assert.equal((JSON.parse(now.stdout) as { obis: string }).obis, '0.0.1.0.0.255');
      assert.equal((await dlms(['clock', manager, '--set=yesterday', ...s])).code, 2);
    });
  });

  describe('--trace', () => {
    it('--trace: every frame as hex and decoded JSON on stderr, the LLS password masked', async () => {
      const r = await dlms(['read', reader, '1.0.1.8.0.255', '--trace', '--password', PASSWORD]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /^>> tx wrapper 0001[0-9A-F]+/m);
      assert.match(r.stderr, /^<< rx apdu C4[0-9A-F]+/m);
      assert.match(r.stderr, /"service":"get-request-normal"/);
      assert.match(r.stderr, /AC0A8008\[redacted\]BE/);
      assert.doesNotMatch(r.stderr + r.stdout, /3132333435363738|12345678/i);
    });
  });
});
