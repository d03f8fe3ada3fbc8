/**
 * What every dlms flow node does with its dlms-meter: find it, register for status, deregister on
 * close (within Node-RED's 15 s close budget), and refuse messages with a clear error without one.
 */
import { DlmsError } from '../errors';
import type { MeterConnection } from './meter-connection';
import type { PoolHost } from './pool-host';
import type { RawConfig, RedApi, RedNode } from './red-types';

/** A dlms-meter config node as flow nodes see it. */
export interface MeterConfigNode extends RedNode {
  connection?: MeterConnection;
}

/** A dlms-link config node as dlms-meter nodes see it. */
export interface LinkConfigNode extends RedNode {
  host?: PoolHost;
}

export const CLOSE_BUDGET_MS = 14_000;

export function useMeter(RED: RedApi, node: RedNode, config: RawConfig): () => MeterConnection {
  const id = typeof config.meter === 'string' ? config.meter : '';
  const meterNode = id ? (RED.nodes.getNode(id) as MeterConfigNode | null) : null;
  const connection = meterNode?.connection;
  const user = { id: node.id, status: (s: object) => node.status(s) };
  if (connection) connection.register(user);
  else node.status({ fill: 'red', shape: 'dot', text: 'no dlms-meter configured' });

  node.on('close', (_removed, done) => {
    if (!connection) return done();
    node.status({});
    bounded(connection.deregister(user), CLOSE_BUDGET_MS).then(done, done);
  });

  return () => {
    if (!connection) {
      throw new DlmsError('invalid-argument', `Node '${node.name || node.id}' has no dlms-meter configuration: open the node and choose or add a meter`);
    }
    return connection;
  };
}

/** `p`, but settled after `ms` at the latest (Node-RED stops waiting after 15 s anyway). */
export function bounded(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    p.then(() => undefined, () => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
