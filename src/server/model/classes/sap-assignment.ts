import { D } from '../../../codec/data';
import type { ClassHandler } from '../handler';
import { noMethod } from './common';

/** SAP assignment (class_id 17, version 0): the logical devices of the physical meter. */
export const sapAssignmentClass: ClassHandler = {
  classId: 17,
  version: 0,
  attributeCount: 2,
  methodCount: 1,
  firstMethodOffset: 0x20,
  get(env, attribute) {
    if (attribute !== 2) return { error: 'object-undefined' };
    const list = [...env.meter.logicalDevices.keys()].map((sap) => D.structure([D.longUnsigned(sap), D.octetString(Buffer.from(env.meter.logicalDeviceName(sap), 'latin1'))]));
    return { data: D.array(list) };
  },
  set() {
    return 'read-write-denied';
  },
  action(_env, method) {
    // connect_logical_device: the logical devices are fixed by the model definition.
    return method === 1 ? { result: 'read-write-denied' } : noMethod;
  },
};
