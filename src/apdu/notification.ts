import type { BufferReader } from '../codec/buffer-reader';
import type { BufferWriter } from '../codec/buffer-writer';
import { decodeData, encodeData } from '../codec/axdr';
import type { DlmsData } from '../codec/data';
import {
  readAttributeDescriptor,
  readLongInvokeIdAndPriority,
  readOctetString,
  readPresence,
  writeAttributeDescriptor,
  writeLongInvokeIdAndPriority,
  writeOctetString,
  type CosemAttributeDescriptor,
  type LongInvokeIdAndPriority,
} from './common';

/** Unsolicited services: Data-Notification [15] and Event-Notification-Request [194] (Green Book 9.5). */
export const DATA_NOTIFICATION_TAG = 0x0f;
export const EVENT_NOTIFICATION_REQUEST_TAG = 0xc2;

export interface DataNotification extends LongInvokeIdAndPriority {
  service: 'data-notification';
  /** date-time OCTET STRING; a zero-length string means "not present" and decodes to null. */
  dateTime: Buffer | null;
  body: DlmsData;
}

export interface EventNotificationRequest extends CosemAttributeDescriptor {
  service: 'event-notification-request';
  /** time OCTET STRING OPTIONAL. */
  time: Buffer | null;
  value: DlmsData;
}

export function decodeDataNotification(r: BufferReader): DataNotification {
  const h = readLongInvokeIdAndPriority(r);
  const dt = readOctetString(r, 'date-time');
  return { service: 'data-notification', ...h, dateTime: dt.length === 0 ? null : dt, body: decodeData(r) };
}

export function encodeDataNotification(w: BufferWriter, a: DataNotification): void {
  w.u8(DATA_NOTIFICATION_TAG);
  writeLongInvokeIdAndPriority(w, a);
  writeOctetString(w, a.dateTime ?? Buffer.alloc(0));
  encodeData(w, a.body);
}

export function decodeEventNotificationRequest(r: BufferReader): EventNotificationRequest {
  const time = readPresence(r, 'time') ? readOctetString(r, 'time') : null;
  const d = readAttributeDescriptor(r);
  return { service: 'event-notification-request', time, ...d, value: decodeData(r) };
}

export function encodeEventNotificationRequest(w: BufferWriter, a: EventNotificationRequest): void {
  w.u8(EVENT_NOTIFICATION_REQUEST_TAG);
  if (a.time) {
    w.u8(1);
    writeOctetString(w, a.time);
  } else {
    w.u8(0);
  }
  writeAttributeDescriptor(w, a);
  encodeData(w, a.value);
}
