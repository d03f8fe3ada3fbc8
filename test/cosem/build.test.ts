import { strict as assert } from 'node:assert';
import { D } from '../../src/codec/data';
import { EncodeError } from '../../src/errors';
import { buildAttributeValue, buildMethodParameter, interpretAttribute, isTypedJson } from '../../src/cosem';

describe('cosem: writes and actions from JSON', () => {
  it('typed JSON is taken as-is, at the top and inside structures', () => {
    assert.deepEqual(buildAttributeValue(3, 2, { type: 'double-long-unsigned', value: 1500 }), D.doubleLongUnsigned(1500));
    assert.deepEqual(buildAttributeValue(8, 3, { type: 'integer', value: 5 }), D.integer(5)); // user overrides the table
    assert.deepEqual(
      buildAttributeValue(7, 6, { classId: 3, logicalName: { type: 'octet-string', value: '0100010800FF' }, attributeIndex: 2, dataIndex: 0 }),
      D.structure([D.longUnsigned(3), D.octetString('0100010800FF'), D.integer(2), D.longUnsigned(0)]),
    );
    assert.equal(isTypedJson({ type: 'long', value: 1, extra: 1 }), false);
    assert.equal(isTypedJson({ type: 'kWh', value: 1 }), false);
  });

  it('an open type (Register value) reuses the type of the current value, 64-bit included', () => {
    assert.deepEqual(buildAttributeValue(3, 2, 42, D.long64Unsigned(BigInt(7))), D.long64Unsigned(BigInt(42)));
    assert.deepEqual(buildAttributeValue(3, 2, '18446744073709551615', D.long64Unsigned(BigInt(0))), D.long64Unsigned(BigInt('18446744073709551615')));
    assert.deepEqual(buildAttributeValue(1, 2, 'ABCD', D.octetString('00')), D.octetString('ABCD'));
    assert.throws(() => buildAttributeValue(3, 2, 70000, D.longUnsigned(1)), /Register value \(class 3, attribute 2\): 70000 is out of range 0..65535 for long-unsigned/);
    assert.throws(() => buildAttributeValue(3, 2, -1, D.long64Unsigned(BigInt(0))), /-1 is out of range 0..18446744073709551615 for long64-unsigned/);
  });

  it('wrong JSON shapes give EncodeErrors that name the attribute, the path and what was expected', () => {
    const err = (f: () => unknown): EncodeError => {
      try {
        f();
      } catch (e) {
        assert.ok(e instanceof EncodeError);
        assert.equal(e.code, 'invalid-value');
        return e;
      }
      assert.fail('no error');
    };
    const e1 = err(() => buildAttributeValue(7, 4, 'fifteen minutes'));
    assert.match(e1.message, /^cannot write Profile generic capture_period \(class 7, attribute 4\): expected an integer \(double-long-unsigned\), got "fifteen minutes"$/);
    assert.deepEqual(e1.context, { classId: 7, attribute: 4 });
    const e2 = err(() => buildAttributeValue(7, 3, [{ classId: 3, logicalName: '1.0.1.8.0.255', attribute: 2, dataIndex: 0 }]));
    assert.match(e2.message, /at \[0\]: unknown field "attribute" \(expected classId, logicalName, attributeIndex, dataIndex\)/);
    assert.equal(e2.context.path, '[0]');
    assert.match(err(() => buildAttributeValue(7, 3, { classId: 3 })).message, /expected an array of structure/);
    assert.match(err(() => buildAttributeValue(8, 8, 'yes')).message, /Clock daylight_savings_enabled .*expected true or false, got "yes"/);
    assert.match(err(() => buildAttributeValue(8, 2, '25/11/2026 13:15')).message, /Clock time .*"25\/11\/2026 13:15" is not an ISO 8601 date-time/);
    assert.match(err(() => buildAttributeValue(10, 2, [{ index: 1 }])).message, /Schedule entries .* at \[0\]\.enable: missing/);
    assert.match(err(() => buildAttributeValue(15, 10, [{ userId: 1, userName: 'Çlient' }])).message, /userName: expected printable ASCII text/);
    assert.match(err(() => buildAttributeValue(3, 9, 1)).message, /Register attribute_9 \(class 3, attribute 9\): this attribute is not in the catalogue/);
    assert.match(err(() => buildMethodParameter(1, 1, 0)).message, /cannot invoke Data method_1 \(class 1, method 1\): this method is not in the catalogue/);
    assert.match(err(() => buildAttributeValue(15, 3, [1, 2, 3])).message, /expected 2 elements \(clientSap, serverSap\), got 3/);
  });

  it('unknown classes still read (plain JSON) and write with typed values or a current value', () => {
    const d = D.structure([D.octetString('0102'), D.long64(BigInt('-9007199254740993')), D.float64(1.5)]);
    assert.deepEqual(interpretAttribute(9000, 2, d), ['0102', '-9007199254740993', 1.5]);
    assert.deepEqual(buildAttributeValue(9000, 2, ['0A0B', '5', 2.5], d), D.structure([D.octetString('0A0B'), D.long64(BigInt(5)), D.float64(2.5)]));
    assert.deepEqual(buildAttributeValue(9000, 2, { type: 'unsigned', value: 1 }), D.unsigned(1));
  });

  it('named methods take their parameters from JSON (Image transfer, Special days, Script table)', () => {
    assert.deepEqual(
      buildMethodParameter(18, 1, { imageIdentifier: 'FW-1.2', imageSize: 65536 }),
      D.structure([D.octetString(Buffer.from('FW-1.2')), D.doubleLongUnsigned(65536)]),
    );
    assert.deepEqual(
      buildMethodParameter(11, 1, { index: 1, specialdayDate: '2026-12-25', dayId: 2 }),
      D.structure([D.longUnsigned(1), D.octetString('07EA0C190 5'.replace(' ', '')), D.unsigned(2)]),
    );
    assert.deepEqual(buildMethodParameter(9, 1, 3), D.longUnsigned(3));
    assert.deepEqual(buildMethodParameter(7, 2), D.integer(0));
  });
});
