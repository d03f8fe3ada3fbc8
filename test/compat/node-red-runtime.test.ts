/**
 * Which Node-RED the node tests (test/nodes/) ran on: `npm test` runs them twice, on node-red 4
 * under the default Node and on the node-red-5 package under Node 22 (DLMS_NODE_RED=node-red-5,
 * see scripts/test-all.js). This makes the second run prove it really loaded Node-RED 5.
 */
import * as assert from 'node:assert/strict';
import { helper, NODE_RED_PACKAGE } from '../nodes/helpers';

describe(`node tests runtime (${NODE_RED_PACKAGE})`, () => {
  it('the helper loaded the selected Node-RED, on a Node.js it supports', () => {
    const expected: { version: string; engines?: { node?: string } } = require(`${NODE_RED_PACKAGE}/package.json`);
    // Node-RED appends "-git" when a .git folder sits three levels above its runtime (here: this repo's).
    const version = String(helper._RED.version()).replace(/-git$/, '');
    assert.equal(version, expected.version);
    const min = /(\d+)(?:\.(\d+))?/.exec(expected.engines?.node ?? '')!;
    const [major, minor] = process.versions.node.split('.').map(Number);
    assert.ok(major > Number(min[1]) || (major === Number(min[1]) && minor >= Number(min[2] ?? 0)), `Node ${process.version} is below ${expected.engines?.node}`);
    if (process.env.DLMS_NODE_RED === 'node-red-5') assert.match(version, /^5\./);
  });
});
