/** Shaping what the meter sent into CONTRACTS "One value" results. */
import { dataAccessResultError } from '../apdu/result-errors';
import type { DlmsData } from '../codec/data';
import { obisName } from '../codec/obis-names';
import { applyScalerJson, type ScalerUnit } from '../codec/scaler';
import { interpretAttribute } from '../cosem/interpret';
import { plainJson } from '../cosem/plain';
import { DlmsError, isDlmsError, type ErrorContext } from '../errors';
import type { ItemError, ValueResult } from './api';

export interface ResolvedRef {
  obis: string;
  classId: number;
  attribute: number;
  name?: string;
}

/** Registers (3), extended registers (4) and demand registers (5): where their scaler_unit is. */
export function scalerAttributeOf(classId: number): number | undefined {
  if (classId === 3 || classId === 4) return 3;
  if (classId === 5) return 4;
  return undefined;
}

/** Attributes that the scaler applies to: value (2), and the demand register's last_average_value (3). */
export function isScaledAttribute(classId: number, attribute: number): boolean {
  if (classId === 3 || classId === 4) return attribute === 2;
  if (classId === 5) return attribute === 2 || attribute === 3;
  return false;
}

export function refContext(meter: string | undefined, r: { obis: string; classId?: number; attribute?: number; method?: number }): ErrorContext {
  const c: ErrorContext = { meter, obis: r.obis, classId: r.classId };
  if (r.attribute !== undefined) c.attribute = r.attribute;
  if (r.method !== undefined) c.method = r.method;
  return c;
}

/** A meter refusal with the object named: "1.0.1.8.0.255 attribute 2: The meter refused ...". */
export function accessError(result: number, ctx: ErrorContext): DlmsError {
  const e = dataAccessResultError(result, ctx);
  return new DlmsError(e.code, `${ctx.obis as string} (class ${String(ctx.classId)}, attribute ${String(ctx.attribute)}): ${e.message}`, e.context);
}

export function itemError(e: unknown): ItemError {
  if (isDlmsError(e)) return { code: e.code, message: e.message };
  return { code: 'internal-error', message: e instanceof Error ? e.message : String(e) };
}

const NUMERIC = new Set(['integer', 'long', 'double-long', 'unsigned', 'long-unsigned', 'double-long-unsigned', 'long64', 'long64-unsigned', 'float32', 'float64', 'enum']);

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** "+05:30" for 330 minutes east of UTC. */
export function offsetText(minutes: number): string {
  const a = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${pad2(Math.floor(a / 60))}:${pad2(a % 60)}`;
}

/** An instant as local time of the meter (`offset` minutes east of UTC), ISO with that offset. */
export function isoInOffset(date: Date, offset: number): string {
  const l = new Date(date.getTime() + offset * 60000);
  const ms = l.getUTCMilliseconds();
  const base = `${l.getUTCFullYear()}-${pad2(l.getUTCMonth() + 1)}-${pad2(l.getUTCDate())}T${pad2(l.getUTCHours())}:${pad2(l.getUTCMinutes())}:${pad2(l.getUTCSeconds())}`;
  return `${base}${ms ? `.${String(ms).padStart(3, '0')}` : ''}${offsetText(offset)}`;
}

const NO_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/;
const WITH_OFFSET = /(Z|[+-]\d{2}:\d{2})$/;

/** Meter local ISO text without offset gets the configured offset; other values unchanged. */
export function withMeterOffset(v: unknown, utcOffset: number | undefined): unknown {
  if (utcOffset === undefined || typeof v !== 'string' || !NO_OFFSET.test(v)) return v;
  return `${v}${offsetText(utcOffset)}`;
}

/** The offset (minutes east of UTC) that an ISO text carries, when it carries one. */
export function offsetOfIso(iso: string): number | undefined {
  const m = WITH_OFFSET.exec(iso);
  if (!m) return undefined;
  if (m[1] === 'Z') return 0;
  const sign = m[1][0] === '-' ? -1 : 1;
  return sign * (Number(m[1].slice(1, 3)) * 60 + Number(m[1].slice(4, 6)));
}

/** The ValueResult of an attribute: scaled when a scaler_unit is given and the value is numeric. */
export function shapeValue(meter: string | undefined, ref: ResolvedRef, data: DlmsData, scaler: ScalerUnit | undefined, utcOffset: number | undefined, readAt: Date): ValueResult {
  const out: ValueResult = {
    obis: ref.obis,
    classId: ref.classId,
    attribute: ref.attribute,
    readAt: readAt.toISOString(),
  };
  if (meter !== undefined) out.meter = meter;
  const name = ref.name ?? obisName(ref.obis);
  if (name) out.name = name;
  const raw = plainJson(data);
  if (scaler && NUMERIC.has(data.type) && data.type !== 'enum') {
    const rv = (data as { value: number | bigint }).value;
    out.value = data.type === 'float32' || data.type === 'float64' ? (rv as number) * 10 ** scaler.scaler : applyScalerJson(rv, scaler.scaler);
    out.unit = scaler.unitSymbol;
    out.scaler = scaler.scaler;
  } else {
    out.value = withMeterOffset(interpretAttribute(ref.classId, ref.attribute, data), utcOffset);
  }
  out.raw = raw;
  out.type = data.type;
  return out;
}

/** A failed item of getMany (CONTRACTS: no `value`, an `error`). */
export function failedValue(meter: string | undefined, ref: ResolvedRef, e: unknown, readAt: Date): ValueResult {
  const out: ValueResult = { obis: ref.obis, classId: ref.classId, attribute: ref.attribute, readAt: readAt.toISOString(), error: itemError(e) };
  if (meter !== undefined) out.meter = meter;
  const name = ref.name ?? obisName(ref.obis);
  if (name) out.name = name;
  return out;
}
