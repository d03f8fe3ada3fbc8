import { EventEmitter } from 'node:events';
import { DlmsError } from '../../errors';
import type { Transport, TransportEvents } from '../../transport/transport';

/** Fault and link emulation of one meter (or every meter of a simulator). */
export interface FaultOptions {
  /** Processing time of the meter before each answer, ms. */
  responseDelayMs?: number;
  /** Round-trip time of the line, ms (each answer leaves this much later). */
  roundTripMs?: number;
  /** Line speed in bytes per second (9600 baud: 960, GPRS: ~5000); answers queue behind each other. */
  bytesPerSecond?: number;
  /** Close the connection after this many frames were sent to the client. */
  dropAfterFrames?: number;
  /** Share of frames (0..1) sent with one octet corrupted. */
  corruptRate?: number;
  /** Refuse every association (AARE rejected-transient). */
  refuseAssociations?: boolean;
  /** Reboot the meter (invocation counters back to 0) every so many ms. */
  rebootEveryMs?: number;
  /** Random source for corruption (tests pass a seeded one); Math.random by default. */
  random?: () => number;
}

export function hasLineFaults(f: FaultOptions | undefined): boolean {
  return !!f && !!(f.responseDelayMs || f.roundTripMs || f.bytesPerSecond || f.dropAfterFrames || f.corruptRate);
}

/**
 * A transport seen through an emulated line: what the meter writes is delayed (response delay,
 * round trip, bandwidth), possibly corrupted, and the connection is cut after N frames.
 * Incoming bytes and events pass through unchanged. Every timer is cleared by close().
 */
export class EmulatedLine extends EventEmitter<TransportEvents> implements Transport {
  readonly description: string;
  private sent = 0;
  /** When the line is free again (bandwidth queue), ms. */
  private busyUntil = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly forward = {
    data: (d: Buffer): void => void this.emit('data', d),
    error: (e: DlmsError): void => void (this.listenerCount('error') > 0 && this.emit('error', e)),
    closed: (e: DlmsError | undefined): void => {
      this.detach();
      this.emit('closed', e);
    },
  };

  constructor(private readonly inner: Transport, private readonly faults: FaultOptions) {
    super();
    this.description = `${inner.description} (emulated line)`;
    inner.on('data', this.forward.data);
    inner.on('error', this.forward.error);
    inner.on('closed', this.forward.closed);
  }

  get isOpen(): boolean {
    return this.inner.isOpen;
  }

  open(): Promise<void> {
    return this.inner.open();
  }

  private detach(): void {
    this.inner.off('data', this.forward.data);
    this.inner.off('error', this.forward.error);
    this.inner.off('closed', this.forward.closed);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  write(data: Uint8Array): Promise<void> {
    const f = this.faults;
    const bytes = Buffer.from(data);
    if (f.corruptRate && (f.random ?? Math.random)() < f.corruptRate && bytes.length > 0) {
      const i = Math.floor((f.random ?? Math.random)() * bytes.length) % bytes.length;
      bytes[i] ^= 0x5a;
    }
    const now = Date.now();
    let at = now + (f.responseDelayMs ?? 0) + (f.roundTripMs ?? 0);
    if (f.bytesPerSecond) {
      const start = Math.max(at, this.busyUntil);
      this.busyUntil = start + (bytes.length * 1000) / f.bytesPerSecond;
      at = this.busyUntil;
    }
    this.sent++;
    const drop = f.dropAfterFrames !== undefined && this.sent >= f.dropAfterFrames;
    const send = (): Promise<void> => this.inner.write(bytes).then(() => (drop ? this.inner.close() : undefined));
    if (at <= now) return send();
    return new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        send().then(resolve, reject);
      }, at - now);
      this.timers.add(t);
    });
  }

  close(): Promise<void> {
    this.detach();
    return this.inner.close();
  }
}
