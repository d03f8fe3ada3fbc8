import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { applyScaler, applyScalerJson, decodeScalerUnit, scaledDecimal, unscale } from '../../src/codec/scaler';
import { UNITS, unitCodeOf, unitInfo, unitName, unitSymbol } from '../../src/codec/units';
import { D } from '../../src/codec/data';
import { DlmsError, EncodeError } from '../../src/errors';

describe('scaler', () => {
  it('gives the exact decimal, never a binary artefact', () => {
    assert.equal(applyScaler(12345, -3), 12.345);
    assert.equal(String(applyScaler(12345, -3)), '12.345');
    assert.equal(applyScaler(1, -1), 0.1);
    assert.equal(applyScaler(3, -1), 0.3); // 3 * 0.1 would be 0.30000000000000004
    assert.equal(applyScaler(-12345, -3), -12.345);
    assert.equal(applyScaler(12345n, -3), 12.345);
    assert.equal(applyScaler(-7n, -2), -0.07);
    assert.equal(applyScaler(0, -5), 0);
    assert.equal(applyScaler(42, 0), 42);
  });

  it('large positive and negative scalers', () => {
    assert.equal(applyScaler(5, 3), 5000);
    assert.equal(applyScaler(5, 30), 5e30);
    assert.equal(applyScaler(123, 25), 1.23e27);
    assert.equal(applyScaler(123, -25), 1.23e-23);
    assert.equal(applyScaler(1, 127), 1e127);
    assert.equal(applyScaler(1, -128), 1e-128);
    assert.equal(applyScaler(2n ** 64n - 1n, 2), 1.8446744073709552e21);
  });

  it('non-integer raw values (float registers) keep their decimal text', () => {
    assert.equal(applyScaler(1.5, -1), 0.15);
    assert.equal(applyScaler(1.5e-7, -3), 1.5e-10);
    assert.equal(applyScaler(2.5, 2), 250);
    assert.ok(Number.isNaN(applyScaler(NaN, -1)));
  });

  it('matches the correctly rounded decimal for any safe raw value and scaler', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.integer({ min: -40, max: 40 }), (raw, s) => {
        assert.equal(applyScaler(raw, s), Number(scaledDecimal(raw, s)));
        assert.equal(applyScaler(BigInt(raw), s), Number(scaledDecimal(raw, s)));
      }),
      { numRuns: 2000 },
    );
  });

  it('unscale inverts applyScaler for values of up to 15 significant digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 15) + 1, max: 10 ** 15 - 1 }), fc.integer({ min: -12, max: 0 }), (raw, s) => {
        assert.equal(unscale(applyScaler(raw, s), s), raw);
      }),
      { numRuns: 2000 },
    );
  });

  it('64-bit values beyond 2^53 stay exact as decimal text', () => {
    assert.equal(applyScalerJson(2n ** 63n - 1n, -3), '9223372036854775.807');
    assert.equal(applyScalerJson(-(2n ** 63n), 0), '-9223372036854775808');
    assert.equal(applyScalerJson(2n ** 64n - 1n, 2), '1844674407370955161500');
    assert.equal(applyScalerJson(123456n, -3), 123.456);
    assert.equal(applyScalerJson(1000, -3), 1);
  });

  it('scaledDecimal writes exact text', () => {
    assert.equal(scaledDecimal(12345, -3), '12.345');
    assert.equal(scaledDecimal(-5, -3), '-0.005');
    assert.equal(scaledDecimal(1200, -2), '12');
    assert.equal(scaledDecimal(0, -3), '0');
    assert.equal(scaledDecimal(0, 3), '0');
    assert.equal(scaledDecimal(7, 3), '7000');
    assert.equal(scaledDecimal(-120, -1), '-12');
    assert.throws(() => scaledDecimal(1.5, 0), EncodeError);
  });

  it('unscale: the raw integer to write', () => {
    assert.equal(unscale(12.345, -3), 12345);
    assert.equal(unscale('12.345', -3), 12345);
    assert.equal(unscale(-0.07, -2), -7);
    assert.equal(unscale(230.1, -1), 2301);
    assert.equal(unscale(5000, 3), 5);
    assert.equal(unscale('1.5e3', 0), 1500);
    assert.equal(unscale(1e21, 0), 10n ** 21n);
    assert.equal(unscale(12n, -2), 1200);
    assert.equal(unscale(0.1 + 0.2, -1, { rounding: 'nearest' }), 3);
  });

  it('unscale refuses values finer than the resolution unless rounding is allowed', () => {
    assert.throws(() => unscale(12.3456, -3), (e: unknown) => e instanceof EncodeError && /resolution is 0.001/.test(e.message));
    assert.throws(() => unscale(5, 3), EncodeError);
    assert.equal(unscale(12.3456, -3, { rounding: 'nearest' }), 12346);
    assert.equal(unscale(12.3454, -3, { rounding: 'nearest' }), 12345);
    assert.equal(unscale(-0.0005, -3, { rounding: 'nearest' }), -1);
    assert.equal(unscale(0.0004, -3, { rounding: 'nearest' }), 0);
    assert.throws(() => unscale('abc', 0), EncodeError);
    assert.throws(() => unscale(Infinity, 0), EncodeError);
    assert.throws(() => unscale(1, 200), EncodeError);
  });

  it('decodes scaler_unit structures, tolerating unsigned scalers', () => {
    assert.deepEqual(decodeScalerUnit(D.structure([D.integer(-3), D.enum(30)])), { scaler: -3, unit: 30, unitSymbol: 'Wh', unitName: 'watt-hour (active energy)' });
    assert.equal(decodeScalerUnit(D.structure([D.unsigned(0xff), D.enum(35)])).scaler, -1);
    assert.equal(decodeScalerUnit(D.structure([D.integer(0), D.enum(255)])).unitSymbol, 'count');
    assert.equal(decodeScalerUnit(D.structure([D.integer(0), D.enum(100)])).unitSymbol, 'unit-100');
    assert.throws(() => decodeScalerUnit(D.structure([D.integer(0)])), (e: unknown) => e instanceof DlmsError && e.code === 'type-unmatched');
    assert.throws(() => decodeScalerUnit(D.structure([D.visibleString('x'), D.enum(1)])), DlmsError);
    assert.throws(() => decodeScalerUnit(D.long(3)), DlmsError);
  });
});

describe('units', () => {
  it('cover the Blue Book table from 1 (year) to 255 (count)', () => {
    assert.equal(unitSymbol(1), 'a');
    assert.equal(unitName(1), 'year (time)');
    assert.equal(unitSymbol(9), 'degC');
    assert.equal(unitSymbol(13), 'm3');
    assert.equal(unitSymbol(38), 'Ohm');
    assert.equal(unitSymbol(44), 'Hz');
    assert.equal(unitSymbol(56), '%');
    assert.equal(unitSymbol(254), 'other');
    assert.equal(unitSymbol(255), 'count');
    for (let c = 1; c <= 57; c++) assert.ok(unitInfo(c), `unit ${c}`);
    for (let c = 60; c <= 67; c++) assert.ok(unitInfo(c), `unit ${c}`);
    for (let c = 70; c <= 72; c++) assert.ok(unitInfo(c), `unit ${c}`);
    for (let c = 128; c <= 174; c++) assert.ok(unitInfo(c), `unit ${c}`);
  });
  it('reserved codes have no entry but still a printable symbol', () => {
    for (const c of [0, 58, 59, 68, 69, 73, 127, 175, 253]) {
      assert.equal(unitInfo(c), undefined);
      assert.equal(unitSymbol(c), `unit-${c}`);
    }
    assert.equal(unitInfo(-1), undefined);
    assert.equal(unitInfo(256), undefined);
  });
  it('symbols are ASCII and every entry has a name', () => {
    for (const u of UNITS) {
      assert.match(u.symbol, /^[\x20-\x7e]+$/);
      assert.ok(u.name.length > 2);
    }
  });
  it('looks up codes by symbol', () => {
    assert.equal(unitCodeOf('Wh'), 30);
    assert.equal(unitCodeOf('m3'), 13);
    assert.equal(unitCodeOf('nope'), undefined);
  });
});
