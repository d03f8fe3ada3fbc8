import { parseCommandArgs } from '../args';
import type { ValueResult } from '../../client/api';
import { parseAttributeRef } from '../../client/attribute-ref';
import { checkRef, CONNECTION_OPTIONS, withClient } from '../connection';
import { refText, table } from '../format';
import { toJson, UsageError, type Command } from '../io';

/** `dlms read <url> <ref>...`: values as a table (obis, name, value, unit) or the JSON array. Exit 1 when an item failed. */
export const read: Command = {
  usage: 'dlms read <url> <ref>... [--json] [--no-scale]   refs: 1-0:1.8.0*255, 1.0.1.8.0.255:2, 3/1.0.1.8.0.255/2',
  run: async (args, io) => {
    const { values: v, positionals } = parseCommandArgs(args, { ...CONNECTION_OPTIONS, 'no-scale': { type: 'boolean' } });
    const [url, ...refs] = positionals;
    if (refs.length === 0) throw new UsageError('read needs at least one attribute reference, e.g. 1-0:1.8.0*255');
    for (const r of refs) checkRef(() => parseAttributeRef(r));
    const results = await withClient(url, v, io, (c) => c.getMany(refs, { scale: !v['no-scale'] }));
    io.out(v.json ? `${toJson(results)}\n` : valueTable(results));
    const failed = results.filter((r) => r.error);
    for (const r of failed) io.err(`error [${r.error!.code}]: ${r.error!.message}\n`);
    return failed.length ? 1 : 0;
  },
};

export function valueTable(results: ValueResult[]): string {
  return table(
    ['OBIS', 'NAME', 'VALUE', 'UNIT'],
    results.map((r) => [refText(r.obis, r.attribute), r.name ?? '', r.error ? `(${r.error.code})` : r.value, r.unit ?? '']),
  );
}
