/**
 * The decoders that read outside input, each with its seed corpus (the shared known-answer
 * vectors plus inputs generated from the fast-check arbitraries of the codec and APDU tests) and
 * a `run` that feeds one input. A run may throw only a DlmsError (a rejection); anything else
 * thrown is a crash. Stream decoders get the input in random chunks.
 */
import * as fc from 'fast-check';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { DlmsError, isDlmsError } from '../src/errors';
import { decodeDataFrom, encodeDataToBuffer } from '../src/codec/axdr';
import { decodeProfileBuffer, type ProfileOptions } from '../src/codec/profile-buffer';
import { D } from '../src/codec/data';
import { decodeApdu, encodeApdu } from '../src/apdu';
import { decodeCiphered } from '../src/apdu/ciphered';
import { unprotect, type CipherContext } from '../src/security/protect';
import { ReplayGuard } from '../src/security/replay';
import { HdlcDeframer } from '../src/link/hdlc/deframer';
import { describeHdlcFrame } from '../src/link/hdlc/describe';
import { encodeHdlcFrame, LLC_REQUEST, LLC_RESPONSE } from '../src/link/hdlc/frame';
import { clientAddress, serverAddress } from '../src/link/hdlc/address';
import { WrapperReassembler, describeWrapper, encodeWrapper } from '../src/link/wrapper/wrapper';
import { parseIdentification, IdentificationReader } from '../src/link/iec62056-21/identification';
import { PushDecoder, type PushDecoderOptions } from '../src/push/decoder';
import { anyData } from '../test/codec/arbitraries';
import { apduArbitraries } from '../test/apdu/arbitraries';
import { AK, EK, TITLE, cipher, dataNotification, eventNotification, hdlcSegmentedI, hdlcUi, wrap, body } from '../test/push/fixtures';
import { chunks, type Rng } from './mutate';

export interface FuzzTarget {
  name: string;
  /** Seed corpus (computed once per process). */
  seeds(): Buffer[];
  /** Feed one input; returns normally or throws (DlmsError = rejection, anything else = crash). */
  run(input: Buffer, rng: Rng): void;
}

interface Vector { id: string; hex: string; keys?: Record<string, string | null>; systemTitle?: string }

const VECTORS = path.join(__dirname, '..', 'test', 'fixtures', 'vectors');
function vectors(file: string): Vector[] {
  return JSON.parse(fs.readFileSync(path.join(VECTORS, `${file}.json`), 'utf8')) as Vector[];
}
function hexes(file: string): Buffer[] {
  return vectors(file).filter((v) => typeof v.hex === 'string').map((v) => Buffer.from(v.hex, 'hex'));
}

/** Samples of an arbitrary, reproducible (fixed fast-check seed). */
function sample<T>(arb: fc.Arbitrary<T>, n: number, seed = 42): T[] {
  return fc.sample(arb, { numRuns: n, seed });
}

function safe(f: () => Buffer): Buffer[] {
  try {
    return [f()];
  } catch {
    return [];
  }
}

function generatedApdus(perService: number): Buffer[] {
  const out: Buffer[] = [];
  let seed = 1;
  for (const arb of Object.values(apduArbitraries)) for (const a of sample(arb, perService, seed++)) out.push(...safe(() => encodeApdu(a)));
  return out;
}

function generatedData(n: number): Buffer[] {
  return sample(anyData(true), n).flatMap((d) => safe(() => encodeDataToBuffer(d)));
}

function memo(f: () => Buffer[]): () => Buffer[] {
  let v: Buffer[] | undefined;
  return () => (v ??= f());
}

/** Profile buffers: arrays of structures (the fast path), a compact-array and arbitrary Data. */
function profileSeeds(): Buffer[] {
  const dt = Buffer.from('07EA030A02060000000000FF', 'hex');
  const rows = (n: number, cols: (i: number) => ReturnType<typeof D.structure>['value']) =>
    encodeDataToBuffer(D.array(Array.from({ length: n }, (_, i) => D.structure(cols(i)))));
  const out = [
    rows(4, (i) => [D.octetString(dt), D.doubleLongUnsigned(1000 + i), D.longUnsigned(230 + i), D.long(-i), D.null()]),
    rows(2, (i) => [D.dateTime(dt), D.long64Unsigned(BigInt(i)), D.float32(1.5), D.visibleString('x'), D.integer(-3), D.unsigned(i), D.boolean(true)]),
    rows(1, () => [D.octetString('0102'), D.enum(3), D.doubleLong(-7), D.bitString('1011')]),
    rows(0, () => []),
  ];
  for (const d of sample(fc.array(anyData(true), { maxLength: 4 }), 200, 7)) out.push(...safe(() => encodeDataToBuffer(D.array(d.map((x) => D.structure([x, x]))))));
  return [...out, ...hexes('axdr')];
}

const PROFILE_OPTIONS: ProfileOptions[] = [
  {},
  { rows: 'object', columns: [{ key: 'time', dateTime: true }, { key: 'e', scaler: -3 }, { scaler: 2 }, { octetString: 'text' }] },
  { dateTime: false, columns: [{ scaler: 127 }, { scaler: -128 }] },
];

function cipheredSeeds(): { seeds: Buffer[]; contexts: CipherContext[] } {
  const contexts: CipherContext[] = [];
  const seeds: Buffer[] = [];
  for (const v of vectors('security')) {
    if (!v.hex || !v.keys || !v.systemTitle) continue;
    const key = (k: string | null | undefined) => (k ? Buffer.from(k, 'hex') : undefined);
    seeds.push(Buffer.from(v.hex, 'hex'));
    contexts.push({ systemTitle: Buffer.from('0000000000000000', 'hex'), peerSystemTitle: Buffer.from(v.systemTitle, 'hex'), encryptionKey: key(v.keys.encryptionKey), authenticationKey: key(v.keys.authenticationKey), dedicatedKey: key(v.keys.encryptionKey) });
  }
  const dn = dataNotification();
  for (const envelope of ['glo', 'ded', 'general-glo', 'general-ded'] as const) {
    for (const [authenticated, encrypted] of [[true, true], [true, false], [false, true]]) {
      if (envelope === 'glo' || envelope === 'ded') seeds.push(...safe(() => cipher(encodeApdu({ service: 'get-request-normal', invokeId: 1, priority: 'high', serviceClass: 'confirmed', classId: 3, obis: '1.0.1.8.0.255', attributeId: 2, accessSelection: null } as never), { ic: 5, envelope, authenticated, encrypted })));
      else seeds.push(cipher(dn, { ic: 9, envelope, authenticated, encrypted }));
    }
  }
  contexts.push({ systemTitle: Buffer.alloc(8), peerSystemTitle: Buffer.from(TITLE, 'hex'), encryptionKey: EK, authenticationKey: AK, dedicatedKey: EK });
  return { seeds, contexts };
}
const cipheredCorpus = (() => {
  let c: ReturnType<typeof cipheredSeeds> | undefined;
  return () => (c ??= cipheredSeeds());
})();

function hdlcSeeds(): Buffer[] {
  const out = hexes('hdlc');
  const info = [Buffer.alloc(0), Buffer.concat([LLC_REQUEST, Buffer.from('C001C1000100002B0100FF0200', 'hex')]), Buffer.concat([LLC_RESPONSE, dataNotification()])];
  for (const i of info) {
    out.push(encodeHdlcFrame({ segmented: false, dest: serverAddress(1, 17), src: clientAddress(16), frameType: 'I', pf: true, ns: 0, nr: 0, info: i }));
    out.push(encodeHdlcFrame({ segmented: false, dest: serverAddress(1, 0x3fff), src: clientAddress(1), frameType: 'SNRM', pf: true, info: Buffer.alloc(0) }));
    out.push(encodeHdlcFrame({ segmented: false, dest: serverAddress(1, 17), src: clientAddress(16), frameType: 'RR', pf: true, nr: 3, info: Buffer.alloc(0) }));
  }
  out.push(hdlcSegmentedI(dataNotification(), 16), hdlcUi(eventNotification()));
  return out;
}

function wrapperSeeds(): Buffer[] {
  return [...hexes('wrapper'), wrap(dataNotification()), Buffer.concat([wrap(Buffer.from('C001C1000100002B0100FF0200', 'hex')), wrap(Buffer.alloc(0), 16, 1)]), encodeWrapper({ sourceWPort: 1, destinationWPort: 1, payload: Buffer.alloc(300, 0x55) })];
}

const MODE_E = [
  '/ISk5\\2MT382-1000\r\n', '/LGZ4\\2ZMD3104100.B35\r\n', '/KFM5KAIFA-METER\r\n', '/ABC0\r\n', '/XYZ:\\2x\r\n', '/EMH5\\@01LZQJ\r\n', '\0\0/ISK5\\2M\r\n',
];

function pushSeeds(): Buffer[] {
  const dn = dataNotification();
  const out: Buffer[] = [wrap(dn), hdlcUi(dn), hdlcSegmentedI(dn, 20), wrap(eventNotification()), hdlcUi(eventNotification())];
  for (const envelope of ['general-glo', 'general-ded'] as const) {
    out.push(wrap(cipher(dn, { ic: 10, envelope })), hdlcUi(cipher(dn, { ic: 11, envelope })), wrap(cipher(dn, { ic: 12, envelope, encrypted: false })));
  }
  out.push(wrap(cipher(dataNotification({ body: D.structure([body(), body()]) }), { ic: 13 })));
  for (const d of sample(anyData(true), 100, 11)) out.push(...safe(() => wrap(dataNotification({ body: d }))));
  return out;
}

const PUSH_OPTIONS: PushDecoderOptions[] = [
  { keys: { [TITLE]: { encryptionKey: EK, authenticationKey: AK, name: 'm1' } } },
  { keys: { [TITLE]: { encryptionKey: EK, authenticationKey: AK } }, policy: 'encrypted', maxFrameSize: 512 },
  { keys: { [TITLE]: { encryptionKey: EK, authenticationKey: AK } }, policy: 'authenticated', framing: 'hdlc', systemTitleOf: () => TITLE },
];

/** The push decoder never throws for peer input; every rejection carries a DlmsError. */
function checkPushEvents(events: ReturnType<PushDecoder['push']>): void {
  for (const e of events) {
    if (e.kind === 'rejected' && !isDlmsError(e.error)) throw new TypeError(`push decoder rejected with a non-DlmsError: ${String(e.error)}`);
  }
}

export const TARGETS: FuzzTarget[] = [
  {
    name: 'hdlc',
    seeds: memo(hdlcSeeds),
    run(input, rng) {
      describeHdlcFrame(input);
      const d = new HdlcDeframer();
      for (const c of chunks(input, rng)) d.push(c);
      // Buffered data is bounded by one maximum frame (2 flags + 0x7FF).
      if ((d as unknown as { buf: Buffer }).buf.length > 0x801 + input.length) throw new RangeError('deframer buffer grew beyond the input');
    },
  },
  {
    name: 'wrapper',
    seeds: memo(wrapperSeeds),
    run(input, rng) {
      describeWrapper(input);
      const r = new WrapperReassembler({ maxLength: rng() < 0.5 ? 0xffff : 256 });
      for (const c of chunks(input, rng)) r.push(c);
    },
  },
  {
    name: 'apdu',
    seeds: memo(() => [...hexes('apdu'), ...hexes('security'), ...generatedApdus(30)]),
    run(input) {
      decodeApdu(input);
    },
  },
  {
    name: 'axdr',
    seeds: memo(() => [...hexes('axdr'), ...hexes('cosem'), ...generatedData(1500)]),
    run(input) {
      decodeDataFrom(input);
    },
  },
  {
    name: 'profile',
    seeds: memo(profileSeeds),
    run(input, rng) {
      decodeProfileBuffer(input, PROFILE_OPTIONS[Math.floor(rng() * PROFILE_OPTIONS.length)]);
    },
  },
  {
    name: 'ciphered',
    seeds: () => cipheredCorpus().seeds,
    run(input, rng) {
      const { contexts } = cipheredCorpus();
      decodeCiphered(input);
      const ctx = contexts[Math.floor(rng() * contexts.length)];
      unprotect(input, rng() < 0.3 ? { ...ctx, replayGuard: new ReplayGuard() } : ctx);
    },
  },
  {
    name: 'mode-e',
    seeds: memo(() => MODE_E.map((s) => Buffer.from(s, 'latin1'))),
    run(input, rng) {
      try {
        parseIdentification(input);
      } finally {
        const r = new IdentificationReader();
        for (const c of chunks(input, rng)) r.push(c);
      }
    },
  },
  {
    name: 'push',
    seeds: memo(pushSeeds),
    run(input, rng) {
      const opts = PUSH_OPTIONS[Math.floor(rng() * PUSH_OPTIONS.length)];
      const datagram = rng() < 0.3;
      const d = new PushDecoder(opts, { transport: datagram ? 'udp' : 'tcp', peer: '127.0.0.1:1', datagram });
      try {
        for (const c of chunks(input, rng)) checkPushEvents(d.push(c));
      } catch (e) {
        // PushDecoder.push promises never to throw for peer input, not even a DlmsError.
        if (isDlmsError(e)) throw new TypeError(`PushDecoder.push threw ${e.code}: ${e.message}`);
        throw e;
      }
    },
  },
];

export function targetByName(name: string): FuzzTarget {
  const t = TARGETS.find((x) => x.name === name);
  if (!t) throw new DlmsError('invalid-argument', `unknown fuzz target ${name}; one of ${TARGETS.map((x) => x.name).join(', ')}`);
  return t;
}
