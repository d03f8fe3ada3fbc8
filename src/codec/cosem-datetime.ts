import { DecodeError, InvalidArgumentError } from '../errors';

/**
 * COSEM date-time (12 octets), date (5) and time (4), DLMS UA 1000-1 clause 4.1.6.1.
 * `null` stands for "not specified" (0xFFFF year, 0xFF bytes, 0x8000 deviation, 0xFF status).
 */
export type Month = number | 'dst_end' | 'dst_begin' | null;
export type DayOfMonth = number | 'second_last_day' | 'last_day' | null;

export interface CosemDate {
  year: number | null;
  month: Month;
  dayOfMonth: DayOfMonth;
  /** 1 = Monday ... 7 = Sunday */
  dayOfWeek: number | null;
}

export interface CosemTime {
  hour: number | null;
  minute: number | null;
  second: number | null;
  hundredths: number | null;
}

export type ClockStatusFlag = 'invalidValue' | 'doubtfulValue' | 'differentClockBase' | 'invalidClockStatus' | 'daylightSavingActive';

export interface CosemDateTime extends CosemDate, CosemTime {
  /**
   * Minutes as transmitted (signed). The Blue Book defines it as the deviation of local time to
   * UTC, so that local time = UTC - deviation: -60 is UTC+01:00, -330 is UTC+05:30.
   */
  deviation: number | null;
  clockStatus: number | null;
  clockStatusFlags?: ClockStatusFlag[];
}

const STATUS_BITS: [number, ClockStatusFlag][] = [
  [0x01, 'invalidValue'],
  [0x02, 'doubtfulValue'],
  [0x04, 'differentClockBase'],
  [0x08, 'invalidClockStatus'],
  [0x80, 'daylightSavingActive'],
];

export function clockStatusFlags(status: number): ClockStatusFlag[] {
  const out: ClockStatusFlag[] = [];
  for (const [bit, name] of STATUS_BITS) if (status & bit) out.push(name);
  return out;
}

export function clockStatusFromFlags(flags: readonly ClockStatusFlag[]): number {
  let s = 0;
  for (const [bit, name] of STATUS_BITS) if (flags.includes(name)) s |= bit;
  return s;
}

const ff = (v: number): number | null => (v === 0xff ? null : v);

function checkLength(b: Uint8Array, n: number, what: string): void {
  if (b.length !== n) throw new DecodeError(`${what} must be ${n} octets, got ${b.length}`, 0);
}

export function decodeDate(b: Uint8Array, offset = 0): CosemDate {
  if (offset === 0) checkLength(b, 5, 'date');
  const y = (b[offset] << 8) | b[offset + 1];
  const m = b[offset + 2];
  const d = b[offset + 3];
  return {
    year: y === 0xffff ? null : y,
    month: m === 0xfd ? 'dst_end' : m === 0xfe ? 'dst_begin' : ff(m),
    dayOfMonth: d === 0xfd ? 'second_last_day' : d === 0xfe ? 'last_day' : ff(d),
    dayOfWeek: ff(b[offset + 4]),
  };
}

export function decodeTime(b: Uint8Array, offset = 0): CosemTime {
  if (offset === 0 && b.length !== 12) checkLength(b, 4, 'time');
  return { hour: ff(b[offset]), minute: ff(b[offset + 1]), second: ff(b[offset + 2]), hundredths: ff(b[offset + 3]) };
}

export function decodeDateTime(b: Uint8Array): CosemDateTime {
  checkLength(b, 12, 'date-time');
  const dev = (b[9] << 8) | b[10];
  const status = b[11];
  const out: CosemDateTime = {
    ...decodeDate(b.subarray(0, 5)),
    ...decodeTime(b.subarray(5, 9)),
    deviation: dev === 0x8000 ? null : dev > 0x7fff ? dev - 0x10000 : dev,
    clockStatus: status === 0xff ? null : status,
  };
  if (status !== 0xff) out.clockStatusFlags = clockStatusFlags(status);
  return out;
}

function byteField(v: number | null | undefined, special: Record<string, number>, what: string, min: number, max: number): number {
  if (v === null || v === undefined) return 0xff;
  if (typeof v === 'string') {
    if (v in special) return special[v];
    throw new InvalidArgumentError(`${what} "${v}" is not allowed`);
  }
  if (!Number.isInteger(v) || v < min || v > max) throw new InvalidArgumentError(`${what} ${v} is out of range ${min}..${max}`);
  return v;
}

export function encodeDate(d: CosemDate, out = Buffer.alloc(5), offset = 0): Buffer {
  const y = d.year === null || d.year === undefined ? 0xffff : d.year;
  if (!Number.isInteger(y) || y < 0 || y > 0xffff) throw new InvalidArgumentError(`year ${y} is out of range`);
  out.writeUInt16BE(y, offset);
  out[offset + 2] = byteField(d.month as number | null, { dst_end: 0xfd, dst_begin: 0xfe }, 'month', 1, 12);
  out[offset + 3] = byteField(d.dayOfMonth as number | null, { second_last_day: 0xfd, last_day: 0xfe }, 'day of month', 1, 31);
  out[offset + 4] = byteField(d.dayOfWeek, {}, 'day of week', 1, 7);
  return out;
}

export function encodeTime(t: CosemTime, out = Buffer.alloc(4), offset = 0): Buffer {
  out[offset] = byteField(t.hour, {}, 'hour', 0, 23);
  out[offset + 1] = byteField(t.minute, {}, 'minute', 0, 59);
  out[offset + 2] = byteField(t.second, {}, 'second', 0, 59);
  out[offset + 3] = byteField(t.hundredths, {}, 'hundredths', 0, 99);
  return out;
}

export function encodeDateTime(dt: CosemDateTime): Buffer {
  const out = Buffer.alloc(12);
  encodeDate(dt, out, 0);
  encodeTime(dt, out, 5);
  const dev = dt.deviation === null || dt.deviation === undefined ? 0x8000 : dt.deviation;
  if (dev !== 0x8000 && (!Number.isInteger(dev) || dev < -720 || dev > 720)) {
    throw new InvalidArgumentError(`deviation ${dev} minutes is out of range -720..720`);
  }
  out.writeUInt16BE(dev & 0xffff, 9);
  let status = dt.clockStatus;
  if ((status === null || status === undefined) && dt.clockStatusFlags) status = clockStatusFromFlags(dt.clockStatusFlags);
  out[11] = status === null || status === undefined ? 0xff : status & 0xff;
  return out;
}

const pad2 = (n: number): string => (n < 10 ? '0' : '') + n;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** 1 = Monday ... 7 = Sunday, also for years below 100 (which Date.UTC would shift to 19xx). */
function dayOfWeekOf(year: number, month: number, day: number): number {
  const probe = new Date(0);
  probe.setUTCFullYear(year, month - 1, day);
  const dow = probe.getUTCDay();
  return dow === 0 ? 7 : dow;
}

/** A real calendar day that ISO 8601 can write without the expanded year form (years 0..9999). */
function validDate(y: number, mo: number, d: number): boolean {
  return y <= 9999 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/**
 * Whether date and time are fully specified and form a real calendar instant (the deviation may
 * still be unknown; the day of week is not needed). Out-of-range fields (month 13, 25:00, 31 April)
 * count as not specified, so such a value is shown as its fields rather than as a bogus ISO text.
 */
export function isFullySpecified(dt: CosemDateTime): boolean {
  return (
    typeof dt.year === 'number' &&
    typeof dt.month === 'number' &&
    typeof dt.dayOfMonth === 'number' &&
    validDate(dt.year, dt.month, dt.dayOfMonth) &&
    dt.hour !== null && dt.hour <= 23 &&
    dt.minute !== null && dt.minute <= 59 &&
    dt.second !== null && dt.second <= 59 &&
    (dt.hundredths === null || dt.hundredths <= 99) &&
    (dt.deviation === null || (dt.deviation >= -720 && dt.deviation <= 720))
  );
}

/** The UTC offset ("+05:30") that a Blue Book deviation stands for. */
export function offsetFromDeviation(deviation: number): string {
  const off = -deviation;
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${sign}${pad2(Math.floor(a / 60))}:${pad2(a % 60)}`;
}

/**
 * ISO 8601 text for a fully specified date-time: with the meter's UTC offset when the deviation
 * is given, as local meter time without offset when it is not. `null` when not fully specified.
 * Hundredths appear as milliseconds only when they are given and non-zero.
 */
export function dateTimeToIso(dt: CosemDateTime): string | null {
  if (!isFullySpecified(dt)) return null;
  return isoText(dt.year!, dt.month as number, dt.dayOfMonth as number, dt.hour!, dt.minute!, dt.second!, dt.hundredths ?? 0, dt.deviation);
}

function isoText(y: number, mo: number, d: number, h: number, mi: number, s: number, hu: number, dev: number | null): string {
  let t = `${y < 1000 ? String(y).padStart(4, '0') : y}-${pad2(mo)}-${pad2(d)}T${pad2(h)}:${pad2(mi)}:${pad2(s)}`;
  if (hu) t += `.${pad2(hu)}0`;
  if (dev !== null) t += dev === 0 ? '+00:00' : offsetFromDeviation(dev);
  return t;
}

/**
 * dateTimeToIso straight from the 12 octets at `offset`, without building the field object:
 * the hot path of profile buffers. Same result as dateTimeToIso(decodeDateTime(...)).
 * The caller guarantees that 12 octets are present.
 */
export function dateTimeBytesToIso(b: Uint8Array, offset = 0): string | null {
  const y = (b[offset] << 8) | b[offset + 1];
  const mo = b[offset + 2];
  const d = b[offset + 3];
  const h = b[offset + 5];
  const mi = b[offset + 6];
  const s = b[offset + 7];
  const hu = b[offset + 8];
  if (y === 0xffff || !validDate(y, mo, d) || h > 23 || mi > 59 || s > 59 || (hu > 99 && hu !== 0xff)) return null;
  const raw = (b[offset + 9] << 8) | b[offset + 10];
  let dev: number | null = null;
  if (raw !== 0x8000) {
    dev = raw > 0x7fff ? raw - 0x10000 : raw;
    if (dev < -720 || dev > 720) return null;
  }
  return isoText(y, mo, d, h, mi, s, hu === 0xff ? 0 : hu, dev);
}

/** "2026-11-25" for a date whose year, month and day are given and valid, else null. */
export function dateToIso(d: CosemDate): string | null {
  if (typeof d.year !== 'number' || typeof d.month !== 'number' || typeof d.dayOfMonth !== 'number') return null;
  if (!validDate(d.year, d.month, d.dayOfMonth)) return null;
  return `${String(d.year).padStart(4, '0')}-${pad2(d.month)}-${pad2(d.dayOfMonth)}`;
}

/** "13:15:00" (".230" when hundredths are non-zero) when hour, minute and second are given, else null. */
export function timeToIso(t: CosemTime): string | null {
  if (t.hour === null || t.minute === null || t.second === null || t.hour > 23 || t.minute > 59 || t.second > 59) return null;
  if (t.hundredths !== null && t.hundredths > 99) return null;
  return `${pad2(t.hour)}:${pad2(t.minute)}:${pad2(t.second)}${t.hundredths ? `.${pad2(t.hundredths)}0` : ''}`;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;

/** Parse "2026-11-25" into a COSEM date (day of week computed). */
export function dateFromIso(text: string): CosemDate {
  const m = DATE_RE.exec(text.trim());
  if (!m) throw new InvalidArgumentError(`"${text}" is not an ISO 8601 date (e.g. 2026-11-25)`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (!validDate(year, month, day)) throw new InvalidArgumentError(`"${text}" is not a valid calendar date`);
  return { year, month, dayOfMonth: day, dayOfWeek: dayOfWeekOf(year, month, day) };
}

/** Parse "13:15", "13:15:00" or "13:15:00.23" into a COSEM time. */
export function timeFromIso(text: string): CosemTime {
  const m = TIME_RE.exec(text.trim());
  if (!m) throw new InvalidArgumentError(`"${text}" is not a time of day (e.g. 13:15:00)`);
  const t: CosemTime = { hour: Number(m[1]), minute: Number(m[2]), second: m[3] ? Number(m[3]) : 0, hundredths: hundredthsOf(m[4]) };
  encodeTime(t); // range check
  return t;
}

/** The first two fraction digits as hundredths, by text so that ".29" is 29, not 28.999... */
function hundredthsOf(frac: string | undefined): number {
  return frac ? Number(`${frac}0`.slice(0, 2)) : 0;
}

/** The instant, when the date-time is fully specified and its deviation is known. */
export function dateTimeToDate(dt: CosemDateTime): Date | null {
  if (!isFullySpecified(dt) || dt.deviation === null) return null;
  const ms = Date.UTC(dt.year!, (dt.month as number) - 1, dt.dayOfMonth as number, dt.hour!, dt.minute!, dt.second!, (dt.hundredths ?? 0) * 10);
  return new Date(ms + dt.deviation * 60000);
}

/**
 * A COSEM date-time for an instant, expressed in the local time of `utcOffsetMinutes`
 * (+330 for India); by default UTC. The deviation is set to match (Blue Book sign).
 */
export function dateTimeFromDate(date: Date, utcOffsetMinutes = 0, clockStatus = 0): CosemDateTime {
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError('invalid date');
  const local = new Date(date.getTime() + utcOffsetMinutes * 60000);
  const dow = local.getUTCDay();
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    dayOfMonth: local.getUTCDate(),
    dayOfWeek: dow === 0 ? 7 : dow,
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    hundredths: Math.floor(local.getUTCMilliseconds() / 10),
    deviation: utcOffsetMinutes === 0 ? 0 : -utcOffsetMinutes,
    clockStatus,
    clockStatusFlags: clockStatusFlags(clockStatus),
  };
}

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parse ISO 8601 text into a COSEM date-time that keeps the written local time and offset:
 * "2026-11-25T13:15:00+05:30" gives 13:15 with deviation -330. Without an offset the deviation
 * is "not specified" (meter local time).
 */
export function dateTimeFromIso(iso: string): CosemDateTime {
  const m = ISO_RE.exec(iso.trim());
  if (!m) throw new InvalidArgumentError(`"${iso}" is not an ISO 8601 date-time (e.g. 2026-11-25T13:15:00+05:30)`);
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  let deviation: number | null = null;
  if (zone) {
    if (zone === 'Z') deviation = 0;
    else {
      const z = zone.replace(':', '');
      const off = (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5))) * (z[0] === '-' ? -1 : 1);
      deviation = off === 0 ? 0 : -off;
    }
  }
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (!validDate(year, month, day)) throw new InvalidArgumentError(`"${iso}" is not a valid calendar date`);
  const dt: CosemDateTime = {
    year,
    month,
    dayOfMonth: day,
    dayOfWeek: dayOfWeekOf(year, month, day),
    hour: Number(h),
    minute: Number(mi),
    second: s ? Number(s) : 0,
    hundredths: hundredthsOf(frac),
    deviation,
    clockStatus: 0,
    clockStatusFlags: [],
  };
  encodeDateTime(dt); // range check of every field
  return dt;
}
