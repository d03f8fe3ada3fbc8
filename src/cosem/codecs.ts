import type { DlmsData } from '../codec/data';
import type { CosemDateTime } from '../codec/cosem-datetime';
import { OBJECT_LIST_ELEMENT_LN, OBJECT_LIST_ELEMENT_SN, SAP_ASSIGNMENT_ENTRY } from './classes/association';
import { CAPTURE_OBJECT_DEFINITION, SCALER_UNIT, SCRIPT_REFERENCE, VALUE_DEFINITION } from './classes/common';
import { SEND_DESTINATION_AND_METHOD } from './classes/communication';
import { ACTION_SET } from './classes/control';
import { jsonToData } from './build';
import { dataToJson } from './interpret';
import { S, type TypeSpec } from './spec';

/**
 * Typed codecs for the structures that the client, the simulator and the nodes handle in code.
 * Each is the class-table type read strictly (a DlmsError 'malformed-data' naming the path when
 * the meter's data has another shape) and written with EncodeErrors naming the field.
 */
function codec<T>(spec: TypeSpec, label: string): { decode: (d: DlmsData) => T; encode: (v: T) => DlmsData } {
  return {
    decode: (d) => dataToJson(spec, d, true, '') as T,
    encode: (v) => jsonToData(spec, v, label),
  };
}

export interface ScalerUnitValue {
  /** value x 10^scaler is the quantity in `unit` */
  scaler: number;
  /** Blue Book unit code (27 W, 30 Wh, 35 V...) */
  unit: number;
  /** ASCII symbol of the unit; ignored when encoding */
  unitSymbol?: string;
}

export type AttributeAccessMode =
  | 'no-access'
  | 'read-only'
  | 'write-only'
  | 'read-and-write'
  | 'authenticated-read-only'
  | 'authenticated-write-only'
  | 'authenticated-read-and-write';
export type MethodAccessMode = 'no-access' | 'access' | 'authenticated-access';

export interface AttributeAccessItem {
  attributeId: number;
  /** a number for a code the Blue Book does not name */
  accessMode: AttributeAccessMode | number;
  /** selective-access selectors allowed, null when none */
  accessSelectors: number[] | null;
}

export interface MethodAccessItem {
  methodId: number;
  accessMode: MethodAccessMode | number;
}

export interface AccessRights {
  attributeAccess: AttributeAccessItem[];
  methodAccess: MethodAccessItem[];
}

/** One entry of Association LN object_list. */
export interface ObjectListElement {
  classId: number;
  version: number;
  /** dotted OBIS */
  logicalName: string;
  accessRights: AccessRights;
}

/** One entry of Association SN object_list. */
export interface ObjectListElementSN {
  baseName: number;
  classId: number;
  version: number;
  logicalName: string;
}

/** capture_object_definition of Profile generic (capture_objects, sort_object) and Push setup. */
export interface CaptureObjectDefinition {
  classId: number;
  logicalName: string;
  /** attribute captured; 0 means the whole object */
  attributeIndex: number;
  /** element of the attribute (1-based), 0 for the whole attribute */
  dataIndex: number;
}

export interface SendDestinationAndMethod {
  transportService: string | number;
  /** e.g. "192.168.1.10:4059" or a phone number; hex when not printable */
  destination: string;
  message: string | number;
}

export interface ValueDefinition {
  classId: number;
  logicalName: string;
  attributeIndex: number;
}

export interface ScriptReference {
  scriptLogicalName: string;
  scriptSelector: number;
}

/** One action_set of Register monitor actions. */
export interface ActionSet {
  actionUp: ScriptReference;
  actionDown: ScriptReference;
}

export interface SapAssignmentEntry {
  sap: number;
  logicalDeviceName: string;
}

/** Parameter of Clock preset_adjusting_time: ISO text or a field object for each date-time. */
export interface PresetAdjustingTime {
  presetTime: string | CosemDateTime;
  validityIntervalStart: string | CosemDateTime;
  validityIntervalEnd: string | CosemDateTime;
}

const scalerUnit = codec<ScalerUnitValue>(SCALER_UNIT, 'scaler_unit');
export const decodeScalerUnitValue = scalerUnit.decode;
export const encodeScalerUnitValue = scalerUnit.encode;

const objectList = codec<ObjectListElement[]>(S.array(OBJECT_LIST_ELEMENT_LN), 'object_list');
/** Association LN object_list (attribute 2 of class 15). */
export const decodeObjectList = objectList.decode;
export const encodeObjectList = objectList.encode;

const objectListSN = codec<ObjectListElementSN[]>(S.array(OBJECT_LIST_ELEMENT_SN), 'object_list');
/** Association SN object_list (attribute 2 of class 12). */
export const decodeObjectListSN = objectListSN.decode;
export const encodeObjectListSN = objectListSN.encode;

const captureObjects = codec<CaptureObjectDefinition[]>(S.array(CAPTURE_OBJECT_DEFINITION), 'capture_objects');
/** Profile generic capture_objects, Push setup push_object_list. */
export const decodeCaptureObjects = captureObjects.decode;
export const encodeCaptureObjects = captureObjects.encode;

const captureObject = codec<CaptureObjectDefinition>(CAPTURE_OBJECT_DEFINITION, 'sort_object');
/** Profile generic sort_object (one capture_object_definition). */
export const decodeCaptureObject = captureObject.decode;
export const encodeCaptureObject = captureObject.encode;

const sendDestination = codec<SendDestinationAndMethod>(SEND_DESTINATION_AND_METHOD, 'send_destination_and_method');
export const decodeSendDestinationAndMethod = sendDestination.decode;
export const encodeSendDestinationAndMethod = sendDestination.encode;

const valueDefinition = codec<ValueDefinition>(VALUE_DEFINITION, 'monitored_value');
/** Register monitor / Limiter monitored_value. */
export const decodeValueDefinition = valueDefinition.decode;
export const encodeValueDefinition = valueDefinition.encode;

const actions = codec<ActionSet[]>(S.array(ACTION_SET), 'actions');
/** Register monitor actions. */
export const decodeMonitorActions = actions.decode;
export const encodeMonitorActions = actions.encode;

const scriptReference = codec<ScriptReference>(SCRIPT_REFERENCE, 'script');
export const decodeScriptReference = scriptReference.decode;
export const encodeScriptReference = scriptReference.encode;

const sapList = codec<SapAssignmentEntry[]>(S.array(SAP_ASSIGNMENT_ENTRY), 'SAP_assignment_list');
/** SAP assignment SAP_assignment_list. */
export const decodeSapAssignmentList = sapList.decode;
export const encodeSapAssignmentList = sapList.encode;
