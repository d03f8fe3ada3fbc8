import { obisName } from '../codec/obis-names';
import { attributeName, getClass, methodName } from '../cosem/catalogue';
import type { ObjectListElement, ObjectListElementSN } from '../cosem/codecs';
import type { ObjectListEntry } from './api';

/** Association LN object_list entries with class, attribute and method names. */
export function objectListEntriesLn(list: readonly ObjectListElement[]): ObjectListEntry[] {
  return list.map((o) => {
    const e = base(o.classId, o.version, o.logicalName);
    e.attributes = o.accessRights.attributeAccess.map((a) => {
      const item: NonNullable<ObjectListEntry['attributes']>[number] = { attribute: a.attributeId, access: String(a.accessMode) };
      if (getClass(o.classId)) item.name = attributeName(o.classId, a.attributeId);
      if (a.accessSelectors && a.accessSelectors.length) item.selectors = a.accessSelectors;
      return item;
    });
    e.methods = o.accessRights.methodAccess.map((m) => {
      const item: NonNullable<ObjectListEntry['methods']>[number] = { method: m.methodId, access: String(m.accessMode) };
      if (getClass(o.classId)) item.name = methodName(o.classId, m.methodId);
      return item;
    });
    return e;
  });
}

/** Association SN object_list entries (base names instead of access rights). */
export function objectListEntriesSn(list: readonly ObjectListElementSN[]): ObjectListEntry[] {
  return list.map((o) => ({ ...base(o.classId, o.version, o.logicalName), baseName: o.baseName }));
}

function base(classId: number, version: number, obis: string): ObjectListEntry {
  const e: ObjectListEntry = { classId, version, obis };
  const c = getClass(classId);
  if (c) e.className = c.name;
  const name = obisName(obis);
  if (name) e.name = name;
  return e;
}
