/**
 * Short-name services (IEC 62056-5-3 SN referencing): ReadRequest / WriteRequest on variable
 * names. Attribute n of an object is at base + 8(n - 1); method m at base + first method
 * offset + 8(m - 1), the offsets of the Blue Book class tables. Methods are invoked with a
 * parameterized ReadRequest (selector 0) so that their return value comes back.
 */
import type { PlainApdu } from '../apdu/apdu';
import type { VariableAccessSpecification } from '../apdu/short-name';
import type { DlmsData } from '../codec/data';
import { DlmsError, InvalidArgumentError, type ErrorContext } from '../errors';
import type { RawGetResult, ServiceContext } from './services-ln';

export const ASSOCIATION_SN_BASE_NAME = 0xfa00;

/** First method offset of each interface class that has methods (Blue Book, SN column). */
const FIRST_METHOD_OFFSET: Readonly<Record<number, number>> = {
  1: 0x10, 3: 0x28, 4: 0x38, 5: 0x48, 6: 0x30, 7: 0x58, 8: 0x60, 9: 0x20, 10: 0x20, 11: 0x10,
  12: 0x20, 15: 0x60, 17: 0x20, 18: 0x40, 20: 0x50, 40: 0x38, 64: 0x30, 70: 0x20, 71: 0x20,
};

export function attributeShortName(baseName: number, attribute: number): number {
  return baseName + (attribute - 1) * 8;
}

export function methodShortName(baseName: number, classId: number, method: number): number {
  const first = FIRST_METHOD_OFFSET[classId];
  if (first === undefined) throw new InvalidArgumentError(`class ${classId} has no known short-name method offset; use LN referencing or check the class id`, { classId });
  return baseName + first + (method - 1) * 8;
}

const MAX_BLOCKS = 100_000;

function unexpected(got: PlainApdu, want: string, context: ErrorContext): DlmsError {
  return new DlmsError('unexpected-response', `the meter answered a ${want} with ${got.service}`, context);
}

/** One ReadRequest item; block transfers are followed with block-number-access requests. */
export async function snRead(c: ServiceContext, v: VariableAccessSpecification, context: ErrorContext): Promise<RawGetResult> {
  const results = await snReadList(c, [v], context);
  return results[0];
}

export async function snReadList(c: ServiceContext, vars: VariableAccessSpecification[], context: ErrorContext): Promise<RawGetResult[]> {
  const r = await c.ex.request({ service: 'read-request', variables: vars }, context);
  if (r.service !== 'read-response') throw unexpected(r, 'ReadRequest', context);
  if (r.results.length !== vars.length) throw new DlmsError('unexpected-response', `the meter answered ${r.results.length} results to ${vars.length} variables`, context);
  const out: RawGetResult[] = [];
  for (const item of r.results) {
    if ('data' in item) out.push({ data: item.data });
    else if ('dataAccessError' in item) out.push({ dataAccessResult: item.dataAccessError });
    else if ('dataBlockResult' in item) out.push(await followBlocks(c, item.dataBlockResult, context));
    else throw new DlmsError('unexpected-response', `the meter answered a read with block number ${item.blockNumber}`, context);
  }
  return out;
}

async function followBlocks(c: ServiceContext, first: { lastBlock: boolean; blockNumber: number; rawData: Buffer }, context: ErrorContext): Promise<RawGetResult> {
  const parts = [first.rawData];
  let blk = first;
  for (let n = 0; !blk.lastBlock; n++) {
    if (n > MAX_BLOCKS) throw new DlmsError('unexpected-response', `the meter sent more than ${MAX_BLOCKS} blocks without a last one`, context);
    const r = await c.ex.request({ service: 'read-request', variables: [{ blockNumber: blk.blockNumber }] }, context);
    if (r.service !== 'read-response' || r.results.length !== 1) throw unexpected(r, 'block-number ReadRequest', context);
    const item = r.results[0];
    if ('dataAccessError' in item) return { dataAccessResult: item.dataAccessError };
    if (!('dataBlockResult' in item)) throw new DlmsError('unexpected-response', 'the meter stopped a block transfer without a last block', context);
    blk = item.dataBlockResult;
    parts.push(blk.rawData);
  }
  return { raw: Buffer.concat(parts) };
}

/** WriteRequest on one variable; returns the Data-Access-Result (0 = success). */
export async function snWrite(c: ServiceContext, variableName: number, value: DlmsData, context: ErrorContext): Promise<number> {
  const r = await c.ex.request({ service: 'write-request', variables: [{ variableName }], values: [value] }, context);
  if (r.service !== 'write-response' || r.results.length !== 1) throw unexpected(r, 'WriteRequest', context);
  const res = r.results[0];
  if (res === 'success') return 0;
  if ('dataAccessError' in res) return res.dataAccessError;
  throw new DlmsError('unexpected-response', `the meter answered a write with block number ${res.blockNumber}`, context);
}

/** A method through a parameterized ReadRequest (selector 0 carries the parameter). */
export async function snMethod(c: ServiceContext, variableName: number, parameter: DlmsData, context: ErrorContext): Promise<RawGetResult> {
  return snRead(c, { variableName, selector: 0, parameter }, context);
}
