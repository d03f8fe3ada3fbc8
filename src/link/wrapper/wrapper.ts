import { toHex } from '../../codec/hex';
import { DlmsError, EncodeError } from '../../errors';

/**
 * TCP-UDP/IP wrapper (IEC 62056-47 clause 5, Green Book 7.3.3): an 8-octet header of version
 * (always 1), source wPort, destination wPort and payload length, all big-endian uint16.
 */
export const WRAPPER_VERSION = 1;
export const WRAPPER_HEADER_LENGTH = 8;

export interface WrapperPdu {
  sourceWPort: number;
  destinationWPort: number;
  payload: Buffer;
}

function checkPort(v: number, what: string): void {
  if (!Number.isInteger(v) || v < 0 || v > 0xffff) throw new EncodeError(`wrapper ${what} ${v} must be 0..65535`, { [what]: v });
}

export function encodeWrapper(pdu: WrapperPdu): Buffer {
  checkPort(pdu.sourceWPort, 'sourceWPort');
  checkPort(pdu.destinationWPort, 'destinationWPort');
  if (pdu.payload.length > 0xffff) {
    throw new EncodeError(`APDU of ${pdu.payload.length} octets does not fit the wrapper's 16-bit length field`, { length: pdu.payload.length });
  }
  const out = Buffer.allocUnsafe(WRAPPER_HEADER_LENGTH + pdu.payload.length);
  out.writeUInt16BE(WRAPPER_VERSION, 0);
  out.writeUInt16BE(pdu.sourceWPort, 2);
  out.writeUInt16BE(pdu.destinationWPort, 4);
  out.writeUInt16BE(pdu.payload.length, 6);
  pdu.payload.copy(out, 8);
  return out;
}

export type WrapperError = 'version' | 'length' | 'truncated-header';

export interface WrapperDescription {
  valid: boolean;
  errors: WrapperError[];
  version: number | null;
  sourceWPort: number | null;
  destinationWPort: number | null;
  length: number | null;
  payload: string;
}

/** Describes one wrapper PDU (the buffer must hold exactly one), shape of wrapper.json. */
export function describeWrapper(bytes: Uint8Array): WrapperDescription {
  const b = Buffer.from(bytes);
  if (b.length < WRAPPER_HEADER_LENGTH) {
    return { valid: false, errors: ['truncated-header'], version: null, sourceWPort: null, destinationWPort: null, length: null, payload: '' };
  }
  const errors: WrapperError[] = [];
  const version = b.readUInt16BE(0);
  const length = b.readUInt16BE(6);
  if (version !== WRAPPER_VERSION) errors.push('version');
  if (length !== b.length - WRAPPER_HEADER_LENGTH) errors.push('length');
  return {
    valid: errors.length === 0,
    errors,
    version,
    sourceWPort: b.readUInt16BE(2),
    destinationWPort: b.readUInt16BE(4),
    length,
    payload: toHex(b.subarray(WRAPPER_HEADER_LENGTH)),
  };
}

export interface WrapperReassemblerOptions {
  /** Largest payload accepted; a bigger length field is reported as an error (default 65535). */
  maxLength?: number;
}

/**
 * Sans-I/O reassembler for a TCP byte stream: accepts any chunking (one octet at a time, several
 * PDUs per chunk). A wrong version or an oversized length cannot be resynchronised on a stream,
 * so it throws a DlmsError ('malformed-frame') and the caller must close the connection.
 */
export class WrapperReassembler {
  private readonly maxLength: number;
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Offset of the current PDU in the stream, for error messages. */
  private streamOffset = 0;

  constructor(opts: WrapperReassemblerOptions = {}) {
    this.maxLength = opts.maxLength ?? 0xffff;
  }

  get hasPartial(): boolean {
    return this.buffered > 0;
  }

  reset(): void {
    this.chunks = [];
    this.buffered = 0;
  }

  push(chunk: Uint8Array): WrapperPdu[] {
    if (chunk.length === 0) return [];
    this.chunks.push(Buffer.from(chunk));
    this.buffered += chunk.length;
    const out: WrapperPdu[] = [];
    while (this.buffered >= WRAPPER_HEADER_LENGTH) {
      const head = this.peek(WRAPPER_HEADER_LENGTH);
      const version = head.readUInt16BE(0);
      const length = head.readUInt16BE(6);
      if (version !== WRAPPER_VERSION) {
        this.reset();
        throw new DlmsError('malformed-frame', `wrapper version ${version} received where 1 was expected (at stream offset ${this.streamOffset}): the peer does not speak the IEC 62056-47 wrapper; check the port and the link type (wrapper vs HDLC)`, { offset: this.streamOffset, version });
      }
      if (length > this.maxLength) {
        this.reset();
        throw new DlmsError('malformed-frame', `wrapper length ${length} exceeds the maximum of ${this.maxLength} (at stream offset ${this.streamOffset}); raise maxLength if the meter really sends APDUs this large`, { offset: this.streamOffset, length, maxLength: this.maxLength });
      }
      if (this.buffered < WRAPPER_HEADER_LENGTH + length) break;
      const whole = this.take(WRAPPER_HEADER_LENGTH + length);
      this.streamOffset += whole.length;
      out.push({ sourceWPort: whole.readUInt16BE(2), destinationWPort: whole.readUInt16BE(4), payload: whole.subarray(8) });
    }
    return out;
  }

  private peek(n: number): Buffer {
    if (this.chunks[0].length < n) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0].subarray(0, n);
  }

  private take(n: number): Buffer {
    if (this.chunks[0].length < n) this.chunks = [Buffer.concat(this.chunks)];
    const first = this.chunks[0];
    const out = first.subarray(0, n);
    if (first.length === n) this.chunks.shift();
    else this.chunks[0] = first.subarray(n);
    this.buffered -= n;
    return out;
  }
}
