import type { DlmsData } from '../../../codec/data';
import { obisToString } from '../../../codec/obis';
import type { DataAccessResultName } from '../results';
import type { CaptureRef } from '../types';
import { instantOf, intOf } from '../values';

/**
 * Parsing of the Profile generic selective access parameters (Blue Book 4.3.6):
 * selector 1 range_descriptor, selector 2 entry_descriptor.
 */
export interface RangeSelection { kind: 'range'; restricting: CaptureRef; from: number; to: number; columns: CaptureRef[] }
export interface EntrySelection { kind: 'entry'; fromEntry: number; toEntry: number; fromColumn: number; toColumn: number }
export type Selection = RangeSelection | EntrySelection;

export function captureRefOf(d: DlmsData): CaptureRef | undefined {
  if (d.type !== 'structure' || d.value.length !== 4) return undefined;
  const [c, ln, a, i] = d.value;
  const classId = intOf(c);
  const attribute = intOf(a);
  const dataIndex = intOf(i);
  if (classId === undefined || attribute === undefined || dataIndex === undefined) return undefined;
  if (ln.type !== 'octet-string' || ln.value.length !== 6) return undefined;
  return { classId, obis: obisToString(ln.value), attribute, dataIndex };
}

export function sameCapture(a: CaptureRef, b: CaptureRef): boolean {
  return a.classId === b.classId && a.obis === b.obis && a.attribute === b.attribute && (a.dataIndex ?? 0) === (b.dataIndex ?? 0);
}

export function parseSelection(selector: number, p: DlmsData, utcOffsetMinutes: number): Selection | DataAccessResultName {
  if (p.type !== 'structure' || p.value.length !== 4) return 'type-unmatched';
  if (selector === 1) {
    const restricting = captureRefOf(p.value[0]);
    const from = instantOf(p.value[1], utcOffsetMinutes);
    const to = instantOf(p.value[2], utcOffsetMinutes);
    const sel = p.value[3];
    if (!restricting || from === undefined || to === undefined || sel.type !== 'array') return 'type-unmatched';
    const columns: CaptureRef[] = [];
    for (const c of sel.value) {
      const ref = captureRefOf(c);
      if (!ref) return 'type-unmatched';
      columns.push(ref);
    }
    return { kind: 'range', restricting, from, to, columns };
  }
  const [fe, te, fc, tc] = p.value.map(intOf);
  if (fe === undefined || te === undefined || fc === undefined || tc === undefined) return 'type-unmatched';
  return { kind: 'entry', fromEntry: fe, toEntry: te, fromColumn: fc, toColumn: tc };
}
