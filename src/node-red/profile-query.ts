/**
 * dlms-profile: which rows to ask for (absolute range, last N minutes/hours/days, since the last
 * read, or by entry), and the "since last read" cursor that keeps a restart from losing or
 * repeating rows: only rows newer than the cursor are sent, and the cursor moves after sending.
 */
import type { ProfileQuery } from '../client/api';
import { normalizeObis } from '../codec/obis';
import { InvalidArgumentError } from '../errors';
import { num } from './meter-settings';
import type { NodeContextStore } from './red-types';

export const RANGES = ['all', 'last', 'absolute', 'since-last', 'entries'] as const;
export type RangeKind = (typeof RANGES)[number];
const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

export interface ProfilePlan {
  obis: string;
  range: RangeKind;
  query: ProfileQuery;
}

/**
 * The configured request, with what `msg.payload` (an object) overrides: obis, range, from, to,
 * last ("15 minutes" or a number with lastUnit), fromEntry, toEntry, columns. `sources` says
 * where config fields taken per message came from ({ from: 'msg.start' }), for error messages.
 */
export function planProfile(config: Record<string, unknown>, payload: unknown, now: Date, cursor?: string, sources: Record<string, string> = {}): ProfilePlan {
  const o = payload && typeof payload === 'object' && !Array.isArray(payload) && !(payload instanceof Date) ? (payload as Record<string, unknown>) : {};
  const given = (k: string): boolean => o[k] !== undefined && o[k] !== '';
  const pick = (k: string): unknown => (given(k) ? o[k] : config[k]);
  /** The field's name as the user knows it: msg.payload.from, "from (msg.start)" or "from". */
  const label = (k: string): string => (given(k) ? `msg.payload.${k}` : sources[k] ? `${k} (${sources[k]})` : k);
  const obis = normalizeObis(String(pick('obis') || '1.0.99.1.0.255'));
  let range = String(pick('range') || 'last') as RangeKind;
  // A message that gives from/to or entries asks for that range, whatever the node's setting.
  if (o.range === undefined && (o.from !== undefined || o.to !== undefined)) range = 'absolute';
  else if (o.range === undefined && (o.fromEntry !== undefined || o.toEntry !== undefined)) range = 'entries';
  else if (o.range === undefined && o.last !== undefined) range = 'last';
  if (!(RANGES as readonly string[]).includes(range)) throw new InvalidArgumentError(`range must be one of ${RANGES.join(', ')} (got '${range}')`);
  const scalers = String(config.scalers || 'auto') as ProfileQuery['scalers'];
  const query: ProfileQuery = { scalers };
  if (Array.isArray(o.columns)) query.columns = o.columns as (string | number)[];
  switch (range) {
    case 'all':
      break;
    case 'last':
      query.from = new Date(now.getTime() - lastMs(pick('last'), pick('lastUnit'), label('last')));
      query.to = now;
      break;
    case 'absolute':
      query.from = time(pick('from'), label('from'));
      query.to = pick('to') === undefined || pick('to') === '' ? now : time(pick('to'), label('to'));
      if (query.from.getTime() > query.to.getTime()) throw new InvalidArgumentError('from must be before to');
      break;
    case 'since-last':
      query.from = cursor ? new Date(cursor) : new Date(now.getTime() - (num(config.firstWindow) ?? 1) * UNIT_MS.day);
      query.to = now;
      break;
    case 'entries': {
      const from = num(pick('fromEntry')) ?? 1;
      const to = num(pick('toEntry')) ?? 0;
      if (!Number.isInteger(from) || from < 1) throw new InvalidArgumentError(`fromEntry must be 1 or more (got ${String(pick('fromEntry'))})`);
      if (!Number.isInteger(to) || to < 0) throw new InvalidArgumentError(`toEntry must be 0 (last) or more (got ${String(pick('toEntry'))})`);
      query.fromEntry = from;
      query.toEntry = to;
      break;
    }
  }
  return { obis, range, query };
}

function lastMs(v: unknown, unitField: unknown, what: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(minute|hour|day|min|h|d)?s?\s*$/i.exec(String(v ?? ''));
  const alias: Record<string, string> = { min: 'minute', h: 'hour', d: 'day' };
  const unitText = String(m?.[2] ?? unitField ?? 'hours').toLowerCase().replace(/s$/, '');
  const unit = UNIT_MS[alias[unitText] ?? unitText];
  if (!m || !unit || !(Number(m[1]) > 0)) {
    throw new InvalidArgumentError(`${what} must be a positive number of minutes, hours or days, e.g. "15 minutes" (got '${String(v)}')`);
  }
  return Number(m[1]) * unit;
}

function time(v: unknown, what: string): Date {
  const d = v instanceof Date ? v : typeof v === 'number' ? new Date(v) : new Date(String(v ?? ''));
  if (Number.isNaN(d.getTime())) throw new InvalidArgumentError(`${what} must be an ISO date-time such as 2026-11-25T00:00:00+05:30 (got '${String(v)}')`);
  return d;
}

/** Rows strictly after the cursor (rows whose time cannot be compared are kept). */
export function rowsAfter(rows: Record<string, unknown>[], cursor: string | undefined): Record<string, unknown>[] {
  if (!cursor) return rows;
  const c = Date.parse(cursor);
  return rows.filter((r) => {
    const t = Date.parse(String(r.time));
    return Number.isNaN(t) || t > c;
  });
}

/** The newest row time, the next cursor; undefined when no row has a comparable time. */
export function newestTime(rows: Record<string, unknown>[]): string | undefined {
  let best: { t: number; text: string } | undefined;
  for (const r of rows) {
    const t = Date.parse(String(r.time));
    if (!Number.isNaN(t) && (!best || t > best.t)) best = { t, text: String(r.time) };
  }
  return best?.text;
}

/** Context key of a cursor (no dots: Node-RED reads them as nested properties). */
export function cursorKey(obis: string, addressKey: string): string {
  return `dlms_cursor_${obis}_${addressKey}`.replace(/[^A-Za-z0-9_-]/g, '_');
}

export function contextGet(ctx: NodeContextStore, key: string, store: string | undefined): Promise<unknown> {
  return new Promise((resolve, reject) => {
    ctx.get(key, store, (err, value) => (err ? reject(contextError(err, store)) : resolve(value)));
  });
}

export function contextSet(ctx: NodeContextStore, key: string, value: unknown, store: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    ctx.set(key, value, store, (err) => (err ? reject(contextError(err, store)) : resolve()));
  });
}

function contextError(err: Error, store: string | undefined): InvalidArgumentError {
  return new InvalidArgumentError(`The profile cursor could not be kept in context store '${store ?? 'default'}': ${err.message}. Check contextStorage in settings.js`);
}
