import { DlmsError } from '../../errors';
import { SerialTransport } from '../../transport/serial';
import { Identification, IdentificationReader, ModeEResponder, baudCharOf, modeEAck, requestMessage } from './identification';

export interface ModeEOptions {
  /** Device address for `/?ADDR!` (empty: any device on the probe). */
  address?: string;
  /** Wait for the identification this long (default 1500 ms; IEC 62056-21 tr max 1500 ms). */
  identificationTimeoutMs?: number;
  /** Pause between the identification and the ACK (default 200 ms, the standard's minimum ta). */
  ackDelayMs?: number;
  /** Pause after the ACK has left the UART before switching (default 50 ms). */
  switchDelayMs?: number;
  /** Cap on the baud rate (use a lower one than the meter offers for long probe cables). */
  maxBaudRate?: number;
}

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Client side of the IEC 62056-21 mode E opening on an optical probe: 300 baud 7E1, request,
 * identification, ACK 2 Z 2, then the port is switched to the agreed baud rate at 8N1 and is
 * ready for HDLC. Resolves with the meter's identification.
 */
export async function openModeE(port: SerialTransport, opts: ModeEOptions = {}): Promise<Identification> {
  await port.reconfigure({ baudRate: 300, dataBits: 7, parity: 'even', stopBits: 1 });
  if (!port.isOpen) await port.open();
  const reader = new IdentificationReader();
  const timeoutMs = opts.identificationTimeoutMs ?? 1500;
  const ident = await new Promise<Identification>((resolve, reject) => {
    const cleanup = (): void => {
      clearTimeout(timer);
      port.off('data', onData);
      port.off('closed', onClosed);
    };
    const onData = (d: Buffer): void => {
      try {
        const id = reader.push(d);
        if (id) {
          cleanup();
          resolve(id);
        }
      } catch (e) {
        cleanup();
        reject(e);
      }
    };
    const onClosed = (): void => {
      cleanup();
      reject(new DlmsError('connection-closed', `${port.description} closed during the IEC 62056-21 opening`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new DlmsError('timeout', `no IEC 62056-21 identification from ${port.description} within ${timeoutMs} ms: check the optical head position and orientation${opts.address ? ' and the device address' : ''}`, { timeoutMs }));
    }, timeoutMs);
    port.on('data', onData);
    port.on('closed', onClosed);
    port.write(requestMessage(opts.address)).catch((e: DlmsError) => {
      cleanup();
      reject(e);
    });
  });
  let rate = ident.baudRate;
  if (rate === null) {
    throw new DlmsError('malformed-frame', `meter identification "${ident.manufacturer}${ident.baudChar}${ident.identification}" names baud character "${ident.baudChar}", which is not a mode C/E rate`);
  }
  if (opts.maxBaudRate && rate > opts.maxBaudRate) rate = opts.maxBaudRate;
  await delay(opts.ackDelayMs ?? 200);
  await port.write(modeEAck(baudCharOf(rate)));
  await port.drain();
  await delay(opts.switchDelayMs ?? 50);
  await port.reconfigure({ baudRate: rate, dataBits: 8, parity: 'none', stopBits: 1 });
  return { ...ident, baudRate: rate };
}

/**
 * Meter side for the simulator: answers the opening on `port` (which must start at 300 7E1) and
 * resolves with the baud rate once the port has switched to HDLC at 8N1.
 */
export function respondModeE(port: SerialTransport, responder: ModeEResponder, opts: { timeoutMs?: number } = {}): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const cleanup = (): void => {
      if (timer) clearTimeout(timer);
      port.off('data', onData);
    };
    const onData = (d: Buffer): void => {
      for (const a of responder.push(d)) {
        if (a.type === 'send') port.write(a.bytes).catch(() => undefined);
        else if (a.type === 'switch') {
          cleanup();
          port.drain()
            .then(() => port.reconfigure({ baudRate: a.baudRate, dataBits: 8, parity: 'none', stopBits: 1 }))
            .then(() => resolve(a.baudRate), reject);
          return;
        }
      }
    };
    if (opts.timeoutMs) {
      timer = setTimeout(() => {
        cleanup();
        reject(new DlmsError('timeout', `no IEC 62056-21 mode E opening on ${port.description} within ${opts.timeoutMs} ms`));
      }, opts.timeoutMs);
    }
    port.on('data', onData);
  });
}
