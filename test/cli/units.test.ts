import assert from 'node:assert/strict';
import { connectionSettings } from '../../src/cli/connection';
import { memoryIo, hideSecrets, UsageError } from '../../src/cli/io';
import { parseCommandArgs } from '../../src/cli/args';
import { table } from '../../src/cli/format';
import { maskCallingAuthentication, redactDecoded } from '../../src/cli/trace-print';
import { takeSet } from '../../src/cli/commands/clock';
import { parseLast, profileQuery } from '../../src/cli/commands/profile';
import { parseValue } from '../../src/cli/commands/write';
import { parseKeys, pushJson } from '../../src/cli/commands/listen';
import type { PushNotification } from '../../src/push';

const isUsage = (e: unknown): boolean => e instanceof UsageError;

describe('dlms CLI helpers', () => {
  describe('credentials and settings', () => {
    const URL = 'tcp://10.0.0.5:4059?client=32&server=1';
    it('option beats environment beats URL; a password alone means LLS', () => {
      const io = memoryIo({ DLMS_PASSWORD: 'fromEnv1', DLMS_KEY: '000102030405060708090A0B0C0D0E0F' });
      const s = connectionSettings(`${URL}&password=fromUrl1`, { password: 'fromOpt1' }, io);
      assert.equal(s.secrets.password, 'fromOpt1');
      assert.equal(s.secrets.encryptionKey, '000102030405060708090A0B0C0D0E0F');
      assert.equal(s.authentication, 'low');
      assert.match(io.stderr, /^warning: secrets in the URL/);
      assert.ok(io.secrets.includes('fromUrl1') && io.secrets.includes('fromOpt1'));
      assert.equal(connectionSettings(URL, {}, memoryIo({ DLMS_PASSWORD: 'x' })).secrets.password, 'x');
    });
    it('--auth, --security, titles and --timeout', () => {
      const s = connectionSettings(URL.replace('client=32', 'client=1'), {
        auth: 'high-gmac', security: 'authenticated-encrypted', key: '000102030405060708090A0B0C0D0E0F', 'auth-key': 'D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF',
        'client-system-title': '4142434445464748', 'system-title': '4D4D4D0000BC614E', timeout: '2s',
      }, memoryIo());
      assert.equal(s.authentication, 'high-gmac');
      assert.equal(s.securityPolicy, 'authenticated-encrypted');
      assert.equal(s.clientSystemTitle, '4142434445464748');
      assert.equal(s.serverSystemTitle, '4D4D4D0000BC614E');
      assert.equal(s.timeouts.response, 2000);
    });
    it('an explicit auth=none in the URL is kept; problems name the options, never the values', () => {
      assert.equal(connectionSettings(`${URL}&auth=none`, { password: 'abcdefgh' }, memoryIo()).authentication, 'none');
      assert.throws(() => connectionSettings(URL, { auth: 'high-gmac' }, memoryIo()), (e: Error) => isUsage(e) && /--key \(or DLMS_KEY\) is required/.test(e.message) && /--client-system-title/.test(e.message));
      assert.throws(() => connectionSettings(URL, { key: 'secretnothex' }, memoryIo()), (e: Error) => isUsage(e) && /--key \(or DLMS_KEY\) must be hex/.test(e.message) && !e.message.includes('secretnothex'));
      assert.throws(() => connectionSettings(URL, { auth: 'lls' }, memoryIo()), isUsage);
      assert.throws(() => connectionSettings(URL, { timeout: 'soon' }, memoryIo()), isUsage);
      assert.throws(() => connectionSettings(undefined, {}, memoryIo()), isUsage);
    });
  });

  describe('secrets in output', () => {
    it('the AARQ calling-authentication-value is masked whatever its length', () => {
      assert.equal(maskCallingAuthentication('6036A109AC0A80083132333435363738BE10'), '6036A109AC0A8008[redacted]BE10');
      assert.equal(maskCallingAuthentication('AC03800131BE'), 'AC038001[redacted]BE');
      assert.equal(maskCallingAuthentication('AC0A8009313233'), 'AC0A8009313233', 'inconsistent lengths are left alone');
    });
    it('decoded trace: secret-named values hidden, flags kept', () => {
      assert.deepEqual(
        redactDecoded({ callingAuthenticationValue: { hex: '3132' }, userInformation: [{ broadcastKey: false, dedicatedKey: '00FF', invocationCounter: 1 }] }),
        { callingAuthenticationValue: '[redacted]', userInformation: [{ broadcastKey: false, dedicatedKey: '[redacted]', invocationCounter: 1 }] },
      );
    });
    it('hideSecrets hides hex forms always and text forms of 8+ characters', () => {
      const io = { secrets: ['12345678', 'abc', 'hex:A1B2C3'] };
      assert.equal(hideSecrets(io, 'pw 12345678 hex 3132333435363738 ab 616263 abc a1b2c3'), 'pw [redacted] hex [redacted] ab [redacted] abc [redacted]');
    });
  });

  it('parseCommandArgs: negative numbers are values, not options', () => {
    const { values, positionals } = parseCommandArgs(['url', '-300', '--json', '-1.5'], { json: { type: 'boolean' } });
    assert.deepEqual(positionals, ['url', '-300', '-1.5']);
    assert.equal(values.json, true);
  });

  it('parseValue: JSON, else text; --type wraps as typed JSON', () => {
    assert.equal(parseValue('5'), 5);
    assert.deepEqual(parseValue('[1,"a"]'), [1, 'a']);
    assert.equal(parseValue('hello world'), 'hello world');
    assert.deepEqual(parseValue('7', 'long-unsigned'), { type: 'long-unsigned', value: 7 });
    assert.deepEqual(parseValue('0102', 'octet-string'), { type: 'octet-string', value: '0102' });
    assert.deepEqual(parseValue('"x y"', 'visible-string'), { type: 'visible-string', value: 'x y' });
    assert.throws(() => parseValue('5', 'uint16'), (e: Error) => isUsage(e) && /long-unsigned/.test(e.message));
    assert.throws(() => parseValue('five', 'long'), isUsage);
  });

  it('profileQuery: range, --last, --entries, --columns, --scalers', () => {
    const now = new Date('2026-03-10T06:00:00Z');
    assert.deepEqual(profileQuery({ from: '2026-03-10T09:00:00+05:30', to: '2026-03-10T10:00:00+05:30' }, now), { from: '2026-03-10T09:00:00+05:30', to: '2026-03-10T10:00:00+05:30' });
    assert.deepEqual(profileQuery({ from: '2026-03-09' }, now), { from: '2026-03-09', to: now });
    assert.deepEqual(profileQuery({ last: '2d' }, now), { from: new Date('2026-03-08T06:00:00Z'), to: now });
    assert.deepEqual(profileQuery({ entries: '3..10', columns: 'time, 1.0.1.8.0.255,2', scalers: 'none' }, now), { fromEntry: 3, toEntry: 10, columns: ['time', '1.0.1.8.0.255', 2], scalers: 'none' });
    assert.deepEqual(profileQuery({ entries: '90..' }, now), { fromEntry: 90, toEntry: 0 });
    assert.equal(parseLast('15m'), 900_000);
    for (const bad of [{ to: '2026-03-10' }, { from: 'yesterday' }, { from: '2026-03-11', to: '2026-03-10' }, { last: '1y' }, { entries: '0..5' }, { entries: '5..2' }, { scalers: 'some' }, { last: '1h', from: '2026-03-10' }]) {
      assert.throws(() => profileQuery(bad, now), isUsage, JSON.stringify(bad));
    }
  });

  it('takeSet: --set, --set <iso>, --set=<iso>; the URL is not taken for a time', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    assert.deepEqual(takeSet(['tcp://h', '--json'], () => now), { rest: ['tcp://h', '--json'], set: undefined });
    assert.deepEqual(takeSet(['--set', 'tcp://h'], () => now), { rest: ['tcp://h'], set: now });
    assert.deepEqual(takeSet(['tcp://h', '--set', '2026-03-10T09:00:00+05:30'], () => now).set, new Date('2026-03-10T03:30:00Z'));
    assert.deepEqual(takeSet(['tcp://h', '--set=2026-03-10T09:00:00Z'], () => now).set, new Date('2026-03-10T09:00:00Z'));
    assert.throws(() => takeSet(['--set=2026-13-45'], () => now), isUsage);
  });

  it('listen: --key parsing and the JSON line shape', () => {
    const io = memoryIo();
    assert.deepEqual(parseKeys(['4d4d4d0000bc614e=000102030405060708090A0B0C0D0E0F:D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF'], io), {
      '4D4D4D0000BC614E': { encryptionKey: '000102030405060708090A0B0C0D0E0F', authenticationKey: 'D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF' },
    });
    assert.equal(io.secrets.length, 2);
    assert.throws(() => parseKeys(['4D4D4D0000BC614E'], io), isUsage);
    const n = {
      systemTitle: '4D4D4D0000BC614E', meter: null, service: 'data-notification', time: '2026-11-25T08:00:00Z', invokeId: 1,
      values: [{ index: 0, obis: '1.0.1.8.0.255', value: 1, type: 'double-long-unsigned' }], body: null, bodyTyped: { type: 'null-data' },
      security: null, source: { transport: 'tcp', peer: 'tcp://127.0.0.1:5', framing: 'wrapper' }, raw: '0F', receivedAt: '2026-11-25T08:00:01Z',
    } as unknown as PushNotification;
    assert.deepEqual(pushJson(n), {
      systemTitle: '4D4D4D0000BC614E', meter: null, time: '2026-11-25T08:00:00Z', invokeId: 1, service: 'data-notification',
      values: [{ obis: '1.0.1.8.0.255', value: 1, type: 'double-long-unsigned' }], peer: 'tcp://127.0.0.1:5', ciphered: false, receivedAt: '2026-11-25T08:00:01Z', raw: '0F',
    });
  });

  it('table: columns padded, structures as compact JSON', () => {
    assert.equal(table(['A', 'B'], [['xx', { k: 1 }], [1, null]]), 'A   B\nxx  {"k":1}\n1\n');
  });
});
