import { D } from '../../../codec/data';
import { readState, writeState, type ClassHandler, type ObjectEnv } from '../handler';
import type { ActionOutcome } from '../types';
import { isIntegerZero, noMethod } from './common';

/**
 * Disconnect control (class_id 70, version 0). States: 0 disconnected, 1 connected,
 * 2 ready_for_reconnection. The simulator reads the control modes as follows:
 * - mode 0: no disconnection possible, remote methods fail (other-reason);
 * - remote_disconnect (transitions b, c) in modes 1..6;
 * - remote_reconnect: modes 2, 4, 6 close the output (connected); modes 1, 3, 5 only arm it
 *   (ready_for_reconnection) and a manual reconnection (manualReconnect) closes it.
 */
export type ControlState = 0 | 1 | 2;

function mode(env: ObjectEnv): number {
  return readState<number>(env, 'mode') ?? env.obj.def.controlMode ?? 4;
}

function state(env: ObjectEnv): ControlState {
  return readState<ControlState>(env, 'state') ?? 1;
}

function remote(env: ObjectEnv, method: 1 | 2): ActionOutcome {
  const m = mode(env);
  if (m === 0) return { result: 'other-reason' };
  const s = state(env);
  if (method === 1) writeState(env, 'state', 0);
  else if (s === 0 || s === 2) writeState(env, 'state', m % 2 === 0 ? 1 : 2);
  return { result: 'success' };
}

/** Transition e (manual reconnection, e.g. the meter's push button): ready_for_reconnection -> connected. */
export function manualReconnect(env: ObjectEnv): boolean {
  if (state(env) !== 2) return false;
  writeState(env, 'state', 1);
  return true;
}

export const disconnectControlClass: ClassHandler = {
  classId: 70,
  version: 0,
  attributeCount: 4,
  methodCount: 2,
  firstMethodOffset: 0x20,
  get(env, attribute) {
    switch (attribute) {
      case 2:
        return { data: D.boolean(state(env) === 1) };
      case 3:
        return { data: D.enum(state(env)) };
      case 4:
        return { data: D.enum(mode(env)) };
      default:
        return { error: 'object-undefined' };
    }
  },
  set(env, attribute, value) {
    if (attribute !== 4) return 'read-write-denied';
    if (value.type !== 'enum') return 'type-unmatched';
    if (value.value > 6) return 'other-reason';
    writeState(env, 'mode', value.value);
    if (value.value === 0) writeState(env, 'state', 1);
    return 'success';
  },
  action(env, method, params) {
    if (method !== 1 && method !== 2) return noMethod;
    return isIntegerZero(params) ? remote(env, method) : { result: 'type-unmatched' };
  },
};
