import { BufferReader } from '../codec/buffer-reader';
import { BufferWriter } from '../codec/buffer-writer';
import { EncodeError } from '../errors';
import { decodeAcse, encodeAcse, isAcseTag, type AcseApdu } from './acse';
import { ACTION_REQUEST_TAG, ACTION_RESPONSE_TAG, decodeActionRequest, decodeActionResponse, encodeActionRequest, encodeActionResponse, type ActionRequest, type ActionResponse } from './action';
import { decodeGeneralBlockTransfer, encodeGeneralBlockTransfer, GENERAL_BLOCK_TRANSFER_TAG, type GeneralBlockTransfer } from './general-block-transfer';
import { decodeGetRequest, decodeGetResponse, encodeGetRequest, encodeGetResponse, GET_REQUEST_TAG, GET_RESPONSE_TAG, type GetRequest, type GetResponse } from './get';
import { decodeInitiateRequest, decodeInitiateResponse, encodeInitiateRequest, encodeInitiateResponse, INITIATE_REQUEST_TAG, INITIATE_RESPONSE_TAG, type InitiateRequest, type InitiateResponse } from './initiate';
import {
  DATA_NOTIFICATION_TAG,
  decodeDataNotification,
  decodeEventNotificationRequest,
  encodeDataNotification,
  encodeEventNotificationRequest,
  EVENT_NOTIFICATION_REQUEST_TAG,
  type DataNotification,
  type EventNotificationRequest,
} from './notification';
import { decodeCipheredFrom, encodeCiphered, isCipheredTag, splitPayload, type CipheredApdu } from './ciphered';
import {
  CONFIRMED_SERVICE_ERROR_TAG,
  decodeConfirmedServiceError,
  decodeExceptionResponse,
  encodeConfirmedServiceError,
  encodeExceptionResponse,
  EXCEPTION_RESPONSE_TAG,
  type ConfirmedServiceError,
  type ExceptionResponse,
} from './service-errors';
import { decodeSetRequest, decodeSetResponse, encodeSetRequest, encodeSetResponse, SET_REQUEST_TAG, SET_RESPONSE_TAG, type SetRequest, type SetResponse } from './set';
import {
  decodeShortName,
  encodeShortName,
  INFORMATION_REPORT_REQUEST_TAG,
  READ_REQUEST_TAG,
  READ_RESPONSE_TAG,
  UNCONFIRMED_WRITE_REQUEST_TAG,
  WRITE_REQUEST_TAG,
  WRITE_RESPONSE_TAG,
  type ShortNameApdu,
} from './short-name';

/** The unprotected APDUs, told apart by `service`. */
export type PlainApdu =
  | AcseApdu
  | InitiateRequest
  | InitiateResponse
  | ConfirmedServiceError
  | ExceptionResponse
  | GetRequest
  | GetResponse
  | SetRequest
  | SetResponse
  | ActionRequest
  | ActionResponse
  | EventNotificationRequest
  | DataNotification
  | GeneralBlockTransfer
  | ShortNameApdu;

/** Names of the protected APDUs, narrow enough that `service === 'aare'` excludes them. */
export type CipheredService = `glo-${string}` | `ded-${string}` | `general-${string}`;

/**
 * Every APDU this library reads and writes. Protected ones (glo-/ded-, general-*) are the
 * structures of ciphered.ts and carry a `kind` field; the plain ones never do.
 */
export type Apdu = PlainApdu | (CipheredApdu & { service: CipheredService });

export type PlainApduService = PlainApdu['service'];

export function isCipheredApdu(a: Apdu): a is CipheredApdu & { service: CipheredService } {
  return 'kind' in a;
}

const SHORT_NAME_TAGS = new Set([READ_REQUEST_TAG, READ_RESPONSE_TAG, WRITE_REQUEST_TAG, WRITE_RESPONSE_TAG, UNCONFIRMED_WRITE_REQUEST_TAG, INFORMATION_REPORT_REQUEST_TAG]);

/** Decode one APDU at the reader's position (the reader may hold more after it). */
export function decodeApduAt(r: BufferReader): Apdu {
  const at = r.pos;
  const tag = r.u8('APDU tag');
  switch (tag) {
    case GET_REQUEST_TAG: return decodeGetRequest(r);
    case GET_RESPONSE_TAG: return decodeGetResponse(r);
    case SET_REQUEST_TAG: return decodeSetRequest(r);
    case SET_RESPONSE_TAG: return decodeSetResponse(r);
    case ACTION_REQUEST_TAG: return decodeActionRequest(r);
    case ACTION_RESPONSE_TAG: return decodeActionResponse(r);
    case EVENT_NOTIFICATION_REQUEST_TAG: return decodeEventNotificationRequest(r);
    case DATA_NOTIFICATION_TAG: return decodeDataNotification(r);
    case EXCEPTION_RESPONSE_TAG: return decodeExceptionResponse(r);
    case CONFIRMED_SERVICE_ERROR_TAG: return decodeConfirmedServiceError(r);
    case INITIATE_REQUEST_TAG: return decodeInitiateRequest(r);
    case INITIATE_RESPONSE_TAG: return decodeInitiateResponse(r);
    case GENERAL_BLOCK_TRANSFER_TAG: return decodeGeneralBlockTransfer(r);
  }
  if (isAcseTag(tag)) return decodeAcse(r, tag);
  if (SHORT_NAME_TAGS.has(tag)) return decodeShortName(r, tag);
  if (isCipheredTag(tag)) {
    r.pos = at;
    const c = decodeCipheredFrom(r);
    if ('payload' in c) splitPayload(c); // an authenticated envelope must hold its tag
    return c as CipheredApdu & { service: CipheredService };
  }
  return r.fail(`unknown or unsupported APDU tag 0x${tag.toString(16).padStart(2, '0').toUpperCase()}`, at);
}

/**
 * Decode a buffer that holds exactly one APDU (no HDLC/wrapper framing). Throws a DecodeError
 * naming the offset for truncated, malformed or trailing octets. Octet strings in the result
 * are views on `bytes`: copy the input if it is reused.
 */
export function decodeApdu(bytes: Uint8Array): Apdu {
  const r = new BufferReader(bytes);
  const apdu = decodeApduAt(r);
  if (!r.atEnd()) r.fail(`${r.remaining} unexpected octet(s) after the ${apdu.service} APDU`);
  return apdu;
}

export function encodeApduTo(w: BufferWriter, a: Apdu): void {
  if (isCipheredApdu(a)) {
    w.bytes(encodeCiphered(a));
    return;
  }
  switch (a.service) {
    case 'aarq':
    case 'aare':
    case 'rlrq':
    case 'rlre':
      w.bytes(encodeAcse(a));
      return;
    case 'initiate-request': return encodeInitiateRequest(w, a);
    case 'initiate-response': return encodeInitiateResponse(w, a);
    case 'confirmed-service-error': return encodeConfirmedServiceError(w, a);
    case 'exception-response': return encodeExceptionResponse(w, a);
    case 'get-request-normal':
    case 'get-request-next':
    case 'get-request-with-list':
      return encodeGetRequest(w, a);
    case 'get-response-normal':
    case 'get-response-with-datablock':
    case 'get-response-with-list':
      return encodeGetResponse(w, a);
    case 'set-request-normal':
    case 'set-request-with-first-datablock':
    case 'set-request-with-datablock':
    case 'set-request-with-list':
    case 'set-request-with-list-and-first-datablock':
      return encodeSetRequest(w, a);
    case 'set-response-normal':
    case 'set-response-datablock':
    case 'set-response-last-datablock':
    case 'set-response-last-datablock-with-list':
    case 'set-response-with-list':
      return encodeSetResponse(w, a);
    case 'action-request-normal':
    case 'action-request-next-pblock':
    case 'action-request-with-list':
    case 'action-request-with-first-pblock':
    case 'action-request-with-list-and-first-pblock':
    case 'action-request-with-pblock':
      return encodeActionRequest(w, a);
    case 'action-response-normal':
    case 'action-response-with-pblock':
    case 'action-response-with-list':
    case 'action-response-next-pblock':
      return encodeActionResponse(w, a);
    case 'event-notification-request': return encodeEventNotificationRequest(w, a);
    case 'data-notification': return encodeDataNotification(w, a);
    case 'general-block-transfer': return encodeGeneralBlockTransfer(w, a);
    case 'read-request':
    case 'read-response':
    case 'write-request':
    case 'unconfirmed-write-request':
    case 'write-response':
    case 'information-report-request':
      return encodeShortName(w, a);
    default:
      throw new EncodeError(`unknown APDU service "${String((a as { service: unknown }).service)}"`);
  }
}

/** Encode one APDU to a new Buffer. */
export function encodeApdu(a: Apdu): Buffer {
  const w = new BufferWriter(64);
  encodeApduTo(w, a);
  return w.toBuffer();
}
