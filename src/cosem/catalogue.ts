import { InvalidArgumentError } from '../errors';
import type { AttributeDef, InterfaceClass, MethodDef } from './classes/common';
import { DATA, DEMAND_REGISTER, EXTENDED_REGISTER, REGISTER, REGISTER_ACTIVATION } from './classes/data-register';
import { PROFILE_GENERIC } from './classes/profile-generic';
import { ACTIVITY_CALENDAR, CLOCK, SCHEDULE, SCRIPT_TABLE, SINGLE_ACTION_SCHEDULE, SPECIAL_DAYS_TABLE } from './classes/time';
import { ASSOCIATION_LN, ASSOCIATION_SN, SAP_ASSIGNMENT } from './classes/association';
import {
  GPRS_MODEM_SETUP, IEC_HDLC_SETUP, IEC_LOCAL_PORT_SETUP, IPV4_SETUP, PUSH_SETUP, TCP_UDP_SETUP,
} from './classes/communication';
import { IMAGE_TRANSFER, SECURITY_SETUP } from './classes/image-security';
import { DISCONNECT_CONTROL, LIMITER, REGISTER_MONITOR } from './classes/control';
import type { TypeSpec } from './spec';

/** Every interface class in the catalogue, by class_id. */
export const INTERFACE_CLASSES: readonly InterfaceClass[] = [
  DATA,
  REGISTER,
  EXTENDED_REGISTER,
  DEMAND_REGISTER,
  REGISTER_ACTIVATION,
  PROFILE_GENERIC,
  CLOCK,
  SCRIPT_TABLE,
  SCHEDULE,
  SPECIAL_DAYS_TABLE,
  ASSOCIATION_SN,
  ASSOCIATION_LN,
  SAP_ASSIGNMENT,
  IMAGE_TRANSFER,
  IEC_LOCAL_PORT_SETUP,
  ACTIVITY_CALENDAR,
  REGISTER_MONITOR,
  SINGLE_ACTION_SCHEDULE,
  IEC_HDLC_SETUP,
  PUSH_SETUP,
  TCP_UDP_SETUP,
  IPV4_SETUP,
  GPRS_MODEM_SETUP,
  SECURITY_SETUP,
  DISCONNECT_CONTROL,
  LIMITER,
];

const BY_ID = new Map(INTERFACE_CLASSES.map((c) => [c.classId, c]));

/** Names compare without case, "_" or "-": "captureObjects", "capture_objects" and "CAPTURE-OBJECTS" match. */
const fold = (name: string): string => name.replace(/[_\s-]/g, '').toLowerCase();

/** The class table, or undefined for a class the catalogue does not hold. */
export function getClass(classId: number): InterfaceClass | undefined {
  return BY_ID.get(classId);
}

/** Like getClass, but an unknown class is an error that says which classes are known. */
export function requireClass(classId: number): InterfaceClass {
  const c = BY_ID.get(classId);
  if (!c) {
    throw new InvalidArgumentError(
      `interface class ${classId} is not in the catalogue (known: ${INTERFACE_CLASSES.map((k) => k.classId).join(', ')})`,
      { classId },
      'unknown-class',
    );
  }
  return c;
}

export function getAttribute(classId: number, index: number): AttributeDef | undefined {
  return BY_ID.get(classId)?.attributes.find((a) => a.index === index);
}

export function getMethod(classId: number, index: number): MethodDef | undefined {
  return BY_ID.get(classId)?.methods.find((m) => m.index === index);
}

/** Blue Book name of an attribute; "attribute_<n>" for one the catalogue does not know (manufacturer specific). */
export function attributeName(classId: number, index: number): string {
  return getAttribute(classId, index)?.name ?? `attribute_${index}`;
}

/** Blue Book name of a method; "method_<n>" for one the catalogue does not know. */
export function methodName(classId: number, index: number): string {
  return getMethod(classId, index)?.name ?? `method_${index}`;
}

function indexByName(kind: 'attribute' | 'method', classId: number, name: string | number): number {
  if (typeof name === 'number' || /^\d+$/.test(String(name).trim())) return Number(name);
  const c = requireClass(classId);
  const list: readonly { index: number; name: string }[] = kind === 'attribute' ? c.attributes : c.methods;
  const hit = list.find((x) => fold(x.name) === fold(name));
  if (!hit) {
    throw new InvalidArgumentError(
      `${c.name} (class ${classId}) has no ${kind} "${name}"; its ${kind}s are ${list.map((x) => `${x.index} ${x.name}`).join(', ') || 'none'}`,
      { classId, [kind]: name },
      `unknown-${kind}`,
    );
  }
  return hit.index;
}

/** The index of an attribute given by name (any case, snake or camel) or by number. */
export function attributeIndex(classId: number, name: string | number): number {
  return indexByName('attribute', classId, name);
}

/** The index of a method given by name (any case, snake or camel) or by number. */
export function methodIndex(classId: number, name: string | number): number {
  return indexByName('method', classId, name);
}

/** The type an attribute holds, undefined when the class or attribute is unknown. */
export function attributeType(classId: number, index: number): TypeSpec | undefined {
  return getAttribute(classId, index)?.type;
}

/** The type of a method's parameter, undefined when the class or method is unknown. */
export function methodParameterType(classId: number, index: number): TypeSpec | undefined {
  return getMethod(classId, index)?.parameter;
}
