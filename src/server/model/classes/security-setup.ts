import { D } from '../../../codec/data';
import { readState, writeState, type ClassHandler, type ObjectEnv } from '../handler';
import { noMethod } from './common';

/**
 * Security setup (class_id 64, version 1): security_policy (bit map of version 1), suite,
 * system titles. The client system title is recorded by the session through
 * CosemModel.poke(); security_activate can only add protection bits. Key management methods
 * (2..8) belong to the security layer and answer object-unavailable here.
 */
function policy(env: ObjectEnv): number {
  return readState<number>(env, 'policy') ?? env.obj.def.security?.policy ?? 0;
}

export const securitySetupClass: ClassHandler = {
  classId: 64,
  version: 1,
  attributeCount: 6,
  methodCount: 8,
  firstMethodOffset: 0x30,
  get(env, attribute) {
    switch (attribute) {
      case 2:
        return { data: D.enum(policy(env)) };
      case 3:
        return { data: D.enum(env.obj.def.security?.suite ?? 0) };
      case 4:
        return { data: D.octetString(readState<Buffer>(env, 'client-system-title') ?? Buffer.alloc(0)) };
      case 5:
        return { data: D.octetString(env.meter.systemTitle) };
      case 6:
        return { data: D.array([]) };
      default:
        return { error: 'object-undefined' };
    }
  },
  set(env, attribute, value) {
    if (attribute !== 4) return 'read-write-denied';
    if (value.type !== 'octet-string' || value.value.length !== 8) return 'type-unmatched';
    writeState(env, 'client-system-title', Buffer.from(value.value));
    return 'success';
  },
  action(env, method, params) {
    if (method === 1) {
      if (params?.type !== 'enum') return { result: 'type-unmatched' };
      const now = policy(env);
      if ((params.value & now) !== now) return { result: 'other-reason' }; // never weaken the policy
      writeState(env, 'policy', params.value);
      return { result: 'success' };
    }
    return method >= 2 && method <= 8 ? { result: 'object-unavailable' } : noMethod;
  },
};
