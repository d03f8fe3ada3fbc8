// HDLC (IEC 62056-46)
export { crc16x25 } from './hdlc/crc16';
export type { HdlcAddress } from './hdlc/address';
export { clientAddress, serverAddress, encodeAddress, decodeAddress, formatAddress } from './hdlc/address';
export type { HdlcControl, HdlcFrameType } from './hdlc/control';
export type { HdlcFrame } from './hdlc/frame';
export { encodeHdlcFrame, parseHdlcBody, HDLC_FLAG, LLC_REQUEST, LLC_RESPONSE } from './hdlc/frame';
export type { HdlcParameters } from './hdlc/parameters';
export { DEFAULT_HDLC_PARAMETERS, encodeHdlcParameters, decodeHdlcParameters } from './hdlc/parameters';
export type { HdlcFrameDescription, HdlcFrameError, HdlcAddressDescription } from './hdlc/describe';
export { describeHdlcFrame } from './hdlc/describe';
export type { DeframerStats } from './hdlc/deframer';
export { HdlcDeframer } from './hdlc/deframer';
export type { HdlcMachineOptions, HdlcEvent, HdlcRole, HdlcState, HdlcStats } from './hdlc/machine';
export { HdlcMachine, stripLlc } from './hdlc/machine';
// Wrapper (IEC 62056-47)
export type { WrapperPdu, WrapperDescription, WrapperError, WrapperReassemblerOptions } from './wrapper/wrapper';
export { encodeWrapper, describeWrapper, WrapperReassembler, WRAPPER_VERSION, WRAPPER_HEADER_LENGTH } from './wrapper/wrapper';
// IEC 62056-21 mode E
export type { Identification, ModeEAction } from './iec62056-21/identification';
export { BAUD_RATES, baudRateOf, baudCharOf, requestMessage, modeEAck, parseIdentification, IdentificationReader, ModeEResponder } from './iec62056-21/identification';
export type { ModeEOptions } from './iec62056-21/mode-e';
export { openModeE, respondModeE } from './iec62056-21/mode-e';
// Link sessions: whole APDUs over any transport
export type { ClientLink, ClientLinkEvents, ServerLink, ServerLinkEvents } from './session/types';
export type { HdlcClientLinkOptions } from './session/hdlc-client-link';
export { HdlcClientLink, HdlcBus } from './session/hdlc-client-link';
export type { HdlcServerLinkOptions } from './session/hdlc-server-link';
export { HdlcServerLink } from './session/hdlc-server-link';
export type { WrapperClientLinkOptions, WrapperServerLinkOptions } from './session/wrapper-links';
export { WrapperClientLink, WrapperServerLink } from './session/wrapper-links';
export { HdlcStation } from './session/hdlc-station';
export { Mutex } from './session/mutex';
