import { decodeApdu, encodeApdu, isCipheredApdu, type Apdu, type PlainApdu } from '../apdu/apdu';
import { describeApdu } from '../apdu/describe';
import { GENERAL_BLOCK_TRANSFER_TAG } from '../apdu/general-block-transfer';
import { confirmedServiceErrorToError, exceptionResponseError } from '../apdu/result-errors';
import { DlmsError, isDlmsError, type ErrorContext } from '../errors';
import type { ClientLink } from '../link/session/types';
import type { SecureChannel } from './secure-channel';
import { traceEvent, type TraceSink } from './trace';

/** Bound on reassembled general block transfers: a hostile meter must not fill the memory. */
const MAX_GBT_BYTES = 16 * 1024 * 1024;

/**
 * One request, one response, at APDU level: ciphering per the channel once the association is
 * secured, general block transfer reassembly, and the meter's exception / confirmed service
 * errors turned into DlmsErrors. Knows nothing of GET or SET.
 */
export class ApduExchange {
  private invokeId = 0;
  /** Set after the AARE when the policy ciphers the xDLMS APDUs. */
  secured = false;

  constructor(
    private readonly link: ClientLink,
    private readonly timeoutMs: number,
    private readonly meter: string | undefined,
    private readonly channel?: SecureChannel,
    private readonly trace?: TraceSink,
  ) {}

  /** Invoke ids 1..15 in turn, so a late answer to an earlier request is recognised. */
  nextInvokeId(): number {
    this.invokeId = (this.invokeId % 15) + 1;
    return this.invokeId;
  }

  get currentInvokeId(): number {
    return this.invokeId;
  }

  /** Send `apdu` (protected when secured) and return the plain response. */
  async request(apdu: PlainApdu, context: ErrorContext = {}): Promise<PlainApdu> {
    const plain = encodeApdu(apdu);
    this.trace?.(traceEvent('tx', 'apdu', plain, describeApdu(apdu)));
    const protect = this.secured && this.channel && !isAcse(apdu);
    const wire = protect ? await this.channel!.protect(plain) : plain;
    let answer = await this.transfer(wire, context);
    if (answer.length && answer[0] === GENERAL_BLOCK_TRANSFER_TAG) answer = await this.reassemble(answer, context);
    if (protect) answer = await this.channel!.open(answer);
    const response = this.decode(answer, context);
    if (response.service === 'exception-response') throw exceptionResponseError(response, { meter: this.meter, ...context });
    if (response.service === 'confirmed-service-error') throw confirmedServiceErrorToError(response, { meter: this.meter, ...context });
    return response as PlainApdu;
  }

  private async transfer(bytes: Uint8Array, context: ErrorContext): Promise<Buffer> {
    try {
      return await this.link.request(bytes, { timeoutMs: this.timeoutMs });
    } catch (e) {
      if (isDlmsError(e)) {
        Object.assign(e.context, { meter: this.meter, ...context, ...e.context });
        throw e;
      }
      throw new DlmsError('connection-closed', `${this.link.description}: ${(e as Error).message}`, { meter: this.meter, ...context });
    }
  }

  private decode(bytes: Buffer, context: ErrorContext): Apdu {
    let apdu: Apdu;
    try {
      apdu = decodeApdu(bytes);
    } catch (e) {
      this.trace?.(traceEvent('rx', 'apdu', bytes));
      const msg = isDlmsError(e) ? e.message : String(e);
      throw new DlmsError('malformed-apdu', `the meter's answer could not be decoded: ${msg}`, { meter: this.meter, ...context });
    }
    this.trace?.(traceEvent('rx', 'apdu', bytes, describeApdu(apdu)));
    return apdu;
  }

  /** General block transfer (Green Book 9.3.10), lock-step: acknowledge each block until the last. */
  private async reassemble(first: Buffer, context: ErrorContext): Promise<Buffer> {
    const parts: Buffer[] = [];
    let total = 0;
    let own = 1;
    let bytes = first;
    for (;;) {
      const gbt = this.decode(bytes, context);
      if (isCipheredApdu(gbt) || gbt.service !== 'general-block-transfer') throw new DlmsError('malformed-apdu', `a ${gbt.service} arrived in the middle of a general block transfer`, { meter: this.meter, ...context });
      parts.push(gbt.blockData);
      total += gbt.blockData.length;
      if (total > MAX_GBT_BYTES) throw new DlmsError('malformed-apdu', `general block transfer exceeds ${MAX_GBT_BYTES} octets`, { meter: this.meter, ...context });
      if (gbt.lastBlock) return Buffer.concat(parts);
      const ack: PlainApdu = { service: 'general-block-transfer', lastBlock: false, streaming: false, window: 1, blockNumber: own++, blockNumberAck: gbt.blockNumber, blockData: Buffer.alloc(0) };
      const enc = encodeApdu(ack);
      this.trace?.(traceEvent('tx', 'apdu', enc, describeApdu(ack)));
      bytes = await this.transfer(enc, context);
    }
  }
}

function isAcse(a: PlainApdu): boolean {
  return a.service === 'aarq' || a.service === 'rlrq' || a.service === 'aare' || a.service === 'rlre';
}
