export * from './mechanism';
export { LowestLevelSecurity, LowLevelSecurity } from './lls';
export { HlsDigest, HlsSha256 } from './hash';
export { HlsGmac, hlsGmacResponse, verifyHlsGmacResponse, type GmacKeys } from './gmac';
export { HlsEcdsa } from './ecdsa';
export { ManufacturerHls, type ManufacturerHlsHook } from './manufacturer';
export * from './reply';
