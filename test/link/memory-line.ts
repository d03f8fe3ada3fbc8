import { BaseTransport } from '../../src/transport/transport';

/**
 * Two in-memory transport ends joined by an emulated serial line: each direction is busy for
 * 10 bit times per octet (8N1) at `baud`, so delivery times follow the wire, not the CPU.
 * `drop` may discard whole writes (one write = one frame for the HDLC station).
 */
export class LineEnd extends BaseTransport {
  peer?: LineEnd;
  busyUntil = 0;
  readonly timers = new Set<NodeJS.Timeout>();
  bytesSent = 0;

  constructor(readonly description: string, private readonly baud: number, private readonly drop?: (b: Buffer, n: number) => boolean) {
    super();
    this.markOpen();
  }

  private writes = 0;

  open(): Promise<void> {
    this.markOpen();
    return Promise.resolve();
  }

  write(data: Uint8Array): Promise<void> {
    if (!this.opened) return Promise.reject(this.notOpen());
    const b = Buffer.from(data);
    this.bytesSent += b.length;
    const now = performance.now();
    const start = Math.max(now, this.busyUntil);
    this.busyUntil = start + (b.length * 10 * 1000) / this.baud;
    if (this.drop?.(b, this.writes++)) return Promise.resolve();
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (this.peer?.isOpen) this.peer.emit('data', b);
    }, Math.max(0, this.busyUntil - now));
    this.timers.add(t);
    return Promise.resolve();
  }

  close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.markClosed();
    return Promise.resolve();
  }
}

export function line(baud: number, drop?: { aToB?: (b: Buffer, n: number) => boolean; bToA?: (b: Buffer, n: number) => boolean }): [LineEnd, LineEnd] {
  const a = new LineEnd('line://a', baud, drop?.aToB);
  const b = new LineEnd('line://b', baud, drop?.bToA);
  a.peer = b;
  b.peer = a;
  return [a, b];
}
