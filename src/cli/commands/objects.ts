import { parseCommandArgs } from '../args';
import type { ObjectListEntry } from '../../client/api';
import { CONNECTION_OPTIONS, withClient } from '../connection';
import { table } from '../format';
import { toJson, UsageError, type Command } from '../io';

/** `dlms objects <url>`: the association's object list (class, OBIS, name, access rights) or JSON. */
export const objects: Command = {
  usage: 'dlms objects <url> [--class <id>] [--json]',
  run: async (args, io) => {
    const { values: v, positionals } = parseCommandArgs(args, { ...CONNECTION_OPTIONS, class: { type: 'string' } });
    if (positionals.length > 1) throw new UsageError(`objects takes only the meter URL (got ${positionals.length} arguments)`);
    const only = v.class === undefined ? undefined : Number(v.class);
    if (only !== undefined && !Number.isInteger(only)) throw new UsageError(`--class must be a class id such as 3 (got "${v.class}")`);
    let list = await withClient(positionals[0], v, io, (c) => c.readObjectList());
    if (only !== undefined) list = list.filter((o) => o.classId === only);
    io.out(v.json ? `${toJson(list)}\n` : objectTable(list));
    return 0;
  },
};

const ACCESS: Record<string, string> = {
  'no-access': '-', 'read-only': 'r', 'write-only': 'w', 'read-and-write': 'rw',
  'authenticated-read-only': 'R', 'authenticated-write-only': 'W', 'authenticated-read-and-write': 'RW',
  access: 'x', 'authenticated-access': 'X', true: 'x', false: '-',
};
const short = (a: string): string => ACCESS[a] ?? a;

/** Access per attribute then per method, e.g. `r r rw | x -` (capitals: authenticated only). */
function access(o: ObjectListEntry): string {
  if (o.baseName !== undefined) return `base name 0x${o.baseName.toString(16).toUpperCase().padStart(4, '0')}`;
  const attrs = (o.attributes ?? []).map((a) => short(a.access)).join(' ');
  const methods = (o.methods ?? []).map((m) => short(m.access)).join(' ');
  return methods ? `${attrs} | ${methods}` : attrs;
}

export function objectTable(list: ObjectListEntry[]): string {
  return table(
    ['CLASS', 'OBIS', 'NAME', 'ACCESS (attributes | methods)'],
    list.map((o) => [`${o.classId}${o.className ? ` ${o.className}` : ''}`, o.obis, o.name ?? '', access(o)]),
  ) + `${list.length} object(s); access: r read, w write, x method, capitals: authenticated only, - none\n`;
}
