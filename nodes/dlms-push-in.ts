/**
 * dlms-push-in: listens for DLMS push notifications (TCP and/or UDP, bound to 127.0.0.1 unless
 * configured) and sends one message per notification (CONTRACTS "A push") in msg.payload.
 * Ciphered pushes are opened with the per-meter key table (a credential); pushes below the
 * policy, unknown senders and malformed frames go to node.error (Catch-able), at a bounded rate.
 */
import * as path from 'node:path';
import { PushListener, type PushNotification, type PushPeer, type PushSecurityPolicy } from '../src/push';
import type { DlmsError } from '../src/errors';
import { FileCounterStore } from '../src/security/counter-store';
import { num, counterFile } from '../src/node-red/meter-settings';
import { toFlowError } from '../src/node-red/node-error';
import { PUSH_IN_CREDENTIALS, PUSH_IN_DEFAULTS, defaultValues } from '../src/node-red/properties';
import { ReportLimiter, parseKeyTable, pushObjects } from '../src/node-red/push-adapter';
import { bounded, CLOSE_BUDGET_MS } from '../src/node-red/flow-node';
import type { RawConfig, RedApi, RedNode } from '../src/node-red/red-types';

const STATUS_EVERY_MS = 2_000;

export = function register(RED: RedApi): void {
  function DlmsPushInNode(this: RedNode & { listener?: PushListener }, raw: RawConfig): void {
    RED.nodes.createNode(this, raw);
    start(this, raw);
  }

  function start(node: RedNode & { listener?: PushListener }, raw: RawConfig): void {
    const config = { ...defaultValues(PUSH_IN_DEFAULTS), ...raw };
    const secrets = (): string[] => [node.credentials?.keys ?? ''];
    let listener: PushListener | undefined;
    let statusTimer: ReturnType<typeof setInterval> | undefined;
    let closed = false;
    const limiter = new ReportLimiter(Math.max(1, num(config.errorRate) ?? 10));

    try {
      const port = num(config.port) ?? 4059;
      const host = String(config.bind || '127.0.0.1');
      const tcp = config.tcp !== false && config.tcp !== 'false';
      const udp = config.udp === true || config.udp === 'true';
      if (!tcp && !udp) throw new Error('Choose TCP, UDP or both for the push listener');
      listener = new PushListener({
        tcp: tcp ? { port, host } : undefined,
        udp: udp ? { port, host } : undefined,
        host,
        keys: parseKeyTable(node.credentials?.keys),
        policy: String(config.policy || 'none') as PushSecurityPolicy,
        pushObjects: pushObjects(config.objects),
        maxConnections: num(config.maxConnections) ?? 50,
        // Replay protection survives restarts: the last counter per system title is kept on disk.
        counterStore: new FileCounterStore(path.join(path.dirname(counterFile(RED.settings.userDir)), 'dlms-push-counters.json')),
      });
    } catch (e) {
      const err = toFlowError(e, secrets());
      node.status({ fill: 'red', shape: 'dot', text: `invalid configuration: ${err.message}` });
      node.error(err.message);
    }
    node.listener = listener;

    if (listener) {
      const l = listener;
      l.on('notification', (n: PushNotification, peer: PushPeer) => {
        node.send({ topic: n.meter ?? n.systemTitle ?? peer.peer, payload: n });
      });
      l.on('rejected', (e: DlmsError, peer: PushPeer | undefined) => {
        const held = limiter.take();
        if (held === undefined) return;
        const more = held > 0 ? ` (${held} more rejected notification(s) not reported)` : '';
        const err = toFlowError(e, secrets(), `Push rejected${peer ? ` from ${peer.peer}` : ''}: `);
        err.message += more;
        node.error(err, { topic: 'rejected', payload: { code: err.code, message: err.message, peer: peer?.peer ?? null } });
      });
      l.on('error', (e: Error) => node.error(toFlowError(e, secrets(), 'Push listener: ').message));
      const showStatus = (): void => {
        const s = l.stats();
        node.status({ fill: 'green', shape: s.connections > 0 ? 'dot' : 'ring', text: `${s.connections} connection(s), ${s.rate}/s, ${s.notifications} received` });
      };
      l.listen().then((ports) => {
        if (closed) return;
        node.status({ fill: 'green', shape: 'ring', text: `listening ${[ports.tcp && `tcp ${ports.tcp}`, ports.udp && `udp ${ports.udp}`].filter(Boolean).join(', ')}` });
        statusTimer = setInterval(showStatus, STATUS_EVERY_MS);
      }, (e: unknown) => {
        if (closed) return;
        const err = toFlowError(e, secrets(), 'Push listener cannot listen: ');
        node.status({ fill: 'red', shape: 'dot', text: err.message });
        node.error(err.message);
      });
    }

    node.on('close', (_removed, done) => {
      closed = true;
      if (statusTimer) clearInterval(statusTimer);
      statusTimer = undefined;
      node.listener = undefined;
      if (!listener) return done();
      const l = listener;
      bounded(l.close(), CLOSE_BUDGET_MS).then(() => {
        l.removeAllListeners();
        done();
      });
    });
  }
  RED.nodes.registerType('dlms-push-in', DlmsPushInNode as never, { credentials: PUSH_IN_CREDENTIALS });
};
