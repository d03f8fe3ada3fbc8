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
