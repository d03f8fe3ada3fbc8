import type { CompiledObject, ObjectRights } from './handler';
import type { AccessRule, AssociationDef, AttributeAccess } from './types';

/** Whether an OBIS pattern (six groups, `*` for any) matches a dotted OBIS. */
export function obisMatches(pattern: string, obis: string): boolean {
  const p = pattern.split('.');
  const o = obis.split('.');
  return p.length === 6 && p.every((g, i) => g === '*' || Number(g) === Number(o[i]));
}

export function canRead(mode: AttributeAccess | undefined, authenticated: boolean): boolean {
  if (mode === 'read' || mode === 'read-write') return true;
  return authenticated && (mode === 'auth-read' || mode === 'auth-read-write');
}

export function canWrite(mode: AttributeAccess | undefined, authenticated: boolean): boolean {
  if (mode === 'write' || mode === 'read-write') return true;
  return authenticated && (mode === 'auth-write' || mode === 'auth-read-write');
}

/** The rights of an association on an object: the first matching rule; undefined = invisible. */
export function rightsFor(obj: CompiledObject, assoc: AssociationDef): ObjectRights | undefined {
  // An LN association shows Association LN objects, an SN association Association SN objects.
  const sn = assoc.context.startsWith('sn');
  if ((obj.classId === 15 && sn) || (obj.classId === 12 && !sn)) return undefined;
  const rule = assoc.rights.find((r: AccessRule) => (r.classId === undefined || r.classId === obj.classId) && obisMatches(r.obis, obj.obis));
  if (!rule) return undefined;
  const h = obj.handler;
  const rights: ObjectRights = { attributes: [], methods: [], selectors: [] };
  for (let a = 1; a <= h.attributeCount; a++) {
    const mode = rule.attributeExceptions?.[a] ?? rule.attributes;
    rights.attributes[a] = mode;
    const supported = h.selectors?.(a) ?? [];
    const allowed = supported.filter((s) => !rule.selectors || rule.selectors.includes(s));
    if (allowed.length && mode !== 'none' && mode !== 'write' && mode !== 'auth-write') rights.selectors[a] = allowed;
  }
  for (let m = 1; m <= h.methodCount; m++) rights.methods[m] = rule.methodExceptions?.[m] ?? rule.methods ?? 'none';
  return rights;
}
