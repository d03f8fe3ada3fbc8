/** A scriptable PooledSession for the pool tests. */
import { EventEmitter } from 'node:events';
import { DlmsError } from '../../../src/errors';
import { PooledSession } from '../../../src/client/pool';

export interface Script {
  /** Open fails this many more times (connection-refused). */
  failOpens?: number;
  /** open() takes this long (fake time), or never settles when 'hang'. */
  openDelay?: number | 'hang';
  /** close() never settles. */
  hangClose?: boolean;
}

export class FakeSession extends EventEmitter implements PooledSession {
  isOpen = false;
  closeCalls = 0;

  constructor(
    readonly meter: string,
    readonly id: number,
    private readonly script: Script,
  ) {
    super();
  }

  async open(): Promise<void> {
    const d = this.script.openDelay;
    if (d === 'hang') return new Promise(() => undefined);
    if (d) await new Promise((r) => setTimeout(r, d));
    if (this.script.failOpens && this.script.failOpens > 0) {
      this.script.failOpens--;
      throw new DlmsError('connection-refused', `meter ${this.meter} refused`, { meter: this.meter });
    }
    this.isOpen = true;
  }

  close(): Promise<void> {
    this.closeCalls++;
    this.isOpen = false;
    if (this.script.hangClose) return new Promise(() => undefined);
    return Promise.resolve();
  }

  /** The link drops on its own. */
  drop(error?: Error): void {
    this.isOpen = false;
    this.emit('closed', error);
  }
}

export class FakeFactory {
  readonly sessions: FakeSession[] = [];
  readonly scripts = new Map<string, Script>();

  readonly create = (meter: string): FakeSession => {
    if (!this.scripts.has(meter)) this.scripts.set(meter, {});
    const s = new FakeSession(meter, this.sessions.length, this.scripts.get(meter)!);
    this.sessions.push(s);
    return s;
  };

  of(meter: string): FakeSession[] {
    return this.sessions.filter((s) => s.meter === meter);
  }
}

/** A promise with its resolve/reject outside, to hold a task open. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((a, b) => {
    resolve = a;
    reject = b;
  });
  return { promise, resolve, reject };
}

/** Settle state of a promise without awaiting it. */
export function track<T>(p: Promise<T>): { done: boolean; value?: T; error?: unknown } {
  const t: { done: boolean; value?: T; error?: unknown } = { done: false };
  p.then((v) => { t.done = true; t.value = v; }, (e: unknown) => { t.done = true; t.error = e; });
  return t;
}
