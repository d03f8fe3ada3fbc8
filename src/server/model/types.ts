import type { DlmsData } from '../../codec/data';
import type { Obis } from '../../codec/obis';
import type { TypedJson } from '../../codec/typed-json';
import type { ActionResultName, DataAccessResultName } from './results';

/*
 * The simulator's object model is DATA: a `ModelDefinition` (JSON-able) lists the logical
 * devices, their objects and the associations with their access rights. Behaviour is bound by
 * class id (see classes/registry.ts) and live values by `source` names (see sources.ts).
 */

/** An attribute or method of one object, as the APDU layer addresses it (LN referencing). */
export interface AttributeRef { classId: number; obis: string | Obis; attribute: number }
export interface MethodRef { classId: number; obis: string | Obis; method: number }

/** Selective access (Blue Book access_selector and access_parameters). */
export interface SelectiveAccess { selector: number; parameters: DlmsData }

export type GetResult = { data: DlmsData } | { error: DataAccessResultName };
export interface ActionOutcome { result: ActionResultName; data?: DlmsData }

/** Who asks and when: the association is found from the logical device and the client SAP. */
export interface ModelContext {
  clientSap: number;
  /** Server logical device address (upper HDLC address / wrapper destination); default 1. */
  logicalDevice?: number;
  /** The request was authenticated (ciphered/signed with authentication); needed by auth-* rights. */
  authenticated?: boolean;
  /** Override of the injected clock for this request, ms since the epoch (before the meter's clock shift). */
  now?: number;
}

/** Attribute access as the Blue Book enumerates it (Association LN v1+ access_mode). */
export type AttributeAccess = 'none' | 'read' | 'write' | 'read-write' | 'auth-read' | 'auth-write' | 'auth-read-write';
export type MethodAccess = 'none' | 'access' | 'auth-access';

/**
 * One access rule. `obis` is a pattern of six groups where a group may be `*`. The first rule
 * that matches an object decides its rights; objects matched by no rule are invisible to the
 * association (object-undefined).
 */
export interface AccessRule {
  obis: string;
  classId?: number;
  attributes: AttributeAccess;
  /** Per attribute id exceptions to `attributes`. */
  attributeExceptions?: Record<number, AttributeAccess>;
  methods?: MethodAccess;
  methodExceptions?: Record<number, MethodAccess>;
  /** Selective access selectors allowed (default: every selector the object supports). */
  selectors?: number[];
}

/** Authentication mechanism ids of the Green Book (mechanism_id of the mechanism name OID). */
export const MECHANISM = { lowest: 0, lls: 1, hls: 2, 'hls-md5': 3, 'hls-sha1': 4, 'hls-gmac': 5, 'hls-sha256': 6, 'hls-ecdsa': 7 } as const;
export type MechanismName = keyof typeof MECHANISM;

export interface AssociationDef {
  clientSap: number;
  logicalDevice: number;
  /** A label for humans ('public', 'reader', 'management', ...). */
  name: string;
  /** 'ln' or 'sn' referencing; ciphered contexts use the matching security setup. */
  context: 'ln' | 'sn' | 'ln-ciphered' | 'sn-ciphered';
  mechanism: MechanismName;
  /** LLS password or HLS secret as hex; not readable (attribute 7 is write-only). */
  secret?: string;
  /** The Security setup object (OBIS) used by this association, if any. */
  securitySetup?: string;
  /** xDLMS conformance block as 24 bits, and the PDU size the server offers. */
  conformance?: string;
  maxPduSize?: number;
  rights: AccessRule[];
}

/** A live value: a named source evaluated at the meter time, scaled by 10^-scaler. */
export interface SourceSpec {
  source: string;
  /** Blue Book type of the encoded value ('double-long-unsigned', 'octet-string', ...). */
  type: string;
}

/** A capture object of a profile (Blue Book capture_object_definition). */
export interface CaptureRef { classId: number; obis: string; attribute: number; dataIndex?: number }

export type ProfileRows =
  | { kind: 'periodic'; period: number }
  | { kind: 'daily' }
  | { kind: 'monthly' }
  | { kind: 'events'; log: number }
  | { kind: 'snapshot' };

export interface ProfileSpec {
  columns: CaptureRef[];
  rows: ProfileRows;
  /** profile_entries: the buffer depth. */
  entries: number;
  /** Only the first row returned carries the clock, the others null-data (some ABT meters). */
  clockOnlyInFirstRow?: boolean;
}

export interface ObjectDef {
  classId: number;
  version?: number;
  obis: string;
  /** Human description (also used by docs and tests). */
  name?: string;
  /** Base name for SN referencing; assigned automatically when absent (see short-names.ts). */
  baseName?: number;
  /** Attribute 2 of Data/Register/Extended register, or the averages of a Demand register. */
  value?: SourceSpec | { static: TypedJson };
  scaler?: number;
  /** Unit enumeration of the Blue Book (27 W, 30 Wh, 33 A, 35 V, 44 Hz, 255 none...). */
  unit?: number;
  /** Extended register: the source of capture_time (ms), default the read time. */
  captureTimeSource?: string;
  /** Demand register: period in seconds. */
  period?: number;
  profile?: ProfileSpec;
  /** Disconnect control: initial control_mode. */
  controlMode?: number;
  /** Push setup: the objects pushed and the destination. */
  push?: { objects: CaptureRef[]; transport: number; destination: string; message: number };
  /** Security setup: policy and suite. */
  security?: { policy: number; suite: number };
  /** Association LN/SN object for another association (client SAP); absent: the current one. */
  associationOf?: number;
  /** Clock: the measuring period (s) for adjust_to_measuring_period. */
  measuringPeriod?: number;
}

export interface LogicalDeviceDef {
  address: number;
  /** Suffix appended to the meter's logical device name (LDN of LD 1 has none). */
  nameSuffix?: string;
  objects: ObjectDef[];
}

export interface ModelDefinition {
  kind: string;
  /** Local time zone of the meter, minutes east of UTC (+330 for India). */
  utcOffsetMinutes: number;
  /** Three-letter manufacturer id (FLAG) used in the LDN and the system title. */
  manufacturer: string;
  logicalDevices: LogicalDeviceDef[];
  associations: AssociationDef[];
}
