import type { BufferReader } from '../codec/buffer-reader';
import type { BufferWriter } from '../codec/buffer-writer';
import { decodeData, encodeData } from '../codec/axdr';
import type { DlmsData } from '../codec/data';
import {
  checkRange,
  readAttributeWithSelection,
  readDataBlockSA,
  readEnum,
  readInvokeIdAndPriority,
  readSequenceOf,
  writeAttributeWithSelection,
  writeDataBlockSA,
  writeEnum,
  writeInvokeIdAndPriority,
  writeSequenceOf,
  type AttributeWithSelection,
  type DataBlockSA,
  type InvokeIdAndPriority,
} from './common';

/** SET service (Green Book 9.5, Set-Request [193] / Set-Response [197]). */
export const SET_REQUEST_TAG = 0xc1;
export const SET_RESPONSE_TAG = 0xc5;

export interface SetRequestNormal extends InvokeIdAndPriority, AttributeWithSelection {
  service: 'set-request-normal';
  value: DlmsData;
}
export interface SetRequestWithFirstDatablock extends InvokeIdAndPriority, AttributeWithSelection, DataBlockSA {
  service: 'set-request-with-first-datablock';
}
export interface SetRequestWithDatablock extends InvokeIdAndPriority, DataBlockSA {
  service: 'set-request-with-datablock';
}
export interface SetRequestWithList extends InvokeIdAndPriority {
  service: 'set-request-with-list';
  attributes: AttributeWithSelection[];
  values: DlmsData[];
}
export interface SetRequestWithListAndFirstDatablock extends InvokeIdAndPriority, DataBlockSA {
  service: 'set-request-with-list-and-first-datablock';
  attributes: AttributeWithSelection[];
}
export type SetRequest =
  | SetRequestNormal
  | SetRequestWithFirstDatablock
  | SetRequestWithDatablock
  | SetRequestWithList
  | SetRequestWithListAndFirstDatablock;

/** `result` values are Data-Access-Result numbers (see enums.ts DataAccessResult). */
export interface SetResponseNormal extends InvokeIdAndPriority {
  service: 'set-response-normal';
  result: number;
}
export interface SetResponseDatablock extends InvokeIdAndPriority {
  service: 'set-response-datablock';
  blockNumber: number;
}
export interface SetResponseLastDatablock extends InvokeIdAndPriority {
  service: 'set-response-last-datablock';
  result: number;
  blockNumber: number;
}
export interface SetResponseLastDatablockWithList extends InvokeIdAndPriority {
  service: 'set-response-last-datablock-with-list';
  results: number[];
  blockNumber: number;
}
export interface SetResponseWithList extends InvokeIdAndPriority {
  service: 'set-response-with-list';
  results: number[];
}
export type SetResponse =
  | SetResponseNormal
  | SetResponseDatablock
  | SetResponseLastDatablock
  | SetResponseLastDatablockWithList
  | SetResponseWithList;

const MIN_ATTRIBUTE = 10;

const readAttributes = (r: BufferReader) => readSequenceOf(r, 'attribute-descriptor-list', MIN_ATTRIBUTE, readAttributeWithSelection);
const readResult = (r: BufferReader) => readEnum(r, 'data-access-result');
const writeResult = (w: BufferWriter, v: number) => writeEnum(w, v, 'data-access-result');

export function decodeSetRequest(r: BufferReader): SetRequest {
  const at = r.pos;
  const choice = r.u8('Set-Request choice');
  const h = readInvokeIdAndPriority(r);
  switch (choice) {
    case 1: {
      const d = readAttributeWithSelection(r);
      return { service: 'set-request-normal', ...h, ...d, value: decodeData(r) };
    }
    case 2: {
      const d = readAttributeWithSelection(r);
      return { service: 'set-request-with-first-datablock', ...h, ...d, ...readDataBlockSA(r) };
    }
    case 3:
      return { service: 'set-request-with-datablock', ...h, ...readDataBlockSA(r) };
    case 4: {
      const attributes = readAttributes(r);
      return { service: 'set-request-with-list', ...h, attributes, values: readSequenceOf(r, 'value-list', 1, decodeData) };
    }
    case 5: {
      const attributes = readAttributes(r);
      return { service: 'set-request-with-list-and-first-datablock', ...h, attributes, ...readDataBlockSA(r) };
    }
    default:
      return r.fail(`unknown Set-Request choice ${choice} (expected 1 to 5)`, at);
  }
}

export function encodeSetRequest(w: BufferWriter, a: SetRequest): void {
  w.u8(SET_REQUEST_TAG);
  switch (a.service) {
    case 'set-request-normal':
      w.u8(1);
      writeInvokeIdAndPriority(w, a);
      writeAttributeWithSelection(w, a);
      encodeData(w, a.value);
      return;
    case 'set-request-with-first-datablock':
      w.u8(2);
      writeInvokeIdAndPriority(w, a);
      writeAttributeWithSelection(w, a);
      writeDataBlockSA(w, a);
      return;
    case 'set-request-with-datablock':
      w.u8(3);
      writeInvokeIdAndPriority(w, a);
      writeDataBlockSA(w, a);
      return;
    case 'set-request-with-list':
      w.u8(4);
      writeInvokeIdAndPriority(w, a);
      writeSequenceOf(w, a.attributes, writeAttributeWithSelection);
      writeSequenceOf(w, a.values, encodeData);
      return;
    case 'set-request-with-list-and-first-datablock':
      w.u8(5);
      writeInvokeIdAndPriority(w, a);
      writeSequenceOf(w, a.attributes, writeAttributeWithSelection);
      writeDataBlockSA(w, a);
  }
}

export function decodeSetResponse(r: BufferReader): SetResponse {
  const at = r.pos;
  const choice = r.u8('Set-Response choice');
  const h = readInvokeIdAndPriority(r);
  switch (choice) {
    case 1:
      return { service: 'set-response-normal', ...h, result: readResult(r) };
    case 2:
      return { service: 'set-response-datablock', ...h, blockNumber: r.u32('block-number') };
    case 3: {
      const result = readResult(r);
      return { service: 'set-response-last-datablock', ...h, result, blockNumber: r.u32('block-number') };
    }
    case 4: {
      const results = readSequenceOf(r, 'result list', 1, readResult);
      return { service: 'set-response-last-datablock-with-list', ...h, results, blockNumber: r.u32('block-number') };
    }
    case 5:
      return { service: 'set-response-with-list', ...h, results: readSequenceOf(r, 'result list', 1, readResult) };
    default:
      return r.fail(`unknown Set-Response choice ${choice} (expected 1 to 5)`, at);
  }
}

export function encodeSetResponse(w: BufferWriter, a: SetResponse): void {
  w.u8(SET_RESPONSE_TAG);
  switch (a.service) {
    case 'set-response-normal':
      w.u8(1);
      writeInvokeIdAndPriority(w, a);
      writeResult(w, a.result);
      return;
    case 'set-response-datablock':
      w.u8(2);
      writeInvokeIdAndPriority(w, a);
      checkRange(a.blockNumber, 0, 0xffffffff, 'block number');
      w.u32(a.blockNumber);
      return;
    case 'set-response-last-datablock':
      w.u8(3);
      writeInvokeIdAndPriority(w, a);
      writeResult(w, a.result);
      checkRange(a.blockNumber, 0, 0xffffffff, 'block number');
      w.u32(a.blockNumber);
      return;
    case 'set-response-last-datablock-with-list':
      w.u8(4);
      writeInvokeIdAndPriority(w, a);
      writeSequenceOf(w, a.results, writeResult);
      checkRange(a.blockNumber, 0, 0xffffffff, 'block number');
      w.u32(a.blockNumber);
      return;
    case 'set-response-with-list':
      w.u8(5);
      writeInvokeIdAndPriority(w, a);
      writeSequenceOf(w, a.results, writeResult);
  }
}
