import { encodeApdu, hasConformance, type ReadRequest, type ReadResult, type VariableAccessSpecification, type WriteRequest, type UnconfirmedWriteRequest, type SnWriteResult } from '../../apdu';
import type { DlmsData } from '../../codec/data';
import { ACTION_RESULT, DATA_ACCESS_RESULT } from '../model/results';
import type { ActionOutcome, ModelContext } from '../model/types';
import { OutgoingBlocks } from './blocks';
import { replyToHls } from './hls';
import type { MeterSecurity } from './meter-security';
import type { Established } from './types';

/**
 * Short-name services (IEC 62056-5-3 9.3.9-9.3.11): Read and Write of variable names resolved
 * through the model's base names, methods invoked by a Read with parameterized access (or a
 * Write), and the block transfer of long Read results.
 */
const READ_BLOCK_HEADER = 14; // 0C 01 02 last block-number(2) length(<=3) + margin

export class SnServices {
  private pending?: OutgoingBlocks;
  private readonly replyAddresses: number[];

  constructor(private readonly meter: MeterSecurity, private readonly a: Established) {
    // reply_to_HLS_authentication: method 1 of the model's Association SN, or method 8 as numbered by other stacks.
    const first = meter.model.shortName(a.ctx.logicalDevice ?? 1, { classId: 12, obis: '0.0.40.0.0.255', method: 1 });
    this.replyAddresses = first === undefined ? [] : [first, first + 7 * 8];
  }

  private ctx(authenticated: boolean): ModelContext {
    return { ...this.a.ctx, authenticated };
  }

  private invoke(address: number, ref: { classId: number; obis: string; method: number }, params: DlmsData | undefined, authenticated: boolean): ActionOutcome {
    if (this.replyAddresses.includes(address)) return replyToHls(this.meter, this.a, params);
    if (!this.a.authenticated) return { result: 'read-write-denied' };
    return this.meter.model.action(ref, params, this.ctx(authenticated));
  }

  private readOne(v: VariableAccessSpecification, authenticated: boolean): ReadResult {
    if (!('variableName' in v)) return { dataAccessError: DATA_ACCESS_RESULT['object-unavailable'] };
    const parameterized = 'selector' in v;
    if (parameterized && !hasConformance(this.a.conformance, 'parameterized-access')) return { dataAccessError: DATA_ACCESS_RESULT['scope-of-access-violated'] };
    if (this.replyAddresses.includes(v.variableName)) {
      const o = replyToHls(this.meter, this.a, parameterized ? v.parameter : undefined);
      return o.result === 'success' && o.data ? { data: o.data } : { dataAccessError: ACTION_RESULT[o.result] };
    }
    const t = this.meter.model.resolveShortName(this.a.ctx, v.variableName);
    if (!t) return { dataAccessError: DATA_ACCESS_RESULT['object-undefined'] };
    if (t.kind === 'method') {
      const o = this.invoke(v.variableName, { classId: t.ref.classId, obis: String(t.ref.obis), method: t.ref.method }, parameterized ? v.parameter : undefined, authenticated);
      if (o.result !== 'success') return { dataAccessError: ACTION_RESULT[o.result] };
      return { data: o.data ?? { type: 'null-data' } };
    }
    const r = this.meter.model.get(t.ref, this.ctx(authenticated), parameterized ? { selector: v.selector, parameters: v.parameter } : undefined);
    return 'data' in r ? { data: r.data } : { dataAccessError: DATA_ACCESS_RESULT[r.error] };
  }

  read(req: ReadRequest, authenticated: boolean, room: number): Buffer {
    const only = req.variables.length === 1 ? req.variables[0] : undefined;
    if (only && 'blockNumber' in only && !('lastBlock' in only)) {
      const p = this.pending;
      if (!p || only.blockNumber !== p.blockNumber) {
        this.pending = undefined;
        return encodeApdu({ service: 'read-response', results: [{ dataAccessError: DATA_ACCESS_RESULT[p ? 'long-get-aborted' : 'no-long-get-in-progress'] }] });
      }
      return this.nextBlock();
    }
    this.pending = undefined;
    if (req.variables.length > 1 && !hasConformance(this.a.conformance, 'multiple-references')) {
      return encodeApdu({ service: 'read-response', results: req.variables.map(() => ({ dataAccessError: DATA_ACCESS_RESULT['other-reason'] })) });
    }
    const full = encodeApdu({ service: 'read-response', results: req.variables.map((v) => this.readOne(v, authenticated)) });
    if (full.length <= room) return full;
    if (!hasConformance(this.a.conformance, 'block-transfer-with-get-or-read') || room <= READ_BLOCK_HEADER) {
      return encodeApdu({ service: 'read-response', results: req.variables.map(() => ({ dataAccessError: DATA_ACCESS_RESULT['other-reason'] })) });
    }
    // The blocks carry the encoded list of results (the Read-Response after its tag).
    this.pending = new OutgoingBlocks(full.subarray(1), room - READ_BLOCK_HEADER);
    return this.nextBlock();
  }

  private nextBlock(): Buffer {
    const b = this.pending!.next();
    if (b.last) this.pending = undefined;
    return encodeApdu({ service: 'read-response', results: [{ dataBlockResult: { lastBlock: b.last, blockNumber: b.blockNumber, rawData: b.data } }] });
  }

  private writeOne(v: VariableAccessSpecification, value: DlmsData, authenticated: boolean): SnWriteResult {
    if (!('variableName' in v) || 'selector' in v) return { dataAccessError: DATA_ACCESS_RESULT['object-unavailable'] };
    const t = this.meter.model.resolveShortName(this.a.ctx, v.variableName);
    if (!t) return { dataAccessError: DATA_ACCESS_RESULT['object-undefined'] };
    if (t.kind === 'method') {
      const o = this.invoke(v.variableName, { classId: t.ref.classId, obis: String(t.ref.obis), method: t.ref.method }, value, authenticated);
      return o.result === 'success' ? 'success' : { dataAccessError: ACTION_RESULT[o.result] };
    }
    const r = this.meter.model.set(t.ref, value, this.ctx(authenticated));
    return r === 'success' ? 'success' : { dataAccessError: DATA_ACCESS_RESULT[r] };
  }

  /** Write (confirmed: the response) or unconfirmed write (null). */
  write(req: WriteRequest | UnconfirmedWriteRequest, authenticated: boolean): Buffer | null {
    this.pending = undefined;
    const ok = req.values.length === req.variables.length && (req.variables.length === 1 || hasConformance(this.a.conformance, 'multiple-references'));
    const results: SnWriteResult[] = ok ? req.variables.map((v, i) => this.writeOne(v, req.values[i], authenticated)) : req.variables.map(() => ({ dataAccessError: DATA_ACCESS_RESULT['other-reason'] }));
    return req.service === 'write-request' ? encodeApdu({ service: 'write-response', results }) : null;
  }
}
