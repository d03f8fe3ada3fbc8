#!/usr/bin/env node
/**
 * `npm run validate`: the Flow Library scorecard (`node-red-dev validate`) on this package, offline
 * (scripts/validate-offline.js answers its registry and catalogue requests from node_modules), and
 * exits non-zero unless every check passes. node-red-dev itself only prints warnings and exits 0,
 * so this reads the scorecard it writes (-o) and the log.
 *
 * Needs the build (the node definitions are read from dist/nodes/*.html, beside the .js files
 * package.json "node-red".nodes points at).
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const pkg = require(path.join(ROOT, 'package.json'));
const CHECKS = {
  P01: 'licence', P03: 'repository or bugs link', P04: 'scoped or valid name', P05: 'node-red keyword',
  P06: 'compatible with a current Node-RED', P07: 'Node.js engines compatible with Node-RED', P08: 'no similarly named package',
  N01: 'node types unique in the catalogue', N02: 'an example for every node',
  D01: 'at most 6 dependencies', D02: 'no known-incompatible package in the dependency tree', D03: 'dependencies at their latest version',
};

const problems = [];
for (const file of Object.values(pkg['node-red'].nodes)) {
  const html = path.join(ROOT, file.replace(/\.js$/, '.html'));
  if (!fs.existsSync(html)) problems.push(`${path.relative(ROOT, html)} is missing: run npm run build first`);
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dlms-validate-'));
const out = path.join(dir, 'scorecard.json');
const run = spawnSync(process.execPath, [
  '-r', path.join(__dirname, 'validate-offline.js'),
  require.resolve('node-red-dev/bin/run'), 'validate', '-p', ROOT, '-o', out,
], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
const log = `${run.stdout}${run.stderr}`;
process.stdout.write(log);

if (run.status !== 0) problems.push(`node-red-dev validate exited with ${run.status ?? run.signal}`);
for (const m of log.matchAll(/^Unable to parse .*$/gm)) problems.push(`a node's HTML could not be parsed: ${m[0]}`);
for (const m of log.matchAll(/validate-offline: [^\n]*/g)) problems.push(m[0]);

let scorecard;
try {
  scorecard = JSON.parse(fs.readFileSync(out, 'utf8'));
} catch {
  problems.push('no scorecard was written');
}
fs.rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
if (scorecard) {
  for (const [id, what] of Object.entries(CHECKS)) {
    const r = scorecard[id];
    if (!r) problems.push(`${id} (${what}) did not run`);
    else if (r.test !== true) problems.push(`${id} (${what}) failed: ${JSON.stringify(r)}`);
  }
  for (const [id, r] of Object.entries(scorecard)) {
    if (r && typeof r === 'object' && 'test' in r && !(id in CHECKS) && r.test !== true) problems.push(`${id} failed: ${JSON.stringify(r)}`);
  }
}

if (problems.length) {
  console.error(`\nFlow Library scorecard: ${problems.length} problem(s)\n  - ${problems.join('\n  - ')}`);
  process.exit(1);
}
console.log(`\nFlow Library scorecard: all ${Object.keys(CHECKS).length} checks pass (${Object.keys(CHECKS).join(', ')}; offline stubs)`);
