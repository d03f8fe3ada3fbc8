import type { KeyObject } from 'node:crypto';
import { DlmsError } from '../../errors';
import { ecdsaSign, ecdsaVerify, toPrivateKey, toPublicKey, type EcKeyInput } from '../ecc';
import { HlsMechanism, requireTitle, type HlsExchange, type MechanismName, type Role } from './mechanism';

/**
 * HLS mechanism 7 (ECDSA, suites 1 and 2):
 *   client: f(StoC) = ECDSA-sign(client key, SystemTitle-C || SystemTitle-S || StoC || CtoS)
 *   server: f(CtoS) = ECDSA-sign(server key, SystemTitle-S || SystemTitle-C || CtoS || StoC)
 * Each side holds its own signing private key and the peer's public key.
 */
export class HlsEcdsa extends HlsMechanism {
  readonly id = 7;
  readonly name: MechanismName = 'high-ecdsa';
  private readonly own: KeyObject;
  private readonly peer: KeyObject;

  constructor(readonly suite: 1 | 2, keys: { signingKey: EcKeyInput; peerPublicKey: EcKeyInput }, challengeLength?: number) {
    super(challengeLength);
    this.own = toPrivateKey(keys.signingKey, suite, 'own signing private key');
    this.peer = toPublicKey(keys.peerPublicKey, suite, "peer's signing public key");
  }

  private static signedData(by: Role, ex: HlsExchange): Buffer {
    const c = requireTitle(ex.clientSystemTitle, 'client', 'HLS-ECDSA');
    const s = requireTitle(ex.serverSystemTitle, 'server', 'HLS-ECDSA');
    return by === 'client'
      ? Buffer.concat([c, s, ex.serverChallenge, ex.clientChallenge])
      : Buffer.concat([s, c, ex.clientChallenge, ex.serverChallenge]);
  }

  override respond(by: Role, ex: HlsExchange): Buffer {
    return ecdsaSign(this.suite, this.own, HlsEcdsa.signedData(by, ex));
  }

  override verify(by: Role, ex: HlsExchange, value: Uint8Array): void {
    if (!ecdsaVerify(this.suite, this.peer, HlsEcdsa.signedData(by, ex), value)) {
      throw new DlmsError(
        'authentication-failed',
        `HLS-ECDSA authentication failed: the ${by === 'client' ? "client's" : "meter's"} signature does not verify; check the peer's public key (certificate) and the system titles`,
        { mechanism: this.name, respondent: by },
      );
    }
  }

  toJSON(): Record<string, unknown> {
    return { mechanism: this.name, suite: this.suite, signingKey: '[redacted]' };
  }
}
