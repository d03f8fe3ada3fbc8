import { DecodeError, InvalidArgumentError } from '../../errors';

/**
 * IEC 62056-21 (ed. 1, clause 6.3) messages used to enter HDLC mode E from an optical probe:
 * request `/?[address]!CRLF`, identification `/XXXZ<ident>CRLF`, acknowledgement
 * `ACK V Z Y CRLF` with V = '2' (HDLC protocol) and Y = '2' (binary mode, clause 6.3.3).
 */
export const BAUD_RATES: readonly number[] = [300, 600, 1200, 2400, 4800, 9600, 19200];

export interface Identification {
  /** Three-letter FLAG manufacturer code (e.g. 'ISK', 'LGZ'). */
  manufacturer: string;
  /** Baud rate character Z as sent ('0'..'6' in mode C/E). */
  baudChar: string;
  /** Baud rate the meter proposes (null for a character outside 0..6). */
  baudRate: number | null;
  /** Identification text (may contain `\W` escape sequences, kept as received). */
  identification: string;
  /** Third manufacturer letter in lower case: the meter reacts within 20 ms (clause 6.3.14). */
  fastReaction: boolean;
  /** `\2` escape present: the meter announces HDLC mode E. */
  modeE: boolean;
}

/** Longest identification line accepted (`/` + 3 + 1 + 16 characters, plus escapes and CRLF). */
const MAX_LINE = 64;

export function baudRateOf(z: string): number | null {
  const i = z.charCodeAt(0) - 0x30;
  return i >= 0 && i < BAUD_RATES.length ? BAUD_RATES[i] : null;
}

export function baudCharOf(baudRate: number): string {
  const i = BAUD_RATES.indexOf(baudRate);
  if (i < 0) throw new InvalidArgumentError(`baud rate ${baudRate} has no IEC 62056-21 code; use one of ${BAUD_RATES.join(', ')}`);
  return String(i);
}

/** Request message; `address` selects one device on a bus (up to 32 characters, clause 6.3.1). */
export function requestMessage(address = ''): Buffer {
  if (address.length > 32 || /[/?!\r\n]/.test(address)) {
    throw new InvalidArgumentError(`IEC 62056-21 device address "${address}" is invalid (at most 32 characters, no / ? ! CR LF)`);
  }
  return Buffer.from(`/?${address}!\r\n`, 'latin1');
}

/** Acknowledgement selecting HDLC mode E (V = 2, Y = 2) at the baud rate coded by `baudChar`. */
export function modeEAck(baudChar: string): Buffer {
  if (baudRateOf(baudChar) === null) throw new InvalidArgumentError(`baud rate character "${baudChar}" must be 0..6`);
  return Buffer.from([0x06, 0x32, baudChar.charCodeAt(0), 0x32, 0x0d, 0x0a]);
}

/** Parses one identification line, with or without the trailing CR LF. */
export function parseIdentification(line: Uint8Array): Identification {
  const text = Buffer.from(line).toString('latin1').replace(/\r\n$/, '');
  if (text[0] !== '/') throw new DecodeError('identification message must start with "/"', 0, {}, 'malformed-frame');
  if (text.length < 5) throw new DecodeError('identification message shorter than "/XXXZ"', text.length, {}, 'truncated');
  const manufacturer = text.slice(1, 4);
  if (!/^[A-Za-z]{3}$/.test(manufacturer)) throw new DecodeError(`manufacturer code "${manufacturer}" is not three letters`, 1, {}, 'malformed-frame');
  const baudChar = text[4];
  const identification = text.slice(5);
  return {
    manufacturer,
    baudChar,
    baudRate: baudRateOf(baudChar),
    identification,
    fastReaction: /[a-z]/.test(manufacturer[2]),
    modeE: identification.includes('\\2'),
  };
}

/**
 * Sans-I/O reader for the identification line: skips noise before '/', returns the parsed
 * message once CR LF arrives, and throws instead of buffering an endless line.
 */
export class IdentificationReader {
  private buf = '';

  push(chunk: Uint8Array): Identification | null {
    for (const byte of chunk) {
      const ch = String.fromCharCode(byte & 0x7f); // 7E1 ports may deliver the parity bit
      if (this.buf.length === 0 && ch !== '/') continue;
      this.buf += ch;
      if (this.buf.endsWith('\r\n')) {
        const line = this.buf;
        this.buf = '';
        return parseIdentification(Buffer.from(line, 'latin1'));
      }
      if (this.buf.length > MAX_LINE) {
        const n = this.buf.length;
        this.buf = '';
        throw new DecodeError(`identification message longer than ${MAX_LINE} characters without CR LF: not an IEC 62056-21 device?`, n, {}, 'malformed-frame');
      }
    }
    return null;
  }
}

/** What the meter-side responder asks its edge to do. */
export type ModeEAction = { type: 'send'; bytes: Buffer } | { type: 'switch'; baudRate: number } | { type: 'ignored'; reason: string };

/**
 * Sans-I/O meter side of the mode E opening (for the simulator): answers a request (for our
 * address or without one) with the identification, and on `ACK 2 Z 2` asks to switch to HDLC at
 * the baud rate Z.
 */
export class ModeEResponder {
  private buf = '';
  constructor(private readonly opts: { manufacturer: string; baudRate: number; identification: string; address?: string }) {
    baudCharOf(opts.baudRate);
    if (!/^[A-Za-z]{3}$/.test(opts.manufacturer)) throw new InvalidArgumentError('manufacturer must be three letters');
  }

  identificationMessage(): Buffer {
    return Buffer.from(`/${this.opts.manufacturer}${baudCharOf(this.opts.baudRate)}${this.opts.identification}\r\n`, 'latin1');
  }

  push(chunk: Uint8Array): ModeEAction[] {
    const out: ModeEAction[] = [];
    for (const byte of chunk) {
      const ch = String.fromCharCode(byte & 0x7f);
      if (this.buf.length === 0 && ch !== '/' && ch !== '\x06') continue;
      this.buf += ch;
      if (this.buf.length > 40) {
        this.buf = '';
        out.push({ type: 'ignored', reason: 'line too long' });
        continue;
      }
      if (!this.buf.endsWith('\r\n')) continue;
      const line = this.buf.slice(0, -2);
      this.buf = '';
      const req = /^\/\?([^!]*)!$/.exec(line);
      if (req) {
        const addr = req[1];
        if (addr === '' || addr === this.opts.address) out.push({ type: 'send', bytes: this.identificationMessage() });
        else out.push({ type: 'ignored', reason: `request for device address ${addr}` });
        continue;
      }
      if (line.length === 4 && line[0] === '\x06') {
        const rate = baudRateOf(line[2]);
        if (line[1] === '2' && line[3] === '2' && rate !== null) out.push({ type: 'switch', baudRate: rate });
        else out.push({ type: 'ignored', reason: `acknowledgement ${JSON.stringify(line)} does not select HDLC mode E` });
        continue;
      }
      out.push({ type: 'ignored', reason: `unknown message ${JSON.stringify(line)}` });
    }
    return out;
  }
}
