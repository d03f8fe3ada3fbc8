/**
 * Node-RED test helper setup for the dlms nodes. The helper loads node modules with require, so
 * the tests hand it the TypeScript node files through ts-node (no build step needed).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setClientFactory } from '../../src/node-red/client-factory';
import { FakeClient, FakeMeter } from './fake-client';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const helper: any = require('node-red-node-test-helper');
/**
 * The Node-RED under test: `node-red` (4.x, the default) or another installed package named by
 * DLMS_NODE_RED, e.g. `node-red-5` (the alias of node-red@5, which needs Node 22).
 */
export const NODE_RED_PACKAGE = process.env.DLMS_NODE_RED || 'node-red';
const nodeRedDir = path.dirname(require.resolve(`${NODE_RED_PACKAGE}/package.json`));
helper.init(require.resolve(NODE_RED_PACKAGE));

export const meterNode = require('../../nodes/dlms-meter');
export const linkNode = require('../../nodes/dlms-link');
export const readNode = require('../../nodes/dlms-read');
export const writeNode = require('../../nodes/dlms-write');
export const profileNode = require('../../nodes/dlms-profile');
export const pushInNode = require('../../nodes/dlms-push-in');
// The Catch node of the same Node-RED (node-red-5 carries its own @node-red/nodes).
export const catchNode = require(require.resolve('@node-red/nodes/core/common/25-catch.js', { paths: [nodeRedDir] }));
export const ALL_NODES = [meterNode, linkNode, readNode, writeNode, profileNode, pushInNode, catchNode];

export function tempUserDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'dlms-nodes-'));
}

/** Route every client the nodes create to fake meters, by meter name (or host). */
export function useFakes(meters: Record<string, FakeMeter>): () => void {
  setClientFactory((settings) => {
    const m = meters[settings.name ?? ''] ?? meters[settings.host ?? ''] ?? meters['*'];
    if (!m) throw new Error(`no fake meter for ${settings.name}`);
    return new FakeClient(settings, m);
  });
  return () => setClientFactory(undefined);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Msg = Record<string, any>;

/** Resolves with the next message a helper node receives. */
export function nextMessage(node: { once(e: 'input', f: (m: Msg) => void): void }, ms = 5000): Promise<Msg> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('no message within ' + ms + ' ms')), ms);
    node.once('input', (m) => {
      clearTimeout(t);
      resolve(m);
    });
  });
}

/** Collects every message a helper node receives. */
export function collect(node: { on(e: 'input', f: (m: Msg) => void): void }): Msg[] {
  const out: Msg[] = [];
  node.on('input', (m) => out.push(m));
  return out;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(10);
  }
}

/** A flow: one meter config, the node under test wired to helper h1, a Catch node wired to c1. */
export function flow(nodeUnderTest: Msg, meter: Msg = {}): Msg[] {
  return [
    { id: 'm1', type: 'dlms-meter', name: 'M1', transport: 'tcp', host: '127.0.0.1', port: 4059, ...meter },
    { id: 'n1', z: 'f1', wires: [['h1']], meter: 'm1', ...nodeUnderTest },
    { id: 'h1', z: 'f1', type: 'helper' },
    { id: 'ct', z: 'f1', type: 'catch', wires: [['c1']] },
    { id: 'c1', z: 'f1', type: 'helper' },
    { id: 'f1', type: 'tab' },
  ];
}
