/** Runtime texts: the message catalogue when Node-RED has it, else the English fallback. */
import type { RedApi } from './red-types';

export function t(RED: RedApi, key: string, fallback: string, subs: Record<string, unknown> = {}): string {
  let text: string | undefined;
  try {
    text = RED._?.(key, subs);
  } catch {
    text = undefined;
  }
  if (!text || text === key) text = fallback.replace(/__(\w+)__/g, (_, k: string) => String(subs[k] ?? ''));
  return text;
}
