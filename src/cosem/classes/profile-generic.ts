import { S } from '../spec';
import { SORT_METHODS } from '../enums';
import {
  ANY, CAPTURE_OBJECT_DEFINITION, DOUBLE_LONG_UNSIGNED, DYNAMIC, LOGICAL_NAME_ATTR, STATIC, attr, zeroMethod,
  type InterfaceClass,
} from './common';

/**
 * Profile generic (class_id 7, version 1), Blue Book 4.3.6. The rows of `buffer` follow
 * capture_objects; their types are the captured attributes' types, so the buffer is ANY here.
 */
export const PROFILE_GENERIC: InterfaceClass = {
  classId: 7,
  version: 1,
  name: 'Profile generic',
  attributes: [
    LOGICAL_NAME_ATTR,
    attr(2, 'buffer', S.array(ANY), DYNAMIC),
    attr(3, 'capture_objects', S.array(CAPTURE_OBJECT_DEFINITION), STATIC),
    attr(4, 'capture_period', DOUBLE_LONG_UNSIGNED, STATIC),
    attr(5, 'sort_method', S.enum(SORT_METHODS), STATIC),
    attr(6, 'sort_object', CAPTURE_OBJECT_DEFINITION, STATIC),
    attr(7, 'entries_in_use', DOUBLE_LONG_UNSIGNED, DYNAMIC),
    attr(8, 'profile_entries', DOUBLE_LONG_UNSIGNED, STATIC),
  ],
  methods: [zeroMethod(1, 'reset'), zeroMethod(2, 'capture')],
};
