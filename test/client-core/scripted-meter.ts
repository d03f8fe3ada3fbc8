/**
 * A small scripted meter for the client tests: ACSE (none / LLS / HLS-GMAC, ciphered initiate),
 * GET (normal, with-list, datablocks), SET (normal, datablocks), ACTION and SN read/write,
 * answering from the simulator's object model. Not the simulator: just enough to test the client.
 */
import { EventEmitter } from 'node:events';
import { decodeApdu, encodeApdu, type PlainApdu } from '../../src/apdu/apdu';
import type { Aarq, Aare } from '../../src/apdu/acse';
import { DEFAULT_LN_CONFORMANCE } from '../../src/apdu/conformance';
import type { GetDataResult } from '../../src/apdu/common';
import { decodeCiphered } from '../../src/apdu/ciphered';
import { decodeDataFrom, encodeDataToBuffer } from '../../src/codec/axdr';
import { BufferWriter } from '../../src/codec/buffer-writer';
import type { DlmsData } from '../../src/codec/data';
import { DataAccessResult, ActionResultCode } from '../../src/apdu/enums';
import { writeGetDataResult, writeSequenceOf } from '../../src/apdu/common';
import { HlsGmac } from '../../src/security/hls';
import { protect, unprotect, type CipherContext } from '../../src/security/protect';
import type { ClientLink, ClientLinkEvents } from '../../src/link/session/types';
import { DlmsError } from '../../src/errors';
import { createModel, type CosemModel, type CreateModelOptions } from '../../src/server/model';

export const EK = Buffer.from('000102030405060708090A0B0C0D0E0F', 'hex');
export const AK = Buffer.from('D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF', 'hex');
export const SERVER_TITLE = Buffer.from('4D4D4D0000BC614E', 'hex');
export const CLIENT_TITLE = '4142434445464748';
export const T0 = Date.UTC(2026, 2, 10, 6, 7, 30);

export interface ScriptOptions {
  model?: CosemModel;
  modelOptions?: CreateModelOptions;
  password?: string;
  /** The meter's own invocation counter start. */
  serverCounter?: number;
  /** Split GET answers longer than this into datablocks. */
  blockSize?: number;
  maxPdu?: number;
  /** Make reply_to_HLS answer with a wrong f(CtoS). */
  badServerReply?: boolean;
  /** The class id the meter really uses, when a test wants object-class-inconsistent. */
  conformance?: number;
  /** Answer the AARQ as given instead (rejection tests). */
  aare?: (aarq: Aarq) => Aare;
}

export class ScriptedMeter {
  readonly model: CosemModel;
  readonly log: PlainApdu[] = [];
  private clientSap = 16;
  private ciphered = false;
  private cipher?: CipherContext;
  private ctos?: Buffer;
  private stoc?: Buffer;
  private serverIc: number;
  private pendingGet?: { parts: Buffer[]; next: number };
  private pendingSet?: { ref: { classId: number; obis: string; attribute: number }; parts: Buffer[] };
  lastClientIc = -1;

  constructor(readonly opts: ScriptOptions = {}) {
    this.model = opts.model ?? createModel({ serial: '12345678', clock: () => T0, ...opts.modelOptions });
    this.serverIc = opts.serverCounter ?? 100;
  }

  setClient(sap: number): void {
    this.clientSap = sap;
  }

  /** One request APDU in, one response APDU out. */
  handle(bytes: Buffer): Buffer {
    let plain = bytes;
    if (this.ciphered && bytes[0] !== 0x60 && bytes[0] !== 0x62 && bytes[0] !== 0xe0) {
      const u = unprotect(bytes, this.cipher!);
      if (u.invocationCounter <= this.lastClientIc) return Buffer.from([0xd8, 1, 2]);
      this.lastClientIc = u.invocationCounter;
      plain = u.plaintext;
    }
    const req = decodeApdu(plain) as PlainApdu;
    this.log.push(req);
    const res = encodeApdu(this.answer(req));
    if (this.ciphered && res[0] !== 0x61 && res[0] !== 0x63) {
      return protect(res, { ...this.cipher!, systemTitle: SERVER_TITLE }, { envelope: 'glo', invocationCounter: this.serverIc++ });
    }
    return res;
  }

  private ctx() {
    return { clientSap: this.clientSap, authenticated: this.ciphered };
  }

  private answer(req: PlainApdu): PlainApdu {
    const h = 'invokeId' in req ? { invokeId: req.invokeId, priority: req.priority, serviceClass: req.serviceClass } : { invokeId: 0, priority: 'high' as const, serviceClass: 'confirmed' as const };
    switch (req.service) {
      case 'aarq':
        return this.associate(req);
      case 'rlrq':
        this.ciphered = false;
        return { service: 'rlre', reason: 0 };
      case 'get-request-normal': {
        const r = this.model.get({ classId: req.classId, obis: req.obis, attribute: req.attributeId }, this.ctx(), req.accessSelection ?? undefined);
        if ('error' in r) return { service: 'get-response-normal', ...h, result: { dataAccessResult: DataAccessResult.byName(r.error)!.value } };
        const enc = encodeDataToBuffer(r.data);
        const bs = this.opts.blockSize;
        if (bs && enc.length > bs) {
          const parts: Buffer[] = [];
          for (let i = 0; i < enc.length; i += bs) parts.push(enc.subarray(i, i + bs));
          this.pendingGet = { parts, next: 1 };
          return this.nextBlock(h);
        }
        return { service: 'get-response-normal', ...h, result: { data: r.data } };
      }
      case 'get-request-next':
        if (!this.pendingGet || req.blockNumber !== this.pendingGet.next - 1) return { service: 'get-response-normal', ...h, result: { dataAccessResult: 16 } };
        return this.nextBlock(h);
      case 'get-request-with-list': {
        const results: GetDataResult[] = req.attributes.map((a) => {
          const r = this.model.get({ classId: a.classId, obis: a.obis, attribute: a.attributeId }, this.ctx(), a.accessSelection ?? undefined);
          return 'error' in r ? { dataAccessResult: DataAccessResult.byName(r.error)!.value } : { data: r.data };
        });
        const bs = this.opts.blockSize;
        if (bs) {
          const w = new BufferWriter(256);
          writeSequenceOf(w, results, writeGetDataResult);
          const enc = w.toBuffer();
          if (enc.length > bs) {
            const parts: Buffer[] = [];
            for (let i = 0; i < enc.length; i += bs) parts.push(enc.subarray(i, i + bs));
            this.pendingGet = { parts, next: 1 };
            return this.nextBlock(h);
          }
        }
        return { service: 'get-response-with-list', ...h, results };
      }
      case 'set-request-normal':
        return { service: 'set-response-normal', ...h, result: this.set({ classId: req.classId, obis: req.obis, attribute: req.attributeId }, req.value) };
      case 'set-request-with-first-datablock':
        this.pendingSet = { ref: { classId: req.classId, obis: req.obis, attribute: req.attributeId }, parts: [req.rawData] };
        if (req.lastBlock) return { service: 'set-response-last-datablock', ...h, result: this.finishSet(), blockNumber: req.blockNumber };
        return { service: 'set-response-datablock', ...h, blockNumber: req.blockNumber };
      case 'set-request-with-datablock':
        if (!this.pendingSet) return { service: 'set-response-normal', ...h, result: 18 };
        this.pendingSet.parts.push(req.rawData);
        if (req.lastBlock) return { service: 'set-response-last-datablock', ...h, result: this.finishSet(), blockNumber: req.blockNumber };
        return { service: 'set-response-datablock', ...h, blockNumber: req.blockNumber };
      case 'action-request-normal': {
        if (req.classId === 15 && req.methodId === 1) return this.replyToHls(h, req.parameters);
        const out = this.model.action({ classId: req.classId, obis: req.obis, method: req.methodId }, req.parameters ?? undefined, this.ctx());
        const result = ActionResultCode.byName(out.result)!.value;
        return { service: 'action-response-normal', ...h, result, returnParameters: out.data ? { data: out.data } : null };
      }
      case 'read-request': {
        const results = req.variables.map((v) => {
          if (!('variableName' in v)) return { dataAccessError: 3 };
          const t = this.model.resolveShortName(this.ctx(), v.variableName);
          if (!t || t.kind !== 'attribute') return { dataAccessError: 4 };
          const r = this.model.get(t.ref, this.ctx(), 'selector' in v ? { selector: v.selector, parameters: v.parameter } : undefined);
          return 'error' in r ? { dataAccessError: DataAccessResult.byName(r.error)!.value } : { data: r.data };
        });
        return { service: 'read-response', results };
      }
      case 'write-request': {
        const results = req.variables.map((v, i) => {
          if (!('variableName' in v)) return { dataAccessError: 3 };
          const t = this.model.resolveShortName(this.ctx(), v.variableName);
          if (!t || t.kind !== 'attribute') return { dataAccessError: 4 };
          const r = this.model.set(t.ref, req.values[i], this.ctx());
          return r === 'success' ? ('success' as const) : { dataAccessError: DataAccessResult.byName(r)!.value };
        });
        return { service: 'write-response', results };
      }
      default:
        return { service: 'exception-response', stateError: 1, serviceError: 2 };
    }
  }

  private nextBlock(h: { invokeId: number; priority: 'high' | 'normal'; serviceClass: 'confirmed' | 'unconfirmed' }): PlainApdu {
    const p = this.pendingGet!;
    const n = p.next++;
    const lastBlock = n === p.parts.length;
    if (lastBlock) this.pendingGet = undefined;
    return { service: 'get-response-with-datablock', ...h, lastBlock, blockNumber: n, result: { rawData: p.parts[n - 1] } };
  }

  private set(ref: { classId: number; obis: string; attribute: number }, value: DlmsData): number {
    return DataAccessResult.byName(this.model.set(ref, value, this.ctx()))!.value;
  }

  private finishSet(): number {
    const p = this.pendingSet!;
    this.pendingSet = undefined;
    return this.set(p.ref, decodeDataFrom(Buffer.concat(p.parts)));
  }

  private associate(aarq: Aarq): Aare {
    if (this.opts.aare) return this.opts.aare(aarq);
    const reject = (diag: number): Aare => ({ service: 'aare', applicationContextName: aarq.applicationContextName, result: 1, resultSourceDiagnostic: { source: 'acse-service-user', value: diag } });
    const mech = aarq.mechanismName ?? 'lowest';
    if (mech === 'low' && aarq.callingAuthenticationValue?.value.toString('latin1') !== (this.opts.password ?? '12345678')) return reject(13);
    let ui = aarq.userInformation!;
    const withCiphering = aarq.applicationContextName.endsWith('with-ciphering');
    this.cipher = { systemTitle: aarq.callingApTitle ?? Buffer.alloc(8), peerSystemTitle: aarq.callingApTitle, encryptionKey: EK, authenticationKey: AK };
    if ('kind' in ui) {
      const u = unprotect(ui, this.cipher);
      this.lastClientIc = u.invocationCounter;
      ui = decodeApdu(u.plaintext) as typeof ui;
    }
    if (ui.service !== 'initiate-request') return reject(1);
    const initRes: PlainApdu = { service: 'initiate-response', negotiatedQualityOfService: null, negotiatedDlmsVersion: 6, negotiatedConformance: (this.opts.conformance ?? DEFAULT_LN_CONFORMANCE) & ui.proposedConformance, serverMaxReceivePduSize: this.opts.maxPdu ?? 1024, vaaName: 7 };
    let userInformation: Aare['userInformation'] = initRes;
    if (withCiphering) {
      const bytes = protect(encodeApdu(initRes), { ...this.cipher, systemTitle: SERVER_TITLE }, { envelope: 'glo', invocationCounter: this.serverIc++ });
      userInformation = decodeCiphered(bytes) as Aare['userInformation'];
    }
    const aare: Aare = { service: 'aare', applicationContextName: aarq.applicationContextName, result: 0, resultSourceDiagnostic: { source: 'acse-service-user', value: 0 }, userInformation, respondingApTitle: SERVER_TITLE };
    if (mech !== 'lowest' && mech !== 'low') {
      this.ctos = aarq.callingAuthenticationValue?.value;
      this.stoc = Buffer.from('0102030405060708090A0B0C0D0E0F10', 'hex');
      aare.mechanismName = mech;
      aare.responderAcseRequirements = Buffer.from([0x07, 0x80]);
      aare.respondingAuthenticationValue = { choice: 'charstring', value: this.stoc };
      aare.resultSourceDiagnostic = { source: 'acse-service-user', value: 14 };
    }
    this.ciphered = withCiphering;
    return aare;
  }

  private replyToHls(h: { invokeId: number; priority: 'high' | 'normal'; serviceClass: 'confirmed' | 'unconfirmed' }, p: DlmsData | null): PlainApdu {
    const m = new HlsGmac({ encryptionKey: EK, authenticationKey: AK });
    const ex = { clientSystemTitle: this.cipher!.systemTitle, serverSystemTitle: SERVER_TITLE, clientChallenge: this.ctos!, serverChallenge: this.stoc! };
    try {
      if (!p || p.type !== 'octet-string') throw new Error('no f(StoC)');
      m.verify('client', ex, p.value);
    } catch {
      return { service: 'action-response-normal', ...h, result: 3, returnParameters: null };
    }
    let f = m.respond('server', { ...ex, invocationCounter: this.serverIc++ });
    if (this.opts.badServerReply) f = Buffer.from(f.map((b, i) => (i === f.length - 1 ? b ^ 1 : b)));
    return { service: 'action-response-normal', ...h, result: 0, returnParameters: { data: { type: 'octet-string', value: f } } };
  }
}

/** A ClientLink that hands each request to a scripted meter (no framing). */
export class FakeLink extends EventEmitter<ClientLinkEvents> implements ClientLink {
  readonly description = 'fake://meter';
  open_ = false;
  readonly sent: Buffer[] = [];

  constructor(private readonly meter: { handle(b: Buffer): Buffer | undefined }, private readonly failOpen?: DlmsError) {
    super();
  }

  get isOpen(): boolean {
    return this.open_;
  }

  async open(): Promise<void> {
    if (this.failOpen) throw this.failOpen;
    this.open_ = true;
  }

  async request(apdu: Uint8Array): Promise<Buffer> {
    if (!this.open_) throw new DlmsError('connection-closed', 'fake link closed');
    const b = Buffer.from(apdu);
    this.sent.push(b);
    const r = this.meter.handle(b);
    if (!r) throw new DlmsError('timeout', 'no answer');
    await Promise.resolve();
    return r;
  }

  async close(): Promise<void> {
    this.open_ = false;
  }

  /** The line drops. */
  drop(): void {
    this.open_ = false;
    this.emit('closed', new DlmsError('connection-closed', 'peer closed'));
  }
}
