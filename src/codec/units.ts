/**
 * The physical unit enumeration of the Blue Book (DLMS UA 1000-1, clause 4.3.2 "Register",
 * scaler_unit; table "Enumerated values for physical units"). Symbols are plain ASCII so that
 * they survive any JSON consumer: m3 for cubic metre, degC for degree Celsius, Ohm for ohm.
 * 255 means "no unit, a count"; 254 "other unit" (the meter's documentation says which).
 */
export interface UnitInfo {
  readonly code: number;
  /** ASCII symbol, e.g. "Wh", "m3", "degC", "count". */
  readonly symbol: string;
  /** Human name of the unit and its quantity, e.g. "watt-hour (active energy)". */
  readonly name: string;
}

// [code, symbol, name]. Codes absent from this list are reserved by the standard.
const TABLE: readonly (readonly [number, string, string])[] = [
  [1, 'a', 'year (time)'],
  [2, 'mo', 'month (time)'],
  [3, 'wk', 'week (time)'],
  [4, 'd', 'day (time)'],
  [5, 'h', 'hour (time)'],
  [6, 'min', 'minute (time)'],
  [7, 's', 'second (time)'],
  [8, 'deg', 'degree (phase angle)'],
  [9, 'degC', 'degree Celsius (temperature)'],
  [10, 'currency', 'local currency'],
  [11, 'm', 'metre (length)'],
  [12, 'm/s', 'metre per second (speed)'],
  [13, 'm3', 'cubic metre (volume)'],
  [14, 'm3', 'cubic metre (corrected volume)'],
  [15, 'm3/h', 'cubic metre per hour (volume flux)'],
  [16, 'm3/h', 'cubic metre per hour (corrected volume flux)'],
  [17, 'm3/d', 'cubic metre per day (volume flux)'],
  [18, 'm3/d', 'cubic metre per day (corrected volume flux)'],
  [19, 'l', 'litre (volume)'],
  [20, 'kg', 'kilogram (mass)'],
  [21, 'N', 'newton (force)'],
  [22, 'Nm', 'newton-metre (energy)'],
  [23, 'Pa', 'pascal (pressure)'],
  [24, 'bar', 'bar (pressure)'],
  [25, 'J', 'joule (energy)'],
  [26, 'J/h', 'joule per hour (thermal power)'],
  [27, 'W', 'watt (active power)'],
  [28, 'VA', 'volt-ampere (apparent power)'],
  [29, 'var', 'var (reactive power)'],
  [30, 'Wh', 'watt-hour (active energy)'],
  [31, 'VAh', 'volt-ampere-hour (apparent energy)'],
  [32, 'varh', 'var-hour (reactive energy)'],
  [33, 'A', 'ampere (current)'],
  [34, 'C', 'coulomb (electrical charge)'],
  [35, 'V', 'volt (voltage)'],
  [36, 'V/m', 'volt per metre (electric field strength)'],
  [37, 'F', 'farad (capacitance)'],
  [38, 'Ohm', 'ohm (resistance)'],
  [39, 'Ohm m2/m', 'ohm square metre per metre (resistivity)'],
  [40, 'Wb', 'weber (magnetic flux)'],
  [41, 'T', 'tesla (magnetic flux density)'],
  [42, 'A/m', 'ampere per metre (magnetic field strength)'],
  [43, 'H', 'henry (inductance)'],
  [44, 'Hz', 'hertz (frequency)'],
  [45, '1/(Wh)', 'active energy meter constant or pulse value (R_W)'],
  [46, '1/(varh)', 'reactive energy meter constant or pulse value (R_B)'],
  [47, '1/(VAh)', 'apparent energy meter constant or pulse value (R_S)'],
  [48, 'V2h', 'volt-squared hour'],
  [49, 'A2h', 'ampere-squared hour'],
  [50, 'kg/s', 'kilogram per second (mass flux)'],
  [51, 'S', 'siemens (conductance)'],
  [52, 'K', 'kelvin (temperature)'],
  [53, '1/(V2h)', 'volt-squared hour meter constant or pulse value (R_U2h)'],
  [54, '1/(A2h)', 'ampere-squared hour meter constant or pulse value (R_I2h)'],
  [55, '1/m3', 'volume meter constant or pulse value (R_V)'],
  [56, '%', 'percentage'],
  [57, 'Ah', 'ampere-hour'],
  [60, 'Wh/m3', 'watt-hour per cubic metre (energy per volume)'],
  [61, 'J/m3', 'joule per cubic metre (calorific value, Wobbe)'],
  [62, 'Mol %', 'mole percent (molar fraction of gas composition)'],
  [63, 'g/m3', 'gram per cubic metre (mass density)'],
  [64, 'Pa s', 'pascal second (dynamic viscosity)'],
  [65, 'J/kg', 'joule per kilogram (specific energy)'],
  [66, 'g/cm2', 'gram per square centimetre (pressure)'],
  [67, 'atm', 'atmosphere (pressure)'],
  [70, 'dBm', 'decibel milliwatt (signal strength)'],
  [71, 'dBuV', 'decibel microvolt (signal strength)'],
  [72, 'dB', 'decibel (logarithmic ratio)'],
  // Imperial / US customary units (Blue Book edition 14 and later)
  [128, 'in', 'inch (length)'],
  [129, 'ft', 'foot (length)'],
  [130, 'lb', 'pound (mass)'],
  [131, 'degF', 'degree Fahrenheit (temperature)'],
  [132, 'degR', 'degree Rankine (temperature)'],
  [133, 'sq in', 'square inch (area)'],
  [134, 'sq ft', 'square foot (area)'],
  [135, 'ac', 'acre (area)'],
  [136, 'cu in', 'cubic inch (volume)'],
  [137, 'cu ft', 'cubic foot (volume)'],
  [138, 'ac-ft', 'acre-foot (volume)'],
  [139, 'gal (imp)', 'imperial gallon (volume)'],
  [140, 'gal (US)', 'US gallon (volume)'],
  [141, 'lbf', 'pound-force (force)'],
  [142, 'psi', 'pound-force per square inch (pressure)'],
  [143, 'lb/cu ft', 'pound per cubic foot (density)'],
  [144, 'lb/(ft s)', 'pound per foot second (dynamic viscosity)'],
  [145, 'sq ft/s', 'square foot per second (kinematic viscosity)'],
  [146, 'Btu', 'British thermal unit (energy)'],
  [147, 'thm (EC)', 'therm EC (energy)'],
  [148, 'thm (US)', 'therm US (energy)'],
  [149, 'Btu/lb', 'British thermal unit per pound (specific energy)'],
  [150, 'Btu/cu ft', 'British thermal unit per cubic foot (calorific value)'],
  [151, 'cu ft', 'cubic foot (corrected volume)'],
  [152, 'ft/s', 'foot per second (speed)'],
  [153, 'cu ft/s', 'cubic foot per second (volume flux)'],
  [154, 'cu ft/min', 'cubic foot per minute (volume flux)'],
  [155, 'cu ft/h', 'cubic foot per hour (volume flux)'],
  [156, 'cu ft/d', 'cubic foot per day (volume flux)'],
  [157, 'ac-ft/s', 'acre-foot per second (volume flux)'],
  [158, 'ac-ft/min', 'acre-foot per minute (volume flux)'],
  [159, 'ac-ft/h', 'acre-foot per hour (volume flux)'],
  [160, 'ac-ft/d', 'acre-foot per day (volume flux)'],
  [161, 'gal (imp)', 'imperial gallon (corrected volume)'],
  [162, 'gal (imp)/s', 'imperial gallon per second (volume flux)'],
  [163, 'gal (imp)/min', 'imperial gallon per minute (volume flux)'],
  [164, 'gal (imp)/h', 'imperial gallon per hour (volume flux)'],
  [165, 'gal (imp)/d', 'imperial gallon per day (volume flux)'],
  [166, 'gal (US)', 'US gallon (corrected volume)'],
  [167, 'gal (US)/s', 'US gallon per second (volume flux)'],
  [168, 'gal (US)/min', 'US gallon per minute (volume flux)'],
  [169, 'gal (US)/h', 'US gallon per hour (volume flux)'],
  [170, 'gal (US)/d', 'US gallon per day (volume flux)'],
  [171, 'Btu/s', 'British thermal unit per second (power)'],
  [172, 'Btu/min', 'British thermal unit per minute (power)'],
  [173, 'Btu/h', 'British thermal unit per hour (power)'],
  [174, 'Btu/d', 'British thermal unit per day (power)'],
  [254, 'other', 'other unit (see the meter documentation)'],
  [255, 'count', 'no unit, unitless count'],
];

const BY_CODE: (UnitInfo | undefined)[] = new Array(256);
for (const [code, symbol, name] of TABLE) BY_CODE[code] = Object.freeze({ code, symbol, name });

/** Every unit the standard defines, in code order. */
export const UNITS: readonly UnitInfo[] = Object.freeze(BY_CODE.filter((u): u is UnitInfo => u !== undefined));

/** The unit of an enum value, or undefined for a reserved / out-of-range code. */
export function unitInfo(code: number): UnitInfo | undefined {
  return Number.isInteger(code) && code >= 0 && code <= 255 ? BY_CODE[code] : undefined;
}

/** ASCII symbol of a unit code; reserved codes give "unit-<code>" so that output is never empty. */
export function unitSymbol(code: number): string {
  return unitInfo(code)?.symbol ?? `unit-${code}`;
}

/** Human name of a unit code; reserved codes give "reserved unit <code>". */
export function unitName(code: number): string {
  return unitInfo(code)?.name ?? `reserved unit ${code}`;
}

/**
 * The code for a symbol (first match: "m3" gives 13, the uncorrected volume). For user input such
 * as a simulator configuration; case-sensitive because "mo"/"MO" and "S"/"s" differ.
 */
export function unitCodeOf(symbol: string): number | undefined {
  for (const u of UNITS) if (u.symbol === symbol) return u.code;
  return undefined;
}
