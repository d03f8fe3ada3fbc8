import { EncodeError } from '../../errors';
import { HdlcAddress, decodeAddress, encodeAddress } from './address';
import { HdlcControl, HdlcFrameType, decodeControl, encodeControl } from './control';
import { crc16x25, readCrc, writeCrc } from './crc16';

/** Opening and closing flag (IEC 62056-46 clause 8.4.1.1). */
export const HDLC_FLAG = 0x7e;
/** The frame length field is 11 bits. */
export const HDLC_MAX_FRAME_LENGTH = 0x7ff;
/** LLC headers (IEC 62056-46 clause 8.5): destination LSAP E6, source LSAP E6 (request) / E7 (response), quality 00. */
export const LLC_REQUEST = Buffer.from([0xe6, 0xe6, 0x00]);
export const LLC_RESPONSE = Buffer.from([0xe6, 0xe7, 0x00]);

export interface HdlcFrame {
  /** Segmentation bit of the frame format field: more segments of the same APDU follow. */
  segmented: boolean;
  dest: HdlcAddress;
  src: HdlcAddress;
  frameType: HdlcFrameType;
  pf: boolean;
  ns?: number;
  nr?: number;
  /** Information field (empty when the frame has none). */
  info: Buffer;
}

/** Encodes a frame type 3 frame including both flags. */
export function encodeHdlcFrame(f: HdlcFrame): Buffer {
  const dest = encodeAddress(f.dest);
  const src = encodeAddress(f.src);
  const headerLen = 2 + dest.length + src.length + 1;
  const hasInfo = f.info.length > 0;
  const length = headerLen + (hasInfo ? 2 + f.info.length : 0) + 2;
  if (length > HDLC_MAX_FRAME_LENGTH) {
    throw new EncodeError(`HDLC frame of ${length} octets exceeds the 11-bit length field (max ${HDLC_MAX_FRAME_LENGTH}); lower the max info field length`, { length });
  }
  const out = Buffer.allocUnsafe(length + 2);
  out[0] = HDLC_FLAG;
  out[1] = 0xa0 | (f.segmented ? 0x08 : 0) | ((length >> 8) & 0x07);
  out[2] = length & 0xff;
  dest.copy(out, 3);
  src.copy(out, 3 + dest.length);
  const c: HdlcControl = { frameType: f.frameType, pf: f.pf, ns: f.ns, nr: f.nr };
  out[headerLen] = encodeControl(c);
  let pos = headerLen + 1;
  if (hasInfo) {
    writeCrc(out, pos, crc16x25(out, 1, pos));
    pos += 2;
    f.info.copy(out, pos);
    pos += f.info.length;
  }
  writeCrc(out, pos, crc16x25(out, 1, pos));
  out[pos + 2] = HDLC_FLAG;
  return out;
}

/**
 * Parses the octets between the flags of a frame whose length field matched the bytes present
 * (`body` starts at the format field). Checks HCS and FCS; returns a reason string instead of a
 * frame when the octets are not a valid DLMS frame.
 */
export function parseHdlcBody(body: Buffer): HdlcFrame | string {
  if (body.length < 7) return 'frame shorter than the minimum header';
  if (body[0] >> 4 !== 0xa) return 'not frame format type 3';
  const dest = decodeAddress(body, 2, body.length);
  if (!dest) return 'bad destination address';
  const src = decodeAddress(body, 2 + dest.size, body.length);
  if (!src) return 'bad source address';
  const ctrlAt = 2 + dest.size + src.size;
  if (ctrlAt + 3 > body.length) return 'frame shorter than its header';
  const control = decodeControl(body[ctrlAt]);
  if (!control) return `unsupported control field 0x${body[ctrlAt].toString(16)}`;
  const fcsAt = body.length - 2;
  if (readCrc(body, fcsAt) !== crc16x25(body, 0, fcsAt)) return 'FCS mismatch';
  let info = Buffer.alloc(0);
  const afterCtrl = ctrlAt + 1;
  if (fcsAt > afterCtrl) {
    if (fcsAt - afterCtrl < 3) return 'information field without room for an HCS';
    if (readCrc(body, afterCtrl) !== crc16x25(body, 0, afterCtrl)) return 'HCS mismatch';
    info = Buffer.from(body.subarray(afterCtrl + 2, fcsAt));
  }
  return {
    segmented: (body[0] & 0x08) !== 0,
    dest,
    src,
    frameType: control.frameType,
    pf: control.pf,
    ns: control.ns,
    nr: control.nr,
    info,
  };
}
