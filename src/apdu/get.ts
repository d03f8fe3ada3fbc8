import type { BufferReader } from '../codec/buffer-reader';
import type { BufferWriter } from '../codec/buffer-writer';
import {
  checkRange,
  readAttributeWithSelection,
  readBoolean,
  readGetDataResult,
  readInvokeIdAndPriority,
  readOctetString,
  readSequenceOf,
  writeAttributeWithSelection,
  writeGetDataResult,
  writeInvokeIdAndPriority,
  writeOctetString,
  writeSequenceOf,
  type AttributeWithSelection,
  type GetDataResult,
  type InvokeIdAndPriority,
} from './common';

/** GET service (Green Book 9.5, Get-Request [192] / Get-Response [196]). */
export const GET_REQUEST_TAG = 0xc0;
export const GET_RESPONSE_TAG = 0xc4;

export interface GetRequestNormal extends InvokeIdAndPriority, AttributeWithSelection {
  service: 'get-request-normal';
}
export interface GetRequestNext extends InvokeIdAndPriority {
  service: 'get-request-next';
  blockNumber: number;
}
export interface GetRequestWithList extends InvokeIdAndPriority {
  service: 'get-request-with-list';
  attributes: AttributeWithSelection[];
}
export type GetRequest = GetRequestNormal | GetRequestNext | GetRequestWithList;

export interface GetResponseNormal extends InvokeIdAndPriority {
  service: 'get-response-normal';
  result: GetDataResult;
}
/** DataBlock-G: one block of the encoded Data, or the reason the transfer stopped. */
export interface GetResponseWithDatablock extends InvokeIdAndPriority {
  service: 'get-response-with-datablock';
  lastBlock: boolean;
  blockNumber: number;
  result: { rawData: Buffer } | { dataAccessResult: number };
}
export interface GetResponseWithList extends InvokeIdAndPriority {
  service: 'get-response-with-list';
  results: GetDataResult[];
}
export type GetResponse = GetResponseNormal | GetResponseWithDatablock | GetResponseWithList;

/** Smallest Cosem-Attribute-Descriptor-With-Selection: 2 + 6 + 1 + 1 octets. */
const MIN_ATTRIBUTE = 10;

export function decodeGetRequest(r: BufferReader): GetRequest {
  const at = r.pos;
  const choice = r.u8('Get-Request choice');
  const h = readInvokeIdAndPriority(r);
  switch (choice) {
    case 1:
      return { service: 'get-request-normal', ...h, ...readAttributeWithSelection(r) };
    case 2:
      return { service: 'get-request-next', ...h, blockNumber: r.u32('block-number') };
    case 3:
      return { service: 'get-request-with-list', ...h, attributes: readSequenceOf(r, 'attribute-descriptor-list', MIN_ATTRIBUTE, readAttributeWithSelection) };
    default:
      return r.fail(`unknown Get-Request choice ${choice} (expected 1 normal, 2 next, 3 with-list)`, at);
  }
}

export function encodeGetRequest(w: BufferWriter, a: GetRequest): void {
  w.u8(GET_REQUEST_TAG);
  switch (a.service) {
    case 'get-request-normal':
      w.u8(1);
      writeInvokeIdAndPriority(w, a);
      writeAttributeWithSelection(w, a);
      return;
    case 'get-request-next':
      w.u8(2);
      writeInvokeIdAndPriority(w, a);
      checkRange(a.blockNumber, 0, 0xffffffff, 'block number');
      w.u32(a.blockNumber);
      return;
    case 'get-request-with-list':
      w.u8(3);
      writeInvokeIdAndPriority(w, a);
      writeSequenceOf(w, a.attributes, writeAttributeWithSelection);
  }
}

export function decodeGetResponse(r: BufferReader): GetResponse {
  const at = r.pos;
  const choice = r.u8('Get-Response choice');
  const h = readInvokeIdAndPriority(r);
  switch (choice) {
    case 1:
      return { service: 'get-response-normal', ...h, result: readGetDataResult(r) };
    case 2: {
      const lastBlock = readBoolean(r, 'last-block');
      const blockNumber = r.u32('block-number');
      const cat = r.pos;
      const c = r.u8('DataBlock-G result choice');
      let result: GetResponseWithDatablock['result'];
      if (c === 0) result = { rawData: readOctetString(r, 'raw-data') };
      else if (c === 1) result = { dataAccessResult: r.u8('data-access-result') };
      else return r.fail(`DataBlock-G result: expected choice 0 (raw-data) or 1 (data-access-result), found ${c}`, cat);
      return { service: 'get-response-with-datablock', ...h, lastBlock, blockNumber, result };
    }
    case 3:
      return { service: 'get-response-with-list', ...h, results: readSequenceOf(r, 'result list', 2, readGetDataResult) };
    default:
      return r.fail(`unknown Get-Response choice ${choice} (expected 1 normal, 2 with-datablock, 3 with-list)`, at);
  }
}

export function encodeGetResponse(w: BufferWriter, a: GetResponse): void {
  w.u8(GET_RESPONSE_TAG);
  switch (a.service) {
    case 'get-response-normal':
      w.u8(1);
      writeInvokeIdAndPriority(w, a);
      writeGetDataResult(w, a.result);
      return;
    case 'get-response-with-datablock':
      w.u8(2);
      writeInvokeIdAndPriority(w, a);
      checkRange(a.blockNumber, 0, 0xffffffff, 'block number');
      w.u8(a.lastBlock ? 1 : 0).u32(a.blockNumber);
      if ('rawData' in a.result) {
        w.u8(0);
        writeOctetString(w, a.result.rawData);
      } else {
        checkRange(a.result.dataAccessResult, 0, 255, 'data-access-result');
        w.u8(1).u8(a.result.dataAccessResult);
      }
      return;
    case 'get-response-with-list':
      w.u8(3);
      writeInvokeIdAndPriority(w, a);
      writeSequenceOf(w, a.results, writeGetDataResult);
  }
}
