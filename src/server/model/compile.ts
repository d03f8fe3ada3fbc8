import { normalizeObis } from '../../codec/obis';
import { InvalidArgumentError } from '../../errors';
import { rightsFor } from './access';
import { CLASS_HANDLERS } from './classes/registry';
import type { CompiledAssociation, CompiledLogicalDevice, CompiledObject } from './handler';
import { ASSOCIATION_SN_BASE_NAME, BASE_NAME_STEP, FIRST_BASE_NAME } from './short-names';
import { hasSource } from './sources';
import type { ModelDefinition, ObjectDef } from './types';

/**
 * A definition turned into indexes and precomputed access rights. Compiled models are cached
 * per definition object, so a thousand meters of the same kind share one.
 */
export interface CompiledModel {
  def: ModelDefinition;
  logicalDevices: Map<number, CompiledLogicalDevice>;
  associations: CompiledAssociation[];
  /** `${logicalDevice}:${clientSap}` -> association. */
  byClient: Map<string, CompiledAssociation>;
}

const cache = new WeakMap<ModelDefinition, CompiledModel>();

function checkSources(o: ObjectDef): void {
  const names = [o.value && 'source' in o.value ? o.value.source : undefined, o.captureTimeSource];
  for (const n of names) if (n !== undefined && !hasSource(n)) throw new InvalidArgumentError(`object ${o.obis}: unknown simulator source "${n}"`, { obis: o.obis, source: n });
}

export function compileModel(def: ModelDefinition): CompiledModel {
  const hit = cache.get(def);
  if (hit) return hit;
  const logicalDevices = new Map<number, CompiledLogicalDevice>();
  for (const ld of def.logicalDevices) {
    const objects: CompiledObject[] = [];
    const byObis = new Map<string, CompiledObject[]>();
    let next = FIRST_BASE_NAME;
    let snAssociations = 0;
    for (const o of ld.objects) {
      const handler = CLASS_HANDLERS.get(o.classId);
      if (!handler) throw new InvalidArgumentError(`object ${o.obis}: the simulator has no interface class ${o.classId}`, { obis: o.obis, classId: o.classId });
      checkSources(o);
      const obis = normalizeObis(o.obis);
      const same = byObis.get(obis) ?? [];
      if (same.some((x) => x.classId === o.classId)) throw new InvalidArgumentError(`object ${obis} of class ${o.classId} is defined twice in logical device ${ld.address}`);
      let baseName = o.baseName;
      if (baseName === undefined) {
        if (o.classId === 12) baseName = ASSOCIATION_SN_BASE_NAME + BASE_NAME_STEP * snAssociations++;
        else {
          baseName = next;
          next += BASE_NAME_STEP;
        }
      }
      if (baseName >= ASSOCIATION_SN_BASE_NAME && o.classId !== 12) throw new InvalidArgumentError(`logical device ${ld.address} has too many objects for automatic base names`);
      const c: CompiledObject = { def: o, ld: ld.address, classId: o.classId, version: o.version ?? handler.version, obis, baseName, handler };
      objects.push(c);
      byObis.set(obis, [...same, c]);
    }
    logicalDevices.set(ld.address, { address: ld.address, nameSuffix: ld.nameSuffix ?? '', objects, byObis, byBaseName: [...objects].sort((a, b) => a.baseName - b.baseName) });
  }
  const associations: CompiledAssociation[] = [];
  const byClient = new Map<string, CompiledAssociation>();
  for (const a of def.associations) {
    const ld = logicalDevices.get(a.logicalDevice);
    if (!ld) throw new InvalidArgumentError(`association of client ${a.clientSap}: no logical device ${a.logicalDevice}`);
    const rights = new Map();
    for (const o of ld.objects) {
      const r = rightsFor(o, a);
      if (r) rights.set(o, r);
    }
    const c: CompiledAssociation = { def: a, rights };
    associations.push(c);
    byClient.set(`${a.logicalDevice}:${a.clientSap}`, c);
  }
  const out: CompiledModel = { def, logicalDevices, associations, byClient };
  cache.set(def, out);
  return out;
}
