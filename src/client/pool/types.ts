/** Public shapes of the session pool. The pool knows nothing of DLMS: sessions are opaque. */

/** One association with one meter, as the pool sees it. The client's session implements this. */
export interface PooledSession {
  /** Open the link and associate. Rejects with a DlmsError telling what failed. */
  open(): Promise<void>;
  /** Release the association and close the link. Should not reject; the pool bounds its duration. */
  close(): Promise<void>;
  readonly isOpen: boolean;
  /** 'closed' when the link drops on its own (peer closed, cable pulled); optional error. */
  on(event: 'closed', listener: (error?: Error) => void): unknown;
  off(event: 'closed', listener: (error?: Error) => void): unknown;
}

/** A unit of work on an open session. `signal` aborts when the pool gives up on it (timeout, shutdown). */
export type SessionTask<S, T> = (session: S, signal: AbortSignal) => Promise<T>;

/** Per-item outcome of a merged request: a value or an error for that caller alone. */
export type MergeOutcome<R> = { value: R } | { error: Error };

/**
 * Combines several queued requests of one kind into one exchange (e.g. GETs into a
 * GET-with-list). `run` returns one outcome per payload, in order.
 */
export interface Merger<S, P = unknown, R = unknown> {
  /** Most payloads in one merged exchange (default unbounded). */
  maxItems?: number;
  run(session: S, payloads: P[], signal: AbortSignal): Promise<MergeOutcome<R>[]>;
}

export type OverflowPolicy = 'reject' | 'drop-oldest';
export type IdleBehaviour = 'release' | 'keep-alive';

export interface BackoffOptions {
  /** First delay after a failed connect, ms (default 1000). */
  base: number;
  /** Cap, ms (default 60 000). */
  max: number;
  /** Growth per further failure (default 2). */
  factor: number;
  /** +/- fraction of randomness so that meters behind one gateway do not retry in step (default 0.2). */
  jitter: number;
}

/** Settings that may differ per meter (see SessionPoolOptions.meterOptions). */
export interface MeterPoolOptions {
  /** Queued requests allowed per meter, the running one excluded (default 100). */
  maxQueue: number;
  overflow: OverflowPolicy;
  /** Deadline of one request from the moment it is queued, ms (default 60 000). */
  requestTimeout: number;
  /** Bound on session.open(), ms (default 30 000). */
  connectTimeout: number;
  /** Idle time after the last request before release / keep-alive, ms (default 60 000; 0 = never). */
  idleTimeout: number;
  idleBehaviour: IdleBehaviour;
  /** Shared physical link (serial port, gateway): meters with the same key take turns. */
  link?: string;
  backoff: BackoffOptions;
}

export interface SessionPoolOptions<S extends PooledSession> {
  /** Creates a fresh (unopened) session for a meter; called again for every reconnect. */
  createSession(meter: string): S;
  /** Per-meter overrides of the defaults below (called once when the meter is first used). */
  meterOptions?: (meter: string) => Partial<MeterPoolOptions> | undefined;
  /** Defaults for every meter. */
  defaults?: Partial<MeterPoolOptions>;
  /** Sessions open or opening at once over all meters (default unlimited). */
  maxOpenSessions?: number;
  /** Bound on session.close(), ms (default 5 000). */
  closeTimeout?: number;
  /** shutdown() settles within this, ms (default 10 000). */
  shutdownTimeout?: number;
  /** Run at each idle timeout when idleBehaviour is 'keep-alive' (e.g. read the clock). */
  keepAlive?: (session: S, signal: AbortSignal) => Promise<void>;
  /** Errors after which the session is not trusted any more (default: codes timeout, malformed-frame). */
  isFatal?: (error: unknown) => boolean;
  /** Merge functions by kind, used by requestMergeable. */
  mergers?: Record<string, Merger<S, never, unknown>>;
  /** Random source in [0, 1) for the backoff jitter (tests). */
  random?: () => number;
}

export interface RequestOptions {
  /** Overrides the meter's requestTimeout for this request, ms. */
  timeout?: number;
}

export type MeterState = 'connecting' | 'connected' | 'idle' | 'error' | 'reconnecting' | 'closed';

export interface StatusEvent {
  meter: string;
  state: MeterState;
  /** 'error': what failed. 'closed': why, when not by request. */
  error?: Error;
  /** 'reconnecting': ms until the next attempt. */
  delay?: number;
  /** 'reconnecting': number of failed attempts so far. */
  attempt?: number;
  /** 'closed': idle, evicted, lost, timeout, error, shutdown. */
  reason?: CloseReason;
}
export type CloseReason = 'idle' | 'evicted' | 'lost' | 'timeout' | 'error' | 'shutdown';

export type StatusListener = (event: StatusEvent) => void;

/** Snapshot for dashboards and Node-RED node status. */
export interface MeterStatus {
  meter: string;
  state: MeterState;
  open: boolean;
  queued: number;
  running: number;
  failures: number;
  lastError?: Error;
}
