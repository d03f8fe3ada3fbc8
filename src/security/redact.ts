/**
 * Keys, passwords and secrets must never reach a log, an error or a JSON message. `redact`
 * returns a copy of a value with every secret-looking field replaced by a marker, so a config
 * object or a security context can be logged as it is.
 */
export const REDACTED = '[redacted]';

/** Field names that hold secret material (keys, passwords, HLS secrets, private keys). */
const SECRET_NAME = /(key|kek|password|passwd|pwd|secret|private|auth.*value|credential|token)$/i;
/** Names that end like a secret but only identify or describe one. */
const NOT_SECRET = /(keyid|kekid|keyinfo|keytype|keyname|publickey|keylength)$/i;

export function isSecretField(name: string): boolean {
  return SECRET_NAME.test(name) && !NOT_SECRET.test(name);
}

export function redact<T>(value: T): T {
  return redactAt(value, new WeakSet()) as T;
}

function redactAt(value: unknown, seen: WeakSet<object>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactAt(v, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = isSecretField(k) && v !== undefined && v !== null && v !== '' ? REDACTED : redactAt(v, seen);
  }
  return out;
}

/** Hide every occurrence of the given secrets (as hex, upper or lower case, or text) inside a string. */
export function redactText(text: string, secrets: ReadonlyArray<Uint8Array | string | undefined>): string {
  let out = text;
  for (const s of secrets) {
    if (!s || s.length === 0) continue;
    const forms = typeof s === 'string' ? [s] : [Buffer.from(s).toString('hex'), Buffer.from(s).toString('hex').toUpperCase()];
    for (const f of forms) if (f.length >= 4) out = out.split(f).join(REDACTED);
  }
  return out;
}
