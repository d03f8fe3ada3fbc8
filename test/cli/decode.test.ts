import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { DlmsError } from '../../src/errors';
import * as path from 'node:path';
import { loadVectors } from '../helpers/vectors';
import { decodeHex } from '../../src/cli/decode';
import '../../src/cli/decode-layers';

const CLI = path.join(__dirname, '..', '..', 'src', 'cli', 'dlms.ts');
const run = (args: string[]) =>
  spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', CLI, ...args], { encoding: 'utf8', cwd: path.join(__dirname, '..', '..') });

describe('dlms decode', () => {
  for (const v of loadVectors('axdr.json')) {
    it(`axdr ${v.id} decodes to its expect`, () => assert.deepEqual(decodeHex(v.hex, 'axdr'), v.expect));
  }
  for (const v of loadVectors('cosem.json')) {
    it(`cosem ${v.id} decodes to its expect`, () => assert.deepEqual(decodeHex(v.hex, 'cosem'), v.expect));
  }
  for (const v of loadVectors('hdlc.json')) {
    it(`hdlc ${v.id} decodes to its expect (also without --layer)`, () => {
      assert.deepEqual(decodeHex(v.hex, 'hdlc'), v.expect);
      if (v.hex.startsWith('7E') && v.hex.endsWith('7E')) assert.deepEqual(decodeHex(v.hex, undefined), v.expect);
    });
  }
  for (const v of loadVectors('wrapper.json')) {
    it(`wrapper ${v.id} decodes to its expect`, () => assert.deepEqual(decodeHex(v.hex, 'wrapper'), v.expect));
  }
  for (const v of loadVectors('apdu.json')) {
    it(`apdu ${v.id} ${v.expect.valid === false ? 'is rejected' : 'decodes to its expect'}`, () => {
      if (v.expect.valid === false) assert.throws(() => decodeHex(v.hex, 'apdu'), (e: unknown) => e instanceof DlmsError);
      else assert.deepEqual(decodeHex(v.hex, 'apdu'), v.expect);
    });
  }
  for (const v of loadVectors('security.json').filter((x) => x.kind === 'protected-apdu')) {
    const keys = v.keys as { encryptionKey?: string; authenticationKey?: string };
    it(`apdu ${v.id} ${v.expect.valid === false ? 'fails authentication' : 'deciphers to its expect'} with --key/--auth-key/--system-title`, () => {
      const opts = { key: keys.encryptionKey, authKey: keys.authenticationKey, systemTitle: v.systemTitle as string };
      if (v.expect.valid === false) {
        assert.throws(() => decodeHex(v.hex, 'apdu', opts), (e: unknown) => e instanceof DlmsError && e.code === 'authentication-failed');
        return;
      }
      assert.deepEqual(decodeHex(v.hex, 'apdu', opts), v.expect);
    });
  }
  it('runs as a command and prints JSON', function () {
    this.timeout(30000);
    const r = run(['decode', '--layer', 'axdr', '--json', '1200FF']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { type: 'long-unsigned', value: 255 });
  });
  it('prints a clear error and exits non-zero on invalid input', function () {
    this.timeout(30000);
    const r = run(['decode', '--layer', 'axdr', '0906AABB']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^error \[truncated\]: truncated input: octet-string needs 6 byte\(s\), 2 left \(at offset 2\)/);
    const bad = run(['decode', 'XYZ']);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /not valid hex/);
  });
  it('deciphers a Green Book example from the command line', function () {
    this.timeout(30000);
    const r = run(['decode', '--layer', 'apdu', '--key', '000102030405060708090A0B0C0D0E0F', '--auth-key', 'D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF', '--system-title', '4D4D4D0000BC614E', '21303001234567801302FF8A7874133D414CED25B42534D28DB0047720606B175BD52211BE6841DB204D39EE6FDB8E356855']);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.plaintextDecoded.service, 'initiate-request');
    assert.ok(!r.stdout.includes('000102030405060708090A0B0C0D0E0F'), 'the key is not echoed');
  });
  it('exits 2 with usage for an unknown command', function () {
    this.timeout(30000);
    const r = run(['frobnicate']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /usage:/);
  });
});
