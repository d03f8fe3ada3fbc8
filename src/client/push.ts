import { decodeApdu } from '../apdu/apdu';
import { describeApdu } from '../apdu/describe';
import { dateTimeBytesToIso } from '../codec/cosem-datetime';
import { toHex } from '../codec/hex';
import { obisName } from '../codec/obis-names';
import { interpretAttribute } from '../cosem/interpret';
import { plainJson } from '../cosem/plain';
import { DlmsError } from '../errors';
import type { TraceEvent } from './api';
import type { SecureChannel } from './secure-channel';
import { traceEvent } from './trace';
import { withMeterOffset } from './values';

/** CONTRACTS "A push": what the client emits as 'push' for a notification during the association. */
export interface PushMessage {
  meter?: string;
  systemTitle?: string;
  time?: string | null;
  invokeId?: number;
  values: { obis?: string; name?: string; classId?: number; attribute?: number; value: unknown }[];
  /** The APDU as received (hex), ciphered or not. */
  raw: string;
}

/** Decode a DataNotification or EventNotification that arrived while associated. */
export function decodePush(bytes: Buffer, channel: SecureChannel | undefined, meter: string | undefined, utcOffset: number | undefined, trace: (e: TraceEvent) => void, tracing: boolean): PushMessage {
  let plain = bytes;
  let systemTitle: Buffer | undefined;
  if (channel) {
    const o = channel.openPush(bytes);
    plain = o.plaintext;
    systemTitle = o.systemTitle;
  }
  const apdu = decodeApdu(plain);
  if (tracing) trace(traceEvent('rx', 'apdu', plain, describeApdu(apdu)));
  const out: PushMessage = { values: [], raw: toHex(bytes) };
  if (meter !== undefined) out.meter = meter;
  if (systemTitle) out.systemTitle = toHex(systemTitle);
  if (apdu.service === 'data-notification') {
    out.invokeId = apdu.longInvokeId;
    out.time = apdu.dateTime && apdu.dateTime.length === 12 ? (withMeterOffset(dateTimeBytesToIso(apdu.dateTime), utcOffset) as string | null) : null;
    const items = apdu.body.type === 'structure' ? apdu.body.value : [apdu.body];
    out.values = items.map((d) => ({ value: withMeterOffset(plainJson(d), utcOffset) }));
    return out;
  }
  if (apdu.service === 'event-notification-request') {
    out.time = apdu.time && apdu.time.length === 12 ? (withMeterOffset(dateTimeBytesToIso(apdu.time), utcOffset) as string | null) : null;
    const v: PushMessage['values'][number] = { obis: apdu.obis, classId: apdu.classId, attribute: apdu.attributeId, value: withMeterOffset(interpretAttribute(apdu.classId, apdu.attributeId, apdu.value), utcOffset) };
    const name = obisName(apdu.obis);
    if (name) v.name = name;
    out.values = [v];
    return out;
  }
  throw new DlmsError('unexpected-response', `the meter sent an unsolicited ${apdu.service}`, { meter });
}
