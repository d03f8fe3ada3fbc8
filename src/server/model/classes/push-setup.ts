import { D, type DlmsData } from '../../../codec/data';
import { writeState, type ClassHandler, type ObjectEnv } from '../handler';
import { captureObjectData } from './profile-generic';
import { isIntegerZero, noMethod, storedOr, writeChecked } from './common';
import { captureRefOf } from './selective-access';

/**
 * Push setup (class_id 40, version 0). push (method 1) reads every object of push_object_list
 * at the meter time and hands the values to the model's push listeners; sending them is the
 * server's job.
 */
function initial(env: ObjectEnv, attribute: number): DlmsData {
  const p = env.obj.def.push;
  switch (attribute) {
    case 2:
      return D.array((p?.objects ?? []).map(captureObjectData));
    case 3:
      return D.structure([D.enum(p?.transport ?? 0), D.octetString(Buffer.from(p?.destination ?? '', 'latin1')), D.enum(p?.message ?? 0)]);
    case 4:
      return D.array([]);
    case 5:
      return D.longUnsigned(0);
    case 6:
      return D.unsigned(3);
    default:
      return D.longUnsigned(60);
  }
}

export const pushSetupClass: ClassHandler = {
  classId: 40,
  version: 0,
  attributeCount: 7,
  methodCount: 1,
  firstMethodOffset: 0x38,
  get(env, attribute) {
    if (attribute < 2 || attribute > 7) return { error: 'object-undefined' };
    return { data: storedOr(env, attribute, () => initial(env, attribute)) };
  },
  set(env, attribute, value) {
    if (attribute < 2 || attribute > 7) return 'read-write-denied';
    if (attribute === 4 && value.type === 'array') {
      const okWindow = value.value.every((w) => w.type === 'structure' && w.value.length === 2 && w.value.every((x) => x.type === 'octet-string' && x.value.length === 12));
      if (!okWindow) return 'type-unmatched';
      writeState(env, 4, value);
      return 'success';
    }
    return writeChecked(env, attribute, storedOr(env, attribute, () => initial(env, attribute)), value);
  },
  action(env, method, params) {
    if (method !== 1) return noMethod;
    if (!isIntegerZero(params)) return { result: 'type-unmatched' };
    const list = storedOr(env, 2, () => initial(env, 2));
    const values: DlmsData[] = [];
    for (const item of list.type === 'array' ? list.value : []) {
      const ref = captureRefOf(item);
      values.push((ref && env.meter.readAt(env.obj.ld, ref, env.tMs)) || D.null());
    }
    env.meter.emitPush({ logicalDevice: env.obj.ld, obis: env.obj.obis, destination: storedOr(env, 3, () => initial(env, 3)), values, at: new Date(env.tMs) });
    return { result: 'success' };
  },
};
