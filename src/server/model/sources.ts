import { BLOCK_SECONDS, MeterPhysics, type PowerKind } from './physics';
import { latestEvent } from './events';

/**
 * Named live values. A source is evaluated at a meter time (seconds) and returns a physical
 * quantity (W, var, V, A, Hz, Wh, a count...), a text, or an instant. Object definitions refer
 * to sources by name, so that a model stays plain data.
 */
export type SourceValue = number | string | { timeMs: number };

export interface SourceEnv {
  physics: MeterPhysics;
  serial: string;
  manufacturer: string;
}

type SourceFn = (env: SourceEnv, t: number) => SourceValue;

const DAY = 86400;
const PHASES = ['l1', 'l2', 'l3'];

function lastBlockEnd(t: number): number {
  return Math.floor(t / BLOCK_SECONDS) * BLOCK_SECONDS;
}

function cumulative(kind: 'activeImport' | 'reactiveImport' | 'apparentImport', env: SourceEnv, t: number): number {
  const ph = env.physics;
  if (kind === 'apparentImport') return ph.baseWh.apparentImport + ph.apparentSinceEpoch(t);
  const k: PowerKind = kind === 'activeImport' ? 'p' : 'q';
  return ph.baseWh[kind] + ph.energyBetween(k, ph.epochS, t);
}

function blockEnergy(kind: 'p' | 'q' | 's', env: SourceEnv, t: number): number {
  const b = lastBlockEnd(t);
  const p = env.physics.energyBetween('p', b - BLOCK_SECONDS, b);
  if (kind === 'p') return p;
  const q = env.physics.energyBetween('q', b - BLOCK_SECONDS, b);
  return kind === 'q' ? q : Math.hypot(p, q);
}

const daysSinceEpoch = (env: SourceEnv, t: number): number => Math.max(0, (t - env.physics.epochS) / DAY);

const TABLE: Record<string, SourceFn> = {
  'energy.active-import': (e, t) => cumulative('activeImport', e, t),
  'energy.reactive-import': (e, t) => cumulative('reactiveImport', e, t),
  'energy.apparent-import': (e, t) => cumulative('apparentImport', e, t),
  // The simulated load never exports: export registers keep their base value.
  'energy.active-export': (e) => e.physics.baseWh.activeExport,
  'energy.reactive-export': (e) => e.physics.baseWh.reactiveExport,
  'energy.apparent-export': (e) => e.physics.baseWh.apparentExport,
  'power.active': (e, t) => e.physics.power('p', t),
  'power.reactive': (e, t) => e.physics.power('q', t),
  'power.apparent': (e, t) => Math.hypot(e.physics.power('p', t), e.physics.power('q', t)),
  'pf.total': (e, t) => e.physics.powerFactor('total', t),
  frequency: (e, t) => e.physics.frequency(t),
  'current.neutral': (e, t) => e.physics.neutralCurrent(t),
  'block.active-import': (e, t) => blockEnergy('p', e, t),
  'block.reactive-import': (e, t) => blockEnergy('q', e, t),
  'block.apparent-import': (e, t) => blockEnergy('s', e, t),
  'block.active-export': () => 0,
  'block.reactive-export': () => 0,
  'block.apparent-export': () => 0,
  'avg.frequency': (e, t) => e.physics.frequency(lastBlockEnd(t) - BLOCK_SECONDS / 2),
  'md.active-import': (e, t) => e.physics.maxDemand('p', t).value,
  'md.active-import.time': (e, t) => ({ timeMs: e.physics.maxDemand('p', t).at * 1000 }),
  'md.apparent-import': (e, t) => e.physics.maxDemand('s', t).value,
  'md.apparent-import.time': (e, t) => ({ timeMs: e.physics.maxDemand('s', t).at * 1000 }),
  'billing.date': (e, t) => ({ timeMs: e.physics.monthStart(t) * 1000 }),
  'billing.avg-pf': (e, t) => {
    const from = e.physics.monthStart(t - 1);
    const p = e.physics.energyBetween('p', from, t);
    const q = e.physics.energyBetween('q', from, t);
    return p > 0 ? p / Math.hypot(p, q) : 1;
  },
  'billing.power-on-minutes': (e, t) => Math.floor((t - e.physics.monthStart(t - 1)) / 60),
  'count.billing': (e, t) => {
    let n = 0;
    while (n < 1200 && e.physics.monthStart(t, n) > e.physics.epochS) n++;
    return n;
  },
  'count.power-failures': (e, t) => Math.floor(daysSinceEpoch(e, t) * 0.3),
  'count.power-off-minutes': (e, t) => Math.floor(daysSinceEpoch(e, t) * 0.3) * 37,
  'count.tamper': (e, t) => Math.floor(daysSinceEpoch(e, t) * 0.1),
  'count.programming': (e, t) => 3 + Math.floor(daysSinceEpoch(e, t) * 0.03),
  'meter.serial': (e) => e.serial,
  'meter.manufacturer': (e) => `${e.manufacturer} meter simulator`,
  'meter.firmware': () => 'SIM-1.0.0',
  'meter.type': () => 1,
  'meter.year': () => 2024,
  'ratio.ct': () => 1,
  'ratio.pt': () => 1,
};

PHASES.forEach((name, i) => {
  TABLE[`voltage.${name}`] = (e, t) => e.physics.voltage(i, t);
  TABLE[`current.${name}`] = (e, t) => e.physics.current(i, t);
  TABLE[`power.active.${name}`] = (e, t) => e.physics.phasePower('p', i, t);
  TABLE[`power.reactive.${name}`] = (e, t) => e.physics.phasePower('q', i, t);
  TABLE[`pf.${name}`] = (e, t) => e.physics.powerFactor(i, t);
  TABLE[`avg.voltage.${name}`] = (e, t) => e.physics.voltage(i, lastBlockEnd(t) - BLOCK_SECONDS / 2);
  TABLE[`avg.current.${name}`] = (e, t) => e.physics.current(i, lastBlockEnd(t) - BLOCK_SECONDS / 2);
});

for (let z = 0; z < 4; z++) {
  TABLE[`energy.active-import.t${z + 1}`] = (e, t) => e.physics.baseWh.activeImport / 4 + e.physics.tariffEnergy(z, t);
}

for (let log = 0; log < 7; log++) {
  TABLE[`event.code.${log}`] = (e, t) => latestEvent(e.physics.seed, log, t, e.physics.utcOffsetS)?.code ?? 0;
}

export function hasSource(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(TABLE, name);
}

export function sourceNames(): string[] {
  return Object.keys(TABLE);
}

/** Evaluate a source at meter time t (seconds). */
export function evaluateSource(name: string, env: SourceEnv, t: number): SourceValue {
  const fn = TABLE[name];
  if (!fn) throw new Error(`unknown simulator source "${name}"`);
  return fn(env, t);
}
