import { DlmsError, InvalidArgumentError } from '../errors';
import type { CounterStore } from './counter-store';

export const MAX_INVOCATION_COUNTER = 0xffffffff;

/**
 * Send side of the invocation counter (Green Book 9.2.7.2.3): every ciphered APDU uses a new
 * value, and a value is never reused with the same key, even across restarts (an IV reused with
 * AES-GCM leaks the key stream and the authentication key).
 *
 * With `reserve` = 1 the store is written before each value is handed out. With `reserve` = N a
 * block of N values is reserved in the store at once: faster, and after a crash at most N values
 * are skipped, none reused.
 */
export class InvocationCounter {
  private nextValue: number | undefined;
  private reservedUpTo = -1;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly reserve: number;

  constructor(private readonly store: CounterStore, readonly key: string, options: { reserve?: number; initial?: number } = {}) {
    this.reserve = options.reserve ?? 1;
    if (!Number.isInteger(this.reserve) || this.reserve < 1) throw new InvalidArgumentError(`invocation counter reserve must be a positive integer, got ${options.reserve}`);
    this.initial = options.initial ?? 0;
  }

  private readonly initial: number;

  /** The next value to use; persisted before it is returned. */
  next(): Promise<number> {
    const run = this.queue.then(() => this.take());
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The value the next call to next() returns (reads the store the first time). */
  async peek(): Promise<number> {
    await this.queue;
    if (this.nextValue === undefined) this.nextValue = await this.loadStart();
    return this.nextValue;
  }

  /** Raise the counter (e.g. after a meter reports a higher expected value); never lowers it. */
  async advanceTo(value: number): Promise<void> {
    const run = this.queue.then(async () => {
      const cur = this.nextValue ?? (await this.loadStart());
      if (value > cur) {
        this.nextValue = value;
        if (value > this.reservedUpTo) {
          await this.store.set(this.key, value);
          this.reservedUpTo = value - 1;
        }
      } else this.nextValue = cur;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async loadStart(): Promise<number> {
    // The store holds the first value not yet handed out.
    const stored = await this.store.get(this.key);
    return Math.max(stored ?? 0, this.initial);
  }

  private async take(): Promise<number> {
    if (this.nextValue === undefined) this.nextValue = await this.loadStart();
    const value = this.nextValue;
    if (value > MAX_INVOCATION_COUNTER) {
      throw new DlmsError(
        'invocation-counter-exhausted',
        `the invocation counter for ${this.key} has reached its maximum (4294967295): renew the keys (global key transfer), then reset the counter`,
        { key: this.key },
      );
    }
    if (value > this.reservedUpTo) {
      const upTo = Math.min(value + this.reserve, MAX_INVOCATION_COUNTER + 1);
      await this.store.set(this.key, upTo);
      this.reservedUpTo = upTo - 1;
    }
    this.nextValue = value + 1;
    return value;
  }
}
