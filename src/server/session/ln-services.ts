import {
  encodeApdu, hasConformance, type ActionRequest, type AttributeWithSelection, type CosemMethodDescriptor, type GetDataResult, type GetRequest, type SetRequest,
} from '../../apdu';
import { decodeDataFrom, decodeData, encodeDataToBuffer } from '../../codec/axdr';
import { BufferReader } from '../../codec/buffer-reader';
import type { DlmsData } from '../../codec/data';
import { ACTION_RESULT, DATA_ACCESS_RESULT, type DataAccessResultName } from '../model/results';
import type { ActionOutcome, ModelContext } from '../model/types';
import { IncomingBlocks, MAX_REASSEMBLED, OutgoingBlocks } from './blocks';
import { replyToHls } from './hls';
import type { MeterSecurity } from './meter-security';
import type { Established } from './types';

/**
 * GET, SET and ACTION with logical names (Green Book 9.3.6-9.3.8) for one association, with the
 * block transfers of long values in both directions. Each call returns the plain response APDU
 * (the caller protects it) or null for an unconfirmed request.
 */
type Header = { invokeId: number; priority: 'high' | 'normal'; serviceClass: 'confirmed' | 'unconfirmed' };
const hdr = (r: Header): Header => ({ invokeId: r.invokeId, priority: r.priority, serviceClass: r.serviceClass });

/** GET datablock header: C4 02 id last block-number(4) choice length(<=3). */
const DATABLOCK_HEADER = 13;

const dar = (n: DataAccessResultName): number => DATA_ACCESS_RESULT[n];

function sequenceOfData(raw: Buffer): DlmsData[] {
  const r = new BufferReader(raw);
  const n = r.axdrLength('value count');
  const out: DlmsData[] = [];
  for (let i = 0; i < n; i++) out.push(decodeData(r));
  if (!r.atEnd()) r.fail('octets after the values');
  return out;
}

export class LnServices {
  private longGet?: { blocks: OutgoingBlocks; header: Header };
  private longSet?: { blocks: IncomingBlocks; attributes: AttributeWithSelection[]; list: boolean };
  private actionOut?: { blocks: OutgoingBlocks; header: Header };
  private actionIn?: { blocks: IncomingBlocks; methods: CosemMethodDescriptor[]; list: boolean };

  constructor(private readonly meter: MeterSecurity, private readonly a: Established) {}

  private ctx(authenticated: boolean): ModelContext {
    return { ...this.a.ctx, authenticated };
  }

  private can(bit: Parameters<typeof hasConformance>[1]): boolean {
    return hasConformance(this.a.conformance, bit);
  }

  private read(d: AttributeWithSelection, authenticated: boolean): GetDataResult {
    if (d.accessSelection && !this.can('selective-access')) return { dataAccessResult: dar('scope-of-access-violated') };
    const r = this.meter.model.get({ classId: d.classId, obis: d.obis, attribute: d.attributeId }, this.ctx(authenticated), d.accessSelection ?? undefined);
    return 'data' in r ? { data: r.data } : { dataAccessResult: dar(r.error) };
  }

  /** `room`: the largest plain APDU the client can receive once protected. */
  get(req: GetRequest, authenticated: boolean, room: number): Buffer {
    const h = hdr(req);
    if (req.service === 'get-request-next') {
      const p = this.longGet;
      if (!p || req.blockNumber !== p.blocks.blockNumber) {
        this.longGet = undefined;
        const result = { dataAccessResult: dar(p ? 'long-get-aborted' : 'no-long-get-in-progress') };
        return encodeApdu({ service: 'get-response-with-datablock', ...h, lastBlock: true, blockNumber: req.blockNumber, result });
      }
      return this.nextGetBlock(h);
    }
    this.longGet = undefined;
    let full: Buffer;
    let raw: () => Buffer;
    if (req.service === 'get-request-normal') {
      const result = this.read(req, authenticated);
      full = encodeApdu({ service: 'get-response-normal', ...h, result });
      raw = () => encodeDataToBuffer((result as { data: DlmsData }).data);
      if (full.length > room && !('data' in result)) return full;
    } else {
      if (!this.can('multiple-references')) return encodeApdu({ service: 'get-response-with-list', ...h, results: req.attributes.map(() => ({ dataAccessResult: dar('other-reason') })) });
      const results = req.attributes.map((d) => this.read(d, authenticated));
      full = encodeApdu({ service: 'get-response-with-list', ...h, results });
      raw = () => full.subarray(3); // the SEQUENCE OF Get-Data-Result after C4 03 invoke-id
    }
    if (full.length <= room) return full;
    if (!this.can('block-transfer-with-get-or-read') || room <= DATABLOCK_HEADER) {
      return encodeApdu({ service: 'get-response-normal', ...h, result: { dataAccessResult: dar('other-reason') } });
    }
    this.longGet = { blocks: new OutgoingBlocks(raw(), room - DATABLOCK_HEADER), header: h };
    return this.nextGetBlock(h);
  }

  private nextGetBlock(h: Header): Buffer {
    const p = this.longGet!;
    const b = p.blocks.next();
    if (b.last) this.longGet = undefined;
    return encodeApdu({ service: 'get-response-with-datablock', ...h, lastBlock: b.last, blockNumber: b.blockNumber, result: { rawData: b.data } });
  }

  private write(d: AttributeWithSelection, value: DlmsData, authenticated: boolean): number {
    if (d.accessSelection) return dar('scope-of-access-violated');
    return dar(this.meter.model.set({ classId: d.classId, obis: d.obis, attribute: d.attributeId }, value, this.ctx(authenticated)));
  }

  set(req: SetRequest, authenticated: boolean): Buffer {
    const h = hdr(req);
    switch (req.service) {
      case 'set-request-normal':
        this.longSet = undefined;
        return encodeApdu({ service: 'set-response-normal', ...h, result: this.write(req, req.value, authenticated) });
      case 'set-request-with-list': {
        this.longSet = undefined;
        if (!this.can('multiple-references') || req.values.length !== req.attributes.length) {
          return encodeApdu({ service: 'set-response-with-list', ...h, results: req.attributes.map(() => dar('other-reason')) });
        }
        return encodeApdu({ service: 'set-response-with-list', ...h, results: req.attributes.map((d, i) => this.write(d, req.values[i], authenticated)) });
      }
      case 'set-request-with-first-datablock':
      case 'set-request-with-list-and-first-datablock': {
        const list = req.service === 'set-request-with-list-and-first-datablock';
        const attributes = list ? req.attributes : [req as AttributeWithSelection];
        this.longSet = { blocks: new IncomingBlocks(MAX_REASSEMBLED), attributes, list };
        return this.setBlock(h, req.blockNumber, req.lastBlock, req.rawData, authenticated);
      }
      case 'set-request-with-datablock':
        if (!this.longSet) return encodeApdu({ service: 'set-response-last-datablock', ...h, result: dar('no-long-set-in-progress'), blockNumber: req.blockNumber });
        return this.setBlock(h, req.blockNumber, req.lastBlock, req.rawData, authenticated);
    }
  }

  private setBlock(h: Header, n: number, last: boolean, raw: Buffer, authenticated: boolean): Buffer {
    const p = this.longSet!;
    const fail = (name: DataAccessResultName): Buffer => {
      this.longSet = undefined;
      return p.list
        ? encodeApdu({ service: 'set-response-last-datablock-with-list', ...h, results: p.attributes.map(() => dar(name)), blockNumber: n })
        : encodeApdu({ service: 'set-response-last-datablock', ...h, result: dar(name), blockNumber: n });
    };
    if (!this.can('block-transfer-with-set-or-write')) return fail('other-reason');
    if (!p.blocks.add(n, raw)) return fail('data-block-number-invalid');
    if (!last) return encodeApdu({ service: 'set-response-datablock', ...h, blockNumber: n });
    this.longSet = undefined;
    let values: DlmsData[];
    try {
      values = p.list ? sequenceOfData(p.blocks.bytes) : [decodeDataFrom(p.blocks.bytes)];
    } catch {
      return fail('type-unmatched');
    }
    if (values.length !== p.attributes.length) return fail('type-unmatched');
    const results = p.attributes.map((d, i) => this.write(d, values[i], authenticated));
    return p.list
      ? encodeApdu({ service: 'set-response-last-datablock-with-list', ...h, results, blockNumber: n })
      : encodeApdu({ service: 'set-response-last-datablock', ...h, result: results[0], blockNumber: n });
  }

  /** reply_to_HLS_authentication of the current Association LN. */
  static isHlsReply(m: CosemMethodDescriptor): boolean {
    return m.classId === 15 && m.obis === '0.0.40.0.0.255' && m.methodId === 1;
  }

  private invoke(m: CosemMethodDescriptor, params: DlmsData | undefined, authenticated: boolean): ActionOutcome {
    if (LnServices.isHlsReply(m)) return replyToHls(this.meter, this.a, params);
    if (!this.a.authenticated) return { result: 'read-write-denied' };
    return this.meter.model.action({ classId: m.classId, obis: m.obis, method: m.methodId }, params, this.ctx(authenticated));
  }

  private static withData(o: ActionOutcome): { result: number; returnParameters: GetDataResult | null } {
    return { result: ACTION_RESULT[o.result], returnParameters: o.data ? { data: o.data } : null };
  }

  action(req: ActionRequest, authenticated: boolean, room: number): Buffer {
    const h = hdr(req);
    switch (req.service) {
      case 'action-request-normal': {
        this.actionIn = undefined;
        this.actionOut = undefined;
        return this.answer(h, this.invoke(req, req.parameters ?? undefined, authenticated), room);
      }
      case 'action-request-with-list': {
        this.actionIn = undefined;
        if (!this.can('multiple-references') || req.parameters.length !== req.methods.length) {
          return encodeApdu({ service: 'action-response-with-list', ...h, results: req.methods.map(() => ({ result: ACTION_RESULT['other-reason'], returnParameters: null })) });
        }
        const results = req.methods.map((m, i) => LnServices.withData(this.invoke(m, req.parameters[i], authenticated)));
        return encodeApdu({ service: 'action-response-with-list', ...h, results });
      }
      case 'action-request-with-first-pblock':
      case 'action-request-with-list-and-first-pblock': {
        const list = req.service === 'action-request-with-list-and-first-pblock';
        this.actionIn = { blocks: new IncomingBlocks(MAX_REASSEMBLED), methods: list ? req.methods : [req as CosemMethodDescriptor], list };
        return this.actionBlock(h, req.blockNumber, req.lastBlock, req.rawData, authenticated, room);
      }
      case 'action-request-with-pblock':
        if (!this.actionIn) return encodeApdu({ service: 'action-response-normal', ...h, result: ACTION_RESULT['no-long-action-in-progress'], returnParameters: null });
        return this.actionBlock(h, req.blockNumber, req.lastBlock, req.rawData, authenticated, room);
      case 'action-request-next-pblock': {
        const p = this.actionOut;
        if (!p || req.blockNumber !== p.blocks.blockNumber) {
          this.actionOut = undefined;
          return encodeApdu({ service: 'action-response-normal', ...h, result: ACTION_RESULT[p ? 'long-action-aborted' : 'no-long-action-in-progress'], returnParameters: null });
        }
        return this.nextActionBlock(h);
      }
    }
  }

  private actionBlock(h: Header, n: number, last: boolean, raw: Buffer, authenticated: boolean, room: number): Buffer {
    const p = this.actionIn!;
    const abort = (): Buffer => {
      this.actionIn = undefined;
      return encodeApdu({ service: 'action-response-normal', ...h, result: ACTION_RESULT['long-action-aborted'], returnParameters: null });
    };
    if (!this.can('block-transfer-with-action') || !p.blocks.add(n, raw)) return abort();
    if (!last) return encodeApdu({ service: 'action-response-next-pblock', ...h, blockNumber: n });
    this.actionIn = undefined;
    let params: DlmsData[];
    try {
      params = p.list ? sequenceOfData(p.blocks.bytes) : [decodeDataFrom(p.blocks.bytes)];
    } catch {
      return encodeApdu({ service: 'action-response-normal', ...h, result: ACTION_RESULT['type-unmatched'], returnParameters: null });
    }
    if (params.length !== p.methods.length) return abort();
    if (!p.list) return this.answer(h, this.invoke(p.methods[0], params[0], authenticated), room);
    const results = p.methods.map((m, i) => LnServices.withData(this.invoke(m, params[i], authenticated)));
    return encodeApdu({ service: 'action-response-with-list', ...h, results });
  }

  private answer(h: Header, o: ActionOutcome, room: number): Buffer {
    const full = encodeApdu({ service: 'action-response-normal', ...h, ...LnServices.withData(o) });
    if (full.length <= room || !o.data || !this.can('block-transfer-with-action') || room <= DATABLOCK_HEADER) return full;
    this.actionOut = { blocks: new OutgoingBlocks(encodeDataToBuffer(o.data), room - DATABLOCK_HEADER), header: h };
    return this.nextActionBlock(h);
  }

  private nextActionBlock(h: Header): Buffer {
    const b = this.actionOut!.blocks.next();
    if (b.last) this.actionOut = undefined;
    return encodeApdu({ service: 'action-response-with-pblock', ...h, lastBlock: b.last, blockNumber: b.blockNumber, rawData: b.data });
  }
}
