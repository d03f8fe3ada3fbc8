import type { DlmsData } from './data';
import { unitName, unitSymbol } from './units';
import { DlmsError, EncodeError } from '../errors';

/**
 * Scalers of the Register family (Blue Book 4.3.2: value = raw * 10^scaler, scaler an
 * integer -128..127). Results are the double nearest to the exact decimal, so 12345 with
 * scaler -3 is 12.345 and never 12.344999...: IEEE division and multiplication are correctly
 * rounded, so raw / 10^k is exact-nearest whenever raw and 10^k are both exact doubles
 * (|raw| <= 2^53, k <= 22); every other case goes through the decimal text, which Number()
 * also rounds correctly.
 */

// 10^0 .. 10^22 are exactly representable as doubles.
const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

function checkScaler(scaler: number): void {
  if (!Number.isInteger(scaler) || scaler < -128 || scaler > 127) {
    throw new EncodeError(`scaler ${String(scaler)} is out of range -128..127`, { scaler });
  }
}

/** raw * 10^scaler as the nearest double (raw: an integer number or a bigint). */
export function applyScaler(raw: number | bigint, scaler: number): number {
  if (typeof raw === 'number') {
    if (scaler === 0) return raw;
    if (Number.isSafeInteger(raw)) {
      if (scaler < 0 && scaler >= -22) return raw / POW10[-scaler];
      if (scaler > 0 && scaler <= 22) return raw * POW10[scaler];
    }
    if (!Number.isFinite(raw)) return raw;
    return shiftText(String(raw), scaler);
  }
  if (scaler === 0) return Number(raw);
  return Number(`${raw}e${scaler}`);
}

/** Number(text * 10^scaler) for a JS number's text, which may itself carry an exponent ("1.5e-7"). */
function shiftText(text: string, scaler: number): number {
  const e = text.indexOf('e');
  if (e < 0) return Number(`${text}e${scaler}`);
  return Number(`${text.slice(0, e)}e${Number(text.slice(e + 1)) + scaler}`);
}

/**
 * The scaled value for JSON output: a number, except for a bigint whose magnitude is beyond the
 * safe integer range, which gives its exact decimal text (same rule as 64-bit integers).
 */
export function applyScalerJson(raw: number | bigint, scaler: number): number | string {
  if (typeof raw === 'bigint' && (raw > BigInt(Number.MAX_SAFE_INTEGER) || raw < -BigInt(Number.MAX_SAFE_INTEGER))) {
    return scaledDecimal(raw, scaler);
  }
  return applyScaler(raw, scaler);
}

/** raw * 10^scaler as exact decimal text ("12.345", "-0.05", "1200"), no exponent notation. */
export function scaledDecimal(raw: number | bigint, scaler: number): string {
  if (typeof raw === 'number' && !Number.isInteger(raw)) {
    throw new EncodeError(`raw value ${raw} is not an integer`);
  }
  const neg = raw < 0;
  let digits = (neg ? -BigInt(raw) : BigInt(raw)).toString();
  if (scaler >= 0) digits = digits === '0' ? '0' : digits + '0'.repeat(scaler);
  else {
    const k = -scaler;
    if (digits.length <= k) digits = '0'.repeat(k - digits.length + 1) + digits;
    const int = digits.slice(0, digits.length - k);
    const frac = digits.slice(digits.length - k).replace(/0+$/, '');
    digits = frac ? `${int}.${frac}` : int;
  }
  return neg && digits !== '0' ? `-${digits}` : digits;
}

export interface UnscaleOptions {
  /** 'exact' (default) refuses a value finer than the scaler's resolution; 'nearest' rounds half away from zero. */
  rounding?: 'exact' | 'nearest';
}

/**
 * The inverse: the raw integer to write so that the meter shows `value` (12.345 with scaler -3
 * gives 12345). Works on the decimal text of the value, so no binary rounding creeps in.
 * Returns a number when it is a safe integer, else a bigint.
 */
export function unscale(value: number | bigint | string, scaler: number, opts: UnscaleOptions = {}): number | bigint {
  checkScaler(scaler);
  const parsed = parseDecimal(value);
  // value = mantissa * 10^exp, raw = mantissa * 10^(exp - scaler)
  const shift = parsed.exp - scaler;
  let raw: bigint;
  if (shift >= 0) raw = parsed.mantissa * 10n ** BigInt(shift);
  else {
    const div = 10n ** BigInt(-shift);
    raw = parsed.mantissa / div;
    const rem = parsed.mantissa % div;
    if (rem !== 0n) {
      if ((opts.rounding ?? 'exact') === 'exact') {
        throw new EncodeError(
          `value ${String(value)} cannot be written with scaler ${scaler}: the meter's resolution is ${scaledDecimal(1, scaler)}; round it or allow rounding`,
          { value: String(value), scaler },
        );
      }
      const absRem = rem < 0n ? -rem : rem;
      if (absRem * 2n >= div) raw += parsed.mantissa < 0n ? -1n : 1n;
    }
  }
  const n = Number(raw);
  return Number.isSafeInteger(n) ? n : raw;
}

const DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

function parseDecimal(value: number | bigint | string): { mantissa: bigint; exp: number } {
  if (typeof value === 'bigint') return { mantissa: value, exp: 0 };
  if (typeof value === 'number' && !Number.isFinite(value)) throw new EncodeError(`value ${value} is not a finite number`);
  const text = typeof value === 'number' ? String(value) : value.trim();
  const m = DECIMAL_RE.exec(text);
  if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) {
    throw new EncodeError(`"${text}" is not a decimal number`, { value: text });
  }
  const frac = m[3] ?? '';
  const exp = (m[4] ? Number(m[4]) : 0) - frac.length;
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > 400) throw new EncodeError(`"${text}" has an exponent out of range`);
  const mantissa = BigInt(`${m[1] === '-' ? '-' : ''}${m[2] || '0'}${frac}`);
  return { mantissa, exp };
}

export interface ScalerUnit {
  scaler: number;
  /** The unit enum value (Blue Book table of units). */
  unit: number;
  unitSymbol: string;
  unitName: string;
}

const INTEGER_TYPES = new Set(['integer', 'long', 'double-long', 'unsigned', 'long-unsigned', 'double-long-unsigned', 'enum']);

/**
 * A scaler_unit attribute (Register attribute 3): structure { integer scaler, enum unit }.
 * Other integer types are tolerated because some meters send unsigned or long here.
 */
export function decodeScalerUnit(d: DlmsData): ScalerUnit {
  if (d.type !== 'structure' || d.value.length !== 2) {
    throw new DlmsError('type-unmatched', `scaler_unit must be a structure of {integer scaler, enum unit}, got ${describe(d)}`, { type: d.type });
  }
  const [s, u] = d.value;
  if (!INTEGER_TYPES.has(s.type) || !INTEGER_TYPES.has(u.type)) {
    throw new DlmsError('type-unmatched', `scaler_unit must hold {integer, enum}, got {${s.type}, ${u.type}}`);
  }
  let scaler = (s as { value: number }).value;
  // an unsigned scaler byte is the two's complement of the signed one (0xFF = -1)
  if (s.type === 'unsigned' && scaler > 127) scaler -= 256;
  const unit = (u as { value: number }).value;
  if (scaler < -128 || scaler > 127) throw new DlmsError('type-unmatched', `scaler ${scaler} is out of range -128..127`);
  if (unit < 0 || unit > 255) throw new DlmsError('type-unmatched', `unit ${unit} is out of range 0..255`);
  return { scaler, unit, unitSymbol: unitSymbol(unit), unitName: unitName(unit) };
}

function describe(d: DlmsData): string {
  return d.type === 'structure' || d.type === 'array' ? `${d.type} of ${d.value.length}` : d.type;
}
