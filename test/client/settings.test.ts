import assert from 'node:assert/strict';
import { DlmsError } from '../../src/errors';
import {
  ConnectionSettingsInput, normalizeSettings, redactSettings, secretBytes, validateSettings, withDefaults,
} from '../../src/client/settings';

function problemsOf(input: ConnectionSettingsInput, requireSecrets = true): string[] {
  try {
    normalizeSettings(input, { requireSecrets });
  } catch (e) {
    assert.ok(e instanceof DlmsError);
    assert.equal(e.code, 'invalid-argument');
    return e.context.problems as string[];
  }
  assert.fail('expected an InvalidArgumentError');
}

describe('client/settings', () => {
  it('fills wrapper defaults: port 4059, client 16, server 1, wPorts from the addresses', () => {
    const s = normalizeSettings({ transport: 'tcp', host: '10.0.0.5' });
    assert.equal(s.port, 4059);
    assert.equal(s.clientSap, 16);
    assert.equal(s.logicalAddress, 1);
    assert.equal(s.clientWPort, 16);
    assert.equal(s.serverWPort, 1);
    assert.equal(s.referencing, 'ln');
    assert.equal(s.authentication, 'none');
    assert.equal(s.securityPolicy, 'none');
    assert.equal(s.maxPduSize, 0xffff);
    assert.equal(s.inactivity, 'release');
    assert.deepEqual(s.secrets, {});
    assert.equal(s.physicalAddress, undefined);
    assert.equal(s.hdlc, undefined);
    assert.equal(s.baud, undefined);
  });

  it('wPorts follow explicit client/server addresses unless given', () => {
    const s = normalizeSettings({ transport: 'udp', host: 'h', clientSap: 1, logicalAddress: 5, serverWPort: 9 });
    assert.equal(s.clientWPort, 1);
    assert.equal(s.serverWPort, 9);
  });

  it('fills serial HDLC defaults: 9600 8N1, physical 17, 2-byte address, HDLC 128/1', () => {
    const s = normalizeSettings({ transport: 'serial', serialPath: '/dev/ttyUSB0' });
    assert.deepEqual([s.baud, s.dataBits, s.parity, s.stopBits], [9600, 8, 'none', 1]);
    assert.equal(s.physicalAddress, 17);
    assert.equal(s.serverAddressSize, 2);
    assert.deepEqual(s.hdlc, { maxInfoTx: 128, maxInfoRx: 128, windowTx: 1, windowRx: 1 });
    assert.equal(s.port, undefined);
    assert.equal(s.clientWPort, undefined);
  });

  it('chooses a 4-byte HDLC address when an address needs more than 7 bits', () => {
    assert.equal(normalizeSettings({ transport: 'hdlc+tcp', host: 'gw', physicalAddress: 0x1234 }).serverAddressSize, 4);
    assert.equal(normalizeSettings({ transport: 'hdlc+tcp', host: 'gw', serverAddressSize: 1 }).serverAddressSize, 1);
  });

  it('keeps partial nested objects merged with defaults', () => {
    const s = normalizeSettings({ transport: 'tcp', host: 'h', timeouts: { response: 2000 }, invocationCounter: { initial: 7 } });
    assert.deepEqual(s.timeouts, { connect: 10_000, response: 2000, inactivity: 120_000, interFrame: 500 });
    assert.deepEqual(s.invocationCounter, { initial: 7, store: 'memory' });
  });

  it('lists every problem in one error, naming the meter', () => {
    try {
      normalizeSettings({ transport: 'tcp', name: 'sub-7', port: 70000, referencing: 'xx' as never, retries: -1 });
      assert.fail('should throw');
    } catch (e) {
      assert.ok(e instanceof DlmsError);
      assert.match(e.message, /meter 'sub-7'/);
      assert.match(e.message, /host is required/);
      assert.match(e.message, /port must be an integer 1\.\.65535 \(got 70000\)/);
      assert.match(e.message, /referencing must be 'ln' or 'sn'/);
      assert.match(e.message, /retries/);
      assert.equal(e.context.meter, 'sub-7');
    }
  });

  it('rejects unknown fields and transports, and non-objects', () => {
    assert.match(problemsOf({ transport: 'tcp', host: 'h', clientSAP: 1 } as never).join(), /unknown field\(s\) clientSAP/);
    assert.match(problemsOf({ transport: 'ftp' as never }).join(), /transport must be one of tcp, udp, hdlc\+tcp, serial, optical/);
    assert.throws(() => normalizeSettings(null as never), /must be an object/);
  });

  it('checks HDLC address ranges per address size', () => {
    assert.match(problemsOf({ transport: 'serial', serialPath: 'COM3', serverAddressSize: 2, physicalAddress: 200 }).join(), /physicalAddress must be an integer 0\.\.127/);
    assert.match(problemsOf({ transport: 'serial', serialPath: 'COM3', clientSap: 200 }).join(), /clientSap .*7 bits/);
    assert.match(problemsOf({ transport: 'serial', serialPath: '' }).join(), /serialPath is required/);
    assert.match(problemsOf({ transport: 'serial', serialPath: 'x', hdlc: { windowTx: 9 } }).join(), /hdlc\.windowTx/);
  });

  it('requires the secrets the authentication and policy need, without printing any', () => {
    const p = problemsOf({ transport: 'tcp', host: 'h', authentication: 'low' });
    assert.match(p.join(), /secrets\.password is required for authentication 'low'/);
    const q = problemsOf({ transport: 'tcp', host: 'h', authentication: 'high-gmac', securityPolicy: 'authenticated-encrypted' });
    assert.match(q.join(), /secrets\.encryptionKey is required/);
    assert.match(q.join(), /secrets\.authenticationKey is required/);
    assert.match(q.join(), /clientSystemTitle/);
    // Not required when the caller supplies secrets later (URL form).
    assert.doesNotThrow(() => normalizeSettings({ transport: 'tcp', host: 'h', authentication: 'low' }, { requireSecrets: false }));
  });

  it('checks key lengths per suite and never echoes a key', () => {
    const key = '00112233445566778899AABBCCDDEEFF';
    const ok = { transport: 'tcp', host: 'h', securityPolicy: 'encrypted', clientSystemTitle: '4D4D4D0000BC614E', secrets: { encryptionKey: key } } as const;
    assert.doesNotThrow(() => normalizeSettings(ok));
    try {
      normalizeSettings({ ...ok, securitySuite: 2 });
      assert.fail('should throw');
    } catch (e) {
      assert.ok(e instanceof DlmsError);
      assert.match(e.message, /encryptionKey must be 32 bytes .* got 16 bytes/);
      assert.ok(!e.message.includes(key) && !JSON.stringify(e.context).includes(key));
    }
    assert.match(problemsOf({ ...ok, secrets: { encryptionKey: 'zz' } }).join(), /encryptionKey must be hex/);
    assert.match(problemsOf({ ...ok, secrets: { encryptionKey: key, bogus: 'x' } as never }).join(), /unknown secret\(s\) bogus/);
    assert.match(problemsOf({ ...ok, clientSystemTitle: '4D4D' }).join(), /clientSystemTitle must be 8 bytes/);
  });

  it('high-ecdsa needs suite 1 or 2 and a private key', () => {
    const p = problemsOf({ transport: 'tcp', host: 'h', authentication: 'high-ecdsa', clientSystemTitle: '4D4D4D0000BC614E' }).join();
    assert.match(p, /ecdsaPrivateKey is required/);
    assert.match(p, /needs securitySuite 1 or 2/);
  });

  it('validates invocation counter options, utcOffset and timeouts', () => {
    assert.match(problemsOf({ transport: 'tcp', host: 'h', invocationCounter: { store: 'file' } }).join(), /storePath is required/);
    assert.match(problemsOf({ transport: 'tcp', host: 'h', invocationCounter: { bootstrapObis: '0-0:43.1.0.255' } }).join(), /bootstrapObis/);
    assert.match(problemsOf({ transport: 'tcp', host: 'h', utcOffset: 900 }).join(), /utcOffset/);
    assert.match(problemsOf({ transport: 'tcp', host: 'h', timeouts: { response: 0 } }).join(), /timeouts\.response/);
    assert.doesNotThrow(() => normalizeSettings({ transport: 'tcp', host: 'h', utcOffset: 330, invocationCounter: { bootstrapObis: '0.0.43.1.0.255' } }));
  });

  it('validateSettings accepts what normalizeSettings produced and is idempotent', () => {
    const s = normalizeSettings({ transport: 'optical', serialPath: '/dev/ttyUSB1' });
    assert.doesNotThrow(() => validateSettings(s));
    assert.deepEqual(withDefaults(s), s);
  });

  it('redactSettings replaces every secret and leaves the original intact', () => {
    const s = normalizeSettings({
      transport: 'tcp', host: 'h', authentication: 'low', securityPolicy: 'encrypted', clientSystemTitle: '4D4D4D0000BC614E',
      secrets: { password: 'hunter2', encryptionKey: '000102030405060708090A0B0C0D0E0F' },
    });
    const r = redactSettings(s);
    assert.deepEqual(r.secrets, { password: '***', encryptionKey: '***' });
    assert.ok(!JSON.stringify(r).includes('hunter2'));
    assert.equal(s.secrets.password, 'hunter2');
    assert.equal(r.host, 'h');
    assert.deepEqual(redactSettings({ transport: 'tcp' } as ConnectionSettingsInput), { transport: 'tcp' });
  });

  it('secretBytes reads text, or hex after hex:', () => {
    assert.deepEqual(secretBytes('ABC'), Buffer.from('ABC'));
    assert.deepEqual(secretBytes('hex:00 11:22'), Buffer.from([0, 0x11, 0x22]));
    assert.throws(() => secretBytes('hex:zz'), /hex digits/);
    assert.match(problemsOf({ transport: 'tcp', host: 'h', secrets: { password: 'hex:xyz' } }).join(), /password starts with 'hex:'/);
  });
});
