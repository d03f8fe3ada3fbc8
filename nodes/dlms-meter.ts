/** dlms-meter config node: one meter's connection settings and its shared, pooled session. */
import { MeterConnection } from '../src/node-red/meter-connection';
import { num, poolOptions, secretsOf, settingsInput } from '../src/node-red/meter-settings';
import { PoolHost } from '../src/node-red/pool-host';
import { METER_CREDENTIALS } from '../src/node-red/properties';
import type { LinkConfigNode, MeterConfigNode } from '../src/node-red/flow-node';
import { bounded, CLOSE_BUDGET_MS } from '../src/node-red/flow-node';
import type { RawConfig, RedApi } from '../src/node-red/red-types';
import { mountAdmin, type AdminRed } from '../src/node-red/admin';

export = function register(RED: RedApi): void {
  // Editor helpers: serial port list, test connection, object browser (src/node-red/admin).
  mountAdmin(RED as unknown as AdminRed);
  function DlmsMeterNode(this: MeterConfigNode, config: RawConfig): void {
    RED.nodes.createNode(this, config);
    const linkId = typeof config.link === 'string' ? config.link : '';
    const link = linkId ? (RED.nodes.getNode(linkId) as LinkConfigNode | null) : null;
    if (linkId && !link?.host) this.warn(`dlms-link ${linkId} not found: this meter uses its own connection`);
    const host = link?.host ?? new PoolHost({ maxOpen: num(config.maxSessions) ?? 10 });
    const input = settingsInput(config, secretsOf(this.credentials), RED.settings.userDir);
    this.connection = new MeterConnection(this.id, input, poolOptions(config), host, !link?.host);
    if (this.connection.error) this.error(this.connection.error.message);

    this.on('close', (_removed, done) => {
      const connection = this.connection;
      this.connection = undefined;
      if (!connection) return done();
      bounded(connection.close(), CLOSE_BUDGET_MS).then(done, done);
    });
  }
  RED.nodes.registerType('dlms-meter', DlmsMeterNode as never, { credentials: METER_CREDENTIALS });
};
