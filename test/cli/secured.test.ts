import assert from 'node:assert/strict';
import { DEFAULT_KEYS, startSimulator, type Simulator } from '../../src/server';
import { dlms, PASSWORD, T0 } from './helpers';

const EK = DEFAULT_KEYS.encryptionKey.toString('hex').toUpperCase();
const AK = DEFAULT_KEYS.authenticationKey.toString('hex').toUpperCase();

/** The management client as utilities run it (HLS-GMAC, ciphered, counter bootstrap) and HDLC over TCP. */
describe('dlms: ciphered management client and HDLC', function () {
  this.timeout(20000);
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('HLS-GMAC, authenticated-encrypted, keys from the environment: read and --trace without keys', async () => {
    sim = await startSimulator({ transport: 'tcp', host: '127.0.0.1', port: 0, clock: () => T0 });
    const url = `tcp://127.0.0.1:${sim.ports[0]}?client=1&server=1&auth=high-gmac&security=authenticated-encrypted&icBootstrap=0.0.43.1.2.255`;
    const env = { DLMS_KEY: EK, DLMS_AUTH_KEY: AK, DLMS_CLIENT_SYSTEM_TITLE: '4142434445464748' };
    const r = await dlms(['read', url, '1.0.1.8.0.255', '--json', '--trace'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { unit: string }[])[0].unit, 'Wh');
    assert.match(r.stderr, /^>> tx wrapper 0001000100010/m, 'the public client bootstrap is traced too');
    assert.match(r.stderr, /"service":"get-request-normal"/, 'deciphered APDUs are shown decoded');
    assert.doesNotMatch(r.stderr + r.stdout, new RegExp(`${EK}|${AK}`, 'i'));

    const noKey = await dlms(['read', url, '1.0.1.8.0.255'], { DLMS_CLIENT_SYSTEM_TITLE: '4142434445464748' });
    assert.equal(noKey.code, 2);
    assert.match(noKey.stderr, /--key \(or DLMS_KEY\) is required/);
  });

  it('HDLC over TCP: reader reads through hdlc+tcp, trace shows HDLC frames', async () => {
    sim = await startSimulator({ transport: 'hdlc', host: '127.0.0.1', port: 0, clock: () => T0 });
    const url = `hdlc+tcp://127.0.0.1:${sim.ports[0]}?client=32&server=1&physical=17`;
    const r = await dlms(['read', url, '0.0.1.0.0.255', '--password', PASSWORD, '--trace']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /0\.0\.1\.0\.0\.255\s+Clock\s+2026-03-10T11:37:30\+05:30/);
    assert.match(r.stderr, /^>> tx hdlc 7EA0[0-9A-F]+7E$/m);
    assert.doesNotMatch(r.stderr, /3132333435363738/);
  });
});
