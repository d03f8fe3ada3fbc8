/**
 * Owns one SessionPool for the meters that share it: a dlms-meter alone, or every meter of a
 * dlms-link (so the pool's link lock makes them take turns on the port or gateway). Meters add
 * their session factories by key; the pool is created on first use and again after a shutdown.
 */
import type { DlmsClient, GetOptions, ValueResult } from '../client/api';
import type { AttributeRefInput } from '../client/attribute-ref';
import { getMerger } from '../client/get-merger';
import { SessionPool, type MeterPoolOptions, type StatusListener } from '../client/pool';
import { DlmsError } from '../errors';

interface MeterDef {
  create: () => DlmsClient;
  options: Partial<MeterPoolOptions>;
}

export class PoolHost {
  private pool?: SessionPool<DlmsClient>;
  private readonly defs = new Map<string, MeterDef>();
  private readonly listeners = new Set<{ listener: StatusListener; prefix: string; off?: () => void }>();
  private shuttingDown?: Promise<void>;

  /** `link`: key of the shared link (all meters of this host take turns); `maxOpen`: 0 = unlimited. */
  constructor(private readonly opts: { link?: string; maxOpen?: number } = {}) {}

  define(key: string, def: MeterDef): void {
    this.defs.set(key, def);
  }

  has(key: string): boolean {
    return this.defs.has(key);
  }

  keys(prefix: string): string[] {
    return [...this.defs.keys()].filter((k) => k.startsWith(prefix));
  }

  request<T>(key: string, task: (client: DlmsClient, signal: AbortSignal) => Promise<T>): Promise<T> {
    return this.ensurePool().request(key, task);
  }

  /** A read that the pool may merge with other reads of the same meter queued at the same time. */
  read(key: string, refs: AttributeRefInput[], options: GetOptions): Promise<ValueResult[]> {
    return this.ensurePool().requestMergeable<ValueResult[]>(key, 'get', { refs, options });
  }

  /** Status events of every key starting with `prefix`; returns the unsubscribe function. */
  onStatus(prefix: string, listener: StatusListener): () => void {
    const entry: { listener: StatusListener; prefix: string; off?: () => void } = { listener, prefix };
    this.listeners.add(entry);
    if (this.pool) entry.off = this.subscribe(this.pool, entry);
    return () => {
      entry.off?.();
      this.listeners.delete(entry);
    };
  }

  /**
   * Forget the keys and close their sessions (the link and the other meters stay up). A session is
   * closed inside a pool task so that the close takes its turn on a shared link.
   */
  async release(keys: string[]): Promise<void> {
    const pool = this.pool;
    for (const k of keys) this.defs.delete(k);
    if (!pool) return;
    if (this.defs.size === 0) return this.shutdown();
    await Promise.all(keys.filter((k) => pool.status(k).open).map((k) =>
      pool.request(k, (client) => client.close(), { timeout: 5_000 }).catch(() => undefined)));
  }

  /** Close every session within 10 s (the pool's bound); a later request starts a new pool. */
  shutdown(): Promise<void> {
    const pool = this.pool;
    if (!pool) return this.shuttingDown ?? Promise.resolve();
    this.pool = undefined;
    for (const l of this.listeners) {
      l.off?.();
      l.off = undefined;
    }
    const p = pool.shutdown().finally(() => {
      if (this.shuttingDown === p) this.shuttingDown = undefined;
    });
    this.shuttingDown = p;
    return p;
  }

  get openSessions(): number {
    return this.pool?.openSessions ?? 0;
  }

  private ensurePool(): SessionPool<DlmsClient> {
    if (this.pool) return this.pool;
    const pool = new SessionPool<DlmsClient>({
      createSession: (key) => {
        const def = this.defs.get(key);
        if (!def) throw new DlmsError('internal-error', `No meter is configured for '${key}' any more (it was removed or redeployed)`);
        return def.create();
      },
      meterOptions: (key) => ({ ...this.defs.get(key)?.options, ...(this.opts.link ? { link: this.opts.link } : {}) }),
      maxOpenSessions: this.opts.maxOpen && this.opts.maxOpen > 0 ? this.opts.maxOpen : undefined,
      // keep-alive: a clock read is the cheapest request every meter answers.
      keepAlive: async (client) => {
        await client.readClock();
      },
      mergers: { get: getMerger as never },
    });
    this.pool = pool;
    for (const l of this.listeners) l.off = this.subscribe(pool, l);
    return pool;
  }

  private subscribe(pool: SessionPool<DlmsClient>, l: { listener: StatusListener; prefix: string }): () => void {
    return pool.onStatus((e) => {
      if (e.meter.startsWith(l.prefix)) l.listener(e);
    });
  }
}
