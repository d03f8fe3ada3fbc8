import { decodeDataFrom, encodeDataToBuffer } from '../../codec/axdr';
import type { DlmsData } from '../../codec/data';
import { DlmsError } from '../../errors';

/**
 * reply_to_HLS_authentication: Association LN (class 15) method 1, Association SN (class 12)
 * method 8. The parameter is f(StoC) and the result f(CtoS), each an A-XDR octet-string.
 */
export const REPLY_TO_HLS_LN = { classId: 15, obis: '0.0.40.0.0.255', methodId: 1 } as const;
export const REPLY_TO_HLS_SN = { classId: 12, methodId: 8 } as const;

/** The method parameter (client, pass 3) or return value (server, pass 4) as DlmsData. */
export function replyToHlsData(f: Uint8Array): DlmsData {
  return { type: 'octet-string', value: Buffer.from(f) };
}

/** The same, A-XDR encoded (09 len f). */
export function encodeReplyToHls(f: Uint8Array): Buffer {
  return encodeDataToBuffer(replyToHlsData(f));
}

/** f(challenge) out of the parameter / return value, given as DlmsData or its A-XDR bytes. */
export function parseReplyToHls(value: DlmsData | Uint8Array | null | undefined): Buffer {
  if (value === null || value === undefined) {
    throw new DlmsError('authentication-failed', 'reply_to_HLS_authentication returned no data: the meter rejected the client response (wrong HLS secret or keys?)');
  }
  const d = value instanceof Uint8Array ? decodeDataFrom(value) : value;
  if (d.type !== 'octet-string') {
    throw new DlmsError('authentication-failed', `reply_to_HLS_authentication carried ${d.type}; an octet-string holding f(challenge) is expected`);
  }
  return d.value;
}
