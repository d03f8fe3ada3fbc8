import { EventEmitter } from 'node:events';
import type { Conformance } from '../apdu/conformance';
import { hasConformance } from '../apdu/conformance';
import type { AttributeWithSelection, SelectiveAccess } from '../apdu/common';
import { ActionResultCode, DataAccessResult, enumName } from '../apdu/enums';
import { dateTimeFromDate, encodeDateTime } from '../codec/cosem-datetime';
import { attributeType } from '../cosem/catalogue';
import { D, type DlmsData } from '../codec/data';
import { isDataTypeName } from '../codec/data-types';
import { decodeProfileBuffer, profileRowsFromData, type ProfileColumnDecoding as FastColumn } from '../codec/profile-buffer';
import { decodeScalerUnit, type ScalerUnit } from '../codec/scaler';
import { buildAttributeValue, buildMethodParameter } from '../cosem/build';
import { getAttribute } from '../cosem/catalogue';
import { decodeCaptureObjects, decodeObjectList, decodeObjectListSN, type CaptureObjectDefinition } from '../cosem/codecs';
import { plainJson } from '../cosem/plain';
import { DlmsError, InvalidArgumentError, isDlmsError, type ErrorContext } from '../errors';
import type { ClientLink } from '../link/session/types';
import type { CounterStore } from '../security/counter-store';
import { REPLY_TO_HLS_LN, REPLY_TO_HLS_SN, parseReplyToHls, replyToHlsData } from '../security/hls/reply';
import type { AuthenticationMechanism, HlsExchange, ManufacturerHlsHook } from '../security/hls';
import type { Envelope } from '../security/protect';
import type { Transport } from '../transport/transport';
import type {
  ActionResult as ActionResultShape, DlmsClient, GetOptions, ObjectListEntry, ProfileColumn, ProfileQuery, ProfileResult, TraceEvent, ValueResult, WriteResult,
} from './api';
import { authFailedError, buildAarq, checkAare, isCiphered, mechanismFor, type Negotiated } from './association';
import { guessClassId, parseAttributeRef, parseMethodRef, type AttributeRef, type AttributeRefInput, type MethodRefInput } from './attribute-ref';
import { ApduExchange } from './exchange';
import { createLink, type LinkBundle } from './link-factory';
import { objectListEntriesLn, objectListEntriesSn } from './object-list';
import { IS15959_SCALER_PROFILES, captureColumns, describeColumn, fillImpliedTimes, planProfile, type CaptureColumn } from './profile';
import { decodePush, type PushMessage } from './push';
import { SecureChannel, counterStoreFor } from './secure-channel';
import { lnAction, lnGet, lnGetList, lnSet, rawToData, type RawGetResult, type ServiceContext } from './services-ln';
import { ASSOCIATION_SN_BASE_NAME, attributeShortName, methodShortName, snMethod, snRead, snWrite } from './services-sn';
import { normalizeSettings, redactSettings, type ConnectionSettings, type ConnectionSettingsInput } from './settings';
import { parseConnectionUrl } from './url';
import { accessError, failedValue, isScaledAttribute, refContext, scalerAttributeOf, shapeValue, withMeterOffset, type ResolvedRef } from './values';
import { Mutex } from '../link/session/mutex';

/** Default list limit: values plus their scaler_units of ~30 registers fit one exchange. */
export const DEFAULT_MAX_LIST_ITEMS = 64;

export interface ClientOptions {
  /** Emit 'trace' events for every frame and APDU (default false). */
  trace?: boolean;
  /** Where invocation counters persist (default: per the settings, shared by the process). */
  counterStore?: CounterStore;
  /** Make the transport (tests, gateways); default from the settings. */
  transport?: (settings: ConnectionSettings) => Transport;
  /** Make the whole link (tests); default wrapper/HDLC over the transport. */
  link?: (settings: ConnectionSettings) => ClientLink;
  /** The algorithm of authentication 'high' (mechanism 2). */
  hlsHook?: ManufacturerHlsHook;
  /** Ciphering envelope: 'glo' (default), 'ded' (needs a dedicated key), 'general-glo', 'general-ded'. */
  envelope?: Envelope;
  /**
   * Most attributes in one GET-with-list (default 64; the negotiated PDU size limits it too).
   * Lower it for meters that refuse long lists.
   */
  maxListItems?: number;
  /** Conformance proposed in the AARQ (default: the usual LN or SN set). */
  conformance?: Conformance;
  /** The clock (tests). */
  now?: () => Date;
}

const DAR_OBJECT_UNDEFINED = DataAccessResult.byName('object-undefined')!.value;
const DAR_CLASS_INCONSISTENT = DataAccessResult.byName('object-class-inconsistent')!.value;
const PUBLIC_CLIENT = 16;
const CLOCK = { obis: '0.0.1.0.0.255', classId: 8, attribute: 2 } as const;
const ASSOCIATION_LN = '0.0.40.0.0.255';
const SN_OBJECT_LIST_ATTRIBUTE = 2;

/** `createClient(settings | url, options)`: an unopened client for one meter. */
export function createClient(settings: ConnectionSettingsInput | string, options: ClientOptions = {}): MeterClient {
  const s = typeof settings === 'string' ? parseConnectionUrl(settings) : normalizeSettings(settings);
  return new MeterClient(s, options);
}

type SnEntry = { baseName: number; classId: number };

/**
 * One meter connection (the DlmsClient contract): link + association, one request at a time.
 * Events: 'trace' (TraceEvent), 'closed' (error?) when the link drops on its own, 'push' (PushMessage).
 */
export class MeterClient extends EventEmitter implements DlmsClient {
  readonly settings: Readonly<ConnectionSettings>;
  private readonly lock = new Mutex();
  private bundle?: LinkBundle;
  private link?: ClientLink;
  private ex?: ApduExchange;
  private channel?: SecureChannel;
  private negotiated?: Negotiated;
  private opened = false;
  private closing = false;
  private readonly scalers = new Map<string, ScalerUnit | null>();
  private objectListCache?: Promise<ObjectListEntry[]>;
  private snNames?: Promise<Map<string, SnEntry>>;
  private readonly captures = new Map<string, CaptureObjectDefinition[]>();
  private readonly onPush = (b: Buffer): void => this.push(b);
  private readonly onLinkClosed = (e: DlmsError | undefined): void => this.linkClosed(e);

  constructor(settings: ConnectionSettings, private readonly options: ClientOptions = {}) {
    super();
    this.settings = Object.freeze({ ...settings });
  }

  get isOpen(): boolean {
    return this.opened;
  }

  /** What the meter granted in the AARE (after open). */
  get association(): Readonly<Negotiated> | undefined {
    return this.negotiated;
  }

  private get meter(): string | undefined {
    return this.settings.name;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private emitTrace = (e: TraceEvent): void => {
    this.emit('trace', e);
  };

  toJSON(): unknown {
    return { settings: redactSettings(this.settings), isOpen: this.opened };
  }

  // ------------------------------------------------------------------------------------------
  // Open, associate, close

  async open(): Promise<void> {
    if (this.opened) return;
    const s = this.settings;
    const needsKeys = isCiphered(s) || s.authentication === 'high-gmac';
    const store = this.options.counterStore ?? counterStoreFor(s);
    if (needsKeys) this.channel = new SecureChannel(s, store, this.options.envelope ?? (s.secrets.dedicatedKey ? 'ded' : 'glo'));
    try {
      if (this.channel && s.invocationCounter.bootstrapObis) await this.bootstrapCounter(s.invocationCounter.bootstrapObis);
      this.bundle = this.options.link
        ? { link: this.options.link(s), dispose: () => undefined }
        : createLink(s, { trace: this.options.trace ? this.emitTrace : undefined, transport: this.options.transport?.(s) });
      this.link = this.bundle.link;
      this.link.on('push', this.onPush);
      this.link.on('closed', this.onLinkClosed);
      this.ex = new ApduExchange(this.link, s.timeouts.response, this.meter, this.channel, this.options.trace ? this.emitTrace : undefined);
      await this.withTimeout(this.link.open(), s.timeouts.connect, 'connecting');
      await this.associate();
      this.opened = true;
    } catch (e) {
      await this.teardown();
      throw withMeter(e, this.meter);
    }
  }

  private withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const t = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DlmsError('timeout', `no answer from ${this.link?.description ?? 'the meter'} within ${ms} ms while ${what}; check the address, the cable or network path and that the meter is powered`, { meter: this.meter, timeoutMs: ms })), ms);
    });
    return Promise.race([p, t]).finally(() => clearTimeout(timer));
  }

  /** Public client (16, no security) reads the frame counter; we continue at counter + 1. */
  private async bootstrapCounter(obis: string): Promise<void> {
    const s = this.settings;
    const pub: ConnectionSettings = {
      ...s,
      clientSap: PUBLIC_CLIENT,
      authentication: 'none',
      securityPolicy: 'none',
      invocationCounter: { ...s.invocationCounter, bootstrapObis: undefined },
      secrets: {},
    };
    if (pub.clientWPort !== undefined) pub.clientWPort = PUBLIC_CLIENT;
    const client = new MeterClient(pub, { ...this.options, counterStore: undefined });
    const forward = (e: TraceEvent): void => void this.emit('trace', e);
    client.on('trace', forward);
    try {
      await client.open();
      const d = await client.getData({ obis, classId: 1, attribute: 2 });
      const v = 'value' in d && (typeof d.value === 'number' || typeof d.value === 'bigint') ? Number(d.value) : NaN;
      if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) {
        throw new DlmsError('invalid-counter', `the frame counter ${obis} holds ${d.type}, not an unsigned number; check invocationCounter.bootstrapObis`, { meter: this.meter, obis });
      }
      await this.channel!.counter.advanceTo(v + 1);
    } catch (e) {
      throw withMeter(e, this.meter, `reading the invocation counter ${obis} as the public client failed`);
    } finally {
      await client.close();
      client.off('trace', forward);
    }
  }

  private async associate(): Promise<void> {
    const s = this.settings;
    const ex = this.ex!;
    const mechanism = mechanismFor(s, this.options.hlsHook);
    const callingValue = mechanism.callingAuthenticationValue();
    const ciphered = isCiphered(s);
    const aarq = buildAarq({
      settings: s,
      mechanism,
      callingValue,
      cipher: this.channel?.ctx,
      invocationCounter: ciphered ? await this.channel!.counter.next() : undefined,
      conformance: this.options.conformance,
    });
    const answer = await ex.request(aarq, { meter: this.meter });
    if (answer.service !== 'aare') throw new DlmsError('unexpected-response', `the meter answered the association request with ${answer.service}`, { meter: this.meter });
    const neg = checkAare(answer, s, mechanism, this.channel?.ctx);
    this.negotiated = neg;
    this.channel?.setPeer(neg.serverSystemTitle);
    ex.secured = ciphered;
    if (mechanism.id >= 2) await this.hlsPass34(mechanism, callingValue, neg);
  }

  /** HLS passes 3 and 4: reply_to_HLS_authentication with f(StoC), check the meter's f(CtoS). */
  private async hlsPass34(mechanism: AuthenticationMechanism, ctos: Buffer, neg: Negotiated): Promise<void> {
    const s = this.settings;
    if (!neg.serverChallenge) throw authFailedError(s, mechanism, 'the meter sent no challenge (StoC) in the AARE');
    const hx: HlsExchange = {
      clientSystemTitle: this.channel?.ctx.systemTitle ?? (s.clientSystemTitle ? Buffer.from(s.clientSystemTitle, 'hex') : undefined),
      serverSystemTitle: neg.serverSystemTitle,
      clientChallenge: ctos,
      serverChallenge: neg.serverChallenge,
    };
    if (mechanism.name === 'high-gmac') hx.invocationCounter = await this.channel!.counter.next();
    const f = mechanism.respond('client', hx);
    const c = this.serviceContext();
    const context = { meter: this.meter, obis: ASSOCIATION_LN };
    let reply: DlmsData | undefined;
    if (s.referencing === 'ln') {
      const r = await lnAction(c, REPLY_TO_HLS_LN, replyToHlsData(f), context);
      if (r.result !== 0) throw authFailedError(s, mechanism, `reply_to_HLS_authentication answered ${String(enumName(ActionResultCode, r.result))}`);
      reply = r.data;
    } else {
      const r = rawToData(await snMethod(c, methodShortName(ASSOCIATION_SN_BASE_NAME, 12, REPLY_TO_HLS_SN.methodId), replyToHlsData(f), context));
      if ('dataAccessResult' in r) throw authFailedError(s, mechanism, `reply_to_HLS_authentication answered ${String(enumName(DataAccessResult, r.dataAccessResult))}`);
      reply = r.data;
    }
    try {
      mechanism.verify('server', { ...hx, invocationCounter: undefined }, parseReplyToHls(reply));
    } catch (e) {
      throw authFailedError(s, mechanism, `the meter's answer to our challenge does not verify${isDlmsError(e) ? `: ${e.message}` : ''}`);
    }
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    try {
      if (this.opened && this.ex && this.link?.isOpen) {
        // Release politely; a meter that does not answer must not keep close() waiting long.
        await this.lock.run(() => this.withTimeout(this.ex!.request({ service: 'rlrq', reason: 0 }), Math.min(2000, this.settings.timeouts.response), 'releasing')).catch(() => undefined);
      }
    } finally {
      await this.teardown();
      this.closing = false;
    }
  }

  private async teardown(): Promise<void> {
    this.opened = false;
    const link = this.link;
    this.link = undefined;
    if (link) {
      link.off('push', this.onPush);
      link.off('closed', this.onLinkClosed);
      await link.close().catch(() => undefined);
    }
    this.bundle?.dispose();
    this.bundle = undefined;
  }

  private linkClosed(e: DlmsError | undefined): void {
    if (!this.opened || this.closing) return;
    void this.teardown();
    this.emit('closed', e ? withMeter(e, this.meter) : undefined);
  }

  private push(bytes: Buffer): void {
    try {
      const msg: PushMessage = decodePush(bytes, this.channel, this.meter, this.settings.utcOffset, (e) => this.emitTrace(e), Boolean(this.options.trace));
      this.emit('push', msg);
    } catch (e) {
      // A push that cannot be read is reported on the trace only: it concerns no request.
      if (this.options.trace) this.emitTrace({ direction: 'rx', layer: 'apdu', hex: bytes.toString('hex').toUpperCase(), decoded: { error: isDlmsError(e) ? e.toJSON() : String(e) }, at: new Date().toISOString() });
    }
  }

  // ------------------------------------------------------------------------------------------
  // Plumbing

  private serviceContext(): ServiceContext {
    if (!this.ex) throw new DlmsError('connection-closed', 'the client is not open: call open() first', { meter: this.meter });
    const overhead = this.ex.secured ? (this.options.envelope?.startsWith('general') ? 40 : 30) : 0;
    return { ex: this.ex, serverMaxPdu: this.negotiated?.serverMaxPdu ?? 0xffff, overhead, meter: this.meter };
  }

  private run<T>(fn: (c: ServiceContext) => Promise<T>): Promise<T> {
    return this.lock.run(async () => {
      if (!this.opened) throw new DlmsError('connection-closed', `the connection to ${this.meter ?? 'the meter'} is not open: call open() first`, { meter: this.meter });
      return fn(this.serviceContext());
    });
  }

  private supports(bit: Parameters<typeof hasConformance>[1]): boolean {
    return this.negotiated ? hasConformance(this.negotiated.conformance, bit) : false;
  }

  private resolve(ref: AttributeRef): ResolvedRef {
    const r: ResolvedRef = { obis: ref.obis, classId: ref.classId ?? guessClassId(ref.obis), attribute: ref.attribute };
    if (ref.name) r.name = ref.name;
    return r;
  }

  /** The class the object list gives for an OBIS, when it differs from the guess. */
  private async classFromObjectList(obis: string): Promise<number | undefined> {
    try {
      const list = await this.objectList();
      return list.find((o) => o.obis === obis)?.classId;
    } catch {
      return undefined;
    }
  }

  private objectList(): Promise<ObjectListEntry[]> {
    if (!this.objectListCache) {
      this.objectListCache = this.readObjectListNow();
      this.objectListCache.catch(() => (this.objectListCache = undefined));
    }
    return this.objectListCache;
  }

  private async readObjectListNow(): Promise<ObjectListEntry[]> {
    const c = this.serviceContext();
    if (this.settings.referencing === 'sn') {
      const r = rawToData(await snRead(c, { variableName: attributeShortName(ASSOCIATION_SN_BASE_NAME, SN_OBJECT_LIST_ATTRIBUTE) }, { meter: this.meter, obis: ASSOCIATION_LN }));
      if ('dataAccessResult' in r) throw accessError(r.dataAccessResult, refContext(this.meter, { obis: ASSOCIATION_LN, classId: 12, attribute: 2 }));
      return objectListEntriesSn(decodeObjectListSN(r.data));
    }
    const ctx = refContext(this.meter, { obis: ASSOCIATION_LN, classId: 15, attribute: 2 });
    const r = rawToData(await lnGet(c, { classId: 15, obis: ASSOCIATION_LN, attributeId: 2, accessSelection: null }, ctx));
    if ('dataAccessResult' in r) throw accessError(r.dataAccessResult, ctx);
    return objectListEntriesLn(decodeObjectList(r.data));
  }

  private async snEntry(obis: string): Promise<SnEntry> {
    if (!this.snNames) {
      this.snNames = this.objectList().then((list) => new Map(list.filter((o) => o.baseName !== undefined).map((o) => [o.obis, { baseName: o.baseName!, classId: o.classId }])));
      this.snNames.catch(() => (this.snNames = undefined));
    }
    const e = (await this.snNames).get(obis);
    if (!e) throw new DlmsError('object-undefined', `${obis} is not in the meter's short-name object list; check the OBIS code`, { meter: this.meter, obis });
    return e;
  }

  /** One attribute read, LN or SN, with the object-list retry when the class was guessed. */
  private async readRaw(c: ServiceContext, ref: ResolvedRef, guessed: boolean, access?: SelectiveAccess | null): Promise<RawGetResult> {
    if (this.settings.referencing === 'sn') {
      const e = await this.snEntry(ref.obis);
      ref.classId = e.classId;
      const name = attributeShortName(e.baseName, ref.attribute);
      return snRead(c, access ? { variableName: name, selector: access.selector, parameter: access.parameters } : { variableName: name }, refContext(this.meter, ref));
    }
    const d: AttributeWithSelection = { classId: ref.classId, obis: ref.obis, attributeId: ref.attribute, accessSelection: access ?? null };
    const r = await lnGet(c, d, refContext(this.meter, ref));
    if (guessed && 'dataAccessResult' in r && (r.dataAccessResult === DAR_OBJECT_UNDEFINED || r.dataAccessResult === DAR_CLASS_INCONSISTENT)) {
      const actual = await this.classFromObjectList(ref.obis);
      if (actual !== undefined && actual !== ref.classId) {
        ref.classId = actual;
        return lnGet(c, { ...d, classId: actual }, refContext(this.meter, ref));
      }
    }
    return r;
  }

  private async scalerOf(c: ServiceContext, obis: string, classId: number): Promise<ScalerUnit | undefined> {
    const key = `${classId}/${obis}`;
    if (this.scalers.has(key)) return this.scalers.get(key) ?? undefined;
    const attribute = scalerAttributeOf(classId);
    if (attribute === undefined) return undefined;
    const ref = { obis, classId, attribute };
    try {
      this.cacheScaler(ref, await this.readRaw(c, ref, false));
    } catch (e) {
      if (isDlmsError(e) && (e.code === 'timeout' || e.code === 'connection-closed')) throw e;
      this.scalers.set(key, null);
    }
    return this.scalers.get(key) ?? undefined;
  }

  // ------------------------------------------------------------------------------------------
  // Services

  async get(input: AttributeRefInput, options: GetOptions = {}): Promise<ValueResult> {
    const ref = parseAttributeRef(input);
    const r = this.resolve(ref);
    return this.run(async (c) => {
      const got = rawToData(await this.readRaw(c, r, ref.classId === undefined, options.access));
      if ('dataAccessResult' in got) throw accessError(got.dataAccessResult, refContext(this.meter, r));
      const su = options.scale !== false && isScaledAttribute(r.classId, r.attribute) ? await this.scalerOf(c, r.obis, r.classId) : undefined;
      return shapeValue(this.meter, r, got.data, su, this.settings.utcOffset, this.now());
    });
  }

  async getData(input: AttributeRefInput, access?: GetOptions['access']): Promise<DlmsData> {
    const ref = parseAttributeRef(input);
    const r = this.resolve(ref);
    return this.run(async (c) => {
      const got = rawToData(await this.readRaw(c, r, ref.classId === undefined, access));
      if ('dataAccessResult' in got) throw accessError(got.dataAccessResult, refContext(this.meter, r));
      return got.data;
    });
  }

  async getMany(inputs: AttributeRefInput[], options: GetOptions = {}): Promise<ValueResult[]> {
    const refs = inputs.map((i) => {
      try {
        const ref = parseAttributeRef(i);
        return { ref, r: this.resolve(ref) };
      } catch (e) {
        return { error: e, r: { obis: typeof i === 'string' ? i : String(i?.obis), classId: 0, attribute: 0 } as ResolvedRef };
      }
    });
    return this.run(async (c) => {
      const results: (RawGetResult | { error: unknown })[] = refs.map((x) => ('error' in x ? { error: x.error } : { dataAccessResult: -1 }));
      const todo = refs.map((x, i) => i).filter((i) => !('error' in refs[i]));
      if (this.settings.referencing === 'ln' && this.supports('multiple-references') && todo.length > 1) {
        // The scaler_units not cached yet ride in the same lists as the values, so that a first
        // poll costs no extra round trip per register (one GET-with-list for values and scalers).
        const scalerRefs = options.scale === false ? [] : this.uncachedScalers(todo.map((i) => refs[i].r));
        const all = [...todo.map((i) => refs[i].r), ...scalerRefs];
        for (const chunk of this.chunks(c, all, options.access)) {
          try {
            const list = chunk.map((k) => ({ classId: all[k].classId, obis: all[k].obis, attributeId: all[k].attribute, accessSelection: k < todo.length ? (options.access ?? null) : null }));
            const got = await lnGetList(c, list, { meter: this.meter });
            got.forEach((g, j) => {
              const k = chunk[j];
              if (k < todo.length) results[todo[k]] = g;
              else this.cacheScaler(all[k], g);
            });
          } catch (e) {
            if (isFatal(e)) throw e;
            chunk.forEach((k) => {
              if (k < todo.length) results[todo[k]] = { error: e };
            });
          }
        }
      }
      // One by one: SN, no multiple references, items the list left to the class retry.
      for (const i of todo) {
        const res = results[i];
        const x = refs[i] as { ref: AttributeRef; r: ResolvedRef };
        const retry = 'dataAccessResult' in res && (res.dataAccessResult === -1 || (x.ref.classId === undefined && (res.dataAccessResult === DAR_OBJECT_UNDEFINED || res.dataAccessResult === DAR_CLASS_INCONSISTENT)));
        if (!retry) continue;
        try {
          results[i] = await this.readRaw(c, x.r, x.ref.classId === undefined, options.access);
        } catch (e) {
          if (isFatal(e)) throw e;
          results[i] = { error: e };
        }
      }
      const at = this.now();
      const out: ValueResult[] = [];
      for (let i = 0; i < refs.length; i++) {
        const r = refs[i].r;
        const res = results[i];
        try {
          if ('error' in res) throw res.error;
          const got = rawToData(res);
          if ('dataAccessResult' in got) throw accessError(got.dataAccessResult, refContext(this.meter, r));
          const su = options.scale !== false && isScaledAttribute(r.classId, r.attribute) ? await this.scalerOf(c, r.obis, r.classId) : undefined;
          out.push(shapeValue(this.meter, r, got.data, su, this.settings.utcOffset, at));
        } catch (e) {
          if (isFatal(e)) throw e;
          out.push(failedValue(this.meter, r, e, at));
        }
      }
      return out;
    });
  }

  /** The scaler_unit attributes of scaled registers among `refs` that are not cached yet (once each). */
  private uncachedScalers(refs: ResolvedRef[]): ResolvedRef[] {
    const out: ResolvedRef[] = [];
    const seen = new Set<string>();
    for (const r of refs) {
      if (!isScaledAttribute(r.classId, r.attribute)) continue;
      const key = `${r.classId}/${r.obis}`;
      const attribute = scalerAttributeOf(r.classId);
      if (attribute === undefined || this.scalers.has(key) || seen.has(key)) continue;
      seen.add(key);
      out.push({ obis: r.obis, classId: r.classId, attribute });
    }
    return out;
  }

  /** Cache a scaler_unit read as part of a list (null when the meter has none to give). */
  private cacheScaler(r: ResolvedRef, got: RawGetResult): void {
    let su: ScalerUnit | null = null;
    try {
      const d = rawToData(got);
      if ('data' in d) su = decodeScalerUnit(d.data);
    } catch {
      su = null;
    }
    this.scalers.set(`${r.classId}/${r.obis}`, su);
  }

  /** Read the scalers of many registers at once (GET-with-list when the meter allows), filling the cache. */
  private async prefetchScalers(c: ServiceContext, refs: ResolvedRef[]): Promise<void> {
    const todo = this.uncachedScalers(refs);
    if (todo.length < 2 || this.settings.referencing !== 'ln' || !this.supports('multiple-references')) return;
    for (const chunk of this.chunks(c, todo)) {
      const list = chunk.map((k) => ({ classId: todo[k].classId, obis: todo[k].obis, attributeId: todo[k].attribute, accessSelection: null }));
      try {
        const got = await lnGetList(c, list, { meter: this.meter });
        got.forEach((g, j) => this.cacheScaler(todo[chunk[j]], g));
      } catch (e) {
        if (isFatal(e)) throw e;
        // leave them uncached: scalerOf reads them one by one
      }
    }
  }

  /** Lists that fit the meter's PDU and the list limit (indexes into `refs`). */
  private chunks(c: ServiceContext, refs: ResolvedRef[], access?: SelectiveAccess): number[][] {
    const limit = this.options.maxListItems ?? DEFAULT_MAX_LIST_ITEMS;
    const per = 10 + (access ? 64 : 0);
    const room = Math.max(per, c.serverMaxPdu - c.overhead - 8);
    const perChunk = Math.max(1, Math.min(limit, Math.floor(room / per)));
    const out: number[][] = [];
    for (let i = 0; i < refs.length; i += perChunk) out.push(refs.slice(i, i + perChunk).map((_, k) => i + k));
    return out;
  }

  async set(input: AttributeRefInput, value: unknown): Promise<WriteResult> {
    const ref = parseAttributeRef(input);
    const r = this.resolve(ref);
    return this.run(async (c) => {
      let classId = r.classId;
      let sn: SnEntry | undefined;
      if (this.settings.referencing === 'sn') {
        sn = await this.snEntry(r.obis);
        classId = r.classId = sn.classId;
      }
      const data = await this.valueFor(c, r, value);
      let result: number;
      if (sn) {
        result = await snWrite(c, attributeShortName(sn.baseName, r.attribute), data, refContext(this.meter, r));
      } else {
        const d: AttributeWithSelection = { classId, obis: r.obis, attributeId: r.attribute, accessSelection: null };
        result = await lnSet(c, d, data, refContext(this.meter, r));
        if (ref.classId === undefined && (result === DAR_OBJECT_UNDEFINED || result === DAR_CLASS_INCONSISTENT)) {
          const actual = await this.classFromObjectList(r.obis);
          if (actual !== undefined && actual !== classId) {
            r.classId = actual;
            result = await lnSet(c, { ...d, classId: actual }, await this.valueFor(c, r, value), refContext(this.meter, r));
          }
        }
      }
      const out: WriteResult = { obis: r.obis, classId: r.classId, attribute: r.attribute, result: String(enumName(DataAccessResult, result)) };
      if (this.meter !== undefined) out.meter = this.meter;
      if (r.name) out.name = r.name;
      if (result !== 0) {
        const e = accessError(result, refContext(this.meter, r));
        out.error = { code: e.code, message: e.message };
      }
      return out;
    });
  }

  /** DlmsData as given, typed JSON, or plain JSON typed by the class tables (or the current value). */
  private async valueFor(c: ServiceContext, r: ResolvedRef, value: unknown): Promise<DlmsData> {
    if (isDlmsData(value)) return value;
    try {
      return buildAttributeValue(r.classId, r.attribute, value);
    } catch (first) {
      const def = getAttribute(r.classId, r.attribute);
      if (def && def.type.kind !== 'any') throw first;
      // The type is open (Data value, unknown class): take it from what the meter holds now.
      const cur = rawToData(await this.readRaw(c, { ...r }, false));
      if (!('data' in cur)) throw first;
      return buildAttributeValue(r.classId, r.attribute, value, cur.data);
    }
  }

  async action(input: MethodRefInput, parameters?: unknown): Promise<ActionResultShape> {
    const ref = parseMethodRef(input);
    const classId = ref.classId ?? guessClassId(ref.obis);
    return this.run(async (c) => {
      let cls = classId;
      let sn: SnEntry | undefined;
      if (this.settings.referencing === 'sn') {
        sn = await this.snEntry(ref.obis);
        cls = sn.classId;
      }
      const params = (cl: number): DlmsData => (isDlmsData(parameters) ? parameters : buildMethodParameter(cl, ref.method, parameters));
      const ctx = refContext(this.meter, { obis: ref.obis, classId: cls, method: ref.method });
      let result: number;
      let data: DlmsData | undefined;
      if (sn) {
        const r = rawToData(await snMethod(c, methodShortName(sn.baseName, cls, ref.method), params(cls), ctx));
        if ('dataAccessResult' in r) result = r.dataAccessResult;
        else {
          result = 0;
          if (r.data.type !== 'null-data') data = r.data;
        }
      } else {
        let r = await lnAction(c, { classId: cls, obis: ref.obis, methodId: ref.method }, params(cls), ctx);
        if (ref.classId === undefined && (r.result === DAR_OBJECT_UNDEFINED || r.result === DAR_CLASS_INCONSISTENT)) {
          const actual = await this.classFromObjectList(ref.obis);
          if (actual !== undefined && actual !== cls) {
            cls = actual;
            ctx.classId = actual;
            r = await lnAction(c, { classId: cls, obis: ref.obis, methodId: ref.method }, params(cls), ctx);
          }
        }
        result = r.result;
        data = r.data;
      }
      const out: ActionResultShape = { obis: ref.obis, classId: cls, method: ref.method, result: String(enumName(sn ? DataAccessResult : ActionResultCode, result)) };
      if (this.meter !== undefined) out.meter = this.meter;
      if (ref.name) out.name = ref.name;
      if (data) out.data = plainJson(data);
      if (result !== 0) {
        const e = sn ? accessError(result, ctx) : actionErrorFor(result, ctx);
        out.error = { code: e.code, message: e.message };
      }
      return out;
    });
  }

  readObjectList(): Promise<ObjectListEntry[]> {
    return this.run(() => this.objectList());
  }

  readClock(): Promise<ValueResult> {
    return this.get({ ...CLOCK });
  }

  setClock(time?: Date): Promise<WriteResult> {
    const t = time ?? this.now();
    const value = D.octetString(encodeDateTime(dateTimeFromDate(t, this.settings.utcOffset ?? 0)));
    return this.set({ ...CLOCK }, value);
  }

  // ------------------------------------------------------------------------------------------
  // Profiles

  async readProfile(profileObis: string, query: ProfileQuery = {}): Promise<ProfileResult> {
    const obis = parseAttributeRef(profileObis).obis;
    return this.run(async (c) => {
      const ctx = refContext(this.meter, { obis, classId: 7, attribute: 3 });
      const caps = await this.captureObjects(c, obis);
      const cols = captureColumns(caps);
      const periodRes = rawToData(await this.readRaw(c, { obis, classId: 7, attribute: 4 }, false));
      const capturePeriod = 'data' in periodRes && typeof (periodRes.data as { value?: unknown }).value === 'number' ? (periodRes.data as { value: number }).value : undefined;
      const plan = planProfile(obis, cols, query, this.settings.utcOffset);
      const scalers = await this.profileScalers(c, obis, cols, query.scalers ?? 'auto', new Set(plan.returned));
      const buf = await this.readRaw(c, { obis, classId: 7, attribute: 2 }, false, plan.access);
      if ('dataAccessResult' in buf) throw accessError(buf.dataAccessResult, { ...ctx, attribute: 2 });
      const fast: FastColumn[] = plan.returned.map((i) => {
        const col: FastColumn = { key: cols[i].key, dateTime: cols[i].isTime || isDateTimeAttribute(cols[i]) || undefined };
        const su = scalers[i];
        if (su) col.scaler = su.scaler;
        return col;
      });
      const opts = { columns: fast, rows: 'object' as const, dateTime: false };
      const rows = ('raw' in buf ? decodeProfileBuffer(buf.raw, opts) : profileRowsFromData(buf.data, opts)) as Record<string, unknown>[];
      const timeKey = plan.returned.some((i) => cols[i].isTime);
      const keep = new Set(plan.wanted.map((i) => cols[i].key));
      for (const row of rows) {
        if (timeKey) row.time = withMeterOffset(row.time, this.settings.utcOffset);
        for (const k of Object.keys(row)) if (!keep.has(k)) delete row[k];
      }
      if (timeKey && keep.has('time')) fillImpliedTimes(rows, capturePeriod);
      const columns: ProfileColumn[] = plan.wanted.map((i) => describeColumn(cols[i], scalers[i]));
      const out: ProfileResult = { obis, columns, rows };
      if (this.meter !== undefined) out.meter = this.meter;
      if (capturePeriod !== undefined) out.capturePeriod = capturePeriod;
      return out;
    });
  }

  private async captureObjects(c: ServiceContext, obis: string): Promise<CaptureObjectDefinition[]> {
    const cached = this.captures.get(obis);
    if (cached) return cached;
    const ctx = refContext(this.meter, { obis, classId: 7, attribute: 3 });
    const r = rawToData(await this.readRaw(c, { obis, classId: 7, attribute: 3 }, false));
    if ('dataAccessResult' in r) throw accessError(r.dataAccessResult, ctx);
    const caps = decodeCaptureObjects(r.data);
    this.captures.set(obis, caps);
    return caps;
  }

  /** One scaler per capture column (undefined where none applies); `only`: the columns returned. */
  private async profileScalers(c: ServiceContext, obis: string, cols: CaptureColumn[], mode: NonNullable<ProfileQuery['scalers']>, only?: Set<number>): Promise<(ScalerUnit | undefined)[]> {
    if (mode === 'none') return cols.map(() => undefined);
    const companion = IS15959_SCALER_PROFILES[obis];
    if (companion && (mode === 'auto' || mode === 'scaler-profile')) {
      const fromProfile = await this.companionScalers(c, companion, cols).catch((e: unknown) => {
        if (mode === 'scaler-profile' || isFatal(e)) throw e;
        return undefined;
      });
      if (fromProfile) return fromProfile;
    } else if (mode === 'scaler-profile') {
      throw new InvalidArgumentError(`profile ${obis} has no IS 15959 scaler profile; use scalers 'registers'`, { meter: this.meter, obis });
    }
    const scaled = (col: CaptureColumn, i: number): boolean =>
      (!only || only.has(i)) && !col.isTime && isScaledAttribute(col.classId, col.attributeIndex) && !col.dataIndex;
    await this.prefetchScalers(c, cols.filter(scaled).map((col) => ({ obis: col.logicalName, classId: col.classId, attribute: col.attributeIndex })));
    const out: (ScalerUnit | undefined)[] = [];
    for (let i = 0; i < cols.length; i++) {
      out.push(scaled(cols[i], i) ? await this.scalerOf(c, cols[i].logicalName, cols[i].classId) : undefined);
    }
    return out;
  }

  /** IS 15959: the scaler profile's single row holds a scaler_unit for each column of the profile. */
  private async companionScalers(c: ServiceContext, companion: string, cols: CaptureColumn[]): Promise<(ScalerUnit | undefined)[]> {
    const caps = await this.captureObjects(c, companion);
    const buf = rawToData(await this.readRaw(c, { obis: companion, classId: 7, attribute: 2 }, false));
    if ('dataAccessResult' in buf) throw accessError(buf.dataAccessResult, refContext(this.meter, { obis: companion, classId: 7, attribute: 2 }));
    const rows = buf.data.type === 'array' ? buf.data.value : [];
    const row = rows[rows.length - 1];
    if (!row || row.type !== 'structure') throw new DlmsError('malformed-data', `the scaler profile ${companion} holds no row of scaler_unit values`, { meter: this.meter, obis: companion });
    const byObis = new Map<string, ScalerUnit>();
    caps.forEach((cap, i) => {
      const cell = row.value[i];
      if (!cell) return;
      try {
        byObis.set(cap.logicalName, decodeScalerUnit(cell));
      } catch {
        // a column without a scaler_unit (e.g. the clock) is skipped
      }
    });
    return cols.map((col) => (col.isTime ? undefined : byObis.get(col.logicalName)));
  }
}

/**
 * DlmsData given directly: typed like typed JSON, but with octet-strings as Buffers or 64-bit
 * values as bigints somewhere inside (plain typed JSON goes through the class tables instead).
 */
function isDlmsData(v: unknown): v is DlmsData {
  return isTyped(v) && (binaryInside(v) || (v as { type: string }).type === 'null-data');
}

function isTyped(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || Buffer.isBuffer(v)) return false;
  const o = v as { type?: unknown; value?: unknown };
  if (typeof o.type !== 'string' || !isDataTypeName(o.type)) return false;
  return !Array.isArray(o.value) || o.value.every(isTyped);
}

function binaryInside(v: unknown): boolean {
  const value = (v as { value?: unknown }).value;
  if (Buffer.isBuffer(value) || typeof value === 'bigint') return true;
  return Array.isArray(value) && value.some(binaryInside);
}

function actionErrorFor(result: number, ctx: ErrorContext): DlmsError {
  const name = enumName(ActionResultCode, result);
  const entry = ActionResultCode.byValue(result);
  return new DlmsError(typeof name === 'string' ? name : 'unknown-action-result', `${ctx.obis as string} (class ${String(ctx.classId)}, method ${String(ctx.method)}): The meter refused the method invocation: ${String(name)} (${result}). ${entry?.description ?? ''}`.trim(), ctx);
}

/** Errors after which the association cannot be trusted: stop the whole batch. */
function isFatal(e: unknown): boolean {
  return isDlmsError(e) && ['timeout', 'connection-closed', 'malformed-frame', 'replay-detected', 'authentication-failed', 'decryption-failed', 'security-policy-violation'].includes(e.code);
}

/** Put the meter name in the context; wrap foreign errors so that no stack trace reaches users. */
function withMeter(e: unknown, meter: string | undefined, prefix?: string): DlmsError {
  if (isDlmsError(e)) {
    if (meter !== undefined && e.context.meter === undefined) e.context.meter = meter;
    if (prefix) return new DlmsError(e.code, `${prefix}: ${e.message}`, e.context);
    return e;
  }
  return new DlmsError('internal-error', `${prefix ? `${prefix}: ` : ''}${e instanceof Error ? e.message : String(e)}`, { meter });
}

/**
 * Whether a captured attribute holds a COSEM date-time (by the class tables: the clock's time, a
 * register's capture_time...), so its cells read as ISO 8601 like a plain get of it would.
 */
function isDateTimeAttribute(c: { classId: number; attributeIndex: number; dataIndex?: number }): boolean {
  if (c.dataIndex) return false;
  const t = attributeType(c.classId, c.attributeIndex);
  return t !== undefined && t.kind === 'type' && t.format === 'date-time';
}
