/** Per-meter bookkeeping of the pool: the queue, the session, the timers. Data only. */
import { TimerHandle } from './timer-set';
import { MeterPoolOptions, MeterState, PooledSession, SessionTask } from './types';

export type ItemKind = 'task' | 'merge' | 'keep-alive';

export interface QueueItem<S> {
  kind: ItemKind;
  task?: SessionTask<S, unknown>;
  mergeKind?: string;
  payload?: unknown;
  timeout: number;
  state: 'queued' | 'running' | 'settled';
  timer?: TimerHandle;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export class MeterEntry<S extends PooledSession> {
  readonly queue: QueueItem<S>[] = [];
  running: QueueItem<S>[] = [];
  session?: S;
  /** Detaches our 'closed' listener from `session`. */
  detach?: () => void;
  /** A slot of maxOpenSessions is held (from before open until the session is closed). */
  hasSlot = false;
  /** The entry's worker (drain loop, idle close) is active; one at a time. */
  busy = false;
  state: MeterState = 'closed';
  failures = 0;
  lastError?: Error;
  backoffTimer?: TimerHandle;
  idleTimer?: TimerHandle;
  lastUsed = 0;
  /** Set while a batch runs: gives up waiting for it (all its callers timed out, or shutdown). */
  abandonRun?: () => void;

  constructor(
    readonly meter: string,
    readonly opts: MeterPoolOptions,
  ) {}

  /** Requests from callers waiting in the queue (keep-alive pings do not count). */
  get queuedByCallers(): number {
    return this.queue.reduce((n, i) => n + (i.kind === 'keep-alive' ? 0 : 1), 0);
  }
}
