import { InvalidArgumentError } from '../errors';

/**
 * OBIS codes (IEC 62056-6-1): six value groups A..F, each 0..255, carried as 6 octets.
 * Accepted text forms: `A-B:C.D.E*F`, `A-B:C.D.E` (F = 255), `A.B.C.D.E.F`, `A.B.C.D.E`
 * (F = 255), 12 hex digits. Output form: dotted decimal `A.B.C.D.E.F`.
 */
export type Obis = readonly [number, number, number, number, number, number];

const STANDARD_RE = /^(\d{1,3})-(\d{1,3}):(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:[*&.](\d{1,3}))?$/;
const DOTTED_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\.(\d{1,3}))?$/;
const HEX_RE = /^[0-9a-fA-F]{12}$/;

function checked(groups: number[], text: string): Obis {
  for (const g of groups) {
    if (!Number.isInteger(g) || g < 0 || g > 255) {
      throw new InvalidArgumentError(`OBIS code "${text}" has a value group out of range 0..255`, { obis: text });
    }
  }
  return groups as unknown as Obis;
}

export function parseObis(input: string | Uint8Array | readonly number[]): Obis {
  if (typeof input !== 'string') {
    const arr = Array.from(input);
    if (arr.length !== 6) throw new InvalidArgumentError(`an OBIS code has 6 value groups, got ${arr.length}`);
    return checked(arr, arr.join('.'));
  }
  const text = input.trim();
  let m = STANDARD_RE.exec(text) ?? DOTTED_RE.exec(text);
  if (m) return checked([m[1], m[2], m[3], m[4], m[5], m[6] ?? '255'].map(Number), text);
  if (HEX_RE.test(text)) return checked(Array.from(Buffer.from(text, 'hex')), text);
  m = null;
  throw new InvalidArgumentError(
    `"${input}" is not an OBIS code (expected e.g. 1-0:1.8.0*255, 1-0:1.8.0, 1.0.1.8.0.255 or 0100010800FF)`,
    { obis: input },
  );
}

export function obisToString(o: Obis | Uint8Array): string {
  if (o.length !== 6) throw new InvalidArgumentError(`an OBIS code has 6 octets, got ${o.length}`);
  return `${o[0]}.${o[1]}.${o[2]}.${o[3]}.${o[4]}.${o[5]}`;
}

/** The IEC 62056-6-1 reduced text form `A-B:C.D.E*F`. */
export function obisToStandardString(o: Obis | Uint8Array): string {
  return `${o[0]}-${o[1]}:${o[2]}.${o[3]}.${o[4]}*${o[5]}`;
}

export function obisToBytes(o: Obis | string): Buffer {
  return Buffer.from(typeof o === 'string' ? parseObis(o) : o);
}

/** Normalise any accepted form to dotted decimal. */
export function normalizeObis(input: string | Uint8Array | readonly number[]): string {
  return obisToString(parseObis(input));
}
