import * as dgram from 'node:dgram';
import * as net from 'node:net';
import { encodeApdu } from '../../src/apdu/apdu';
import type { DataNotification, EventNotificationRequest } from '../../src/apdu/notification';
import { dateTimeFromIso, encodeDateTime } from '../../src/codec/cosem-datetime';
import { D, type DlmsData } from '../../src/codec/data';
import { clientAddress, serverAddress } from '../../src/link/hdlc/address';
import { encodeHdlcFrame, LLC_RESPONSE } from '../../src/link/hdlc/frame';
import { encodeWrapper } from '../../src/link/wrapper/wrapper';
import { protect, type Envelope } from '../../src/security/protect';

/** Green Book suite 0 example keys and system title. */
export const EK = Buffer.from('000102030405060708090A0B0C0D0E0F', 'hex');
export const AK = Buffer.from('D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF', 'hex');
export const TITLE = '4D4D4D0000BC614E';

export const PUSH_SETUP = '0000190900FF';
export const TIME_ISO = '2026-11-25T08:00:00+00:00';

/** Title of simulated meter n (manufacturer MMM, serial n). */
export function meterTitle(n: number): string {
  return `4D4D4D${n.toString(16).padStart(10, '0').toUpperCase()}`;
}

/** Push setup name, a 12-octet capture time, energy import and a voltage. */
export function body(energy = 12345678, voltage = 2301): DlmsData {
  return D.structure([
    D.octetString(PUSH_SETUP),
    D.octetString(encodeDateTime(dateTimeFromIso(TIME_ISO))),
    D.doubleLongUnsigned(energy),
    D.longUnsigned(voltage),
  ]);
}

export function dataNotification(opts: { longInvokeId?: number; dateTime?: Buffer | null; body?: DlmsData } = {}): Buffer {
  const dn: DataNotification = {
    service: 'data-notification',
    longInvokeId: opts.longInvokeId ?? 1,
    priority: 'normal',
    serviceClass: 'unconfirmed',
    processingOption: 'continue-on-error',
    selfDescriptive: false,
    dateTime: opts.dateTime === undefined ? encodeDateTime(dateTimeFromIso(TIME_ISO)) : opts.dateTime,
    body: opts.body ?? body(),
  };
  return encodeApdu(dn);
}

export function eventNotification(): Buffer {
  const ev: EventNotificationRequest = {
    service: 'event-notification-request',
    time: encodeDateTime(dateTimeFromIso(TIME_ISO)),
    classId: 1,
    obis: '0.0.96.11.0.255',
    attributeId: 2,
    value: D.longUnsigned(47),
  };
  return encodeApdu(ev);
}

export interface CipherOpts {
  title?: string;
  ek?: Buffer;
  ak?: Buffer;
  ic: number;
  envelope?: Envelope;
  authenticated?: boolean;
  encrypted?: boolean;
}

export function cipher(apdu: Buffer, o: CipherOpts): Buffer {
  return protect(
    apdu,
    { systemTitle: Buffer.from(o.title ?? TITLE, 'hex'), encryptionKey: o.ek ?? EK, authenticationKey: o.ak ?? AK, dedicatedKey: o.ek ?? EK },
    { envelope: o.envelope ?? 'general-glo', invocationCounter: o.ic, authenticated: o.authenticated, encrypted: o.encrypted },
  );
}

export function wrap(apdu: Buffer, sourceWPort = 1, destinationWPort = 16): Buffer {
  return encodeWrapper({ sourceWPort, destinationWPort, payload: apdu });
}

export function hdlcUi(apdu: Buffer, logical = 1, physical = 17): Buffer {
  return encodeHdlcFrame({ segmented: false, dest: clientAddress(16), src: serverAddress(logical, physical), frameType: 'UI', pf: false, info: Buffer.concat([LLC_RESPONSE, apdu]) });
}

/** The APDU in several segmented I frames of at most `size` information octets. */
export function hdlcSegmentedI(apdu: Buffer, size: number, logical = 1, physical = 17): Buffer {
  const info = Buffer.concat([LLC_RESPONSE, apdu]);
  const frames: Buffer[] = [];
  for (let off = 0, ns = 0; off < info.length; off += size, ns++) {
    const part = info.subarray(off, off + size);
    frames.push(encodeHdlcFrame({ segmented: off + size < info.length, dest: clientAddress(16), src: serverAddress(logical, physical), frameType: 'I', pf: off + size >= info.length, ns: ns & 7, nr: 0, info: part }));
  }
  return Buffer.concat(frames);
}

export function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port, host: '127.0.0.1' }, () => {
      s.off('error', reject);
      resolve(s);
    });
    s.once('error', reject);
  });
}

export function closed(s: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    if (s.destroyed && s.closed) resolve();
    else s.once('close', () => resolve());
  });
}

export async function sendUdp(port: number, datagrams: Buffer[]): Promise<void> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  for (const d of datagrams) await new Promise<void>((r, j) => s.send(d, port, '127.0.0.1', (e) => (e ? j(e) : r())));
  await new Promise<void>((r) => s.close(() => r()));
}

/** Resolves after `n` emissions of `event`, with their first arguments. */
export function collect<T>(em: { on(e: string, f: (a: T) => void): unknown; off(e: string, f: (a: T) => void): unknown }, event: string, n: number, timeoutMs = 5000): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const got: T[] = [];
    const timer = setTimeout(() => {
      em.off(event, f);
      reject(new Error(`timed out waiting for ${n} ${event} event(s); got ${got.length}`));
    }, timeoutMs);
    const f = (a: T): void => {
      got.push(a);
      if (got.length === n) {
        clearTimeout(timer);
        em.off(event, f);
        resolve(got);
      }
    };
    em.on(event, f);
  });
}
