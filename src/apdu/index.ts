/**
 * xDLMS and ACSE APDUs (IEC 62056-5-3): typed objects, sans-I/O encoders and decoders, the
 * neutral JSON description and the user-facing enumerations.
 */
export * from './apdu';
export * from './describe';
export * from './enums';
export * from './conformance';
export * from './common';
export * from './acse';
export * from './initiate';
export * from './get';
export * from './set';
export * from './action';
export * from './notification';
export * from './service-errors';
export * from './general-block-transfer';
export * from './short-name';
export * from './user-information';
export * from './selective-access';
export * from './result-errors';
