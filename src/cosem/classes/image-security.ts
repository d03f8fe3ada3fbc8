import { S } from '../spec';
import {
  CERTIFICATE_ENTITIES, CERTIFICATE_TYPES, IMAGE_TRANSFER_STATUS, KEY_IDS, KEY_PAIRS, SECURITY_SUITES,
} from '../enums';
import {
  ANY, BOOLEAN, DOUBLE_LONG_UNSIGNED, DYNAMIC, LOGICAL_NAME_ATTR, OCTETS, STATIC, TEXT, attr, method, zeroMethod,
  type InterfaceClass,
} from './common';

/** Image transfer (class_id 18, version 0), Blue Book 4.4.6: firmware upgrade in blocks. */
export const IMAGE_TRANSFER: InterfaceClass = {
  classId: 18,
  version: 0,
  name: 'Image transfer',
  attributes: [
    LOGICAL_NAME_ATTR,
    attr(2, 'image_block_size', DOUBLE_LONG_UNSIGNED, STATIC),
    attr(3, 'image_transferred_blocks_status', S.type('bit-string'), DYNAMIC),
    attr(4, 'image_first_not_transferred_block_number', DOUBLE_LONG_UNSIGNED, DYNAMIC),
    attr(5, 'image_transfer_enabled', BOOLEAN, STATIC),
    attr(6, 'image_transfer_status', S.enum(IMAGE_TRANSFER_STATUS), DYNAMIC),
    attr(
      7,
      'image_to_activate_info',
      S.array(
        S.struct({
          image_to_activate_size: DOUBLE_LONG_UNSIGNED,
          image_to_activate_identification: TEXT,
          image_to_activate_signature: OCTETS,
        }),
      ),
      DYNAMIC,
    ),
  ],
  methods: [
    method(1, 'image_transfer_initiate', S.struct({ image_identifier: TEXT, image_size: DOUBLE_LONG_UNSIGNED })),
    method(2, 'image_block_transfer', S.struct({ image_block_number: DOUBLE_LONG_UNSIGNED, image_block_value: OCTETS })),
    zeroMethod(3, 'image_verify'),
    zeroMethod(4, 'image_activate'),
  ],
};

/** certificate_identification of export_certificate / remove_certificate: by entity or by serial. */
const CERTIFICATE_IDENTIFICATION = S.struct({
  certificate_identification_type: S.enum({ 0: 'by-entity', 1: 'by-serial' }),
  certificate_identification_options: ANY,
});

/**
 * Security setup (class_id 64, version 1), Blue Book 4.4.7. security_policy reads as a list of
 * the bits set (version 1); a version 0 meter's 0..3 reads the same way (see formats.ts).
 */
export const SECURITY_SETUP: InterfaceClass = {
  classId: 64,
  version: 1,
  name: 'Security setup',
  attributes: [
    LOGICAL_NAME_ATTR,
    attr(2, 'security_policy', S.type('enum', 'security-policy'), STATIC),
    attr(3, 'security_suite', S.enum(SECURITY_SUITES), STATIC),
    attr(4, 'client_system_title', OCTETS, STATIC),
    attr(5, 'server_system_title', OCTETS, STATIC),
    attr(
      6,
      'certificates',
      S.array(
        S.struct({
          certificate_entity: S.enum(CERTIFICATE_ENTITIES),
          certificate_type: S.enum(CERTIFICATE_TYPES),
          serial_number: OCTETS,
          issuer: TEXT,
          subject: TEXT,
          subject_alt_name: TEXT,
        }),
      ),
      STATIC,
    ),
  ],
  methods: [
    method(1, 'security_activate', S.type('enum', 'security-policy')),
    method(2, 'key_transfer', S.array(S.struct({ key_id: S.enum(KEY_IDS), key_wrapped: OCTETS }))),
    method(3, 'key_agreement', S.array(S.struct({ key_id: S.enum(KEY_IDS), key_ciphered_data: OCTETS }))),
    method(4, 'generate_key_pair', S.enum(KEY_PAIRS)),
    method(5, 'generate_certificate_request', S.enum(KEY_PAIRS)),
    method(6, 'import_certificate', OCTETS),
    method(7, 'export_certificate', CERTIFICATE_IDENTIFICATION),
    method(8, 'remove_certificate', CERTIFICATE_IDENTIFICATION),
  ],
};
