import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { fromJson, toJson } from '../../src/codec/json';
import { D, type DlmsData, type TypeDescription } from '../../src/codec/data';
import { dateTimeBytesToIso, dateTimeToIso, decodeDateTime } from '../../src/codec/cosem-datetime';
import { encodeDataToBuffer } from '../../src/codec/axdr';
import { toHex } from '../../src/codec/hex';
import { EncodeError } from '../../src/errors';
import { validDateTimeBytes } from './arbitraries';

const dt = (h: string): Buffer => Buffer.from(h, 'hex');

describe('user JSON (toJson)', () => {
  it('maps every simple type to a plain JSON value', () => {
    assert.equal(toJson(D.null()), null);
    assert.equal(toJson({ type: 'dont-care' }), null);
    assert.equal(toJson(D.boolean(true)), true);
    assert.equal(toJson(D.bitString('0101')), '0101');
    assert.equal(toJson(D.doubleLongUnsigned(4294967295)), 4294967295);
    assert.equal(toJson(D.integer(-5)), -5);
    assert.equal(toJson(D.enum(3)), 3);
    assert.equal(toJson(D.float32(1.5)), 1.5);
    assert.equal(toJson(D.visibleString('ABC')), 'ABC');
    assert.equal(toJson(D.utf8String('Zähler')), 'Zähler');
    assert.deepEqual(toJson(D.structure([D.long(-1), D.array([D.unsigned(1), D.unsigned(2)])])), [-1, [1, 2]]);
  });
  it('64-bit integers: a number when safe, else decimal text', () => {
    assert.equal(toJson(D.long64(-(2n ** 53n) + 1n)), -(2 ** 53) + 1);
    assert.equal(toJson(D.long64Unsigned(2n ** 53n)), '9007199254740992');
    assert.equal(toJson(D.long64Unsigned(2n ** 64n - 1n)), '18446744073709551615');
    assert.equal(toJson(D.long64(-(2n ** 63n))), '-9223372036854775808');
  });
  it('octet-strings: upper-case hex, text or date-time on request', () => {
    const name = D.octetString(Buffer.from('KFM0001234', 'latin1'));
    assert.equal(toJson(name), '4B464D30303031323334');
    assert.equal(toJson(name, { octetString: 'text' }), 'KFM0001234');
    const clock = D.octetString(dt('07EA0B19030D0F0000FEB600'));
    assert.equal(toJson(clock), '07EA0B19030D0F0000FEB600');
    assert.equal(toJson(clock, { dateTime: true }), '2026-11-25T13:15:00+05:30');
    assert.equal(toJson(D.octetString('0100010800FF'), { dateTime: true }), '0100010800FF');
  });
  it('date-time: ISO with the meter offset, local time without deviation, fields otherwise', () => {
    assert.equal(toJson(D.dateTime(dt('07EA0B19030D0F0000FEB600'))), '2026-11-25T13:15:00+05:30');
    assert.equal(toJson(D.dateTime(dt('07EA0B19030D0F0017FFC480'))), '2026-11-25T13:15:00.230+01:00');
    assert.equal(toJson(D.dateTime(dt('07EA0B1903000000FF800000'))), '2026-11-25T00:00:00');
    assert.equal(toJson(D.dateTime(dt('07EA0B1903000000FF000000'))), '2026-11-25T00:00:00+00:00');
    assert.equal(toJson(D.dateTime(dt('07EA0B1903000000FF003C00'))), '2026-11-25T00:00:00-01:00');
    const fields = toJson(D.dateTime(dt('FFFF0B19FF0D0F00FF800009'))) as Record<string, unknown>;
    assert.equal(fields.year, null);
    assert.equal(fields.month, 11);
    assert.deepEqual(fields.clockStatusFlags, ['invalidValue', 'invalidClockStatus']);
  });
  it('date and time: ISO text when fully specified', () => {
    assert.equal(toJson({ type: 'date', value: dt('07EA0B1903') }), '2026-11-25');
    assert.deepEqual(toJson({ type: 'date', value: dt('FFFF03FE07') }), { year: null, month: 3, dayOfMonth: 'last_day', dayOfWeek: 7 });
    assert.equal(toJson({ type: 'time', value: dt('081E0F17') }), '08:30:15.230');
    assert.deepEqual(toJson({ type: 'time', value: dt('1700FFFF') }), { hour: 23, minute: 0, second: null, hundredths: null });
  });
  it('the byte-level ISO conversion equals the field-level one', () => {
    fc.assert(
      fc.property(fc.oneof(validDateTimeBytes, fc.uint8Array({ minLength: 12, maxLength: 12 }).map((b) => Buffer.from(b))), (b) => {
        assert.equal(dateTimeBytesToIso(b), dateTimeToIso(decodeDateTime(b)));
        const padded = Buffer.concat([Buffer.from([1, 2, 3]), b]);
        assert.equal(dateTimeBytesToIso(padded, 3), dateTimeToIso(decodeDateTime(b)));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('user JSON (fromJson)', () => {
  const enc = (d: DlmsData): string => toHex(encodeDataToBuffer(d));

  it('converts to the named type with range checks', () => {
    assert.deepEqual(fromJson(65535, 'long-unsigned'), D.longUnsigned(65535));
    assert.deepEqual(fromJson('42', 'unsigned'), D.unsigned(42));
    assert.deepEqual(fromJson(7n, 'double-long'), D.doubleLong(7));
    assert.throws(() => fromJson(70000, 'long-unsigned'), (e: unknown) => e instanceof EncodeError && e.message === 'long-unsigned value 70000 is out of range 0..65535');
    assert.throws(() => fromJson(-1, 'unsigned'), /unsigned value -1 is out of range 0..255/);
    assert.throws(() => fromJson(1.5, 'long'), /long value 1.5 is not an integer/);
    assert.throws(() => fromJson('abc', 'long'), /long takes an integer -32768..32767, got "abc"/);
    assert.throws(() => fromJson(1, 'no-such-type' as never), /not a Blue Book data type name/);
  });
  it('64-bit integers from numbers, bigint and decimal text', () => {
    assert.deepEqual(fromJson('18446744073709551615', 'long64-unsigned'), D.long64Unsigned(2n ** 64n - 1n));
    assert.deepEqual(fromJson(-5, 'long64'), D.long64(-5n));
    assert.throws(() => fromJson('18446744073709551616', 'long64-unsigned'), /out of range/);
    assert.throws(() => fromJson(2 ** 60, 'long64'), /not an exact integer/);
    assert.throws(() => fromJson(-1, 'long64-unsigned'), /out of range/);
  });
  it('floats, booleans, bit-strings and strings', () => {
    assert.deepEqual(fromJson('1.25', 'float64'), D.float64(1.25));
    assert.throws(() => fromJson(1e39, 'float32'), /float32 value 1e\+39 is out of range/);
    assert.throws(() => fromJson('x', 'float32'), /float32 takes a number/);
    assert.deepEqual(fromJson(1, 'boolean'), D.boolean(true));
    assert.throws(() => fromJson('yes', 'boolean'), /boolean takes true or false/);
    assert.deepEqual(fromJson([true, false, 1], 'bit-string'), D.bitString('101'));
    assert.throws(() => fromJson('012', 'bit-string'), /bit-string/);
    assert.throws(() => fromJson('€', 'visible-string'), /utf8-string/);
    assert.deepEqual(fromJson('€', 'utf8-string'), D.utf8String('€'));
  });
  it('octet-strings from hex, bytes, text and date-times', () => {
    assert.deepEqual(fromJson('01 00 01 08 00 FF', 'octet-string'), D.octetString('0100010800FF'));
    assert.deepEqual(fromJson(Buffer.from([1, 2]), 'octet-string'), D.octetString('0102'));
    assert.deepEqual(fromJson([1, 2], 'octet-string'), D.octetString('0102'));
    assert.deepEqual(fromJson('KFM', 'octet-string', { octetString: 'text' }), D.octetString(Buffer.from('KFM')));
    assert.throws(() => fromJson('KFM', 'octet-string'), /octet-string takes hex/);
    assert.equal(enc(fromJson('2026-11-25T13:15:00+05:30', 'octet-string', { dateTime: true })), '090C07EA0B19030D0F0000FEB600');
  });
  it('date-time from ISO text, Date and fields; a read clock octet-string mirrors back as a date-time', () => {
    assert.equal(enc(fromJson('2026-11-25T13:15:00+05:30', 'date-time')), '1907EA0B19030D0F0000FEB600');
    assert.equal(enc(fromJson(new Date('2026-11-25T07:45:00Z'), 'date-time')), '1907EA0B1903072D0000000000');
    assert.equal(enc(fromJson({ year: null, month: 11, dayOfMonth: 25, dayOfWeek: null, hour: 13, minute: 15, second: 0, hundredths: null, deviation: null, clockStatus: null }, 'date-time')), '19FFFF0B19FF0D0F00FF8000FF');
    const readBefore = D.octetString('07EA0B19030D0F0000FEB600');
    assert.equal(enc(fromJson('2026-12-01T00:00:00+05:30', readBefore)), '090C07EA0C0102000000' + '00FEB600');
    assert.equal(toJson(fromJson('2026-12-01T00:00:00+05:30', readBefore), { dateTime: true }), '2026-12-01T00:00:00+05:30');
    assert.equal(enc(fromJson('07EA0C01020000000000FEB6', readBefore)), '090C07EA0C01020000000000FEB6');
    assert.throws(() => fromJson('2026-02-30T00:00:00', 'date-time'), (e: unknown) => e instanceof EncodeError && /valid calendar date/.test(e.message));
    assert.equal(enc(fromJson('2026-11-25', 'date')), '1A07EA0B1903');
    assert.equal(enc(fromJson('13:15', 'time')), '1B0D0F0000');
    assert.equal(enc(fromJson(new Date('2026-11-25T07:45:01.5Z'), 'date')), '1A07EA0B1903');
    assert.equal(enc(fromJson(new Date('2026-11-25T07:45:01.5Z'), 'time')), '1B072D0132');
    assert.throws(() => fromJson(new Date('nope'), 'date'), EncodeError);
    assert.throws(() => fromJson(5, 'time'), /time takes text/);
  });
  it('structures and arrays from a description or the value read before', () => {
    const desc: TypeDescription = { type: 'structure', elements: [{ type: 'integer' }, { type: 'enum' }] };
    assert.deepEqual(fromJson([-3, 30], desc), D.structure([D.integer(-3), D.enum(30)]));
    assert.throws(() => fromJson([-3], desc), /structure needs 2 elements, got 1/);
    assert.throws(() => fromJson([-3, 300], desc), (e: unknown) => e instanceof EncodeError && e.message === '[1]: enum value 300 is out of range 0..255');
    const before = D.array([D.structure([D.octetString('0100010800FF'), D.longUnsigned(2)])]);
    assert.deepEqual(
      fromJson([['0100020800FF', 3], ['0100010800FF', 2]], before),
      D.array([D.structure([D.octetString('0100020800FF'), D.longUnsigned(3)]), D.structure([D.octetString('0100010800FF'), D.longUnsigned(2)])]),
    );
    assert.throws(() => fromJson(5, before), /array value must be a JSON array/);
    assert.throws(() => fromJson([1], 'array'), /no type known for 1/);
    assert.throws(() => fromJson([1], 'compact-array'), /description/);
  });
  it('a typed JSON value is taken as it is, whatever the target', () => {
    assert.deepEqual(fromJson({ type: 'long64', value: '5' }, 'unsigned'), D.long64(5n));
    assert.deepEqual(fromJson([{ type: 'visible-string', value: 'x' }, null], 'structure'), D.structure([D.visibleString('x'), D.null()]));
    assert.deepEqual(fromJson(D.octetString('01'), 'octet-string'), D.octetString('01'));
  });
});
