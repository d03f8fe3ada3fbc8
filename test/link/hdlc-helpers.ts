import { HdlcAddress } from '../../src/link/hdlc/address';
import { HdlcFrame, encodeHdlcFrame, parseHdlcBody } from '../../src/link/hdlc/frame';
import { HdlcEvent } from '../../src/link/hdlc/machine';

export const CLIENT: HdlcAddress = { size: 1, upper: 16, lower: null };
export const SERVER: HdlcAddress = { size: 2, upper: 1, lower: 17 };

/** Frames transmitted in a batch of machine events, parsed back. */
export function sent(events: HdlcEvent[]): HdlcFrame[] {
  return events.filter((e) => e.type === 'transmit').map((e) => {
    const b = (e as { bytes: Buffer }).bytes;
    const f = parseHdlcBody(b.subarray(1, b.length - 1));
    if (typeof f === 'string') throw new Error(`machine sent an invalid frame: ${f}`);
    return f;
  });
}

export function others(events: HdlcEvent[]): HdlcEvent[] {
  return events.filter((e) => e.type !== 'transmit');
}

/** A frame from the scripted server to the client. */
export function fromServer(f: Partial<HdlcFrame> & Pick<HdlcFrame, 'frameType'>): Buffer {
  return encodeHdlcFrame({ segmented: false, dest: CLIENT, src: SERVER, pf: true, info: Buffer.alloc(0), ...f });
}

export function fromClient(f: Partial<HdlcFrame> & Pick<HdlcFrame, 'frameType'>): Buffer {
  return encodeHdlcFrame({ segmented: false, dest: SERVER, src: CLIENT, pf: true, info: Buffer.alloc(0), ...f });
}

export function bytesOf(n: number, seed = 1): Buffer {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    b[i] = x >> 16;
  }
  return b;
}
