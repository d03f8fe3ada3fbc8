import { D, type DlmsData } from '../../src/codec/data';
import { encodeDateTime, dateTimeFromDate } from '../../src/codec/cosem-datetime';
import { obisToBytes } from '../../src/codec/obis';
import { createModel, type CosemModel, type CreateModelOptions, type GetResult } from '../../src/server/model';

/** 2026-03-10 11:37:30 IST, a fixed instant for the tests. */
export const T0 = Date.UTC(2026, 2, 10, 6, 7, 30);

export function meter(opts: CreateModelOptions = {}, at = T0): { m: CosemModel; clock: { ms: number } } {
  const clock = { ms: at };
  return { m: createModel({ serial: '12345678', ...opts, clock: () => clock.ms }), clock };
}

export function data(r: GetResult): DlmsData {
  if (!('data' in r)) throw new Error(`expected data, got ${r.error}`);
  return r.data;
}

export function num(r: GetResult): number {
  const d = data(r);
  if (!('value' in d) || typeof d.value !== 'number') throw new Error(`not a number: ${d.type}`);
  return d.value;
}

export function items(r: GetResult): DlmsData[] {
  const d = data(r);
  if (d.type !== 'array' && d.type !== 'structure') throw new Error(`not a list: ${d.type}`);
  return d.value;
}

/** An IST date-time as the octet-string clients send. */
export function ist(y: number, mo: number, d: number, h: number, mi: number, s = 0): DlmsData {
  return D.octetString(encodeDateTime(dateTimeFromDate(new Date(Date.UTC(y, mo - 1, d, h, mi, s) - 330 * 60000), 330)));
}

export function captureDef(classId: number, obis: string, attribute: number, dataIndex = 0): DlmsData {
  return D.structure([D.longUnsigned(classId), D.octetString(obisToBytes(obis)), D.integer(attribute), D.longUnsigned(dataIndex)]);
}

export const CLOCK_COL = captureDef(8, '0.0.1.0.0.255', 2);

export function range(from: DlmsData, to: DlmsData, columns: DlmsData[] = [], restricting = CLOCK_COL) {
  return { selector: 1, parameters: D.structure([restricting, from, to, D.array(columns)]) };
}

export function entries(fromEntry: number, toEntry: number, fromCol = 1, toCol = 0) {
  return { selector: 2, parameters: D.structure([D.doubleLongUnsigned(fromEntry), D.doubleLongUnsigned(toEntry), D.longUnsigned(fromCol), D.longUnsigned(toCol)]) };
}

/** The `value` of a node whose type the test already knows. */
export function val<T = number>(d: DlmsData): T {
  return (d as unknown as { value: T }).value;
}
