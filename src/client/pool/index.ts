/** Session pool: one association per meter, FIFO requests, reconnect, idle release, shared links. */
export { SessionPool, DEFAULT_METER_POOL_OPTIONS } from './session-pool';
export { backoffDelay, backoffBounds, DEFAULT_BACKOFF } from './backoff';
export { LinkLock } from './link-lock';
export type {
  PooledSession, SessionTask, MergeOutcome, Merger, OverflowPolicy, IdleBehaviour, BackoffOptions, MeterPoolOptions,
  SessionPoolOptions, RequestOptions, MeterState, StatusEvent, CloseReason, StatusListener, MeterStatus,
} from './types';
