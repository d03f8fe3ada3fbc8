import { strict as assert } from 'node:assert';
import {
  AcseServiceUserDiagnostic,
  ActionResultCode,
  actionResultError,
  ApplicationContextId,
  associationRejectedError,
  MechanismId,
  confirmedServiceErrorToError,
  CONFORMANCE_BITS,
  conformanceBits,
  conformanceFromBits,
  conformanceHex,
  DataAccessResult,
  dataAccessResultError,
  decodeApdu,
  DEFAULT_LN_CONFORMANCE,
  enumName,
  enumValue,
  exceptionResponseError,
  ExceptionServiceError,
  hasConformance,
  ServiceErrorValues,
  StateError,
  type DlmsEnum,
} from '../../src/apdu';
import { DlmsError, InvalidArgumentError } from '../../src/errors';

describe('apdu enumerations and user-facing errors', () => {
  it('every enumeration has unique values and names and a sentence each', () => {
    const all: DlmsEnum[] = [DataAccessResult, ActionResultCode, AcseServiceUserDiagnostic, StateError, ExceptionServiceError, ApplicationContextId, MechanismId, ...Object.values(ServiceErrorValues)];
    for (const e of all) {
      assert.equal(new Set(e.entries.map((x) => x.value)).size, e.entries.length, e.type);
      assert.equal(new Set(e.entries.map((x) => x.name)).size, e.entries.length, e.type);
      for (const x of e.entries) assert.match(x.description, /^[A-Z].*\.$/, `${e.type} ${x.name}`);
    }
  });

  it('Data-Access-Result holds the Green Book values', () => {
    const expected: Record<string, number> = {
      success: 0, 'hardware-fault': 1, 'temporary-failure': 2, 'read-write-denied': 3, 'object-undefined': 4,
      'object-class-inconsistent': 9, 'object-unavailable': 11, 'type-unmatched': 12, 'scope-of-access-violated': 13,
      'data-block-unavailable': 14, 'long-get-aborted': 15, 'no-long-get-in-progress': 16, 'long-set-aborted': 17,
      'no-long-set-in-progress': 18, 'data-block-number-invalid': 19, 'other-reason': 250,
    };
    for (const [name, value] of Object.entries(expected)) {
      assert.equal(enumValue(DataAccessResult, name), value, name);
      assert.equal(enumName(DataAccessResult, value), name);
    }
    assert.equal(enumName(DataAccessResult, 77), 77);
  });

  it('AARE diagnostics keep their numbers', () => {
    assert.equal(enumValue(AcseServiceUserDiagnostic, 'authentication-mechanism-name-not-recognised'), 11);
    assert.equal(enumValue(AcseServiceUserDiagnostic, 'authentication-mechanism-name-required'), 12);
    assert.equal(enumValue(AcseServiceUserDiagnostic, 'authentication-failure'), 13);
    assert.equal(enumValue(AcseServiceUserDiagnostic, 'authentication-required'), 14);
  });

  it('a data-access-result becomes a DlmsError coded with its name and a hint', () => {
    const e = dataAccessResultError(3, { obis: '1.0.1.8.0.255', attribute: 2 });
    assert.ok(e instanceof DlmsError);
    assert.equal(e.code, 'read-write-denied');
    assert.match(e.message, /access rights/);
    assert.deepEqual(e.context, { obis: '1.0.1.8.0.255', attribute: 2 });
    assert.equal(dataAccessResultError('object-undefined').code, 'object-undefined');
    assert.match(dataAccessResultError('object-undefined').message, /OBIS code/);
    const unknown = dataAccessResultError(77);
    assert.equal(unknown.code, 'unknown-data-access-result');
    assert.equal(unknown.context.value, 77);
    assert.equal(actionResultError(12).code, 'type-unmatched');
    assert.equal(actionResultError(15).code, 'long-action-aborted');
  });

  it('a rejected AARE becomes association-rejected or authentication-failed', () => {
    const wrongPassword = associationRejectedError({ result: 1, resultSourceDiagnostic: { source: 'acse-service-user', value: 13 } });
    assert.equal(wrongPassword.code, 'authentication-failed');
    assert.match(wrongPassword.message, /password/);
    const aare = decodeApdu(Buffer.from('6129A109060760857405080101A203020101A305A103020102BE10040E0800065F1F040000501F01F40007', 'hex'));
    assert.equal(aare.service, 'aare');
    if (aare.service !== 'aare') return;
    const e = associationRejectedError(aare, { meter: 'm1' });
    assert.equal(e.code, 'association-rejected');
    assert.equal(e.context.diagnostic, 'application-context-name-not-supported');
    assert.equal(e.context.meter, 'm1');
    assert.match(e.message, /rejected-permanent/);
  });

  it('exception responses and confirmed service errors name what failed', () => {
    const ex = exceptionResponseError({ stateError: 1, serviceError: 6, invocationCounter: 42 });
    assert.equal(ex.code, 'invocation-counter-error');
    assert.equal(ex.context.invocationCounter, 42);
    assert.equal(ex.context.stateError, 'service-not-allowed');
    assert.equal(exceptionResponseError({ stateError: 2, serviceError: 5 }).code, 'deciphering-error');
    const cse = confirmedServiceErrorToError({ confirmedService: 1, serviceError: 6, errorValue: 1 });
    assert.equal(cse.code, 'dlms-version-too-low');
    assert.equal(cse.context.serviceError, 'initiate');
    assert.equal(confirmedServiceErrorToError({ confirmedService: 1, serviceError: 99, errorValue: 1 }).code, 'service-error');
  });

  it('conformance: 24 named bits, bit 0 first', () => {
    assert.equal(CONFORMANCE_BITS.length, 24);
    assert.deepEqual(conformanceBits(0x000019), ['get', 'set', 'action']);
    assert.equal(conformanceFromBits(['get', 'set', 'action']), 0x000019);
    assert.equal(conformanceFromBits(CONFORMANCE_BITS), 0xffffff);
    assert.equal(conformanceHex(0x1e1d), '001E1D');
    assert.equal(conformanceBits(0x800000)[0], 'reserved-zero');
    assert.ok(hasConformance(DEFAULT_LN_CONFORMANCE, 'selective-access'));
    assert.ok(!hasConformance(DEFAULT_LN_CONFORMANCE, 'read'));
    assert.throws(() => conformanceFromBits(['gett']), InvalidArgumentError);
  });
});
