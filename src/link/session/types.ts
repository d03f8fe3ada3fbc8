import { EventEmitter } from 'node:events';
import { DlmsError } from '../../errors';

export interface ClientLinkEvents {
  /** An APDU the meter sent on its own (data-notification, event-notification). */
  push: [Buffer];
  /** The link is down; `error` says why when it was not an orderly close. */
  closed: [DlmsError | undefined];
}

/**
 * What the DLMS client sees of any link (wrapper over TCP/UDP, HDLC over serial or TCP): whole
 * APDUs in, whole APDUs out. Segmentation, windows and retransmission stay below this line.
 */
export interface ClientLink extends EventEmitter<ClientLinkEvents> {
  readonly description: string;
  readonly isOpen: boolean;
  open(): Promise<void>;
  /** Sends one request APDU and resolves with the response APDU. */
  request(apdu: Uint8Array, opts?: { timeoutMs?: number }): Promise<Buffer>;
  /** Orderly release (DISC for HDLC); always settles. */
  close(): Promise<void>;
}

export interface ServerLinkEvents {
  /** A request APDU from the client: answer it with `reply()`. */
  apdu: [Buffer];
  /** A client established the link (SNRM answered; first wrapper PDU). */
  connected: [];
  /** The client released the link or it timed out. */
  disconnected: [DlmsError | undefined];
}

/** The meter side of a link (simulator): receives request APDUs and sends answers and pushes. */
export interface ServerLink extends EventEmitter<ServerLinkEvents> {
  readonly description: string;
  reply(apdu: Uint8Array): Promise<void>;
  /** Unsolicited APDU (data-notification): UI frame on HDLC, a wrapper PDU otherwise. */
  push(apdu: Uint8Array): Promise<void>;
  /** Stops serving on the transport (does not close a transport it does not own). */
  close(): Promise<void>;
}
