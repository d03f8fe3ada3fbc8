import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { loadVectors } from '../helpers/vectors';
import { decodeHex } from '../../src/cli/decode';

const CLI = path.join(__dirname, '..', '..', 'src', 'cli', 'dlms.ts');
const run = (args: string[]) =>
  spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', CLI, ...args], { encoding: 'utf8', cwd: path.join(__dirname, '..', '..') });

describe('dlms decode', () => {
  for (const v of loadVectors('axdr.json')) {
    it(`axdr ${v.id} decodes to its expect`, () => assert.deepEqual(decodeHex(v.hex, 'axdr'), v.expect));
  }
  for (const v of loadVectors('cosem.json').filter((x) => x.expect.kind !== 'scaler-unit')) {
    it(`cosem ${v.id} decodes to its expect`, () => assert.deepEqual(decodeHex(v.hex, 'cosem'), v.expect));
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
  it('exits 2 with usage for an unknown command', function () {
    this.timeout(30000);
    const r = run(['frobnicate']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /usage:/);
  });
});
