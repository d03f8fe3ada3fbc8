import type { ClassHandler } from '../handler';
import { noMethod, storedOr, valueOf, isLive, writeChecked } from './common';

/** Data (class_id 1, version 0): value. */
export const dataClass: ClassHandler = {
  classId: 1,
  version: 0,
  attributeCount: 2,
  methodCount: 0,
  firstMethodOffset: 0x10,
  get(env, attribute) {
    return attribute === 2 ? { data: valueOf(env) } : { error: 'object-undefined' };
  },
  set(env, attribute, value) {
    if (attribute !== 2 || isLive(env)) return 'read-write-denied';
    return writeChecked(env, 2, storedOr(env, 2, () => valueOf(env)), value);
  },
  action() {
    return noMethod;
  },
};
