/**
 * Every timer the pool starts goes through here, so that shutdown can clear them all and no
 * timer outlives the pool. After `clearAll`, new timers are refused (never fire).
 */
export type TimerHandle = ReturnType<typeof setTimeout>;

export class TimerSet {
  private readonly timers = new Set<TimerHandle>();
  private closed = false;

  get size(): number {
    return this.timers.size;
  }

  after(ms: number, fn: () => void): TimerHandle | undefined {
    if (this.closed) return undefined;
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
    return t;
  }

  cancel(t: TimerHandle | undefined): undefined {
    if (t !== undefined) {
      clearTimeout(t);
      this.timers.delete(t);
    }
    return undefined;
  }

  clearAll(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
