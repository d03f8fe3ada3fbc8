import { D, type DlmsData, type IntegerTypeName } from '../../codec/data';
import { dateTimeFromDate, decodeDateTime, dateTimeToDate, encodeDateTime, isFullySpecified } from '../../codec/cosem-datetime';
import { INT_RANGE, type DataTypeName } from '../../codec/data-types';
import { obisToBytes } from '../../codec/obis';
import type { SourceValue } from './sources';

/** A COSEM date-time (octet-string of 12, as Clock.time and profile clock columns carry it). */
export function dateTimeData(ms: number, utcOffsetMinutes: number): DlmsData {
  return D.octetString(encodeDateTime(dateTimeFromDate(new Date(Math.floor(ms / 1000) * 1000), utcOffsetMinutes)));
}

/**
 * The instant of a date-time given as octet-string(12) or date-time; a missing deviation means
 * meter local time. `undefined` when it is not a date-time or not fully specified.
 */
export function instantOf(d: DlmsData, utcOffsetMinutes: number): number | undefined {
  if ((d.type !== 'octet-string' && d.type !== 'date-time') || d.value.length !== 12) return undefined;
  try {
    const dt = decodeDateTime(d.value);
    if (!isFullySpecified(dt)) return undefined;
    const at = dateTimeToDate({ ...dt, deviation: dt.deviation ?? -utcOffsetMinutes });
    return at ? at.getTime() : undefined;
  } catch {
    return undefined;
  }
}

/** Encode a source value as the Blue Book type `type`, dividing numbers by 10^scaler. */
export function encodeSourceValue(v: SourceValue, type: string, scaler: number, utcOffsetMinutes: number): DlmsData {
  if (typeof v === 'object') return dateTimeData(v.timeMs, utcOffsetMinutes);
  if (typeof v === 'string') {
    if (type === 'visible-string') return D.visibleString(v);
    if (type === 'utf8-string') return D.utf8String(v);
    return D.octetString(Buffer.from(v, 'latin1'));
  }
  const scaled = v / Math.pow(10, scaler);
  switch (type) {
    case 'float32':
      return D.float32(scaled);
    case 'float64':
      return D.float64(scaled);
    case 'long64':
      return D.long64(BigInt(Math.round(scaled)));
    case 'long64-unsigned':
      return D.long64Unsigned(BigInt(Math.max(0, Math.round(scaled))));
    case 'boolean':
      return D.boolean(scaled !== 0);
    default: {
      const range = INT_RANGE[type as DataTypeName];
      if (!range) throw new Error(`source values cannot be encoded as ${type}`);
      let n = Math.round(scaled);
      // Unsigned counters roll over like a meter's registers; signed values saturate.
      if (range[0] === 0) n = ((n % (range[1] + 1)) + range[1] + 1) % (range[1] + 1);
      else n = Math.min(range[1], Math.max(range[0], n));
      return { type: type as IntegerTypeName, value: n };
    }
  }
}

export function logicalNameData(obis: string): DlmsData {
  return D.octetString(obisToBytes(obis));
}

export const scalerUnit = (scaler: number, unit: number): DlmsData => D.structure([D.integer(scaler), D.enum(unit)]);

/**
 * Whether `value` has the same type and shape as `current`: same type tag, same structure
 * arity, element-wise. Array elements are checked against the first current element (any array
 * is accepted when the current one is empty). Octet-strings keep their length only for
 * date-times (12 octets) and logical names (6).
 */
export function sameShape(current: DlmsData, value: DlmsData): boolean {
  if (current.type !== value.type) return false;
  if (current.type === 'structure' && value.type === 'structure') {
    return current.value.length === value.value.length && current.value.every((c, i) => sameShape(c, value.value[i]));
  }
  if (current.type === 'array' && value.type === 'array') {
    const model = current.value[0];
    return model === undefined || value.value.every((v) => sameShape(model, v));
  }
  if (current.type === 'octet-string' && value.type === 'octet-string') {
    const n = current.value.length;
    return n === 12 || n === 6 ? value.value.length === n : true;
  }
  if (current.type === 'bit-string' && value.type === 'bit-string') return current.value.length === value.value.length;
  return true;
}

export function intOf(d: DlmsData | undefined): number | undefined {
  if (!d || !('value' in d) || typeof d.value !== 'number' || d.type === 'float32' || d.type === 'float64') return undefined;
  return d.value;
}
