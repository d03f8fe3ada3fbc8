import { strict as assert } from 'node:assert';
import { loadVectors } from '../helpers/vectors';
import { decodeDataFrom, encodeDataToBuffer } from '../../src/codec/axdr';
import { D, type DlmsData } from '../../src/codec/data';
import { toHex } from '../../src/codec/hex';
import {
  buildAttributeValue, buildMethodParameter, decodeCaptureObject, decodeCaptureObjects, decodeMonitorActions,
  decodeSapAssignmentList, decodeScalerUnitValue, decodeSendDestinationAndMethod, encodeCaptureObjects,
  encodeMonitorActions, encodeSapAssignmentList, encodeScalerUnitValue, encodeSendDestinationAndMethod, interpretAttribute,
} from '../../src/cosem';

const hex = (d: DlmsData): string => toHex(encodeDataToBuffer(d));
const cap = (cls: number, ln: string, attr: number, idx: number): DlmsData =>
  D.structure([D.longUnsigned(cls), D.octetString(ln), D.integer(attr), D.longUnsigned(idx)]);

describe('cosem: scaler_unit', () => {
  for (const v of loadVectors('cosem.json').filter((x) => x.expect.kind === 'scaler-unit')) {
    it(`${v.id}: reads {scaler, unit, unitSymbol} and writes back the same bytes`, () => {
      const d = decodeDataFrom(Buffer.from(v.hex, 'hex'));
      const { scaler, unit, unitSymbol } = v.expect;
      assert.deepEqual(decodeScalerUnitValue(d), { scaler, unit, unitSymbol });
      assert.deepEqual(interpretAttribute(3, 3, d), { scaler, unit, unitSymbol });
      assert.equal(hex(encodeScalerUnitValue({ scaler, unit })), v.hex);
      assert.equal(hex(buildAttributeValue(3, 3, { scaler, unit: unitSymbol })), v.hex); // unit by symbol
    });
  }
  it('refuses an unknown unit symbol and an out-of-range scaler, naming the attribute', () => {
    assert.throws(() => buildAttributeValue(3, 3, { scaler: -3, unit: 'kWh' }), /Register scaler_unit \(class 3, attribute 3\): unknown unit symbol "kWh"/);
    assert.throws(() => buildAttributeValue(5, 4, { scaler: 200, unit: 30 }), /Demand register scaler_unit \(class 5, attribute 4\): scaler 200 is out of range -128..127/);
  });
});

describe('cosem: Profile generic', () => {
  const objects = D.array([cap(8, '0000010000FF', 2, 0), cap(3, '0100010800FF', 2, 0), cap(1, '0000600B00FF', 2, 3)]);
  const json = [
    { classId: 8, logicalName: '0.0.1.0.0.255', attributeIndex: 2, dataIndex: 0 },
    { classId: 3, logicalName: '1.0.1.8.0.255', attributeIndex: 2, dataIndex: 0 },
    { classId: 1, logicalName: '0.0.96.11.0.255', attributeIndex: 2, dataIndex: 3 },
  ];
  it('capture_objects both ways', () => {
    assert.deepEqual(decodeCaptureObjects(objects), json);
    assert.deepEqual(interpretAttribute(7, 3, objects), json);
    assert.equal(hex(encodeCaptureObjects(json)), hex(objects));
    assert.equal(
      hex(buildAttributeValue(7, 3, json)),
      '0103020412000809060000010000FF0F02120000020412000309060100010800FF0F02120000020412000109060000600B00FF0F02120003',
    );
  });
  it('accepts any OBIS text form and positional arrays when writing', () => {
    const d = buildAttributeValue(7, 3, [[3, '1-0:1.8.0*255', 2, 0], { class_id: 3, logical_name: '1-0:2.8.0', attribute_index: 2, data_index: 0 }]);
    assert.deepEqual(decodeCaptureObjects(d), [json[1], { classId: 3, logicalName: '1.0.2.8.0.255', attributeIndex: 2, dataIndex: 0 }]);
  });
  it('sort_method named, sort_object as one definition, entries as numbers', () => {
    assert.equal(interpretAttribute(7, 5, D.enum(1)), 'fifo');
    assert.equal(interpretAttribute(7, 5, D.enum(6)), 'farthest-from-zero');
    assert.deepEqual(buildAttributeValue(7, 5, 'nearest-to-zero'), D.enum(5));
    assert.deepEqual(decodeCaptureObject(cap(3, '0100010800FF', 2, 0)), json[1]);
    assert.equal(interpretAttribute(7, 7, D.doubleLongUnsigned(2880)), 2880);
  });
  it('buffer rows read plainly (date-time tags as ISO, 64-bit as number or decimal text)', () => {
    const row = D.structure([
      { type: 'date-time', value: Buffer.from('07EA0B19030D0F0000FEB600', 'hex') },
      D.long64Unsigned(BigInt('18446744073709551615')),
      D.long64(BigInt(-5)),
      D.visibleString('ABC'),
      D.null(),
    ]);
    assert.deepEqual(interpretAttribute(7, 2, D.array([row])), [['2026-11-25T13:15:00+05:30', '18446744073709551615', -5, 'ABC', null]]);
  });
});

describe('cosem: Clock', () => {
  const time = D.octetString('07EA0B19030D0F0000FEB600');
  it('time reads as ISO with the meter offset, and wildcards as fields', () => {
    assert.equal(interpretAttribute(8, 2, time), '2026-11-25T13:15:00+05:30');
    assert.deepEqual(interpretAttribute(8, 2, D.octetString('FFFFFFFFFF0D0F00FF800000')), {
      year: null, month: null, dayOfMonth: null, dayOfWeek: null, hour: 13, minute: 15, second: 0, hundredths: null,
      deviation: null, clockStatus: 0, clockStatusFlags: [],
    });
  });
  it('time written from ISO text, a field object, or hex', () => {
    assert.equal(hex(buildAttributeValue(8, 2, '2026-11-25T13:15:00+05:30')), '090C07EA0B19030D0F0000FEB600');
    assert.equal(hex(buildAttributeValue(8, 2, '07EA0B19030D0F0000FEB600')), '090C07EA0B19030D0F0000FEB600');
    assert.equal(hex(buildAttributeValue(8, 5, { year: null, month: 3, dayOfMonth: 'last_day', dayOfWeek: 7, hour: 2, minute: 0, second: 0, hundredths: 0, deviation: null, clockStatus: null })), '090CFFFF03FE0702000000800 0FF'.replace(/ /g, ''));
  });
  it('status as flag names, clock_base named, time_zone and deviation in range', () => {
    assert.deepEqual(interpretAttribute(8, 4, D.unsigned(0x81)), ['invalidValue', 'daylightSavingActive']);
    assert.deepEqual(buildAttributeValue(8, 4, ['doubtfulValue']), D.unsigned(2));
    assert.equal(interpretAttribute(8, 9, D.enum(2)), 'mains-frequency-50-hz');
    assert.deepEqual(buildAttributeValue(8, 3, -330), D.long(-330));
    assert.deepEqual(buildAttributeValue(8, 8, true), D.boolean(true));
    assert.throws(() => buildAttributeValue(8, 7, 180), /Clock daylight_savings_deviation \(class 8, attribute 7\): 180 is out of range -120..120 for integer/);
    assert.throws(() => buildAttributeValue(8, 4, ['summerTime']), /unknown clock status flag "summerTime"/);
  });
  it('method parameters: adjust_to_quarter, shift_time seconds, preset_adjusting_time', () => {
    assert.equal(hex(buildMethodParameter(8, 1)), '0F00');
    assert.equal(hex(buildMethodParameter(8, 6, -30)), '10FFE2');
    assert.equal(hex(buildMethodParameter(8, 6, '900')), '100384');
    assert.throws(() => buildMethodParameter(8, 6, 901), /cannot invoke Clock shift_time \(class 8, method 6\): 901 is out of range -900..900 for long/);
    assert.throws(() => buildMethodParameter(8, 6, 1.5), /expected an integer \(long\), got 1.5/);
    const p = buildMethodParameter(8, 5, {
      presetTime: '2026-11-25T13:15:00+05:30',
      validityIntervalStart: '2026-11-25T13:00:00+05:30',
      validityIntervalEnd: '2026-11-25T13:30:00+05:30',
    });
    assert.equal(hex(p), '0203090C07EA0B19030D0F0000FEB600090C07EA0B19030D000000FEB600090C07EA0B19030D1E0000FEB600');
    assert.throws(() => buildMethodParameter(8, 5, { presetTime: '2026-11-25T13:15:00' }), /preset_adjusting_time \(class 8, method 5\) at validityIntervalStart: missing/);
  });
});

describe('cosem: Demand and Extended register', () => {
  it('capture_time and start_time_current as ISO; period and number_of_periods as numbers; status open', () => {
    const dt = D.octetString('07EA0B19030D0F0000FEB600');
    assert.equal(interpretAttribute(5, 6, dt), '2026-11-25T13:15:00+05:30');
    assert.equal(interpretAttribute(5, 7, dt), '2026-11-25T13:15:00+05:30');
    assert.equal(interpretAttribute(5, 8, D.doubleLongUnsigned(900)), 900);
    assert.equal(interpretAttribute(4, 5, dt), '2026-11-25T13:15:00+05:30');
    assert.equal(interpretAttribute(4, 4, D.unsigned(8)), 8);
    assert.deepEqual(buildMethodParameter(5, 2), D.integer(0));
  });
});

describe('cosem: Push setup', () => {
  it('push_object_list and send_destination_and_method both ways', () => {
    const dest = D.structure([D.enum(0), D.octetString(Buffer.from('10.0.0.1:4059').toString('hex')), D.enum(0)]);
    const json = { transportService: 'tcp', destination: '10.0.0.1:4059', message: 'a-xdr-apdu' };
    assert.deepEqual(decodeSendDestinationAndMethod(dest), json);
    assert.equal(hex(encodeSendDestinationAndMethod(json)), hex(dest));
    assert.equal(hex(buildAttributeValue(40, 3, { transportService: 'TCP', destination: '10.0.0.1:4059', message: 0 })), hex(dest));
    const list = D.array([cap(1, '0000600100FF', 2, 0)]);
    assert.deepEqual(interpretAttribute(40, 2, list), [{ classId: 1, logicalName: '0.0.96.1.0.255', attributeIndex: 2, dataIndex: 0 }]);
  });
});

describe('cosem: Disconnect control', () => {
  it('output_state, control_state and control_mode named both ways', () => {
    assert.equal(interpretAttribute(70, 2, D.boolean(false)), 'disconnected');
    assert.deepEqual(buildAttributeValue(70, 2, 'connected'), D.boolean(true));
    assert.equal(interpretAttribute(70, 3, D.enum(2)), 'ready-for-reconnection');
    assert.deepEqual(buildAttributeValue(70, 3, 'ready_for_reconnection'), D.enum(2));
    assert.equal(interpretAttribute(70, 4, D.enum(0)), 'none');
    assert.deepEqual(buildAttributeValue(70, 4, 4), D.enum(4));
    assert.throws(() => buildAttributeValue(70, 3, 'open'), /Disconnect control control_state \(class 70, attribute 3\): unknown name "open" \(known: disconnected, connected, ready-for-reconnection\)/);
    assert.deepEqual(buildMethodParameter(70, 1), D.integer(0));
  });
});

describe('cosem: Register monitor', () => {
  it('thresholds keep the current type; actions and monitored_value structured', () => {
    const thresholds = D.array([D.doubleLongUnsigned(1000), D.doubleLongUnsigned(2000)]);
    assert.deepEqual(interpretAttribute(21, 2, thresholds), [1000, 2000]);
    assert.deepEqual(buildAttributeValue(21, 2, [1500, 2500], thresholds), D.array([D.doubleLongUnsigned(1500), D.doubleLongUnsigned(2500)]));
    assert.throws(() => buildAttributeValue(21, 2, [1500]), /Register monitor thresholds \(class 21, attribute 2\) at \[0\]: the Blue Book leaves this type open/);
    assert.deepEqual(buildAttributeValue(21, 2, [{ type: 'long-unsigned', value: 7 }]), D.array([D.longUnsigned(7)]));
    const actions = [{ actionUp: { scriptLogicalName: '0.0.10.0.106.255', scriptSelector: 1 }, actionDown: { scriptLogicalName: '0.0.10.0.106.255', scriptSelector: 2 } }];
    const d = encodeMonitorActions(actions);
    assert.equal(hex(d), '0101020202020906 00000A006AFF120001 02020906 00000A006AFF120002'.replace(/ /g, ''));
    assert.deepEqual(decodeMonitorActions(d), actions);
    assert.deepEqual(interpretAttribute(21, 3, D.structure([D.longUnsigned(3), D.octetString('0100200700FF'), D.integer(2)])), { classId: 3, logicalName: '1.0.32.7.0.255', attributeIndex: 2 });
  });
});

describe('cosem: Security setup', () => {
  it('security_policy as bit names (version 1) or the version 0 name; suite named; system titles hex', () => {
    assert.deepEqual(interpretAttribute(64, 2, D.enum(0x24)), ['authenticated-request', 'authenticated-response']);
    assert.equal(interpretAttribute(64, 2, D.enum(3)), 'all-messages-authenticated-and-encrypted');
    assert.deepEqual(buildAttributeValue(64, 2, ['encrypted-request', 'encrypted-response']), D.enum(0x48));
    assert.deepEqual(buildMethodParameter(64, 1, 'all-messages-encrypted'), D.enum(2));
    assert.equal(interpretAttribute(64, 3, D.enum(0)), 'aes-gcm-128');
    assert.equal(interpretAttribute(64, 4, D.octetString('4D4D4D0000BC614E')), '4D4D4D0000BC614E');
    assert.deepEqual(buildAttributeValue(64, 5, '4d:4d:4d:00:00:bc:61:4e'), D.octetString('4D4D4D0000BC614E'));
    assert.throws(() => buildAttributeValue(64, 4, 'MMM12345'), /Security setup client_system_title \(class 64, attribute 4\): value is not valid hex/);
    assert.deepEqual(buildMethodParameter(64, 2, [{ keyId: 'global-unicast-encryption-key', keyWrapped: '00112233' }]), D.array([D.structure([D.enum(0), D.octetString('00112233')])]));
  });
});

describe('cosem: SAP assignment, IEC HDLC setup, IPv4 setup', () => {
  it('SAP_assignment_list with logical device names as text', () => {
    const d = D.array([D.structure([D.longUnsigned(1), D.octetString(Buffer.from('KFM0000000000001').toString('hex'))])]);
    assert.deepEqual(decodeSapAssignmentList(d), [{ sap: 1, logicalDeviceName: 'KFM0000000000001' }]);
    assert.equal(hex(encodeSapAssignmentList([{ sap: 1, logicalDeviceName: 'KFM0000000000001' }])), hex(d));
    // bytes that are not text stay typed, so they write back unchanged
    const bin = D.array([D.structure([D.longUnsigned(1), D.octetString('00FF')])]);
    const json = interpretAttribute(17, 2, bin);
    assert.deepEqual(json, [{ sap: 1, logicalDeviceName: { type: 'octet-string', value: '00FF' } }]);
    assert.deepEqual(buildAttributeValue(17, 2, json), bin);
  });
  it('IEC HDLC setup: comm_speed as baud, windows checked', () => {
    assert.equal(interpretAttribute(23, 2, D.enum(5)), '9600');
    assert.deepEqual(buildAttributeValue(23, 2, '19200'), D.enum(6));
    assert.deepEqual(buildAttributeValue(23, 2, 9), D.enum(9));
    assert.equal(interpretAttribute(23, 9, D.longUnsigned(0x10)), 16);
    assert.throws(() => buildAttributeValue(23, 3, 8), /IEC HDLC setup window_size_transmit \(class 23, attribute 3\): 8 is out of range 1..7/);
    assert.throws(() => buildAttributeValue(23, 5, -1), /max_info_field_length_transmit .*-1 is out of range 0..65535 for long-unsigned/);
  });
  it('IPv4 addresses as dotted quads', () => {
    assert.equal(interpretAttribute(42, 3, D.doubleLongUnsigned(0xc0a8010a)), '192.168.1.10');
    assert.deepEqual(buildAttributeValue(42, 6, '255.255.255.0'), D.doubleLongUnsigned(0xffffff00));
    assert.throws(() => buildAttributeValue(42, 7, '192.168.1'), /gateway_IP_address \(class 42, attribute 7\): "192.168.1" is not an IPv4 address/);
  });
});
