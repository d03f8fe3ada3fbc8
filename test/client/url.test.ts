import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DlmsError } from '../../src/errors';
import { ConnectionSettingsInput, normalizeSettings } from '../../src/client/settings';
import { formatConnectionUrl, parseConnectionUrl } from '../../src/client/url';

function errorOf(url: string): DlmsError {
  try {
    parseConnectionUrl(url);
  } catch (e) {
    assert.ok(e instanceof DlmsError, String(e));
    assert.equal(e.code, 'invalid-argument');
    return e;
  }
  assert.fail(`expected ${url} to be rejected`);
}

describe('client/url', () => {
  it('parses the CONTRACTS examples', () => {
    const tcp = parseConnectionUrl('tcp://10.0.0.5:4059?client=16&server=1');
    assert.deepEqual([tcp.transport, tcp.host, tcp.port, tcp.clientSap, tcp.logicalAddress], ['tcp', '10.0.0.5', 4059, 16, 1]);
    assert.equal(parseConnectionUrl('udp://meter.local?client=1&server=1').port, 4059);
    const gw = parseConnectionUrl('hdlc+tcp://gw:5000?client=16&server=1&physical=17');
    assert.deepEqual([gw.transport, gw.host, gw.port, gw.physicalAddress, gw.serverAddressSize], ['hdlc+tcp', 'gw', 5000, 17, 2]);
    const ser = parseConnectionUrl('serial:///dev/ttyUSB0?baud=9600&server=1&physical=17');
    assert.deepEqual([ser.transport, ser.serialPath, ser.baud, ser.logicalAddress, ser.physicalAddress], ['serial', '/dev/ttyUSB0', 9600, 1, 17]);
    const opt = parseConnectionUrl('optical:///dev/ttyUSB0');
    assert.deepEqual([opt.transport, opt.serialPath], ['optical', '/dev/ttyUSB0']);
  });

  it('accepts Windows ports, IPv6 hosts, hex addresses, durations and offsets', () => {
    assert.equal(parseConnectionUrl('serial://COM3').serialPath, 'COM3');
    assert.equal(parseConnectionUrl('serial:///COM12').serialPath, 'COM12');
    assert.equal(parseConnectionUrl('tcp://[fe80::1]:4060').host, 'fe80::1');
    const s = parseConnectionUrl('hdlc+tcp://gw?physical=0x1001&timeout=2s&connectTimeout=1500ms&utcOffset=%2B05:30&referencing=SN&auth=high&suite=1');
    assert.equal(s.physicalAddress, 0x1001);
    assert.equal(s.serverAddressSize, 4);
    assert.equal(s.timeouts.response, 2000);
    assert.equal(s.timeouts.connect, 1500);
    assert.equal(s.utcOffset, 330);
    assert.equal(s.referencing, 'sn');
    assert.equal(s.authentication, 'high');
    assert.equal(s.securitySuite, 1);
    assert.equal(parseConnectionUrl('tcp://h?utcOffset=-0300').utcOffset, -180);
    assert.equal(parseConnectionUrl('tcp://h?utcOffset=+01:00').utcOffset, 60, "a raw '+' decodes as a space");
    assert.equal(parseConnectionUrl('serial:///dev/ttyS0?parity=e&dataBits=7').parity, 'even');
  });

  it('moves secrets into `secrets` (discouraged but accepted)', () => {
    const s = parseConnectionUrl('tcp://h?auth=low&password=hunter2&encryptionKey=000102030405060708090A0B0C0D0E0F');
    assert.deepEqual(s.secrets, { password: 'hunter2', encryptionKey: '000102030405060708090A0B0C0D0E0F' });
    assert.equal((s as unknown as Record<string, unknown>).password, undefined);
  });

  it('does not require secrets (they come separately)', () => {
    assert.equal(parseConnectionUrl('tcp://h?auth=high-gmac').authentication, 'high-gmac');
  });

  it('rejects unknown parameters listing the allowed ones', () => {
    const e = errorOf('tcp://h?client=16&srever=1');
    assert.match(e.message, /'srever' is unknown; allowed: client, server, physical/);
    assert.ok((e.context.allowed as string[]).includes('timeout'));
  });

  it('rejects bad schemes, shapes and values with a hint', () => {
    assert.match(errorOf('http://h').message, /must start with tcp:\/\/, udp:\/\/, hdlc\+tcp:\/\/, serial:\/\/, optical:\/\//);
    assert.match(errorOf('').message, /empty/);
    assert.match(errorOf('tcp://').message, /no host|not well-formed/);
    assert.match(errorOf('serial://').message, /no serial device/);
    assert.match(errorOf('tcp://h/x').message, /must not have a path/);
    assert.match(errorOf('serial:///dev/ttyS0?client=1&client=2').message, /given twice/);
    assert.match(errorOf('tcp://h?client=abc').message, /client='abc' must be an integer/);
    assert.match(errorOf('tcp://h?auth=strong').message, /auth='strong' must be one of none, low, high/);
    assert.match(errorOf('tcp://h?timeout=soon').message, /duration/);
    assert.match(errorOf('tcp://h:99999').message, /not well-formed|port/);
    assert.match(errorOf('hdlc+tcp://h?server=200&addressSize=2').message, /server \(logicalAddress\) must be an integer 0\.\.127/);
  });

  it('never echoes credentials from the URL in errors', () => {
    const e = errorOf('tcp://admin:s3cret@h');
    assert.ok(!e.message.includes('s3cret') && !JSON.stringify(e.context).includes('s3cret'));
    const f = errorOf('tcp://h?encryptionKey=s3cret&suite=9');
    assert.ok(!f.message.includes('s3cret'));
  });

  it('formats the contract forms without defaults or secrets', () => {
    assert.equal(formatConnectionUrl({ transport: 'tcp', host: '10.0.0.5' }), 'tcp://10.0.0.5:4059?client=16&server=1');
    assert.equal(formatConnectionUrl({ transport: 'serial', serialPath: '/dev/ttyUSB0' }), 'serial:///dev/ttyUSB0?client=16&server=1&physical=17&baud=9600');
    assert.equal(formatConnectionUrl({ transport: 'tcp', host: '::1', port: 4060 }), 'tcp://[::1]:4060?client=16&server=1');
    const url = formatConnectionUrl({ transport: 'tcp', host: 'h', authentication: 'low', secrets: { password: 'hunter2' } });
    assert.equal(url, 'tcp://h:4059?client=16&server=1&auth=low');
  });

  it('round-trips through the URL form (except secrets)', () => {
    const arb = fc.record({
      transport: fc.constantFrom('tcp', 'udp', 'hdlc+tcp', 'serial', 'optical'),
      host: fc.constantFrom('10.0.0.5', 'meter-7.example', 'fe80::1'),
      serialPath: fc.constantFrom('/dev/ttyUSB0', 'COM4', '/dev/serial/by-id/usb-FTDI if00'),
      port: fc.integer({ min: 1, max: 65535 }),
      clientSap: fc.integer({ min: 0, max: 127 }),
      logicalAddress: fc.integer({ min: 0, max: 0x3fff }),
      physicalAddress: fc.integer({ min: 0, max: 0x3fff }),
      referencing: fc.constantFrom('ln', 'sn'),
      authentication: fc.constantFrom('none', 'low', 'high', 'high-gmac'),
      securitySuite: fc.constantFrom(0, 1, 2),
      retries: fc.integer({ min: 0, max: 10 }),
      name: fc.option(fc.string({ minLength: 1, maxLength: 12 }), { nil: undefined }),
      utcOffset: fc.option(fc.integer({ min: -840, max: 840 }), { nil: undefined }),
      timeouts: fc.record({ response: fc.integer({ min: 1, max: 600_000 }) }),
      baud: fc.constantFrom(300, 9600, 19200),
      password: fc.string(),
    }).map(({ password, ...r }): ConnectionSettingsInput => {
      const { transport, host, serialPath, port, baud, ...rest } = r;
      const net = transport === 'tcp' || transport === 'udp' || transport === 'hdlc+tcp';
      return { transport, ...(net ? { host, port } : { serialPath, baud }), ...rest, secrets: { password } } as ConnectionSettingsInput;
    });
    fc.assert(fc.property(arb, (input) => {
      const s = normalizeSettings(input, { requireSecrets: false });
      const back = parseConnectionUrl(formatConnectionUrl(s));
      assert.deepEqual(back, { ...s, secrets: {} });
    }), { numRuns: 300 });
  });
});
