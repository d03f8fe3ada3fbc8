import type { EnumNames } from './spec';

/**
 * Named enum values of the Blue Book (DLMS UA 1000-1), kebab-case so they read well in JSON.
 * Values not listed stay numbers in JSON (manufacturer specific or reserved).
 */

/** Association LN attribute_access_item.access_mode; 4..6 are the authenticated variants. */
export const ATTRIBUTE_ACCESS_MODES: EnumNames = {
  0: 'no-access',
  1: 'read-only',
  2: 'write-only',
  3: 'read-and-write',
  4: 'authenticated-read-only',
  5: 'authenticated-write-only',
  6: 'authenticated-read-and-write',
};

/** Association LN method_access_item.access_mode (a boolean in version 0: false/true = 0/1). */
export const METHOD_ACCESS_MODES: EnumNames = {
  0: 'no-access',
  1: 'access',
  2: 'authenticated-access',
};

/** Profile generic sort_method. */
export const SORT_METHODS: EnumNames = {
  1: 'fifo',
  2: 'lifo',
  3: 'largest',
  4: 'smallest',
  5: 'nearest-to-zero',
  6: 'farthest-from-zero',
};

/** Clock clock_base. */
export const CLOCK_BASES: EnumNames = {
  0: 'not-defined',
  1: 'internal-crystal',
  2: 'mains-frequency-50-hz',
  3: 'mains-frequency-60-hz',
  4: 'gps',
  5: 'radio-controlled',
};

/** Script table action_specification.service_id. */
export const SCRIPT_SERVICES: EnumNames = { 1: 'write-attribute', 2: 'execute-method' };

/** Association association_status. */
export const ASSOCIATION_STATUS: EnumNames = { 0: 'non-associated', 1: 'association-pending', 2: 'associated' };

/** Image transfer image_transfer_status. */
export const IMAGE_TRANSFER_STATUS: EnumNames = {
  0: 'image-transfer-not-initiated',
  1: 'image-transfer-initiated',
  2: 'image-verification-initiated',
  3: 'image-verification-successful',
  4: 'image-verification-failed',
  5: 'image-activation-initiated',
  6: 'image-activation-successful',
  7: 'image-activation-failed',
};

/** Baud rates of IEC local port setup and IEC HDLC setup (comm_speed, default_baud, prop_baud). */
export const BAUD_RATE_NAMES: EnumNames = {
  0: '300',
  1: '600',
  2: '1200',
  3: '2400',
  4: '4800',
  5: '9600',
  6: '19200',
  7: '38400',
  8: '57600',
  9: '115200',
};

/** IEC local port setup default_mode. */
export const IEC_PROTOCOL_MODES: EnumNames = { 0: 'iec-62056-21', 1: 'dlms-cosem', 2: 'not-specified' };

/** IEC local port setup response_time (minimum time before the meter answers). */
export const IEC_RESPONSE_TIMES: EnumNames = { 0: '20-ms', 1: '200-ms' };

/** Push setup send_destination_and_method.transport_service; 200..255 manufacturer specific. */
export const TRANSPORT_SERVICES: EnumNames = {
  0: 'tcp',
  1: 'udp',
  2: 'ftp',
  3: 'smtp',
  4: 'sms',
  5: 'hdlc',
  6: 'm-bus',
  7: 'zigbee',
};

/** Push setup send_destination_and_method.message; 128..255 manufacturer specific. */
export const PUSH_MESSAGE_TYPES: EnumNames = { 0: 'a-xdr-apdu', 1: 'xml-apdu' };

/** Security setup security_suite. */
export const SECURITY_SUITES: EnumNames = {
  0: 'aes-gcm-128',
  1: 'ecdh-ecdsa-aes-gcm-128-sha-256',
  2: 'ecdh-ecdsa-aes-gcm-256-sha-384',
};

/**
 * Security setup version 1 security_policy: a bit set, one name per bit (bits 0 and 1 unused).
 * Version 0 meters (many IS 15959 meters) send 0..3 as a plain enum; see SECURITY_POLICIES_V0.
 */
export const SECURITY_POLICY_BITS: readonly (readonly [number, string])[] = [
  [0x04, 'authenticated-request'],
  [0x08, 'encrypted-request'],
  [0x10, 'digitally-signed-request'],
  [0x20, 'authenticated-response'],
  [0x40, 'encrypted-response'],
  [0x80, 'digitally-signed-response'],
];

/** Security setup version 0 security_policy. */
export const SECURITY_POLICIES_V0: EnumNames = {
  0: 'nothing',
  1: 'all-messages-authenticated',
  2: 'all-messages-encrypted',
  3: 'all-messages-authenticated-and-encrypted',
};

/** Security setup certificate_entity / certificate_type (certificates attribute). */
export const CERTIFICATE_ENTITIES: EnumNames = { 0: 'server', 1: 'client', 2: 'certification-authority', 3: 'other' };
export const CERTIFICATE_TYPES: EnumNames = { 0: 'digital-signature', 1: 'key-agreement', 2: 'tls', 3: 'other' };

/** Security setup key_id of key_transfer / key_agreement. */
export const KEY_IDS: EnumNames = { 0: 'global-unicast-encryption-key', 1: 'global-broadcast-encryption-key', 2: 'authentication-key', 3: 'master-key' };

/** Security setup key pair selection of generate_key_pair / generate_certificate_request. */
export const KEY_PAIRS: EnumNames = { 0: 'digital-signature', 1: 'key-agreement', 2: 'tls' };

/** Disconnect control control_state. */
export const CONTROL_STATES: EnumNames = { 0: 'disconnected', 1: 'connected', 2: 'ready-for-reconnection' };

/**
 * Disconnect control control_mode. Mode 0: always connected; modes 1..6 differ in which of
 * remote, manual and local (limiter) disconnection/reconnection are allowed (Blue Book 4.5.8).
 */
export const CONTROL_MODES: EnumNames = {
  0: 'none',
  1: 'mode-1',
  2: 'mode-2',
  3: 'mode-3',
  4: 'mode-4',
  5: 'mode-5',
  6: 'mode-6',
};

/** Single action schedule type (how execution_time may be filled). */
export const SINGLE_ACTION_TYPES: EnumNames = {
  1: 'single-time-wildcard-date',
  2: 'same-time-no-wildcard-date',
  3: 'same-time-wildcard-date',
  4: 'different-times-no-wildcard-date',
  5: 'different-times-wildcard-date',
};

/** Disconnect control output_state (a boolean in the Blue Book). */
export const OUTPUT_STATES = { true: 'connected', false: 'disconnected' } as const;
