import { strict as assert } from 'node:assert';
import { loadVectors } from '../helpers/vectors';
import { decodeDate, decodeDateTime, decodeTime, encodeDate, encodeDateTime, encodeTime } from '../../src/codec/cosem-datetime';
import { obisToBytes, obisToString, parseObis } from '../../src/codec/obis';
import { decodeDataFrom, encodeDataToBuffer } from '../../src/codec/axdr';
import { decodeScalerUnit } from '../../src/codec/scaler';
import { unitInfo } from '../../src/codec/units';
import { toHex } from '../../src/codec/hex';
import { D } from '../../src/codec/data';

/** Known answers of ../shared/vectors/cosem.json: date-time/date/time fields, OBIS, scaler_unit. */
describe('COSEM known-answer vectors (cosem.json)', () => {
  const vectors = loadVectors('cosem.json');
  const kinds = new Set(vectors.map((v) => v.expect.kind));
  it('covers every kind the schema defines', () => {
    for (const k of ['date-time', 'date', 'time', 'obis', 'scaler-unit']) assert.ok(kinds.has(k), k);
  });

  for (const v of vectors) {
    const bytes = Buffer.from(v.hex, 'hex');
    const { kind, ...fields } = v.expect;
    switch (kind) {
      case 'date-time':
        it(`${v.id}: date-time fields, and re-encoding gives the same octets`, () => {
          assert.deepEqual(decodeDateTime(bytes), fields);
          assert.equal(toHex(encodeDateTime(decodeDateTime(bytes))), v.hex);
        });
        break;
      case 'date':
        it(`${v.id}: date fields and re-encoding`, () => {
          assert.deepEqual(decodeDate(bytes), fields);
          assert.equal(toHex(encodeDate(decodeDate(bytes))), v.hex);
        });
        break;
      case 'time':
        it(`${v.id}: time fields and re-encoding`, () => {
          assert.deepEqual(decodeTime(bytes), fields);
          assert.equal(toHex(encodeTime(decodeTime(bytes))), v.hex);
        });
        break;
      case 'obis':
        it(`${v.id}: OBIS text, value groups and A-XDR form`, () => {
          const o = parseObis(bytes);
          assert.equal(obisToString(o), fields.text);
          assert.deepEqual([...o], [fields.a, fields.b, fields.c, fields.d, fields.e, fields.f]);
          assert.deepEqual([...parseObis(fields.text)], [...o]);
          assert.equal(toHex(obisToBytes(fields.text)), v.hex);
          assert.equal(toHex(encodeDataToBuffer(D.octetString(obisToBytes(fields.text)))), fields.axdr);
          const back = decodeDataFrom(Buffer.from(fields.axdr, 'hex'));
          assert.equal(back.type, 'octet-string');
          assert.equal(obisToString((back as { value: Buffer }).value), fields.text);
        });
        break;
      case 'scaler-unit':
        it(`${v.id}: scaler ${fields.scaler}, unit ${fields.unit} (${fields.unitSymbol})`, () => {
          const su = decodeScalerUnit(decodeDataFrom(bytes));
          assert.equal(su.scaler, fields.scaler);
          assert.equal(su.unit, fields.unit);
          assert.equal(su.unitSymbol, fields.unitSymbol);
          assert.equal(su.unitName, unitInfo(fields.unit)!.name);
        });
        break;
      default:
        it(`${v.id}: known kind`, () => assert.fail(`unknown vector kind ${kind}`));
    }
  }
});
