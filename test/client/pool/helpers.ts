import sinon from 'sinon';
import { SessionPool, SessionPoolOptions, StatusEvent } from '../../../src/client/pool';
import { FakeFactory, FakeSession } from './fake-session';

export interface Rig {
  clock: sinon.SinonFakeTimers;
  factory: FakeFactory;
  pool: SessionPool<FakeSession>;
  events: StatusEvent[];
  /** Events of one meter as 'state' or 'state:reason'. */
  states(meter: string): string[];
}

export function rig(options: Partial<SessionPoolOptions<FakeSession>> = {}): Rig {
  const clock = sinon.useFakeTimers();
  const factory = new FakeFactory();
  const pool = new SessionPool<FakeSession>({ createSession: factory.create, random: () => 0.5, ...options });
  const events: StatusEvent[] = [];
  pool.onStatus((e) => events.push(e));
  return {
    clock, factory, pool, events,
    states: (meter) => events.filter((e) => e.meter === meter).map((e) => (e.reason ? `${e.state}:${e.reason}` : e.state)),
  };
}

/** Shut the pool down (running fake time so a hanging close cannot block) and restore the clock. */
export async function teardown(r: Rig | undefined): Promise<void> {
  if (!r) return;
  const done = r.pool.shutdown();
  await r.clock.tickAsync(10_000);
  await done;
  r.clock.restore();
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
