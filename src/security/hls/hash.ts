import { createHash } from 'node:crypto';
import { InvalidArgumentError } from '../../errors';
import { HlsMechanism, requireTitle, type HlsExchange, type MechanismName, type Role } from './mechanism';

function secretBytes(secret: string | Uint8Array): Buffer {
  const b = typeof secret === 'string' ? Buffer.from(secret, 'latin1') : Buffer.from(secret);
  if (b.length === 0) throw new InvalidArgumentError('the HLS secret is empty', { field: 'HLS secret' });
  return b;
}

/**
 * HLS mechanisms 3 (MD5) and 4 (SHA-1): f(challenge) = H(challenge || HLS secret)
 * (Green Book 9.2.7.4, "HLS authentication mechanisms").
 */
export class HlsDigest extends HlsMechanism {
  readonly id: number;
  readonly name: MechanismName;
  private readonly secret: Buffer;

  constructor(algorithm: 'md5' | 'sha1', secret: string | Uint8Array, challengeLength?: number) {
    super(challengeLength);
    this.id = algorithm === 'md5' ? 3 : 4;
    this.name = algorithm === 'md5' ? 'high-md5' : 'high-sha1';
    this.secret = secretBytes(secret);
  }

  override respond(by: Role, ex: HlsExchange): Buffer {
    const challenge = by === 'client' ? ex.serverChallenge : ex.clientChallenge;
    return createHash(this.id === 3 ? 'md5' : 'sha1').update(challenge).update(this.secret).digest();
  }

  toJSON(): Record<string, unknown> {
    return { mechanism: this.name, secret: '[redacted]' };
  }
}

/**
 * HLS mechanism 6 (SHA-256):
 *   client: f(StoC) = SHA-256(secret || SystemTitle-C || SystemTitle-S || StoC || CtoS)
 *   server: f(CtoS) = SHA-256(secret || SystemTitle-S || SystemTitle-C || CtoS || StoC)
 */
export class HlsSha256 extends HlsMechanism {
  readonly id = 6;
  readonly name: MechanismName = 'high-sha256';
  private readonly secret: Buffer;

  constructor(secret: string | Uint8Array, challengeLength?: number) {
    super(challengeLength);
    this.secret = secretBytes(secret);
  }

  override respond(by: Role, ex: HlsExchange): Buffer {
    const c = requireTitle(ex.clientSystemTitle, 'client', 'HLS-SHA256');
    const s = requireTitle(ex.serverSystemTitle, 'server', 'HLS-SHA256');
    const h = createHash('sha256').update(this.secret);
    if (by === 'client') h.update(c).update(s).update(ex.serverChallenge).update(ex.clientChallenge);
    else h.update(s).update(c).update(ex.clientChallenge).update(ex.serverChallenge);
    return h.digest();
  }

  toJSON(): Record<string, unknown> {
    return { mechanism: this.name, secret: '[redacted]' };
  }
}
