/**
 * COSEM interface classes (DLMS UA 1000-1, the Blue Book): the class catalogue, and conversion
 * between attribute values (DlmsData) and friendly JSON for reads, writes and actions.
 */
export type { AttributeDef, InterfaceClass, MethodDef } from './classes/common';
export {
  INTERFACE_CLASSES,
  attributeIndex,
  attributeName,
  attributeType,
  getAttribute,
  getClass,
  getMethod,
  methodIndex,
  methodName,
  methodParameterType,
  requireClass,
} from './catalogue';
export { S, describeSpec, jsonKey } from './spec';
export type { AnySpec, ArraySpec, ChoiceSpec, EnumNames, EnumSpec, FieldSpec, FixedSpec, FormatName, StructSpec, TypeSpec } from './spec';
export * from './enums';
export { plainJson } from './plain';
export { attributeLabel, dataToJson, interpretAttribute, interpretMethodParameter, methodLabel } from './interpret';
export { buildAttributeValue, buildMethodParameter, isTypedJson, jsonToData } from './build';
export * from './codecs';
