import { signed1, unit01, valueNoise } from './hash';

/**
 * The electrical behaviour of one simulated three-phase meter, as closed-form functions of the
 * meter time (seconds since the epoch) and a seed, so that nothing is stored and every read is
 * reproducible. Total active and reactive power are a mean load shaped by a daily and a weekly
 * cycle plus block-wise noise; the noise is the derivative of an interpolated random walk, so
 * cumulative energy is an exact integral of the instantaneous power (block energies and demand
 * agree with the power a client samples). Apparent energy is the vector sum of the active and
 * reactive energy increments since the energy epoch. The load only imports.
 */
export const BLOCK_SECONDS = 900;
const DAY = 86400;
const WEEK = 7 * DAY;
const TWO_PI = 2 * Math.PI;
const DAILY_AMPLITUDE = 0.35;
const WEEKLY_AMPLITUDE = 0.1;
const NOISE_AMPLITUDE = 0.08;

/** Channel numbers for the noise generators. */
const CH_P = 1;
const CH_Q = 2;

export type PowerKind = 'p' | 'q';

/** TOD zones in local hours; zone k is tariff k + 1. They partition the day. */
export const TARIFF_ZONES: readonly (readonly [number, number])[] = [[0, 6], [6, 12], [12, 18], [18, 24]];

export class MeterPhysics {
  readonly seed: number;
  /** Local time offset in seconds. */
  readonly utcOffsetS: number;
  /** Energy registers read their base values at this instant (local midnight 2024-01-01). */
  readonly epochS: number;
  private readonly mean: [number, number];
  private readonly phaseShift: [number, number, number, number];
  readonly shares: { p: number[]; q: number[] };
  readonly baseWh: { activeImport: number; activeExport: number; reactiveImport: number; reactiveExport: number; apparentImport: number; apparentExport: number };
  readonly nominalVoltage: number;

  constructor(seed: number, utcOffsetMinutes: number) {
    this.seed = seed >>> 0;
    this.utcOffsetS = utcOffsetMinutes * 60;
    this.epochS = Date.UTC(2024, 0, 1) / 1000 - this.utcOffsetS;
    const pMean = 8000 + Math.round(unit01(seed, 40, 0) * 32000); // 8..40 kW
    const pf = 0.88 + unit01(seed, 41, 0) * 0.1;
    this.mean = [pMean, pMean * Math.tan(Math.acos(pf))];
    this.phaseShift = [unit01(seed, 42, 0) * 0.6, unit01(seed, 43, 0) * 0.6, unit01(seed, 44, 0) * TWO_PI, unit01(seed, 45, 0) * TWO_PI];
    const share = (ch: number): number[] => {
      const raw = [0, 1, 2].map((i) => 1 + 0.1 * signed1(seed, ch, i));
      const sum = raw[0] + raw[1] + raw[2];
      return raw.map((x) => x / sum);
    };
    this.shares = { p: share(46), q: share(47) };
    const base = 4e7 + Math.round(unit01(seed, 48, 0) * 2e8);
    this.baseWh = {
      activeImport: base,
      activeExport: Math.round(unit01(seed, 49, 0) * 5e4),
      reactiveImport: Math.round(base * 0.35),
      reactiveExport: Math.round(unit01(seed, 50, 0) * 2e5),
      apparentImport: Math.round(base * 1.06),
      apparentExport: Math.round(unit01(seed, 51, 0) * 5e4),
    };
    this.nominalVoltage = 230;
  }

  private shape(kind: PowerKind): { m: number; kn: number; ch: number; d: number; w: number } {
    const i = kind === 'p' ? 0 : 1;
    const m = this.mean[i];
    return { m, kn: (NOISE_AMPLITUDE * m * BLOCK_SECONDS) / 2, ch: kind === 'p' ? CH_P : CH_Q, d: this.phaseShift[i], w: this.phaseShift[2 + i] };
  }

  /** Total instantaneous power: W for 'p', var for 'q'. */
  power(kind: PowerKind, t: number): number {
    const { m, kn, ch, d, w } = this.shape(kind);
    const tl = t + this.utcOffsetS;
    const k = Math.floor(t / BLOCK_SECONDS);
    const noise = (kn * (signed1(this.seed, ch, k + 1) - signed1(this.seed, ch, k))) / BLOCK_SECONDS;
    return m * (1 + DAILY_AMPLITUDE * Math.sin((TWO_PI * tl) / DAY + d) + WEEKLY_AMPLITUDE * Math.sin((TWO_PI * t) / WEEK + w)) + noise;
  }

  /** An antiderivative of power() in W·s (J); only differences are meaningful. */
  integral(kind: PowerKind, t: number): number {
    const { m, kn, ch, d, w } = this.shape(kind);
    const tl = t + this.utcOffsetS;
    const x = t / BLOCK_SECONDS;
    const k = Math.floor(x);
    const f = x - k;
    const walk = signed1(this.seed, ch, k) * (1 - f) + signed1(this.seed, ch, k + 1) * f;
    return (
      m * (t - this.epochS) -
      ((m * DAILY_AMPLITUDE * DAY) / TWO_PI) * Math.cos((TWO_PI * tl) / DAY + d) -
      ((m * WEEKLY_AMPLITUDE * WEEK) / TWO_PI) * Math.cos((TWO_PI * t) / WEEK + w) +
      kn * walk
    );
  }

  /** Energy in Wh ('p': active, 'q': reactive) consumed over [from, to]. */
  energyBetween(kind: PowerKind, from: number, to: number): number {
    return (this.integral(kind, to) - this.integral(kind, from)) / 3600;
  }

  /** Apparent energy (vector sum) in VAh from the epoch to t. */
  apparentSinceEpoch(t: number): number {
    const p = this.energyBetween('p', this.epochS, t);
    const q = this.energyBetween('q', this.epochS, t);
    return Math.hypot(p, q);
  }

  voltage(phase: number, t: number): number {
    return this.nominalVoltage * (1 + 0.025 * valueNoise(this.seed, 10 + phase, t, 300) + 0.004 * valueNoise(this.seed, 20 + phase, t, 7));
  }

  frequency(t: number): number {
    return 50 + 0.08 * valueNoise(this.seed, 30, t, 120) + 0.01 * valueNoise(this.seed, 31, t, 5);
  }

  phasePower(kind: PowerKind, phase: number, t: number): number {
    return this.power(kind, t) * this.shares[kind][phase];
  }

  current(phase: number, t: number): number {
    return Math.hypot(this.phasePower('p', phase, t), this.phasePower('q', phase, t)) / this.voltage(phase, t);
  }

  powerFactor(phase: number | 'total', t: number): number {
    const p = phase === 'total' ? this.power('p', t) : this.phasePower('p', phase, t);
    const q = phase === 'total' ? this.power('q', t) : this.phasePower('q', phase, t);
    return p / Math.hypot(p, q);
  }

  /** Neutral current: magnitude of the phasor sum of the three phase currents. */
  neutralCurrent(t: number): number {
    let re = 0;
    let im = 0;
    for (let i = 0; i < 3; i++) {
      const angle = (-i * TWO_PI) / 3 - Math.atan2(this.phasePower('q', i, t), this.phasePower('p', i, t));
      const c = this.current(i, t);
      re += c * Math.cos(angle);
      im += c * Math.sin(angle);
    }
    return Math.hypot(re, im);
  }

  /** Local midnight at or before t. */
  dayStart(t: number): number {
    return Math.floor((t + this.utcOffsetS) / DAY) * DAY - this.utcOffsetS;
  }

  /** Local first day of the month, 00:00, at or before t; `monthsBack` earlier months. */
  monthStart(t: number, monthsBack = 0): number {
    const local = new Date((t + this.utcOffsetS) * 1000);
    return Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - monthsBack, 1) / 1000 - this.utcOffsetS;
  }

  /** Active import energy of TOD zone `zone` (0-based) from the epoch to t, in Wh (without base). */
  tariffEnergy(zone: number, t: number): number {
    const [h0, h1] = TARIFF_ZONES[zone];
    let sum = 0;
    for (let ds = this.dayStart(this.epochS); ds <= t; ds += DAY) {
      const a = Math.max(ds + h0 * 3600, this.epochS);
      const b = Math.min(ds + h1 * 3600, t);
      if (b > a) sum += this.energyBetween('p', a, b);
    }
    return sum;
  }

  /** Highest 15-minute average active (W) or apparent (VA) power in the billing month that contains t - 1 s, with its block end time. */
  maxDemand(kind: 'p' | 's', t: number): { value: number; at: number } {
    const from = this.monthStart(t - 1);
    let best = 0;
    let at = from;
    for (let b = from; b + BLOCK_SECONDS <= t; b += BLOCK_SECONDS) {
      const p = this.energyBetween('p', b, b + BLOCK_SECONDS);
      const e = kind === 'p' ? p : Math.hypot(p, this.energyBetween('q', b, b + BLOCK_SECONDS));
      const d = (e * 3600) / BLOCK_SECONDS;
      if (d > best) {
        best = d;
        at = b + BLOCK_SECONDS;
      }
    }
    return { value: best, at };
  }
}
