import type { DlmsData } from '../codec/data';
import { D } from '../codec/data';
import { obisToBytes, obisToString } from '../codec/obis';
import { InvalidArgumentError } from '../errors';
import type { SelectiveAccess } from './common';

/**
 * Selective access descriptors of the Profile generic class (Blue Book, IC 7 attribute 2):
 * selector 1 = range_descriptor, selector 2 = entry_descriptor. The builders produce the
 * Data structures a GET carries; the readers give them back to a server (meter simulator).
 */
export const RANGE_DESCRIPTOR_SELECTOR = 1;
export const ENTRY_DESCRIPTOR_SELECTOR = 2;

/**
 * capture_object_definition: {class_id, logical_name, attribute_index, data_index}. Same field
 * names as the Profile generic capture_objects of src/cosem, so those can be passed as they are.
 */
export interface CaptureObjectReference {
  classId: number;
  /** OBIS code, any form parseObis accepts; dotted on reading. */
  logicalName: string;
  attributeIndex: number;
  /** 0 = the whole attribute (default). */
  dataIndex?: number;
}

export interface RangeDescriptor {
  restrictingObject: CaptureObjectReference;
  /** Usually a date-time as a 12-octet octet-string; a Buffer is taken as such. */
  from: DlmsData | Uint8Array;
  to: DlmsData | Uint8Array;
  /** Columns to return; empty (default) means all. */
  selectedValues?: CaptureObjectReference[];
}

export interface EntryDescriptor {
  /** First entry, counted from 1. */
  fromEntry: number;
  /** Last entry; 0 (default) = up to the newest. */
  toEntry?: number;
  /** First column, counted from 1 (default 1). */
  fromSelectedValue?: number;
  /** Last column; 0 (default) = up to the last one. */
  toSelectedValue?: number;
}

function checkInt(v: number, max: number, what: string): number {
  if (!Number.isInteger(v) || v < 0 || v > max) throw new InvalidArgumentError(`${what} ${String(v)} is out of range 0..${max}`);
  return v;
}

export function captureObjectDefinition(c: CaptureObjectReference): DlmsData {
  if (!Number.isInteger(c.attributeIndex) || c.attributeIndex < -128 || c.attributeIndex > 127) {
    throw new InvalidArgumentError(`attribute index ${String(c.attributeIndex)} is out of range -128..127`);
  }
  return D.structure([
    D.longUnsigned(checkInt(c.classId, 0xffff, 'class id')),
    D.octetString(obisToBytes(c.logicalName)),
    D.integer(c.attributeIndex),
    D.longUnsigned(checkInt(c.dataIndex ?? 0, 0xffff, 'data index')),
  ]);
}

const asData = (v: DlmsData | Uint8Array): DlmsData => (v instanceof Uint8Array ? D.octetString(v) : v);

/** Selector 1: entries whose restricting object lies in [from, to]. */
export function rangeDescriptor(r: RangeDescriptor): SelectiveAccess {
  return {
    selector: RANGE_DESCRIPTOR_SELECTOR,
    parameters: D.structure([
      captureObjectDefinition(r.restrictingObject),
      asData(r.from),
      asData(r.to),
      D.array((r.selectedValues ?? []).map(captureObjectDefinition)),
    ]),
  };
}

/** Selector 2: entries fromEntry..toEntry, columns fromSelectedValue..toSelectedValue. */
export function entryDescriptor(e: EntryDescriptor): SelectiveAccess {
  return {
    selector: ENTRY_DESCRIPTOR_SELECTOR,
    parameters: D.structure([
      D.doubleLongUnsigned(checkInt(e.fromEntry, 0xffffffff, 'from entry')),
      D.doubleLongUnsigned(checkInt(e.toEntry ?? 0, 0xffffffff, 'to entry')),
      D.longUnsigned(checkInt(e.fromSelectedValue ?? 1, 0xffff, 'from selected value')),
      D.longUnsigned(checkInt(e.toSelectedValue ?? 0, 0xffff, 'to selected value')),
    ]),
  };
}

function readCaptureObject(d: DlmsData): CaptureObjectReference | null {
  if (d.type !== 'structure' || d.value.length !== 4) return null;
  const [c, ln, a, i] = d.value;
  if (c.type !== 'long-unsigned' || ln.type !== 'octet-string' || ln.value.length !== 6 || a.type !== 'integer' || i.type !== 'long-unsigned') return null;
  return { classId: c.value, logicalName: obisToString(ln.value), attributeIndex: a.value, dataIndex: i.value };
}

/** The range descriptor of a selector-1 access, or null when the parameters do not have its shape. */
export function readRangeDescriptor(s: SelectiveAccess): (RangeDescriptor & { from: DlmsData; to: DlmsData; selectedValues: CaptureObjectReference[] }) | null {
  const p = s.parameters;
  if (s.selector !== RANGE_DESCRIPTOR_SELECTOR || p.type !== 'structure' || p.value.length !== 4) return null;
  const restrictingObject = readCaptureObject(p.value[0]);
  const sel = p.value[3];
  if (!restrictingObject || sel.type !== 'array') return null;
  const selectedValues: CaptureObjectReference[] = [];
  for (const v of sel.value) {
    const c = readCaptureObject(v);
    if (!c) return null;
    selectedValues.push(c);
  }
  return { restrictingObject, from: p.value[1], to: p.value[2], selectedValues };
}

/** The entry descriptor of a selector-2 access, or null when the parameters do not have its shape. */
export function readEntryDescriptor(s: SelectiveAccess): Required<EntryDescriptor> | null {
  const p = s.parameters;
  if (s.selector !== ENTRY_DESCRIPTOR_SELECTOR || p.type !== 'structure' || p.value.length !== 4) return null;
  const [fe, te, fs, ts] = p.value;
  if (fe.type !== 'double-long-unsigned' || te.type !== 'double-long-unsigned' || fs.type !== 'long-unsigned' || ts.type !== 'long-unsigned') return null;
  return { fromEntry: fe.value, toEntry: te.value, fromSelectedValue: fs.value, toSelectedValue: ts.value };
}
