import { D, type DlmsData } from '../../../codec/data';
import { obisToBytes } from '../../../codec/obis';
import { deleteState, readState, writeState, type ClassHandler, type ObjectEnv } from '../handler';
import type { CaptureRef, GetResult, ProfileSpec, SelectiveAccess } from '../types';
import { isIntegerZero, noMethod } from './common';
import { capturePeriod, generatedTimes } from './profile-rows';
import { parseSelection, sameCapture } from './selective-access';

/**
 * Profile generic (class_id 7, version 1). The buffer is not stored: its rows are the capture
 * times of the profile kind (see profile-rows.ts) plus the times of capture() calls, after the
 * last reset(), newest `profile_entries` kept, oldest first (sort_method FIFO). A cell is the
 * captured attribute read at the row time, so history is consistent with live values.
 */
const EMPTY_SPEC: ProfileSpec = { columns: [], rows: { kind: 'snapshot' }, entries: 1 };

function specOf(env: ObjectEnv): ProfileSpec {
  return env.obj.def.profile ?? EMPTY_SPEC;
}

/** Capture times currently in the buffer, oldest first (ms). */
export function bufferTimes(env: ObjectEnv): number[] {
  const spec = specOf(env);
  if (spec.rows.kind === 'snapshot') return [env.tMs];
  const resetAt = readState<number>(env, 'reset-at') ?? -Infinity;
  const captured = (readState<number[]>(env, 'captured') ?? []).filter((t) => t <= env.tMs);
  const generated = generatedTimes(spec.rows, env.meter.physics, env.tMs, spec.entries, resetAt);
  const all = captured.length ? [...generated, ...captured].sort((a, b) => a - b) : generated;
  return all.length > spec.entries ? all.slice(all.length - spec.entries) : all;
}

function isClockColumn(c: CaptureRef): boolean {
  return (c.classId === 8 && c.attribute === 2) || (c.obis === '0.0.0.1.2.255' && c.attribute === 2);
}

function cell(env: ObjectEnv, col: CaptureRef, t: number): DlmsData {
  return env.meter.readAt(env.obj.ld, col, t) ?? D.null();
}

function rows(env: ObjectEnv, times: number[], columns: number[]): DlmsData {
  const spec = specOf(env);
  return D.array(
    times.map((t, r) =>
      D.structure(
        columns.map((i) => {
          const col = spec.columns[i];
          if (r > 0 && spec.clockOnlyInFirstRow && col.classId === 8) return D.null();
          return cell(env, col, t);
        }),
      ),
    ),
  );
}

function allColumns(spec: ProfileSpec): number[] {
  return spec.columns.map((_, i) => i);
}

function buffer(env: ObjectEnv, access?: SelectiveAccess): GetResult {
  const spec = specOf(env);
  const times = bufferTimes(env);
  if (!access) return { data: rows(env, times, allColumns(spec)) };
  const sel = parseSelection(access.selector, access.parameters, env.meter.utcOffsetMinutes);
  if (typeof sel === 'string') return { error: sel };
  if (sel.kind === 'range') {
    if (!isClockColumn(sel.restricting) || !spec.columns.some((c) => sameCapture(c, sel.restricting))) return { error: 'scope-of-access-violated' };
    const columns: number[] = [];
    for (const want of sel.columns) {
      const i = spec.columns.findIndex((c) => sameCapture(c, want));
      if (i < 0) return { error: 'scope-of-access-violated' };
      columns.push(i);
    }
    // Rows are compared on whole seconds, as the date-times carry them.
    const picked = times.filter((t) => Math.floor(t / 1000) * 1000 >= sel.from && Math.floor(t / 1000) * 1000 <= sel.to);
    return { data: rows(env, picked, columns.length ? columns : allColumns(spec)) };
  }
  const n = spec.columns.length;
  const fromEntry = Math.max(1, sel.fromEntry);
  const toEntry = sel.toEntry === 0 ? times.length : Math.min(sel.toEntry, times.length);
  const fromCol = Math.max(1, sel.fromColumn);
  const toCol = sel.toColumn === 0 ? n : sel.toColumn;
  if ((sel.toEntry !== 0 && sel.toEntry < fromEntry) || toCol < fromCol || toCol > n) return { error: 'scope-of-access-violated' };
  const columns: number[] = [];
  for (let c = fromCol; c <= toCol; c++) columns.push(c - 1);
  return { data: rows(env, times.slice(fromEntry - 1, toEntry), columns) };
}

export function captureObjectData(c: CaptureRef): DlmsData {
  return D.structure([D.longUnsigned(c.classId), D.octetString(obisToBytes(c.obis)), D.integer(c.attribute), D.longUnsigned(c.dataIndex ?? 0)]);
}

export const profileGenericClass: ClassHandler = {
  classId: 7,
  version: 1,
  attributeCount: 8,
  methodCount: 2,
  firstMethodOffset: 0x58,
  selectors(attribute) {
    return attribute === 2 ? [1, 2] : [];
  },
  get(env, attribute, access) {
    const spec = specOf(env);
    switch (attribute) {
      case 2:
        return buffer(env, access);
      case 3:
        return { data: D.array(spec.columns.map(captureObjectData)) };
      case 4:
        return { data: D.doubleLongUnsigned(capturePeriod(spec.rows)) };
      case 5:
        return { data: D.enum(1) };
      case 6:
        return { data: captureObjectData({ classId: 0, obis: '0.0.0.0.0.0', attribute: 0, dataIndex: 0 }) };
      case 7:
        return { data: D.doubleLongUnsigned(bufferTimes(env).length) };
      case 8:
        return { data: D.doubleLongUnsigned(spec.entries) };
      default:
        return { error: 'object-undefined' };
    }
  },
  set() {
    return 'read-write-denied';
  },
  action(env, method, params) {
    if (method !== 1 && method !== 2) return noMethod;
    if (!isIntegerZero(params)) return { result: 'type-unmatched' };
    const spec = specOf(env);
    if (method === 1) {
      writeState(env, 'reset-at', env.tMs);
      deleteState(env, 'captured');
      return { result: 'success' };
    }
    if (spec.rows.kind === 'snapshot') return { result: 'success' };
    const captured = (readState<number[]>(env, 'captured') ?? []).concat(env.tMs);
    writeState(env, 'captured', captured.length > spec.entries ? captured.slice(captured.length - spec.entries) : captured);
    return { result: 'success' };
  },
};
