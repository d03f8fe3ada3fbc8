import type { EventEmitter } from 'node:events';
import type { DlmsData } from '../codec/data';
import type { AttributeRefInput, MethodRefInput } from './attribute-ref';
import type { ConnectionSettings } from './settings';

/**
 * The contract between the client (head end) and everything above it: the Node-RED nodes, the
 * `dlms` CLI and library users. JSON shapes follow /work/shared/CONTRACTS.md ("One value",
 * "A profile", "Errors"). Every field a node emits must be plain JSON: no Buffer, no bigint.
 */

/** A failed item of a read, write or action; `code` is the DlmsError code. */
export interface ItemError {
  code: string;
  message: string;
}

/** One attribute value (CONTRACTS "One value"). `value` is scaled; `raw` is what the meter sent. */
export interface ValueResult {
  meter?: string;
  obis: string;
  name?: string;
  classId: number;
  attribute: number;
  value?: unknown;
  unit?: string;
  scaler?: number;
  raw?: unknown;
  /** Blue Book type name of the top-level value. */
  type?: string;
  /** ISO 8601 time when the answer arrived. */
  readAt: string;
  error?: ItemError;
}

export interface GetOptions {
  /** Apply the register's scaler_unit (class 3, 4, 5; read once and cached). Default true. */
  scale?: boolean;
  /** Selective access (selector and its parameters), for profiles and object lists. */
  access?: { selector: number; parameters: DlmsData };
}

export interface WriteResult {
  meter?: string;
  obis: string;
  name?: string;
  classId: number;
  attribute: number;
  /** 'success' or the data-access-result name. */
  result: string;
  error?: ItemError;
}

export interface ActionResult {
  meter?: string;
  obis: string;
  name?: string;
  classId: number;
  method: number;
  /** 'success' or the action-result name. */
  result: string;
  /** Return parameters, as plain JSON, when the meter sent any. */
  data?: unknown;
  error?: ItemError;
}

/** How to select rows of a Profile generic (selective access by range or by entry). */
export interface ProfileQuery {
  /** Range by the profile's clock column (selector 1): ISO text or Date. */
  from?: string | Date;
  to?: string | Date;
  /** Range by entry (selector 2), 1-based; toEntry 0 or absent = the last entry. */
  fromEntry?: number;
  toEntry?: number;
  /** Columns to return, by OBIS (dotted) or 1-based column index; default all. */
  columns?: (string | number)[];
  /**
   * Where scalers come from: the captured registers' scaler_unit ('registers'), the IS 15959
   * companion scaler profile ('scaler-profile'), none, or 'auto' (scaler profile when the
   * meter has one for this profile, else registers). Default 'auto'.
   */
  scalers?: 'auto' | 'registers' | 'scaler-profile' | 'none';
}

/** CONTRACTS "A profile": one column description. */
export interface ProfileColumn {
  obis: string;
  classId: number;
  attribute: number;
  dataIndex?: number;
  name?: string;
  unit?: string;
  scaler?: number;
}

export interface ProfileResult {
  meter?: string;
  obis: string;
  columns: ProfileColumn[];
  /** Rows keyed by column OBIS, with `time` (ISO) for the clock column; values scaled. */
  rows: Record<string, unknown>[];
  /** The capture period in seconds when known (used to fill implied timestamps). */
  capturePeriod?: number;
}

export interface ObjectListEntry {
  classId: number;
  version: number;
  obis: string;
  className?: string;
  name?: string;
  /** SN referencing: the object's base name. */
  baseName?: number;
  attributes?: { attribute: number; name?: string; access: string; selectors?: number[] }[];
  methods?: { method: number; name?: string; access: string }[];
}

/** One frame or APDU on the wire, for the trace option of the nodes and `dlms --trace`. */
export interface TraceEvent {
  direction: 'tx' | 'rx';
  layer: 'hdlc' | 'wrapper' | 'apdu' | 'mode-e';
  hex: string;
  decoded?: unknown;
  at: string;
}

/**
 * One meter connection: link + association, requests one at a time. It implements the pool's
 * PooledSession (open/close/isOpen/'closed'), so a SessionPool manages DlmsClient instances.
 * Events: 'trace' (TraceEvent), 'closed' (error?), 'push' (decoded notification while associated).
 */
export interface DlmsClient extends EventEmitter {
  readonly settings: Readonly<ConnectionSettings>;
  readonly isOpen: boolean;
  /** Connect the link and associate (with the invocation counter bootstrap when configured). */
  open(): Promise<void>;
  /** Release the association (RLRQ when the meter expects one) and disconnect. Never rejects. */
  close(): Promise<void>;

  /** One attribute; rejects with a DlmsError when the meter refuses it. */
  get(ref: AttributeRefInput, options?: GetOptions): Promise<ValueResult>;
  /** Many attributes (GET-with-list, split to fit); never rejects per item: failed items carry `error`. */
  getMany(refs: AttributeRefInput[], options?: GetOptions): Promise<ValueResult[]>;
  /** The typed value, for library users. */
  getData(ref: AttributeRefInput, access?: GetOptions['access']): Promise<DlmsData>;
  /** Write a plain JSON value (typed by the interface class tables), a typed JSON value or DlmsData. */
  set(ref: AttributeRefInput, value: unknown): Promise<WriteResult>;
  /** Invoke a method with plain JSON, typed JSON or DlmsData parameters. */
  action(ref: MethodRefInput, parameters?: unknown): Promise<ActionResult>;
  readObjectList(): Promise<ObjectListEntry[]>;
  readProfile(obis: string, query?: ProfileQuery): Promise<ProfileResult>;
  /** The meter clock as a value result (value = ISO text or field object). */
  readClock(): Promise<ValueResult>;
  /** Set the meter clock to `time` (default: now) in the meter's UTC offset. */
  setClock(time?: Date): Promise<WriteResult>;
}
