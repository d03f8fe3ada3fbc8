import type { BufferReader } from '../codec/buffer-reader';
import type { BufferWriter } from '../codec/buffer-writer';
import { decodeData, encodeData } from '../codec/axdr';
import type { DlmsData } from '../codec/data';
import { checkRange, readBoolean, readOctetString, readPresence, readSequenceOf, writeEnum, writeOctetString, writeSequenceOf } from './common';
import { EncodeError } from '../errors';

/**
 * Short-name referencing services (IEC 62056-5-3 / Green Book 9.5: ReadRequest [5],
 * WriteRequest [6], ReadResponse [12], WriteResponse [13], UnconfirmedWriteRequest [22],
 * InformationReportRequest [24]). ObjectName is carried as an unsigned 16-bit base name.
 */
export const READ_REQUEST_TAG = 0x05;
export const WRITE_REQUEST_TAG = 0x06;
export const READ_RESPONSE_TAG = 0x0c;
export const WRITE_RESPONSE_TAG = 0x0d;
export const UNCONFIRMED_WRITE_REQUEST_TAG = 0x16;
export const INFORMATION_REPORT_REQUEST_TAG = 0x18;

/** Variable-Access-Specification; the variants are told apart by their fields. */
export type VariableAccessSpecification =
  | { variableName: number } // [2] variable-name
  | { variableName: number; selector: number; parameter: DlmsData } // [4] parameterized-access
  | { blockNumber: number } // [5] block-number-access
  | { lastBlock: boolean; blockNumber: number; rawData: Buffer } // [6] read-data-block-access
  | { lastBlock: boolean; blockNumber: number }; // [7] write-data-block-access

export interface ReadRequest {
  service: 'read-request';
  variables: VariableAccessSpecification[];
}

/** ReadResponse item: data [0], data-access-error [1], data-block-result [2], block-number [3]. */
export type ReadResult =
  | { data: DlmsData }
  | { dataAccessError: number }
  | { dataBlockResult: { lastBlock: boolean; blockNumber: number; rawData: Buffer } }
  | { blockNumber: number };

export interface ReadResponse {
  service: 'read-response';
  results: ReadResult[];
}

export interface WriteRequest {
  service: 'write-request';
  variables: VariableAccessSpecification[];
  values: DlmsData[];
}

export interface UnconfirmedWriteRequest {
  service: 'unconfirmed-write-request';
  variables: VariableAccessSpecification[];
  values: DlmsData[];
}

/** WriteResponse item: success [0], data-access-error [1], block-number [2]. */
export type SnWriteResult = 'success' | { dataAccessError: number } | { blockNumber: number };

export interface WriteResponse {
  service: 'write-response';
  results: SnWriteResult[];
}

export interface InformationReportRequest {
  service: 'information-report-request';
  /** current-time (GeneralizedTime) OPTIONAL, its raw octets. */
  currentTime: Buffer | null;
  variables: VariableAccessSpecification[];
  values: DlmsData[];
}

export type ShortNameApdu = ReadRequest | ReadResponse | WriteRequest | UnconfirmedWriteRequest | WriteResponse | InformationReportRequest;

function readVariable(r: BufferReader): VariableAccessSpecification {
  const at = r.pos;
  const choice = r.u8('Variable-Access-Specification choice');
  switch (choice) {
    case 2:
      return { variableName: r.u16('variable-name') };
    case 4: {
      const variableName = r.u16('variable-name');
      const selector = r.u8('selector');
      return { variableName, selector, parameter: decodeData(r) };
    }
    case 5:
      return { blockNumber: r.u16('block-number') };
    case 6: {
      const lastBlock = readBoolean(r, 'last-block');
      const blockNumber = r.u16('block-number');
      return { lastBlock, blockNumber, rawData: readOctetString(r, 'raw-data') };
    }
    case 7: {
      const lastBlock = readBoolean(r, 'last-block');
      return { lastBlock, blockNumber: r.u16('block-number') };
    }
    default:
      return r.fail(`unsupported Variable-Access-Specification choice ${choice} (expected 2, 4, 5, 6 or 7)`, at);
  }
}

function writeVariable(w: BufferWriter, v: VariableAccessSpecification): void {
  if ('variableName' in v) {
    checkRange(v.variableName, 0, 0xffff, 'variable name');
    if ('selector' in v) {
      checkRange(v.selector, 0, 255, 'selector');
      w.u8(4).u16(v.variableName).u8(v.selector);
      encodeData(w, v.parameter);
    } else {
      w.u8(2).u16(v.variableName);
    }
    return;
  }
  checkRange(v.blockNumber, 0, 0xffff, 'block number');
  if (!('lastBlock' in v)) {
    w.u8(5).u16(v.blockNumber);
  } else if ('rawData' in v) {
    w.u8(6).u8(v.lastBlock ? 1 : 0).u16(v.blockNumber);
    writeOctetString(w, v.rawData);
  } else {
    w.u8(7).u8(v.lastBlock ? 1 : 0).u16(v.blockNumber);
  }
}

const readVariables = (r: BufferReader) => readSequenceOf(r, 'variable-access-specification list', 3, readVariable);
const readValues = (r: BufferReader) => readSequenceOf(r, 'list-of-data', 1, decodeData);

function readReadResult(r: BufferReader): ReadResult {
  const at = r.pos;
  const choice = r.u8('ReadResponse choice');
  switch (choice) {
    case 0:
      return { data: decodeData(r) };
    case 1:
      return { dataAccessError: r.u8('data-access-error') };
    case 2: {
      const lastBlock = readBoolean(r, 'last-block');
      const blockNumber = r.u16('block-number');
      return { dataBlockResult: { lastBlock, blockNumber, rawData: readOctetString(r, 'raw-data') } };
    }
    case 3:
      return { blockNumber: r.u16('block-number') };
    default:
      return r.fail(`unknown ReadResponse choice ${choice} (expected 0 to 3)`, at);
  }
}

function writeReadResult(w: BufferWriter, v: ReadResult): void {
  if ('data' in v) {
    w.u8(0);
    encodeData(w, v.data);
  } else if ('dataAccessError' in v) {
    w.u8(1);
    writeEnum(w, v.dataAccessError, 'data-access-error');
  } else if ('dataBlockResult' in v) {
    const b = v.dataBlockResult;
    checkRange(b.blockNumber, 0, 0xffff, 'block number');
    w.u8(2).u8(b.lastBlock ? 1 : 0).u16(b.blockNumber);
    writeOctetString(w, b.rawData);
  } else {
    checkRange(v.blockNumber, 0, 0xffff, 'block number');
    w.u8(3).u16(v.blockNumber);
  }
}

function readWriteResult(r: BufferReader): SnWriteResult {
  const at = r.pos;
  const choice = r.u8('WriteResponse choice');
  if (choice === 0) return 'success';
  if (choice === 1) return { dataAccessError: r.u8('data-access-error') };
  if (choice === 2) return { blockNumber: r.u16('block-number') };
  return r.fail(`unknown WriteResponse choice ${choice} (expected 0 to 2)`, at);
}

function writeWriteResult(w: BufferWriter, v: SnWriteResult): void {
  if (v === 'success') w.u8(0);
  else if (typeof v === 'object' && 'dataAccessError' in v) {
    w.u8(1);
    writeEnum(w, v.dataAccessError, 'data-access-error');
  } else if (typeof v === 'object' && 'blockNumber' in v) {
    checkRange(v.blockNumber, 0, 0xffff, 'block number');
    w.u8(2).u16(v.blockNumber);
  } else throw new EncodeError(`invalid WriteResponse item ${JSON.stringify(v)}`);
}

/** Decode the body of a short-name APDU whose tag has been read. */
export function decodeShortName(r: BufferReader, tag: number): ShortNameApdu {
  switch (tag) {
    case READ_REQUEST_TAG:
      return { service: 'read-request', variables: readVariables(r) };
    case READ_RESPONSE_TAG:
      return { service: 'read-response', results: readSequenceOf(r, 'ReadResponse list', 2, readReadResult) };
    case WRITE_REQUEST_TAG:
    case UNCONFIRMED_WRITE_REQUEST_TAG: {
      const variables = readVariables(r);
      const service = tag === WRITE_REQUEST_TAG ? 'write-request' : 'unconfirmed-write-request';
      return { service, variables, values: readValues(r) };
    }
    case WRITE_RESPONSE_TAG:
      return { service: 'write-response', results: readSequenceOf(r, 'WriteResponse list', 1, readWriteResult) };
    case INFORMATION_REPORT_REQUEST_TAG: {
      const currentTime = readPresence(r, 'current-time') ? readOctetString(r, 'current-time') : null;
      const variables = readVariables(r);
      return { service: 'information-report-request', currentTime, variables, values: readValues(r) };
    }
    default:
      return r.fail(`not a short-name APDU tag 0x${tag.toString(16)}`, r.pos - 1);
  }
}

export function encodeShortName(w: BufferWriter, a: ShortNameApdu): void {
  switch (a.service) {
    case 'read-request':
      w.u8(READ_REQUEST_TAG);
      writeSequenceOf(w, a.variables, writeVariable);
      return;
    case 'read-response':
      w.u8(READ_RESPONSE_TAG);
      writeSequenceOf(w, a.results, writeReadResult);
      return;
    case 'write-request':
    case 'unconfirmed-write-request':
      w.u8(a.service === 'write-request' ? WRITE_REQUEST_TAG : UNCONFIRMED_WRITE_REQUEST_TAG);
      writeSequenceOf(w, a.variables, writeVariable);
      writeSequenceOf(w, a.values, encodeData);
      return;
    case 'write-response':
      w.u8(WRITE_RESPONSE_TAG);
      writeSequenceOf(w, a.results, writeWriteResult);
      return;
    case 'information-report-request':
      w.u8(INFORMATION_REPORT_REQUEST_TAG);
      if (a.currentTime) {
        w.u8(1);
        writeOctetString(w, a.currentTime);
      } else {
        w.u8(0);
      }
      writeSequenceOf(w, a.variables, writeVariable);
      writeSequenceOf(w, a.values, encodeData);
  }
}
