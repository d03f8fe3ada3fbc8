import { DlmsError, InvalidArgumentError } from '../../errors';
import { gcmIv, gmac } from '../gcm';
import { checkKey } from '../keys';
import { suiteParams, type SecuritySuiteId } from '../suite';
import { HlsMechanism, requireTitle, sameBytes, type HlsExchange, type MechanismName, type Role } from './mechanism';

export interface GmacKeys {
  encryptionKey: Uint8Array;
  authenticationKey: Uint8Array;
}

/**
 * HLS mechanism 5 (GMAC, Green Book 9.2.7.4): f(challenge) = SC || IC || GMAC tag (12), the tag
 * computed with the responder's encryption key, IV = responder system title || IC and
 * AAD = SC || AK || challenge. SC is 0x10 | suite (authentication only).
 */
export function hlsGmacResponse(suite: number, keys: GmacKeys, systemTitle: Uint8Array, invocationCounter: number, challenge: Uint8Array): Buffer {
  const s = suiteParams(suite);
  const ek = checkKey(keys.encryptionKey, 'encryption key', suite);
  const ak = checkKey(keys.authenticationKey, 'authentication key', suite);
  const sc = 0x10 | suite;
  const tag = gmac(s.gcm, ek, gcmIv(systemTitle, invocationCounter), Buffer.concat([Buffer.of(sc), ak, challenge]));
  const out = Buffer.allocUnsafe(5 + tag.length);
  out[0] = sc;
  out.writeUInt32BE(invocationCounter >>> 0, 1);
  tag.copy(out, 5);
  return out;
}

/** Check f(challenge) sent by the party with `systemTitle`; returns its invocation counter. */
export function verifyHlsGmacResponse(keys: GmacKeys, systemTitle: Uint8Array, challenge: Uint8Array, value: Uint8Array): { invocationCounter: number } {
  if (value.length !== 17 || (value[0] & 0xf0) !== 0x10) {
    throw new DlmsError('authentication-failed', `HLS-GMAC response has the wrong form (${value.length} octets, SC ${value.length ? value[0].toString(16) : '-'}): SC 1x || IC (4) || tag (12) expected`);
  }
  const ic = Buffer.from(value.buffer, value.byteOffset + 1, 4).readUInt32BE(0);
  const expected = hlsGmacResponse(value[0] & 0x0f, keys, systemTitle, ic, challenge);
  if (!sameBytes(expected, value)) {
    throw new DlmsError('authentication-failed', 'HLS-GMAC authentication failed: the GMAC tag of the response does not match; check the encryption key, the authentication key and the system titles', { mechanism: 'high-gmac', invocationCounter: ic });
  }
  return { invocationCounter: ic };
}

export class HlsGmac extends HlsMechanism {
  readonly id = 5;
  readonly name: MechanismName = 'high-gmac';

  constructor(private readonly keys: GmacKeys, private readonly suite: SecuritySuiteId = 0, challengeLength?: number) {
    super(challengeLength);
    checkKey(keys.encryptionKey, 'encryption key', suite);
    checkKey(keys.authenticationKey, 'authentication key', suite);
  }

  override respond(by: Role, ex: HlsExchange): Buffer {
    if (ex.invocationCounter === undefined) throw new InvalidArgumentError('HLS-GMAC needs the invocation counter of the responding party');
    const title = requireTitle(by === 'client' ? ex.clientSystemTitle : ex.serverSystemTitle, by, 'HLS-GMAC');
    return hlsGmacResponse(this.suite, this.keys, title, ex.invocationCounter, by === 'client' ? ex.serverChallenge : ex.clientChallenge);
  }

  override verify(by: Role, ex: HlsExchange, value: Uint8Array): void {
    const title = requireTitle(by === 'client' ? ex.clientSystemTitle : ex.serverSystemTitle, by, 'HLS-GMAC');
    verifyHlsGmacResponse(this.keys, title, by === 'client' ? ex.serverChallenge : ex.clientChallenge, value);
  }

  toJSON(): Record<string, unknown> {
    return { mechanism: this.name, suite: this.suite, encryptionKey: '[redacted]', authenticationKey: '[redacted]' };
  }
}
