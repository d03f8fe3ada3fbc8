/** Pool status events as Node-RED node status (dot = association up, ring = not). */
import type { StatusEvent } from '../client/pool';
import type { NodeStatus } from './red-types';
import { shortMessage } from './node-error';

export function statusOf(e: StatusEvent, label?: string): NodeStatus {
  const who = label ? `${label}: ` : '';
  switch (e.state) {
    case 'connecting':
      return { fill: 'yellow', shape: 'ring', text: `${who}connecting` };
    case 'connected':
      return { fill: 'green', shape: 'dot', text: `${who}associated` };
    case 'idle':
      // Busy or idle between requests is the same to a user: the association stands.
      return { fill: 'green', shape: 'dot', text: `${who}associated` };
    case 'error':
      return { fill: 'red', shape: 'ring', text: `${who}error: ${shortMessage(e.error)}` };
    case 'reconnecting':
      return { fill: 'yellow', shape: 'ring', text: `${who}reconnecting in ${Math.max(1, Math.round((e.delay ?? 0) / 1000))} s` };
    case 'closed':
      if (e.reason === 'lost' || e.reason === 'timeout' || e.reason === 'error') {
        return { fill: 'red', shape: 'ring', text: `${who}disconnected (${e.reason})` };
      }
      return { fill: 'grey', shape: 'ring', text: `${who}disconnected` };
    default:
      return {};
  }
}

export const INVALID_CONFIG_STATUS = (why: string): NodeStatus => ({ fill: 'red', shape: 'dot', text: `invalid configuration: ${why}` });
