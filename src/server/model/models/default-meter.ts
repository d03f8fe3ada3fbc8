import type { ModelDefinition, ObjectDef } from '../types';
import {
  CLOCK, READ_ALL, UNIT, col, hlsAssociation, liveData, managementAssociation, managementObjects, publicAssociation, readerAssociation, register, staticData,
} from './builders';

/**
 * The default simulated meter: a three-phase industrial / ABT meter with the usual Blue Book
 * objects. Logical device 1 is the management logical device; logical device 2 is a small
 * billing device (its own LDN, clock, association and main energy register).
 */
const DLU = 'double-long-unsigned';

const energy = (obis: string, name: string, source: string, unit: number): ObjectDef => register(obis, name, source, DLU, 0, unit);

const PHASE = ['L1', 'L2', 'L3'];
const P = (c: number, i: number): number => c + 20 * i;

const ENERGIES: ObjectDef[] = [
  energy('1.0.1.8.0.255', 'Active energy import (+A), total', 'energy.active-import', UNIT.Wh),
  ...[1, 2, 3, 4].map((t) => energy(`1.0.1.8.${t}.255`, `Active energy import (+A), tariff ${t}`, `energy.active-import.t${t}`, UNIT.Wh)),
  energy('1.0.2.8.0.255', 'Active energy export (-A), total', 'energy.active-export', UNIT.Wh),
  energy('1.0.3.8.0.255', 'Reactive energy import (+R), total', 'energy.reactive-import', UNIT.varh),
  energy('1.0.4.8.0.255', 'Reactive energy export (-R), total', 'energy.reactive-export', UNIT.varh),
  energy('1.0.9.8.0.255', 'Apparent energy import (+VA), total', 'energy.apparent-import', UNIT.VAh),
  energy('1.0.10.8.0.255', 'Apparent energy export (-VA), total', 'energy.apparent-export', UNIT.VAh),
];

const INSTANT: ObjectDef[] = [
  ...PHASE.map((ph, i) => register(`1.0.${P(32, i)}.7.0.255`, `Voltage ${ph}`, `voltage.l${i + 1}`, 'long-unsigned', -2, UNIT.V)),
  ...PHASE.map((ph, i) => register(`1.0.${P(31, i)}.7.0.255`, `Current ${ph}`, `current.l${i + 1}`, DLU, -3, UNIT.A)),
  register('1.0.91.7.0.255', 'Current, neutral', 'current.neutral', DLU, -3, UNIT.A),
  register('1.0.1.7.0.255', 'Active power import (+P), total', 'power.active', 'double-long', 0, UNIT.W),
  ...PHASE.map((ph, i) => register(`1.0.${P(21, i)}.7.0.255`, `Active power import ${ph}`, `power.active.l${i + 1}`, 'double-long', 0, UNIT.W)),
  register('1.0.3.7.0.255', 'Reactive power import (+Q), total', 'power.reactive', 'double-long', 0, UNIT.var),
  ...PHASE.map((ph, i) => register(`1.0.${P(23, i)}.7.0.255`, `Reactive power import ${ph}`, `power.reactive.l${i + 1}`, 'double-long', 0, UNIT.var)),
  register('1.0.9.7.0.255', 'Apparent power import (+S), total', 'power.apparent', 'double-long', 0, UNIT.VA),
  ...PHASE.map((ph, i) => register(`1.0.${P(33, i)}.7.0.255`, `Power factor ${ph}`, `pf.l${i + 1}`, 'long', -3, UNIT.none)),
  register('1.0.13.7.0.255', 'Power factor, total', 'pf.total', 'long', -3, UNIT.none),
  register('1.0.14.7.0.255', 'Supply frequency', 'frequency', 'long-unsigned', -2, UNIT.Hz),
];

const BLOCK_AVERAGES: ObjectDef[] = [
  ...PHASE.map((ph, i) => register(`1.0.${P(32, i)}.27.0.255`, `Voltage ${ph}, block average`, `avg.voltage.l${i + 1}`, 'long-unsigned', -2, UNIT.V)),
  register('1.0.14.27.0.255', 'Frequency, block average', 'avg.frequency', 'long-unsigned', -2, UNIT.Hz),
];

const MD_ACTIVE: ObjectDef = { classId: 4, obis: '1.0.1.6.0.255', name: 'Maximum demand, active import, this month', value: { source: 'md.active-import', type: DLU }, scaler: 0, unit: UNIT.W, captureTimeSource: 'md.active-import.time' };
const DEMAND: ObjectDef = { classId: 5, obis: '1.0.1.4.0.255', name: 'Demand, active import, 15 min', value: { source: 'energy.active-import', type: DLU }, scaler: 0, unit: UNIT.W, period: 900 };
const EVENT_CODE = liveData('0.0.96.11.0.255', 'Event code, standard event log', 'event.code.0', 'long-unsigned');

const byObis = (list: ObjectDef[], obis: string): ObjectDef => list.find((o) => o.obis === obis)!;
const cum = (obis: string) => col(byObis(ENERGIES, obis));

const PROFILES: ObjectDef[] = [
  {
    classId: 7,
    obis: '1.0.99.1.0.255',
    name: 'Load profile, 15 min',
    profile: {
      rows: { kind: 'periodic', period: 900 },
      entries: 96 * 62,
      columns: [CLOCK, cum('1.0.1.8.0.255'), cum('1.0.2.8.0.255'), cum('1.0.3.8.0.255'), cum('1.0.4.8.0.255'), ...BLOCK_AVERAGES.map((o) => col(o))],
    },
  },
  {
    classId: 7,
    obis: '1.0.99.2.0.255',
    name: 'Daily energy profile',
    profile: { rows: { kind: 'daily' }, entries: 90, columns: [CLOCK, cum('1.0.1.8.0.255'), cum('1.0.2.8.0.255'), cum('1.0.3.8.0.255'), cum('1.0.4.8.0.255'), cum('1.0.9.8.0.255')] },
  },
  {
    classId: 7,
    obis: '1.0.98.1.0.255',
    name: 'Billing profile, monthly',
    profile: {
      rows: { kind: 'monthly' },
      entries: 12,
      columns: [CLOCK, cum('1.0.1.8.0.255'), cum('1.0.1.8.1.255'), cum('1.0.1.8.2.255'), cum('1.0.1.8.3.255'), cum('1.0.1.8.4.255'), cum('1.0.3.8.0.255'), cum('1.0.9.8.0.255'), col(MD_ACTIVE, 2), col(MD_ACTIVE, 5)],
    },
  },
  {
    classId: 7,
    obis: '0.0.99.98.0.255',
    name: 'Standard event log',
    profile: { rows: { kind: 'events', log: 0 }, entries: 200, columns: [CLOCK, col(EVENT_CODE)] },
  },
];

const LD1: ObjectDef[] = [
  { classId: 1, obis: '0.0.42.0.0.255', name: 'Logical device name' },
  liveData('0.0.96.1.0.255', 'Meter serial number', 'meter.serial', 'octet-string'),
  liveData('0.0.96.1.1.255', 'Manufacturer name', 'meter.manufacturer', 'octet-string'),
  liveData('1.0.0.2.0.255', 'Firmware version', 'meter.firmware', 'octet-string'),
  { classId: 8, obis: '0.0.1.0.0.255', name: 'Clock', measuringPeriod: 900 },
  ...ENERGIES,
  ...INSTANT,
  ...BLOCK_AVERAGES,
  MD_ACTIVE,
  DEMAND,
  EVENT_CODE,
  ...PROFILES,
  ...managementObjects(),
  {
    classId: 40,
    obis: '0.0.25.9.0.255',
    name: 'Push setup',
    push: {
      objects: [
        { classId: 40, obis: '0.0.25.9.0.255', attribute: 1, dataIndex: 0 },
        { classId: 1, obis: '0.0.42.0.0.255', attribute: 2, dataIndex: 0 },
        CLOCK,
        cum('1.0.1.8.0.255'),
      ],
      transport: 0,
      destination: '127.0.0.1:4059',
      message: 0,
    },
  },
];

const LD2: ObjectDef[] = [
  { classId: 1, obis: '0.0.42.0.0.255', name: 'Logical device name' },
  { classId: 8, obis: '0.0.1.0.0.255', name: 'Clock' },
  { classId: 15, obis: '0.0.40.0.0.255', name: 'Current association (LN)' },
  energy('1.0.1.8.0.255', 'Active energy import (+A), total', 'energy.active-import', UNIT.Wh),
  staticData('0.0.96.1.0.255', 'Device id', 'octet-string', '4C4432'),
];

export const DEFAULT_METER: ModelDefinition = {
  kind: 'default',
  utcOffsetMinutes: 330,
  manufacturer: 'OPD',
  logicalDevices: [
    { address: 1, objects: LD1 },
    { address: 2, nameSuffix: 'B2', objects: LD2 },
  ],
  associations: [
    publicAssociation(1),
    readerAssociation(1),
    readerAssociation(1, 33, 'sn'),
    managementAssociation(1, 1, 'hls-gmac', '0.0.43.0.2.255', false),
    managementAssociation(48, 1, 'hls-ecdsa', '0.0.43.0.3.255', true),
    hlsAssociation(2, 1, 'hls-md5'),
    hlsAssociation(3, 1, 'hls-sha1'),
    hlsAssociation(4, 1, 'hls-sha256'),
    { ...publicAssociation(2), rights: READ_ALL },
    readerAssociation(2),
  ],
};
