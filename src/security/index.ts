/**
 * Public API of the security layer: ciphered APDUs (suites 0, 1, 2), authentication mechanisms,
 * invocation counters, key handling. node:crypto only.
 */
export * from '../apdu/ciphered';
export { SUITES, suiteParams, type SecuritySuiteId, type SuiteParams } from './suite';
export { parseKey, checkKey, parseSystemTitle, type KeyInput } from './keys';
export { redact, redactText, isSecretField, REDACTED } from './redact';
export { gcmIv } from './gcm';
export { protect, unprotect, type CipherContext, type Envelope, type ProtectOptions, type Unprotected } from './protect';
export { protectNext } from './session';
export { signApdu, verifySigned } from './signing';
export { toPublicKey, toPrivateKey, rawPublicKey, generateEcKeyPair, ecdsaSign, ecdsaVerify, ecdhSharedSecret, type EcKeyInput } from './ecc';
export {
  ALGORITHM_ID,
  KEY_PARAMETERS,
  concatKdf,
  otherInfo,
  signedEphemeral,
  openSignedEphemeral,
  deriveKey,
  buildKeyAgreementParameter,
  parseKeyAgreementParameter,
  type AgreementKeys,
  type AlgorithmName,
} from './key-agreement';
export { KEY_ID, wrapKey, unwrapKey, buildGlobalKeyTransfer, openGlobalKeyTransfer, type KeyWrappedData } from './key-transfer';
export { type CounterStore, MemoryCounterStore, FileCounterStore } from './counter-store';
export { InvocationCounter, MAX_INVOCATION_COUNTER } from './invocation-counter';
export { ReplayGuard } from './replay';
export * from './hls';
