import { DlmsError } from '../errors';
import { formatAddress } from '../link/hdlc/address';
import { HdlcDeframer } from '../link/hdlc/deframer';
import { HDLC_FLAG, type HdlcFrame } from '../link/hdlc/frame';
import { stripLlc } from '../link/hdlc/machine';
import { WrapperReassembler, WRAPPER_VERSION } from '../link/wrapper/wrapper';

/**
 * Framing stage of the push decoder (sans-I/O): takes the bytes of one connection in any
 * chunking, recognises the framing from the first octets (0x7E: HDLC, 00 01: IEC 62056-47
 * wrapper) and yields whole APDUs with the address information that identifies the sender.
 * Every buffer it holds is bounded by the maximum frame size.
 */
export type PushFraming = 'wrapper' | 'hdlc';

export interface FramedApdu {
  /** The APDU without wrapper header, HDLC frame or LLC header. Owned by the caller. */
  apdu: Buffer;
  framing: PushFraming;
  /** Wrapper ports (the source wPort identifies the meter's logical device). */
  wrapper?: { sourceWPort: number; destinationWPort: number };
  /** HDLC addresses as "logical" or "logical/physical", and the frame type that carried the APDU. */
  hdlc?: { source: string; destination: string; frameType: 'I' | 'UI' };
}

export interface PushFramerOptions {
  /** Largest APDU accepted (wrapper length field, reassembled HDLC segments). Default 8192. */
  maxFrameSize?: number;
  /** 'auto' (default) recognises the framing from the first octet; otherwise only that one is accepted. */
  framing?: 'auto' | PushFraming;
  /**
   * Octets that do not form a valid HDLC frame accepted in a row before the stream is declared
   * malformed (default 4 x maxFrameSize, at least 8192).
   */
  maxGarbageBytes?: number;
}

/** One output of the framer: an APDU, or an error. `fatal` errors mean the stream cannot be resynchronised. */
export type FramerOutput = { kind: 'apdu'; frame: FramedApdu } | { kind: 'error'; error: DlmsError; fatal: boolean };

/** Several meters behind one HDLC gateway may interleave segmented pushes; at most this many at once. */
const MAX_SEGMENTED_SOURCES = 16;

export const DEFAULT_MAX_FRAME_SIZE = 8192;

interface Segments {
  parts: Buffer[];
  size: number;
  destination: string;
  frameType: 'I' | 'UI';
}

export class PushFramer {
  private readonly maxFrameSize: number;
  private readonly maxGarbage: number;
  private readonly forced: 'auto' | PushFraming;
  private mode: PushFraming | null = null;
  /** First octet(s) seen before the framing could be told (a lone 0x00). */
  private head: Buffer | null = null;
  private wrapper?: WrapperReassembler;
  private hdlc?: HdlcDeframer;
  private readonly segments = new Map<string, Segments>();
  private garbageSeen = 0;
  private corruptSeen = 0;
  private garbageRun = 0;

  constructor(opts: PushFramerOptions = {}) {
    const max = opts.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE;
    if (!Number.isInteger(max) || max < 16 || max > 0xffff) {
      throw new DlmsError('invalid-argument', `maxFrameSize ${String(max)} must be a whole number 16..65535`, { maxFrameSize: max });
    }
    this.maxFrameSize = max;
    this.maxGarbage = opts.maxGarbageBytes ?? Math.max(8192, 4 * max);
    this.forced = opts.framing ?? 'auto';
  }

  /** The framing recognised so far (null before the first octet). */
  get framing(): PushFraming | null {
    return this.mode;
  }

  /** True while part of a frame or of a segmented APDU is buffered. */
  get hasPartial(): boolean {
    if (this.head) return true;
    if (this.segments.size > 0) return true;
    return (this.wrapper?.hasPartial ?? false) || (this.hdlc?.hasPartial ?? false);
  }

  /** Forget the framing and everything buffered (UDP: each datagram stands alone). */
  reset(): void {
    this.mode = null;
    this.head = null;
    this.wrapper = undefined;
    this.hdlc = undefined;
    this.segments.clear();
    this.garbageSeen = 0;
    this.corruptSeen = 0;
    this.garbageRun = 0;
  }

  push(chunk: Uint8Array): FramerOutput[] {
    if (chunk.length === 0) return [];
    let data = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.mode === null) {
      if (this.head) {
        data = Buffer.concat([this.head, data]);
        this.head = null;
      }
      const detected = this.detect(data);
      if (detected === 'wait') {
        this.head = Buffer.from(data);
        return [];
      }
      if (detected instanceof DlmsError) return [{ kind: 'error', error: detected, fatal: true }];
      this.mode = detected;
      if (detected === 'wrapper') this.wrapper = new WrapperReassembler({ maxLength: this.maxFrameSize });
      else this.hdlc = new HdlcDeframer();
    }
    return this.mode === 'wrapper' ? this.pushWrapper(data) : this.pushHdlc(data);
  }

  private detect(b: Buffer): PushFraming | 'wait' | DlmsError {
    const first = b[0];
    let kind: PushFraming | 'wait' | null = null;
    if (first === HDLC_FLAG) kind = 'hdlc';
    else if (first === 0x00) {
      if (b.length < 2) kind = 'wait';
      else if (b[1] === WRAPPER_VERSION) kind = 'wrapper';
    }
    if (kind === 'wait') return kind;
    if (kind === null || (this.forced !== 'auto' && kind !== this.forced)) {
      const head = b.subarray(0, 2).toString('hex').toUpperCase();
      const expected = this.forced === 'auto' ? 'neither an HDLC frame (7E) nor an IEC 62056-47 wrapper (00 01)' : `not ${this.forced === 'hdlc' ? 'an HDLC frame (7E)' : 'an IEC 62056-47 wrapper (00 01)'}, the only framing accepted here`;
      return new DlmsError('malformed-frame', `the stream starts with ${head}: ${expected}; check the meter's push destination and its link type`, { head });
    }
    return kind;
  }

  private pushWrapper(data: Buffer): FramerOutput[] {
    let pdus;
    try {
      pdus = this.wrapper!.push(data);
    } catch (e) {
      const error = e instanceof DlmsError ? e : new DlmsError('malformed-frame', String(e));
      return [{ kind: 'error', error, fatal: true }];
    }
    const out: FramerOutput[] = [];
    for (const p of pdus) {
      if (p.payload.length === 0) {
        out.push({ kind: 'error', error: new DlmsError('malformed-frame', 'wrapper PDU with an empty payload', { sourceWPort: p.sourceWPort }), fatal: false });
        continue;
      }
      out.push({ kind: 'apdu', frame: { apdu: p.payload, framing: 'wrapper', wrapper: { sourceWPort: p.sourceWPort, destinationWPort: p.destinationWPort } } });
    }
    return out;
  }

  private pushHdlc(data: Buffer): FramerOutput[] {
    const d = this.hdlc!;
    const frames = d.push(data);
    const out: FramerOutput[] = [];
    const corrupt = d.stats.corruptFrames - this.corruptSeen;
    const garbage = d.stats.garbageBytes - this.garbageSeen;
    this.corruptSeen = d.stats.corruptFrames;
    this.garbageSeen = d.stats.garbageBytes;
    if (corrupt > 0) {
      out.push({ kind: 'error', error: new DlmsError('malformed-frame', `${corrupt} HDLC frame(s) dropped: bad length, HCS/FCS, address or control field`, { corruptFrames: corrupt }), fatal: false });
    }
    this.garbageRun = frames.length > 0 ? 0 : this.garbageRun + garbage + (corrupt > 0 ? 1 : 0);
    if (this.garbageRun > this.maxGarbage) {
      out.push({ kind: 'error', error: new DlmsError('malformed-frame', `more than ${this.maxGarbage} octets without a valid HDLC frame: the peer does not send DLMS HDLC frames`, { garbageBytes: this.garbageRun }), fatal: true });
      return out;
    }
    for (const f of frames) {
      const r = this.frame(f);
      if (r) out.push(r);
    }
    return out;
  }

  private frame(f: HdlcFrame): FramerOutput | null {
    // Only frames that carry information are pushes; RR, SNRM, DISC... from a meter are ignored.
    if ((f.frameType !== 'I' && f.frameType !== 'UI') || (f.info.length === 0 && !this.segments.has(formatAddress(f.src)))) return null;
    const source = formatAddress(f.src);
    const destination = formatAddress(f.dest);
    let seg = this.segments.get(source);
    if (!seg && !f.segmented) {
      const apdu = stripLlc(f.info);
      if (apdu.length > this.maxFrameSize) return this.tooBig(apdu.length, source);
      if (apdu.length === 0) return null;
      return { kind: 'apdu', frame: { apdu: Buffer.from(apdu), framing: 'hdlc', hdlc: { source, destination, frameType: f.frameType } } };
    }
    if (!seg) {
      if (this.segments.size >= MAX_SEGMENTED_SOURCES) {
        return { kind: 'error', error: new DlmsError('malformed-frame', `segmented HDLC pushes from more than ${MAX_SEGMENTED_SOURCES} addresses at once; frame from ${source} dropped`, { source }), fatal: false };
      }
      seg = { parts: [], size: 0, destination, frameType: f.frameType };
      this.segments.set(source, seg);
    }
    seg.parts.push(f.info);
    seg.size += f.info.length;
    if (seg.size > this.maxFrameSize + 3) {
      this.segments.delete(source);
      return this.tooBig(seg.size, source);
    }
    if (f.segmented) return null;
    this.segments.delete(source);
    const apdu = stripLlc(Buffer.concat(seg.parts, seg.size));
    if (apdu.length > this.maxFrameSize) return this.tooBig(apdu.length, source);
    if (apdu.length === 0) return null;
    return { kind: 'apdu', frame: { apdu, framing: 'hdlc', hdlc: { source, destination: seg.destination, frameType: seg.frameType } } };
  }

  private tooBig(size: number, source: string): FramerOutput {
    return {
      kind: 'error',
      error: new DlmsError('malformed-frame', `APDU of ${size} octets from HDLC address ${source} exceeds the maximum frame size of ${this.maxFrameSize}; raise maxFrameSize if the meter really pushes APDUs this large`, { size, maxFrameSize: this.maxFrameSize, source }),
      fatal: true,
    };
  }
}
