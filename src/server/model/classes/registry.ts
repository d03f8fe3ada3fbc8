import type { ClassHandler } from '../handler';
import { associationLnClass, associationSnClass } from './association';
import { clockClass } from './clock';
import { dataClass } from './data';
import { disconnectControlClass } from './disconnect-control';
import { profileGenericClass } from './profile-generic';
import { pushSetupClass } from './push-setup';
import { demandRegisterClass, extendedRegisterClass, registerClass } from './register';
import { sapAssignmentClass } from './sap-assignment';
import { securitySetupClass } from './security-setup';

/** The interface classes the simulator implements, by class_id. */
export const CLASS_HANDLERS: ReadonlyMap<number, ClassHandler> = new Map(
  [
    dataClass,
    registerClass,
    extendedRegisterClass,
    demandRegisterClass,
    profileGenericClass,
    clockClass,
    associationSnClass,
    associationLnClass,
    sapAssignmentClass,
    pushSetupClass,
    securitySetupClass,
    disconnectControlClass,
  ].map((h) => [h.classId, h]),
);
