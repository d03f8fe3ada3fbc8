import { decodeDate, decodeDateTime, decodeTime } from '../codec/cosem-datetime';
import { DecodeError } from '../errors';
import { obisToString } from '../codec/obis';
import { toHex } from '../codec/hex';
import { decodeDataFrom } from '../codec/axdr';
import { decodeScalerUnit } from '../codec/scaler';

/**
 * The `cosem` layer of `dlms decode`: a bare COSEM value given by its octets, shaped like the
 * `expect` objects of the shared cosem vectors. The kind follows from the length: 12 octets a
 * date-time, 5 a date, 4 a time, 6 an OBIS code (or an A-XDR scaler_unit structure 02 02 0F xx 16 yy).
 */
export function describeCosemOctets(b: Buffer, kind?: string): Record<string, unknown> {
  const looksLikeScalerUnit = b.length === 6 && b[0] === 0x02 && b[1] === 0x02 && b[2] === 0x0f && b[4] === 0x16;
  const k = kind ?? (looksLikeScalerUnit ? 'scaler-unit' : ({ 12: 'date-time', 5: 'date', 4: 'time', 6: 'obis' } as Record<number, string>)[b.length]);
  switch (k) {
    case 'scaler-unit': {
      const su = decodeScalerUnit(decodeDataFrom(b));
      return { kind: k, scaler: su.scaler, unit: su.unit, unitSymbol: su.unitSymbol };
    }
    case 'date-time':
      return { kind: k, ...decodeDateTime(b) };
    case 'date':
      return { kind: k, ...decodeDate(b) };
    case 'time':
      return { kind: k, ...decodeTime(b) };
    case 'obis': {
      if (b.length !== 6) throw new DecodeError(`an OBIS code has 6 octets, got ${b.length}`, 0);
      return { kind: k, text: obisToString(b), a: b[0], b: b[1], c: b[2], d: b[3], e: b[4], f: b[5], axdr: `0906${toHex(b)}` };
    }
    default:
      throw new DecodeError(`cannot tell which COSEM value ${b.length} octets hold (12 = date-time, 5 = date, 4 = time, 6 = OBIS); give --kind`, 0);
  }
}
