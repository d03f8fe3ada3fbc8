import { D, type DlmsData } from '../../../codec/data';
import { fromTypedJson } from '../../../codec/typed-json';
import { readState, writeState, type ClassHandler, type ObjectEnv } from '../handler';
import { evaluateSource } from '../sources';
import type { ActionOutcome } from '../types';
import { dateTimeData, intOf, scalerUnit } from '../values';
import { isIntegerZero, isLive, noMethod, storedOr, valueOf, writeChecked } from './common';

/** reset(): live registers restart from zero (an offset is kept), static ones are set to zero. */
function resetValue(env: ObjectEnv): ActionOutcome {
  const v = valueOf(env);
  if (isLive(env)) {
    const n = intOf(v);
    if (n === undefined) return { result: 'other-reason' };
    writeState(env, 'reset-offset', (readState<number>(env, 'reset-offset') ?? 0) + n);
  } else {
    writeState(env, 2, zeroLike(v));
  }
  writeState(env, 'reset-at', env.tMs);
  return { result: 'success' };
}

function zeroLike(v: DlmsData): DlmsData {
  if (intOf(v) !== undefined) return { ...v, value: 0 } as DlmsData;
  if (v.type === 'long64' || v.type === 'long64-unsigned') return { ...v, value: 0n };
  return v;
}

function scalerUnitOf(env: ObjectEnv): DlmsData {
  return scalerUnit(env.obj.def.scaler ?? 0, env.obj.def.unit ?? 255);
}

function setValue(env: ObjectEnv, value: DlmsData) {
  if (isLive(env)) return 'read-write-denied' as const;
  return writeChecked(env, 2, valueOf(env), value);
}

/** Register (class_id 3, version 0): value, scaler_unit; reset. */
export const registerClass: ClassHandler = {
  classId: 3,
  version: 0,
  attributeCount: 3,
  methodCount: 1,
  firstMethodOffset: 0x28,
  get(env, attribute) {
    if (attribute === 2) return { data: valueOf(env) };
    if (attribute === 3) return { data: scalerUnitOf(env) };
    return { error: 'object-undefined' };
  },
  set(env, attribute, value) {
    return attribute === 2 ? setValue(env, value) : 'read-write-denied';
  },
  action(env, method, params) {
    if (method !== 1) return noMethod;
    return isIntegerZero(params) ? resetValue(env) : { result: 'type-unmatched' };
  },
};

function captureTime(env: ObjectEnv): DlmsData {
  const resetAt = readState<number>(env, 'reset-at');
  const src = env.obj.def.captureTimeSource;
  if (src && resetAt === undefined) {
    const v = evaluateSource(src, env.meter.sourceEnv, env.tMs / 1000);
    if (typeof v === 'object') return dateTimeData(v.timeMs, env.meter.utcOffsetMinutes);
  }
  return dateTimeData(resetAt ?? env.tMs, env.meter.utcOffsetMinutes);
}

/** Extended register (class_id 4, version 0): value, scaler_unit, status, capture_time; reset. */
export const extendedRegisterClass: ClassHandler = {
  classId: 4,
  version: 0,
  attributeCount: 5,
  methodCount: 1,
  firstMethodOffset: 0x38,
  get(env, attribute) {
    switch (attribute) {
      case 2:
        return { data: valueOf(env) };
      case 3:
        return { data: scalerUnitOf(env) };
      case 4:
        return { data: storedOr(env, 4, () => D.unsigned(0)) };
      case 5:
        return { data: captureTime(env) };
      default:
        return { error: 'object-undefined' };
    }
  },
  set(env, attribute, value) {
    return attribute === 2 ? setValue(env, value) : 'read-write-denied';
  },
  action(env, method, params) {
    if (method !== 1) return noMethod;
    return isIntegerZero(params) ? resetValue(env) : { result: 'type-unmatched' };
  },
};

/**
 * Demand register (class_id 5, version 0). `value.source` names a cumulative energy source (Wh
 * or varh); the averages are its increase over the period, as power. Periods are aligned on
 * multiples of `period` from an anchor that next_period and reset move to "now".
 */
function periodOf(env: ObjectEnv): number {
  return readState<number>(env, 8) ?? env.obj.def.period ?? 900;
}

function demandWindow(env: ObjectEnv): { start: number; period: number } {
  const periodMs = periodOf(env) * 1000;
  const anchor = readState<number>(env, 'anchor') ?? 0;
  const start = anchor + Math.floor((env.tMs - anchor) / periodMs) * periodMs;
  return { start, period: periodMs };
}

function cumulativeAt(env: ObjectEnv, tMs: number): number {
  const spec = env.obj.def.value;
  if (!spec || !('source' in spec)) return 0;
  const v = evaluateSource(spec.source, env.meter.sourceEnv, tMs / 1000);
  return typeof v === 'number' ? v : 0;
}

function averageData(env: ObjectEnv, from: number, to: number): DlmsData {
  const spec = env.obj.def.value;
  const type = spec && 'source' in spec ? spec.type : 'double-long-unsigned';
  const watts = to > from ? ((cumulativeAt(env, to) - cumulativeAt(env, from)) * 3600000) / (to - from) : 0;
  const raw = Math.max(0, Math.round(watts / Math.pow(10, env.obj.def.scaler ?? 0)));
  return spec && 'static' in spec ? fromTypedJson(spec.static) : ({ type, value: raw } as DlmsData);
}

export const demandRegisterClass: ClassHandler = {
  classId: 5,
  version: 0,
  attributeCount: 9,
  methodCount: 2,
  firstMethodOffset: 0x48,
  get(env, attribute) {
    const { start, period } = demandWindow(env);
    const resetAt = readState<number>(env, 'reset-at') ?? -Infinity;
    switch (attribute) {
      case 2:
        return { data: averageData(env, start, env.tMs) };
      case 3:
        return { data: start - period < resetAt ? averageData(env, 0, 0) : averageData(env, start - period, start) };
      case 4:
        return { data: scalerUnitOf(env) };
      case 5:
        return { data: D.unsigned(0) };
      case 6:
        return { data: dateTimeData(start, env.meter.utcOffsetMinutes) };
      case 7:
        return { data: dateTimeData(start, env.meter.utcOffsetMinutes) };
      case 8:
        return { data: D.doubleLongUnsigned(periodOf(env)) };
      case 9:
        return { data: D.longUnsigned(1) };
      default:
        return { error: 'object-undefined' };
    }
  },
  set(env, attribute, value) {
    if (attribute !== 8) return 'read-write-denied';
    if (value.type !== 'double-long-unsigned') return 'type-unmatched';
    if (value.value < 1) return 'other-reason';
    writeState(env, 8, value.value);
    writeState(env, 'anchor', env.tMs);
    return 'success';
  },
  action(env, method, params) {
    if (method !== 1 && method !== 2) return noMethod;
    if (!isIntegerZero(params)) return { result: 'type-unmatched' };
    writeState(env, 'anchor', env.tMs);
    if (method === 1) writeState(env, 'reset-at', env.tMs);
    return { result: 'success' };
  },
};
