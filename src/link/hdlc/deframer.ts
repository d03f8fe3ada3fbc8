import { HDLC_FLAG, HdlcFrame, parseHdlcBody } from './frame';

export interface DeframerStats {
  /** Frames whose length, HCS, FCS, address or control field was wrong: dropped. */
  corruptFrames: number;
  /** Octets skipped while looking for an opening flag (line noise, echoes of other traffic). */
  garbageBytes: number;
}

/**
 * Sans-I/O stream framer. DLMS HDLC is length-framed without byte stuffing (IEC 62056-46 clause
 * 8.4.1), so a 0x7E may appear inside the information field or the FCS: a frame is recognised by
 * an opening flag, a type-3 format field, a closing flag exactly `length` octets later and valid
 * check sequences. Anything else is dropped and the search resumes at the next flag, so garbage,
 * split reads and merged reads are all handled. Buffered data is bounded by one maximum frame.
 */
export class HdlcDeframer {
  readonly stats: DeframerStats = { corruptFrames: 0, garbageBytes: 0 };
  private buf: Buffer = Buffer.alloc(0);

  /** True while a partial frame is buffered (for the inter-frame timeout). */
  get hasPartial(): boolean {
    return this.buf.length > 1 || (this.buf.length === 1 && this.buf[0] !== HDLC_FLAG);
  }

  /** Drops a partial frame (inter-frame timeout expired). */
  reset(): void {
    if (this.hasPartial) this.stats.corruptFrames++;
    this.buf = Buffer.alloc(0);
  }

  push(chunk: Uint8Array): HdlcFrame[] {
    this.buf = this.buf.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buf, chunk]);
    const frames: HdlcFrame[] = [];
    let pos = 0;
    const b = this.buf;
    for (;;) {
      const flag = b.indexOf(HDLC_FLAG, pos);
      if (flag < 0) {
        this.stats.garbageBytes += b.length - pos;
        pos = b.length;
        break;
      }
      this.stats.garbageBytes += flag - pos;
      pos = flag;
      if (b.length - pos < 3) break; // need flag + format field
      if (b[pos + 1] === HDLC_FLAG) {
        pos++; // back-to-back flags: the first one closed something else
        continue;
      }
      const length = ((b[pos + 1] & 0x07) << 8) | b[pos + 2];
      if (b[pos + 1] >> 4 !== 0xa || length < 7) {
        this.stats.garbageBytes++;
        pos++;
        continue;
      }
      if (b.length - pos < length + 2) {
        // Wait for the rest, unless this "opening flag" was noise and a complete valid frame
        // already follows it (otherwise a stray 7E Ax would stall reception until the timeout).
        const later = this.findCompleteFrame(b, pos + 1);
        if (later < 0) break;
        this.stats.corruptFrames++;
        pos = later;
        continue;
      }
      if (b[pos + 1 + length] !== HDLC_FLAG) {
        this.stats.corruptFrames++;
        pos++;
        continue;
      }
      const parsed = parseHdlcBody(b.subarray(pos + 1, pos + 1 + length));
      if (typeof parsed === 'string') {
        this.stats.corruptFrames++;
        pos++;
        continue;
      }
      frames.push(parsed);
      pos += 1 + length; // keep the closing flag: it may also open the next frame
    }
    this.buf = pos >= b.length ? Buffer.alloc(0) : Buffer.from(b.subarray(pos));
    return frames;
  }

  /** Position of the first flag at or after `from` that opens a complete, valid frame; -1 if none. */
  private findCompleteFrame(b: Buffer, from: number): number {
    for (let q = b.indexOf(HDLC_FLAG, from); q >= 0 && b.length - q >= 9; q = b.indexOf(HDLC_FLAG, q + 1)) {
      if (b[q + 1] >> 4 !== 0xa) continue;
      const len = ((b[q + 1] & 0x07) << 8) | b[q + 2];
      if (len < 7 || b.length - q < len + 2 || b[q + 1 + len] !== HDLC_FLAG) continue;
      if (typeof parseHdlcBody(b.subarray(q + 1, q + 1 + len)) !== 'string') return q;
    }
    return -1;
  }
}
