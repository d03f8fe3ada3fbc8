/**
 * The meter simulator: a DLMS/COSEM server on the object model of ./model. `startSimulator()`
 * runs meters over TCP/UDP wrapper, HDLC over TCP, a serial line or an optical port;
 * `AssociationEngine` is the sans-I/O association and service layer of one client.
 */
export { startSimulator, type Simulator, type SimulatorOptions, type SimulatorTransport } from './runtime/simulator';
export { SimMeter, type SimMeterOptions } from './runtime/meter';
export { MeterConnection } from './runtime/connection';
export { EmulatedLine, type FaultOptions } from './runtime/emulated-line';
export { PushSender, parseDestination, type PushOptions } from './runtime/push';
export { AssociationEngine } from './session/engine';
export { associate, type AssociateOptions, type AssociateResult } from './session/acse';
export { MeterSecurity, frameCounterObis } from './session/meter-security';
export { DEFAULT_KEYS, TEST_CLIENT_SIGNING_KEY, serverPublicKey, mechanismFor, type SimulatorKeys } from './session/credentials';
export type { Established, SessionAddress, Protection } from './session/types';
export * from './model';
