import { InvalidArgumentError } from '../errors';
import { normalizeObis, parseObis } from '../codec/obis';

/**
 * A reference to one attribute (or method) of a COSEM object, in every form CONTRACTS.md accepts:
 * `1-0:1.8.0*255`, `1.0.1.8.0.255` (attribute 2), `1.0.1.8.0.255:2`, `3/1.0.1.8.0.255/2`
 * (class/OBIS/attribute), or `{ obis, classId?, attribute?, name? }`.
 * `classId` is left undefined when the text does not give it; `guessClassId` fills the usual one.
 */
export interface AttributeRef {
  obis: string;
  classId?: number;
  attribute: number;
  /** The user's name for the value (becomes the key in outputs). */
  name?: string;
}

export type AttributeRefInput = string | { obis: string; classId?: number | string; attribute?: number | string; name?: string };

function int(v: unknown, what: string, min: number, max: number, text: string): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new InvalidArgumentError(`${what} in "${text}" must be a whole number ${min}..${max}`, { ref: text });
  }
  return n;
}

export function parseAttributeRef(input: AttributeRefInput, defaultAttribute = 2): AttributeRef {
  if (typeof input === 'object' && input !== null) {
    const text = JSON.stringify(input);
    if (typeof input.obis !== 'string') throw new InvalidArgumentError(`attribute reference ${text} needs an "obis" text`);
    const ref: AttributeRef = {
      obis: normalizeObis(input.obis),
      attribute: input.attribute === undefined || input.attribute === '' ? defaultAttribute : int(input.attribute, 'attribute', 1, 255, text),
    };
    if (input.classId !== undefined && input.classId !== '') ref.classId = int(input.classId, 'class id', 0, 65535, text);
    if (input.name) ref.name = String(input.name);
    return ref;
  }
  if (typeof input !== 'string' || input.trim() === '') {
    throw new InvalidArgumentError('an attribute reference must be an OBIS text such as 1-0:1.8.0*255 or an object {obis, classId, attribute}');
  }
  const text = input.trim();
  const slash = text.split('/');
  if (slash.length === 3) {
    return { classId: int(slash[0], 'class id', 0, 65535, text), obis: normalizeObis(slash[1]), attribute: int(slash[2], 'attribute', 1, 255, text) };
  }
  if (slash.length !== 1) throw new InvalidArgumentError(`"${text}" is not an attribute reference (use class/OBIS/attribute, e.g. 3/1.0.1.8.0.255/2)`);
  // OBIS with an optional ":attribute" suffix; the A-B:C... form has its own colon after B.
  const m = /^(.*?)(?::(\d{1,3}))?$/.exec(text)!;
  let obisText = text;
  let attribute = defaultAttribute;
  if (m[2] !== undefined && !/^\d{1,3}-\d{1,3}$/.test(m[1])) {
    obisText = m[1];
    attribute = int(m[2], 'attribute', 1, 255, text);
  }
  parseObis(obisText);
  return { obis: normalizeObis(obisText), attribute };
}

/** `class/obis/attribute`, the canonical text key of a reference. */
export function formatAttributeRef(ref: AttributeRef): string {
  return `${ref.classId ?? '?'}/${ref.obis}/${ref.attribute}`;
}

/**
 * The interface class that an OBIS code usually has (IEC 62056-6-1 / Blue Book object
 * identification), for references given without a class. A meter may differ: the client falls
 * back to the object list when the meter answers object-undefined or object-class-inconsistent.
 */
export function guessClassId(obis: string): number {
  const [a, b, c, d, e] = parseObis(obis);
  if (a === 0 && c === 1 && d === 0) return 8; // clock
  if (c === 99 || c === 98 || (c === 94 && d === 91 && e !== 10 && a === 1)) return 7; // profiles
  if (a === 0 && b === 0 && c === 94 && d === 91 && e === 10) return 7; // IS 15959 nameplate profile
  if (a === 0 && c === 40 && d === 0) return 15; // association LN (SN is 12 but rarely read by OBIS)
  if (a === 0 && c === 41 && d === 0) return 17; // SAP assignment
  if (a === 0 && c === 43 && d === 0) return 64; // security setup
  if (a === 0 && c === 25 && d === 9) return 40; // push setup
  if (a === 0 && c === 96 && d === 3 && e === 10) return 70; // disconnect control
  if (a === 0 && c === 22 && d === 0) return 23; // IEC HDLC setup
  if (a === 0 && c === 20 && d === 0) return 19; // IEC local port setup
  if (a === 0 && c === 44 && d === 0) return 18; // image transfer
  if (a === 0 && c === 15 && d === 0) return 22; // single action schedule
  if (a === 0 && c === 10 && d === 0) return 9; // script table
  if (a === 0 && c === 13 && d === 0) return 20; // activity calendar
  if (a === 0 && c === 11 && d === 0) return 11; // special days table
  if (a === 0 && c === 17 && d === 0) return 71; // limiter
  if (a !== 0 && c >= 1 && c <= 80 && (d === 4 || d === 5)) return 5; // current/last average demand
  if (a !== 0 && c >= 1 && c <= 80 && (d === 6)) return 4; // maximum demand with capture time
  if (a !== 0 && c >= 1 && c <= 80 && [2, 7, 8, 9, 24, 25, 27, 29].includes(d)) return 3; // registers
  return 1; // Data
}

/** A reference to a method: `70/0.0.96.3.10.255/1` or `{ obis, classId?, method }`. */
export interface MethodRef {
  obis: string;
  classId?: number;
  method: number;
  name?: string;
}

export type MethodRefInput = string | { obis: string; classId?: number | string; method: number | string; name?: string };

export function parseMethodRef(input: MethodRefInput): MethodRef {
  if (typeof input === 'object' && input !== null) {
    const text = JSON.stringify(input);
    if (typeof input.obis !== 'string') throw new InvalidArgumentError(`method reference ${text} needs an "obis" text`);
    const ref: MethodRef = { obis: normalizeObis(input.obis), method: int(input.method, 'method', 1, 255, text) };
    if (input.classId !== undefined && input.classId !== '') ref.classId = int(input.classId, 'class id', 0, 65535, text);
    if (input.name) ref.name = String(input.name);
    return ref;
  }
  const text = String(input ?? '').trim();
  const parts = text.split('/');
  if (parts.length === 3) {
    return { classId: int(parts[0], 'class id', 0, 65535, text), obis: normalizeObis(parts[1]), method: int(parts[2], 'method', 1, 255, text) };
  }
  const m = /^(.*):(\d{1,3})$/.exec(text);
  if (m && !/^\d{1,3}-\d{1,3}$/.test(m[1])) return { obis: normalizeObis(m[1]), method: int(m[2], 'method', 1, 255, text) };
  throw new InvalidArgumentError(`"${text}" is not a method reference (use class/OBIS/method, e.g. 70/0.0.96.3.10.255/1)`, { ref: text });
}
