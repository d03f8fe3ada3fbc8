/**
 * The DLMS client (head end): `createClient(settings | url)` gives a MeterClient that implements
 * the DlmsClient contract of api.ts. Settings, URLs, attribute references and the session pool
 * are re-exported so that nodes and the CLI import one module.
 */
export { createClient, MeterClient, type ClientOptions } from './client';
export type { PushMessage } from './push';
export { createLink, createTransport, type LinkBundle, type LinkFactoryOptions } from './link-factory';
export { buildAarq, checkAare, mechanismFor, authFailedError, applicationContextName, DEFAULT_SN_CONFORMANCE, type Negotiated } from './association';
export { SecureChannel, counterStoreFor, counterKey } from './secure-channel';
export { IS15959_SCALER_PROFILES } from './profile';
export * from './api';
export * from './settings';
export * from './url';
export * from './attribute-ref';
export * from './pool';
export * from './get-merger';
