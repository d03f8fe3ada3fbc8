import { eventsBetween } from '../events';
import type { MeterPhysics } from '../physics';
import type { ProfileRows } from '../types';

/**
 * The capture times of a profile, generated from its row kind instead of stored: fixed periods
 * aligned on local time, local midnights, billing month starts, or the simulated events.
 */
const DAY_MS = 86400000;
/** How far back an event log looks for entries. */
const EVENT_HORIZON_DAYS = 1830;

/** Up to `count` capture times t with floorMs < t <= toMs, oldest first (ms). */
export function generatedTimes(rows: ProfileRows, physics: MeterPhysics, toMs: number, count: number, floorMs: number): number[] {
  const out: number[] = [];
  const off = physics.utcOffsetS * 1000;
  const periodic = (stepMs: number): void => {
    let t = Math.floor((toMs + off) / stepMs) * stepMs - off;
    while (out.length < count && t > floorMs) {
      out.push(t);
      t -= stepMs;
    }
  };
  switch (rows.kind) {
    case 'periodic':
      periodic(rows.period * 1000);
      break;
    case 'daily':
      periodic(DAY_MS);
      break;
    case 'monthly': {
      for (let n = 0; out.length < count; n++) {
        const t = physics.monthStart(toMs / 1000, n) * 1000;
        if (t <= floorMs) break;
        out.push(t);
      }
      break;
    }
    case 'events': {
      const lowest = Math.max(floorMs, toMs - EVENT_HORIZON_DAYS * DAY_MS);
      let dayEnd = toMs;
      while (out.length < count && dayEnd > lowest) {
        const dayFrom = Math.max(lowest, dayEnd - 30 * DAY_MS);
        const evs = eventsBetween(physics.seed, rows.log, dayFrom / 1000, dayEnd / 1000, physics.utcOffsetS);
        for (let i = evs.length - 1; i >= 0 && out.length < count; i--) out.push(evs[i].t * 1000);
        dayEnd = dayFrom;
      }
      break;
    }
    case 'snapshot':
      out.push(toMs);
      break;
  }
  return out.reverse();
}

/** capture_period (attribute 4) in seconds; 0 for aperiodic profiles. */
export function capturePeriod(rows: ProfileRows): number {
  if (rows.kind === 'periodic') return rows.period;
  return rows.kind === 'daily' ? 86400 : 0;
}
