/**
 * Session pool: one association per meter, FIFO requests, reconnect, idle release, shared links.
 *
 *   const pool = new SessionPool({ createSession: (meter) => new ClientSession(settingsOf(meter)),
 *     meterOptions: (meter) => ({ link: linkOf(meter), idleTimeout: 30_000 }), maxOpenSessions: 50 });
 *   const off = pool.onStatus((e) => node.status(...), 'substation-7');
 *   const value = await pool.request('substation-7', (session, signal) => session.get(ref, { signal }));
 *   await pool.shutdown();   // on Node-RED 'close'
 *
 * Error codes: 'queue-full', 'timeout', 'pool-shutdown', plus whatever open() and the tasks throw.
 */
export { SessionPool, DEFAULT_METER_POOL_OPTIONS } from './session-pool';
export { backoffDelay, backoffBounds, DEFAULT_BACKOFF } from './backoff';
export { LinkLock } from './link-lock';
export type {
  PooledSession, SessionTask, MergeOutcome, Merger, OverflowPolicy, IdleBehaviour, BackoffOptions, MeterPoolOptions,
  SessionPoolOptions, RequestOptions, MeterState, StatusEvent, CloseReason, StatusListener, MeterStatus,
} from './types';
