/**
 * One session (association) per meter, reused; requests run one at a time in FIFO order.
 * Connects on first use, reconnects with backoff, releases idle sessions, bounds the number of
 * open sessions, lets meters on one physical link take turns, merges queued requests.
 *
 * Promises returned by request()/requestMergeable() are marked handled: a caller that fires and
 * forgets does not crash the process with an unhandled rejection (awaiting callers still see it).
 */
import { DlmsError, InvalidArgumentError } from '../../errors';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff';
import { LinkLock, NO_LOCK } from './link-lock';
import { MeterEntry, QueueItem } from './meter-entry';
import { TimerSet } from './timer-set';
import {
  CloseReason, MeterPoolOptions, MeterState, MeterStatus, PooledSession, RequestOptions, SessionPoolOptions,
  SessionTask, StatusEvent, StatusListener,
} from './types';

export const DEFAULT_METER_POOL_OPTIONS: Readonly<Omit<MeterPoolOptions, 'link'>> = {
  maxQueue: 100,
  overflow: 'reject',
  requestTimeout: 60_000,
  connectTimeout: 30_000,
  idleTimeout: 60_000,
  idleBehaviour: 'release',
  backoff: DEFAULT_BACKOFF,
};

const FATAL_CODES = new Set(['timeout', 'malformed-frame']);
const defaultIsFatal = (e: unknown): boolean => e instanceof DlmsError && FATAL_CODES.has(e.code);

type Lock = Pick<LinkLock, 'acquire' | 'releaseAll' | 'busy'>;

export class SessionPool<S extends PooledSession> {
  private readonly entries = new Map<string, MeterEntry<S>>();
  private readonly links = new Map<string, LinkLock>();
  private readonly listeners = new Set<{ meter?: string; listener: StatusListener }>();
  private readonly timers = new TimerSet();
  private readonly onShutdown = new Set<() => void>();
  private slotWaiters: Array<() => void> = [];
  private openCount = 0;
  /** Orders sessions by last use for LRU eviction (a counter: clocks may stand still in tests). */
  private useCounter = 0;
  private closed = false;
  private shutdownPromise?: Promise<void>;
  private readonly maxOpen: number;
  private readonly closeTimeout: number;
  private readonly shutdownTimeout: number;
  private readonly isFatal: (e: unknown) => boolean;
  private readonly random: () => number;

  constructor(private readonly options: SessionPoolOptions<S>) {
    if (!options || typeof options.createSession !== 'function') {
      throw new InvalidArgumentError('SessionPool needs a createSession(meter) function');
    }
    this.maxOpen = options.maxOpenSessions ?? Infinity;
    this.closeTimeout = options.closeTimeout ?? 5_000;
    this.shutdownTimeout = Math.min(options.shutdownTimeout ?? 10_000, 10_000);
    if (!(this.maxOpen >= 1)) throw new InvalidArgumentError(`maxOpenSessions must be at least 1 (got ${options.maxOpenSessions})`);
    this.isFatal = options.isFatal ?? defaultIsFatal;
    this.random = options.random ?? Math.random;
    if (options.defaults) checkMeterOptions({ ...DEFAULT_METER_POOL_OPTIONS, ...options.defaults }, 'defaults', !!options.keepAlive);
  }

  /** Run `task` on the meter's session when its turn comes. */
  request<T>(meter: string, task: SessionTask<S, T>, options: RequestOptions = {}): Promise<T> {
    if (typeof task !== 'function') return handled(Promise.reject(new InvalidArgumentError('request needs a task function (session) => Promise')));
    return this.enqueue<T>(meter, { kind: 'task', task: task as SessionTask<S, unknown> }, options);
  }

  /** Queue a payload that may be merged with neighbours of the same kind (see SessionPoolOptions.mergers). */
  requestMergeable<R>(meter: string, kind: string, payload: unknown, options: RequestOptions = {}): Promise<R> {
    if (!this.options.mergers?.[kind]) {
      const known = Object.keys(this.options.mergers ?? {});
      return handled(Promise.reject(new InvalidArgumentError(`No merger named '${kind}' (configured: ${known.join(', ') || 'none'})`, { meter })));
    }
    return this.enqueue<R>(meter, { kind: 'merge', mergeKind: kind, payload }, options);
  }

  /** Listen to status events of one meter, or of all meters when `meter` is omitted. Returns the unsubscribe function. */
  onStatus(listener: StatusListener, meter?: string): () => void {
    const entry = { meter, listener };
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  offStatus(listener: StatusListener): void {
    for (const l of this.listeners) if (l.listener === listener) this.listeners.delete(l);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  get openSessions(): number {
    return this.openCount;
  }

  status(meter: string): MeterStatus {
    const e = this.entries.get(meter);
    if (!e) return { meter, state: 'closed', open: false, queued: 0, running: 0, failures: 0 };
    return {
      meter, state: e.state, open: !!e.session, queued: e.queuedByCallers, running: e.running.length,
      failures: e.failures, lastError: e.lastError,
    };
  }

  meters(): string[] {
    return [...this.entries.keys()];
  }

  /**
   * Reject queued requests (code 'pool-shutdown'), close every session, clear every timer and
   * listener. Settles within shutdownTimeout (10 s at most) even when a session's close hangs.
   */
  shutdown(): Promise<void> {
    this.shutdownPromise ??= this.doShutdown();
    return this.shutdownPromise;
  }

  // ---- queueing -------------------------------------------------------------------------------

  private enqueue<T>(meter: string, spec: Pick<QueueItem<S>, 'kind' | 'task' | 'mergeKind' | 'payload'>, options: RequestOptions): Promise<T> {
    return handled(new Promise<T>((resolve, reject) => {
      if (this.closed) throw new DlmsError('pool-shutdown', `The session pool is shut down; request to meter '${meter}' not sent`, { meter });
      if (typeof meter !== 'string' || meter === '') throw new InvalidArgumentError('A meter key (non-empty string) is needed to queue a request');
      const e = this.entry(meter);
      const timeout = options.timeout ?? e.opts.requestTimeout;
      if (!(timeout > 0)) throw new InvalidArgumentError(`Request timeout must be a positive number of ms (got ${options.timeout})`, { meter });
      if (spec.kind !== 'keep-alive' && e.queuedByCallers >= e.opts.maxQueue) this.overflow(e);
      const item: QueueItem<S> = { ...spec, timeout, state: 'queued', resolve: resolve as (v: unknown) => void, reject };
      item.timer = this.timers.after(timeout, () => this.timedOut(e, item));
      e.queue.push(item);
      this.kick(e);
    }));
  }

  private overflow(e: MeterEntry<S>): void {
    const limit = e.opts.maxQueue;
    if (e.opts.overflow === 'drop-oldest') {
      const oldest = e.queue.find((i) => i.kind !== 'keep-alive');
      if (oldest) {
        e.queue.splice(e.queue.indexOf(oldest), 1);
        this.settle(oldest, new DlmsError('queue-full',
          `Request to meter '${e.meter}' dropped: ${limit} newer requests were queued behind it (overflow 'drop-oldest'). The meter answers slower than it is polled: poll less often or raise maxQueue`,
          { meter: e.meter, maxQueue: limit }));
      }
      return;
    }
    throw new DlmsError('queue-full',
      `Queue for meter '${e.meter}' is full (${limit} requests waiting). The meter answers slower than it is polled: poll less often, raise maxQueue, or use overflow 'drop-oldest'`,
      { meter: e.meter, maxQueue: limit });
  }

  private entry(meter: string): MeterEntry<S> {
    let e = this.entries.get(meter);
    if (!e) {
      const own = this.options.meterOptions?.(meter) ?? {};
      const opts: MeterPoolOptions = {
        ...DEFAULT_METER_POOL_OPTIONS, ...this.options.defaults, ...own,
        backoff: { ...DEFAULT_BACKOFF, ...this.options.defaults?.backoff, ...own.backoff },
      };
      checkMeterOptions(opts, `meter '${meter}'`, !!this.options.keepAlive);
      e = new MeterEntry<S>(meter, opts);
      this.entries.set(meter, e);
    }
    return e;
  }

  private settle(item: QueueItem<S>, error: unknown, value?: unknown): void {
    if (item.state === 'settled') return;
    item.state = 'settled';
    item.timer = this.timers.cancel(item.timer);
    if (error !== undefined) item.reject(error);
    else item.resolve(value);
  }

  private timedOut(e: MeterEntry<S>, item: QueueItem<S>): void {
    item.timer = undefined;
    if (item.state === 'queued') {
      const why = this.waitingFor(e, item);
      e.queue.splice(e.queue.indexOf(item), 1);
      this.settle(item, new DlmsError('timeout',
        `Request to meter '${e.meter}' timed out after ${item.timeout} ms before it could be sent (${why})`,
        { meter: e.meter, timeout: item.timeout }));
      return;
    }
    if (item.state !== 'running') return;
    this.settle(item, new DlmsError('timeout',
      `Meter '${e.meter}' did not complete the request within ${item.timeout} ms; the session will be re-opened. Check that the meter is reachable, or raise the request timeout`,
      { meter: e.meter, timeout: item.timeout }));
    // Once nobody waits for the running exchange, stop waiting for it: the session is not trusted.
    if (e.running.every((i) => i.state === 'settled')) e.abandonRun?.();
  }

  private waitingFor(e: MeterEntry<S>, item: QueueItem<S>): string {
    if (e.backoffTimer) return `meter unreachable, waiting to reconnect; last error: ${e.lastError?.message ?? 'unknown'}`;
    if (e.state === 'connecting') return 'still connecting';
    if (e.opts.link !== undefined && this.lockOf(e).busy && !e.running.length) return `waiting for shared link '${e.opts.link}'`;
    if (!e.session && !e.hasSlot && this.openCount >= this.maxOpen) return `waiting for a free session, maxOpenSessions ${this.maxOpen} reached`;
    return `queued behind ${e.running.length + e.queue.indexOf(item)} other request(s)`;
  }

  // ---- the per-meter worker -------------------------------------------------------------------

  private kick(e: MeterEntry<S>): void {
    if (e.busy || this.closed || e.queue.length === 0 || e.backoffTimer) return;
    e.busy = true;
    e.idleTimer = this.timers.cancel(e.idleTimer);
    this.drain(e)
      .catch((bug: unknown) => this.failQueue(e, asError(bug)))
      .finally(() => {
        e.busy = false;
        this.afterWork(e);
      });
  }

  private afterWork(e: MeterEntry<S>): void {
    if (this.closed) return;
    if (!e.session) this.freeSlot(e);
    if (e.queue.length > 0 && !e.backoffTimer) return this.kick(e);
    if (!e.session) return;
    this.setState(e, 'idle');
    if (e.opts.idleTimeout > 0) e.idleTimer = this.timers.after(e.opts.idleTimeout, () => this.idle(e));
    this.wakeSlotWaiters(); // an idle session may now be evicted for a waiting meter
  }

  private async drain(e: MeterEntry<S>): Promise<void> {
    while (!this.closed && e.queue.length > 0 && !e.backoffTimer) {
      if (!e.session && !(await this.takeSlot(e))) return;
      const release = await this.lockOf(e).acquire();
      try {
        if (this.closed || e.queue.length === 0) continue;
        if (!e.session && !(await this.connect(e))) return;
        await this.execute(e, this.takeBatch(e));
      } finally {
        release();
      }
    }
  }

  /** Reserve a place among maxOpenSessions, closing the least recently used idle session if needed. */
  private async takeSlot(e: MeterEntry<S>): Promise<boolean> {
    for (;;) {
      if (this.closed || e.queue.length === 0) return false;
      if (e.hasSlot) return true;
      if (this.openCount < this.maxOpen) {
        this.openCount++;
        e.hasSlot = true;
        return true;
      }
      const victim = this.leastRecentlyUsedIdle();
      if (victim) await this.closeIdle(victim, 'evicted');
      else await new Promise<void>((resolve) => this.slotWaiters.push(resolve));
    }
  }

  private leastRecentlyUsedIdle(): MeterEntry<S> | undefined {
    let best: MeterEntry<S> | undefined;
    for (const x of this.entries.values()) {
      if (x.session && !x.busy && x.queue.length === 0 && (!best || x.lastUsed < best.lastUsed)) best = x;
    }
    return best;
  }

  private freeSlot(e: MeterEntry<S>): void {
    if (!e.hasSlot) return;
    e.hasSlot = false;
    this.openCount--;
    this.wakeSlotWaiters();
  }

  private wakeSlotWaiters(): void {
    for (const w of this.slotWaiters.splice(0)) w();
  }

  private lockOf(e: MeterEntry<S>): Lock {
    const key = e.opts.link;
    if (key === undefined) return NO_LOCK;
    let lock = this.links.get(key);
    if (!lock) this.links.set(key, (lock = new LinkLock()));
    return lock;
  }

  private async connect(e: MeterEntry<S>): Promise<boolean> {
    this.setState(e, 'connecting');
    let session: S | undefined;
    try {
      session = this.options.createSession(e.meter);
      this.attach(e, session);
      await this.bounded(session.open(), e.opts.connectTimeout, () => new DlmsError('timeout',
        `Connecting to meter '${e.meter}' took longer than ${e.opts.connectTimeout} ms. Check address, port and that the meter answers`,
        { meter: e.meter, timeout: e.opts.connectTimeout }));
      if (e.session !== session || !session.isOpen) {
        throw new DlmsError('connection-lost', `Meter '${e.meter}' closed the connection while it was being opened`, { meter: e.meter });
      }
    } catch (err) {
      if (this.closed) return false;
      if (session && e.session === session) {
        e.detach?.();
        e.session = undefined;
        await this.bounded(session.close(), this.closeTimeout, () => new Error('close timed out')).catch(() => undefined);
      }
      this.freeSlot(e);
      this.connectFailed(e, asError(err));
      return false;
    }
    e.failures = 0;
    e.lastUsed = ++this.useCounter;
    this.setState(e, 'connected');
    return true;
  }

  private connectFailed(e: MeterEntry<S>, error: Error): void {
    e.failures++;
    e.lastError = error;
    this.emit(e, { state: 'error', error });
    // The requests waiting for this connection get its real cause now rather than a timeout later.
    this.failQueue(e, error);
    const delay = backoffDelay(e.failures, e.opts.backoff, this.random);
    e.backoffTimer = this.timers.after(delay, () => {
      e.backoffTimer = undefined;
      if (e.queue.length > 0) this.kick(e);
      else this.setState(e, 'closed');
    });
    this.emit(e, { state: 'reconnecting', delay, attempt: e.failures });
  }

  /** Watch for the link dropping on its own while the session is ours. */
  private attach(e: MeterEntry<S>, session: S): void {
    const onClosed = (error?: Error): void => {
      if (e.session !== session) return;
      e.detach?.();
      e.session = undefined;
      e.idleTimer = this.timers.cancel(e.idleTimer);
      if (error) e.lastError = error;
      if (!e.busy) this.freeSlot(e); // a busy worker frees it when done
      this.setState(e, 'closed', { reason: 'lost', error });
      this.kick(e);
    };
    session.on('closed', onClosed);
    e.session = session;
    e.detach = () => {
      session.off('closed', onClosed);
      e.detach = undefined;
    };
  }

  private takeBatch(e: MeterEntry<S>): QueueItem<S>[] {
    const head = e.queue.shift()!;
    const batch = [head];
    if (head.kind === 'merge') {
      const max = this.options.mergers?.[head.mergeKind!]?.maxItems ?? Infinity;
      // Only neighbours: merging across a different request would reorder it.
      while (batch.length < max && e.queue[0]?.kind === 'merge' && e.queue[0].mergeKind === head.mergeKind) batch.push(e.queue.shift()!);
    }
    return batch;
  }

  private async execute(e: MeterEntry<S>, batch: QueueItem<S>[]): Promise<void> {
    const session = e.session!;
    for (const i of batch) i.state = 'running';
    e.running = batch;
    if (batch[0].kind !== 'keep-alive') {
      e.lastUsed = ++this.useCounter;
      this.setState(e, 'connected');
    }
    const ac = new AbortController();
    const abandoned = new Promise<'abandoned'>((resolve) => {
      e.abandonRun = () => resolve('abandoned');
    });
    const work = this.runBatch(session, batch, ac.signal);
    const outcome = await Promise.race([work, abandoned]);
    e.abandonRun = undefined;
    e.running = [];
    if (outcome === 'abandoned') {
      ac.abort();
      if (!this.closed) await this.closeSession(e, 'timeout');
      return;
    }
    const fatal = outcome.error !== undefined && (batch[0].kind === 'keep-alive' || this.isFatal(outcome.error));
    if (fatal || !session.isOpen) {
      if (fatal) this.emit(e, { state: 'error', error: asError(outcome.error) });
      if (e.session === session) await this.closeSession(e, 'error');
    }
  }

  /** Runs one batch and settles its callers; never rejects (returns the error for classification). */
  private async runBatch(session: S, batch: QueueItem<S>[], signal: AbortSignal): Promise<{ error?: unknown }> {
    const head = batch[0];
    try {
      if (head.kind === 'task') {
        const value = await head.task!(session, signal);
        this.settle(head, undefined, value);
      } else if (head.kind === 'keep-alive') {
        await this.options.keepAlive!(session, signal);
        this.settle(head, undefined);
      } else {
        const merger = this.options.mergers![head.mergeKind!];
        const outcomes = await merger.run(session, batch.map((i) => i.payload) as never[], signal);
        if (!Array.isArray(outcomes) || outcomes.length !== batch.length) {
          const n = Array.isArray(outcomes) ? outcomes.length : 'no';
          throw new DlmsError('internal-error', `Merger '${head.mergeKind}' returned ${n} results for ${batch.length} requests`);
        }
        batch.forEach((item, k) => {
          const o = outcomes[k];
          if (o && 'error' in o) this.settle(item, o.error);
          else this.settle(item, undefined, o?.value);
        });
      }
      return {};
    } catch (err) {
      for (const item of batch) this.settle(item, err ?? new Error('request failed'));
      return { error: err };
    }
  }

  // ---- idle, close, status --------------------------------------------------------------------

  private idle(e: MeterEntry<S>): void {
    e.idleTimer = undefined;
    if (e.opts.idleBehaviour === 'release') {
      void this.closeIdle(e, 'idle');
      return;
    }
    const ping: QueueItem<S> = {
      kind: 'keep-alive', timeout: e.opts.requestTimeout, state: 'queued', resolve: () => undefined, reject: () => undefined,
    };
    ping.timer = this.timers.after(ping.timeout, () => this.timedOut(e, ping));
    e.queue.push(ping);
    this.kick(e);
  }

  /** Close a session that has no work, taking the link turn (a release talks on the link too). */
  private async closeIdle(e: MeterEntry<S>, reason: CloseReason): Promise<void> {
    if (e.busy || !e.session || this.closed) return;
    e.busy = true;
    e.idleTimer = this.timers.cancel(e.idleTimer);
    try {
      const release = await this.lockOf(e).acquire();
      try {
        if (!this.closed) await this.closeSession(e, reason);
      } finally {
        release();
      }
    } finally {
      e.busy = false;
      this.freeSlot(e);
      if (!this.closed && e.queue.length > 0) this.kick(e);
    }
  }

  private async closeSession(e: MeterEntry<S>, reason: CloseReason): Promise<void> {
    const session = e.session;
    if (!session) return;
    e.detach?.();
    e.session = undefined;
    e.idleTimer = this.timers.cancel(e.idleTimer);
    await this.bounded(session.close(), this.closeTimeout, () => new Error('close timed out')).catch(() => undefined);
    if (!this.closed) this.setState(e, 'closed', { reason });
  }

  private failQueue(e: MeterEntry<S>, error: Error): void {
    for (const item of e.queue.splice(0)) this.settle(item, error);
  }

  private setState(e: MeterEntry<S>, state: MeterState, extra: Omit<StatusEvent, 'meter' | 'state'> = {}): void {
    if (e.state === state && state !== 'error' && state !== 'reconnecting') return;
    this.emit(e, { state, ...extra });
  }

  private emit(e: MeterEntry<S>, event: Omit<StatusEvent, 'meter'>): void {
    e.state = event.state;
    const full: StatusEvent = { meter: e.meter, ...event };
    for (const l of [...this.listeners]) {
      if (l.meter !== undefined && l.meter !== e.meter) continue;
      try {
        l.listener(full);
      } catch {
        // A faulty listener must not break the pool or the other listeners.
      }
    }
  }

  /** `p`, or `timeoutError` after `ms`, or 'pool-shutdown' when the pool shuts down first. */
  private bounded<T>(p: Promise<T>, ms: number, timeoutError: () => Error): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.closed) return reject(shutdownError());
      const stop = (): void => {
        this.timers.cancel(timer);
        this.onShutdown.delete(onStop);
      };
      const onStop = (): void => {
        stop();
        reject(shutdownError());
      };
      const timer = this.timers.after(ms, () => {
        stop();
        reject(timeoutError());
      });
      this.onShutdown.add(onStop);
      Promise.resolve(p).then(
        (v) => { stop(); resolve(v); },
        (err: unknown) => { stop(); reject(err); },
      );
    });
  }

  private async doShutdown(): Promise<void> {
    this.closed = true;
    const entries = [...this.entries.values()];
    for (const e of entries) {
      e.idleTimer = this.timers.cancel(e.idleTimer);
      e.backoffTimer = this.timers.cancel(e.backoffTimer);
      const err = new DlmsError('pool-shutdown', `The session pool is shutting down; request to meter '${e.meter}' abandoned`, { meter: e.meter });
      for (const item of [...e.running, ...e.queue.splice(0)]) this.settle(item, err);
      e.abandonRun?.();
    }
    for (const stop of [...this.onShutdown]) stop();
    this.wakeSlotWaiters();
    for (const lock of this.links.values()) lock.releaseAll();
    const open = entries.filter((e) => e.session);
    const closes = open.map((e) => {
      const s = e.session!;
      e.detach?.();
      e.session = undefined;
      return Promise.resolve().then(() => s.close()).catch(() => undefined);
    });
    let deadline: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.allSettled(closes),
      new Promise<void>((resolve) => { deadline = setTimeout(resolve, this.shutdownTimeout); }),
    ]);
    clearTimeout(deadline);
    this.timers.clearAll();
    for (const e of entries) {
      if (e.state !== 'closed') this.emit(e, { state: 'closed', reason: 'shutdown' });
      e.hasSlot = false;
    }
    this.openCount = 0;
    this.listeners.clear();
    this.entries.clear();
    this.links.clear();
  }
}

function shutdownError(): DlmsError {
  return new DlmsError('pool-shutdown', 'The session pool is shutting down');
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

/** Mark a promise as handled so an ignored rejection does not crash Node; awaiting it still throws. */
function handled<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

function checkMeterOptions(o: MeterPoolOptions, where: string, hasKeepAlive: boolean): void {
  const problems: string[] = [];
  const posInt = (k: string, v: number, min: number): void => {
    if (!Number.isInteger(v) || v < min) problems.push(`${k} must be an integer >= ${min} (got ${v})`);
  };
  posInt('maxQueue', o.maxQueue, 1);
  posInt('requestTimeout', o.requestTimeout, 1);
  posInt('connectTimeout', o.connectTimeout, 1);
  posInt('idleTimeout', o.idleTimeout, 0);
  if (o.overflow !== 'reject' && o.overflow !== 'drop-oldest') problems.push(`overflow must be 'reject' or 'drop-oldest' (got ${o.overflow})`);
  if (o.idleBehaviour !== 'release' && o.idleBehaviour !== 'keep-alive') problems.push(`idleBehaviour must be 'release' or 'keep-alive' (got ${o.idleBehaviour})`);
  if (o.idleBehaviour === 'keep-alive' && !hasKeepAlive) problems.push("idleBehaviour 'keep-alive' needs a keepAlive function in the pool options");
  const b = o.backoff;
  if (!(b.base > 0) || !(b.max >= b.base) || !(b.factor >= 1) || !(b.jitter >= 0 && b.jitter < 1)) {
    problems.push('backoff needs base > 0, max >= base, factor >= 1 and 0 <= jitter < 1');
  }
  if (o.link !== undefined && typeof o.link !== 'string') problems.push('link must be a string key');
  if (problems.length) throw new InvalidArgumentError(`Invalid pool options for ${where}: ${problems.join('; ')}`, { problems });
}
