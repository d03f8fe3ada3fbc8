import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { decodeDataFrom, encodeDataToBuffer } from '../../src/codec/axdr';
import { fromTypedJson, toTypedJson } from '../../src/codec/typed-json';
import { fromJson, toJson } from '../../src/codec/json';
import { DataTag, type DataTypeName } from '../../src/codec/data-types';
import type { DlmsData } from '../../src/codec/data';
import { anyData, compactArray, simpleData } from './arbitraries';

const RUNS = { numRuns: 300 };

function hasDates(d: DlmsData): boolean {
  if (d.type === 'date-time' || d.type === 'date' || d.type === 'time') return true;
  return (d.type === 'array' || d.type === 'structure' || d.type === 'compact-array') && d.value.some(hasDates);
}

describe('codec round trips (property-based, every data type)', () => {
  const everyType = Object.keys(DataTag).filter((t) => t !== 'array' && t !== 'structure' && t !== 'compact-array') as DataTypeName[];

  for (const type of everyType) {
    it(`${type}: decode(encode(x)) = x, typed JSON and user JSON round trips`, () => {
      fc.assert(
        fc.property(simpleData(true).filter((d) => d.type === type), (d) => {
          assert.deepEqual(decodeDataFrom(encodeDataToBuffer(d)), d);
          assert.deepEqual(fromTypedJson(JSON.parse(JSON.stringify(toTypedJson(d)))), d);
          const j = toJson(d);
          const back = fromJson(j, d);
          if (type === 'date-time' || type === 'date' || type === 'time') {
            // ISO text drops the day of week and clock status: compare what the user sees
            assert.deepEqual(toJson(back), j);
            assert.equal(back.type, type);
          } else {
            assert.deepEqual(back, d);
            assert.deepEqual(fromJson(j, type), d);
          }
        }),
        { numRuns: 100 },
      );
    });
  }

  it('nested arrays and structures: decode(encode(x)) = x', () => {
    fc.assert(fc.property(anyData(), (d) => assert.deepEqual(decodeDataFrom(encodeDataToBuffer(d)), d)), RUNS);
  });

  it('nested data: typed JSON round trip through JSON text', () => {
    fc.assert(fc.property(anyData(), (d) => assert.deepEqual(fromTypedJson(JSON.parse(JSON.stringify(toTypedJson(d)))), d)), RUNS);
  });

  it('nested data: user JSON round trip given the value to mirror', () => {
    fc.assert(
      fc.property(anyData(true), (d) => {
        const j = toJson(d);
        // JS values, not JSON text: text cannot carry NaN, Infinity or -0 of float cells
        const back = fromJson(j, d);
        if (hasDates(d)) assert.deepEqual(toJson(back), j);
        else assert.deepEqual(back, d);
      }),
      RUNS,
    );
  });

  it('compact-array: decode(encode(x)) = x, and user JSON round trip given its description', () => {
    fc.assert(
      fc.property(compactArray(true), (d) => {
        assert.deepEqual(decodeDataFrom(encodeDataToBuffer(d)), d);
        const back = fromJson(toJson(d), d);
        if (hasDates(d)) assert.deepEqual(toJson(back), toJson(d));
        else assert.deepEqual(back, d);
      }),
      RUNS,
    );
  });

  it('encode(decode(bytes)) = bytes for the encodings the encoder makes', () => {
    fc.assert(
      fc.property(anyData(), (d) => {
        const b = encodeDataToBuffer(d);
        assert.deepEqual(encodeDataToBuffer(decodeDataFrom(b)), b);
      }),
      RUNS,
    );
  });
});
