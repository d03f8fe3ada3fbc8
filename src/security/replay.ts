import { DlmsError } from '../errors';
import type { CounterStore } from './counter-store';

/**
 * Receive side of the invocation counter (Green Book 9.2.7.2.3): a protected APDU whose counter
 * is not above the last one accepted from the same sender is a replay. `check` runs before the
 * cryptography (cheap rejection); `accept` only after the APDU authenticated, so a forged APDU
 * can never move the window. Kept in memory for speed; an optional store persists it.
 */
export class ReplayGuard {
  private readonly last = new Map<string, number>();
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly store?: CounterStore, private readonly prefix = 'rx:') {}

  /** The last accepted counter for a sender (system title hex or any caller key). */
  lastAccepted(sender: string): number | undefined {
    return this.last.get(sender);
  }

  /** Load the persisted last counter of a sender (call once per sender after a restart). */
  async restore(sender: string): Promise<void> {
    if (!this.store) return;
    const v = await this.store.get(this.prefix + sender);
    if (v !== undefined && (this.last.get(sender) ?? -1) < v) this.last.set(sender, v);
  }

  check(sender: string, invocationCounter: number): void {
    const last = this.last.get(sender);
    if (last !== undefined && invocationCounter <= last) {
      throw new DlmsError(
        'replay-detected',
        `replayed or out-of-order APDU rejected: invocation counter ${invocationCounter} is not above the last accepted ${last} from ${sender}`,
        { sender, invocationCounter, lastAccepted: last },
      );
    }
  }

  accept(sender: string, invocationCounter: number): void {
    this.check(sender, invocationCounter);
    this.last.set(sender, invocationCounter);
    if (this.store) {
      const store = this.store;
      const key = this.prefix + sender;
      this.pending = this.pending.then(() => store.set(key, invocationCounter)).catch(() => undefined);
    }
  }

  /** Wait until every accepted counter is persisted. */
  flush(): Promise<void> {
    return this.pending;
  }
}
