/**
 * Logical-name services of the client (Green Book 9.3): GET (normal, with-list, next blocks),
 * SET (normal, first-datablock / datablock) and ACTION (normal, first-pblock / pblock, next-pblock).
 */
import type { PlainApdu } from '../apdu/apdu';
import type { ActionResponse } from '../apdu/action';
import { readGetDataResult, readSequenceOf, type AttributeWithSelection, type CosemMethodDescriptor, type GetDataResult, type InvokeIdAndPriority } from '../apdu/common';
import { decodeDataFrom, encodeDataToBuffer } from '../codec/axdr';
import { BufferReader } from '../codec/buffer-reader';
import type { DlmsData } from '../codec/data';
import { DlmsError, type ErrorContext } from '../errors';
import type { ApduExchange } from './exchange';

/** A GET result: decoded data, the raw A-XDR octets of a block transfer (fast profile path), or a refusal. */
export type RawGetResult = { data: DlmsData } | { raw: Buffer } | { dataAccessResult: number };

export interface ServiceContext {
  ex: ApduExchange;
  /** Largest APDU the meter accepts (negotiated). */
  serverMaxPdu: number;
  /** Octets the ciphering adds around an APDU (0 without ciphering). */
  overhead: number;
  meter?: string;
}

/** Bound on a long GET: a meter that never sets last-block must not keep the client forever. */
const MAX_BLOCKS = 100_000;

function header(ex: ApduExchange): InvokeIdAndPriority {
  return { invokeId: ex.nextInvokeId(), priority: 'high', serviceClass: 'confirmed' };
}

function unexpected(got: PlainApdu, want: string, context: ErrorContext): DlmsError {
  return new DlmsError('unexpected-response', `the meter answered a ${want} with ${got.service}`, context);
}

function checkInvokeId(sent: InvokeIdAndPriority, got: { invokeId?: number }, context: ErrorContext): void {
  if (got.invokeId !== undefined && got.invokeId !== sent.invokeId) {
    throw new DlmsError('unexpected-response', `the meter answered invoke id ${got.invokeId} to request ${sent.invokeId}: a late answer to an earlier request; retry`, context);
  }
}

/** Octets for one block of SET/ACTION data that fit in the meter's PDU. */
export function blockSize(c: ServiceContext): number {
  return Math.max(16, c.serverMaxPdu - c.overhead - 24);
}

/** Collect GET-Response-With-Datablock blocks with GET-Request-Next. */
async function collectBlocks(c: ServiceContext, first: PlainApdu, context: ErrorContext): Promise<{ raw: Buffer } | { dataAccessResult: number }> {
  const parts: Buffer[] = [];
  let r = first;
  for (let n = 0; n < MAX_BLOCKS; n++) {
    if (r.service !== 'get-response-with-datablock') throw unexpected(r, 'GET-Request-Next', context);
    if ('dataAccessResult' in r.result) return { dataAccessResult: r.result.dataAccessResult };
    parts.push(r.result.rawData);
    if (r.lastBlock) return { raw: Buffer.concat(parts) };
    const h = header(c.ex);
    r = await c.ex.request({ service: 'get-request-next', ...h, blockNumber: r.blockNumber }, context);
  }
  throw new DlmsError('unexpected-response', `the meter sent more than ${MAX_BLOCKS} blocks without a last one`, context);
}

export async function lnGet(c: ServiceContext, d: AttributeWithSelection, context: ErrorContext): Promise<RawGetResult> {
  const h = header(c.ex);
  const r = await c.ex.request({ service: 'get-request-normal', ...h, ...d }, context);
  if (r.service === 'get-response-normal') {
    checkInvokeId(h, r, context);
    return r.result;
  }
  if (r.service === 'get-response-with-datablock') return collectBlocks(c, r, context);
  throw unexpected(r, 'GET-Request-Normal', context);
}

export async function lnGetList(c: ServiceContext, list: AttributeWithSelection[], context: ErrorContext): Promise<GetDataResult[]> {
  const h = header(c.ex);
  const r = await c.ex.request({ service: 'get-request-with-list', ...h, attributes: list }, context);
  let results: GetDataResult[];
  if (r.service === 'get-response-with-list') {
    checkInvokeId(h, r, context);
    results = r.results;
  } else if (r.service === 'get-response-with-datablock') {
    const got = await collectBlocks(c, r, context);
    if ('dataAccessResult' in got) return list.map(() => ({ dataAccessResult: got.dataAccessResult }));
    const reader = new BufferReader(got.raw);
    results = readSequenceOf(reader, 'list of Get-Data-Result', 2, readGetDataResult);
  } else if (r.service === 'get-response-normal' && list.length === 1) {
    results = [r.result];
  } else {
    throw unexpected(r, 'GET-Request-With-List', context);
  }
  if (results.length !== list.length) {
    throw new DlmsError('unexpected-response', `the meter answered ${results.length} results to a list of ${list.length}`, context);
  }
  return results;
}

/** The raw octets of a datablock transfer as Data. */
export function rawToData(r: RawGetResult): { data: DlmsData } | { dataAccessResult: number } {
  if ('raw' in r) return { data: decodeDataFrom(r.raw) };
  return r;
}

/** SET one attribute; returns the Data-Access-Result (0 = success). */
export async function lnSet(c: ServiceContext, d: AttributeWithSelection, value: DlmsData, context: ErrorContext): Promise<number> {
  const encoded = encodeDataToBuffer(value);
  const size = blockSize(c);
  if (encoded.length + 16 <= c.serverMaxPdu - c.overhead) {
    const h = header(c.ex);
    const r = await c.ex.request({ service: 'set-request-normal', ...h, ...d, value }, context);
    if (r.service !== 'set-response-normal') throw unexpected(r, 'SET-Request-Normal', context);
    checkInvokeId(h, r, context);
    return r.result;
  }
  let block = 1;
  for (let at = 0; ; block++) {
    const rawData = encoded.subarray(at, at + size);
    at += rawData.length;
    const lastBlock = at >= encoded.length;
    const h = header(c.ex);
    const req: PlainApdu = block === 1
      ? { service: 'set-request-with-first-datablock', ...h, ...d, lastBlock, blockNumber: block, rawData }
      : { service: 'set-request-with-datablock', ...h, lastBlock, blockNumber: block, rawData };
    const r = await c.ex.request(req, context);
    if (r.service === 'set-response-last-datablock') return r.result;
    if (r.service === 'set-response-normal') return r.result; // a meter that stops the transfer early
    if (r.service !== 'set-response-datablock') throw unexpected(r, 'SET-Request-With-Datablock', context);
    if (r.blockNumber !== block) throw new DlmsError('unexpected-response', `the meter acknowledged SET block ${r.blockNumber} instead of ${block}`, context);
    if (lastBlock) throw new DlmsError('unexpected-response', 'the meter asked for more SET blocks after the last one', context);
  }
}

export interface LnActionResult {
  result: number;
  data?: DlmsData;
  dataAccessResult?: number;
}

/** ACTION on one method, parameters in blocks when they do not fit, long results collected. */
export async function lnAction(c: ServiceContext, m: CosemMethodDescriptor, parameters: DlmsData | null, context: ErrorContext): Promise<LnActionResult> {
  const encoded = parameters ? encodeDataToBuffer(parameters) : Buffer.alloc(0);
  let r: PlainApdu;
  if (encoded.length + 16 <= c.serverMaxPdu - c.overhead) {
    const h = header(c.ex);
    r = await c.ex.request({ service: 'action-request-normal', ...h, ...m, parameters }, context);
    if ('invokeId' in r) checkInvokeId(h, r, context);
  } else {
    const size = blockSize(c);
    let block = 1;
    for (let at = 0; ; block++) {
      const rawData = encoded.subarray(at, at + size);
      at += rawData.length;
      const lastBlock = at >= encoded.length;
      const h = header(c.ex);
      const req: PlainApdu = block === 1
        ? { service: 'action-request-with-first-pblock', ...h, ...m, lastBlock, blockNumber: block, rawData }
        : { service: 'action-request-with-pblock', ...h, lastBlock, blockNumber: block, rawData };
      r = await c.ex.request(req, context);
      if (lastBlock || r.service !== 'action-response-next-pblock') break;
      if (r.blockNumber !== block) throw new DlmsError('unexpected-response', `the meter acknowledged ACTION block ${r.blockNumber} instead of ${block}`, context);
    }
  }
  return actionOutcome(c, r, context);
}

async function actionOutcome(c: ServiceContext, first: PlainApdu, context: ErrorContext): Promise<LnActionResult> {
  let r = first;
  if (r.service === 'action-response-with-pblock') {
    const parts: Buffer[] = [];
    for (let n = 0; n < MAX_BLOCKS; n++) {
      const blk = r as Extract<ActionResponse, { service: 'action-response-with-pblock' }>;
      parts.push(blk.rawData);
      if (blk.lastBlock) return { result: 0, data: decodeDataFrom(Buffer.concat(parts)) };
      const h = header(c.ex);
      r = await c.ex.request({ service: 'action-request-next-pblock', ...h, blockNumber: blk.blockNumber }, context);
      if (r.service === 'action-response-normal') break;
      if (r.service !== 'action-response-with-pblock') throw unexpected(r, 'ACTION-Request-Next-Pblock', context);
    }
  }
  if (r.service !== 'action-response-normal') throw unexpected(r, 'ACTION-Request', context);
  const out: LnActionResult = { result: r.result };
  const rp = r.returnParameters;
  if (rp) {
    if ('data' in rp) out.data = rp.data;
    else out.dataAccessResult = rp.dataAccessResult;
  }
  return out;
}
