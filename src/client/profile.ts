/**
 * Profile generic reading, sans-I/O: the columns of capture_objects, the selective access of a
 * ProfileQuery (Blue Book IC 7: selector 1 range by the clock column, selector 2 by entry), and
 * the implied timestamps of rows whose capture time is null-data.
 */
import type { SelectiveAccess } from '../apdu/common';
import { entryDescriptor, rangeDescriptor } from '../apdu/selective-access';
import { dateTimeFromDate, encodeDateTime } from '../codec/cosem-datetime';
import { normalizeObis } from '../codec/obis';
import { obisName } from '../codec/obis-names';
import type { CaptureObjectDefinition } from '../cosem/codecs';
import { InvalidArgumentError } from '../errors';
import type { ProfileColumn, ProfileQuery } from './api';
import { isoInOffset, offsetOfIso } from './values';

/** IS 15959 profiles and their companion scaler profile (single row, one scaler_unit per column). */
export const IS15959_SCALER_PROFILES: Readonly<Record<string, string>> = {
  '1.0.94.91.0.255': '1.0.94.91.3.255', // instantaneous
  '1.0.99.1.0.255': '1.0.94.91.4.255', // block load
  '1.0.99.2.0.255': '1.0.94.91.5.255', // daily load
  '1.0.98.1.0.255': '1.0.94.91.6.255', // billing
};

export interface CaptureColumn extends CaptureObjectDefinition {
  /** Key in the rows: 'time' for the clock column, else the OBIS (":attribute" when repeated). */
  key: string;
  isTime: boolean;
}

export const CLOCK_CLASS = 8;

export function captureColumns(caps: readonly CaptureObjectDefinition[]): CaptureColumn[] {
  let timeTaken = false;
  const seen = new Map<string, number>();
  for (const c of caps) seen.set(c.logicalName, (seen.get(c.logicalName) ?? 0) + 1);
  return caps.map((c) => {
    const isTime = !timeTaken && c.classId === CLOCK_CLASS && c.attributeIndex === 2;
    if (isTime) timeTaken = true;
    let key = c.logicalName;
    if (!isTime && (seen.get(c.logicalName) ?? 0) > 1) key = `${c.logicalName}:${c.attributeIndex}${c.dataIndex ? `.${c.dataIndex}` : ''}`;
    return { ...c, key: isTime ? 'time' : key, isTime };
  });
}

/** 0-based indexes of the wanted columns (OBIS text or 1-based index); all when none given. */
export function selectColumns(cols: readonly CaptureColumn[], wanted: readonly (string | number)[] | undefined, profile: string): number[] {
  if (!wanted || wanted.length === 0) return cols.map((_, i) => i);
  const out: number[] = [];
  for (const w of wanted) {
    let i: number;
    if (typeof w === 'number') {
      if (!Number.isInteger(w) || w < 1 || w > cols.length) throw new InvalidArgumentError(`profile ${profile} has columns 1..${cols.length}; column ${w} does not exist`, { obis: profile });
      i = w - 1;
    } else if (w === 'time') {
      i = cols.findIndex((c) => c.isTime);
    } else {
      const o = normalizeObis(w);
      i = cols.findIndex((c) => c.logicalName === o || c.key === w);
    }
    if (i < 0) throw new InvalidArgumentError(`profile ${profile} does not capture ${String(w)} (columns: ${cols.map((c) => c.key).join(', ')})`, { obis: profile });
    if (!out.includes(i)) out.push(i);
  }
  return out.sort((a, b) => a - b);
}

function toDate(v: string | Date, what: string): Date {
  const d = v instanceof Date ? v : new Date(v);
  if (Number.isNaN(d.getTime())) throw new InvalidArgumentError(`${what} must be an ISO 8601 date-time such as 2026-11-25T13:15:00+05:30 (got ${String(v)})`);
  return d;
}

export interface ProfilePlan {
  access?: SelectiveAccess;
  /** Indexes into the capture columns of the columns the meter returns, in order. */
  returned: number[];
  /** Indexes of the columns the caller asked for (a subset of `returned`). */
  wanted: number[];
}

/** The selective access for a query. `utcOffset` gives the date-times the meter's local time. */
export function planProfile(profile: string, cols: readonly CaptureColumn[], q: ProfileQuery, utcOffset: number | undefined): ProfilePlan {
  const wanted = selectColumns(cols, q.columns, profile);
  const all = wanted.length === cols.length;
  if (q.from !== undefined || q.to !== undefined) {
    if (q.fromEntry !== undefined || q.toEntry !== undefined) throw new InvalidArgumentError('give either from/to (range) or fromEntry/toEntry (entries), not both');
    const clock = cols.findIndex((c) => c.isTime);
    const restricting = cols[clock >= 0 ? clock : 0];
    if (!restricting) throw new InvalidArgumentError(`profile ${profile} captures no object, so it cannot be read by range`);
    const offset = utcOffset ?? 0;
    const from = q.from !== undefined ? toDate(q.from, 'from') : new Date(Date.UTC(2000, 0, 1));
    const to = q.to !== undefined ? toDate(q.to, 'to') : new Date(Date.UTC(2099, 11, 31, 23, 59, 59));
    if (from.getTime() > to.getTime()) throw new InvalidArgumentError(`from (${from.toISOString()}) is after to (${to.toISOString()})`);
    const dt = (d: Date): Buffer => encodeDateTime(dateTimeFromDate(d, offset));
    const def = (c: CaptureColumn) => ({ classId: c.classId, logicalName: c.logicalName, attributeIndex: c.attributeIndex, dataIndex: c.dataIndex });
    return {
      access: rangeDescriptor({ restrictingObject: def(restricting), from: dt(from), to: dt(to), selectedValues: all ? [] : wanted.map((i) => def(cols[i])) }),
      returned: wanted,
      wanted,
    };
  }
  if (q.fromEntry !== undefined || q.toEntry !== undefined) {
    const fromEntry = q.fromEntry ?? 1;
    const toEntry = q.toEntry ?? 0;
    if (!Number.isInteger(fromEntry) || fromEntry < 1) throw new InvalidArgumentError(`fromEntry must be 1 or more (entries are counted from 1), got ${String(q.fromEntry)}`);
    if (!Number.isInteger(toEntry) || toEntry < 0 || (toEntry !== 0 && toEntry < fromEntry)) throw new InvalidArgumentError(`toEntry must be 0 (the newest) or at least fromEntry, got ${String(q.toEntry)}`);
    const first = wanted[0];
    const last = wanted[wanted.length - 1];
    const returned: number[] = [];
    for (let i = first; i <= last; i++) returned.push(i);
    return {
      access: entryDescriptor({ fromEntry, toEntry, fromSelectedValue: all ? 1 : first + 1, toSelectedValue: all ? 0 : last + 1 }),
      returned,
      wanted,
    };
  }
  return { returned: cols.map((_, i) => i), wanted };
}

export function describeColumn(c: CaptureColumn, scaler?: { scaler: number; unitSymbol: string }): ProfileColumn {
  const out: ProfileColumn = { obis: c.logicalName, classId: c.classId, attribute: c.attributeIndex };
  if (c.dataIndex) out.dataIndex = c.dataIndex;
  const name = obisName(c.logicalName);
  if (name) out.name = name;
  if (scaler) {
    out.unit = scaler.unitSymbol;
    out.scaler = scaler.scaler;
  }
  return out;
}

/** `iso` moved by `seconds`, in the same offset (or as local text without one). */
export function addSeconds(iso: string, seconds: number): string | null {
  const off = offsetOfIso(iso);
  if (off !== undefined) {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? null : isoInOffset(new Date(d.getTime() + seconds * 1000), off);
  }
  const d = new Date(`${iso}Z`);
  if (Number.isNaN(d.getTime())) return null;
  return new Date(d.getTime() + seconds * 1000).toISOString().replace(/(\.000)?Z$/, '');
}

/**
 * Rows whose time is null-data (the meter omits a capture time that follows from the previous
 * one, Blue Book IC 7 note) get previous time + capture_period.
 */
export function fillImpliedTimes(rows: Record<string, unknown>[], capturePeriod: number | undefined): void {
  if (!capturePeriod) return;
  let prev: string | null = null;
  for (const row of rows) {
    if (!('time' in row)) return;
    const t = row.time;
    if (typeof t === 'string') prev = t;
    else if (t === null && prev !== null) {
      const next = addSeconds(prev, capturePeriod);
      row.time = next;
      prev = next;
    } else prev = null;
  }
}
