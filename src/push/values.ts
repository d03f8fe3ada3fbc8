import { guessClassId, parseAttributeRef, type AttributeRefInput } from '../client/attribute-ref';
import type { DlmsData } from '../codec/data';
import { dateTimeBytesToIso } from '../codec/cosem-datetime';
import { dateTimeToJson, int64ToJson, toJson, type JsonValue } from '../codec/json';
import { obisToString } from '../codec/obis';
import { obisName } from '../codec/obis-names';
import { applyScalerJson } from '../codec/scaler';
import { unitSymbol } from '../codec/units';
import { InvalidArgumentError } from '../errors';

/**
 * Naming the values of a push (CONTRACTS "A push"): the body of a Data-Notification sent by a
 * Push setup object is a structure whose elements are the values of its push_object_list, in
 * order; the first one is often the Push setup's own logical name (0.0.25.9.0.255, attribute 1).
 */

/** One entry of a push_object_list, with optional presentation hints. */
export interface PushObject {
  classId: number;
  /** Dotted A.B.C.D.E.F. */
  obis: string;
  attribute: number;
  /** Name in the output (default: the OBIS name). */
  name?: string;
  /** Register scaler: value = raw x 10^scaler (the raw value is kept in `raw`). */
  scaler?: number;
  /** Unit symbol in the output ("kWh"), or the Blue Book unit code. */
  unit?: string | number;
}

/** Accepted forms: `{classId, obis, attribute}` (attribute 2 and the usual class by default) or the text forms of CONTRACTS ("40/0.0.25.9.0.255/1"). */
export type PushObjectInput =
  | string
  | { obis: string; classId?: number | string; attribute?: number | string; name?: string; scaler?: number; unit?: string | number };

export function parsePushObjects(list: readonly PushObjectInput[] | undefined, what = 'push object list'): PushObject[] | undefined {
  if (list === undefined) return undefined;
  if (!Array.isArray(list)) throw new InvalidArgumentError(`the ${what} must be an array of {classId, obis, attribute}`);
  return list.map((item) => {
    const ref = parseAttributeRef(item as AttributeRefInput, 2);
    const out: PushObject = { classId: ref.classId ?? guessClassId(ref.obis), obis: ref.obis, attribute: ref.attribute };
    if (ref.name) out.name = ref.name;
    if (typeof item === 'object') {
      if (item.scaler !== undefined) {
        if (!Number.isInteger(item.scaler) || item.scaler < -128 || item.scaler > 127) {
          throw new InvalidArgumentError(`scaler ${String(item.scaler)} of ${ref.obis} in the ${what} must be a whole number -128..127`, { obis: ref.obis });
        }
        out.scaler = item.scaler;
      }
      if (item.unit !== undefined) out.unit = item.unit;
    }
    return out;
  });
}

/** One value of a push, in the CONTRACTS "One value" shape (without meter/readAt). */
export interface PushValue {
  /** Position in the notification body. */
  index: number;
  obis?: string;
  name?: string;
  classId?: number;
  attribute?: number;
  value: JsonValue;
  unit?: string;
  scaler?: number;
  /** What the meter sent, when `value` was scaled. */
  raw?: JsonValue;
  /** The DLMS data type. */
  type: string;
}

const PUSH_SETUP_CLASS = 40;
const CLOCK_CLASS = 8;

function isPushSetupName(d: DlmsData): d is { type: 'octet-string'; value: Buffer } {
  return d.type === 'octet-string' && d.value.length === 6 && d.value[2] === 25 && d.value[3] === 9;
}

function numeric(d: DlmsData): number | bigint | undefined {
  if (d.type === 'long64' || d.type === 'long64-unsigned') return d.value;
  if (typeof (d as { value?: unknown }).value === 'number' && d.type !== 'float32' && d.type !== 'float64' && d.type !== 'boolean') return (d as { value: number }).value;
  if (d.type === 'float32' || d.type === 'float64') return d.value;
  return undefined;
}

function plainValue(d: DlmsData, ref: PushObject | undefined): JsonValue {
  if (d.type === 'octet-string') {
    if (d.value.length === 6 && ref && ref.attribute === 1) return obisToString(d.value); // a logical_name
    if (d.value.length === 12) {
      if (ref && ref.classId === CLOCK_CLASS && ref.attribute === 2) return dateTimeToJson(d.value);
      // A 12-octet octet-string that is a valid, fully specified date-time: a capture time.
      if (dateTimeBytesToIso(d.value) !== null) return dateTimeToJson(d.value);
    }
  }
  return toJson(d);
}

function oneValue(index: number, d: DlmsData, ref: PushObject | undefined): PushValue {
  const v = valueOf(index, d, ref);
  // Key order for readers of the JSON: what it is, then the value, then how it was sent.
  const out = { index } as PushValue;
  if (v.obis !== undefined) out.obis = v.obis;
  if (v.name !== undefined) out.name = v.name;
  out.value = v.value;
  if (v.unit !== undefined) out.unit = v.unit;
  if (v.classId !== undefined) out.classId = v.classId;
  if (v.attribute !== undefined) out.attribute = v.attribute;
  if (v.scaler !== undefined) out.scaler = v.scaler;
  if (v.raw !== undefined) out.raw = v.raw;
  out.type = d.type;
  return out;
}

function valueOf(index: number, d: DlmsData, ref: PushObject | undefined): PushValue {
  const v: PushValue = { index, value: null, type: d.type };
  if (ref) {
    v.obis = ref.obis;
    const name = ref.name ?? obisName(ref.obis);
    if (name) v.name = name;
    v.classId = ref.classId;
    v.attribute = ref.attribute;
  } else if (index === 0 && isPushSetupName(d)) {
    v.obis = obisToString(d.value);
    v.name = obisName(v.obis) ?? 'Push setup';
    v.classId = PUSH_SETUP_CLASS;
    v.attribute = 1;
    v.value = v.obis;
    return v;
  }
  const n = ref?.scaler !== undefined ? numeric(d) : undefined;
  if (n !== undefined && ref?.scaler !== undefined) {
    v.value = typeof n === 'number' && !Number.isInteger(n) ? n * 10 ** ref.scaler : applyScalerJson(n, ref.scaler);
    v.raw = typeof n === 'bigint' ? int64ToJson(n) : n;
    v.scaler = ref.scaler;
  } else {
    v.value = plainValue(d, ref);
  }
  if (ref?.unit !== undefined) v.unit = typeof ref.unit === 'number' ? unitSymbol(ref.unit) : ref.unit;
  return v;
}

export interface FlattenedValues {
  values: PushValue[];
  /** The Push setup logical name when the first value is one. */
  pushSetup?: string;
}

/** The values of a Data-Notification body, named by the push object list when one is given. */
export function flattenPushBody(body: DlmsData, objects?: readonly PushObject[]): FlattenedValues {
  const items = body.type === 'structure' ? body.value : [body];
  const values = new Array<PushValue>(items.length);
  for (let i = 0; i < items.length; i++) values[i] = oneValue(i, items[i], objects?.[i]);
  const first = values[0];
  const out: FlattenedValues = { values };
  if (first && first.classId === PUSH_SETUP_CLASS && first.attribute === 1 && typeof first.value === 'string') out.pushSetup = first.value;
  return out;
}

/** The single value of an Event-Notification-Request, named by its attribute descriptor. */
export function eventValue(value: DlmsData, classId: number, obis: string, attribute: number, objects?: readonly PushObject[]): PushValue {
  const known = objects?.find((o) => o.obis === obis && o.attribute === attribute);
  return oneValue(0, value, known ?? { classId, obis, attribute });
}
