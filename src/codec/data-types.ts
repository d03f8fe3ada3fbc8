/**
 * The Data CHOICE tags of DLMS UA 1000-1 (Blue Book) / IEC 62056-6-2, with the Blue Book names.
 * Tag 7 (floating-point) is deprecated and not listed; 8 and 11 are unassigned.
 */
export const DataTag = {
  'null-data': 0,
  array: 1,
  structure: 2,
  boolean: 3,
  'bit-string': 4,
  'double-long': 5,
  'double-long-unsigned': 6,
  'octet-string': 9,
  'visible-string': 10,
  'utf8-string': 12,
  bcd: 13,
  integer: 15,
  long: 16,
  unsigned: 17,
  'long-unsigned': 18,
  'compact-array': 19,
  long64: 20,
  'long64-unsigned': 21,
  enum: 22,
  float32: 23,
  float64: 24,
  'date-time': 25,
  date: 26,
  time: 27,
  'delta-integer': 28,
  'delta-long': 29,
  'delta-double-long': 30,
  'delta-unsigned': 31,
  'delta-long-unsigned': 32,
  'delta-double-long-unsigned': 33,
  'dont-care': 255,
} as const;

export type DataTypeName = keyof typeof DataTag;

const names: (DataTypeName | undefined)[] = new Array(256);
for (const [name, tag] of Object.entries(DataTag)) names[tag] = name as DataTypeName;

export function dataTypeName(tag: number): DataTypeName | undefined {
  return names[tag];
}

export function isDataTypeName(s: string): s is DataTypeName {
  return Object.prototype.hasOwnProperty.call(DataTag, s);
}

/** Fixed content sizes of the simple types (variable-length ones are absent). */
export const FIXED_SIZE: Partial<Record<DataTypeName, number>> = {
  'null-data': 0,
  boolean: 1,
  'double-long': 4,
  'double-long-unsigned': 4,
  bcd: 1,
  integer: 1,
  long: 2,
  unsigned: 1,
  'long-unsigned': 2,
  long64: 8,
  'long64-unsigned': 8,
  enum: 1,
  float32: 4,
  float64: 8,
  'date-time': 12,
  date: 5,
  time: 4,
  'delta-integer': 1,
  'delta-long': 2,
  'delta-double-long': 4,
  'delta-unsigned': 1,
  'delta-long-unsigned': 2,
  'delta-double-long-unsigned': 4,
  'dont-care': 0,
};

/** Integer ranges of the numeric types that travel as JS numbers. */
export const INT_RANGE: Partial<Record<DataTypeName, readonly [number, number]>> = {
  integer: [-128, 127],
  long: [-32768, 32767],
  'double-long': [-2147483648, 2147483647],
  unsigned: [0, 255],
  'long-unsigned': [0, 65535],
  'double-long-unsigned': [0, 4294967295],
  enum: [0, 255],
  bcd: [-128, 127],
  'delta-integer': [-128, 127],
  'delta-long': [-32768, 32767],
  'delta-double-long': [-2147483648, 2147483647],
  'delta-unsigned': [0, 255],
  'delta-long-unsigned': [0, 65535],
  'delta-double-long-unsigned': [0, 4294967295],
};
