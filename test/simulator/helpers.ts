import { conformanceFromBits, decodeApdu, DEFAULT_LN_CONFORMANCE, encodeApdu, type Aarq, type Apdu, type InitiateRequest } from '../../src/apdu';
import { WrapperClientLink } from '../../src/link/session/wrapper-links';
import { TcpTransport } from '../../src/transport/tcp';
import { UdpTransport } from '../../src/transport/udp';
import { protect, unprotect, ReplayGuard, type CipherContext } from '../../src/security';
import { DEFAULT_KEYS } from '../../src/server';

export const CLIENT_TITLE = Buffer.from('4142434445464748', 'hex');

export const SN_CONFORMANCE = conformanceFromBits(['read', 'write', 'unconfirmed-write', 'block-transfer-with-get-or-read', 'block-transfer-with-set-or-write', 'multiple-references', 'parameterized-access']);

export function initiate(opts: Partial<InitiateRequest> = {}): InitiateRequest {
  return {
    service: 'initiate-request',
    dedicatedKey: null,
    responseAllowed: true,
    proposedQualityOfService: null,
    proposedDlmsVersion: 6,
    proposedConformance: DEFAULT_LN_CONFORMANCE,
    clientMaxReceivePduSize: 1024,
    ...opts,
  };
}

export function aarq(opts: Partial<Aarq> = {}, init: Partial<InitiateRequest> = {}): Aarq {
  return { service: 'aarq', applicationContextName: 'logical-name-no-ciphering', userInformation: initiate(init), ...opts };
}

export function llsAarq(password = '12345678', init: Partial<InitiateRequest> = {}): Aarq {
  return aarq({
    senderAcseRequirements: Buffer.from([0x07, 0x80]),
    mechanismName: 'low',
    callingAuthenticationValue: { choice: 'charstring', value: Buffer.from(password) },
  }, init);
}

/** The client side of the ciphering, with the simulator's published keys. */
export function clientCipher(serverTitle?: Buffer, extra: Partial<CipherContext> = {}): CipherContext {
  return {
    systemTitle: CLIENT_TITLE,
    peerSystemTitle: serverTitle,
    encryptionKey: DEFAULT_KEYS.encryptionKey,
    authenticationKey: DEFAULT_KEYS.authenticationKey,
    replayGuard: new ReplayGuard(),
    ...extra,
  };
}

/** A ciphered AARQ (glo-initiate-request) for the given mechanism. */
export function cipheredAarq(ic: number, mechanism: string, challenge: Buffer, init: Partial<InitiateRequest> = {}): Aarq {
  const ui = decodeApdu(protect(encodeApdu(initiate(init)), clientCipher(), { envelope: 'glo', invocationCounter: ic }));
  return {
    service: 'aarq',
    applicationContextName: 'logical-name-with-ciphering',
    callingApTitle: CLIENT_TITLE,
    senderAcseRequirements: Buffer.from([0x07, 0x80]),
    mechanismName: mechanism,
    callingAuthenticationValue: { choice: 'charstring', value: challenge },
    userInformation: ui as Aarq['userInformation'],
  };
}

export function open(bytes: Buffer, ctx: CipherContext): Apdu {
  return decodeApdu(unprotect(bytes, ctx).plaintext);
}

/** A raw wrapper client: request APDU objects or bytes, get the decoded answer. */
export class RawClient {
  constructor(readonly link: WrapperClientLink) {}

  static async tcp(port: number, client = 16, logical = 1): Promise<RawClient> {
    const link = new WrapperClientLink(new TcpTransport({ host: '127.0.0.1', port }), { client, logical, responseTimeoutMs: 3000 });
    await link.open();
    return new RawClient(link);
  }

  static async udp(port: number, client = 16, logical = 1): Promise<RawClient> {
    const link = new WrapperClientLink(new UdpTransport({ host: '127.0.0.1', port }), { client, logical, responseTimeoutMs: 3000, datagram: true });
    await link.open();
    return new RawClient(link);
  }

  async raw(bytes: Uint8Array): Promise<Buffer> {
    return this.link.request(bytes);
  }

  async send(apdu: Apdu): Promise<Apdu> {
    return decodeApdu(await this.link.request(encodeApdu(apdu)));
  }

  close(): Promise<void> {
    return this.link.close();
  }
}

export const hdr = { invokeId: 1, priority: 'high' as const, serviceClass: 'confirmed' as const };
