import { parseCommandArgs } from '../args';
import type { ProfileQuery, ProfileResult } from '../../client/api';
import { normalizeObis } from '../../codec/obis';
import { checkRef, CONNECTION_OPTIONS, withClient } from '../connection';
import { table } from '../format';
import { toJson, UsageError, type Command } from '../io';

/**
 * `dlms profile <url> <obis>`: rows of a Profile generic (load profile, billing, event log), by
 * time range (--from/--to or --last) or by entry (--entries a..b), optionally some columns only.
 * JSON: `{ "payload": rows, "columns": columns }` (CONTRACTS "A profile").
 */
export const profile: Command = {
  usage: 'dlms profile <url> <obis> [--from <iso> --to <iso> | --last 1h|2d | --entries 1..96] [--columns time,1.0.1.8.0.255|1,2] [--scalers auto|registers|scaler-profile|none] [--json]',
  run: async (args, io) => {
    const { values: v, positionals } = parseCommandArgs(args, {
      ...CONNECTION_OPTIONS,
      from: { type: 'string' }, to: { type: 'string' }, last: { type: 'string' }, entries: { type: 'string' },
      columns: { type: 'string' }, scalers: { type: 'string' },
    });
    const [url, obis, ...extra] = positionals;
    if (!obis) throw new UsageError('profile needs the profile OBIS, e.g. 1.0.99.1.0.255');
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
    checkRef(() => normalizeObis(obis));
    const query = profileQuery(v, new Date());
    const p = await withClient(url, v, io, (c) => c.readProfile(obis, query));
    io.out(v.json ? `${toJson({ payload: p.rows, columns: p.columns })}\n` : profileTable(p));
    return 0;
  },
};

const UNIT_MS: Record<string, number> = { m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `15m`, `1h`, `2d`, `1w` in ms. */
export function parseLast(text: string): number {
  const m = /^(\d+)(m|min|h|d|w)$/.exec(text.trim());
  if (!m || Number(m[1]) === 0) throw new UsageError(`--last "${text}" must be a period such as 15m, 1h, 2d or 1w`);
  return Number(m[1]) * UNIT_MS[m[2]];
}

function isoDate(text: string, what: string): Date {
  const d = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(d.getTime())) {
    throw new UsageError(`${what} "${text}" is not an ISO 8601 time such as 2026-03-10T09:00:00+05:30`);
  }
  return d;
}

type QueryValues = { from?: string; to?: string; last?: string; entries?: string; columns?: string; scalers?: string };

export function profileQuery(v: QueryValues, now: Date): ProfileQuery {
  const ways = [v.from !== undefined || v.to !== undefined, v.last !== undefined, v.entries !== undefined].filter(Boolean).length;
  if (ways > 1) throw new UsageError('choose one of --from/--to, --last or --entries');
  const q: ProfileQuery = {};
  if (v.from !== undefined || v.to !== undefined) {
    if (v.from === undefined) throw new UsageError('--to needs --from');
    const from = isoDate(v.from, '--from');
    const to = v.to !== undefined ? isoDate(v.to, '--to') : now;
    if (from.getTime() > to.getTime()) throw new UsageError('--from is after --to');
    // The text is passed as given so that the offset written in it is kept.
    q.from = v.from;
    q.to = v.to ?? now;
  }
  if (v.last !== undefined) {
    q.from = new Date(now.getTime() - parseLast(v.last));
    q.to = now;
  }
  if (v.entries !== undefined) {
    const m = /^(\d+)\.\.(\d*)$/.exec(v.entries.trim());
    if (!m || Number(m[1]) < 1 || (m[2] !== '' && Number(m[2]) < Number(m[1]))) {
      throw new UsageError(`--entries "${v.entries}" must be first..last (1-based, e.g. 1..96, or 90.. for the rest)`);
    }
    q.fromEntry = Number(m[1]);
    q.toEntry = m[2] === '' ? 0 : Number(m[2]);
  }
  if (v.columns !== undefined) {
    q.columns = v.columns.split(',').map((c) => c.trim()).filter(Boolean).map((c) => (/^\d+$/.test(c) ? Number(c) : c));
    if (q.columns.length === 0) throw new UsageError('--columns needs OBIS codes or column numbers, e.g. 1.0.1.8.0.255,2');
  }
  if (v.scalers !== undefined) {
    const all = ['auto', 'registers', 'scaler-profile', 'none'] as const;
    if (!(all as readonly string[]).includes(v.scalers)) throw new UsageError(`--scalers must be one of ${all.join(', ')}`);
    q.scalers = v.scalers as ProfileQuery['scalers'];
  }
  return q;
}

/** Header: `time` then each value column as its OBIS with the unit. */
export function profileTable(p: ProfileResult): string {
  const keys = p.rows.length ? Object.keys(p.rows[0]) : ['time', ...p.columns.map((c) => c.obis)];
  const header = keys.map((k) => {
    const col = p.columns.find((c) => k === `${c.obis}:${c.attribute}`) ?? p.columns.find((c) => c.obis === k);
    return col?.unit ? `${k} [${col.unit}]` : k;
  });
  return table(header, p.rows.map((r) => keys.map((k) => r[k]))) + `${p.rows.length} row(s)\n`;
}
