import { DlmsError } from '../../errors';
import { Transport } from '../../transport/transport';
import { HdlcEvent, HdlcMachine } from '../hdlc/machine';

/**
 * The I/O edge of an HdlcMachine: feeds it the transport's bytes and the clock, writes what it
 * transmits and runs its single timer. Every listener and timer it adds is removed by detach().
 */
export class HdlcStation {
  private timer?: NodeJS.Timeout;
  private readonly onData = (d: Buffer): void => this.run(this.machine.receive(d, Date.now()));
  private readonly onClosed = (err: DlmsError | undefined): void => this.transportClosed(err);
  private attached = false;

  constructor(
    readonly machine: HdlcMachine,
    readonly transport: Transport,
    private readonly handle: (e: HdlcEvent) => void,
    private readonly transportClosed: (err: DlmsError | undefined) => void,
  ) {}

  attach(): void {
    if (this.attached) return;
    this.attached = true;
    this.transport.on('data', this.onData);
    this.transport.on('closed', this.onClosed);
  }

  detach(): void {
    if (!this.attached) return;
    this.attached = false;
    this.transport.off('data', this.onData);
    this.transport.off('closed', this.onClosed);
    this.clearTimer();
  }

  /** Processes the machine's events, then (re)arms the timer for its next deadline. */
  run(events: HdlcEvent[]): void {
    for (const e of events) {
      if (e.type === 'transmit') {
        this.transport.write(e.bytes).catch(() => undefined); // a dead transport surfaces as 'closed'
      } else {
        this.handle(e);
      }
    }
    this.schedule();
  }

  private schedule(): void {
    this.clearTimer();
    if (!this.attached) return;
    const d = this.machine.nextDeadline();
    if (d === undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.run(this.machine.onTimer(Date.now()));
    }, Math.max(0, d - Date.now()));
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
