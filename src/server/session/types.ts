import type { AuthenticationMechanism } from '../../security';
import type { AssociationDef, ModelContext } from '../model/types';

/** Where a request comes from: the client SAP (wPort / HDLC client address) and the logical device. */
export interface SessionAddress {
  clientSap: number;
  logicalDevice: number;
}

/** An established (or HLS-pending) application association. */
export interface Established {
  def: AssociationDef;
  ctx: ModelContext;
  referencing: 'ln' | 'sn';
  /** The negotiated conformance block (24 bits). */
  conformance: number;
  /** Largest APDU the client receives (the responses are cut into blocks above it). */
  clientMaxPdu: number;
  /** Largest APDU the meter accepts. */
  serverMaxPdu: number;
  ciphered: boolean;
  clientSystemTitle?: Buffer;
  dedicatedKey?: Buffer;
  securitySetup?: string;
  /** Security policy bit map (Security setup version 1). */
  policy: number;
  suite: number;
  mechanism: AuthenticationMechanism;
  /** HLS: the challenges, until reply_to_HLS_authentication succeeded. */
  hls?: { clientChallenge: Buffer; serverChallenge: Buffer };
  /** Authentication complete (always true without HLS). */
  authenticated: boolean;
}

/** How the request that is being answered was protected, so that the answer matches it. */
export interface Protection {
  envelope: 'glo' | 'ded' | 'general-glo' | 'general-ded' | 'general-ciphering';
  authenticated: boolean;
  encrypted: boolean;
}

/** Security policy bits (Security setup version 1, attribute 2). */
export const POLICY = {
  authenticatedRequest: 0x04,
  encryptedRequest: 0x08,
  authenticatedResponse: 0x20,
  encryptedResponse: 0x40,
} as const;
