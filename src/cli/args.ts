import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
type Values<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>['values'];

/**
 * parseArgs with positionals allowed and negative numbers (`-300`, `-1.5`) taken as values, not
 * as options, so that `dlms write <url> 0.0.1.0.0.255:3 -300` works without `--`.
 */
export function parseCommandArgs<O extends Options>(args: string[], options: O): { values: Values<O>; positionals: string[] } {
  const negatives: string[] = [];
  const masked = args.map((a) => (/^-\d/.test(a) ? `\u0000${negatives.push(a) - 1}` : a));
  const { values, positionals } = parseArgs({ args: masked, options, allowPositionals: true, strict: true });
  return { values, positionals: positionals.map((p) => (p.startsWith('\u0000') ? negatives[Number(p.slice(1))] : p)) };
}
