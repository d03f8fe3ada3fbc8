import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { BufferReader } from '../../src/codec/buffer-reader';
import { BufferWriter } from '../../src/codec/buffer-writer';
import {
  BER_APPLICATION,
  BER_CONTEXT,
  decodeBerBitString,
  decodeBerInteger,
  decodeOid,
  encodeBerBitString,
  encodeBerInteger,
  encodeOid,
  readBerLength,
  readBerTag,
  readBerTlv,
  writeBerLength,
  writeBerTag,
} from '../../src/codec/ber';
import { DecodeError, EncodeError } from '../../src/errors';

const rd = (h: string) => new BufferReader(Buffer.from(h, 'hex'));

describe('codec/ber', () => {
  it('OBJECT IDENTIFIER: the DLMS context and mechanism names', () => {
    assert.equal(encodeOid('2.16.756.5.8.1.1').toString('hex'), '60857405080101');
    assert.equal(encodeOid('2.16.756.5.8.2.5').toString('hex'), '60857405080205');
    assert.equal(decodeOid(rd('60857405080103')), '2.16.756.5.8.1.3');
    assert.equal(decodeOid(rd('2A864886F70D')), '1.2.840.113549');
  });

  it('OBJECT IDENTIFIER round trips and refuses bad input', () => {
    fc.assert(
      fc.property(fc.constantFrom(0, 1, 2), fc.integer({ min: 0, max: 39 }), fc.array(fc.integer({ min: 0, max: 2 ** 40 }), { maxLength: 6 }), (a, b, rest) => {
        const oid = [a, b, ...rest].join('.');
        assert.equal(decodeOid(new BufferReader(encodeOid(oid))), oid);
      }),
    );
    assert.throws(() => encodeOid('1'), EncodeError);
    assert.throws(() => encodeOid('1.40'), EncodeError);
    assert.throws(() => decodeOid(rd('')), DecodeError);
    assert.throws(() => decodeOid(rd('2A86')), DecodeError); // last sub-identifier unterminated
    assert.throws(() => decodeOid(rd('2A8001')), DecodeError); // leading 0x80 digit
  });

  it('INTEGER: minimal two-complement both ways', () => {
    const cases: Array<[number, string]> = [[0, '00'], [1, '01'], [127, '7F'], [128, '0080'], [-1, 'FF'], [-128, '80'], [-129, 'FF7F'], [256, '0100'], [2 ** 31, '0080000000']];
    for (const [v, h] of cases) {
      assert.equal(encodeBerInteger(v).toString('hex').toUpperCase(), h, String(v));
      assert.equal(decodeBerInteger(rd(h)), v, h);
    }
    fc.assert(fc.property(fc.integer({ min: -(2 ** 47), max: 2 ** 47 - 1 }), (v) => assert.equal(decodeBerInteger(new BufferReader(encodeBerInteger(v))), v)));
    assert.throws(() => decodeBerInteger(rd('')), DecodeError);
    assert.throws(() => decodeBerInteger(rd('01020304050607')), DecodeError);
  });

  it('lengths: short and long form, indefinite and overruns refused', () => {
    assert.equal(readBerLength(rd('05' + '00'.repeat(5))), 5);
    assert.equal(readBerLength(rd('8180' + '00'.repeat(128))), 128);
    assert.equal(readBerLength(rd('820100' + '00'.repeat(256))), 256);
    assert.throws(() => readBerLength(rd('80')), /indefinite/);
    assert.throws(() => readBerLength(rd('85')), DecodeError);
    assert.throws(() => readBerLength(rd('06000000')), (e: unknown) => e instanceof DecodeError && e.code === 'truncated');
    for (const n of [0, 1, 127, 128, 255, 256, 65535, 65536, 2 ** 24]) {
      const w = new BufferWriter();
      writeBerLength(w, n);
      const b = Buffer.concat([w.toBuffer(), Buffer.alloc(n)]);
      assert.equal(readBerLength(new BufferReader(b)), n);
    }
  });

  it('tags: low and high tag numbers', () => {
    assert.deepEqual(readBerTag(rd('BE')), { tagClass: BER_CONTEXT, constructed: true, number: 30 });
    assert.deepEqual(readBerTag(rd('5F1F')), { tagClass: BER_APPLICATION, constructed: false, number: 31 });
    assert.deepEqual(readBerTag(rd('9F8101')), { tagClass: BER_CONTEXT, constructed: false, number: 129 });
    assert.throws(() => readBerTag(rd('1F80')), DecodeError);
    assert.throws(() => readBerTag(rd('1F8181818101')), DecodeError);
    const w = new BufferWriter();
    writeBerTag(w, { tagClass: BER_APPLICATION, constructed: false, number: 31 });
    writeBerTag(w, { tagClass: BER_CONTEXT, constructed: false, number: 129 });
    assert.equal(w.toBuffer().toString('hex').toUpperCase(), '5F1F9F8101');
  });

  it('TLV content readers stay inside their element', () => {
    const r = rd('A203020100FF');
    const tlv = readBerTlv(r);
    assert.equal(tlv.content.end, 5);
    assert.equal(r.pos, 5);
    assert.equal(readBerTlv(tlv.content).content.rest().toString('hex'), '00');
    assert.throws(() => tlv.content.u8(), DecodeError);
  });

  it('BIT STRING', () => {
    const b = decodeBerBitString(rd('0780'));
    assert.deepEqual(b, { unusedBits: 7, bytes: Buffer.from([0x80]) });
    assert.equal(encodeBerBitString(b).toString('hex'), '0780');
    assert.throws(() => decodeBerBitString(rd('08FF')), DecodeError);
    assert.throws(() => decodeBerBitString(rd('07')), DecodeError);
  });
});
