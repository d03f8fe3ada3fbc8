/**
 * Errors as the flow sees them (Catch node `msg.error`): message and code, no stack trace, no
 * cause chain, no secret. Node-RED copies `stack` and `cause` into msg.error when they are own
 * properties, so the error handed to done() has neither.
 */
import { redactText } from '../security/redact';

export interface FlowError extends Error {
  code: string;
}

export function toFlowError(err: unknown, secrets: readonly (string | undefined)[] = [], prefix = ''): FlowError {
  const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : 'error';
  const raw = err instanceof Error ? err.message : typeof err === 'string' ? err : 'Unknown error';
  const message = redactText(`${prefix}${raw}`, secrets);
  const out = new Error(message) as FlowError;
  delete (out as { stack?: string }).stack;
  out.code = code;
  // Node-RED shows String(err) in msg.error.message: the text alone, without "Error: ".
  out.toString = () => message;
  return out;
}

/** One line for a node status (Node-RED shows ~50 characters). */
export function shortMessage(err: unknown, max = 60): string {
  const text = err instanceof Error ? err.message : String(err ?? 'unknown error');
  const line = text.split('\n')[0];
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** JSON-safe `{ code, message }` of any error, for item results. */
export function itemError(err: unknown, secrets: readonly (string | undefined)[] = []): { code: string; message: string } {
  const e = toFlowError(err, secrets);
  return { code: e.code, message: e.message };
}
