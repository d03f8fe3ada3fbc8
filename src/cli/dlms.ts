#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { decodeHex, layerNames } from './decode';
import './decode-layers';
import { DlmsError } from '../errors';

/**
 * The `dlms` command. Subcommands register in COMMANDS; each gets the remaining arguments.
 * Errors print as "error [code]: message" and exit 1 (2 for usage), never a stack trace.
 */
type Command = { usage: string; run: (args: string[]) => Promise<number> };

function print(value: unknown, json: boolean): void {
  const text = JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), json ? undefined : 2);
  process.stdout.write(`${text}\n`);
}

export const COMMANDS: Record<string, Command> = {
  decode: {
    usage: 'dlms decode [--layer hdlc|wrapper|apdu|axdr|cosem] [--kind K] [--key EK --auth-key AK --system-title ST] [--json] <hex>',
    run: async (args) => {
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
      print(out, !!values.json);
      return 0;
    },
  },
};

class UsageError extends Error {}

function usage(): string {
  return ['usage:', ...Object.values(COMMANDS).map((c) => `  ${c.usage}`), `layers: ${layerNames().join(', ')}`].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const cmd = name ? COMMANDS[name] : undefined;
  if (!cmd) {
    process.stderr.write(`${name && name !== '--help' && name !== '-h' ? `unknown command "${name}"\n` : ''}${usage()}\n`);
    return name === '--help' || name === '-h' ? 0 : 2;
  }
  try {
    return await cmd.run(rest);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      process.stderr.write(`error: ${(e as Error).message}\nusage: ${cmd.usage}\n`);
      return 2;
    }
    if (e instanceof DlmsError) {
      process.stderr.write(`error [${e.code}]: ${e.message}\n`);
      return 1;
    }
    process.stderr.write(`error: ${(e as Error).message ?? String(e)}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`error: ${String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
