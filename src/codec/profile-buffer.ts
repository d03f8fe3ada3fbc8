import { BufferReader } from './buffer-reader';
import { decodeData, decodeDataFrom } from './axdr';
import type { DlmsData } from './data';
import { dateTimeToJson, int64ToJson, toJson, type JsonValue } from './json';
import { applyScaler, applyScalerJson } from './scaler';
import { toHex } from './hex';
import { DecodeError } from '../errors';

/**
 * Profile Generic buffers (class 7, attribute 2: array of structures, one per capture) straight
 * from the A-XDR bytes to JSON-ready rows, without building the DlmsData tree: date-time columns
 * (date-time type, or 12-octet octet-strings as Clock time is captured) become ISO 8601 text, and
 * per-column scalers are applied. The result is the same as decodeDataFrom + profileRowsFromData
 * (the generic path, kept for buffers that are already decoded).
 */
export interface ProfileColumnDecoding {
  /** Key of this column in object rows (e.g. "time" or the OBIS "1.0.1.29.0.255"). */
  key?: string;
  /** Scaler of the captured register (value = raw * 10^scaler); numeric cells only. */
  scaler?: number;
  /** Read a 12-octet octet-string in this column as a COSEM date-time (default: the option below). */
  dateTime?: boolean;
  /** Octet-strings of this column as 'hex' (default) or 'text'. */
  octetString?: 'hex' | 'text';
}

export interface ProfileOptions {
  columns?: readonly ProfileColumnDecoding[];
  /** 'array' rows (default) or 'object' rows keyed by column key (col<i> when a key is missing). */
  rows?: 'array' | 'object';
  /** Whether 12-octet octet-strings are date-times in columns that do not say (default true). */
  dateTime?: boolean;
}

export type ProfileRow = JsonValue[] | Record<string, JsonValue>;

/** Per-column settings resolved once, so the row loop reads plain arrays. */
interface Plan {
  scalers: number[];
  dateTimes: boolean[];
  texts: boolean[];
  keys: string[] | null;
  defaultDateTime: boolean;
}

function plan(opts: ProfileOptions): Plan {
  const cols = opts.columns ?? [];
  const defaultDateTime = opts.dateTime ?? true;
  return {
    scalers: cols.map((c) => c.scaler ?? 0),
    dateTimes: cols.map((c) => c.dateTime ?? defaultDateTime),
    texts: cols.map((c) => c.octetString === 'text'),
    keys: opts.rows === 'object' ? cols.map((c, i) => c.key ?? `col${i}`) : null,
    defaultDateTime,
  };
}

function keyOf(p: Plan, i: number): string {
  return (p.keys && p.keys[i]) ?? `col${i}`;
}

function finishRow(p: Plan, cells: JsonValue[]): ProfileRow {
  if (!p.keys) return cells;
  const row: Record<string, JsonValue> = {};
  for (let i = 0; i < cells.length; i++) row[keyOf(p, i)] = cells[i];
  return row;
}

/** Decode a whole buffer attribute (exactly one Data item) into rows. */
export function decodeProfileBuffer(bytes: Uint8Array, opts: ProfileOptions = {}): ProfileRow[] {
  const r = new BufferReader(bytes);
  const tag = r.u8('profile buffer type tag');
  if (tag !== 1) {
    // A compact-array buffer, or anything else: the generic path says what is wrong with it.
    return profileRowsFromData(decodeDataFrom(bytes), opts);
  }
  const p = plan(opts);
  const n = r.axdrLength('profile buffer entry count');
  if (n > r.remaining) r.fail(`profile buffer claims ${n} entries but only ${r.remaining} byte(s) follow`, 0, 'truncated');
  const rows: ProfileRow[] = new Array(n);
  for (let i = 0; i < n; i++) rows[i] = finishRow(p, readRow(r, p));
  if (!r.atEnd()) r.fail(`${r.remaining} unexpected byte(s) after the profile buffer`);
  return rows;
}

function readRow(r: BufferReader, p: Plan): JsonValue[] {
  const at = r.pos;
  const tag = r.u8('profile entry type tag');
  if (tag !== 2 && tag !== 1) {
    throw new DecodeError(`profile entry must be a structure (tag 02), found tag 0x${tag.toString(16).padStart(2, '0').toUpperCase()}`, at);
  }
  const n = r.axdrLength('profile entry element count');
  if (n > r.remaining) r.fail(`profile entry claims ${n} values but only ${r.remaining} byte(s) follow`, at, 'truncated');
  const cells: JsonValue[] = new Array(n);
  for (let i = 0; i < n; i++) cells[i] = readCell(r, p, i);
  return cells;
}

function need(r: BufferReader, n: number, what: string): number {
  const pos = r.pos;
  if (pos + n > r.end) r.need(n, what);
  r.pos = pos + n;
  return pos;
}

function readCell(r: BufferReader, p: Plan, col: number): JsonValue {
  const buf = r.buf;
  const at = r.pos;
  const tag = r.u8('data type tag');
  const scaler = col < p.scalers.length ? p.scalers[col] : 0;
  let v: number;
  switch (tag) {
    case 0:
    case 255:
      return null;
    case 6:
    case 33:
      v = buf.readUInt32BE(need(r, 4, 'double-long-unsigned'));
      break;
    case 5:
    case 30:
      v = buf.readInt32BE(need(r, 4, 'double-long'));
      break;
    case 9: {
      const len = r.axdrLength('octet-string length');
      const pos = need(r, len, 'octet-string');
      if (len === 12 && (col < p.dateTimes.length ? p.dateTimes[col] : p.defaultDateTime)) return dateTimeToJson(buf, pos);
      const bytes = buf.subarray(pos, pos + len);
      return col < p.texts.length && p.texts[col] ? bytes.toString('latin1') : toHex(bytes);
    }
    case 25:
      return dateTimeToJson(buf, need(r, 12, 'date-time'));
    case 18:
    case 32:
      v = buf.readUInt16BE(need(r, 2, 'long-unsigned'));
      break;
    case 16:
    case 29:
      v = buf.readInt16BE(need(r, 2, 'long'));
      break;
    case 17:
    case 22:
    case 31:
      v = buf[need(r, 1, 'unsigned')];
      break;
    case 13:
    case 15:
    case 28:
      v = buf.readInt8(need(r, 1, 'integer'));
      break;
    case 3:
      return buf[need(r, 1, 'boolean')] !== 0;
    case 20: {
      const b = buf.readBigInt64BE(need(r, 8, 'long64'));
      return scaler === 0 ? int64ToJson(b) : applyScalerJson(b, scaler);
    }
    case 21: {
      const b = buf.readBigUInt64BE(need(r, 8, 'long64-unsigned'));
      return scaler === 0 ? int64ToJson(b) : applyScalerJson(b, scaler);
    }
    case 23:
      v = buf.readFloatBE(need(r, 4, 'float32'));
      break;
    case 24:
      v = buf.readDoubleBE(need(r, 8, 'float64'));
      break;
    default: {
      // Rare in profiles (strings, bit-strings, nested data, date, time): the generic decoder,
      // which also reports unknown tags with their offset.
      r.pos = at;
      return cellJson(decodeData(r, 2), p, col);
    }
  }
  return scaler === 0 ? v : applyScaler(v, scaler);
}

function cellJson(d: DlmsData, p: Plan, col: number): JsonValue {
  const scaler = col < p.scalers.length ? p.scalers[col] : 0;
  switch (d.type) {
    case 'long64':
    case 'long64-unsigned':
      return scaler === 0 ? int64ToJson(d.value) : applyScalerJson(d.value, scaler);
    case 'double-long':
    case 'double-long-unsigned':
    case 'long':
    case 'long-unsigned':
    case 'integer':
    case 'unsigned':
    case 'enum':
    case 'bcd':
    case 'float32':
    case 'float64':
    case 'delta-integer':
    case 'delta-long':
    case 'delta-double-long':
    case 'delta-unsigned':
    case 'delta-long-unsigned':
    case 'delta-double-long-unsigned':
      return scaler === 0 ? d.value : applyScaler(d.value, scaler);
    default:
      return toJson(d, {
        dateTime: col < p.dateTimes.length ? p.dateTimes[col] : p.defaultDateTime,
        octetString: col < p.texts.length && p.texts[col] ? 'text' : 'hex',
      });
  }
}

/** The generic path: rows from an already decoded buffer (array or compact-array of structures). */
export function profileRowsFromData(d: DlmsData, opts: ProfileOptions = {}): ProfileRow[] {
  if (d.type !== 'array' && d.type !== 'compact-array') {
    throw new DecodeError(`a profile buffer must be an array of structures, got ${d.type}`, 0);
  }
  const p = plan(opts);
  return d.value.map((entry) => {
    if (entry.type !== 'structure' && entry.type !== 'array') {
      throw new DecodeError(`profile entry must be a structure, got ${entry.type}`, 0);
    }
    return finishRow(p, entry.value.map((cell, i) => cellJson(cell, p, i)));
  });
}
