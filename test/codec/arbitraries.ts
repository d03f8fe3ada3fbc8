import fc from 'fast-check';
import type { DlmsData, TypeDescription } from '../../src/codec/data';
import { INT_RANGE, type DataTypeName } from '../../src/codec/data-types';

/** fast-check generators of DlmsData for every Blue Book type, shared by the codec property tests. */

const INT_TYPES = Object.keys(INT_RANGE) as DataTypeName[];

const intOf = (type: DataTypeName): fc.Arbitrary<DlmsData> => {
  const [min, max] = INT_RANGE[type]!;
  return fc.integer({ min, max }).map((value) => ({ type, value }) as DlmsData);
};

const bytes = (min: number, max: number): fc.Arbitrary<Buffer> =>
  fc.uint8Array({ minLength: min, maxLength: max }).map((b) => Buffer.from(b));

const latin1 = fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 30 });

/** A byte that is either in [min, max] or one of the special values. */
const field = (min: number, max: number, ...special: number[]): fc.Arbitrary<number> =>
  special.length ? fc.oneof(fc.integer({ min, max }), fc.constantFrom(...special)) : fc.integer({ min, max });

/** 12 date-time octets whose every field is in range or "not specified" / special. */
export const validDateTimeBytes: fc.Arbitrary<Buffer> = fc
  .tuple(
    field(0, 0xfffe, 0xffff), field(1, 12, 0xfd, 0xfe, 0xff), field(1, 31, 0xfd, 0xfe, 0xff), field(1, 7, 0xff),
    field(0, 23, 0xff), field(0, 59, 0xff), field(0, 59, 0xff), field(0, 99, 0xff),
    field(-720, 720, 0x8000 - 0x10000), fc.integer({ min: 0, max: 255 }),
  )
  .map(([y, mo, d, dow, h, mi, s, hu, dev, st]) => {
    const b = Buffer.alloc(12);
    b.writeUInt16BE(y, 0);
    b[2] = mo; b[3] = d; b[4] = dow; b[5] = h; b[6] = mi; b[7] = s; b[8] = hu;
    b.writeInt16BE(dev, 9);
    b[11] = st;
    return b;
  });

export const validDateBytes: fc.Arbitrary<Buffer> = validDateTimeBytes.map((b) => b.subarray(0, 5));
export const validTimeBytes: fc.Arbitrary<Buffer> = validDateTimeBytes.map((b) => b.subarray(5, 9));

/** Leaf values of every simple type; `validDates` limits date/time octets to valid fields. */
export function simpleData(validDates = false): fc.Arbitrary<DlmsData> {
  return fc.oneof(
    fc.constant<DlmsData>({ type: 'null-data' }),
    fc.constant<DlmsData>({ type: 'dont-care' }),
    fc.boolean().map((value): DlmsData => ({ type: 'boolean', value })),
    fc.string({ unit: fc.constantFrom('0', '1'), maxLength: 40 }).map((value): DlmsData => ({ type: 'bit-string', value })),
    ...INT_TYPES.map(intOf),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((value): DlmsData => ({ type: 'long64', value })),
    fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((value): DlmsData => ({ type: 'long64-unsigned', value })),
    fc.float().map((value): DlmsData => ({ type: 'float32', value })),
    fc.double().map((value): DlmsData => ({ type: 'float64', value })),
    bytes(0, 40).map((value): DlmsData => ({ type: 'octet-string', value })),
    latin1.map((value): DlmsData => ({ type: 'visible-string', value })),
    fc.string({ unit: 'grapheme', maxLength: 20 }).map((value): DlmsData => ({ type: 'utf8-string', value })),
    (validDates ? validDateTimeBytes : bytes(12, 12)).map((value): DlmsData => ({ type: 'date-time', value })),
    (validDates ? validDateBytes : bytes(5, 5)).map((value): DlmsData => ({ type: 'date', value })),
    (validDates ? validTimeBytes : bytes(4, 4)).map((value): DlmsData => ({ type: 'time', value })),
  );
}

// compact-array: a description, then elements that follow it. Zero-size element types (null-data,
// empty structures, count-0 arrays) are left out: such contents cannot be told apart.
const COMPACT_SIMPLE = ['boolean', 'bit-string', ...INT_TYPES, 'long64', 'long64-unsigned', 'float32', 'float64', 'octet-string', 'visible-string', 'utf8-string', 'date-time', 'date', 'time'] as const;

const { description } = fc.letrec<{ description: TypeDescription }>((tie) => ({
  description: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...COMPACT_SIMPLE).map((type) => ({ type }) as TypeDescription),
    fc.tuple(fc.integer({ min: 1, max: 3 }), tie('description')).map(([count, element]): TypeDescription => ({ type: 'array', count, element })),
    fc.array(tie('description'), { minLength: 1, maxLength: 3 }).map((elements): TypeDescription => ({ type: 'structure', elements })),
  ),
}));

function valueOf(d: TypeDescription, validDates: boolean): fc.Arbitrary<DlmsData> {
  if (d.type === 'array') return fc.array(valueOf(d.element, validDates), { minLength: d.count, maxLength: d.count }).map((value): DlmsData => ({ type: 'array', value }));
  if (d.type === 'structure') return fc.tuple(...d.elements.map((e) => valueOf(e, validDates))).map((value): DlmsData => ({ type: 'structure', value }));
  return simpleData(validDates).filter((x) => x.type === d.type);
}

export function compactArray(validDates = false): fc.Arbitrary<DlmsData> {
  return description.chain((desc) =>
    fc.array(valueOf(desc, validDates), { maxLength: 4 }).map((value): DlmsData => ({ type: 'compact-array', description: desc, value })),
  );
}

/** Any DlmsData: simple values, nested arrays and structures, compact-arrays. */
export function anyData(validDates = false): fc.Arbitrary<DlmsData> {
  const { data } = fc.letrec<{ data: DlmsData }>((tie) => ({
    data: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      simpleData(validDates),
      fc.array(tie('data'), { maxLength: 4 }).map((value): DlmsData => ({ type: 'array', value })),
      fc.array(tie('data'), { maxLength: 4 }).map((value): DlmsData => ({ type: 'structure', value })),
      compactArray(validDates),
    ),
  }));
  return data;
}
