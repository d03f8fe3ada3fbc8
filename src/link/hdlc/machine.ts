import { DlmsError, InvalidArgumentError } from '../../errors';
import { HdlcAddress, formatAddress } from './address';
import { HdlcDeframer } from './deframer';
import { HdlcFrame, LLC_REQUEST, LLC_RESPONSE, encodeHdlcFrame } from './frame';
import { DEFAULT_HDLC_PARAMETERS, HdlcParameters, decodeHdlcParameters, encodeHdlcParameters } from './parameters';

export type HdlcRole = 'client' | 'server';

export interface HdlcMachineOptions {
  /** client = primary station (polls), server = secondary station (the meter side). */
  role: HdlcRole;
  /** Our own address: client SAP for the client, logical/physical device for the server. */
  local: HdlcAddress;
  /** The peer: required for the client; a server learns it from the SNRM. */
  remote?: HdlcAddress;
  /** Client: values proposed in SNRM. Server: the largest values it accepts. Defaults 128 / 1. */
  parameters?: Partial<HdlcParameters>;
  /** Client: wait this long for an answer to a poll before retransmitting (default 3000 ms). */
  responseTimeoutMs?: number;
  /** Client: retransmissions before giving up with 'timeout' (default 3). */
  maxRetries?: number;
  /** Discard a partial frame when the line is silent this long mid-frame (default 1000 ms). */
  interFrameTimeoutMs?: number;
  /** Drop the link after this long without a frame; 0 disables (default: server 120000, client 0). */
  inactivityTimeoutMs?: number;
  /** Accept out-of-sequence N(S) and unexpected N(R) instead of dropping the frame (quirky meters). */
  tolerant?: boolean;
}

export type HdlcEvent =
  | { type: 'transmit'; bytes: Buffer }
  | { type: 'connected'; parameters: HdlcParameters }
  | { type: 'apdu'; apdu: Buffer }
  | { type: 'ui'; apdu: Buffer; from: HdlcAddress }
  | { type: 'disconnected'; error?: DlmsError };

export type HdlcState = 'disconnected' | 'connecting' | 'connected' | 'disconnecting';

export interface HdlcStats {
  corruptFrames: number;
  garbageBytes: number;
  retransmissions: number;
  outOfSequence: number;
  ignoredFrames: number;
}

/**
 * Sans-I/O HDLC station for DLMS (IEC 62056-46, normal response mode, modulo 8). Inputs are
 * bytes, API calls and the clock (`now` in ms); outputs are events, including the bytes to
 * transmit. The caller runs one timer for `nextDeadline()` and calls `onTimer(now)` when due.
 *
 * Both directions segment APDUs into I frames of the negotiated max info field length and send
 * up to the negotiated window, the last frame of a window carrying the P/F bit; the receiver
 * answers a complete window with RR (go-back-N on a gap).
 */
export class HdlcMachine {
  readonly role: HdlcRole;
  readonly local: HdlcAddress;
  remote?: HdlcAddress;
  readonly stats: HdlcStats = { corruptFrames: 0, garbageBytes: 0, retransmissions: 0, outOfSequence: 0, ignoredFrames: 0 };

  private readonly deframer = new HdlcDeframer();
  private readonly wanted: HdlcParameters;
  private negotiated: HdlcParameters = { ...DEFAULT_HDLC_PARAMETERS };
  private readonly responseTimeoutMs: number;
  private readonly maxRetries: number;
  private readonly interFrameTimeoutMs: number;
  private readonly inactivityTimeoutMs: number;
  private readonly tolerant: boolean;

  private _state: HdlcState = 'disconnected';
  private out: HdlcEvent[] = [];
  private vr = 0;
  // Transmission of one APDU: segments[base..next) are sent and unacknowledged.
  private segments: Buffer[] = [];
  private base = 0;
  private next = 0;
  private firstNs = 0;
  private rx: Buffer[] = [];
  // Client: a poll is outstanding. Server: a poll waits for the application's answer.
  private awaiting = false;
  private pollHeld = false;
  private retries = 0;
  private responseDeadline?: number;
  private lastActivity = 0;
  private lastByteAt = 0;

  constructor(opts: HdlcMachineOptions) {
    this.role = opts.role;
    this.local = opts.local;
    this.remote = opts.remote;
    if (opts.role === 'client' && !opts.remote) throw new InvalidArgumentError('an HDLC client needs the server address');
    this.wanted = { ...DEFAULT_HDLC_PARAMETERS, ...opts.parameters };
    const w = this.wanted;
    for (const k of ['windowSizeTransmit', 'windowSizeReceive'] as const) {
      if (!Number.isInteger(w[k]) || w[k] < 1 || w[k] > 7) throw new InvalidArgumentError(`HDLC ${k} ${w[k]} must be 1..7`);
    }
    for (const k of ['maxInfoFieldLengthTransmit', 'maxInfoFieldLengthReceive'] as const) {
      if (!Number.isInteger(w[k]) || w[k] < 32 || w[k] > 2030) throw new InvalidArgumentError(`HDLC ${k} ${w[k]} must be 32..2030`);
    }
    this.responseTimeoutMs = opts.responseTimeoutMs ?? 3000;
    this.maxRetries = opts.maxRetries ?? 3;
    this.interFrameTimeoutMs = opts.interFrameTimeoutMs ?? 1000;
    this.inactivityTimeoutMs = opts.inactivityTimeoutMs ?? (opts.role === 'server' ? 120000 : 0);
    this.tolerant = opts.tolerant ?? false;
  }

  get state(): HdlcState {
    return this._state;
  }

  /** Negotiated parameters from our point of view (transmit = what we send). */
  get parameters(): Readonly<HdlcParameters> {
    return this.negotiated;
  }

  /** True while an APDU exchange is in progress (client) or an answer is owed (server). */
  get busy(): boolean {
    return this.role === 'client' ? this.awaiting || this.base < this.segments.length : this.pollHeld;
  }

  private get peerName(): string {
    return this.remote ? formatAddress(this.remote) : '?';
  }

  // ---- inputs -------------------------------------------------------------------------------

  /** Client: starts the link with SNRM (IEC 62056-46 clause 6.4.4.4.3.2). */
  connect(now: number): HdlcEvent[] {
    if (this.role !== 'client') throw new InvalidArgumentError('only the client connects');
    this.reset();
    this._state = 'connecting';
    this.sendSnrm(now);
    return this.flush();
  }

  /** Client: orderly release with DISC; resolves on UA or DM. */
  disconnect(now: number): HdlcEvent[] {
    if (this._state === 'connected' && this.role === 'client') {
      this._state = 'disconnecting';
      this.retries = 0;
      this.sendU('DISC', true, undefined, now);
      this.armResponse(now);
    } else if (this._state !== 'disconnected') {
      this.drop();
    }
    return this.flush();
  }

  /** Sends an APDU: a request (client) or the answer to the last request (server). */
  send(apdu: Uint8Array, now: number): HdlcEvent[] {
    if (this._state !== 'connected') {
      throw new DlmsError('connection-closed', `HDLC link to ${this.peerName} is not connected; cannot send`, { state: this._state });
    }
    if (this.role === 'client' && (this.awaiting || this.base < this.segments.length)) {
      throw new DlmsError('link-busy', 'an HDLC exchange is still in progress; wait for its response before the next request');
    }
    const info = Buffer.concat([this.role === 'client' ? LLC_REQUEST : LLC_RESPONSE, apdu]);
    const max = this.negotiated.maxInfoFieldLengthTransmit;
    const segs: Buffer[] = [];
    for (let i = 0; i < info.length; i += max) segs.push(info.subarray(i, i + max));
    this.firstNs = this.vsOf(this.segments.length);
    this.segments = segs;
    this.base = 0;
    this.next = 0;
    this.lastActivity = now;
    if (this.role === 'client') {
      this.retries = 0;
      this.rx = [];
      this.sendWindow(now);
    } else if (this.pollHeld) {
      this.sendWindow(now);
    }
    return this.flush();
  }

  /** Unnumbered information (push notifications, IEC 62056-46 clause 8.4.3.3). */
  sendUi(apdu: Uint8Array, now: number): HdlcEvent[] {
    if (!this.remote) throw new DlmsError('connection-closed', 'no peer address known for a UI frame');
    const llc = this.role === 'client' ? LLC_REQUEST : LLC_RESPONSE;
    this.transmit({ segmented: false, dest: this.remote, src: this.local, frameType: 'UI', pf: false, info: Buffer.concat([llc, apdu]) }, now);
    return this.flush();
  }

  receive(bytes: Uint8Array, now: number): HdlcEvent[] {
    if (this.deframer.hasPartial && now - this.lastByteAt > this.interFrameTimeoutMs) this.deframer.reset();
    this.lastByteAt = now;
    const frames = this.deframer.push(bytes);
    this.stats.corruptFrames = this.deframer.stats.corruptFrames;
    this.stats.garbageBytes = this.deframer.stats.garbageBytes;
    for (const f of frames) this.onFrame(f, now);
    return this.flush();
  }

  /** The earliest time `onTimer` must run, or undefined when no timer is needed. */
  nextDeadline(): number | undefined {
    let d = this.responseDeadline;
    if (this.inactivityTimeoutMs > 0 && this._state === 'connected') {
      const i = this.lastActivity + this.inactivityTimeoutMs;
      d = d === undefined ? i : Math.min(d, i);
    }
    return d;
  }

  onTimer(now: number): HdlcEvent[] {
    if (this.inactivityTimeoutMs > 0 && this._state === 'connected' && now >= this.lastActivity + this.inactivityTimeoutMs) {
      this.drop(new DlmsError('timeout', `HDLC link to ${this.peerName} idle for ${this.inactivityTimeoutMs} ms: closed (inactivity timeout)`, { peer: this.peerName }));
      return this.flush();
    }
    if (this.responseDeadline === undefined || now < this.responseDeadline) return this.flush();
    this.responseDeadline = undefined;
    if (this.retries >= this.maxRetries) {
      const what = this._state === 'connecting' ? 'SNRM (connection set-up)' : this._state === 'disconnecting' ? 'DISC' : 'a frame';
      const err = new DlmsError('timeout', `no HDLC answer from server ${this.peerName} to ${what} after ${this.maxRetries + 1} attempts of ${this.responseTimeoutMs} ms: check the server/physical address, the baud rate and the wiring`, { peer: this.peerName, retries: this.maxRetries });
      this.drop(this._state === 'disconnecting' ? undefined : err);
      return this.flush();
    }
    this.retries++;
    this.stats.retransmissions++;
    if (this._state === 'connecting') this.sendSnrm(now);
    else if (this._state === 'disconnecting') {
      this.sendU('DISC', true, undefined, now);
      this.armResponse(now);
    } else if (this._state === 'connected') {
      if (this.base < this.segments.length) {
        this.next = this.base; // go back: resend everything not acknowledged
        this.sendWindow(now);
      } else {
        this.sendS('RR', now);
      }
    }
    return this.flush();
  }

  // ---- frame handling -----------------------------------------------------------------------

  private onFrame(f: HdlcFrame, now: number): void {
    if (!matches(f.dest, this.local)) {
      this.stats.ignoredFrames++; // another station's traffic on a shared bus
      return;
    }
    if (this.role === 'client') this.clientFrame(f, now);
    else this.serverFrame(f, now);
  }

  private clientFrame(f: HdlcFrame, now: number): void {
    if (!matches(f.src, this.remote as HdlcAddress)) {
      this.stats.ignoredFrames++;
      return;
    }
    this.lastActivity = now;
    switch (this._state) {
      case 'connecting':
        if (f.frameType === 'UA') {
          this.negotiateFromUa(f.info);
          this._state = 'connected';
          this.responseDeadline = undefined;
          this.out.push({ type: 'connected', parameters: { ...this.negotiated } });
        } else if (f.frameType === 'DM') {
          this.drop(new DlmsError('connection-refused', `server ${this.peerName} answered SNRM with DM (disconnected mode): check the server and physical address, or another client may hold the link`, { peer: this.peerName }));
        }
        return;
      case 'disconnecting':
        if (f.frameType === 'UA' || f.frameType === 'DM') this.drop();
        return;
      case 'connected':
        break;
      default:
        if (f.frameType === 'UI') this.out.push({ type: 'ui', apdu: stripLlc(f.info), from: f.src });
        return;
    }
    switch (f.frameType) {
      case 'I':
        if (!this.acknowledge(f.nr as number)) return;
        this.retries = 0;
        this.receiveI(f, now);
        return;
      case 'RR':
      case 'RNR':
        if (!this.acknowledge(f.nr as number)) return;
        this.retries = 0;
        if (f.frameType === 'RR' && this.base < this.segments.length) {
          this.next = this.base;
          this.sendWindow(now);
        } else if (this.awaiting) {
          this.armResponse(now); // server busy or nothing yet: poll again on timeout
        }
        return;
      case 'UI':
        this.out.push({ type: 'ui', apdu: stripLlc(f.info), from: f.src });
        return;
      case 'DM':
        this.drop(new DlmsError('connection-closed', `server ${this.peerName} reported disconnected mode (DM): the link was released (inactivity timeout or another client); reconnect`, { peer: this.peerName }));
        return;
      case 'FRMR':
        this.drop(new DlmsError('frame-rejected', `server ${this.peerName} rejected a frame (FRMR, info ${f.info.toString('hex').toUpperCase()}): check the negotiated max info field length and the addresses`, { peer: this.peerName }));
        return;
      default:
        this.stats.ignoredFrames++;
    }
  }

  private serverFrame(f: HdlcFrame, now: number): void {
    if (f.frameType === 'UI') {
      this.out.push({ type: 'ui', apdu: stripLlc(f.info), from: f.src });
      return;
    }
    if (f.frameType === 'SNRM') {
      this.reset();
      this.remote = f.src;
      this.negotiateFromSnrm(f.info);
      this._state = 'connected';
      this.lastActivity = now;
      this.sendU('UA', true, encodeHdlcParameters(this.uaParameters()), now);
      this.out.push({ type: 'connected', parameters: { ...this.negotiated } });
      return;
    }
    if (this._state !== 'connected' || !matches(f.src, this.remote as HdlcAddress)) {
      // Not connected to this client: every poll is answered with DM (IEC 62056-46 clause 6.4.4.4.3.3).
      if (f.pf) {
        const saved = this.remote;
        this.remote = f.src;
        this.sendU('DM', true, undefined, now);
        this.remote = saved;
      }
      return;
    }
    this.lastActivity = now;
    switch (f.frameType) {
      case 'DISC':
        this.sendU('UA', true, undefined, now);
        this.drop();
        return;
      case 'I':
        if (f.info.length > this.negotiated.maxInfoFieldLengthReceive) {
          this.sendU('FRMR', true, Buffer.from([0, 0, 0x08]), now); // Y bit: info field too long
          return;
        }
        if (!this.acknowledge(f.nr as number)) return;
        this.receiveI(f, now);
        return;
      case 'RR':
      case 'RNR':
        if (!this.acknowledge(f.nr as number)) return;
        if (!f.pf) return;
        if (this.base < this.segments.length) {
          this.next = this.base;
          this.sendWindow(now);
        } else if (this.rx.length === 0 && !this.pollHeld) {
          this.sendS('RR', now);
        } else {
          this.pollHeld = true;
        }
        return;
      default:
        this.stats.ignoredFrames++;
    }
  }

  /** Applies a received N(R): acknowledges segments[base..]. False when N(R) is impossible. */
  private acknowledge(nr: number): boolean {
    const outstanding = this.next - this.base;
    const k = (nr - this.vsOf(this.base)) & 7;
    if (k > outstanding) {
      if (!this.tolerant) {
        this.stats.outOfSequence++;
        return false;
      }
      return true;
    }
    this.base += k;
    if (this.base >= this.segments.length && this.segments.length > 0 && k > 0) {
      // Whole APDU acknowledged: continue numbering after it.
      this.firstNs = this.vsOf(this.segments.length);
      this.segments = [];
      this.base = 0;
      this.next = 0;
    }
    return true;
  }

  private receiveI(f: HdlcFrame, now: number): void {
    const ns = f.ns as number;
    let accepted = false;
    if (ns === this.vr || this.tolerant) {
      this.vr = (ns + 1) & 7;
      this.rx.push(f.info);
      accepted = true;
    } else {
      this.stats.outOfSequence++;
    }
    if (accepted && !f.segmented) {
      const whole = Buffer.concat(this.rx);
      this.rx = [];
      if (this.role === 'client') {
        this.awaiting = false;
        this.responseDeadline = undefined;
      } else {
        this.pollHeld = true; // the answer goes out when the application calls send()
      }
      this.out.push({ type: 'apdu', apdu: stripLlc(whole) });
      return;
    }
    if (!f.pf) return;
    if (this.role === 'server' && this.base < this.segments.length) {
      // The client repeated its request: our answer was lost, send it again.
      this.next = this.base;
      this.sendWindow(now);
      return;
    }
    this.sendS('RR', now);
  }

  // ---- output helpers -----------------------------------------------------------------------

  private vsOf(index: number): number {
    return (this.firstNs + index) & 7;
  }

  private sendWindow(now: number): void {
    const end = Math.min(this.segments.length, this.base + this.negotiated.windowSizeTransmit);
    if (this.next >= end) {
      if (this.role === 'server') this.sendS('RR', now);
      return;
    }
    for (let i = this.next; i < end; i++) {
      this.transmit({
        segmented: i < this.segments.length - 1,
        dest: this.remote as HdlcAddress,
        src: this.local,
        frameType: 'I',
        pf: i === end - 1,
        ns: this.vsOf(i),
        nr: this.vr,
        info: this.segments[i],
      }, now);
    }
    this.next = end;
    if (this.role === 'client') {
      this.awaiting = true;
      this.armResponse(now);
    } else {
      this.pollHeld = false;
    }
  }

  private sendS(type: 'RR' | 'RNR', now: number): void {
    this.transmit({ segmented: false, dest: this.remote as HdlcAddress, src: this.local, frameType: type, pf: true, nr: this.vr, info: Buffer.alloc(0) }, now);
    if (this.role === 'client') {
      this.awaiting = true;
      this.armResponse(now);
    } else {
      this.pollHeld = false;
    }
  }

  private sendU(type: 'SNRM' | 'DISC' | 'UA' | 'DM' | 'FRMR', pf: boolean, info: Buffer | undefined, now: number): void {
    this.transmit({ segmented: false, dest: this.remote as HdlcAddress, src: this.local, frameType: type, pf, info: info ?? Buffer.alloc(0) }, now);
  }

  private sendSnrm(now: number): void {
    // Always propose explicitly: some meters answer an empty SNRM with their own larger limits.
    this.sendU('SNRM', true, encodeHdlcParameters(this.wanted), now);
    this.armResponse(now);
  }

  private transmit(f: HdlcFrame, now: number): void {
    this.lastActivity = now;
    this.out.push({ type: 'transmit', bytes: encodeHdlcFrame(f) });
  }

  private armResponse(now: number): void {
    if (this.role === 'client') this.responseDeadline = now + this.responseTimeoutMs;
  }

  // ---- negotiation (IEC 62056-46 clause 6.4.4.4.3.2) ---------------------------------------

  /** Client: the UA's values are the server's view; its transmit is our receive. */
  private negotiateFromUa(info: Buffer): void {
    const p = info.length > 0 ? decodeHdlcParameters(info) ?? DEFAULT_HDLC_PARAMETERS : DEFAULT_HDLC_PARAMETERS;
    const w = this.wanted;
    this.negotiated = {
      maxInfoFieldLengthTransmit: Math.min(w.maxInfoFieldLengthTransmit, p.maxInfoFieldLengthReceive),
      maxInfoFieldLengthReceive: p.maxInfoFieldLengthTransmit,
      windowSizeTransmit: clampWindow(Math.min(w.windowSizeTransmit, p.windowSizeReceive)),
      windowSizeReceive: clampWindow(p.windowSizeTransmit),
    };
  }

  /** Server: take the smaller of the client's proposal and our own limits. */
  private negotiateFromSnrm(info: Buffer): void {
    const p = info.length > 0 ? decodeHdlcParameters(info) ?? DEFAULT_HDLC_PARAMETERS : DEFAULT_HDLC_PARAMETERS;
    const w = this.wanted;
    this.negotiated = {
      maxInfoFieldLengthTransmit: Math.min(w.maxInfoFieldLengthTransmit, p.maxInfoFieldLengthReceive),
      maxInfoFieldLengthReceive: Math.min(w.maxInfoFieldLengthReceive, p.maxInfoFieldLengthTransmit),
      windowSizeTransmit: clampWindow(Math.min(w.windowSizeTransmit, p.windowSizeReceive)),
      windowSizeReceive: clampWindow(Math.min(w.windowSizeReceive, p.windowSizeTransmit)),
    };
  }

  private uaParameters(): HdlcParameters {
    return { ...this.negotiated };
  }

  private reset(): void {
    this.vr = 0;
    this.firstNs = 0;
    this.segments = [];
    this.base = 0;
    this.next = 0;
    this.rx = [];
    this.awaiting = false;
    this.pollHeld = false;
    this.retries = 0;
    this.responseDeadline = undefined;
    this.negotiated = { ...DEFAULT_HDLC_PARAMETERS };
  }

  private drop(error?: DlmsError): void {
    const was = this._state;
    this.reset();
    this._state = 'disconnected';
    if (was !== 'disconnected') this.out.push({ type: 'disconnected', error });
  }

  private flush(): HdlcEvent[] {
    const out = this.out;
    this.out = [];
    return out;
  }
}

function clampWindow(n: number): number {
  return Math.max(1, Math.min(7, n));
}

function matches(a: HdlcAddress, b: HdlcAddress): boolean {
  return a.upper === b.upper && (a.lower ?? 0) === (b.lower ?? 0);
}

/** Removes the LLC header (E6 E6 00 / E6 E7 00) when present. */
export function stripLlc(info: Buffer): Buffer {
  return info.length >= 3 && info[0] === 0xe6 && (info[1] === 0xe6 || info[1] === 0xe7) && info[2] === 0 ? info.subarray(3) : info;
}
