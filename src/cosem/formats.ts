import type { DlmsData } from '../codec/data';
import {
  clockStatusFlags, clockStatusFromFlags, encodeDate, encodeDateTime, encodeTime, dateTimeFromDate, dateTimeFromIso,
  type ClockStatusFlag, type CosemDate, type CosemDateTime, type CosemTime,
} from '../codec/cosem-datetime';
import { fromHex, toHex } from '../codec/hex';
import { obisToBytes, obisToString, parseObis } from '../codec/obis';
import { unitCodeOf, unitSymbol } from '../codec/units';
import { EncodeError } from '../errors';
import { SECURITY_POLICIES_V0, SECURITY_POLICY_BITS } from './enums';
import type { FormatName } from './spec';
import { dateJson, dateTimeJson, timeJson } from './plain';

/**
 * How a value of a fixed type reads in JSON and is written back. `toJson` returns undefined when
 * the data does not have the expected shape (the caller then falls back to plain JSON, so an odd
 * meter still gives an answer); `fromJson` throws an EncodeError saying what was expected.
 */
export interface Format {
  toJson(d: DlmsData): unknown;
  fromJson(json: unknown): DlmsData;
}

const octets = (value: Buffer): DlmsData => ({ type: 'octet-string', value });
const isObject = (j: unknown): j is Record<string, unknown> => typeof j === 'object' && j !== null && !Array.isArray(j);
const fold = (s: string): string => s.replace(/[_\s-]/g, '').toLowerCase();

/** Name lookup for user input: case, "-" and "_" do not matter. */
export function lookupName(names: Readonly<Record<number, string>>, name: string): number | undefined {
  const f = fold(name);
  for (const [v, n] of Object.entries(names)) if (fold(n) === f) return Number(v);
  return undefined;
}

function fixedOctets(d: DlmsData, n: number): Buffer | undefined {
  return d.type === 'octet-string' && d.value.length === n ? d.value : undefined;
}

/** Octet-string input: hex text, a Buffer / Uint8Array or an array of byte values. */
export function octetsFromJson(json: unknown, what = 'value'): Buffer {
  if (typeof json === 'string') return fromHex(json, what);
  if (json instanceof Uint8Array) return Buffer.from(json);
  if (Array.isArray(json) && json.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) return Buffer.from(json as number[]);
  throw new EncodeError(`expected hex text (e.g. "4D4D4D0000BC614E") or an array of bytes, got ${JSON.stringify(json)}`);
}

function dateTimeFromJson(json: unknown): Buffer {
  if (json === null) return encodeDateTime(allUnspecified() as unknown as CosemDateTime);
  if (json instanceof Date) return encodeDateTime(dateTimeFromDate(json));
  if (typeof json === 'string') return /^[0-9a-fA-F]{24}$/.test(json) ? fromHex(json) : encodeDateTime(dateTimeFromIso(json));
  if (isObject(json)) return encodeDateTime(json as unknown as CosemDateTime);
  throw new EncodeError(`expected an ISO 8601 date-time ("2026-11-25T13:15:00+05:30"), a field object or 24 hex digits, got ${JSON.stringify(json)}`);
}

function allUnspecified(): Record<string, null> {
  const keys = ['year', 'month', 'dayOfMonth', 'dayOfWeek', 'hour', 'minute', 'second', 'hundredths', 'deviation', 'clockStatus'];
  return Object.fromEntries(keys.map((k) => [k, null]));
}

function dateFromJson(json: unknown): Buffer {
  if (json === null) return encodeDate(allUnspecified() as unknown as CosemDate);
  if (typeof json === 'string') {
    if (/^[0-9a-fA-F]{10}$/.test(json)) return fromHex(json);
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(json.trim());
    if (!m) throw new EncodeError(`expected a date "YYYY-MM-DD", a field object or 10 hex digits, got "${json}"`);
    const dt = dateTimeFromIso(`${json.trim()}T00:00:00`); // validates the calendar date, finds the weekday
    return encodeDate(dt);
  }
  if (isObject(json)) return encodeDate(json as unknown as CosemDate);
  throw new EncodeError(`expected a date "YYYY-MM-DD", a field object or 10 hex digits, got ${JSON.stringify(json)}`);
}

function timeFromJson(json: unknown): Buffer {
  if (json === null) return encodeTime(allUnspecified() as unknown as CosemTime);
  if (typeof json === 'string') {
    if (/^[0-9a-fA-F]{8}$/.test(json)) return fromHex(json);
    const m = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,2}))?)?$/.exec(json.trim());
    if (!m) throw new EncodeError(`expected a time "HH:MM:SS", a field object or 8 hex digits, got "${json}"`);
    const [, h, mi, s, hs] = m;
    return encodeTime({ hour: Number(h), minute: Number(mi), second: s ? Number(s) : 0, hundredths: hs ? Number(hs.padEnd(2, '0')) : 0 });
  }
  if (isObject(json)) return encodeTime(json as unknown as CosemTime);
  throw new EncodeError(`expected a time "HH:MM:SS", a field object or 8 hex digits, got ${JSON.stringify(json)}`);
}

/** Printable text (what a logical device name or an APN holds), else undefined. */
function asText(b: Buffer): string | undefined {
  const s = b.toString('utf8');
  // eslint-disable-next-line no-control-regex
  if (s.includes('\uFFFD') || /[\u0000-\u001f\u007f]/.test(s)) return undefined;
  return s;
}

function integerFrom(json: unknown, what: string): number {
  const n = typeof json === 'string' && /^-?\d+$/.test(json.trim()) ? Number(json) : json;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new EncodeError(`${what} must be an integer, got ${JSON.stringify(json)}`);
  return n;
}

function ipv4ToJson(d: DlmsData): string | undefined {
  if (d.type !== 'double-long-unsigned') return undefined;
  const v = d.value >>> 0;
  return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
}

function ipv4FromJson(json: unknown): DlmsData {
  if (typeof json === 'string') {
    const parts = json.trim().split('.');
    const nums = parts.map(Number);
    if (parts.length !== 4 || nums.some((x, i) => !/^\d{1,3}$/.test(parts[i]) || x > 255)) {
      throw new EncodeError(`"${json}" is not an IPv4 address (expected e.g. "192.168.1.10")`);
    }
    return { type: 'double-long-unsigned', value: ((nums[0] << 24) >>> 0) + (nums[1] << 16) + (nums[2] << 8) + nums[3] };
  }
  const n = integerFrom(json, 'an IPv4 address');
  if (n < 0 || n > 0xffffffff) throw new EncodeError(`IPv4 address ${n} is out of range 0..4294967295`);
  return { type: 'double-long-unsigned', value: n };
}

const CLOCK_FLAGS: readonly ClockStatusFlag[] = ['invalidValue', 'doubtfulValue', 'differentClockBase', 'invalidClockStatus', 'daylightSavingActive'];

function clockStatusFromJson(json: unknown): DlmsData {
  if (Array.isArray(json)) {
    for (const f of json) {
      if (!CLOCK_FLAGS.includes(f as ClockStatusFlag)) {
        throw new EncodeError(`unknown clock status flag ${JSON.stringify(f)} (known: ${CLOCK_FLAGS.join(', ')})`);
      }
    }
    return { type: 'unsigned', value: clockStatusFromFlags(json as ClockStatusFlag[]) };
  }
  const n = integerFrom(json, 'clock status');
  if (n < 0 || n > 255) throw new EncodeError(`clock status ${n} is out of range 0..255`);
  return { type: 'unsigned', value: n };
}

/** {scaler, unit, unitSymbol}: value x 10^scaler is in `unit` (Blue Book 4.3.2). */
function scalerUnitToJson(d: DlmsData): unknown {
  if (d.type !== 'structure' || d.value.length !== 2) return undefined;
  const [s, u] = d.value;
  if (s.type !== 'integer' || u.type !== 'enum') return undefined;
  return { scaler: s.value, unit: u.value, unitSymbol: unitSymbol(u.value) };
}

function scalerUnitFromJson(json: unknown): DlmsData {
  let scaler: unknown;
  let unit: unknown;
  if (Array.isArray(json) && json.length === 2) [scaler, unit] = json;
  else if (isObject(json)) ({ scaler, unit } = json);
  else throw new EncodeError(`expected {"scaler": -3, "unit": 30} (unit as code or symbol), got ${JSON.stringify(json)}`);
  const sc = integerFrom(scaler, 'scaler');
  if (sc < -128 || sc > 127) throw new EncodeError(`scaler ${sc} is out of range -128..127`);
  let code: number | undefined;
  if (typeof unit === 'string' && !/^\d+$/.test(unit)) {
    code = unitCodeOf(unit);
    if (code === undefined) throw new EncodeError(`unknown unit symbol "${unit}" (e.g. Wh, kWh is Wh with scaler 3, V, A, var, m3)`);
  } else code = integerFrom(unit, 'unit');
  if (code < 0 || code > 255) throw new EncodeError(`unit ${code} is out of range 0..255`);
  return { type: 'structure', value: [{ type: 'integer', value: sc }, { type: 'enum', value: code }] };
}

function securityPolicyToJson(d: DlmsData): unknown {
  if (d.type !== 'enum') return undefined;
  if (d.value >= 1 && d.value <= 3) return SECURITY_POLICIES_V0[d.value]; // version 0 meter
  return SECURITY_POLICY_BITS.filter(([bit]) => d.value & bit).map(([, name]) => name);
}

function securityPolicyFromJson(json: unknown): DlmsData {
  if (Array.isArray(json)) {
    let v = 0;
    for (const name of json) {
      const hit = SECURITY_POLICY_BITS.find(([, n]) => typeof name === 'string' && fold(n) === fold(name));
      if (!hit) throw new EncodeError(`unknown security policy ${JSON.stringify(name)} (known: ${SECURITY_POLICY_BITS.map(([, n]) => n).join(', ')})`);
      v |= hit[0];
    }
    return { type: 'enum', value: v };
  }
  if (typeof json === 'string' && !/^\d+$/.test(json)) {
    const v = lookupName(SECURITY_POLICIES_V0, json);
    if (v === undefined) throw new EncodeError(`unknown security policy "${json}": give a list of ${SECURITY_POLICY_BITS.map(([, n]) => n).join(', ')}, or a version 0 name (${Object.values(SECURITY_POLICIES_V0).join(', ')})`);
    return { type: 'enum', value: v };
  }
  const n = integerFrom(json, 'security policy');
  if (n < 0 || n > 255) throw new EncodeError(`security policy ${n} is out of range 0..255`);
  return { type: 'enum', value: n };
}

function outputStateFromJson(json: unknown): DlmsData {
  if (typeof json === 'boolean') return { type: 'boolean', value: json };
  if (json === 'connected' || json === 'disconnected') return { type: 'boolean', value: json === 'connected' };
  throw new EncodeError(`expected "connected", "disconnected" or a boolean, got ${JSON.stringify(json)}`);
}

export const FORMATS: Record<FormatName, Format> = {
  obis: {
    toJson: (d) => {
      const b = fixedOctets(d, 6);
      return b && obisToString(b);
    },
    fromJson: (j) => octets(obisToBytes(parseObis(j as string))),
  },
  'date-time': {
    toJson: (d) => {
      const b = fixedOctets(d, 12);
      return b && dateTimeJson(b);
    },
    fromJson: (j) => octets(dateTimeFromJson(j)),
  },
  date: {
    toJson: (d) => {
      const b = fixedOctets(d, 5);
      return b && dateJson(b);
    },
    fromJson: (j) => octets(dateFromJson(j)),
  },
  time: {
    toJson: (d) => {
      const b = fixedOctets(d, 4);
      return b && timeJson(b);
    },
    fromJson: (j) => octets(timeFromJson(j)),
  },
  text: {
    // bytes that are not text stay typed, so that writing the value back keeps them
    toJson: (d) => (d.type === 'octet-string' ? (asText(d.value) ?? { type: 'octet-string', value: toHex(d.value) }) : undefined),
    fromJson: (j) => octets(typeof j === 'string' ? Buffer.from(j, 'utf8') : octetsFromJson(j)),
  },
  ipv4: { toJson: ipv4ToJson, fromJson: ipv4FromJson },
  'clock-status': {
    toJson: (d) => (d.type === 'unsigned' ? clockStatusFlags(d.value) : undefined),
    fromJson: clockStatusFromJson,
  },
  'scaler-unit': { toJson: scalerUnitToJson, fromJson: scalerUnitFromJson },
  'security-policy': { toJson: securityPolicyToJson, fromJson: securityPolicyFromJson },
  'output-state': {
    toJson: (d) => (d.type === 'boolean' ? (d.value ? 'connected' : 'disconnected') : undefined),
    fromJson: outputStateFromJson,
  },
};
