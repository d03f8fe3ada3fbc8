import { DlmsError, type ErrorContext } from '../errors';
import type { Aare } from './acse';
import {
  AcseServiceProviderDiagnostic,
  AcseServiceUserDiagnostic,
  ActionResultCode,
  AssociationResult,
  ConfirmedServiceName,
  DataAccessResult,
  ExceptionServiceError,
  ServiceErrorClass,
  ServiceErrorValues,
  StateError,
  type DlmsEnum,
} from './enums';
import type { ConfirmedServiceError, ExceptionResponse } from './service-errors';

/**
 * Turn the failures a meter reports into DlmsErrors whose `code` is the Green Book name
 * ('read-write-denied', 'object-undefined', ...) and whose message says what to check.
 */

function fromEnum(e: DlmsEnum, value: number | string, prefix: string, context: ErrorContext): DlmsError {
  const entry = typeof value === 'number' ? e.byValue(value) : e.byName(value);
  if (!entry) {
    return new DlmsError(`unknown-${e.type.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`, `${prefix}: the meter answered with ${e.type} ${String(value)}, which the standard does not define; check the meter documentation.`, { ...context, value });
  }
  return new DlmsError(entry.name, `${prefix}: ${entry.name} (${entry.value}). ${entry.description}`, context);
}

/** A Data-Access-Result of GET / SET / Read / Write (e.g. 3 -> code 'read-write-denied'). */
export function dataAccessResultError(result: number | string, context: ErrorContext = {}): DlmsError {
  return fromEnum(DataAccessResult, result, 'The meter refused the access', context);
}

/** An Action-Result of ACTION. */
export function actionResultError(result: number | string, context: ErrorContext = {}): DlmsError {
  return fromEnum(ActionResultCode, result, 'The meter refused the method invocation', context);
}

/**
 * A rejected AARE: code 'authentication-failed' when the diagnostic is authentication-failure,
 * otherwise 'association-rejected'; the diagnostic name is in the context and the message.
 */
export function associationRejectedError(aare: Pick<Aare, 'result' | 'resultSourceDiagnostic'>, context: ErrorContext = {}): DlmsError {
  const d = aare.resultSourceDiagnostic;
  const diagEnum = d.source === 'acse-service-user' ? AcseServiceUserDiagnostic : AcseServiceProviderDiagnostic;
  const diag = diagEnum.byValue(d.value);
  const result = AssociationResult.byValue(aare.result);
  const code = d.source === 'acse-service-user' && diag?.name === 'authentication-failure' ? 'authentication-failed' : 'association-rejected';
  const text = diag ? `${diag.name}: ${diag.description}` : `diagnostic ${d.value} from the ${d.source}`;
  return new DlmsError(code, `The meter rejected the association (${result?.name ?? `result ${aare.result}`}), ${text}`, {
    ...context,
    result: result?.name ?? aare.result,
    diagnostic: diag?.name ?? d.value,
    source: d.source,
  });
}

/** An ExceptionResponse: code is the service-error name ('deciphering-error', 'invocation-counter-error', ...). */
export function exceptionResponseError(e: Pick<ExceptionResponse, 'stateError' | 'serviceError' | 'invocationCounter'>, context: ErrorContext = {}): DlmsError {
  const state = StateError.byValue(e.stateError);
  const ctx: ErrorContext = { ...context, stateError: state?.name ?? e.stateError };
  if (e.invocationCounter !== undefined) ctx.invocationCounter = e.invocationCounter;
  const err = fromEnum(ExceptionServiceError, e.serviceError, `The meter could not process the request${state ? ` (${state.name})` : ''}`, ctx);
  return err;
}

/** A ConfirmedServiceError: code is the error value name ('dlms-version-too-low', 'pdu-size-too-short', ...). */
export function confirmedServiceErrorToError(e: Pick<ConfirmedServiceError, 'confirmedService' | 'serviceError' | 'errorValue'>, context: ErrorContext = {}): DlmsError {
  const service = ConfirmedServiceName.byValue(e.confirmedService);
  const cls = ServiceErrorClass.byValue(e.serviceError);
  const values = cls ? ServiceErrorValues[cls.name] : undefined;
  const ctx = { ...context, confirmedService: service?.name ?? e.confirmedService, serviceError: cls?.name ?? e.serviceError };
  if (!values) {
    return new DlmsError('service-error', `The meter reported service error class ${e.serviceError} with value ${e.errorValue}; check the meter documentation.`, ctx);
  }
  return fromEnum(values, e.errorValue, `${service?.description ?? 'A confirmed service failed.'} The meter reported a ${cls!.name} error`, ctx);
}
