import { parseObis, type Obis } from './obis';

/**
 * Human names for common OBIS codes (IEC 62056-6-1 / Blue Book clause 7, plus the Indian
 * companion standard IS 15959), so that JSON output can carry `name`. Electricity quantities are
 * built from the value groups (C = quantity and phase, D = processing, E = tariff, F = billing
 * period) instead of a giant list; abstract objects come from a table. A code not covered gives
 * undefined; callers then show the OBIS alone.
 */

// C value groups of electricity (A = 1), indices 1..16; phases add 20 (L1), 40 (L2), 60 (L3).
const ENERGY: readonly (string | undefined)[] = [
  undefined,
  'Active energy import (+A)',
  'Active energy export (-A)',
  'Reactive energy import (+R)',
  'Reactive energy export (-R)',
  'Reactive energy QI (+Ri)',
  'Reactive energy QII (+Rc)',
  'Reactive energy QIII (-Ri)',
  'Reactive energy QIV (-Rc)',
  'Apparent energy import (+VA)',
  'Apparent energy export (-VA)',
  undefined,
  undefined,
  undefined,
  undefined,
  'Active energy absolute (|+A|+|-A|)',
  'Active energy net (|+A|-|-A|)',
];

// The same quantities without the flow symbol, as used for block (interval) values.
const ENERGY_PLAIN: readonly (string | undefined)[] = [
  undefined,
  'Active energy import',
  'Active energy export',
  'Reactive energy import',
  'Reactive energy export',
  'Reactive energy QI',
  'Reactive energy QII',
  'Reactive energy QIII',
  'Reactive energy QIV',
  'Apparent energy import',
  'Apparent energy export',
  undefined,
  undefined,
  undefined,
  undefined,
  'Active energy absolute',
  'Active energy net',
];

const POWER: readonly (string | undefined)[] = [
  undefined,
  'Active power import (+P)',
  'Active power export (-P)',
  'Reactive power import (+Q)',
  'Reactive power export (-Q)',
  'Reactive power QI',
  'Reactive power QII',
  'Reactive power QIII',
  'Reactive power QIV',
  'Apparent power import (+S)',
  'Apparent power export (-S)',
  'Current',
  'Voltage',
  'Power factor',
  'Frequency',
  'Active power absolute (|+P|+|-P|)',
  'Active power net (|+P|-|-P|)',
];

const PHASES = ['', ' L1', ' L2', ' L3'];

/** Processing (D) of an electricity quantity: [which table, suffix]. */
const PROCESSING: Readonly<Record<number, readonly ['energy' | 'plain' | 'power', string]>> = {
  2: ['power', 'cumulative maximum demand'],
  4: ['power', 'current average demand'],
  5: ['power', 'last average demand'],
  6: ['power', 'maximum demand'],
  7: ['power', 'instantaneous'],
  8: ['energy', ''],
  9: ['energy', 'time integral 2'],
  24: ['power', 'average'],
  27: ['power', 'block average'],
  29: ['plain', 'block'],
};

function electricity(b: number, c: number, d: number, e: number, f: number): string | undefined {
  let base: string | undefined;
  if (c >= 1 && c <= 80 && c % 20 >= 1 && c % 20 <= 16) {
    const phase = PHASES[Math.floor(c / 20)];
    const q = c % 20;
    const proc = PROCESSING[d];
    if (!proc) return undefined;
    const table = proc[0] === 'energy' ? ENERGY : proc[0] === 'plain' ? ENERGY_PLAIN : POWER;
    const name = table[q];
    if (!name) return undefined;
    // "Voltage L1" rather than "Voltage L1, instantaneous": instantaneous is the common case
    base = name + phase;
    if (d === 8) base += e === 0 ? ', total' : `, tariff ${e}`;
    else {
      if (proc[1] && d !== 7) base += `, ${proc[1]}`;
      if (e !== 0) base += d === 7 ? ` (${e})` : `, tariff ${e}`;
    }
  } else if (c === 81 && d === 7) base = 'Phase angle';
  else if (c === 90 && d === 7 && e === 0) base = 'Current, sum of all phases';
  else if (c === 91 && d === 7 && e === 0) base = 'Current, neutral';
  else if (c === 92 && d === 7 && e === 0) base = 'Voltage, neutral';
  else if (c === 0) base = ELECTRICITY_GENERAL[`${d}.${e}`];
  else if (c === 99 || c === 98 || c === 94) base = ELECTRICITY_PROFILES[`${c}.${d}.${e}`];
  if (!base) return undefined;
  if (b !== 0) base += `, channel ${b}`;
  if (f !== 255) base += f <= 99 ? `, billing period ${f}` : `, historical value ${f}`;
  return base;
}

const ELECTRICITY_GENERAL: Readonly<Record<string, string>> = {
  '2.0': 'Active firmware identifier',
  '4.2': 'Transformer ratio, current (numerator)',
  '4.3': 'Transformer ratio, voltage (numerator)',
  '8.0': 'Demand integration period',
  '8.4': 'Recording interval 1 (profile capture period)',
  '8.5': 'Recording interval 2 (profile capture period)',
};

const ELECTRICITY_PROFILES: Readonly<Record<string, string>> = {
  '99.1.0': 'Load profile 1 (IS 15959: block load profile)',
  '99.2.0': 'Load profile 2 (IS 15959: daily load profile)',
  '98.1.0': 'Billing profile (data of billing period)',
  '94.91.0': 'Instantaneous profile (IS 15959)',
  '94.91.3': 'Scaler profile of the instantaneous profile (IS 15959)',
  '94.91.4': 'Scaler profile of the block load profile (IS 15959)',
  '94.91.5': 'Scaler profile of the daily load profile (IS 15959)',
  '94.91.6': 'Scaler profile of the billing profile (IS 15959)',
  '94.91.7': 'Scaler profile of the event profiles (IS 15959)',
};

// Abstract objects (A = 0), keyed "C.D.E" for B = 0 and F = 255.
const ABSTRACT: Readonly<Record<string, string>> = {
  '0.1.0': 'Billing period counter',
  '1.0.0': 'Clock',
  '10.0.0': 'Global meter reset script table',
  '10.0.1': 'End of billing period (MDI reset) script table',
  '10.0.100': 'Tariffication script table',
  '10.0.106': 'Disconnect control script table',
  '11.0.0': 'Special days table',
  '13.0.0': 'Activity calendar',
  '15.0.0': 'End of billing period single action schedule',
  '17.0.0': 'Limiter',
  '20.0.0': 'IEC optical port setup',
  '22.0.0': 'IEC HDLC setup',
  '25.0.0': 'TCP-UDP setup',
  '25.1.0': 'IPv4 setup',
  '25.4.0': 'GPRS modem setup',
  '41.0.0': 'SAP assignment',
  '42.0.0': 'COSEM logical device name',
  '44.0.0': 'Image transfer',
  '94.91.0': 'Cumulative tamper count (IS 15959)',
  '94.91.9': 'Meter type (IS 15959)',
  '94.91.10': 'Nameplate profile (IS 15959)',
  '94.91.11': 'Meter category (IS 15959)',
  '94.91.12': 'Current rating (IS 15959)',
  '96.1.0': 'Meter serial number',
  '96.1.1': 'Manufacturer name',
  '96.1.4': 'Year of manufacture',
  '96.3.10': 'Disconnect control',
  '96.7.0': 'Number of power failures, all phases',
  '96.14.0': 'Currently active tariff',
};

function abstract(b: number, c: number, d: number, e: number, f: number): string | undefined {
  if (f !== 255) return undefined;
  if (c === 25 && d === 9 && e === 0) return b === 0 ? 'Push setup' : `Push setup ${b}`;
  if (b !== 0) return undefined;
  if (c === 40 && d === 0) return e === 0 ? 'Current association (LN/SN)' : `Association ${e} (LN/SN)`;
  if (c === 43 && d === 0) return `Security setup ${e}`;
  if (c === 43 && d === 1) return `Invocation counter (frame counter) ${e}`;
  if (c === 99 && d === 98) return `Event log ${e}`;
  if (c === 96 && d === 11) return `Event code ${e}`;
  if (c === 96 && d === 10) return `Status register ${e}`;
  return ABSTRACT[`${c}.${d}.${e}`];
}

/** The name of an OBIS code, or undefined when the catalogue does not know it. Throws on invalid text. */
export function obisName(obis: string | Obis): string | undefined {
  const [a, b, c, d, e, f] = typeof obis === 'string' ? parseObis(obis) : obis;
  if (a === 0) return abstract(b, c, d, e, f);
  if (a === 1) return electricity(b, c, d, e, f);
  return undefined;
}
