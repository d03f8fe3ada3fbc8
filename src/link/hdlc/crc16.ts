/**
 * CRC-16/X-25 as used for the HDLC HCS and FCS (IEC 62056-46 clause 8.4.1.6 / ISO/IEC 13239):
 * reflected polynomial 0x1021 (0x8408 reversed), init 0xFFFF, final XOR 0xFFFF, sent least
 * significant octet first. Table-driven: one lookup per octet.
 */
const TABLE = (() => {
  const t = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x8408 : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC-16/X-25 of buf[start, end). */
export function crc16x25(buf: Uint8Array, start = 0, end = buf.length): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++) crc = (crc >>> 8) ^ TABLE[(crc ^ buf[i]) & 0xff];
  return (crc ^ 0xffff) & 0xffff;
}

/** Reads a transmitted check sequence (least significant octet first). */
export function readCrc(buf: Uint8Array, at: number): number {
  return buf[at] | (buf[at + 1] << 8);
}

/** Writes a check sequence least significant octet first. */
export function writeCrc(buf: Uint8Array, at: number, crc: number): void {
  buf[at] = crc & 0xff;
  buf[at + 1] = (crc >>> 8) & 0xff;
}
