import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { loadVectors } from '../helpers/vectors';
import { decodeDataFrom, MAX_DEPTH } from '../../src/codec/axdr';
import { decodeProfileBuffer } from '../../src/codec/profile-buffer';
import { decodeDate, decodeDateTime, decodeTime, dateTimeFromIso, dateFromIso, timeFromIso, dateTimeBytesToIso, encodeDateTime } from '../../src/codec/cosem-datetime';
import { parseObis } from '../../src/codec/obis';
import { obisName } from '../../src/codec/obis-names';
import { fromHex } from '../../src/codec/hex';
import { toJson } from '../../src/codec/json';
import { DecodeError, InvalidArgumentError } from '../../src/errors';

/** Hostile and broken input: every decoder fails with a DecodeError naming the offset, never anything else. */
function assertDecodeError(f: () => unknown, codes = ['truncated', 'malformed-data']): DecodeError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof DecodeError, `expected a DecodeError, got ${String(e)}`);
    assert.ok(codes.includes(e.code), `unexpected code ${e.code}: ${e.message}`);
    assert.equal(typeof e.offset, 'number');
    assert.match(e.message, /at offset \d+/);
    return e;
  }
  return assert.fail('no error thrown');
}

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s/g, ''), 'hex');

describe('malformed input', () => {
  describe('truncation at every prefix length of every vector', () => {
    const axdr = loadVectors('axdr.json');
    const scalerUnits = loadVectors('cosem.json').filter((v) => v.expect.kind === 'scaler-unit' || v.expect.kind === 'obis');
    for (const v of axdr) {
      it(`${v.id}: every prefix fails with truncated / malformed-data`, () => {
        const b = hex(v.hex);
        for (let n = 0; n < b.length; n++) assertDecodeError(() => decodeDataFrom(b.subarray(0, n)));
      });
    }
    it('scaler_unit and OBIS A-XDR forms of cosem.json: every prefix fails', () => {
      for (const v of scalerUnits) {
        const b = hex(v.expect.kind === 'obis' ? v.expect.axdr : v.hex);
        for (let n = 0; n < b.length; n++) assertDecodeError(() => decodeDataFrom(b.subarray(0, n)));
      }
    });
    it('a profile buffer cut anywhere fails in both decoders', () => {
      const b = fs.readFileSync(path.join(__dirname, '..', '..', 'bench', 'fixtures', 'profile-1000.bin'));
      const cuts = [0, 1, 2, 3, 4, 5, 6, 7, 8, 20, 21, 22, 55, 56, 57];
      for (let n = 97; n < b.length; n += 997) cuts.push(n);
      for (let n = b.length - 60; n < b.length; n++) cuts.push(n);
      for (const n of cuts) {
        assertDecodeError(() => decodeDataFrom(b.subarray(0, n)));
        assertDecodeError(() => decodeProfileBuffer(b.subarray(0, n)));
      }
    });
    it('trailing bytes after the item are refused', () => {
      assertDecodeError(() => decodeDataFrom(hex('1100 00')), ['malformed-data']);
      assertDecodeError(() => decodeProfileBuffer(hex('0100 00')), ['malformed-data']);
    });
  });

  describe('hostile lengths', () => {
    const cases: [string, string][] = [
      ['array of 2^32-1 elements', '0184FFFFFFFF'],
      ['structure of 2^32-1 elements', '0284FFFFFFFF 00'],
      ['octet-string of 2^32-1 octets', '0984FFFFFFFF 00'],
      ['visible-string of 2^32-1 octets', '0A84FFFFFFFF'],
      ['utf8-string of 2^24 octets', '0C83FFFFFF 41'],
      ['bit-string of 2^32-1 bits', '0484FFFFFFFF 00'],
      ['length-of-length 5', '018500000001 00'],
      ['length-of-length 0', '0180'],
      ['compact-array contents of 2^32-1 octets', '13 06 84FFFFFFFF 00'],
      ['compact-array description array of 65535 elements', '13 01FFFF 06 04 00000001'],
      ['compact-array description structure of 2^32-1 elements', '13 0284FFFFFFFF 06'],
      ['profile buffer of 2^32-1 entries', '0184FFFFFFFF 0200'],
      ['compact-array repeating null-data 65535 x 65535 times', '13 0202 01FFFF 01FFFF 00 11 02 0505'],
      ['compact-array repeating empty structures', '13 01FFFF 0200 01 00'],
      ['compact-array of zero-size elements with contents', '13 00 01 00'],
    ];
    for (const [what, h] of cases) {
      it(`${what} fails fast without allocating`, () => {
        const before = process.memoryUsage().heapUsed;
        assertDecodeError(() => decodeDataFrom(hex(h)));
        if (h.startsWith('01')) assertDecodeError(() => decodeProfileBuffer(hex(h)));
        assert.ok(process.memoryUsage().heapUsed - before < 50e6);
      });
    }
    it('hostile compact-arrays finish quickly', () => {
      const t0 = Date.now();
      assertDecodeError(() => decodeDataFrom(hex('13 0202 01FFFF 01FFFF 00 11 02 0505')), ['malformed-data']);
      assert.ok(Date.now() - t0 < 500);
    });
    it('a profile entry claiming more values than bytes', () => {
      assertDecodeError(() => decodeProfileBuffer(hex('0101 0284FFFFFFFF 00')), ['truncated']);
    });
  });

  describe('deep nesting', () => {
    it(`refuses nesting deeper than ${MAX_DEPTH} levels with an error, not a stack overflow`, () => {
      for (const depth of [MAX_DEPTH + 1, 10000, 200000]) {
        const b = Buffer.alloc(depth * 2 + 1);
        for (let i = 0; i < depth; i++) { b[2 * i] = 0x01; b[2 * i + 1] = 0x01; }
        b[depth * 2] = 0x00;
        const e = assertDecodeError(() => decodeDataFrom(b), ['malformed-data']);
        assert.match(e.message, /nested deeper/);
      }
    });
    it('accepts nesting up to the limit', () => {
      const depth = MAX_DEPTH - 1;
      const b = Buffer.alloc(depth * 2 + 1);
      for (let i = 0; i < depth; i++) { b[2 * i] = 0x02; b[2 * i + 1] = 0x01; }
      assert.doesNotThrow(() => decodeDataFrom(b));
    });
    it('deep compact-array descriptions are refused', () => {
      const b = Buffer.concat([hex('13'), Buffer.alloc(3 * 200, 0), hex('06')]);
      for (let i = 0; i < 200; i++) { b[1 + 3 * i] = 0x01; b[2 + 3 * i] = 0x00; b[3 + 3 * i] = 0x01; }
      assertDecodeError(() => decodeDataFrom(b));
    });
  });

  describe('unknown tags', () => {
    const known = new Set([0, 1, 2, 3, 4, 5, 6, 9, 10, 12, 13, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 255]);
    it('every unassigned tag is malformed-data at its offset, in the data and the profile decoders', () => {
      for (let tag = 0; tag < 256; tag++) {
        if (known.has(tag)) continue;
        const e = assertDecodeError(() => decodeDataFrom(Buffer.from([0x02, 0x01, tag, 0, 0, 0, 0])), ['malformed-data']);
        assert.equal(e.offset, 2);
        assert.match(e.message, /unknown data type tag/);
        const p = assertDecodeError(() => decodeProfileBuffer(Buffer.from([0x01, 0x01, 0x02, 0x01, tag, 0, 0, 0, 0])), ['malformed-data']);
        assert.equal(p.offset, 4);
      }
    });
    it('a profile entry that is not a structure names the tag', () => {
      const e = assertDecodeError(() => decodeProfileBuffer(hex('0101 1100')), ['malformed-data']);
      assert.match(e.message, /structure/);
    });
    it('a profile buffer that is not an array is refused', () => {
      assertDecodeError(() => decodeProfileBuffer(hex('1100')), ['malformed-data']);
    });
  });

  describe('random bytes', () => {
    it('decodeDataFrom and decodeProfileBuffer return or throw a DecodeError, nothing else', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 64 }), fc.constantFrom(0x01, 0x02, 0x13, 0x09, 0x04), (tail, head) => {
          const b = Buffer.from([head, ...tail]);
          for (const f of [() => decodeDataFrom(b), () => decodeProfileBuffer(b), () => decodeDataFrom(tail)]) {
            try {
              f();
            } catch (e) {
              assert.ok(e instanceof DecodeError, String(e));
            }
          }
        }),
        { numRuns: 2000 },
      );
    });
  });

  describe('date, time and date-time octets', () => {
    it('wrong lengths are a DecodeError', () => {
      assertDecodeError(() => decodeDateTime(Buffer.alloc(11)));
      assertDecodeError(() => decodeDateTime(Buffer.alloc(13)));
      assertDecodeError(() => decodeDate(Buffer.alloc(4)));
      assertDecodeError(() => decodeTime(Buffer.alloc(5)));
      assertDecodeError(() => decodeDataFrom(hex('19 07EA0B01')), ['truncated']);
    });
    it('invalid calendar values never give an ISO text', () => {
      for (const h of [
        '07EA0D01FF000000008000FF', // month 13
        '07EA021EFF000000008000FF', // 30 February
        '07EA0431FF000000008000FF', // 31 April... (day 0x31 = 49)
        '07EA0100FF000000008000FF', // day 0
        '07EA0101FF180000008000FF', // hour 24
        '07EA0101FF003C00008000FF', // minute 60
        '07EA0101FF00003C008000FF', // second 60
        '07EA0101FF00000064 8000FF', // hundredths 100
        '07EA0101FF0000000002D1FF', // deviation 721
        '07EA0101FF00000000FD2FFF', // deviation -721
        '07EA0101FF000000FF8000FF'.replace('07EA', 'FFFF'), // year not specified
      ]) {
        const b = hex(h);
        assert.equal(dateTimeBytesToIso(b), null, h);
        assert.equal(typeof toJson({ type: 'date-time', value: b }), 'object', h);
      }
    });
    it('invalid ISO texts are refused with an InvalidArgumentError', () => {
      for (const s of ['2026-02-30T00:00:00', '2026-13-01T00:00:00', '2026-11-25T24:00:00', '2026-11-25T13:60:00', 'yesterday', '2026-11-25T13:15:00+15:00', '']) {
        assert.throws(() => dateTimeFromIso(s), InvalidArgumentError, s);
      }
      assert.throws(() => dateFromIso('2026-02-29'), InvalidArgumentError);
      assert.throws(() => timeFromIso('25:00'), InvalidArgumentError);
      assert.throws(() => encodeDateTime({ year: 2026, month: 1, dayOfMonth: 32, dayOfWeek: null, hour: 0, minute: 0, second: 0, hundredths: 0, deviation: 0, clockStatus: 0 }), InvalidArgumentError);
    });
  });

  describe('OBIS texts', () => {
    for (const s of ['1.0.1.8.0.256', '1.0.1.8', '1.0.1.8.0.255.7', 'abc', '', '1-0:1.8.0*256', '0100010800F', '1-0-1.8.0', '-1.0.1.8.0.255', '1.0.1.8.0.2555']) {
      it(`"${s}" is an invalid-argument error that shows the accepted forms`, () => {
        assert.throws(() => parseObis(s), (e: unknown) => e instanceof InvalidArgumentError && e.code === 'invalid-argument' && /OBIS/.test(e.message));
        assert.throws(() => obisName(s), InvalidArgumentError);
      });
    }
    it('byte forms of the wrong length', () => {
      assert.throws(() => parseObis(Buffer.alloc(5)), InvalidArgumentError);
      assert.throws(() => parseObis([1, 0, 1, 8, 0, 300]), InvalidArgumentError);
    });
    it('bad hex', () => {
      assert.throws(() => fromHex('0G'), InvalidArgumentError);
      assert.throws(() => fromHex('ABC'), InvalidArgumentError);
    });
  });
});
