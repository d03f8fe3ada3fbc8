import { S } from '../spec';
import { BAUD_RATE_NAMES, IEC_PROTOCOL_MODES, IEC_RESPONSE_TIMES, PUSH_MESSAGE_TYPES, TRANSPORT_SERVICES } from '../enums';
import {
  BOOLEAN, CAPTURE_OBJECT_DEFINITION, DATE_TIME, DYNAMIC, LOGICAL_NAME, LOGICAL_NAME_ATTR,
  LONG_UNSIGNED, OCTETS, STATIC, TEXT, UNSIGNED, attr, method, zeroMethod, type InterfaceClass,
} from './common';

const BAUD = S.enum(BAUD_RATE_NAMES);

/** IEC local port setup (class_id 19, version 1), Blue Book 4.7.1: the optical port (IEC 62056-21). */
export const IEC_LOCAL_PORT_SETUP: InterfaceClass = {
  classId: 19,
  version: 1,
  name: 'IEC local port setup',
  attributes: [
    LOGICAL_NAME_ATTR,
    attr(2, 'default_mode', S.enum(IEC_PROTOCOL_MODES), STATIC),
    attr(3, 'default_baud', BAUD, STATIC),
    attr(4, 'prop_baud', BAUD, STATIC),
    attr(5, 'response_time', S.enum(IEC_RESPONSE_TIMES), STATIC),
    attr(6, 'device_addr', TEXT, STATIC),
    attr(7, 'pass_p1', OCTETS, STATIC),
    attr(8, 'pass_p2', OCTETS, STATIC),
    attr(9, 'pass_w5', OCTETS, STATIC),
  ],
  methods: [],
};

/** IEC HDLC setup (class_id 23, version 1), Blue Book 4.7.2. Times in milliseconds (inter-octet) and seconds (inactivity). */
export const IEC_HDLC_SETUP: InterfaceClass = {
  classId: 23,
  version: 1,
  name: 'IEC HDLC setup',
  attributes: [
    LOGICAL_NAME_ATTR,
    attr(2, 'comm_speed', BAUD, STATIC),
    attr(3, 'window_size_transmit', S.type('unsigned', undefined, { min: 1, max: 7 }), STATIC),
    attr(4, 'window_size_receive', S.type('unsigned', undefined, { min: 1, max: 7 }), STATIC),
    attr(5, 'max_info_field_length_transmit', LONG_UNSIGNED, STATIC),
    attr(6, 'max_info_field_length_receive', LONG_UNSIGNED, STATIC),
    attr(7, 'inter_octet_time_out', LONG_UNSIGNED, STATIC),
    attr(8, 'inactivity_time_out', LONG_UNSIGNED, STATIC),
    attr(9, 'device_address', LONG_UNSIGNED, STATIC),
  ],
  methods: [],
};

export const SEND_DESTINATION_AND_METHOD = S.struct({
  transport_service: S.enum(TRANSPORT_SERVICES),
  destination: TEXT,
  message: S.enum(PUSH_MESSAGE_TYPES),
});

/** Push setup (class_id 40, version 0), Blue Book 4.4.8. */
export const PUSH_SETUP: InterfaceClass = {
  classId: 40,
  version: 0,
  name: 'Push setup',
  attributes: [
    LOGICAL_NAME_ATTR,
    attr(2, 'push_object_list', S.array(CAPTURE_OBJECT_DEFINITION), STATIC),
    attr(3, 'send_destination_and_method', SEND_DESTINATION_AND_METHOD, STATIC),
    attr(4, 'communication_window', S.array(S.struct({ start: DATE_TIME, end: DATE_TIME })), STATIC),
    attr(5, 'randomisation_start_interval', LONG_UNSIGNED, STATIC),
    attr(6, 'number_of_retries', UNSIGNED, STATIC),
    attr(7, 'repetition_delay', LONG_UNSIGNED, STATIC),
  ],
  methods: [zeroMethod(1, 'push')],
};

/** TCP-UDP setup (class_id 41, version 0), Blue Book 4.8.1. */
export const TCP_UDP_SETUP: InterfaceClass = {
  classId: 41,
  version: 0,
  name: 'TCP-UDP setup',
  attributes: [
    LOGICAL_NAME_ATTR,
    attr(2, 'TCP-UDP_port', LONG_UNSIGNED, STATIC),
    attr(3, 'IP_reference', LOGICAL_NAME, STATIC),
    attr(4, 'MSS', S.type('long-unsigned', undefined, { min: 40, max: 65535 }), STATIC),
    attr(5, 'nb_of_sim_conn', UNSIGNED, STATIC),
    attr(6, 'inactivity_time_out', LONG_UNSIGNED, STATIC),
  ],
  methods: [],
};

const IP = S.type('double-long-unsigned', 'ipv4');

/** IPv4 setup (class_id 42, version 0), Blue Book 4.8.2. Addresses read as dotted quads. */
export const IPV4_SETUP: InterfaceClass = {
  classId: 42,
  version: 0,
  name: 'IPv4 setup',
  attributes: [
    LOGICAL_NAME_ATTR,
    attr(2, 'DL_reference', LOGICAL_NAME, STATIC),
    attr(3, 'IP_address', IP, DYNAMIC),
    attr(4, 'multicast_IP_address', S.array(IP), STATIC),
    attr(5, 'IP_options', S.array(S.struct({ IP_option_type: UNSIGNED, IP_option_length: UNSIGNED, IP_option_data: OCTETS })), STATIC),
    attr(6, 'subnet_mask', IP, STATIC),
    attr(7, 'gateway_IP_address', IP, STATIC),
    attr(8, 'use_DHCP_flag', BOOLEAN, STATIC),
    attr(9, 'primary_DNS_address', IP, STATIC),
    attr(10, 'secondary_DNS_address', IP, STATIC),
  ],
  methods: [
    method(1, 'add_mc_IP_address', IP),
    method(2, 'delete_mc_IP_address', IP),
    zeroMethod(3, 'get_nbof_mc_IP_addresses'),
  ],
};

const QOS_ELEMENT = S.struct({
  precedence: UNSIGNED,
  delay: UNSIGNED,
  reliability: UNSIGNED,
  peak_throughput: UNSIGNED,
  mean_throughput: UNSIGNED,
});

/** GPRS modem setup (class_id 45, version 0), Blue Book 4.8.5. */
export const GPRS_MODEM_SETUP: InterfaceClass = {
  classId: 45,
  version: 0,
  name: 'GPRS modem setup',
  attributes: [
    LOGICAL_NAME_ATTR,
    attr(2, 'APN', TEXT, STATIC),
    attr(3, 'PIN_code', LONG_UNSIGNED, STATIC),
    attr(4, 'quality_of_service', S.struct({ default: QOS_ELEMENT, requested: QOS_ELEMENT }), STATIC),
  ],
  methods: [],
};

