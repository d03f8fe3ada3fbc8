import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../src/server';
import { PASSWORD, spawnDlms, T0 } from './helpers';

/** The real `dlms` process against the in-process simulator: exit codes, stdout/stderr, no secrets. */
describe('dlms end to end (child process)', function () {
  this.timeout(30000);
  let sim: Simulator;
  let url: string;
  before(async () => {
    sim = await startSimulator({ transport: 'tcp', host: '127.0.0.1', port: 0, clock: () => T0 });
    url = `tcp://127.0.0.1:${sim.ports[0]}?client=32&server=1`;
  });
  after(() => sim.close());

  it('read: table on stdout, exit 0, password from DLMS_PASSWORD', async () => {
    const r = await spawnDlms(['read', url, '1-0:1.8.0*255', '0.0.1.0.0.255'], { DLMS_PASSWORD: PASSWORD });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^OBIS\s+NAME\s+VALUE\s+UNIT\n1\.0\.1\.8\.0\.255\s+.*\s+Wh\n0\.0\.1\.0\.0\.255\s+Clock\s+2026-03-10T11:37:30\+05:30\n$/);
  });

  it('wrong password: exit 1, one clear line, no secret, no stack trace', async () => {
    const r = await spawnDlms(['read', url, '1.0.1.8.0.255', '--password', 'NotThePassword']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^error \[authentication-failed\]: authentication failed: wrong LLS password for client 32 .*check the secret/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.doesNotMatch(r.stderr, /NotThePassword|4E6F74546865/i);
  });

  it('--trace: hex frames and decoded APDUs on stderr, the password in neither text nor hex', async () => {
    const r = await spawnDlms(['read', url, '1.0.1.8.0.255', '--trace', '--json'], { DLMS_PASSWORD: PASSWORD });
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as unknown[]).length, 1);
    assert.match(r.stderr, /^>> tx wrapper 00010020000100[0-9A-F]{2}6036/m);
    assert.match(r.stderr, /"service":"aarq".*"callingAuthenticationValue":"\[redacted\]"/);
    assert.match(r.stderr, /^<< rx apdu 61[0-9A-F]+\n\s+\{"service":"aare"/m);
    assert.doesNotMatch(r.stderr + r.stdout, /12345678|3132333435363738/);
  });

  it('usage: exit 2 with the usage of the subcommand', async () => {
    const r = await spawnDlms(['profile', url]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^error: profile needs the profile OBIS.*\nusage: dlms profile <url> <obis>/);
  });
});
