/**
 * dlms-link config node: one serial port or gateway shared by several dlms-meter nodes. Their
 * sessions live in one pool with one link lock, so they take turns on the line.
 */
import { PoolHost } from '../src/node-red/pool-host';
import { num } from '../src/node-red/meter-settings';
import { bounded, CLOSE_BUDGET_MS } from '../src/node-red/flow-node';
import type { LinkConfigNode } from '../src/node-red/flow-node';
import type { RawConfig, RedApi } from '../src/node-red/red-types';

export = function register(RED: RedApi): void {
  function DlmsLinkNode(this: LinkConfigNode, config: RawConfig): void {
    RED.nodes.createNode(this, config);
    const host = new PoolHost({ link: `link:${this.id}`, maxOpen: num(config.maxSessions) ?? 0 });
    this.host = host;
    this.on('close', (_removed, done) => {
      this.host = undefined;
      bounded(host.shutdown(), CLOSE_BUDGET_MS).then(done, done);
    });
  }
  RED.nodes.registerType('dlms-link', DlmsLinkNode as never);
};
