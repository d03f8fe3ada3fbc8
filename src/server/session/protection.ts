import { decodeApdu, type Apdu } from '../../apdu';
import type { CipheredApdu } from '../../apdu/ciphered';
import { protect, unprotect, type CipherContext } from '../../security';
import type { MeterSecurity } from './meter-security';
import { POLICY, type Established, type Protection } from './types';

/**
 * Ciphering of one association's APDUs (Green Book 9.2.7.2): requests are opened with the
 * global or dedicated key after the replay check of the client's counter; responses get at
 * least the protection of the request and whatever the security policy demands, with the
 * meter's own invocation counter.
 */
function cipherContext(meter: MeterSecurity, a: Established): CipherContext {
  return {
    systemTitle: meter.model.systemTitle,
    peerSystemTitle: a.clientSystemTitle,
    encryptionKey: meter.keys.encryptionKey,
    authenticationKey: meter.keys.authenticationKey,
    broadcastKey: meter.keys.broadcastKey,
    dedicatedKey: a.dedicatedKey,
    suite: a.suite === 1 || a.suite === 2 ? a.suite : 0,
    replayGuard: meter.replayGuard(a.securitySetup),
  };
}

export type Opened = { apdu: Apdu; protection: Protection } | { error: 'deciphering-error' | 'invocation-counter-error' | 'policy'; expected?: number };

function envelopeOf(c: CipheredApdu): Protection['envelope'] {
  if (c.kind === 'general-glo') return 'general-glo';
  if (c.kind === 'general-ded') return 'general-ded';
  if (c.kind === 'general-ciphering') return 'general-ciphering';
  return c.service.startsWith('ded-') ? 'ded' : 'glo';
}

/** Remove the protection of a request and check it against the policy. */
export function openRequest(meter: MeterSecurity, a: Established, c: CipheredApdu): Opened {
  if (c.kind === 'general-signing') return { error: 'deciphering-error' };
  try {
    const u = unprotect(c, cipherContext(meter, a));
    if (a.securitySetup) meter.accepted(a.securitySetup, a.def.logicalDevice, u.invocationCounter);
    const protection: Protection = { envelope: envelopeOf(c), authenticated: u.security.authenticated, encrypted: u.security.encrypted };
    if (!satisfies(a.policy, protection)) return { error: 'policy' };
    return { apdu: decodeApdu(u.plaintext), protection };
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'replay-detected') {
      const last = (e as { context?: { lastAccepted?: number } }).context?.lastAccepted;
      return { error: 'invocation-counter-error', expected: last === undefined ? undefined : last + 1 };
    }
    return { error: 'deciphering-error' };
  }
}

/** A request's protection meets the policy's request bits. */
export function satisfies(policy: number, p: Protection | undefined): boolean {
  if (policy & POLICY.authenticatedRequest && !p?.authenticated) return false;
  if (policy & POLICY.encryptedRequest && !p?.encrypted) return false;
  return true;
}

/** Protect a response like the request, raised to the policy's response bits. */
export function protectResponse(meter: MeterSecurity, a: Established, plain: Buffer, request: Protection): Buffer {
  const authenticated = request.authenticated || (a.policy & POLICY.authenticatedResponse) !== 0;
  const encrypted = request.encrypted || (a.policy & POLICY.encryptedResponse) !== 0;
  return protect(plain, cipherContext(meter, a), {
    envelope: request.envelope,
    invocationCounter: meter.next(a.securitySetup ?? '0.0.43.0.0.255', a.def.logicalDevice),
    authenticated,
    encrypted,
  });
}

/** Room the protection takes in an APDU (tag, length, SC, IC, GMAC tag, general headers). */
export function protectionOverhead(p: Protection | undefined): number {
  if (!p) return 0;
  return p.envelope === 'glo' || p.envelope === 'ded' ? 24 : 60;
}
