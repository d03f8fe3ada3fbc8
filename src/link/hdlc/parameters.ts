/**
 * HDLC parameter negotiation field carried by SNRM and UA (IEC 62056-46 clause 8.4.5.3.2 /
 * ISO/IEC 13239 format identifier 0x81, group identifier 0x80). Values are from the point of
 * view of the frame's sender.
 */
export interface HdlcParameters {
  maxInfoFieldLengthTransmit: number;
  maxInfoFieldLengthReceive: number;
  windowSizeTransmit: number;
  windowSizeReceive: number;
}

/** Defaults that apply when a parameter is absent (IEC 62056-46 clause 6.4.4.4.3.2). */
export const DEFAULT_HDLC_PARAMETERS: Readonly<HdlcParameters> = Object.freeze({
  maxInfoFieldLengthTransmit: 128,
  maxInfoFieldLengthReceive: 128,
  windowSizeTransmit: 1,
  windowSizeReceive: 1,
});

const FORMAT_ID = 0x81;
const GROUP_ID = 0x80;
const IDS: Array<[number, keyof HdlcParameters, number]> = [
  [0x05, 'maxInfoFieldLengthTransmit', 2],
  [0x06, 'maxInfoFieldLengthReceive', 2],
  [0x07, 'windowSizeTransmit', 4],
  [0x08, 'windowSizeReceive', 4],
];

/** Encodes all four parameters (info lengths on 2 octets, windows on 4, as meters commonly do). */
export function encodeHdlcParameters(p: HdlcParameters): Buffer {
  const parts: number[] = [];
  for (const [id, key, size] of IDS) {
    parts.push(id, size);
    const v = p[key];
    for (let i = size - 1; i >= 0; i--) parts.push(Math.floor(v / 2 ** (8 * i)) & 0xff);
  }
  return Buffer.from([FORMAT_ID, GROUP_ID, parts.length, ...parts]);
}

/**
 * Decodes a negotiation field; absent parameters take the defaults. Returns null when the
 * bytes are not a well-formed negotiation field (wrong identifiers or a length past the end).
 */
export function decodeHdlcParameters(info: Uint8Array): HdlcParameters | null {
  if (info.length < 3 || info[0] !== FORMAT_ID || info[1] !== GROUP_ID) return null;
  const end = 3 + info[2];
  if (end > info.length) return null;
  const out: HdlcParameters = { ...DEFAULT_HDLC_PARAMETERS };
  let i = 3;
  while (i < end) {
    if (i + 2 > end) return null;
    const id = info[i];
    const len = info[i + 1];
    i += 2;
    if (len > 4 || i + len > end) return null;
    let v = 0;
    for (let k = 0; k < len; k++) v = v * 256 + info[i + k];
    i += len;
    const def = IDS.find(([pid]) => pid === id);
    if (def) out[def[1]] = v;
  }
  return out;
}
