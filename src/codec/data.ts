import type { DataTypeName } from './data-types';

/**
 * The typed value model: one node per A-XDR Data item, a discriminated union on `type` (the Blue
 * Book name). It keeps everything needed to re-encode the exact bytes that were decoded:
 * - 64-bit integers are bigint;
 * - octet-strings and the date-time/date/time types are Buffers of the raw content
 *   (see cosem-datetime.ts to read their fields);
 * - bit-strings are strings of '0'/'1', first bit first, so the bit count survives;
 * - floats keep the number (NaN payloads are the only thing not preserved).
 */
export type IntegerTypeName =
  | 'double-long'
  | 'double-long-unsigned'
  | 'bcd'
  | 'integer'
  | 'long'
  | 'unsigned'
  | 'long-unsigned'
  | 'enum'
  | 'delta-integer'
  | 'delta-long'
  | 'delta-double-long'
  | 'delta-unsigned'
  | 'delta-long-unsigned'
  | 'delta-double-long-unsigned';

export interface NullData { type: 'null-data' }
export interface DontCare { type: 'dont-care' }
/** `lengthOctets`: set only when the decoded length used a longer form than needed (see axdr.ts). */
export interface ArrayData { type: 'array'; value: DlmsData[]; lengthOctets?: number }
export interface StructureData { type: 'structure'; value: DlmsData[]; lengthOctets?: number }
export interface BooleanData { type: 'boolean'; value: boolean }
export interface BitStringData { type: 'bit-string'; value: string }
export interface IntegerData { type: IntegerTypeName; value: number }
export interface Integer64Data { type: 'long64' | 'long64-unsigned'; value: bigint }
export interface FloatData { type: 'float32' | 'float64'; value: number }
export interface OctetStringData { type: 'octet-string'; value: Buffer; lengthOctets?: number }
export interface StringData { type: 'visible-string' | 'utf8-string'; value: string }
export interface DateTimeData { type: 'date-time' | 'date' | 'time'; value: Buffer }
export interface CompactArrayData { type: 'compact-array'; description: TypeDescription; value: DlmsData[] }

export type DlmsData =
  | NullData
  | DontCare
  | ArrayData
  | StructureData
  | BooleanData
  | BitStringData
  | IntegerData
  | Integer64Data
  | FloatData
  | OctetStringData
  | StringData
  | DateTimeData
  | CompactArrayData;

/** The contents-description of a compact-array (Blue Book TypeDescription). */
export type TypeDescription =
  | { type: Exclude<DataTypeName, 'array' | 'structure' | 'compact-array'> }
  | { type: 'array'; count: number; element: TypeDescription }
  | { type: 'structure'; elements: TypeDescription[] };

/** Small constructors, for readable code in the layers above. */
export const D = {
  null: (): NullData => ({ type: 'null-data' }),
  array: (value: DlmsData[]): ArrayData => ({ type: 'array', value }),
  structure: (value: DlmsData[]): StructureData => ({ type: 'structure', value }),
  boolean: (value: boolean): BooleanData => ({ type: 'boolean', value }),
  bitString: (value: string): BitStringData => ({ type: 'bit-string', value }),
  doubleLong: (value: number): IntegerData => ({ type: 'double-long', value }),
  doubleLongUnsigned: (value: number): IntegerData => ({ type: 'double-long-unsigned', value }),
  octetString: (value: Uint8Array | string): OctetStringData => ({
    type: 'octet-string',
    value: typeof value === 'string' ? Buffer.from(value, 'hex') : Buffer.from(value),
  }),
  visibleString: (value: string): StringData => ({ type: 'visible-string', value }),
  utf8String: (value: string): StringData => ({ type: 'utf8-string', value }),
  integer: (value: number): IntegerData => ({ type: 'integer', value }),
  long: (value: number): IntegerData => ({ type: 'long', value }),
  unsigned: (value: number): IntegerData => ({ type: 'unsigned', value }),
  longUnsigned: (value: number): IntegerData => ({ type: 'long-unsigned', value }),
  long64: (value: bigint): Integer64Data => ({ type: 'long64', value }),
  long64Unsigned: (value: bigint): Integer64Data => ({ type: 'long64-unsigned', value }),
  enum: (value: number): IntegerData => ({ type: 'enum', value }),
  float32: (value: number): FloatData => ({ type: 'float32', value }),
  float64: (value: number): FloatData => ({ type: 'float64', value }),
  dateTime: (value: Uint8Array): DateTimeData => ({ type: 'date-time', value: Buffer.from(value) }),
};
