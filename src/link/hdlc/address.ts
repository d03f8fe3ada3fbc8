import { InvalidArgumentError } from '../../errors';

/**
 * HDLC address field (IEC 62056-46 clause 8.4.2.2): each octet carries 7 address bits, the least
 * significant bit is the extension bit (1 = last octet). Server addresses are 1, 2 or 4 octets
 * (upper = logical device, lower = physical device); client SAPs are 1 octet.
 */
export interface HdlcAddress {
  /** Octet count on the wire: 1, 2 or 4. */
  size: 1 | 2 | 4;
  /** Logical device (server) or client SAP; the whole address when size is 1. */
  upper: number;
  /** Physical device address; null when size is 1. */
  lower: number | null;
}

/** Client SAP (1 octet). */
export function clientAddress(sap: number): HdlcAddress {
  if (!Number.isInteger(sap) || sap < 0 || sap > 0x7f) {
    throw new InvalidArgumentError(`HDLC client address ${sap} is out of range (0..127)`, { clientAddress: sap });
  }
  return { size: 1, upper: sap, lower: null };
}

/**
 * Server address from logical and (optional) physical device address. `size` defaults to the
 * smallest form that can hold both values (1 octet when there is no physical address).
 */
export function serverAddress(logical: number, physical?: number | null, size?: 1 | 2 | 4): HdlcAddress {
  const bad = (what: string, v: number, max: number): never => {
    throw new InvalidArgumentError(`HDLC ${what} address ${v} is out of range (0..${max}) for the chosen address size`, { [what]: v });
  };
  if (physical === undefined || physical === null) {
    const s = size ?? 1;
    if (s !== 1) return serverAddress(logical, 0, s);
    if (!Number.isInteger(logical) || logical < 0 || logical > 0x7f) bad('logical', logical, 0x7f);
    return { size: 1, upper: logical, lower: null };
  }
  const s = size ?? (logical <= 0x7f && physical <= 0x7f ? 2 : 4);
  if (s === 1) throw new InvalidArgumentError('a 1-octet HDLC server address cannot carry a physical address; use size 2 or 4');
  const max = s === 2 ? 0x7f : 0x3fff;
  if (!Number.isInteger(logical) || logical < 0 || logical > max) bad('logical', logical, max);
  if (!Number.isInteger(physical) || physical < 0 || physical > max) bad('physical', physical, max);
  return { size: s, upper: logical, lower: physical };
}

export function encodeAddress(a: HdlcAddress): Buffer {
  if (a.size === 1) return Buffer.from([((a.upper & 0x7f) << 1) | 1]);
  const lower = a.lower ?? 0;
  if (a.size === 2) return Buffer.from([(a.upper & 0x7f) << 1, ((lower & 0x7f) << 1) | 1]);
  return Buffer.from([
    ((a.upper >> 7) & 0x7f) << 1,
    (a.upper & 0x7f) << 1,
    ((lower >> 7) & 0x7f) << 1,
    ((lower & 0x7f) << 1) | 1,
  ]);
}

/**
 * Reads an address starting at `at`, never past `end`. Returns null when no terminating octet
 * is found within 4 octets or the size is 3 (not a valid DLMS address length).
 */
export function decodeAddress(buf: Uint8Array, at: number, end: number): HdlcAddress | null {
  let n = 0;
  while (n < 4 && at + n < end) {
    if (buf[at + n] & 1) break;
    n++;
  }
  if (n >= 4 || at + n >= end) return null;
  const size = n + 1;
  const b = (i: number): number => buf[at + i] >> 1;
  if (size === 1) return { size: 1, upper: b(0), lower: null };
  if (size === 2) return { size: 2, upper: b(0), lower: b(1) };
  if (size === 4) return { size: 4, upper: (b(0) << 7) | b(1), lower: (b(2) << 7) | b(3) };
  return null;
}

export function sameAddress(a: HdlcAddress, b: HdlcAddress): boolean {
  return a.size === b.size && a.upper === b.upper && (a.lower ?? null) === (b.lower ?? null);
}

export function formatAddress(a: HdlcAddress): string {
  return a.lower === null ? `${a.upper}` : `${a.upper}/${a.lower}`;
}
