import { decodeApdu, encodeApdu, hasConformance, isCipheredApdu, type Apdu, type GeneralBlockTransfer } from '../../apdu';
import { associate, type AssociateOptions } from './acse';
import { IncomingBlocks, MAX_REASSEMBLED, OutgoingBlocks } from './blocks';
import { LnServices } from './ln-services';
import type { MeterSecurity } from './meter-security';
import { openRequest, protectResponse, protectionOverhead, satisfies } from './protection';
import { SnServices } from './sn-services';
import type { Established, Protection, SessionAddress } from './types';

/** ExceptionResponse state-error and service-error values (Green Book 9.5). */
const STATE = { serviceNotAllowed: 1, serviceUnknown: 2 } as const;
const SERVICE = { operationNotPossible: 1, serviceNotSupported: 2, otherReason: 3, pduTooLong: 4, decipheringError: 5, invocationCounterError: 6 } as const;

function exception(stateError: number, serviceError: number, invocationCounter?: number): Buffer {
  return encodeApdu({ service: 'exception-response', stateError, serviceError, ...(invocationCounter !== undefined ? { invocationCounter } : {}) });
}

const GBT_HEADER = 10; // E0 control block-number(2) ack(2) length(<=3) + margin

/**
 * The meter side of one client's application association, sans-I/O: `handle()` takes a request
 * APDU (bytes, exactly as the link delivered it) and returns the APDUs to send back, usually
 * one, none for an unconfirmed request. Nothing a client sends can make it throw: malformed or
 * unexpected requests get an ExceptionResponse and the association stays usable.
 */
export class AssociationEngine {
  association?: Established;
  private ln?: LnServices;
  private sn?: SnServices;
  private gbtIn?: IncomingBlocks;
  private gbtOut?: OutgoingBlocks;

  constructor(private readonly meter: MeterSecurity, readonly address: SessionAddress, private readonly options: () => AssociateOptions = () => ({})) {}

  get associated(): boolean {
    return this.association !== undefined;
  }

  /** Forget the association (link disconnected, release). */
  reset(): void {
    this.association = undefined;
    this.ln = undefined;
    this.sn = undefined;
    this.gbtIn = undefined;
    this.gbtOut = undefined;
  }

  handle(request: Uint8Array): Buffer[] {
    try {
      return this.dispatch(request);
    } catch (e) {
      if (process.env.SIM_DEBUG) console.error(e);
      // A bug or an unforeseen input must not kill the connection: answer and carry on.
      return [exception(STATE.serviceUnknown, SERVICE.otherReason)];
    }
  }

  private dispatch(bytes: Uint8Array): Buffer[] {
    let apdu: Apdu;
    try {
      apdu = decodeApdu(bytes);
    } catch {
      return [exception(STATE.serviceUnknown, SERVICE.otherReason)];
    }
    if (!isCipheredApdu(apdu)) {
      if (apdu.service === 'aarq') {
        this.reset();
        const r = associate(this.meter, this.address, apdu, this.options());
        if (r.established) {
          this.association = r.established;
          if (r.established.referencing === 'ln') this.ln = new LnServices(this.meter, r.established);
          else this.sn = new SnServices(this.meter, r.established);
        }
        return [encodeApdu(r.aare)];
      }
      if (apdu.service === 'rlrq') {
        this.reset();
        return [encodeApdu({ service: 'rlre', reason: 0 })];
      }
    }
    const a = this.association;
    if (!a) return [exception(STATE.serviceNotAllowed, SERVICE.operationNotPossible)];
    if (bytes.length > a.serverMaxPdu) return [exception(STATE.serviceNotAllowed, SERVICE.pduTooLong)];

    if (!isCipheredApdu(apdu) && apdu.service === 'general-block-transfer') return this.generalBlockTransfer(a, apdu);
    this.gbtOut = undefined;
    return this.serveOne(a, apdu, false);
  }

  /** Open a request's protection, serve it, protect the answer. */
  private serveOne(a: Established, apdu: Apdu, viaGbt: boolean): Buffer[] {
    let protection: Protection | undefined;
    let plain = apdu;
    if (isCipheredApdu(apdu)) {
      if (!a.ciphered) return [exception(STATE.serviceUnknown, SERVICE.serviceNotSupported)];
      const o = openRequest(this.meter, a, apdu);
      if ('error' in o) {
        if (o.error === 'invocation-counter-error') return [exception(STATE.serviceNotAllowed, SERVICE.invocationCounterError, o.expected ?? 0)];
        if (o.error === 'policy') return [exception(STATE.serviceNotAllowed, SERVICE.operationNotPossible)];
        return [exception(STATE.serviceNotAllowed, SERVICE.decipheringError)];
      }
      plain = o.apdu;
      protection = o.protection;
      if (isCipheredApdu(plain)) return [exception(STATE.serviceUnknown, SERVICE.serviceNotSupported)];
    } else if (a.ciphered && !satisfies(a.policy, undefined)) {
      return [exception(STATE.serviceNotAllowed, SERVICE.operationNotPossible)];
    }
    const room = viaGbt ? 0xffff : a.clientMaxPdu - protectionOverhead(protection);
    const answer = this.serve(a, plain, protection?.authenticated === true, room);
    if (!answer) return [];
    const out = protection ? protectResponse(this.meter, a, answer, protection) : answer;
    if (out.length <= a.clientMaxPdu || !viaGbt) return [out];
    this.gbtOut = new OutgoingBlocks(out, a.clientMaxPdu - GBT_HEADER);
    return [this.nextGbt()];
  }

  private serve(a: Established, apdu: Apdu, authenticated: boolean, room: number): Buffer | null {
    if (isCipheredApdu(apdu)) return exception(STATE.serviceUnknown, SERVICE.serviceNotSupported);
    const pendingHls = !a.authenticated;
    const can = (bit: Parameters<typeof hasConformance>[1]): boolean => hasConformance(a.conformance, bit);
    if (this.ln) {
      switch (apdu.service) {
        case 'get-request-normal':
        case 'get-request-next':
        case 'get-request-with-list':
          if (!can('get')) break;
          if (pendingHls) return exception(STATE.serviceNotAllowed, SERVICE.operationNotPossible);
          return this.ln.get(apdu, authenticated, room);
        case 'set-request-normal':
        case 'set-request-with-first-datablock':
        case 'set-request-with-datablock':
        case 'set-request-with-list':
        case 'set-request-with-list-and-first-datablock':
          if (!can('set')) break;
          if (pendingHls) return exception(STATE.serviceNotAllowed, SERVICE.operationNotPossible);
          return this.ln.set(apdu, authenticated);
        case 'action-request-normal':
        case 'action-request-next-pblock':
        case 'action-request-with-list':
        case 'action-request-with-first-pblock':
        case 'action-request-with-list-and-first-pblock':
        case 'action-request-with-pblock':
          if (!can('action')) break;
          if (pendingHls && !(apdu.service === 'action-request-normal' && LnServices.isHlsReply(apdu))) return exception(STATE.serviceNotAllowed, SERVICE.operationNotPossible);
          return this.ln.action(apdu, authenticated, room);
      }
    } else if (this.sn) {
      switch (apdu.service) {
        case 'read-request':
          if (!can('read')) break;
          return this.sn.read(apdu, authenticated, room);
        case 'write-request':
          if (!can('write')) break;
          if (pendingHls) return exception(STATE.serviceNotAllowed, SERVICE.operationNotPossible);
          return this.sn.write(apdu, authenticated);
        case 'unconfirmed-write-request':
          if (!can('unconfirmed-write') || pendingHls) return null;
          return this.sn.write(apdu, authenticated);
      }
    }
    return exception(STATE.serviceUnknown, SERVICE.serviceNotSupported);
  }

  /**
   * General block transfer (Green Book 9.3.12), lock-step: every block the client sends is
   * acknowledged until its last one, whose content is served; a long answer goes back one block
   * per acknowledgement.
   */
  private generalBlockTransfer(a: Established, g: GeneralBlockTransfer): Buffer[] {
    if (!hasConformance(a.conformance, 'general-block-transfer')) return [exception(STATE.serviceUnknown, SERVICE.serviceNotSupported)];
    if (g.blockData.length === 0) {
      // An acknowledgement: the next block of the answer being sent.
      if (this.gbtOut && g.blockNumberAck === this.gbtOut.blockNumber && !this.gbtOut.done) return [this.nextGbt()];
      this.gbtOut = undefined;
      return [exception(STATE.serviceNotAllowed, SERVICE.operationNotPossible)];
    }
    this.gbtOut = undefined;
    if (g.blockNumber === 1) this.gbtIn = new IncomingBlocks(MAX_REASSEMBLED);
    if (!this.gbtIn || !this.gbtIn.add(g.blockNumber, g.blockData)) {
      this.gbtIn = undefined;
      return [exception(STATE.serviceNotAllowed, SERVICE.operationNotPossible)];
    }
    if (!g.lastBlock) {
      return [encodeApdu({ service: 'general-block-transfer', lastBlock: false, streaming: false, window: 1, blockNumber: 0, blockNumberAck: g.blockNumber, blockData: Buffer.alloc(0) })];
    }
    const bytes = this.gbtIn.bytes;
    this.gbtIn = undefined;
    let inner: Apdu;
    try {
      inner = decodeApdu(bytes);
    } catch {
      return [exception(STATE.serviceUnknown, SERVICE.otherReason)];
    }
    if (!isCipheredApdu(inner) && (inner.service === 'general-block-transfer' || inner.service === 'aarq' || inner.service === 'rlrq')) {
      return [exception(STATE.serviceUnknown, SERVICE.serviceNotSupported)];
    }
    const out = this.serveOne(a, inner, true);
    if (out.length === 1 && out[0][0] !== 0xe0) {
      // Short answers travel in one last block too, so the client sees a GBT reply to a GBT request.
      this.gbtOut = new OutgoingBlocks(out[0], Math.max(16, a.clientMaxPdu - GBT_HEADER));
      return [this.nextGbt(g.blockNumber)];
    }
    return out;
  }

  private nextGbt(ack = 0): Buffer {
    const o = this.gbtOut!;
    const b = o.next();
    if (b.last) this.gbtOut = undefined;
    return encodeApdu({ service: 'general-block-transfer', lastBlock: b.last, streaming: false, window: 1, blockNumber: b.blockNumber, blockNumberAck: ack, blockData: b.data });
  }
}
