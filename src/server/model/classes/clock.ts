import { D, type DlmsData } from '../../../codec/data';
import { deleteState, readState, writeState, type ClassHandler, type ObjectEnv } from '../handler';
import type { ActionOutcome } from '../types';
import { dateTimeData, instantOf } from '../values';
import { isIntegerZero, noMethod, storedOr, writeChecked } from './common';

/**
 * Clock (class_id 8, version 0). The meter time is the injected clock plus a per-meter offset:
 * writing `time` and the adjust/shift methods move that offset. The DST settings are kept and
 * readable; the simulated meter keeps standard time (daylight_savings_enabled defaults to false,
 * as in India).
 */
const DST_BEGIN = 'ffff03fe07020000008000ff'; // any year, last Sunday of March, 02:00
const DST_END = 'ffff0afe07030000008000ff'; // any year, last Sunday of October, 03:00

function initial(env: ObjectEnv, attribute: number): DlmsData {
  switch (attribute) {
    case 3:
      return D.long(-env.meter.utcOffsetMinutes);
    case 4:
      return D.unsigned(0);
    case 5:
      return D.octetString(DST_BEGIN);
    case 6:
      return D.octetString(DST_END);
    case 7:
      return D.integer(60);
    case 8:
      return D.boolean(false);
    default:
      return D.enum(1); // clock_base: internal crystal
  }
}


/** Move the meter time to `targetMs` (meter time). */
function setMeterTime(env: ObjectEnv, targetMs: number): void {
  env.meter.clockOffsetMs += targetMs - env.tMs;
}

function roundTo(env: ObjectEnv, stepMs: number): ActionOutcome {
  const off = env.meter.utcOffsetMinutes * 60000;
  setMeterTime(env, Math.round((env.tMs + off) / stepMs) * stepMs - off);
  return { result: 'success' };
}

interface Preset { at: number; from: number; to: number }

function presetAdjustingTime(env: ObjectEnv, params: DlmsData | undefined): ActionOutcome {
  if (!params || params.type !== 'structure' || params.value.length !== 3) return { result: 'type-unmatched' };
  const [at, from, to] = params.value.map((d) => instantOf(d, env.meter.utcOffsetMinutes));
  if (at === undefined || from === undefined || to === undefined) return { result: 'type-unmatched' };
  if (from > to) return { result: 'other-reason' };
  writeState(env, 'preset', { at, from, to } satisfies Preset);
  return { result: 'success' };
}

function adjustToPresetTime(env: ObjectEnv): ActionOutcome {
  const p = readState<Preset>(env, 'preset');
  if (!p) return { result: 'object-unavailable' };
  if (env.tMs < p.from || env.tMs > p.to) return { result: 'other-reason' };
  setMeterTime(env, p.at);
  deleteState(env, 'preset');
  return { result: 'success' };
}

export const clockClass: ClassHandler = {
  classId: 8,
  version: 0,
  attributeCount: 9,
  methodCount: 6,
  firstMethodOffset: 0x60,
  get(env, attribute) {
    if (attribute === 2) return { data: dateTimeData(env.tMs, env.meter.utcOffsetMinutes) };
    if (attribute >= 3 && attribute <= 9) return { data: storedOr(env, attribute, () => initial(env, attribute)) };
    return { error: 'object-undefined' };
  },
  set(env, attribute, value) {
    if (attribute === 2) {
      const at = instantOf(value, env.meter.utcOffsetMinutes);
      if (at === undefined) return 'type-unmatched';
      setMeterTime(env, at);
      return 'success';
    }
    if (attribute === 3 && value.type === 'long' && Math.abs(value.value) > 720) return 'other-reason';
    if (attribute === 3 || (attribute >= 5 && attribute <= 8)) return writeChecked(env, attribute, storedOr(env, attribute, () => initial(env, attribute)), value);
    return 'read-write-denied';
  },
  action(env, method, params) {
    switch (method) {
      case 1:
        return isIntegerZero(params) ? roundTo(env, 15 * 60000) : { result: 'type-unmatched' };
      case 2:
        return isIntegerZero(params) ? roundTo(env, (env.obj.def.measuringPeriod ?? 900) * 1000) : { result: 'type-unmatched' };
      case 3:
        return isIntegerZero(params) ? roundTo(env, 60000) : { result: 'type-unmatched' };
      case 4:
        return isIntegerZero(params) ? adjustToPresetTime(env) : { result: 'type-unmatched' };
      case 5:
        return presetAdjustingTime(env, params);
      case 6:
        if (params?.type !== 'long') return { result: 'type-unmatched' };
        if (params.value < -900 || params.value > 900) return { result: 'other-reason' };
        setMeterTime(env, env.tMs + params.value * 1000);
        return { result: 'success' };
      default:
        return noMethod;
    }
  },
};
