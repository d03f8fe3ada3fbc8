import { D, type DlmsData } from '../../codec/data';
import { normalizeObis, obisToBytes, type Obis } from '../../codec/obis';
import { canRead, canWrite } from './access';
import { secretOf } from './classes/association';
import { manualReconnect } from './classes/disconnect-control';
import type { CompiledModel } from './compile';
import type { CompiledAssociation, CompiledLogicalDevice, CompiledObject, MeterRuntime, ObjectEnv, ObjectRights, PushEvent } from './handler';
import { MeterPhysics } from './physics';
import type { DataAccessResultName } from './results';
import { resolveShortName, shortNameOf } from './short-names';
import type { SourceEnv } from './sources';
import type { ActionOutcome, AssociationDef, AttributeRef, CaptureRef, GetResult, MethodRef, ModelContext, SelectiveAccess } from './types';

export interface MeterIdentity {
  serial: string;
  seed: number;
  /** 8 octets: manufacturer FLAG (3) + 5 octets. */
  systemTitle: Buffer;
  /** The injected clock: ms since the epoch (Date.now by default). */
  clock: () => number;
}

export interface ObjectListEntry {
  classId: number;
  version: number;
  obis: string;
  baseName: number;
  rights: ObjectRights;
}

export type ShortNameRef = { kind: 'attribute'; ref: AttributeRef } | { kind: 'method'; ref: MethodRef };

type Found = { obj: CompiledObject; assoc: CompiledAssociation; rights: ObjectRights; ld: CompiledLogicalDevice } | { error: 'object-undefined' | 'object-class-inconsistent' | 'read-write-denied' };

/**
 * One simulated meter: executes attribute reads/writes and methods on its objects, with the
 * access rights of the requesting association. It holds only its identity, its physics
 * parameters and the state changed by writes and methods; the object tables are shared.
 */
export class CosemModel implements MeterRuntime {
  readonly physics: MeterPhysics;
  readonly sourceEnv: SourceEnv;
  readonly serial: string;
  readonly systemTitle: Buffer;
  readonly utcOffsetMinutes: number;
  readonly state = new Map<string, unknown>();
  clockOffsetMs = 0;
  private readonly compiled: CompiledModel;
  private readonly clock: () => number;
  private listeners: ((e: PushEvent) => void)[] = [];

  constructor(compiled: CompiledModel, id: MeterIdentity) {
    this.compiled = compiled;
    this.serial = id.serial;
    this.systemTitle = id.systemTitle;
    this.clock = id.clock;
    this.utcOffsetMinutes = compiled.def.utcOffsetMinutes;
    this.physics = new MeterPhysics(id.seed, this.utcOffsetMinutes);
    this.sourceEnv = { physics: this.physics, serial: id.serial, manufacturer: compiled.def.manufacturer };
  }

  get kind(): string {
    return this.compiled.def.kind;
  }

  get logicalDevices(): ReadonlyMap<number, CompiledLogicalDevice> {
    return this.compiled.logicalDevices;
  }

  get associations(): readonly CompiledAssociation[] {
    return this.compiled.associations;
  }

  /** The meter's own time: the injected clock plus what the Clock object was set or shifted by. */
  now(ctx?: Pick<ModelContext, 'now'>): Date {
    return new Date(this.meterMs(ctx));
  }

  private meterMs(ctx?: Pick<ModelContext, 'now'>): number {
    return (ctx?.now ?? this.clock()) + this.clockOffsetMs;
  }

  /** Logical device name (LDN): FLAG + serial, 16 octets at most; other devices get a suffix. */
  logicalDeviceName(ld: number): string {
    const suffix = this.compiled.logicalDevices.get(ld)?.nameSuffix ?? '';
    const room = 13 - suffix.length;
    return `${this.compiled.def.manufacturer}${this.serial.padStart(room, '0').slice(-room)}${suffix}`;
  }

  association(ctx: ModelContext): AssociationDef | undefined {
    return this.compiled.byClient.get(`${ctx.logicalDevice ?? 1}:${ctx.clientSap}`)?.def;
  }

  /** The secret (LLS password, HLS key) of the association, as currently set. */
  secretOf(ctx: ModelContext): Buffer | undefined {
    const a = this.compiled.byClient.get(`${ctx.logicalDevice ?? 1}:${ctx.clientSap}`);
    return a ? secretOf({ meter: this }, a) : undefined;
  }

  onPush(listener: (e: PushEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  emitPush(event: PushEvent): void {
    for (const l of this.listeners) l(event);
  }

  private find(obis: string | Obis, classId: number, ctx: ModelContext): Found {
    const ldAddress = ctx.logicalDevice ?? 1;
    const ld = this.compiled.logicalDevices.get(ldAddress);
    const assoc = this.compiled.byClient.get(`${ldAddress}:${ctx.clientSap}`);
    if (!ld) return { error: 'object-undefined' };
    if (!assoc) return { error: 'read-write-denied' };
    let key: string;
    try {
      key = normalizeObis(obis);
    } catch {
      return { error: 'object-undefined' };
    }
    const visible = (ld.byObis.get(key) ?? []).filter((o) => assoc.rights.has(o));
    const obj = visible.find((o) => o.classId === classId);
    if (!obj) return { error: visible.length ? 'object-class-inconsistent' : 'object-undefined' };
    return { obj, assoc, rights: assoc.rights.get(obj)!, ld };
  }

  private env(obj: CompiledObject, ctx: ModelContext, assoc?: CompiledAssociation, tMs?: number): ObjectEnv {
    return { obj, meter: this, tMs: tMs ?? this.meterMs(ctx), ctx, assoc };
  }

  private read(env: ObjectEnv, attribute: number, access?: SelectiveAccess): GetResult {
    if (attribute === 1) return { data: D.octetString(obisToBytes(env.obj.obis)) };
    try {
      return env.obj.handler.get(env, attribute, access);
    } catch {
      return { error: 'other-reason' };
    }
  }

  get(ref: AttributeRef, ctx: ModelContext, access?: SelectiveAccess): GetResult {
    const f = this.find(ref.obis, ref.classId, ctx);
    if ('error' in f) return { error: f.error };
    if (ref.attribute < 1 || ref.attribute > f.obj.handler.attributeCount) return { error: 'object-undefined' };
    if (!canRead(f.rights.attributes[ref.attribute], ctx.authenticated === true)) return { error: 'read-write-denied' };
    if (access && !(f.rights.selectors[ref.attribute] ?? []).includes(access.selector)) return { error: 'scope-of-access-violated' };
    return this.read(this.env(f.obj, ctx, f.assoc), ref.attribute, access);
  }

  set(ref: AttributeRef, value: DlmsData, ctx: ModelContext): DataAccessResultName {
    const f = this.find(ref.obis, ref.classId, ctx);
    if ('error' in f) return f.error;
    if (ref.attribute < 1 || ref.attribute > f.obj.handler.attributeCount) return 'object-undefined';
    if (!canWrite(f.rights.attributes[ref.attribute], ctx.authenticated === true)) return 'read-write-denied';
    if (ref.attribute === 1) return 'read-write-denied';
    try {
      return f.obj.handler.set(this.env(f.obj, ctx, f.assoc), ref.attribute, value);
    } catch {
      return 'other-reason';
    }
  }

  action(ref: MethodRef, params: DlmsData | undefined, ctx: ModelContext): ActionOutcome {
    const f = this.find(ref.obis, ref.classId, ctx);
    if ('error' in f) return { result: f.error };
    if (ref.method < 1 || ref.method > f.obj.handler.methodCount) return { result: 'object-undefined' };
    const mode = f.rights.methods[ref.method];
    if (!(mode === 'access' || (mode === 'auth-access' && ctx.authenticated === true))) return { result: 'read-write-denied' };
    try {
      return f.obj.handler.action(this.env(f.obj, ctx, f.assoc), ref.method, params);
    } catch {
      return { result: 'other-reason' };
    }
  }

  /** The objects the association sees, with its rights (what Association LN object_list encodes). */
  objectList(ctx: ModelContext): ObjectListEntry[] {
    const a = this.compiled.byClient.get(`${ctx.logicalDevice ?? 1}:${ctx.clientSap}`);
    if (!a) return [];
    return [...a.rights].map(([o, rights]) => ({ classId: o.classId, version: o.version, obis: o.obis, baseName: o.baseName, rights }));
  }

  /** SN referencing: the attribute or method a short name addresses, among the objects visible to the association. */
  resolveShortName(ctx: ModelContext, address: number): ShortNameRef | undefined {
    const ld = this.compiled.logicalDevices.get(ctx.logicalDevice ?? 1);
    const a = this.compiled.byClient.get(`${ctx.logicalDevice ?? 1}:${ctx.clientSap}`);
    if (!ld || !a) return undefined;
    const t = resolveShortName(ld.byBaseName.filter((o) => a.rights.has(o)), address);
    if (!t) return undefined;
    const { classId, obis } = t.obj;
    return 'attribute' in t ? { kind: 'attribute', ref: { classId, obis, attribute: t.attribute } } : { kind: 'method', ref: { classId, obis, method: t.method } };
  }

  /** The short name of an attribute or method (undefined when the object does not exist). */
  shortName(logicalDevice: number, ref: AttributeRef | MethodRef): number | undefined {
    const obj = this.lookup(logicalDevice, ref.obis, ref.classId);
    if (!obj) return undefined;
    return 'attribute' in ref ? shortNameOf(obj, { attribute: ref.attribute }) : shortNameOf(obj, { method: ref.method });
  }

  private lookup(ld: number, obis: string | Obis, classId: number): CompiledObject | undefined {
    try {
      return this.compiled.logicalDevices.get(ld)?.byObis.get(normalizeObis(obis))?.find((o) => o.classId === classId);
    } catch {
      return undefined;
    }
  }

  readAt(ld: number, ref: CaptureRef, tMs: number): DlmsData | undefined {
    const obj = this.lookup(ld, ref.obis, ref.classId);
    if (!obj || (obj.classId === 7 && ref.attribute === 2)) return undefined;
    const r = this.read(this.env(obj, { clientSap: 0, logicalDevice: ld }, undefined, tMs), ref.attribute);
    if (!('data' in r)) return undefined;
    const i = ref.dataIndex ?? 0;
    if (i === 0) return r.data;
    return r.data.type === 'structure' || r.data.type === 'array' ? r.data.value[i - 1] : undefined;
  }

  /**
   * Read without access rights, for the server itself (e.g. the invocation counters), at the
   * meter time or `tMs`.
   */
  peek(ref: AttributeRef, logicalDevice = 1, tMs?: number): GetResult {
    const obj = this.lookup(logicalDevice, ref.obis, ref.classId);
    if (!obj || ref.attribute < 1 || ref.attribute > obj.handler.attributeCount) return { error: 'object-undefined' };
    return this.read(this.env(obj, { clientSap: 0, logicalDevice }, undefined, tMs), ref.attribute);
  }

  /** Write without access rights, for the server itself (frame counters, client system title). */
  poke(ref: AttributeRef, value: DlmsData, logicalDevice = 1): DataAccessResultName {
    const obj = this.lookup(logicalDevice, ref.obis, ref.classId);
    if (!obj || ref.attribute < 2 || ref.attribute > obj.handler.attributeCount) return 'object-undefined';
    return obj.handler.set(this.env(obj, { clientSap: 0, logicalDevice }), ref.attribute, value);
  }

  /** Run a method without access rights, for the server itself (the push scheduler). */
  execute(ref: MethodRef, params: DlmsData | undefined, logicalDevice = 1): ActionOutcome {
    const obj = this.lookup(logicalDevice, ref.obis, ref.classId);
    if (!obj || ref.method < 1 || ref.method > obj.handler.methodCount) return { result: 'object-undefined' };
    try {
      return obj.handler.action(this.env(obj, { clientSap: 0, logicalDevice }), ref.method, params);
    } catch {
      return { result: 'other-reason' };
    }
  }

  /** The meter's push button on a Disconnect control: manual reconnection (transition e). */
  manualReconnect(obis = '0.0.96.3.10.255', logicalDevice = 1): boolean {
    const obj = this.lookup(logicalDevice, obis, 70);
    return obj ? manualReconnect(this.env(obj, { clientSap: 0, logicalDevice })) : false;
  }
}
