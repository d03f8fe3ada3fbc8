import { D, type DlmsData } from '../../codec/data';
import type { ActionOutcome } from '../model/types';
import type { MeterSecurity } from './meter-security';
import type { Established } from './types';

/**
 * reply_to_HLS_authentication (passes 3 and 4): check f(StoC) from the client; on success the
 * association is authenticated and the answer carries f(CtoS). A wrong answer leaves the
 * association unauthenticated (every other request keeps being refused).
 */
export function replyToHls(meter: MeterSecurity, a: Established, params: DlmsData | undefined): ActionOutcome {
  if (!a.hls) return { result: 'read-write-denied' };
  if (params?.type !== 'octet-string') return { result: 'type-unmatched' };
  const ex = {
    clientSystemTitle: a.clientSystemTitle,
    serverSystemTitle: meter.model.systemTitle,
    clientChallenge: a.hls.clientChallenge,
    serverChallenge: a.hls.serverChallenge,
  };
  try {
    a.mechanism.verify('client', ex, params.value);
  } catch {
    return { result: 'other-reason' };
  }
  const invocationCounter = a.mechanism.id === 5 ? meter.next(a.securitySetup ?? '0.0.43.0.0.255', a.def.logicalDevice) : undefined;
  const f = a.mechanism.respond('server', { ...ex, invocationCounter });
  a.hls = undefined;
  a.authenticated = true;
  return { result: 'success', data: D.octetString(f) };
}
