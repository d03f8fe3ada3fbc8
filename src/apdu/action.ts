import type { BufferReader } from '../codec/buffer-reader';
import type { BufferWriter } from '../codec/buffer-writer';
import { decodeData, encodeData } from '../codec/axdr';
import type { DlmsData } from '../codec/data';
import {
  checkRange,
  readDataBlockSA,
  readEnum,
  readGetDataResult,
  readInvokeIdAndPriority,
  readMethodDescriptor,
  readPresence,
  readSequenceOf,
  writeDataBlockSA,
  writeEnum,
  writeGetDataResult,
  writeInvokeIdAndPriority,
  writeMethodDescriptor,
  writeSequenceOf,
  type CosemMethodDescriptor,
  type DataBlockSA,
  type GetDataResult,
  type InvokeIdAndPriority,
} from './common';

/** ACTION service (Green Book 9.5, Action-Request [195] / Action-Response [199]). */
export const ACTION_REQUEST_TAG = 0xc3;
export const ACTION_RESPONSE_TAG = 0xc7;

export interface ActionRequestNormal extends InvokeIdAndPriority, CosemMethodDescriptor {
  service: 'action-request-normal';
  /** method-invocation-parameters, OPTIONAL. */
  parameters: DlmsData | null;
}
export interface ActionRequestNextPblock extends InvokeIdAndPriority {
  service: 'action-request-next-pblock';
  blockNumber: number;
}
export interface ActionRequestWithList extends InvokeIdAndPriority {
  service: 'action-request-with-list';
  methods: CosemMethodDescriptor[];
  parameters: DlmsData[];
}
export interface ActionRequestWithFirstPblock extends InvokeIdAndPriority, CosemMethodDescriptor, DataBlockSA {
  service: 'action-request-with-first-pblock';
}
export interface ActionRequestWithListAndFirstPblock extends InvokeIdAndPriority, DataBlockSA {
  service: 'action-request-with-list-and-first-pblock';
  methods: CosemMethodDescriptor[];
}
export interface ActionRequestWithPblock extends InvokeIdAndPriority, DataBlockSA {
  service: 'action-request-with-pblock';
}
export type ActionRequest =
  | ActionRequestNormal
  | ActionRequestNextPblock
  | ActionRequestWithList
  | ActionRequestWithFirstPblock
  | ActionRequestWithListAndFirstPblock
  | ActionRequestWithPblock;

/** Action-Response-With-Optional-Data: an Action-Result number and optional return parameters. */
export interface ActionResponseWithOptionalData {
  result: number;
  returnParameters: GetDataResult | null;
}
export interface ActionResponseNormal extends InvokeIdAndPriority, ActionResponseWithOptionalData {
  service: 'action-response-normal';
}
export interface ActionResponseWithPblock extends InvokeIdAndPriority, DataBlockSA {
  service: 'action-response-with-pblock';
}
export interface ActionResponseWithList extends InvokeIdAndPriority {
  service: 'action-response-with-list';
  results: ActionResponseWithOptionalData[];
}
export interface ActionResponseNextPblock extends InvokeIdAndPriority {
  service: 'action-response-next-pblock';
  blockNumber: number;
}
export type ActionResponse = ActionResponseNormal | ActionResponseWithPblock | ActionResponseWithList | ActionResponseNextPblock;

/** class-id 2 + OBIS 6 + method-id 1. */
const MIN_METHOD = 9;

const readMethods = (r: BufferReader) => readSequenceOf(r, 'method-descriptor-list', MIN_METHOD, readMethodDescriptor);

function readActionResult(r: BufferReader): ActionResponseWithOptionalData {
  const result = readEnum(r, 'action-result');
  return { result, returnParameters: readPresence(r, 'return-parameters') ? readGetDataResult(r) : null };
}

function writeActionResult(w: BufferWriter, a: ActionResponseWithOptionalData): void {
  writeEnum(w, a.result, 'action-result');
  if (a.returnParameters) {
    w.u8(1);
    writeGetDataResult(w, a.returnParameters);
  } else {
    w.u8(0);
  }
}

export function decodeActionRequest(r: BufferReader): ActionRequest {
  const at = r.pos;
  const choice = r.u8('Action-Request choice');
  const h = readInvokeIdAndPriority(r);
  switch (choice) {
    case 1: {
      const m = readMethodDescriptor(r);
      const parameters = readPresence(r, 'method-invocation-parameters') ? decodeData(r) : null;
      return { service: 'action-request-normal', ...h, ...m, parameters };
    }
    case 2:
      return { service: 'action-request-next-pblock', ...h, blockNumber: r.u32('block-number') };
    case 3: {
      const methods = readMethods(r);
      return { service: 'action-request-with-list', ...h, methods, parameters: readSequenceOf(r, 'method-invocation-parameters', 1, decodeData) };
    }
    case 4: {
      const m = readMethodDescriptor(r);
      return { service: 'action-request-with-first-pblock', ...h, ...m, ...readDataBlockSA(r) };
    }
    case 5: {
      const methods = readMethods(r);
      return { service: 'action-request-with-list-and-first-pblock', ...h, methods, ...readDataBlockSA(r) };
    }
    case 6:
      return { service: 'action-request-with-pblock', ...h, ...readDataBlockSA(r) };
    default:
      return r.fail(`unknown Action-Request choice ${choice} (expected 1 to 6)`, at);
  }
}

export function encodeActionRequest(w: BufferWriter, a: ActionRequest): void {
  w.u8(ACTION_REQUEST_TAG);
  switch (a.service) {
    case 'action-request-normal':
      w.u8(1);
      writeInvokeIdAndPriority(w, a);
      writeMethodDescriptor(w, a);
      if (a.parameters) {
        w.u8(1);
        encodeData(w, a.parameters);
      } else {
        w.u8(0);
      }
      return;
    case 'action-request-next-pblock':
      w.u8(2);
      writeInvokeIdAndPriority(w, a);
      checkRange(a.blockNumber, 0, 0xffffffff, 'block number');
      w.u32(a.blockNumber);
      return;
    case 'action-request-with-list':
      w.u8(3);
      writeInvokeIdAndPriority(w, a);
      writeSequenceOf(w, a.methods, writeMethodDescriptor);
      writeSequenceOf(w, a.parameters, encodeData);
      return;
    case 'action-request-with-first-pblock':
      w.u8(4);
      writeInvokeIdAndPriority(w, a);
      writeMethodDescriptor(w, a);
      writeDataBlockSA(w, a);
      return;
    case 'action-request-with-list-and-first-pblock':
      w.u8(5);
      writeInvokeIdAndPriority(w, a);
      writeSequenceOf(w, a.methods, writeMethodDescriptor);
      writeDataBlockSA(w, a);
      return;
    case 'action-request-with-pblock':
      w.u8(6);
      writeInvokeIdAndPriority(w, a);
      writeDataBlockSA(w, a);
  }
}

export function decodeActionResponse(r: BufferReader): ActionResponse {
  const at = r.pos;
  const choice = r.u8('Action-Response choice');
  const h = readInvokeIdAndPriority(r);
  switch (choice) {
    case 1:
      return { service: 'action-response-normal', ...h, ...readActionResult(r) };
    case 2:
      return { service: 'action-response-with-pblock', ...h, ...readDataBlockSA(r) };
    case 3:
      return { service: 'action-response-with-list', ...h, results: readSequenceOf(r, 'action result list', 2, readActionResult) };
    case 4:
      return { service: 'action-response-next-pblock', ...h, blockNumber: r.u32('block-number') };
    default:
      return r.fail(`unknown Action-Response choice ${choice} (expected 1 to 4)`, at);
  }
}

export function encodeActionResponse(w: BufferWriter, a: ActionResponse): void {
  w.u8(ACTION_RESPONSE_TAG);
  switch (a.service) {
    case 'action-response-normal':
      w.u8(1);
      writeInvokeIdAndPriority(w, a);
      writeActionResult(w, a);
      return;
    case 'action-response-with-pblock':
      w.u8(2);
      writeInvokeIdAndPriority(w, a);
      writeDataBlockSA(w, a);
      return;
    case 'action-response-with-list':
      w.u8(3);
      writeInvokeIdAndPriority(w, a);
      writeSequenceOf(w, a.results, writeActionResult);
      return;
    case 'action-response-next-pblock':
      w.u8(4);
      writeInvokeIdAndPriority(w, a);
      checkRange(a.blockNumber, 0, 0xffffffff, 'block number');
      w.u32(a.blockNumber);
  }
}
