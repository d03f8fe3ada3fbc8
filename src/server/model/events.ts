import { hash32, unit01 } from './hash';

/**
 * Simulated event logs, generated per local day from the seed: at most one incident a day per
 * log, with an occurrence code and, when the code has one, a restoration code later the same
 * day. Codes follow the IS 15959 event grouping (voltage, current, power, transaction, other,
 * non-rollover, control); the default model uses log 0 as its standard event log.
 */
interface EventLogKind {
  /** Probability of an incident per day. */
  rate: number;
  /** [occurrence, restoration] or [single event]. */
  codes: readonly (readonly [number, number] | readonly [number])[];
}

export const EVENT_LOGS: readonly EventLogKind[] = [
  { rate: 0.2, codes: [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10], [11, 12]] },
  { rate: 0.08, codes: [[51, 52], [53, 54], [55, 56], [63, 64], [65, 66], [67, 68]] },
  { rate: 0.3, codes: [[101, 102]] },
  { rate: 0.03, codes: [[151], [152], [153], [154], [155]] },
  { rate: 0.04, codes: [[201, 202], [203, 204], [205, 206]] },
  { rate: 0.005, codes: [[251]] },
  { rate: 0.01, codes: [[301], [302]] },
];

const DAY = 86400;

export interface SimEvent { t: number; code: number }

/** Events of one local day (dayStart: local midnight in epoch seconds), time ordered. */
export function eventsOfDay(seed: number, log: number, dayStart: number, utcOffsetS: number): SimEvent[] {
  const kind = EVENT_LOGS[log];
  if (!kind) return [];
  const day = Math.round((dayStart + utcOffsetS) / DAY);
  if (unit01(seed, 100 + log, day) >= kind.rate) return [];
  const pair = kind.codes[hash32(seed, 120 + log, day) % kind.codes.length];
  const occurrence = dayStart + Math.floor(unit01(seed, 140 + log, day) * 0.75 * DAY);
  const out: SimEvent[] = [{ t: occurrence, code: pair[0] }];
  if (pair.length === 2) out.push({ t: occurrence + 60 + Math.floor(unit01(seed, 160 + log, day) * 0.2 * DAY), code: pair[1] });
  return out;
}

/** Events with from < t <= to, oldest first. */
export function eventsBetween(seed: number, log: number, from: number, to: number, utcOffsetS: number): SimEvent[] {
  const out: SimEvent[] = [];
  const first = Math.floor((from + utcOffsetS) / DAY) * DAY - utcOffsetS;
  for (let ds = first; ds <= to; ds += DAY) {
    for (const e of eventsOfDay(seed, log, ds, utcOffsetS)) if (e.t > from && e.t <= to) out.push(e);
  }
  return out;
}

/** The newest event at or before t within a year, if any. */
export function latestEvent(seed: number, log: number, t: number, utcOffsetS: number): SimEvent | undefined {
  let ds = Math.floor((t + utcOffsetS) / DAY) * DAY - utcOffsetS;
  for (let n = 0; n < 366; n++, ds -= DAY) {
    const evs = eventsOfDay(seed, log, ds, utcOffsetS).filter((e) => e.t <= t);
    if (evs.length) return evs[evs.length - 1];
  }
  return undefined;
}
