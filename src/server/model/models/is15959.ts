import type { CaptureRef, ModelDefinition, ObjectDef } from '../types';
import {
  CLOCK, UNIT, col, liveData, managementAssociation, managementObjects, publicAssociation, readerAssociation, register, scalerColumns,
} from './builders';

/**
 * The IS 15959 (Indian ABT / DLMS companion) object set: nameplate, instantaneous, block load,
 * daily load and billing profiles with their scaler profiles, and the seven event logs. The
 * associations follow IS 15959: public client 16, meter reader 32 (LLS), utility settings 48
 * (HLS); plus management client 1.
 */
const DLU = 'double-long-unsigned';
const PH = ['R', 'Y', 'B'];
const P = (c: number, i: number): number => c + 20 * i;

const REGS = {
  current: PH.map((ph, i) => register(`1.0.${P(31, i)}.7.0.255`, `Current I${ph}`, `current.l${i + 1}`, DLU, -3, UNIT.A)),
  voltage: PH.map((ph, i) => register(`1.0.${P(32, i)}.7.0.255`, `Voltage V${ph}N`, `voltage.l${i + 1}`, 'long-unsigned', -2, UNIT.V)),
  pf: PH.map((ph, i) => register(`1.0.${P(33, i)}.7.0.255`, `Signed power factor ${ph} phase`, `pf.l${i + 1}`, 'long', -3, UNIT.none)),
  pfTotal: register('1.0.13.7.0.255', 'Three phase power factor', 'pf.total', 'long', -3, UNIT.none),
  frequency: register('1.0.14.7.0.255', 'Frequency', 'frequency', 'long-unsigned', -2, UNIT.Hz),
  apparent: register('1.0.9.7.0.255', 'Apparent power, kVA', 'power.apparent', 'double-long', 0, UNIT.VA),
  active: register('1.0.1.7.0.255', 'Signed active power, kW', 'power.active', 'double-long', 0, UNIT.W),
  reactive: register('1.0.3.7.0.255', 'Signed reactive power, kvar', 'power.reactive', 'double-long', 0, UNIT.var),
  kwh: register('1.0.1.8.0.255', 'Cumulative energy, kWh import', 'energy.active-import', DLU, 0, UNIT.Wh),
  kwhExport: register('1.0.2.8.0.255', 'Cumulative energy, kWh export', 'energy.active-export', DLU, 0, UNIT.Wh),
  kvarhLag: register('1.0.5.8.0.255', 'Cumulative energy, kvarh lag', 'energy.reactive-import', DLU, 0, UNIT.varh),
  kvarhLead: register('1.0.8.8.0.255', 'Cumulative energy, kvarh lead', 'energy.reactive-export', DLU, 0, UNIT.varh),
  kvah: register('1.0.9.8.0.255', 'Cumulative energy, kVAh import', 'energy.apparent-import', DLU, 0, UNIT.VAh),
  kvahExport: register('1.0.10.8.0.255', 'Cumulative energy, kVAh export', 'energy.apparent-export', DLU, 0, UNIT.VAh),
  tod: [1, 2, 3, 4].map((t) => register(`1.0.1.8.${t}.255`, `Cumulative energy, kWh, TZ${t}`, `energy.active-import.t${t}`, DLU, 0, UNIT.Wh)),
  blockKwh: register('1.0.1.29.0.255', 'Block energy, kWh import', 'block.active-import', DLU, 0, UNIT.Wh),
  blockKwhExport: register('1.0.2.29.0.255', 'Block energy, kWh export', 'block.active-export', DLU, 0, UNIT.Wh),
  blockKvarhLag: register('1.0.5.29.0.255', 'Block energy, kvarh lag', 'block.reactive-import', DLU, 0, UNIT.varh),
  blockKvarhLead: register('1.0.8.29.0.255', 'Block energy, kvarh lead', 'block.reactive-export', DLU, 0, UNIT.varh),
  blockKvah: register('1.0.9.29.0.255', 'Block energy, kVAh import', 'block.apparent-import', DLU, 0, UNIT.VAh),
  avgCurrent: PH.map((ph, i) => register(`1.0.${P(31, i)}.27.0.255`, `Average current I${ph}`, `avg.current.l${i + 1}`, DLU, -3, UNIT.A)),
  avgVoltage: PH.map((ph, i) => register(`1.0.${P(32, i)}.27.0.255`, `Average voltage V${ph}N`, `avg.voltage.l${i + 1}`, 'long-unsigned', -2, UNIT.V)),
  avgFrequency: register('1.0.14.27.0.255', 'Average frequency', 'avg.frequency', 'long-unsigned', -2, UNIT.Hz),
  avgPf: register('1.0.13.0.0.255', 'Average power factor, billing period', 'billing.avg-pf', 'long', -3, UNIT.none),
  mdKw: { classId: 4, obis: '1.0.1.6.0.255', name: 'Maximum demand, kW', value: { source: 'md.active-import', type: DLU }, scaler: 0, unit: UNIT.W, captureTimeSource: 'md.active-import.time' } as ObjectDef,
  mdKva: { classId: 4, obis: '1.0.9.6.0.255', name: 'Maximum demand, kVA', value: { source: 'md.apparent-import', type: DLU }, scaler: 0, unit: UNIT.VA, captureTimeSource: 'md.apparent-import.time' } as ObjectDef,
};

const DATA = {
  serial: liveData('0.0.96.1.0.255', 'Meter serial number', 'meter.serial', 'octet-string'),
  manufacturer: liveData('0.0.96.1.1.255', 'Manufacturer name', 'meter.manufacturer', 'octet-string'),
  firmware: liveData('1.0.0.2.0.255', 'Firmware version for meter', 'meter.firmware', 'octet-string'),
  meterType: liveData('0.0.94.91.9.255', 'Meter type', 'meter.type', 'unsigned'),
  ctRatio: liveData('1.0.0.4.2.255', 'Internal CT ratio', 'ratio.ct', 'long-unsigned'),
  ptRatio: liveData('1.0.0.4.3.255', 'Internal PT ratio', 'ratio.pt', 'long-unsigned'),
  year: liveData('0.0.96.1.4.255', 'Year of manufacture', 'meter.year', 'long-unsigned'),
  powerFailures: liveData('0.0.96.7.0.255', 'Number of power failures', 'count.power-failures', DLU),
  powerOff: liveData('0.0.94.91.8.255', 'Cumulative power-failure duration (min)', 'count.power-off-minutes', DLU),
  tamper: liveData('0.0.94.91.0.255', 'Cumulative tamper count', 'count.tamper', 'long-unsigned'),
  billingCount: liveData('0.0.0.1.0.255', 'Cumulative billing count', 'count.billing', DLU),
  programming: liveData('0.0.96.2.0.255', 'Cumulative programming count', 'count.programming', 'long-unsigned'),
  billingDate: liveData('0.0.0.1.2.255', 'Billing date', 'billing.date', 'octet-string'),
  powerOn: liveData('0.0.94.91.13.255', 'Total power-on duration in billing period (min)', 'billing.power-on-minutes', DLU),
};

const EVENT_CODES = [0, 1, 2, 3, 4, 5, 6].map((n) => liveData(`0.0.96.11.${n}.255`, `Event code, log ${n}`, `event.code.${n}`, 'long-unsigned'));
const EVENT_LOG_NAMES = ['Voltage related events', 'Current related events', 'Power failure events', 'Transaction events', 'Other events', 'Non-rollover events', 'Control events'];

const c = (o: ObjectDef, a = 2): CaptureRef => col(o, a);

const INSTANT_COLUMNS: CaptureRef[] = [
  CLOCK, ...REGS.current.map((o) => c(o)), ...REGS.voltage.map((o) => c(o)), ...REGS.pf.map((o) => c(o)), c(REGS.pfTotal), c(REGS.frequency),
  c(REGS.apparent), c(REGS.active), c(REGS.reactive), c(DATA.powerFailures), c(DATA.powerOff), c(DATA.tamper), c(DATA.billingCount), c(DATA.programming),
  c(DATA.billingDate), c(REGS.kwh), c(REGS.kvarhLag), c(REGS.kvarhLead), c(REGS.kvah), c(REGS.mdKw), c(REGS.mdKw, 5), c(REGS.mdKva), c(REGS.mdKva, 5),
];
const BLOCK_COLUMNS: CaptureRef[] = [
  CLOCK, ...REGS.avgCurrent.map((o) => c(o)), ...REGS.avgVoltage.map((o) => c(o)), c(REGS.avgFrequency),
  c(REGS.blockKwh), c(REGS.blockKwhExport), c(REGS.blockKvarhLag), c(REGS.blockKvarhLead), c(REGS.blockKvah),
];
const DAILY_COLUMNS: CaptureRef[] = [CLOCK, c(REGS.kwh), c(REGS.kwhExport), c(REGS.kvarhLag), c(REGS.kvarhLead), c(REGS.kvah), c(REGS.kvahExport)];
const BILLING_COLUMNS: CaptureRef[] = [
  c(DATA.billingDate), c(REGS.avgPf), c(REGS.kwh), ...REGS.tod.map((o) => c(o)), c(REGS.kvarhLag), c(REGS.kvarhLead), c(REGS.kvah),
  c(REGS.mdKw), c(REGS.mdKw, 5), c(REGS.mdKva), c(REGS.mdKva, 5), c(DATA.powerOn),
];
const NAMEPLATE_COLUMNS: CaptureRef[] = [DATA.serial, DATA.manufacturer, DATA.firmware, DATA.meterType, DATA.ctRatio, DATA.ptRatio, DATA.year].map((o) => c(o));

function eventColumns(log: number): CaptureRef[] {
  const base = [CLOCK, c(EVENT_CODES[log])];
  if (log >= 5) return base;
  return [...base, ...REGS.current.map((o) => c(o)), ...REGS.voltage.map((o) => c(o)), ...REGS.pf.map((o) => c(o)), c(REGS.kwh)];
}

function profile(obis: string, name: string, rows: ObjectDef['profile']): ObjectDef {
  return { classId: 7, obis, name, profile: rows };
}

export interface Is15959Options {
  /** Only the first block load row returned carries the clock (null-data in the others). */
  clockOnlyInFirstRow?: boolean;
}

export function is15959Definition(opts: Is15959Options = {}): ModelDefinition {
  const objects: ObjectDef[] = [
    { classId: 1, obis: '0.0.42.0.0.255', name: 'Logical device name' },
    { classId: 8, obis: '0.0.1.0.0.255', name: 'Real time clock', measuringPeriod: 900 },
    ...Object.values(DATA),
    ...Object.values(REGS).flat(),
    ...EVENT_CODES,
    profile('0.0.94.91.10.255', 'Name plate details', { rows: { kind: 'snapshot' }, entries: 1, columns: NAMEPLATE_COLUMNS }),
    profile('1.0.94.91.0.255', 'Instantaneous parameters', { rows: { kind: 'snapshot' }, entries: 1, columns: INSTANT_COLUMNS }),
    profile('1.0.94.91.3.255', 'Scaler profile, instantaneous parameters', { rows: { kind: 'snapshot' }, entries: 1, columns: scalerColumns(INSTANT_COLUMNS) }),
    profile('1.0.99.1.0.255', 'Block load profile', { rows: { kind: 'periodic', period: 900 }, entries: 96 * 62, columns: BLOCK_COLUMNS, clockOnlyInFirstRow: opts.clockOnlyInFirstRow }),
    profile('1.0.94.91.4.255', 'Scaler profile, block load', { rows: { kind: 'snapshot' }, entries: 1, columns: scalerColumns(BLOCK_COLUMNS) }),
    profile('1.0.99.2.0.255', 'Daily load profile', { rows: { kind: 'daily' }, entries: 90, columns: DAILY_COLUMNS }),
    profile('1.0.94.91.5.255', 'Scaler profile, daily load', { rows: { kind: 'snapshot' }, entries: 1, columns: scalerColumns(DAILY_COLUMNS) }),
    profile('1.0.98.1.0.255', 'Billing profile', { rows: { kind: 'monthly' }, entries: 12, columns: BILLING_COLUMNS }),
    profile('1.0.94.91.6.255', 'Scaler profile, billing', { rows: { kind: 'snapshot' }, entries: 1, columns: scalerColumns(BILLING_COLUMNS) }),
    ...EVENT_LOG_NAMES.map((name, log) => profile(`0.0.99.98.${log}.255`, name, { rows: { kind: 'events', log }, entries: log === 5 ? 20 : 100, columns: eventColumns(log) })),
    ...managementObjects(),
  ];
  return {
    kind: 'is15959',
    utcOffsetMinutes: 330,
    manufacturer: 'OPD',
    logicalDevices: [{ address: 1, objects }],
    associations: [
      publicAssociation(1),
      readerAssociation(1, 32),
      { ...managementAssociation(48, 1, 'hls-gmac', '0.0.43.0.2.255', false), name: 'utility-settings' },
      managementAssociation(1, 1, 'hls-gmac', '0.0.43.0.2.255', false),
    ],
  };
}
