import { parseCommandArgs } from '../args';
import type { ValueResult } from '../../client/api';
import { CONNECTION_OPTIONS, withClient } from '../connection';
import { cell } from '../format';
import { toJson, UsageError, type Command } from '../io';
import { reportResults } from './write';

/**
 * `--set` takes an optional time: `--set`, `--set=<iso>` or `--set <iso>` (the next argument when it
 * is a time, not the URL). Returns the remaining arguments and the time (`now` for a bare --set).
 */
export function takeSet(args: string[], now: () => Date): { rest: string[]; set?: Date } {
  const rest: string[] = [];
  let set: Date | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = /^--set=(.*)$/.exec(a);
    if (a !== '--set' && !eq) {
      rest.push(a);
      continue;
    }
    let text = eq?.[1];
    if (text === undefined && /^\d{4}-\d{2}-\d{2}/.test(args[i + 1] ?? '')) text = args[++i];
    set = text === undefined || text === '' || text === 'now' ? now() : new Date(text);
    if (Number.isNaN(set.getTime()) || !/^(\d{4}-\d{2}-\d{2}|now|$)/.test(text ?? '')) {
      throw new UsageError(`--set "${text}" is not an ISO 8601 time such as 2026-03-10T09:00:00+05:30`);
    }
  }
  return { rest, set };
}

function clockText(r: ValueResult): string {
  return `${cell(r.value)}\n`;
}

/** `dlms clock <url> [--set [iso]]`: read the meter clock, or set it (to now by default) and read it back. */
export const clock: Command = {
  usage: 'dlms clock <url> [--set [<iso>]] [--json]   --set alone: the computer\'s time now',
  run: async (args, io) => {
    const { rest, set } = takeSet(args, () => new Date());
    const { values: v, positionals } = parseCommandArgs(rest, CONNECTION_OPTIONS);
    if (positionals.length > 1) throw new UsageError(`clock takes only the meter URL (got "${positionals[1]}")`);
    return withClient(positionals[0], v, io, async (c) => {
      if (set) {
        const w = await c.setClock(set);
        if (w.error) return reportResults([w], !!v.json, io);
        if (!v.json) io.err(`clock set to ${set.toISOString()}: ${w.result}\n`);
      }
      const r = await c.readClock();
      io.out(v.json ? `${toJson(r)}\n` : clockText(r));
      return 0;
    });
  },
};
