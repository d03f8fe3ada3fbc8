import { S } from '../spec';
import { CONTROL_MODES, CONTROL_STATES } from '../enums';
import {
  ANY, BOOLEAN, DATE_TIME, DOUBLE_LONG_UNSIGNED, DYNAMIC, LOGICAL_NAME_ATTR, LONG_UNSIGNED, SCRIPT_REFERENCE,
  STATIC, VALUE_DEFINITION, attr, zeroMethod, type InterfaceClass,
} from './common';

/** action_set of Register monitor: the script run when the value crosses its threshold upwards / downwards. */
export const ACTION_SET = S.struct({ action_up: SCRIPT_REFERENCE, action_down: SCRIPT_REFERENCE });

/** Register monitor (class_id 21, version 0), Blue Book 4.5.6. thresholds[i] goes with actions[i]. */
export const REGISTER_MONITOR: InterfaceClass = {
  classId: 21,
  version: 0,
  name: 'Register monitor',
  attributes: [
    LOGICAL_NAME_ATTR,
    attr(2, 'thresholds', S.array(ANY), STATIC),
    attr(3, 'monitored_value', VALUE_DEFINITION, STATIC),
    attr(4, 'actions', S.array(ACTION_SET), STATIC),
  ],
  methods: [],
};

/** Disconnect control (class_id 70, version 0), Blue Book 4.5.8: the supply relay. */
export const DISCONNECT_CONTROL: InterfaceClass = {
  classId: 70,
  version: 0,
  name: 'Disconnect control',
  attributes: [
    LOGICAL_NAME_ATTR,
    attr(2, 'output_state', S.type('boolean', 'output-state'), DYNAMIC),
    attr(3, 'control_state', S.enum(CONTROL_STATES), DYNAMIC),
    attr(4, 'control_mode', S.enum(CONTROL_MODES), STATIC),
  ],
  methods: [zeroMethod(1, 'remote_disconnect'), zeroMethod(2, 'remote_reconnect')],
};

/** Limiter (class_id 71, version 0), Blue Book 4.5.9: load limiting on a monitored value. */
export const LIMITER: InterfaceClass = {
  classId: 71,
  version: 0,
  name: 'Limiter',
  attributes: [
    LOGICAL_NAME_ATTR,
    attr(2, 'monitored_value', VALUE_DEFINITION, STATIC),
    attr(3, 'threshold_active', ANY, DYNAMIC),
    attr(4, 'threshold_normal', ANY, STATIC),
    attr(5, 'threshold_emergency', ANY, STATIC),
    attr(6, 'min_over_threshold_duration', DOUBLE_LONG_UNSIGNED, STATIC),
    attr(7, 'min_under_threshold_duration', DOUBLE_LONG_UNSIGNED, STATIC),
    attr(
      8,
      'emergency_profile',
      S.struct({ emergency_profile_id: LONG_UNSIGNED, emergency_activation_time: DATE_TIME, emergency_duration: DOUBLE_LONG_UNSIGNED }),
      STATIC,
    ),
    attr(9, 'emergency_profile_group_id_list', S.array(LONG_UNSIGNED), STATIC),
    attr(10, 'emergency_profile_active', BOOLEAN, DYNAMIC),
    attr(11, 'actions', S.struct({ action_over_threshold: SCRIPT_REFERENCE, action_under_threshold: SCRIPT_REFERENCE }), STATIC),
  ],
  methods: [],
};

