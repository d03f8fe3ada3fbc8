import { BackoffOptions } from './types';

export const DEFAULT_BACKOFF: Readonly<BackoffOptions> = { base: 1000, max: 60_000, factor: 2, jitter: 0.2 };

/**
 * Delay before reconnect attempt `failures + 1`: base * factor^(failures-1), capped at max, then
 * spread by +/- jitter so that meters behind one gateway do not all retry at the same instant.
 */
export function backoffDelay(failures: number, o: BackoffOptions, random: () => number = Math.random): number {
  const n = Math.max(1, failures);
  const nominal = Math.min(o.max, o.base * Math.pow(o.factor, n - 1));
  const spread = 1 + o.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(nominal * spread));
}

/** The [min, max] a delay may take for a given failure count (for status displays and tests). */
export function backoffBounds(failures: number, o: BackoffOptions): [number, number] {
  const nominal = Math.min(o.max, o.base * Math.pow(o.factor, Math.max(1, failures) - 1));
  return [Math.max(0, Math.round(nominal * (1 - o.jitter))), Math.round(nominal * (1 + o.jitter))];
}
