/**
 * HDLC control field (IEC 62056-46 clause 8.4.3, ISO/IEC 13239 normal response mode, modulo 8).
 * I: bit0 = 0, N(S) in bits 1-3, P/F bit 4, N(R) bits 5-7.
 * S: bits 0-1 = 01, type in bits 2-3 (RR 00, RNR 01), P/F bit 4, N(R) bits 5-7.
 * U: bits 0-1 = 11, modifier bits, P/F bit 4.
 */
export type HdlcFrameType = 'I' | 'RR' | 'RNR' | 'SNRM' | 'DISC' | 'UA' | 'DM' | 'FRMR' | 'UI';

export interface HdlcControl {
  frameType: HdlcFrameType;
  pf: boolean;
  ns?: number;
  nr?: number;
}

const U_CODES: Record<string, number> = { SNRM: 0x83, DISC: 0x43, UA: 0x63, DM: 0x0f, FRMR: 0x87, UI: 0x03 };
const U_BY_CODE = new Map<number, HdlcFrameType>(Object.entries(U_CODES).map(([k, v]) => [v, k as HdlcFrameType]));
const PF = 0x10;

export function encodeControl(c: HdlcControl): number {
  const pf = c.pf ? PF : 0;
  const nr = ((c.nr ?? 0) & 7) << 5;
  switch (c.frameType) {
    case 'I':
      return nr | pf | (((c.ns ?? 0) & 7) << 1);
    case 'RR':
      return nr | pf | 0x01;
    case 'RNR':
      return nr | pf | 0x05;
    default:
      return U_CODES[c.frameType] | pf;
  }
}

/** Null for a control octet that names no DLMS frame type (e.g. REJ, SREJ, unknown U frames). */
export function decodeControl(b: number): HdlcControl | null {
  const pf = (b & PF) !== 0;
  if ((b & 1) === 0) return { frameType: 'I', pf, ns: (b >> 1) & 7, nr: (b >> 5) & 7 };
  if ((b & 3) === 1) {
    const s = (b >> 2) & 3;
    if (s === 0) return { frameType: 'RR', pf, nr: (b >> 5) & 7 };
    if (s === 1) return { frameType: 'RNR', pf, nr: (b >> 5) & 7 };
    return null;
  }
  const t = U_BY_CODE.get(b & ~PF);
  return t ? { frameType: t, pf } : null;
}
