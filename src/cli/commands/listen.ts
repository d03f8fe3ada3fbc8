import { parseCommandArgs } from '../args';
import { PushListener, type PushMeterKeys, type PushNotification } from '../../push';
import { table } from '../format';
import { toJson, UsageError, type CliIo, type Command } from '../io';

const POLICIES = ['none', 'authenticated', 'encrypted'];

/** `--key <system title>=<EK>[:<AK>]` (repeatable) to the listener's key table. Keys are hex. */
export function parseKeys(list: string[], io: CliIo): Record<string, PushMeterKeys> {
  const keys: Record<string, PushMeterKeys> = {};
  for (const item of list) {
    const m = /^([0-9a-f]{16})=([0-9a-f]+)(?::([0-9a-f]+))?$/i.exec(item.replace(/\s/g, ''));
    if (!m) throw new UsageError('--key must be <system title, 16 hex digits>=<encryption key hex>[:<authentication key hex>]');
    const title = m[1].toUpperCase();
    keys[title] = { encryptionKey: m[2], ...(m[3] ? { authenticationKey: m[3] } : {}) };
    io.secrets.push(m[2], ...(m[3] ? [m[3]] : []));
  }
  return keys;
}

/** The JSON line of a push: CONTRACTS "A push" plus where it came from. */
export function pushJson(n: PushNotification): Record<string, unknown> {
  return {
    systemTitle: n.systemTitle, meter: n.meter, time: n.time, invokeId: n.invokeId, service: n.service,
    values: n.values.map(({ index: _index, ...v }) => v),
    peer: n.source.peer, ciphered: n.security !== null, receivedAt: n.receivedAt, raw: n.raw,
  };
}

export function pushText(n: PushNotification): string {
  const who = [n.systemTitle ?? 'unknown system title', n.meter ? `(${n.meter})` : '', `from ${n.source.peer}`, n.security ? 'ciphered' : 'plain'].filter(Boolean).join(' ');
  const head = `${typeof n.time === 'string' ? n.time : n.receivedAt}  ${n.service}${n.invokeId !== undefined ? ` #${n.invokeId}` : ''}  ${who}\n`;
  const rows = n.values.map((v) => ['  ', v.obis ?? `#${v.index}`, v.name ?? '', v.value, v.unit ?? '']);
  return head + table(['  ', 'OBIS', 'NAME', 'VALUE', 'UNIT'], rows).split('\n').slice(1).join('\n');
}

/** `dlms listen`: print each pushed notification until Ctrl-C (or --count N). */
export const listen: Command = {
  usage: 'dlms listen [--port 4059] [--udp] [--host 127.0.0.1] [--key <title>=<EK>[:<AK>]]... [--policy none|authenticated|encrypted] [--count N] [--json]',
  run: async (args, io) => {
    const { values: v, positionals } = parseCommandArgs(args, {
      port: { type: 'string', default: '4059' }, udp: { type: 'boolean' }, host: { type: 'string', default: '127.0.0.1' },
      key: { type: 'string', multiple: true }, policy: { type: 'string', default: 'none' }, count: { type: 'string' }, json: { type: 'boolean' },
    });
    if (positionals.length) throw new UsageError(`listen takes no URL; use --port and --host (got "${positionals[0]}")`);
    const port = Number(v.port);
    if (!/^\d+$/.test(v.port) || port > 65535) throw new UsageError(`--port must be 0..65535 (got "${v.port}")`);
    if (!POLICIES.includes(v.policy)) throw new UsageError(`--policy must be one of ${POLICIES.join(', ')}`);
    const count = v.count === undefined ? Infinity : Number(v.count);
    if (!(count >= 1 && Number.isInteger(count) || count === Infinity)) throw new UsageError(`--count must be a positive whole number (got "${v.count}")`);
    const transport = v.udp ? 'udp' : 'tcp';
    const listener = new PushListener({ [transport]: port, host: v.host, policy: v.policy as 'none', keys: parseKeys(v.key ?? [], io) });
    let seen = 0;
    let stop!: () => void;
    const done = new Promise<void>((resolve) => (stop = resolve));
    listener.on('notification', (n) => {
      io.out(v.json ? `${toJson(pushJson(n), false)}\n` : pushText(n));
      if (++seen >= count) stop();
    });
    listener.on('rejected', (e, peer) => io.err(`rejected [${e.code}]${peer ? ` from ${peer.peer}` : ''}: ${e.message}\n`));
    listener.on('error', (e) => io.err(`error: ${e.message}\n`));
    const ports = await listener.listen();
    const signal = io.signal;
    if (signal?.aborted) stop();
    signal?.addEventListener('abort', stop, { once: true });
    io.err(`listening on ${transport}://${v.host}:${ports[transport]}${v.policy !== 'none' ? `, policy ${v.policy}` : ''} (Ctrl-C to stop)\n`);
    try {
      await done;
    } finally {
      signal?.removeEventListener('abort', stop);
      await listener.close();
    }
    io.err(`${seen} notification(s)\n`);
    return 0;
  },
};
