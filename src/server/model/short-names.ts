import type { CompiledObject } from './handler';

/**
 * Short names (SN referencing, IEC 62056-5-3): every object has a base name; attribute n is at
 * base + 8(n - 1) and method m at base + firstMethodOffset + 8(m - 1), the offsets of the Blue
 * Book class tables. The simulator gives the objects of a logical device base names 0x0100,
 * 0x0200... in definition order (a definition may fix its own), and the current Association SN
 * 0xFA00 as the Blue Book recommends.
 */
export const ASSOCIATION_SN_BASE_NAME = 0xfa00;
export const FIRST_BASE_NAME = 0x0100;
export const BASE_NAME_STEP = 0x0100;

export type ShortNameTarget = { obj: CompiledObject; attribute: number } | { obj: CompiledObject; method: number };

export function resolveShortName(objects: readonly CompiledObject[], address: number): ShortNameTarget | undefined {
  for (const obj of objects) {
    const offset = address - obj.baseName;
    if (offset < 0 || offset >= BASE_NAME_STEP || offset % 8 !== 0) continue;
    const h = obj.handler;
    if (offset < h.attributeCount * 8) return { obj, attribute: offset / 8 + 1 };
    const m = (offset - h.firstMethodOffset) / 8 + 1;
    if (offset >= h.firstMethodOffset && m <= h.methodCount) return { obj, method: m };
  }
  return undefined;
}

export function shortNameOf(obj: CompiledObject, member: { attribute: number } | { method: number }): number {
  return 'attribute' in member ? obj.baseName + (member.attribute - 1) * 8 : obj.baseName + obj.handler.firstMethodOffset + (member.method - 1) * 8;
}
