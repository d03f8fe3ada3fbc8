/**
 * Turn-taking on one physical link (a serial port, a gateway): one holder at a time, waiters
 * served in arrival order so that meters sharing the link alternate request by request.
 */
export type Release = () => void;

export class LinkLock {
  private held = false;
  private readonly waiters: Array<(release: Release) => void> = [];

  get busy(): boolean {
    return this.held;
  }

  acquire(): Promise<Release> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve(this.makeRelease());
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Shutdown: let every waiter through (they see the pool is closed and stop). */
  releaseAll(): void {
    for (const w of this.waiters.splice(0)) w(() => undefined);
    this.held = false;
  }

  private makeRelease(): Release {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.waiters.shift();
      if (next) next(this.makeRelease());
      else this.held = false;
    };
  }
}

/** A lock that never blocks, for meters on a link of their own. */
export const NO_LOCK = {
  busy: false,
  acquire: (): Promise<Release> => Promise.resolve(() => undefined),
  releaseAll: (): void => undefined,
};
