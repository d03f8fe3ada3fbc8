import { S } from '../spec';
import { ASSOCIATION_STATUS, ATTRIBUTE_ACCESS_MODES, METHOD_ACCESS_MODES } from '../enums';
import {
  DYNAMIC, INTEGER, LOGICAL_NAME, LOGICAL_NAME_ATTR, LONG_UNSIGNED, OCTETS, STATIC, TEXT, UNSIGNED, attr,
  method, type InterfaceClass,
} from './common';

/** access_selectors: null-data, or the selective-access selectors allowed for the attribute. */
const ACCESS_SELECTORS = S.choice(S.type('null-data'), S.array(INTEGER));

export const ATTRIBUTE_ACCESS_ITEM = S.struct({
  attribute_id: INTEGER,
  access_mode: S.enum(ATTRIBUTE_ACCESS_MODES),
  access_selectors: ACCESS_SELECTORS,
});

/**
 * access_mode is a boolean in Association LN version 0, an enum from version 1 on; interpret.ts
 * reads a boolean through the same names (false = no-access, true = access).
 */
export const METHOD_ACCESS_ITEM = S.struct({
  method_id: INTEGER,
  access_mode: S.enum(METHOD_ACCESS_MODES),
});

export const ACCESS_RIGHTS = S.struct({
  attribute_access: S.array(ATTRIBUTE_ACCESS_ITEM),
  method_access: S.array(METHOD_ACCESS_ITEM),
});

/** object_list_element of Association LN. */
export const OBJECT_LIST_ELEMENT_LN = S.struct({
  class_id: LONG_UNSIGNED,
  version: UNSIGNED,
  logical_name: LOGICAL_NAME,
  access_rights: ACCESS_RIGHTS,
});

/** object_list_element of Association SN: base_name is the short name (a long in the Blue Book). */
export const OBJECT_LIST_ELEMENT_SN = S.struct({
  base_name: S.type('long'),
  class_id: LONG_UNSIGNED,
  version: UNSIGNED,
  logical_name: LOGICAL_NAME,
});

const USER = S.struct({ user_id: UNSIGNED, user_name: S.type('visible-string') });

/**
 * Association SN (class_id 12, version 4), Blue Book 4.4.3. access_rights_list gives, per
 * base_name, the attribute and method access as in Association LN.
 */
export const ASSOCIATION_SN: InterfaceClass = {
  classId: 12,
  version: 4,
  name: 'Association SN',
  attributes: [
    LOGICAL_NAME_ATTR,
    attr(2, 'object_list', S.array(OBJECT_LIST_ELEMENT_SN), STATIC),
    attr(
      3,
      'access_rights_list',
      S.array(S.struct({ base_name: S.type('long'), attribute_access: S.array(ATTRIBUTE_ACCESS_ITEM), method_access: S.array(METHOD_ACCESS_ITEM) })),
      STATIC,
    ),
    attr(4, 'security_setup_reference', LOGICAL_NAME, STATIC),
    attr(5, 'user_list', S.array(USER), STATIC),
    attr(6, 'current_user', USER, DYNAMIC),
  ],
  methods: [
    method(1, 'reply_to_HLS_authentication', OCTETS),
    method(2, 'change_HLS_secret', OCTETS),
    method(3, 'add_object', OBJECT_LIST_ELEMENT_SN),
    method(4, 'remove_object', OBJECT_LIST_ELEMENT_SN),
    method(5, 'add_user', USER),
    method(6, 'remove_user', USER),
  ],
};

/** Association LN (class_id 15, version 3), Blue Book 4.4.4. */
export const ASSOCIATION_LN: InterfaceClass = {
  classId: 15,
  version: 3,
  name: 'Association LN',
  attributes: [
    LOGICAL_NAME_ATTR,
    attr(2, 'object_list', S.array(OBJECT_LIST_ELEMENT_LN), STATIC),
    attr(3, 'associated_partners_id', S.struct({ client_SAP: INTEGER, server_SAP: LONG_UNSIGNED }), STATIC),
    // an encoded OBJECT IDENTIFIER (octet-string); version 0 meters send a structure of its arcs
    attr(4, 'application_context_name', S.choice(OCTETS, S.any()), STATIC),
    attr(
      5,
      'xDLMS_context_info',
      S.struct({
        conformance: S.type('bit-string'),
        max_receive_pdu_size: LONG_UNSIGNED,
        max_send_pdu_size: LONG_UNSIGNED,
        dlms_version_number: UNSIGNED,
        quality_of_service: INTEGER,
        cyphering_info: OCTETS,
      }),
      STATIC,
    ),
    attr(6, 'authentication_mechanism_name', S.choice(OCTETS, S.any()), STATIC),
    attr(7, 'secret', OCTETS, STATIC),
    attr(8, 'association_status', S.enum(ASSOCIATION_STATUS), DYNAMIC),
    attr(9, 'security_setup_reference', LOGICAL_NAME, STATIC),
    attr(10, 'user_list', S.array(USER), STATIC),
    attr(11, 'current_user', USER, DYNAMIC),
  ],
  methods: [
    method(1, 'reply_to_HLS_authentication', OCTETS),
    method(2, 'change_HLS_secret', OCTETS),
    method(3, 'add_object', OBJECT_LIST_ELEMENT_LN),
    method(4, 'remove_object', OBJECT_LIST_ELEMENT_LN),
    method(5, 'add_user', USER),
    method(6, 'remove_user', USER),
  ],
};

export const SAP_ASSIGNMENT_ENTRY = S.struct({ SAP: LONG_UNSIGNED, logical_device_name: TEXT });

/** SAP assignment (class_id 17, version 0), Blue Book 4.4.5: which logical device answers on which SAP. */
export const SAP_ASSIGNMENT: InterfaceClass = {
  classId: 17,
  version: 0,
  name: 'SAP assignment',
  attributes: [LOGICAL_NAME_ATTR, attr(2, 'SAP_assignment_list', S.array(SAP_ASSIGNMENT_ENTRY), STATIC)],
  methods: [method(1, 'connect_logical_device', SAP_ASSIGNMENT_ENTRY)],
};
