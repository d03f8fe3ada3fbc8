import { randomBytes, timingSafeEqual } from 'node:crypto';
import { DlmsError, InvalidArgumentError } from '../../errors';

/**
 * Authentication mechanisms (Green Book 9.2.7.4, mechanism_name = 2.16.756.5.8.2.x).
 * One interface for both sides so that the client and the simulator plug in any of them:
 *   pass 1 (AARQ):  client sends callingAuthenticationValue()  -> server checkCallingAuthenticationValue()
 *   pass 2 (AARE):  server sends respondingAuthenticationValue() (StoC, HLS only)
 *   pass 3 (HLS):   client respond('client', ex) = f(StoC) -> server verify('client', ex, value)
 *   pass 4 (HLS):   server respond('server', ex) = f(CtoS) -> client verify('server', ex, value)
 */
export type Role = 'client' | 'server';

export type MechanismName = 'lowest' | 'low' | 'high' | 'high-md5' | 'high-sha1' | 'high-gmac' | 'high-sha256' | 'high-ecdsa';
export const MECHANISM_IDS: Readonly<Record<MechanismName, number>> = {
  lowest: 0, low: 1, high: 2, 'high-md5': 3, 'high-sha1': 4, 'high-gmac': 5, 'high-sha256': 6, 'high-ecdsa': 7,
};

/** What both parties know during an HLS exchange. */
export interface HlsExchange {
  clientSystemTitle?: Uint8Array;
  serverSystemTitle?: Uint8Array;
  /** CtoS: the client's challenge, sent in the AARQ. */
  clientChallenge: Uint8Array;
  /** StoC: the server's challenge, sent in the AARE. */
  serverChallenge: Uint8Array;
  /** HLS-GMAC: the invocation counter of the party computing f() (pass 3: client's, pass 4: server's). */
  invocationCounter?: number;
}

export interface AuthenticationMechanism {
  readonly id: number;
  readonly name: MechanismName;
  /** Client, pass 1: the password (LLS), a fresh challenge CtoS (HLS), or nothing (lowest). */
  callingAuthenticationValue(): Buffer;
  /** Server, pass 1: check what the AARQ carried (the password for LLS, the challenge length for HLS). */
  checkCallingAuthenticationValue(value: Uint8Array | undefined): void;
  /** Server, pass 2: StoC for the AARE, or null when the mechanism has no challenge. */
  respondingAuthenticationValue(): Buffer | null;
  /** Passes 3 and 4: f(challenge) computed by `by` (client: f(StoC), server: f(CtoS)). */
  respond(by: Role, ex: HlsExchange): Buffer;
  /** Passes 3 and 4: check f(challenge) that `by` sent; throws DlmsError 'authentication-failed'. */
  verify(by: Role, ex: HlsExchange, value: Uint8Array): void;
}

export const MIN_CHALLENGE = 8;
export const MAX_CHALLENGE = 64;

/** A random challenge of 8 to 64 octets (Green Book 9.2.7.4: CtoS and StoC). */
export function generateChallenge(length = 16): Buffer {
  if (!Number.isInteger(length) || length < MIN_CHALLENGE || length > MAX_CHALLENGE) {
    throw new InvalidArgumentError(`challenge length ${length} is out of range: ${MIN_CHALLENGE} to ${MAX_CHALLENGE} octets`);
  }
  return randomBytes(length);
}

export function checkChallenge(value: Uint8Array | undefined, who: string): void {
  if (!value || value.length < MIN_CHALLENGE || value.length > MAX_CHALLENGE) {
    throw new DlmsError('authentication-failed', `the ${who} challenge has ${value ? value.length : 0} octets; HLS needs ${MIN_CHALLENGE} to ${MAX_CHALLENGE}`, { challengeLength: value ? value.length : 0 });
  }
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export function requireTitle(t: Uint8Array | undefined, whose: Role, mechanism: string): Uint8Array {
  if (!t || t.length !== 8) throw new InvalidArgumentError(`${mechanism} needs the ${whose} system title (8 octets)`, { field: `${whose} system title` });
  return t;
}

/** Base for the challenge-response (HLS) mechanisms. */
export abstract class HlsMechanism implements AuthenticationMechanism {
  abstract readonly id: number;
  abstract readonly name: MechanismName;

  constructor(protected readonly challengeLength = 16) {
    generateChallenge(challengeLength); // validates the length early
  }

  callingAuthenticationValue(): Buffer {
    return generateChallenge(this.challengeLength);
  }

  checkCallingAuthenticationValue(value: Uint8Array | undefined): void {
    checkChallenge(value, 'client (CtoS)');
  }

  respondingAuthenticationValue(): Buffer {
    return generateChallenge(this.challengeLength);
  }

  abstract respond(by: Role, ex: HlsExchange): Buffer;

  /** Default check: recompute and compare (constant time). */
  verify(by: Role, ex: HlsExchange, value: Uint8Array): void {
    if (!sameBytes(this.respond(by, ex), value)) throw this.failure(by);
  }

  protected failure(by: Role): DlmsError {
    const peer = by === 'client' ? 'client' : 'meter';
    return new DlmsError(
      'authentication-failed',
      `HLS ${this.name} authentication failed: the ${peer}'s response to the challenge is wrong; check that both sides use the same HLS secret`,
      { mechanism: this.name, respondent: by },
    );
  }
}
