import type { TraceEvent } from '../client/api';
import { REDACTED, isSecretField } from '../security/redact';
import { toJson, type CliIo } from './io';

/**
 * `--trace` output: one line per frame or APDU (direction, layer, hex) and its decoded JSON.
 * The LLS password travels in clear in the AARQ (calling-authentication-value, tag AC holding
 * 80 <len> <password>); it is masked in the hex and in the decoded form, whatever its length.
 */
export function printTrace(e: TraceEvent, io: CliIo, maskAuthValue: boolean): void {
  const mask = (text: string): string => (maskAuthValue && e.direction === 'tx' ? maskCallingAuthentication(text) : text);
  const arrow = e.direction === 'tx' ? '>>' : '<<';
  let text = `${arrow} ${e.direction} ${e.layer} ${mask(e.hex)}\n`;
  if (e.decoded !== undefined) text += `   ${mask(toJson(redactDecoded(e.decoded), false))}\n`;
  io.err(text);
}

/** Secret-named fields holding bytes or text are hidden; flags such as `broadcastKey: true` stay. */
export function redactDecoded(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(redactDecoded);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [
    k, isSecretField(k) && x !== null && typeof x !== 'boolean' && typeof x !== 'number' ? REDACTED : redactDecoded(x),
  ]));
}

/** Replace the value of every `AC <n+2> 80 <n> <n bytes>` in a hex text with a marker. */
export function maskCallingAuthentication(hex: string): string {
  const re = /AC([0-9A-F]{2})80([0-9A-F]{2})/gi;
  let out = '';
  let last = 0;
  for (let m = re.exec(hex); m; m = re.exec(hex)) {
    const n = parseInt(m[2], 16);
    const start = m.index + m[0].length;
    const value = hex.slice(start, start + 2 * n);
    if (parseInt(m[1], 16) !== n + 2 || value.length !== 2 * n || !/^[0-9A-F]*$/i.test(value)) continue;
    out += hex.slice(last, start) + REDACTED;
    last = start + 2 * n;
    re.lastIndex = last;
  }
  return out + hex.slice(last);
}
