/**
 * Public API of the DLMS/COSEM library (usable without Node-RED).
 * Layers: codec -> security -> link -> transport -> client / server.
 */
export * from './errors';
export { BufferReader } from './codec/buffer-reader';
export { BufferWriter } from './codec/buffer-writer';
export * from './codec/data';
export * from './codec/data-types';
export { decodeData, decodeDataFrom, encodeData, encodeDataToBuffer, MAX_DEPTH } from './codec/axdr';
export * from './codec/typed-json';
export * from './codec/cosem-datetime';
export * from './codec/obis';
export { toHex, fromHex } from './codec/hex';
export * from './codec/units';
export * from './codec/scaler';
export * from './codec/obis-names';
export * from './codec/json';
export * from './codec/profile-buffer';
export * from './apdu';
export * from './security';
export * from './link';
export * from './transport';
export * from './cosem';
export * from './client';
export * from './push';
/** The meter simulator and its object model (namespaced: several of its names mirror the client's). */
export * as simulator from './server';
