import { S } from '../spec';
import { CLOCK_BASES, SCRIPT_SERVICES, SINGLE_ACTION_TYPES } from '../enums';
import {
  ANY, BOOLEAN, DATE, DATE_TIME, DYNAMIC, INTEGER, LOGICAL_NAME, LOGICAL_NAME_ATTR, LONG_UNSIGNED, OCTETS,
  SCRIPT_REFERENCE, STATIC, TIME, UNSIGNED, attr, method, zeroMethod, type InterfaceClass,
} from './common';

/** Clock (class_id 8, version 0), Blue Book 4.5.1. time_zone is minutes of deviation to UTC. */
export const CLOCK: InterfaceClass = {
  classId: 8,
  version: 0,
  name: 'Clock',
  attributes: [
    LOGICAL_NAME_ATTR,
    attr(2, 'time', DATE_TIME, DYNAMIC),
    attr(3, 'time_zone', S.type('long', undefined, { min: -720, max: 720 }), STATIC),
    attr(4, 'status', S.type('unsigned', 'clock-status'), DYNAMIC),
    attr(5, 'daylight_savings_begin', DATE_TIME, STATIC),
    attr(6, 'daylight_savings_end', DATE_TIME, STATIC),
    attr(7, 'daylight_savings_deviation', S.type('integer', undefined, { min: -120, max: 120 }), STATIC),
    attr(8, 'daylight_savings_enabled', BOOLEAN, STATIC),
    attr(9, 'clock_base', S.enum(CLOCK_BASES), STATIC),
  ],
  methods: [
    zeroMethod(1, 'adjust_to_quarter'),
    zeroMethod(2, 'adjust_to_measuring_period'),
    zeroMethod(3, 'adjust_to_minute'),
    zeroMethod(4, 'adjust_to_preset_time'),
    method(
      5,
      'preset_adjusting_time',
      S.struct({ preset_time: DATE_TIME, validity_interval_start: DATE_TIME, validity_interval_end: DATE_TIME }),
    ),
    // seconds to shift, -900..900 (Blue Book: "long" limited to +/- 15 minutes)
    method(6, 'shift_time', S.type('long', undefined, { min: -900, max: 900 })),
  ],
};

const ACTION_SPECIFICATION = S.struct({
  service_id: S.enum(SCRIPT_SERVICES),
  class_id: LONG_UNSIGNED,
  logical_name: LOGICAL_NAME,
  index: INTEGER,
  parameter: ANY,
});

/** Script table (class_id 9, version 0), Blue Book 4.5.2. */
export const SCRIPT_TABLE: InterfaceClass = {
  classId: 9,
  version: 0,
  name: 'Script table',
  attributes: [
    LOGICAL_NAME_ATTR,
    attr(2, 'scripts', S.array(S.struct({ script_identifier: LONG_UNSIGNED, actions: S.array(ACTION_SPECIFICATION) })), STATIC),
  ],
  methods: [method(1, 'execute', LONG_UNSIGNED)],
};

const SCHEDULE_TABLE_ENTRY = S.struct({
  index: LONG_UNSIGNED,
  enable: BOOLEAN,
  script_logical_name: LOGICAL_NAME,
  script_selector: LONG_UNSIGNED,
  switch_time: TIME,
  validity_window: LONG_UNSIGNED,
  exec_weekdays: S.type('bit-string'),
  exec_specdays: S.type('bit-string'),
  begin_date: DATE,
  end_date: DATE,
});

/** Schedule (class_id 10, version 0), Blue Book 4.5.3. */
export const SCHEDULE: InterfaceClass = {
  classId: 10,
  version: 0,
  name: 'Schedule',
  attributes: [LOGICAL_NAME_ATTR, attr(2, 'entries', S.array(SCHEDULE_TABLE_ENTRY), STATIC)],
  methods: [
    // two ranges of entry indexes: the first is disabled, the second enabled
    method(
      1,
      'enable_disable',
      S.struct({ first_index_a: LONG_UNSIGNED, last_index_a: LONG_UNSIGNED, first_index_b: LONG_UNSIGNED, last_index_b: LONG_UNSIGNED }),
    ),
    method(2, 'insert', SCHEDULE_TABLE_ENTRY),
    method(3, 'delete', S.struct({ first_index: LONG_UNSIGNED, last_index: LONG_UNSIGNED })),
  ],
};

const SPEC_DAY_ENTRY = S.struct({ index: LONG_UNSIGNED, specialday_date: DATE, day_id: UNSIGNED });

/** Special days table (class_id 11, version 0), Blue Book 4.5.4. */
export const SPECIAL_DAYS_TABLE: InterfaceClass = {
  classId: 11,
  version: 0,
  name: 'Special days table',
  attributes: [LOGICAL_NAME_ATTR, attr(2, 'entries', S.array(SPEC_DAY_ENTRY), STATIC)],
  methods: [method(1, 'insert', SPEC_DAY_ENTRY), method(2, 'delete', LONG_UNSIGNED)],
};

const SEASON_PROFILE = S.array(S.struct({ season_profile_name: OCTETS, season_start: DATE_TIME, week_name: OCTETS }));
const WEEK_PROFILE_TABLE = S.array(
  S.struct({
    week_profile_name: OCTETS,
    monday: UNSIGNED,
    tuesday: UNSIGNED,
    wednesday: UNSIGNED,
    thursday: UNSIGNED,
    friday: UNSIGNED,
    saturday: UNSIGNED,
    sunday: UNSIGNED,
  }),
);
const DAY_PROFILE_TABLE = S.array(
  S.struct({
    day_id: UNSIGNED,
    day_schedule: S.array(S.struct({ start_time: TIME, script_logical_name: LOGICAL_NAME, script_selector: LONG_UNSIGNED })),
  }),
);

/** Activity calendar (class_id 20, version 0), Blue Book 4.5.5: active and passive (pending) tariff calendars. */
export const ACTIVITY_CALENDAR: InterfaceClass = {
  classId: 20,
  version: 0,
  name: 'Activity calendar',
  attributes: [
    LOGICAL_NAME_ATTR,
    attr(2, 'calendar_name_active', OCTETS, STATIC),
    attr(3, 'season_profile_active', SEASON_PROFILE, STATIC),
    attr(4, 'week_profile_table_active', WEEK_PROFILE_TABLE, STATIC),
    attr(5, 'day_profile_table_active', DAY_PROFILE_TABLE, STATIC),
    attr(6, 'calendar_name_passive', OCTETS, STATIC),
    attr(7, 'season_profile_passive', SEASON_PROFILE, STATIC),
    attr(8, 'week_profile_table_passive', WEEK_PROFILE_TABLE, STATIC),
    attr(9, 'day_profile_table_passive', DAY_PROFILE_TABLE, STATIC),
    attr(10, 'activate_passive_calendar_time', DATE_TIME, STATIC),
  ],
  methods: [zeroMethod(1, 'activate_passive_calendar')],
};

/** Single action schedule (class_id 22, version 0), Blue Book 4.5.7. */
export const SINGLE_ACTION_SCHEDULE: InterfaceClass = {
  classId: 22,
  version: 0,
  name: 'Single action schedule',
  attributes: [
    LOGICAL_NAME_ATTR,
    attr(2, 'executed_script', SCRIPT_REFERENCE, STATIC),
    attr(3, 'type', S.enum(SINGLE_ACTION_TYPES), STATIC),
    attr(4, 'execution_time', S.array(S.struct({ time: TIME, date: DATE })), STATIC),
  ],
  methods: [],
};
