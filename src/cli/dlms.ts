#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { decodeHex, layerNames } from './decode';
import './decode-layers';
import { DlmsError } from '../errors';
import { CREDENTIALS_HELP } from './connection';
import { processIo, toJson, UsageError, type CliIo, type Command } from './io';
import { action } from './commands/action';
import { clock } from './commands/clock';
import { listen } from './commands/listen';
import { objects } from './commands/objects';
import { profile } from './commands/profile';
import { read } from './commands/read';
import { write } from './commands/write';

/**
 * The `dlms` command. Subcommands register in COMMANDS; each gets the remaining arguments and an io.
 * Exit codes: 0 ok, 1 meter/protocol error ("error [code]: message"), 2 usage. Never a stack trace.
 */
export { UsageError, type Command } from './io';

const decode: Command = {
  usage: 'dlms decode [--layer hdlc|wrapper|apdu|axdr|cosem] [--kind K] [--key EK --auth-key AK --system-title ST] [--json] <hex>',
  run: async (args, io) => {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        layer: { type: 'string' },
        kind: { type: 'string' },
        key: { type: 'string' },
        'auth-key': { type: 'string' },
        'system-title': { type: 'string' },
        json: { type: 'boolean' },
      },
    });
    if (positionals.length === 0) throw new UsageError('decode needs the bytes as hex');
    const out = decodeHex(positionals.join(''), values.layer, {
      kind: values.kind,
      key: values.key,
      authKey: values['auth-key'],
      systemTitle: values['system-title'],
    });
    io.out(`${toJson(out, !values.json)}\n`);
    return 0;
  },
};

export const COMMANDS: Record<string, Command> = { read, objects, profile, write, action, clock, listen, decode };

function usage(): string {
  return [
    'usage:',
    ...Object.values(COMMANDS).map((c) => `  ${c.usage}`),
    `url: tcp://host:4059?client=16&server=1, udp://..., hdlc+tcp://host:port?...&physical=17, serial:///dev/ttyUSB0?baud=9600, optical:///dev/ttyUSB0`,
    CREDENTIALS_HELP,
    `decode layers: ${layerNames().join(', ')}`,
    'exit codes: 0 ok, 1 meter or protocol error, 2 usage',
  ].join('\n');
}

function isUsage(e: unknown): boolean {
  return e instanceof UsageError || /^ERR_PARSE_ARGS_/.test(String((e as { code?: unknown })?.code ?? ''));
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  const help = name === '--help' || name === '-h' || name === 'help';
  const cmd = name && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!cmd) {
    if (help) io.out(`${usage()}\n`);
    else io.err(`${name ? `unknown command "${name}"\n` : ''}${usage()}\n`);
    return help ? 0 : 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`usage: ${cmd.usage}\n${CREDENTIALS_HELP}\n`);
    return 0;
  }
  try {
    return await cmd.run(rest, io);
  } catch (e) {
    if (isUsage(e)) {
      io.err(`error: ${(e as Error).message}\nusage: ${cmd.usage}\n`);
      return 2;
    }
    if (e instanceof DlmsError) {
      io.err(`error [${e.code}]: ${e.message}\n`);
      return 1;
    }
    io.err(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
      // A command that is done has closed its sockets; a stuck handle must not keep the shell waiting.
      setTimeout(() => process.exit(code), 2000).unref();
    },
    (e) => {
      process.stderr.write(`error: ${String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
