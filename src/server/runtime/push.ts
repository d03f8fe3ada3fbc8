import * as dgram from 'node:dgram';
import * as net from 'node:net';
import { encodeApdu } from '../../apdu';
import { D, type DlmsData } from '../../codec/data';
import { dateTimeFromDate, encodeDateTime } from '../../codec/cosem-datetime';
import { InvalidArgumentError } from '../../errors';
import { clientAddress, serverAddress } from '../../link/hdlc/address';
import { encodeHdlcFrame, LLC_RESPONSE } from '../../link/hdlc/frame';
import { encodeWrapper } from '../../link/wrapper/wrapper';
import { protect } from '../../security';
import type { PushEvent } from '../model';
import type { SimMeter } from './meter';

export interface PushOptions {
  /** `udp://host:port` or `tcp://host:port`; default the Push setup's send_destination. */
  destination?: string;
  /** Push every so many ms (the scheduler runs the Push setup's push method); 0: only on request. */
  intervalMs?: number;
  /** Protect the DataNotification with general-glo-ciphering (global key, authenticated and encrypted). */
  ciphered?: boolean;
  /** Wrapper (default) or an HDLC UI frame. */
  framing?: 'wrapper' | 'hdlc';
  /** Client wPort / HDLC client address the pushes go to (default 1). */
  clientPort?: number;
  /** The Push setup object (default 0.0.25.9.0.255 of logical device 1). */
  pushSetup?: string;
  /** A push could not be delivered (receiver down...): the simulator keeps running. */
  onError?: (e: Error) => void;
}

interface Target { protocol: 'udp' | 'tcp'; host: string; port: number }

/** `udp://h:p`, `tcp://h:p`, or the Push setup's `h:p` with its transport enum (0 TCP, 1 UDP). */
export function parseDestination(text: string, transport?: number): Target {
  const m = /^(?:(udp|tcp):\/\/)?(\[[^\]]+\]|[^:/]+):(\d{1,5})\/?$/.exec(text.trim());
  if (!m || Number(m[3]) > 65535) throw new InvalidArgumentError(`push destination "${text}" is not udp://host:port or tcp://host:port`, { destination: text });
  const protocol = (m[1] as 'udp' | 'tcp' | undefined) ?? (transport === 1 ? 'udp' : 'tcp');
  return { protocol, host: m[2].replace(/^\[|\]$/g, ''), port: Number(m[3]) };
}

/**
 * Sends a meter's pushes (Push setup, class 40): a DataNotification carrying the values of
 * push_object_list, plain or general-glo-ciphered, in a wrapper PDU or an HDLC UI frame, over
 * UDP or a short TCP connection. Runs the push method on a period when asked to.
 */
export class PushSender {
  private invokeId = 0;
  private udp?: dgram.Socket;
  private readonly sockets = new Set<net.Socket>();
  private timer?: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  sent = 0;
  failed = 0;

  constructor(private readonly meter: SimMeter, private readonly opts: PushOptions = {}) {
    if (opts.destination) parseDestination(opts.destination);
    this.unsubscribe = meter.model.onPush((e) => void this.send(e).catch((err: Error) => this.fail(err)));
    if (opts.intervalMs && opts.intervalMs > 0) {
      this.timer = setInterval(() => this.trigger(), opts.intervalMs);
      this.timer.unref();
    }
  }

  private fail(err: Error): void {
    this.failed++;
    this.opts.onError?.(err);
  }

  /** Run the push method now (what the scheduler does each period). */
  trigger(): void {
    this.meter.model.execute({ classId: 40, obis: this.opts.pushSetup ?? '0.0.25.9.0.255', method: 1 }, D.integer(0));
  }

  /** The APDU of one push event (plain or ciphered). */
  notification(e: PushEvent): Buffer {
    this.invokeId = (this.invokeId + 1) & 0xffffff;
    const dateTime = encodeDateTime(dateTimeFromDate(e.at, this.meter.model.utcOffsetMinutes));
    const plain = encodeApdu({
      service: 'data-notification',
      longInvokeId: this.invokeId,
      priority: 'normal',
      serviceClass: 'unconfirmed',
      processingOption: 'continue-on-error',
      selfDescriptive: false,
      dateTime,
      body: D.structure(e.values),
    });
    if (!this.opts.ciphered) return plain;
    const s = this.meter.security;
    return protect(plain, { systemTitle: this.meter.systemTitle, encryptionKey: s.keys.encryptionKey, authenticationKey: s.keys.authenticationKey }, {
      envelope: 'general-glo',
      invocationCounter: s.next('0.0.43.0.2.255', e.logicalDevice),
    });
  }

  private frame(apdu: Buffer, logicalDevice: number): Buffer {
    const client = this.opts.clientPort ?? 1;
    if (this.opts.framing === 'hdlc') {
      return encodeHdlcFrame({ segmented: false, dest: clientAddress(client), src: serverAddress(logicalDevice, 17), frameType: 'UI', pf: false, info: Buffer.concat([LLC_RESPONSE, apdu]) });
    }
    return encodeWrapper({ sourceWPort: logicalDevice, destinationWPort: client, payload: apdu });
  }

  private target(destination: DlmsData): Target {
    if (this.opts.destination) return parseDestination(this.opts.destination);
    if (destination.type !== 'structure' || destination.value.length < 2 || destination.value[1].type !== 'octet-string') {
      throw new InvalidArgumentError('the Push setup send_destination_and_method is not a structure with a destination');
    }
    const t = destination.value[0];
    return parseDestination(destination.value[1].value.toString('latin1'), t.type === 'enum' ? t.value : undefined);
  }

  async send(e: PushEvent): Promise<void> {
    const target = this.target(e.destination);
    const bytes = this.frame(this.notification(e), e.logicalDevice);
    if (target.protocol === 'udp') await this.sendUdp(target, bytes);
    else await this.sendTcp(target, bytes);
    this.sent++;
  }

  private sendUdp(t: Target, bytes: Buffer): Promise<void> {
    if (!this.udp) {
      this.udp = dgram.createSocket(net.isIPv6(t.host) ? 'udp6' : 'udp4');
      this.udp.on('error', (err) => this.fail(err));
      this.udp.unref();
    }
    const socket = this.udp;
    return new Promise((resolve, reject) => socket.send(bytes, t.port, t.host, (err) => (err ? reject(err) : resolve())));
  }

  private sendTcp(t: Target, bytes: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: t.host, port: t.port });
      this.sockets.add(socket);
      socket.setTimeout(10000, () => socket.destroy(new Error(`push to tcp://${t.host}:${t.port} timed out`)));
      socket.once('error', reject);
      socket.once('close', () => this.sockets.delete(socket));
      socket.once('connect', () => socket.end(bytes, () => resolve()));
    });
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.unsubscribe();
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    const u = this.udp;
    this.udp = undefined;
    if (u) await new Promise<void>((resolve) => u.close(() => resolve()));
  }
}
