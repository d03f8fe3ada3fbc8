import { parseCommandArgs } from '../args';
import type { ActionResult, WriteResult } from '../../client/api';
import { DataTag, isDataTypeName } from '../../codec/data-types';
import { parseAttributeRef } from '../../client/attribute-ref';
import { checkRef, CONNECTION_OPTIONS, withClient } from '../connection';
import { refText, table } from '../format';
import { toJson, UsageError, type CliIo, type Command } from '../io';

/** Types whose typed JSON value is text: a bare word is taken as it is. */
const TEXT_TYPES = new Set(['octet-string', 'visible-string', 'utf8-string', 'bit-string', 'date-time', 'date', 'time', 'long64', 'long64-unsigned']);

/**
 * A value from the command line: JSON when it parses (5, true, "text", [1,2], {"type":"long","value":5}),
 * else the text itself. `--type` wraps it as typed JSON `{type, value}` to force the Blue Book type.
 */
export function parseValue(text: string, type?: string): unknown {
  if (type === undefined) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  if (!isDataTypeName(type)) throw new UsageError(`--type "${type}" is not a Blue Book type; use one of ${Object.keys(DataTag).join(', ')}`);
  if (TEXT_TYPES.has(type) && !text.trim().startsWith('"')) return { type, value: text };
  try {
    return { type, value: JSON.parse(text) as unknown };
  } catch {
    throw new UsageError(`the value "${text}" is not valid JSON for type ${type} (e.g. 5, true, [..], "text")`);
  }
}

/** Print write/action results; exit 1 with each error on stderr when one failed. */
export function reportResults(results: (WriteResult | ActionResult)[], json: boolean, io: CliIo): number {
  if (json) io.out(`${toJson(results.length === 1 ? results[0] : results)}\n`);
  else {
    const rows = results.map((r) => ['method' in r ? `${r.obis}/method ${r.method}` : refText(r.obis, r.attribute), r.result, 'data' in r ? r.data : '']);
    io.out(table(['TARGET', 'RESULT', 'DATA'], rows));
  }
  const failed = results.filter((r) => r.error);
  for (const r of failed) io.err(`error [${r.error!.code}]: ${r.error!.message}\n`);
  return failed.length ? 1 : 0;
}

/** `dlms write <url> <ref> <value>`: set one attribute. */
export const write: Command = {
  usage: 'dlms write <url> <ref> <value> [--type <blue-book-type>] [--json]   value: JSON or plain text',
  run: async (args, io) => {
    const { values: v, positionals } = parseCommandArgs(args, { ...CONNECTION_OPTIONS, type: { type: 'string' } });
    const [url, ref, text, ...extra] = positionals;
    if (text === undefined) throw new UsageError('write needs the attribute reference and the value, e.g. 0.0.1.0.0.255:3 -300');
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}" (quote a value that has spaces)`);
    checkRef(() => parseAttributeRef(ref));
    const value = parseValue(text, v.type);
    const result = await withClient(url, v, io, (c) => c.set(ref, value));
    return reportResults([result], !!v.json, io);
  },
};
