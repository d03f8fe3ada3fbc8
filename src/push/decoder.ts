import {
  decodeCiphered,
  isCipheredTag,
  parseSecurityControl,
  plainTagOf,
  TAG_GENERAL_SIGNING,
  type CipheredApdu,
  type SecurityControl,
} from '../apdu/ciphered';
import { decodeApdu } from '../apdu/apdu';
import { DATA_NOTIFICATION_TAG, EVENT_NOTIFICATION_REQUEST_TAG, type DataNotification, type EventNotificationRequest } from '../apdu/notification';
import { dateTimeToJson, toJson, type JsonValue } from '../codec/json';
import { toHex } from '../codec/hex';
import { obisName } from '../codec/obis-names';
import { toTypedJson, type TypedJson } from '../codec/typed-json';
import { DlmsError, isDlmsError } from '../errors';
import { parseKey, parseSystemTitle, type KeyInput } from '../security/keys';
import { unprotect, type CipherContext } from '../security/protect';
import { ReplayGuard } from '../security/replay';
import { PushFramer, type FramedApdu, type PushFraming } from './framing';
import { eventValue, flattenPushBody, parsePushObjects, type PushObject, type PushObjectInput, type PushValue } from './values';

/**
 * The sans-I/O core of the push listener: one PushDecoder per connection (or UDP peer). It takes
 * bytes and returns decoded notifications and rejections; it never touches a socket or a timer.
 */

/**
 * - 'none': plain pushes accepted; ciphered ones decrypted when the key of their system title is known.
 * - 'authenticated': only ciphered pushes with an authentication tag (plain ones are rejected).
 * - 'encrypted': only authenticated and encrypted pushes.
 * Unknown system titles are always rejected for ciphered pushes (nothing can be checked without a key).
 */
export type PushSecurityPolicy = 'none' | 'authenticated' | 'encrypted';

/** Keys and naming of one meter, found by its system title. */
export interface PushMeterKeys {
  /** Meter name in the notifications (CONTRACTS `meter`). */
  name?: string;
  /** Global unicast encryption key (16 octets, 32 for suite 2) as hex or bytes. */
  encryptionKey?: KeyInput;
  authenticationKey?: KeyInput;
  /** Global broadcast encryption key (SC bit 6). */
  broadcastKey?: KeyInput;
  /** Dedicated key, for general-ded-ciphering. */
  dedicatedKey?: KeyInput;
  /** This meter's push object list (overrides the default). */
  pushObjects?: PushObjectInput[];
}

/** System title (16 hex digits, any case, separators tolerated) -> keys; or a lookup function given the upper-case hex. */
export type PushKeyTable = Record<string, PushMeterKeys> | Map<string, PushMeterKeys> | ((systemTitle: string) => PushMeterKeys | undefined);

/** Where a push came from: the peer and the link addresses (they identify meters that send no system title). */
export interface PushSource {
  transport: 'tcp' | 'udp' | 'none';
  /** e.g. tcp://127.0.0.1:50123 */
  peer: string;
  framing: PushFraming;
  wrapper?: { sourceWPort: number; destinationWPort: number };
  hdlc?: { source: string; destination: string; frameType: 'I' | 'UI' };
}

/** Security of a ciphered push. */
export interface PushSecurityInfo {
  envelope: string;
  invocationCounter: number;
  securitySuite: number;
  authenticated: boolean;
  encrypted: boolean;
  broadcastKey: boolean;
}

/** One decoded push (CONTRACTS "A push"). Plain JSON: safe to put on MQTT as is. */
export interface PushNotification {
  systemTitle: string | null;
  meter: string | null;
  service: 'data-notification' | 'event-notification-request';
  /** The notification's date-time: ISO 8601 when fully specified, an object of fields otherwise, null when absent. */
  time: JsonValue;
  /** Data-Notification: the long invoke id (also in `longInvokeId`). */
  invokeId?: number;
  longInvokeId?: number;
  priority?: 'high' | 'normal';
  /** The Push setup logical name, when the first value names it. */
  pushSetup?: string;
  values: PushValue[];
  /** The whole body (Data-Notification) or value (Event-Notification) as plain JSON and as typed JSON. */
  body: JsonValue;
  bodyTyped: TypedJson;
  /** Event-Notification-Request: the attribute it reports. */
  attribute?: { classId: number; obis: string; attribute: number; name?: string };
  security: PushSecurityInfo | null;
  source: PushSource;
  /** The APDU as received (ciphered when it was), upper-case hex. */
  raw: string;
  receivedAt: string;
}

export interface PushDecoderOptions {
  keys?: PushKeyTable;
  /** Default 'none'. */
  policy?: PushSecurityPolicy;
  /** Shared by every connection of a listener; give one with a CounterStore to persist the counters. */
  replayGuard?: ReplayGuard;
  /** Push object list used for meters whose key entry has none. */
  pushObjects?: PushObjectInput[];
  /**
   * The system title of a sender identified by its address, for service-specific glo-/ded-
   * envelopes (they carry no system title) and plain pushes. Return 16 hex digits or undefined.
   */
  systemTitleOf?: (source: PushSource) => string | undefined;
  /** Largest APDU accepted, default 8192. */
  maxFrameSize?: number;
  /** 'auto' (default), 'wrapper' or 'hdlc'. */
  framing?: 'auto' | PushFraming;
}

export interface PushConnectionInfo {
  transport: 'tcp' | 'udp' | 'none';
  peer: string;
  /** Each push() is one datagram: a partial frame at its end is dropped, framing errors are never fatal. */
  datagram?: boolean;
}

export type PushDecoderEvent =
  | { kind: 'notification'; notification: PushNotification }
  | { kind: 'rejected'; error: DlmsError; fatal: boolean };

interface ParsedMeter {
  name: string | null;
  encryptionKey?: Buffer;
  authenticationKey?: Buffer;
  broadcastKey?: Buffer;
  dedicatedKey?: Buffer;
  pushObjects?: PushObject[];
}

const EMPTY = Buffer.alloc(0);

function keyOf(input: KeyInput | undefined, what: string, title: string): Buffer | undefined {
  if (input === undefined || input === null || input === '') return undefined;
  const len = typeof input === 'string' ? input.replace(/^0x/i, '').replace(/[\s:-]/g, '').length / 2 : input.length;
  try {
    return parseKey(input, what, len === 32 ? 2 : 0);
  } catch (e) {
    throw new DlmsError('invalid-key', `the ${what} configured for system title ${title} is unusable: ${(e as Error).message}`, { systemTitle: title, key: what });
  }
}

function normalizeTitle(text: string): string {
  return parseSystemTitle(text).toString('hex').toUpperCase();
}

const parsedCache = new WeakMap<PushMeterKeys, ParsedMeter>();
const tableCache = new WeakMap<object, Map<string, PushMeterKeys>>();

/**
 * Key lookup with parsed keys cached per entry object. Table keys are normalised once per table
 * (a table is not expected to change after it is given; pass a function for a live one).
 */
export class PushKeyResolver {
  private readonly lookup: (title: string) => PushMeterKeys | undefined;
  readonly defaultObjects?: PushObject[];

  constructor(table: PushKeyTable | undefined, defaultObjects?: PushObjectInput[]) {
    this.defaultObjects = parsePushObjects(defaultObjects, 'default push object list');
    if (!table) this.lookup = () => undefined;
    else if (typeof table === 'function') this.lookup = table;
    else {
      let map = tableCache.get(table);
      if (!map) {
        map = new Map();
        const entries = table instanceof Map ? [...table.entries()] : Object.entries(table);
        for (const [k, v] of entries) {
          const title = normalizeTitle(k);
          map.set(title, v);
          this.parse(title, v); // configuration errors show at start, not at the first push
        }
        tableCache.set(table, map);
      }
      const m = map;
      this.lookup = (t) => m.get(t);
    }
  }

  /** The system titles of a static table (for restoring persisted counters). */
  static titles(table: PushKeyTable | undefined): string[] {
    if (!table || typeof table === 'function') return [];
    return (table instanceof Map ? [...table.keys()] : Object.keys(table)).map(normalizeTitle);
  }

  get(title: string): ParsedMeter | undefined {
    const entry = this.lookup(title);
    if (!entry) return undefined;
    return this.parse(title, entry);
  }

  private parse(title: string, entry: PushMeterKeys): ParsedMeter {
    let p = parsedCache.get(entry);
    if (!p) {
      p = {
        name: entry.name ?? null,
        encryptionKey: keyOf(entry.encryptionKey, 'encryption key', title),
        authenticationKey: keyOf(entry.authenticationKey, 'authentication key', title),
        broadcastKey: keyOf(entry.broadcastKey, 'broadcast key', title),
        dedicatedKey: keyOf(entry.dedicatedKey, 'dedicated key', title),
        pushObjects: parsePushObjects(entry.pushObjects, `push object list of ${title}`),
      };
      parsedCache.set(entry, p);
    }
    return p;
  }
}

function describeSource(s: PushSource): string {
  let t = s.peer;
  if (s.wrapper) t += ` (wrapper source wPort ${s.wrapper.sourceWPort})`;
  if (s.hdlc) t += ` (HDLC address ${s.hdlc.source})`;
  return t;
}

function sourceContext(s: PushSource): Record<string, unknown> {
  const c: Record<string, unknown> = { peer: s.peer, transport: s.transport, framing: s.framing };
  if (s.wrapper) c.sourceWPort = s.wrapper.sourceWPort;
  if (s.hdlc) c.hdlcSource = s.hdlc.source;
  return c;
}

export class PushDecoder {
  private readonly framer: PushFramer;
  private readonly resolver: PushKeyResolver;
  private readonly guard: ReplayGuard;
  private readonly policy: PushSecurityPolicy;
  private readonly systemTitleOf?: (source: PushSource) => string | undefined;
  private readonly conn: PushConnectionInfo;
  /** Title of the last authenticated push on this connection: used by later glo- envelopes that carry none. */
  private learnedTitle: string | null = null;
  private failed = false;

  constructor(opts: PushDecoderOptions = {}, conn: PushConnectionInfo = { transport: 'none', peer: 'local' }, resolver?: PushKeyResolver) {
    const policy = opts.policy ?? 'none';
    if (policy !== 'none' && policy !== 'authenticated' && policy !== 'encrypted') {
      throw new DlmsError('invalid-argument', `security policy "${String(policy)}" is not one of none, authenticated, encrypted`);
    }
    this.policy = policy;
    this.framer = new PushFramer({ maxFrameSize: opts.maxFrameSize, framing: opts.framing });
    this.resolver = resolver ?? new PushKeyResolver(opts.keys, opts.pushObjects);
    this.guard = opts.replayGuard ?? new ReplayGuard();
    this.systemTitleOf = opts.systemTitleOf;
    this.conn = conn;
  }

  /** True after a fatal framing error: the connection must be closed, further input is ignored. */
  get isFailed(): boolean {
    return this.failed;
  }

  get hasPartial(): boolean {
    return this.framer.hasPartial;
  }

  get framing(): PushFraming | null {
    return this.framer.framing;
  }

  /** Feed received bytes; returns what they completed. Never throws for anything a peer sends. */
  push(chunk: Uint8Array): PushDecoderEvent[] {
    if (this.failed) return [];
    const out: PushDecoderEvent[] = [];
    const datagram = this.conn.datagram === true;
    for (const o of this.framer.push(chunk)) {
      if (o.kind === 'error') {
        const fatal = o.fatal && !datagram;
        out.push({ kind: 'rejected', error: this.withPeer(o.error), fatal });
        if (o.fatal) {
          if (fatal) this.failed = true;
          break;
        }
        continue;
      }
      out.push(this.decodeFramed(o.frame));
    }
    if (datagram) {
      if (this.framer.hasPartial && !out.some((e) => e.kind === 'rejected' && e.error.code === 'malformed-frame')) {
        out.push({ kind: 'rejected', error: this.withPeer(new DlmsError('malformed-frame', 'the datagram ends inside a frame (truncated or oversized datagram)')), fatal: false });
      }
      this.framer.reset();
    }
    return out;
  }

  /** Decode one APDU (no framing) from `source`: the entry point for callers that do their own framing. */
  decodeApdu(apdu: Buffer, source: Omit<PushSource, 'transport' | 'peer'> & Partial<Pick<PushSource, 'transport' | 'peer'>> = { framing: 'wrapper' }): PushDecoderEvent {
    return this.decodeFramed({ apdu, framing: source.framing, wrapper: source.wrapper, hdlc: source.hdlc }, source);
  }

  private withPeer(e: DlmsError, extra: Record<string, unknown> = {}): DlmsError {
    Object.assign(e.context, { peer: this.conn.peer, transport: this.conn.transport }, extra);
    return e;
  }

  private decodeFramed(frame: FramedApdu, override?: Partial<PushSource>): PushDecoderEvent {
    const source: PushSource = { transport: override?.transport ?? this.conn.transport, peer: override?.peer ?? this.conn.peer, framing: frame.framing };
    if (frame.wrapper) source.wrapper = frame.wrapper;
    if (frame.hdlc) source.hdlc = frame.hdlc;
    try {
      return { kind: 'notification', notification: this.decodeApduFrom(frame.apdu, source) };
    } catch (e) {
      // Not a DlmsError: a key table or systemTitleOf callback that threw.
      const err = isDlmsError(e) ? e : new DlmsError('push-failed', `push from ${describeSource(source)} could not be processed: ${e instanceof Error ? e.message : String(e)}`, {}, { cause: e });
      Object.assign(err.context, sourceContext(source));
      return { kind: 'rejected', error: err, fatal: false };
    }
  }

  private titleFromAddress(source: PushSource): string | null {
    if (!this.systemTitleOf) return null;
    const t = this.systemTitleOf(source);
    if (t === undefined || t === null || t === '') return null;
    return normalizeTitle(t);
  }

  private decodeApduFrom(raw: Buffer, source: PushSource): PushNotification {
    const tag = raw[0];
    if (tag === DATA_NOTIFICATION_TAG || tag === EVENT_NOTIFICATION_REQUEST_TAG) {
      if (this.policy !== 'none') {
        throw new DlmsError('policy-violation', `plain (unprotected) push from ${describeSource(source)} rejected: the security policy "${this.policy}" requires ciphered pushes`, { policy: this.policy });
      }
      const title = this.titleFromAddress(source) ?? this.learnedTitle;
      const meter = title ? this.resolver.get(title) : undefined;
      return this.build(decodeApdu(raw) as DataNotification | EventNotificationRequest, raw, source, title, meter, null);
    }
    if (!isCipheredTag(tag)) {
      throw new DlmsError('unexpected-apdu', `APDU with tag 0x${tag.toString(16).padStart(2, '0').toUpperCase()} from ${describeSource(source)} is not a push (data-notification or event-notification-request)`, { tag });
    }
    const c = decodeCiphered(raw);
    if (c.kind === 'general-signing' || tag === TAG_GENERAL_SIGNING) {
      throw new DlmsError('not-supported', `general-signing push from ${describeSource(source)}: signed pushes are not supported by the push listener`);
    }
    if (c.kind === 'service-specific' && plainTagOf(c.tag) !== EVENT_NOTIFICATION_REQUEST_TAG) {
      throw new DlmsError('unexpected-apdu', `${c.service} from ${describeSource(source)} is not a push`, { service: c.service });
    }
    let title: string | null = null;
    if (c.kind === 'general-glo' || c.kind === 'general-ded') title = c.systemTitle.length ? toHex(c.systemTitle) : null;
    else if (c.kind === 'general-ciphering') title = toHex(c.originatorSystemTitle);
    if (title === null) title = this.titleFromAddress(source) ?? this.learnedTitle;
    if (title === null) {
      throw new DlmsError('unknown-system-title', `${c.service} push from ${describeSource(source)} carries no system title and none is configured for its address: give systemTitleOf for this source`, { service: c.service });
    }
    if (title.length !== 16) {
      throw new DlmsError('unknown-system-title', `${c.service} push from ${describeSource(source)} carries a system title of ${title.length / 2} octets (${title}); 8 are expected`, { systemTitle: title });
    }
    const meter = this.resolver.get(title);
    if (!meter) {
      throw new DlmsError('unknown-system-title', `ciphered push from unknown system title ${title} (${describeSource(source)}) rejected: add this system title and its keys to the key table`, { systemTitle: title });
    }
    const sc = parseSecurityControl(c.securityControl);
    this.checkPolicy(sc, c, title, source);
    const ic = c.invocationCounter;
    this.guard.check(title, ic);
    const ctx: CipherContext = {
      systemTitle: EMPTY,
      peerSystemTitle: Buffer.from(title, 'hex'),
      encryptionKey: meter.encryptionKey,
      authenticationKey: meter.authenticationKey,
      broadcastKey: meter.broadcastKey,
      dedicatedKey: meter.dedicatedKey,
    };
    let plain: Buffer;
    try {
      plain = unprotect(c, ctx).plaintext;
    } catch (e) {
      if (isDlmsError(e)) {
        if (e.code === 'invalid-key') {
          throw new DlmsError('invalid-key', `push from ${title} (${meter.name ?? 'unnamed meter'}) cannot be unprotected: ${e.message}; add the missing key to its key table entry`, { systemTitle: title, ...e.context });
        }
        Object.assign(e.context, { systemTitle: title });
      }
      throw e;
    }
    if (plain[0] !== DATA_NOTIFICATION_TAG && plain[0] !== EVENT_NOTIFICATION_REQUEST_TAG) {
      throw new DlmsError('unexpected-apdu', `${c.service} from ${title} holds an APDU with tag 0x${(plain[0] ?? 0).toString(16).toUpperCase()}, not a push`, { systemTitle: title });
    }
    const inner = decodeApdu(plain) as DataNotification | EventNotificationRequest;
    // Only an authenticated APDU moves the replay window: an unauthenticated one could be forged
    // with a huge counter and lock the real meter out.
    if (sc.authenticated) {
      this.guard.accept(title, ic);
      this.learnedTitle = title;
    }
    const security: PushSecurityInfo = {
      envelope: c.service,
      invocationCounter: ic,
      securitySuite: sc.securitySuite,
      authenticated: sc.authenticated,
      encrypted: sc.encrypted,
      broadcastKey: sc.broadcastKey,
    };
    return this.build(inner, raw, source, title, meter, security);
  }

  private checkPolicy(sc: SecurityControl, c: CipheredApdu, title: string, source: PushSource): void {
    if (this.policy === 'none') return;
    const needEnc = this.policy === 'encrypted';
    if (!sc.authenticated || (needEnc && !sc.encrypted)) {
      const has = sc.authenticated ? 'authenticated only' : sc.encrypted ? 'encrypted only' : 'neither authenticated nor encrypted';
      throw new DlmsError(
        'policy-violation',
        `${c.service} push from ${title} (${describeSource(source)}) is ${has}: the security policy "${this.policy}" requires ${needEnc ? 'authenticated and encrypted' : 'authenticated'} pushes`,
        { systemTitle: title, policy: this.policy },
      );
    }
  }

  private build(apdu: DataNotification | EventNotificationRequest, raw: Buffer, source: PushSource, title: string | null, meter: ReturnType<PushKeyResolver['get']>, security: PushSecurityInfo | null): PushNotification {
    const objects = meter?.pushObjects ?? this.resolver.defaultObjects;
    const receivedAt = new Date().toISOString();
    const rawHex = raw.toString('hex').toUpperCase();
    if (apdu.service === 'data-notification') {
      const flat = flattenPushBody(apdu.body, objects);
      const n: PushNotification = {
        systemTitle: title,
        meter: meter?.name ?? null,
        service: 'data-notification',
        time: apdu.dateTime ? (apdu.dateTime.length === 12 ? dateTimeToJson(apdu.dateTime) : toHex(apdu.dateTime)) : null,
        invokeId: apdu.longInvokeId,
        longInvokeId: apdu.longInvokeId,
        priority: apdu.priority,
        values: flat.values,
        body: toJson(apdu.body),
        bodyTyped: toTypedJson(apdu.body),
        security,
        source,
        raw: rawHex,
        receivedAt,
      };
      if (flat.pushSetup) n.pushSetup = flat.pushSetup;
      return n;
    }
    const name = obisName(apdu.obis);
    const n: PushNotification = {
      systemTitle: title,
      meter: meter?.name ?? null,
      service: 'event-notification-request',
      time: apdu.time ? (apdu.time.length === 12 ? dateTimeToJson(apdu.time) : toHex(apdu.time)) : null,
      attribute: { classId: apdu.classId, obis: apdu.obis, attribute: apdu.attributeId, ...(name ? { name } : {}) },
      values: [eventValue(apdu.value, apdu.classId, apdu.obis, apdu.attributeId, objects)],
      body: toJson(apdu.value),
      bodyTyped: toTypedJson(apdu.value),
      security,
      source,
      raw: rawHex,
      receivedAt,
    };
    return n;
  }
}
