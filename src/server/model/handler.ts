import type { DlmsData } from '../../codec/data';
import type { MeterPhysics } from './physics';
import type { DataAccessResultName } from './results';
import type { SourceEnv } from './sources';
import type { ActionOutcome, AssociationDef, AttributeAccess, CaptureRef, GetResult, MethodAccess, ModelContext, ObjectDef, SelectiveAccess } from './types';

/** One object of a compiled definition; shared by every meter built from that definition. */
export interface CompiledObject {
  def: ObjectDef;
  ld: number;
  classId: number;
  version: number;
  /** Dotted decimal OBIS. */
  obis: string;
  baseName: number;
  handler: ClassHandler;
}

export interface ObjectRights {
  attributes: AttributeAccess[];
  methods: MethodAccess[];
  /** Allowed selectors per attribute id (undefined: none). */
  selectors: (readonly number[] | undefined)[];
}

export interface CompiledAssociation {
  def: AssociationDef;
  rights: Map<CompiledObject, ObjectRights>;
}

export interface CompiledLogicalDevice {
  address: number;
  nameSuffix: string;
  objects: CompiledObject[];
  byObis: Map<string, CompiledObject[]>;
  byBaseName: CompiledObject[];
}

export interface PushEvent {
  logicalDevice: number;
  obis: string;
  destination: DlmsData;
  values: DlmsData[];
  at: Date;
}

/** What a class behaviour sees of its meter (implemented by CosemModel). */
export interface MeterRuntime {
  readonly physics: MeterPhysics;
  readonly sourceEnv: SourceEnv;
  readonly serial: string;
  readonly systemTitle: Buffer;
  readonly utcOffsetMinutes: number;
  readonly logicalDevices: ReadonlyMap<number, CompiledLogicalDevice>;
  readonly associations: readonly CompiledAssociation[];
  /** Per-meter mutable state, created only when something is written or executed. */
  readonly state: Map<string, unknown>;
  clockOffsetMs: number;
  logicalDeviceName(ld: number): string;
  /** The value of a capture object at meter time tMs, without access checks. */
  readAt(ld: number, ref: CaptureRef, tMs: number): DlmsData | undefined;
  emitPush(event: PushEvent): void;
}

export interface ObjectEnv {
  obj: CompiledObject;
  meter: MeterRuntime;
  /** Meter time of the request, ms. */
  tMs: number;
  ctx: ModelContext;
  /** The association of the request (undefined for internal reads). */
  assoc?: CompiledAssociation;
}

export interface ClassHandler {
  classId: number;
  version: number;
  attributeCount: number;
  methodCount: number;
  /** SN referencing: offset of method 1 from the base name (Blue Book class tables). */
  firstMethodOffset: number;
  /** Selective access selectors an attribute supports. */
  selectors?(attribute: number): readonly number[];
  /** Attributes 2..n (the model answers attribute 1, logical_name). */
  get(env: ObjectEnv, attribute: number, access?: SelectiveAccess): GetResult;
  set(env: ObjectEnv, attribute: number, value: DlmsData): DataAccessResultName;
  action(env: ObjectEnv, method: number, params: DlmsData | undefined): ActionOutcome;
}

export function stateKey(env: ObjectEnv, name: string | number): string {
  const o = env.obj;
  return `${o.ld}/${o.classId}/${o.obis}/${name}`;
}

export function readState<T>(env: ObjectEnv, name: string | number): T | undefined {
  return env.meter.state.get(stateKey(env, name)) as T | undefined;
}

export function writeState(env: ObjectEnv, name: string | number, value: unknown): void {
  env.meter.state.set(stateKey(env, name), value);
}

export function deleteState(env: ObjectEnv, name: string | number): void {
  env.meter.state.delete(stateKey(env, name));
}
