/**
 * Push listener (head-end side of push): a sans-I/O per-connection decoder for pushed
 * Data-Notifications and Event-Notifications (wrapper or HDLC framing, plain or ciphered, keys per
 * system title, replay protection, security policy) and the TCP/UDP listener around it.
 */
export { PushListener, type PushListenerOptions, type PushListenerEvents, type PushEndpoint, type PushPeer, type PushStats } from './listener';
export {
  PushDecoder,
  PushKeyResolver,
  type PushDecoderOptions,
  type PushDecoderEvent,
  type PushConnectionInfo,
  type PushKeyTable,
  type PushMeterKeys,
  type PushNotification,
  type PushSecurityInfo,
  type PushSecurityPolicy,
  type PushSource,
} from './decoder';
export { PushFramer, DEFAULT_MAX_FRAME_SIZE, type FramedApdu, type FramerOutput, type PushFramerOptions, type PushFraming } from './framing';
export { flattenPushBody, parsePushObjects, eventValue, type PushObject, type PushObjectInput, type PushValue, type FlattenedValues } from './values';
