/**
 * dlms-push-in helpers: the key table credential (JSON text) and a rate limit for reporting
 * rejected notifications, so a misconfigured or hostile sender cannot flood the log.
 */
import type { PushKeyTable, PushObjectInput } from '../push';
import { InvalidArgumentError } from '../errors';

/** `{ "<system title>": { name?, encryptionKey?, authenticationKey?, ... } }`; '' = no keys. */
export function parseKeyTable(text: string | undefined): PushKeyTable | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Never echo the text: it holds keys.
    throw new InvalidArgumentError('The push key table is not valid JSON: it must look like { "4D4D4D0000BC614E": { "encryptionKey": "...", "authenticationKey": "..." } }');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InvalidArgumentError('The push key table must be a JSON object keyed by system title (16 hex digits)');
  }
  for (const [title, entry] of Object.entries(parsed as Record<string, unknown>)) {
    if (!/^[0-9a-fA-F]{16}$/.test(title.replace(/[\s:-]/g, ''))) {
      throw new InvalidArgumentError(`The push key table has an entry '${title.slice(0, 24)}' that is not a system title (16 hex digits)`);
    }
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
      throw new InvalidArgumentError(`The push key table entry of ${title} must be an object { encryptionKey, authenticationKey, name }`);
    }
  }
  return parsed as PushKeyTable;
}

/** Configured push objects as the editor saves them (blank class/attribute = defaults). */
export function pushObjects(v: unknown): PushObjectInput[] | undefined {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  return v.filter((o) => o && typeof o === 'object' && String((o as { obis?: unknown }).obis ?? '').trim() !== '').map((o) => {
    const x = o as Record<string, unknown>;
    const out: Record<string, unknown> = { obis: String(x.obis).trim() };
    if (x.classId !== undefined && x.classId !== '') out.classId = x.classId;
    if (x.attribute !== undefined && x.attribute !== '') out.attribute = x.attribute;
    if (typeof x.name === 'string' && x.name.trim()) out.name = x.name.trim();
    // Pushed registers carry no scaler_unit: the list may give them (CONTRACTS "A push": unit).
    if (x.scaler !== undefined && x.scaler !== '') out.scaler = Number(x.scaler);
    if (typeof x.unit === 'string' && x.unit.trim()) out.unit = /^\d+$/.test(x.unit.trim()) ? Number(x.unit) : x.unit.trim();
    else if (typeof x.unit === 'number') out.unit = x.unit;
    return out as PushObjectInput;
  });
}

/** At most `perMinute` reports a minute; tells how many were held back when reporting resumes. */
export class ReportLimiter {
  private windowStart = 0;
  private count = 0;
  private suppressed = 0;

  constructor(private readonly perMinute: number, private readonly now: () => number = Date.now) {}

  /** undefined: stay silent; otherwise the number suppressed since the last report. */
  take(): number | undefined {
    const t = this.now();
    if (t - this.windowStart >= 60_000) {
      this.windowStart = t;
      this.count = 0;
    }
    if (this.count >= this.perMinute) {
      this.suppressed++;
      return undefined;
    }
    this.count++;
    const held = this.suppressed;
    this.suppressed = 0;
    return held;
  }
}
