import { toHex } from '../../codec/hex';
import { HdlcAddress, decodeAddress } from './address';
import { decodeControl } from './control';
import { crc16x25, readCrc } from './crc16';
import { HDLC_FLAG } from './frame';
import { decodeHdlcParameters, HdlcParameters } from './parameters';

export type HdlcFrameError = 'length' | 'hcs' | 'fcs' | 'truncated' | 'formatType';

export interface HdlcAddressDescription { hex: string; size: number; upper: number; lower: number | null }

/** Neutral description of one frame, the shape of the hdlc.json vectors (see vectors README). */
export interface HdlcFrameDescription {
  valid: boolean;
  errors: HdlcFrameError[];
  formatType: number;
  segmented: boolean;
  length: number;
  destAddress: HdlcAddressDescription | null;
  srcAddress: HdlcAddressDescription | null;
  control: { hex: string; pf: boolean; frameType: string | null; ns?: number; nr?: number } | null;
  hcs: string | null;
  hcsValid: boolean | null;
  info: string;
  fcs: string | null;
  fcsValid: boolean;
  hdlcParameters?: HdlcParameters;
  llc?: string;
}

function describeAddress(buf: Buffer, a: HdlcAddress, at: number): HdlcAddressDescription {
  return { hex: toHex(buf.subarray(at, at + a.size)), size: a.size, upper: a.upper, lower: a.lower };
}

function crcHex(buf: Buffer, at: number): string {
  return toHex(buf.subarray(at, at + 2));
}

/**
 * Describes one frame `7E ... 7E` for diagnostics and the known-answer tests. It assumes the
 * buffer holds exactly one frame, so the length field is checked against the octets present and
 * the FCS is taken from the two octets before the closing flag. Never throws on bad input.
 */
export function describeHdlcFrame(bytes: Uint8Array): HdlcFrameDescription {
  const buf = Buffer.from(bytes);
  const errors: HdlcFrameError[] = [];
  const start = buf[0] === HDLC_FLAG ? 1 : 0;
  const hasClosing = buf.length > start && buf[buf.length - 1] === HDLC_FLAG;
  const body = buf.subarray(start, hasClosing ? buf.length - 1 : buf.length);
  const d: HdlcFrameDescription = {
    valid: false, errors, formatType: body.length > 0 ? body[0] >> 4 : 0, segmented: false, length: 0,
    destAddress: null, srcAddress: null, control: null, hcs: null, hcsValid: null, info: '', fcs: null, fcsValid: false,
  };
  if (body.length < 2) {
    errors.push('truncated');
    return d;
  }
  d.segmented = (body[0] & 0x08) !== 0;
  d.length = ((body[0] & 0x07) << 8) | body[1];
  if (d.formatType !== 0xa) errors.push('formatType');
  if (d.length !== body.length) errors.push('length');
  const dest = decodeAddress(body, 2, body.length);
  const src = dest ? decodeAddress(body, 2 + dest.size, body.length) : null;
  if (dest) d.destAddress = describeAddress(body, dest, 2);
  if (dest && src) d.srcAddress = describeAddress(body, src, 2 + dest.size);
  const ctrlAt = dest && src ? 2 + dest.size + src.size : -1;
  if (ctrlAt < 0 || ctrlAt >= body.length) {
    errors.push('truncated');
    return d;
  }
  const c = body[ctrlAt];
  const control = decodeControl(c);
  d.control = { hex: toHex(body.subarray(ctrlAt, ctrlAt + 1)), pf: (c & 0x10) !== 0, frameType: control?.frameType ?? null };
  if (control?.ns !== undefined) d.control.ns = control.ns;
  if (control?.nr !== undefined) d.control.nr = control.nr;
  const afterCtrl = ctrlAt + 1;
  const rest = body.length - afterCtrl;
  // Room for the FCS alone (2) or HCS + at least one info octet + FCS (5).
  if (rest !== 2 && rest < 5) {
    errors.push('truncated');
    return d;
  }
  const fcsAt = body.length - 2;
  if (rest >= 5) {
    d.hcs = crcHex(body, afterCtrl);
    d.hcsValid = readCrc(body, afterCtrl) === crc16x25(body, 0, afterCtrl);
    if (!d.hcsValid) errors.push('hcs');
    const info = body.subarray(afterCtrl + 2, fcsAt);
    d.info = toHex(info);
    const t = control?.frameType;
    if ((t === 'SNRM' || t === 'UA') && info.length > 0) {
      const p = decodeHdlcParameters(info);
      if (p) d.hdlcParameters = p;
    }
    if ((t === 'I' || t === 'UI') && info.length >= 3 && info[0] === 0xe6 && (info[1] === 0xe6 || info[1] === 0xe7) && info[2] === 0) {
      d.llc = toHex(info.subarray(0, 3));
    }
  }
  d.fcs = crcHex(body, fcsAt);
  d.fcsValid = readCrc(body, fcsAt) === crc16x25(body, 0, fcsAt);
  if (!d.fcsValid) errors.push('fcs');
  if (!hasClosing && !errors.includes('truncated')) errors.push('truncated');
  d.valid = errors.length === 0 && control !== null;
  return d;
}
