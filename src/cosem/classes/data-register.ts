import { S } from '../spec';
import {
  ANY, DATE_TIME, DOUBLE_LONG_UNSIGNED, DYNAMIC, LOGICAL_NAME, LOGICAL_NAME_ATTR, LONG_UNSIGNED, OCTETS, SCALER_UNIT,
  STATIC, UNSIGNED, attr, method, zeroMethod, type InterfaceClass,
} from './common';

/** Data (class_id 1, version 0), Blue Book 4.3.1. */
export const DATA: InterfaceClass = {
  classId: 1,
  version: 0,
  name: 'Data',
  attributes: [LOGICAL_NAME_ATTR, attr(2, 'value', ANY, DYNAMIC)],
  methods: [],
};

/** Register (class_id 3, version 0), Blue Book 4.3.2. */
export const REGISTER: InterfaceClass = {
  classId: 3,
  version: 0,
  name: 'Register',
  attributes: [LOGICAL_NAME_ATTR, attr(2, 'value', ANY, DYNAMIC), attr(3, 'scaler_unit', SCALER_UNIT, STATIC)],
  methods: [zeroMethod(1, 'reset')],
};

/** Extended register (class_id 4, version 0), Blue Book 4.3.3. */
export const EXTENDED_REGISTER: InterfaceClass = {
  classId: 4,
  version: 0,
  name: 'Extended register',
  attributes: [
    LOGICAL_NAME_ATTR,
    attr(2, 'value', ANY, DYNAMIC),
    attr(3, 'scaler_unit', SCALER_UNIT, STATIC),
    attr(4, 'status', ANY, DYNAMIC),
    attr(5, 'capture_time', DATE_TIME, DYNAMIC),
  ],
  methods: [zeroMethod(1, 'reset')],
};

/** Demand register (class_id 5, version 0), Blue Book 4.3.4. */
export const DEMAND_REGISTER: InterfaceClass = {
  classId: 5,
  version: 0,
  name: 'Demand register',
  attributes: [
    LOGICAL_NAME_ATTR,
    attr(2, 'current_average_value', ANY, DYNAMIC),
    attr(3, 'last_average_value', ANY, DYNAMIC),
    attr(4, 'scaler_unit', SCALER_UNIT, STATIC),
    attr(5, 'status', ANY, DYNAMIC),
    attr(6, 'capture_time', DATE_TIME, DYNAMIC),
    attr(7, 'start_time_current', DATE_TIME, DYNAMIC),
    attr(8, 'period', DOUBLE_LONG_UNSIGNED, STATIC),
    attr(9, 'number_of_periods', LONG_UNSIGNED, STATIC),
  ],
  methods: [zeroMethod(1, 'reset'), zeroMethod(2, 'next_period')],
};

const OBJECT_DEFINITION = S.struct({ class_id: LONG_UNSIGNED, logical_name: LOGICAL_NAME });
const REGISTER_ACT_MASK = S.struct({ mask_name: OCTETS, index_list: S.array(UNSIGNED) });

/** Register activation (class_id 6, version 0), Blue Book 4.3.5. */
export const REGISTER_ACTIVATION: InterfaceClass = {
  classId: 6,
  version: 0,
  name: 'Register activation',
  attributes: [
    LOGICAL_NAME_ATTR,
    attr(2, 'register_assignment', S.array(OBJECT_DEFINITION), STATIC),
    attr(3, 'mask_list', S.array(REGISTER_ACT_MASK), STATIC),
    attr(4, 'active_mask', OCTETS, DYNAMIC),
  ],
  methods: [
    method(1, 'add_register', OBJECT_DEFINITION),
    method(2, 'add_mask', REGISTER_ACT_MASK),
    method(3, 'delete_mask', OCTETS),
  ],
};
