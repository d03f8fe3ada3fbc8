import type { InvocationCounter } from './invocation-counter';
import { protect, type CipherContext, type ProtectOptions } from './protect';

/**
 * Protect with the next value of a persistent invocation counter: the counter is stored
 * before the APDU exists, so a value can never be used twice, even after a crash.
 */
export async function protectNext(apdu: Uint8Array, ctx: CipherContext, counter: InvocationCounter, opts: Omit<ProtectOptions, 'invocationCounter'>): Promise<Buffer> {
  const invocationCounter = await counter.next();
  return protect(apdu, ctx, { ...opts, invocationCounter });
}
