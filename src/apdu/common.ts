import type { BufferReader } from '../codec/buffer-reader';
import type { BufferWriter } from '../codec/buffer-writer';
import { decodeData, encodeData } from '../codec/axdr';
import type { DlmsData } from '../codec/data';
import { obisToString, parseObis } from '../codec/obis';
import { EncodeError } from '../errors';

/**
 * Pieces shared by the xDLMS APDUs (Green Book 9.5 ASN.1): the invoke-id-and-priority octet,
 * COSEM attribute and method descriptors, selective access, results and data blocks.
 */

export type Priority = 'high' | 'normal';
export type ServiceClass = 'confirmed' | 'unconfirmed';

/** Invoke-Id-And-Priority: bits 0-3 invoke id, bit 6 service class, bit 7 priority. */
export interface InvokeIdAndPriority {
  invokeId: number;
  priority: Priority;
  serviceClass: ServiceClass;
}

/** Bits 4-5 are reserved and ignored on decoding. */
export function readInvokeIdAndPriority(r: BufferReader): InvokeIdAndPriority {
  const b = r.u8('invoke-id-and-priority');
  return {
    invokeId: b & 0x0f,
    priority: b & 0x80 ? 'high' : 'normal',
    serviceClass: b & 0x40 ? 'confirmed' : 'unconfirmed',
  };
}

export function invokeIdAndPriorityByte(h: InvokeIdAndPriority): number {
  if (!Number.isInteger(h.invokeId) || h.invokeId < 0 || h.invokeId > 15) {
    throw new EncodeError(`invoke id ${String(h.invokeId)} is out of range 0..15`);
  }
  return h.invokeId | (h.priority === 'high' ? 0x80 : 0) | (h.serviceClass === 'confirmed' ? 0x40 : 0);
}

export function writeInvokeIdAndPriority(w: BufferWriter, h: InvokeIdAndPriority): void {
  w.u8(invokeIdAndPriorityByte(h));
}

export type ProcessingOption = 'continue-on-error' | 'break-on-error';

/**
 * Long-Invoke-Id-And-Priority (Data-Notification): bits 0-23 invoke id, 28 self-descriptive,
 * 29 processing option, 30 service class, 31 priority. Bits 24-27 are reserved.
 */
export interface LongInvokeIdAndPriority {
  longInvokeId: number;
  priority: Priority;
  serviceClass: ServiceClass;
  processingOption: ProcessingOption;
  selfDescriptive: boolean;
}

export function readLongInvokeIdAndPriority(r: BufferReader): LongInvokeIdAndPriority {
  const v = r.u32('long-invoke-id-and-priority');
  return {
    longInvokeId: v & 0xffffff,
    priority: v & 0x80000000 ? 'high' : 'normal',
    serviceClass: v & 0x40000000 ? 'confirmed' : 'unconfirmed',
    processingOption: v & 0x20000000 ? 'break-on-error' : 'continue-on-error',
    selfDescriptive: (v & 0x10000000) !== 0,
  };
}

export function writeLongInvokeIdAndPriority(w: BufferWriter, h: LongInvokeIdAndPriority): void {
  checkRange(h.longInvokeId, 0, 0xffffff, 'long invoke id');
  const v =
    h.longInvokeId |
    (h.priority === 'high' ? 0x80000000 : 0) |
    (h.serviceClass === 'confirmed' ? 0x40000000 : 0) |
    (h.processingOption === 'break-on-error' ? 0x20000000 : 0) |
    (h.selfDescriptive ? 0x10000000 : 0);
  w.u32(v >>> 0);
}

export function checkRange(v: number, min: number, max: number, what: string): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new EncodeError(`${what} ${String(v)} is out of range ${min}..${max}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Descriptors

/** Cosem-Attribute-Descriptor: class-id Unsigned16, instance-id (OBIS) 6 octets, attribute-id Integer8. */
export interface CosemAttributeDescriptor {
  classId: number;
  /** Dotted `A.B.C.D.E.F` on decoding; any form parseObis accepts on encoding. */
  obis: string;
  attributeId: number;
}

/** Cosem-Method-Descriptor: as the attribute descriptor, with method-id Integer8. */
export interface CosemMethodDescriptor {
  classId: number;
  obis: string;
  methodId: number;
}

/** Selective-Access-Descriptor: access-selector Unsigned8 and its parameters as Data. */
export interface SelectiveAccess {
  selector: number;
  parameters: DlmsData;
}

/** Cosem-Attribute-Descriptor-With-Selection (also the normal requests' descriptor + option). */
export interface AttributeWithSelection extends CosemAttributeDescriptor {
  accessSelection: SelectiveAccess | null;
}

function readObis(r: BufferReader): string {
  return obisToString(r.bytes(6, 'instance-id (OBIS code)'));
}

function writeObis(w: BufferWriter, obis: string): void {
  const o = parseObis(obis);
  for (let i = 0; i < 6; i++) w.u8(o[i]);
}

export function readAttributeDescriptor(r: BufferReader): CosemAttributeDescriptor {
  const classId = r.u16('class-id');
  const obis = readObis(r);
  return { classId, obis, attributeId: r.i8('attribute-id') };
}

export function writeAttributeDescriptor(w: BufferWriter, d: CosemAttributeDescriptor): void {
  checkRange(d.classId, 0, 0xffff, 'class id');
  checkRange(d.attributeId, -128, 127, 'attribute id');
  w.u16(d.classId);
  writeObis(w, d.obis);
  w.u8(d.attributeId & 0xff);
}

export function readMethodDescriptor(r: BufferReader): CosemMethodDescriptor {
  const classId = r.u16('class-id');
  const obis = readObis(r);
  return { classId, obis, methodId: r.i8('method-id') };
}

export function writeMethodDescriptor(w: BufferWriter, d: CosemMethodDescriptor): void {
  checkRange(d.classId, 0, 0xffff, 'class id');
  checkRange(d.methodId, -128, 127, 'method id');
  w.u16(d.classId);
  writeObis(w, d.obis);
  w.u8(d.methodId & 0xff);
}

/** A-XDR OPTIONAL / DEFAULT presence octet: 0x00 absent, 0x01 present; anything else is refused. */
export function readPresence(r: BufferReader, what: string): boolean {
  const at = r.pos;
  const b = r.u8(`${what} presence flag`);
  if (b > 1) r.fail(`${what}: presence flag must be 0x00 or 0x01, found 0x${b.toString(16).padStart(2, '0').toUpperCase()}`, at);
  return b === 1;
}

/** A-XDR BOOLEAN: any non-zero octet is TRUE (encoded back as 0x01). */
export function readBoolean(r: BufferReader, what: string): boolean {
  return r.u8(what) !== 0;
}

export function readAccessSelection(r: BufferReader): SelectiveAccess | null {
  if (!readPresence(r, 'access-selection')) return null;
  const selector = r.u8('access-selector');
  return { selector, parameters: decodeData(r) };
}

export function writeAccessSelection(w: BufferWriter, s: SelectiveAccess | null | undefined): void {
  if (!s) {
    w.u8(0);
    return;
  }
  checkRange(s.selector, 0, 255, 'access selector');
  w.u8(1).u8(s.selector);
  encodeData(w, s.parameters);
}

export function readAttributeWithSelection(r: BufferReader): AttributeWithSelection {
  const d = readAttributeDescriptor(r) as AttributeWithSelection;
  d.accessSelection = readAccessSelection(r);
  return d;
}

export function writeAttributeWithSelection(w: BufferWriter, d: AttributeWithSelection): void {
  writeAttributeDescriptor(w, d);
  writeAccessSelection(w, d.accessSelection);
}

// ---------------------------------------------------------------------------------------------
// Sequences and results

/**
 * A-XDR SEQUENCE OF: a count then the items. Each item takes at least `minItemSize` octets, so a
 * count larger than the input can hold is refused before any allocation.
 */
export function readSequenceOf<T>(r: BufferReader, what: string, minItemSize: number, item: (r: BufferReader) => T): T[] {
  const at = r.pos;
  const n = r.axdrLength(`${what} count`);
  if (n * minItemSize > r.remaining) {
    r.fail(`${what}: ${n} item(s) announced but only ${r.remaining} octet(s) follow`, at, 'truncated');
  }
  const out: T[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = item(r);
  return out;
}

export function writeSequenceOf<T>(w: BufferWriter, items: readonly T[], item: (w: BufferWriter, v: T) => void): void {
  w.axdrLength(items.length);
  for (const v of items) item(w, v);
}

/** Get-Data-Result: data [0] Data, or data-access-result [1] (also Action return-parameters). */
export type GetDataResult = { data: DlmsData } | { dataAccessResult: number };

export function readGetDataResult(r: BufferReader): GetDataResult {
  const at = r.pos;
  const choice = r.u8('Get-Data-Result choice');
  if (choice === 0) return { data: decodeData(r) };
  if (choice === 1) return { dataAccessResult: r.u8('data-access-result') };
  return r.fail(`Get-Data-Result: expected choice 0 (data) or 1 (data-access-result), found ${choice}`, at);
}

export function writeGetDataResult(w: BufferWriter, res: GetDataResult): void {
  if ('data' in res) {
    w.u8(0);
    encodeData(w, res.data);
  } else {
    checkRange(res.dataAccessResult, 0, 255, 'data-access-result');
    w.u8(1).u8(res.dataAccessResult);
  }
}

export function readEnum(r: BufferReader, what: string): number {
  return r.u8(what);
}

export function writeEnum(w: BufferWriter, v: number, what: string): void {
  checkRange(v, 0, 255, what);
  w.u8(v);
}

/** DataBlock-SA (SET and ACTION blocks): last-block, block-number Unsigned32, raw-data. */
export interface DataBlockSA {
  lastBlock: boolean;
  blockNumber: number;
  rawData: Buffer;
}

export function readDataBlockSA(r: BufferReader): DataBlockSA {
  const lastBlock = readBoolean(r, 'last-block');
  const blockNumber = r.u32('block-number');
  const n = r.axdrLength('raw-data length');
  return { lastBlock, blockNumber, rawData: r.bytes(n, 'raw-data') };
}

export function writeDataBlockSA(w: BufferWriter, b: DataBlockSA): void {
  checkRange(b.blockNumber, 0, 0xffffffff, 'block number');
  w.u8(b.lastBlock ? 1 : 0).u32(b.blockNumber);
  writeOctetString(w, b.rawData);
}

export function writeOctetString(w: BufferWriter, b: Uint8Array): void {
  w.axdrLength(b.length);
  w.bytes(b);
}

export function readOctetString(r: BufferReader, what: string): Buffer {
  const n = r.axdrLength(`${what} length`);
  return r.bytes(n, what);
}
