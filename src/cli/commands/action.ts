import { parseCommandArgs } from '../args';
import { parseMethodRef } from '../../client/attribute-ref';
import { checkRef, CONNECTION_OPTIONS, withClient } from '../connection';
import { UsageError, type Command } from '../io';
import { parseValue, reportResults } from './write';

/** `dlms action <url> <class/obis/method> [params]`: invoke a method, e.g. 70/0.0.96.3.10.255/1 (remote disconnect). */
export const action: Command = {
  usage: 'dlms action <url> <class/obis/method> [params-json] [--type <blue-book-type>] [--json]   e.g. 70/0.0.96.3.10.255/2 (reconnect)',
  run: async (args, io) => {
    const { values: v, positionals } = parseCommandArgs(args, { ...CONNECTION_OPTIONS, type: { type: 'string' } });
    const [url, ref, text, ...extra] = positionals;
    if (ref === undefined) throw new UsageError('action needs the method reference class/OBIS/method, e.g. 70/0.0.96.3.10.255/1');
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}" (quote parameters that have spaces)`);
    checkRef(() => parseMethodRef(ref));
    const params = text === undefined ? undefined : parseValue(text, v.type);
    const result = await withClient(url, v, io, (c) => c.action(ref, params));
    return reportResults([result], !!v.json, io);
  },
};
