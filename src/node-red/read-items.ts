/**
 * dlms-read items and outputs: which attributes a message asks for, and how results become
 * messages (one map of values, or one message per item with an MQTT-ready topic).
 */
import type { ValueResult } from '../client/api';
import { AttributeRef, parseAttributeRef } from '../client/attribute-ref';
import { DlmsError, InvalidArgumentError } from '../errors';

export interface ItemRef {
  obis: string;
  classId?: number;
  attribute: number;
  name?: string;
}

/** A configured item as the editor saves it (classId/attribute may be '' or text). */
export function configuredItems(v: unknown): ItemRef[] {
  if (!Array.isArray(v)) return [];
  return v.filter((i) => i && typeof i === 'object' && String((i as { obis?: unknown }).obis ?? '').trim() !== '')
    .map((i, k) => toRef(i as Record<string, unknown>, `configured item ${k + 1}`));
}

/**
 * Items a message asks for: `value` taken from `where` (msg.items, or the node's "items from"
 * property, msg.payload by default). Text may list several references separated by commas,
 * semicolons or new lines; an object with `obis`, or an array of those, works too.
 * Undefined when the value names no item (a trigger such as an inject timestamp), unless
 * `strict` (msg.items), where anything but references is an error.
 */
export function requestedItems(value: unknown, where: string, strict = false): ItemRef[] | undefined {
  const v = value;
  const isRef = (x: unknown): boolean => (typeof x === 'string' && x.trim() !== '') || (!!x && typeof x === 'object' && 'obis' in x);
  if (!strict && !(isRef(v) || (Array.isArray(v) && v.length > 0 && v.every(isRef)))) return undefined;
  const list = Array.isArray(v) ? v : [v];
  const out: ItemRef[] = [];
  list.forEach((x, k) => {
    const at = `${where}${Array.isArray(v) ? `[${k}]` : ''}`;
    if (typeof x === 'string') {
      for (const part of x.split(/[,;\n]+/).map((p) => p.trim()).filter(Boolean)) out.push(toRef(part, at));
    } else if (x && typeof x === 'object') {
      out.push(toRef(x as Record<string, unknown>, at));
    } else {
      throw new InvalidArgumentError(`${at} must be an attribute reference such as "1-0:1.8.0*255", "3/1.0.1.8.0.255/2" or { "obis": "1.0.1.8.0.255" }`);
    }
  });
  if (out.length === 0) throw new InvalidArgumentError(`${where} lists no attribute to read`);
  return out;
}

function toRef(x: string | Record<string, unknown>, where: string): ItemRef {
  try {
    const input = typeof x === 'string' ? x : {
      obis: String(x.obis ?? ''),
      classId: blankToUndefined(x.classId) as number | undefined,
      attribute: blankToUndefined(x.attribute) as number | undefined,
      name: typeof x.name === 'string' && x.name.trim() ? x.name.trim() : undefined,
    };
    const ref: AttributeRef = parseAttributeRef(input);
    return stripUndefined({ obis: ref.obis, classId: ref.classId, attribute: ref.attribute, name: ref.name });
  } catch (e) {
    throw new InvalidArgumentError(`${where}: ${(e as Error).message}`);
  }
}

/** Output key of an item: its name, else the OBIS (with `:attribute` when not the value attribute 2). */
export function itemKey(ref: ItemRef): string {
  return ref.name ?? (ref.attribute === 2 ? ref.obis : `${ref.obis}:${ref.attribute}`);
}

/** `{ key: value }` of the items that succeeded. */
export function valueMap(refs: ItemRef[], results: ValueResult[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  results.forEach((r, k) => {
    if (!r.error) out[itemKey(refs[k] ?? r)] = r.value ?? null;
  });
  return out;
}

/** The error when every item failed: names the items and says what the meter answered. */
export function allFailedError(meter: string, refs: ItemRef[], results: ValueResult[]): DlmsError {
  const codes = new Set(results.map((r) => r.error?.code ?? 'read-failed'));
  const code = codes.size === 1 ? [...codes][0] : 'read-failed';
  const detail = results.slice(0, 5).map((r, k) => `${itemKey(refs[k] ?? r)}: ${r.error?.message ?? 'no value'}`).join('; ');
  const more = results.length > 5 ? `; and ${results.length - 5} more` : '';
  const what = results.length === 1 ? 'The item' : `All ${results.length} items`;
  return new DlmsError(code, `${what} failed on meter '${meter}': ${detail}${more}`, { meter });
}

/** `meters/{meter}/{obis}` with MQTT-unsafe characters (+ # /) of the values replaced by '_'. */
export function expandTopic(template: string, fields: Record<string, string | number | undefined>): string {
  return template.replace(/\{(\w+)\}/g, (whole, k: string) => {
    const v = fields[k];
    return v === undefined ? whole : String(v).replace(/[+#/]/g, '_');
  });
}

function blankToUndefined(v: unknown): unknown {
  return v === '' || v === null ? undefined : v;
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
