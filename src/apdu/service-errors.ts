import type { BufferReader } from '../codec/buffer-reader';
import type { BufferWriter } from '../codec/buffer-writer';
import { checkRange, writeEnum } from './common';

/**
 * ExceptionResponse [216] (the server cannot even parse or accept the request) and
 * ConfirmedServiceError [14] (a confirmed service such as xDLMS Initiate failed); Green Book 9.5.
 * Field values are numbers; enums.ts names them.
 */
export const EXCEPTION_RESPONSE_TAG = 0xd8;
export const CONFIRMED_SERVICE_ERROR_TAG = 0x0e;

export interface ExceptionResponse {
  service: 'exception-response';
  /** StateError value (1 service-not-allowed, 2 service-unknown). */
  stateError: number;
  /** service-error choice (1 operation-not-possible ... 6 invocation-counter-error). */
  serviceError: number;
  /** Present only with invocation-counter-error: the counter value the server expects. */
  invocationCounter?: number;
}

export interface ConfirmedServiceError {
  service: 'confirmed-service-error';
  /** Which confirmed service failed (choice index, 1 = initiateError). */
  confirmedService: number;
  /** ServiceError class (choice index, 6 = initiate). */
  serviceError: number;
  /** The ENUMERATED value within that class. */
  errorValue: number;
}

const INVOCATION_COUNTER_ERROR = 6;

export function decodeExceptionResponse(r: BufferReader): ExceptionResponse {
  const stateError = r.u8('state-error');
  const serviceError = r.u8('service-error');
  if (serviceError === INVOCATION_COUNTER_ERROR) {
    return { service: 'exception-response', stateError, serviceError, invocationCounter: r.u32('invocation-counter') };
  }
  return { service: 'exception-response', stateError, serviceError };
}

export function encodeExceptionResponse(w: BufferWriter, a: ExceptionResponse): void {
  w.u8(EXCEPTION_RESPONSE_TAG);
  writeEnum(w, a.stateError, 'state-error');
  writeEnum(w, a.serviceError, 'service-error');
  if (a.serviceError === INVOCATION_COUNTER_ERROR) {
    checkRange(a.invocationCounter ?? -1, 0, 0xffffffff, 'invocation counter of an invocation-counter-error');
    w.u32(a.invocationCounter!);
  }
}

export function decodeConfirmedServiceError(r: BufferReader): ConfirmedServiceError {
  const confirmedService = r.u8('ConfirmedServiceError choice');
  const serviceError = r.u8('ServiceError choice');
  return { service: 'confirmed-service-error', confirmedService, serviceError, errorValue: r.u8('ServiceError value') };
}

export function encodeConfirmedServiceError(w: BufferWriter, a: ConfirmedServiceError): void {
  w.u8(CONFIRMED_SERVICE_ERROR_TAG);
  writeEnum(w, a.confirmedService, 'confirmed service');
  writeEnum(w, a.serviceError, 'service error');
  writeEnum(w, a.errorValue, 'service error value');
}
