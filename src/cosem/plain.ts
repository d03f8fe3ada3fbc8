import type { DlmsData } from '../codec/data';
import { decodeDate, decodeDateTime, decodeTime, dateTimeToIso, type CosemDate, type CosemDateTime, type CosemTime } from '../codec/cosem-datetime';
import { toHex } from '../codec/hex';

/**
 * JSON for Data that no class table describes (CONTRACTS.md, "One value"): arrays and
 * structures as arrays, octet-strings as hex, 64-bit integers as numbers when safe else decimal
 * strings, date-time as ISO 8601 when fully specified else its field object, null-data as null.
 */
export function plainJson(d: DlmsData): unknown {
  switch (d.type) {
    case 'null-data':
    case 'dont-care':
      return null;
    case 'array':
    case 'structure':
    case 'compact-array':
      return d.value.map(plainJson);
    case 'long64':
    case 'long64-unsigned':
      return int64Json(d.value);
    case 'octet-string':
      return toHex(d.value);
    case 'date-time':
      return dateTimeJson(d.value);
    case 'date':
      return dateJson(d.value);
    case 'time':
      return timeJson(d.value);
    default:
      return d.value;
  }
}

export function int64Json(v: bigint): number | string {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** ISO 8601 when fully specified, else the field object (wildcards as null). */
export function dateTimeJson(b: Uint8Array): string | CosemDateTime {
  const dt = decodeDateTime(b);
  return dateTimeToIso(dt) ?? dt;
}

/** "YYYY-MM-DD" when year, month and day are given, else the field object. */
export function dateJson(b: Uint8Array): string | CosemDate {
  const d = decodeDate(b);
  return isFullDate(d) ? `${String(d.year).padStart(4, '0')}-${pad2(d.month as number)}-${pad2(d.dayOfMonth as number)}` : d;
}

/** "HH:MM:SS" (".hh" when hundredths are non-zero) when hour, minute and second are given, else the field object. */
export function timeJson(b: Uint8Array): string | CosemTime {
  const t = decodeTime(b);
  if (t.hour === null || t.minute === null || t.second === null) return t;
  return `${pad2(t.hour)}:${pad2(t.minute)}:${pad2(t.second)}${t.hundredths ? `.${pad2(t.hundredths)}` : ''}`;
}

function isFullDate(d: CosemDate): boolean {
  return typeof d.year === 'number' && typeof d.month === 'number' && typeof d.dayOfMonth === 'number';
}
