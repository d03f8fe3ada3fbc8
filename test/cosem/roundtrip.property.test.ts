import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { DlmsData } from '../../src/codec/data';
import { INT_RANGE } from '../../src/codec/data-types';
import { encodeDataToBuffer } from '../../src/codec/axdr';
import { clockStatusFromFlags, dateTimeFromDate, encodeDate, encodeDateTime, encodeTime } from '../../src/codec/cosem-datetime';
import { toHex } from '../../src/codec/hex';
import {
  INTERFACE_CLASSES, SECURITY_POLICY_BITS, buildAttributeValue, buildMethodParameter, interpretAttribute,
  interpretMethodParameter, type FixedSpec, type TypeSpec,
} from '../../src/cosem';

/**
 * Random Data of the shape a class table describes; every value is one the friendly JSON can
 * carry exactly (date-times fully specified with their weekday and status 0: ISO text has no
 * field for the weekday and the clock status).
 */
const octets = (b: Uint8Array): DlmsData => ({ type: 'octet-string', value: Buffer.from(b) });
const instant = fc.date({ min: new Date(Date.UTC(2000, 0, 1)), max: new Date(Date.UTC(2099, 11, 31)), noInvalidDate: true });
const offset = fc.integer({ min: -48, max: 48 }).map((q) => q * 15);

const anySimple: fc.Arbitrary<DlmsData> = fc.oneof(
  fc.integer({ min: 0, max: 0xffffffff }).map((value): DlmsData => ({ type: 'double-long-unsigned', value })),
  fc.integer({ min: -32768, max: 32767 }).map((value): DlmsData => ({ type: 'long', value })),
  fc.bigInt({ min: -(BigInt(1) << BigInt(63)), max: (BigInt(1) << BigInt(63)) - BigInt(1) }).map((value): DlmsData => ({ type: 'long64', value })),
  fc.uint8Array({ maxLength: 8 }).map(octets),
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 8 }).map((value): DlmsData => ({ type: 'visible-string', value })),
  fc.boolean().map((value): DlmsData => ({ type: 'boolean', value })),
  fc.constant<DlmsData>({ type: 'null-data' }),
);

function arbFixed(spec: FixedSpec): fc.Arbitrary<DlmsData> {
  switch (spec.format) {
    case 'obis':
      return fc.uint8Array({ minLength: 6, maxLength: 6 }).map(octets);
    case 'date-time':
      return fc.tuple(instant, offset).map(([d, off]) => octets(encodeDateTime(dateTimeFromDate(d, off))));
    case 'date':
      return instant.map((d) => octets(encodeDate(dateTimeFromDate(d))));
    case 'time':
      return instant.map((d) => octets(encodeTime({ ...dateTimeFromDate(d), hundredths: 0 })));
    case 'text':
      return fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 12 }).map((s) => octets(Buffer.from(s)));
    case 'ipv4':
      return fc.integer({ min: 0, max: 0xffffffff }).map((value): DlmsData => ({ type: 'double-long-unsigned', value }));
    case 'clock-status':
      return fc.subarray(['invalidValue', 'doubtfulValue', 'differentClockBase', 'invalidClockStatus', 'daylightSavingActive'] as const)
        .map((f): DlmsData => ({ type: 'unsigned', value: clockStatusFromFlags(f) }));
    case 'scaler-unit':
      return fc.tuple(fc.integer({ min: -128, max: 127 }), fc.integer({ min: 0, max: 255 }))
        .map(([s, u]): DlmsData => ({ type: 'structure', value: [{ type: 'integer', value: s }, { type: 'enum', value: u }] }));
    case 'security-policy':
      return fc.oneof(
        fc.subarray(SECURITY_POLICY_BITS.map(([b]) => b)).map((bits) => bits.reduce((a, b) => a | b, 0)),
        fc.integer({ min: 1, max: 3 }),
      ).map((value): DlmsData => ({ type: 'enum', value }));
    case 'output-state':
      return fc.boolean().map((value): DlmsData => ({ type: 'boolean', value }));
    default:
  }
  switch (spec.type) {
    case 'null-data':
      return fc.constant({ type: 'null-data' });
    case 'boolean':
      return fc.boolean().map((value): DlmsData => ({ type: 'boolean', value }));
    case 'bit-string':
      return fc.array(fc.boolean(), { maxLength: 20 }).map((b): DlmsData => ({ type: 'bit-string', value: b.map((x) => (x ? '1' : '0')).join('') }));
    case 'octet-string':
      return fc.uint8Array({ maxLength: 20 }).map(octets);
    case 'visible-string':
      return fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 12 }).map((value): DlmsData => ({ type: 'visible-string', value }));
    default: {
      const [lo, hi] = INT_RANGE[spec.type]!;
      const type = spec.type;
      return fc.integer({ min: Math.max(lo, spec.min ?? lo), max: Math.min(hi, spec.max ?? hi) }).map((value) => ({ type, value }) as DlmsData);
    }
  }
}

function arb(spec: TypeSpec): fc.Arbitrary<DlmsData> {
  switch (spec.kind) {
    case 'type':
      return arbFixed(spec);
    case 'enum':
      return fc.integer({ min: 0, max: 255 }).map((value): DlmsData => ({ type: 'enum', value }));
    case 'struct':
      return fc.tuple(...spec.fields.map((f) => arb(f.type))).map((value): DlmsData => ({ type: 'structure', value }));
    case 'array':
      return fc.array(arb(spec.element), { maxLength: 3 }).map((value): DlmsData => ({ type: 'array', value }));
    case 'any':
      return anySimple;
    case 'choice':
      return fc.oneof(...spec.options.map(arb));
  }
}

function hasAny(spec: TypeSpec): boolean {
  if (spec.kind === 'any') return true;
  if (spec.kind === 'struct') return spec.fields.some((f) => hasAny(f.type));
  if (spec.kind === 'array') return hasAny(spec.element);
  if (spec.kind === 'choice') return spec.options.some(hasAny);
  return false;
}

describe('cosem: every attribute and method parameter survives data -> JSON text -> data', () => {
  for (const c of INTERFACE_CLASSES) {
    for (const a of c.attributes) {
      it(`${c.name} ${a.name}`, () => {
        fc.assert(
          fc.property(arb(a.type), (d) => {
            const json = JSON.parse(JSON.stringify(interpretAttribute(c.classId, a.index, d)));
            const back = buildAttributeValue(c.classId, a.index, json, d);
            assert.equal(toHex(encodeDataToBuffer(back)), toHex(encodeDataToBuffer(d)), JSON.stringify(json));
          }),
          { numRuns: 60 },
        );
      });
    }
    for (const m of c.methods) {
      it(`${c.name} ${m.name}()`, () => {
        fc.assert(
          fc.property(arb(m.parameter), (d) => {
            const json = JSON.parse(JSON.stringify(interpretMethodParameter(c.classId, m.index, d)));
            // where the type is open the user writes typed JSON (build.test.ts covers that)
            const back = hasAny(m.parameter) ? d : buildMethodParameter(c.classId, m.index, json);
            assert.equal(toHex(encodeDataToBuffer(back)), toHex(encodeDataToBuffer(d)), JSON.stringify(json));
          }),
          { numRuns: 40 },
        );
      });
    }
  }
});
