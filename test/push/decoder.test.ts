import assert from 'node:assert/strict';
import fc from 'fast-check';
import { D } from '../../src/codec/data';
import { PushDecoder, type PushDecoderEvent, type PushDecoderOptions, type PushNotification } from '../../src/push';
import { MemoryCounterStore } from '../../src/security/counter-store';
import { ReplayGuard } from '../../src/security/replay';
import { AK, cipher, dataNotification, EK, eventNotification, hdlcSegmentedI, hdlcUi, meterTitle, TIME_ISO, TITLE, wrap } from './fixtures';

const KEYS = { [TITLE]: { name: 'substation-7', encryptionKey: EK.toString('hex'), authenticationKey: AK.toString('hex') } };

function notes(evs: PushDecoderEvent[]): PushNotification[] {
  return evs.map((e) => {
    if (e.kind !== 'notification') throw new Error(`expected a notification, got ${e.error.code}: ${e.error.message}`);
    return e.notification;
  });
}

function rejection(evs: PushDecoderEvent[]): { code: string; message: string; fatal: boolean; context: Record<string, unknown> } {
  assert.equal(evs.length, 1, `one event expected, got ${evs.length}`);
  const e = evs[0];
  if (e.kind !== 'rejected') throw new Error(`expected a rejection, got a notification`);
  return { code: e.error.code, message: e.error.message, fatal: e.fatal, context: e.error.context };
}

function decoder(opts: PushDecoderOptions = {}): PushDecoder {
  return new PushDecoder({ keys: KEYS, ...opts }, { transport: 'tcp', peer: 'tcp://127.0.0.1:5000' });
}

describe('push decoder (sans-I/O)', () => {
  it('decodes a plain Data-Notification in a wrapper into the CONTRACTS push shape', () => {
    const apdu = dataNotification({ longInvokeId: 7 });
    const [n] = notes(decoder().push(wrap(apdu, 1, 16)));
    assert.equal(n.systemTitle, null);
    assert.equal(n.meter, null);
    assert.equal(n.service, 'data-notification');
    assert.equal(n.time, TIME_ISO);
    assert.equal(n.invokeId, 7);
    assert.equal(n.longInvokeId, 7);
    assert.equal(n.security, null);
    assert.equal(n.raw, apdu.toString('hex').toUpperCase());
    assert.deepEqual(n.source, { transport: 'tcp', peer: 'tcp://127.0.0.1:5000', framing: 'wrapper', wrapper: { sourceWPort: 1, destinationWPort: 16 } });
    assert.equal(n.pushSetup, '0.0.25.9.0.255');
    assert.equal(n.values.length, 4);
    assert.deepEqual(n.values[0], { index: 0, obis: '0.0.25.9.0.255', name: n.values[0].name, classId: 40, attribute: 1, value: '0.0.25.9.0.255', type: 'octet-string' });
    assert.ok(n.values[0].name && n.values[0].name.length > 0);
    assert.deepEqual(n.values[1], { index: 1, value: TIME_ISO, type: 'octet-string' });
    assert.deepEqual(n.values[2], { index: 2, value: 12345678, type: 'double-long-unsigned' });
    assert.deepEqual(n.values[3], { index: 3, value: 2301, type: 'long-unsigned' });
    assert.deepEqual(n.body, ['0000190900FF', n.body && (n.body as string[])[1], 12345678, 2301]);
    assert.equal(n.bodyTyped.type, 'structure');
    assert.deepEqual((n.bodyTyped.value as { type: string }[]).map((v) => v.type), ['octet-string', 'octet-string', 'double-long-unsigned', 'long-unsigned']);
    assert.ok(!Number.isNaN(Date.parse(n.receivedAt)));
    // plain JSON: survives a round trip through JSON (what goes to MQTT)
    assert.deepEqual(JSON.parse(JSON.stringify(n)), n);
  });

  it('names values from a configured push object list, with scaler and unit', () => {
    const d = decoder({
      pushObjects: [
        { classId: 40, obis: '0.0.25.9.0.255', attribute: 1 },
        { classId: 8, obis: '0.0.1.0.0.255', attribute: 2 },
        { classId: 3, obis: '1.0.1.8.0.255', attribute: 2, scaler: -3, unit: 'kWh' },
        '3/1.0.32.7.0.255/2',
      ],
    });
    const [n] = notes(d.push(wrap(dataNotification())));
    assert.equal(n.values[0].value, '0.0.25.9.0.255');
    assert.equal(n.values[1].obis, '0.0.1.0.0.255');
    assert.equal(n.values[1].value, TIME_ISO);
    assert.deepEqual(
      { ...n.values[2] },
      { index: 2, obis: '1.0.1.8.0.255', name: n.values[2].name, classId: 3, attribute: 2, value: 12345.678, raw: 12345678, scaler: -3, unit: 'kWh', type: 'double-long-unsigned' },
    );
    assert.match(String(n.values[2].name), /energy/i);
    assert.equal(n.values[3].obis, '1.0.32.7.0.255');
    assert.equal(n.values[3].value, 2301);
    assert.equal(n.pushSetup, '0.0.25.9.0.255');
  });

  it('a per-meter push object list overrides the default', () => {
    const d = decoder({
      keys: { [TITLE]: { ...KEYS[TITLE], pushObjects: [{ obis: '0.0.25.9.0.255', classId: 40, attribute: 1 }, { obis: '0.0.1.0.0.255', classId: 8, attribute: 2 }, { obis: '1.0.2.8.0.255', name: 'export' }] } },
      pushObjects: [{ obis: '9.9.9.9.9.9' }],
    });
    const [n] = notes(d.push(wrap(cipher(dataNotification(), { ic: 1 }))));
    assert.equal(n.values[2].name, 'export');
    assert.equal(n.values[2].classId, 3);
    assert.equal(n.values[3].obis, undefined);
  });

  it('decrypts general-glo-ciphering with the keys of the system title and reports the security', () => {
    const plain = dataNotification();
    const raw = cipher(plain, { ic: 0x1234 });
    const [n] = notes(decoder({ policy: 'encrypted' }).push(wrap(raw)));
    assert.equal(n.systemTitle, TITLE);
    assert.equal(n.meter, 'substation-7');
    assert.equal(n.raw, raw.toString('hex').toUpperCase());
    assert.deepEqual(n.security, { envelope: 'general-glo-ciphering', invocationCounter: 0x1234, securitySuite: 0, authenticated: true, encrypted: true, broadcastKey: false });
    assert.equal(n.values[2].value, 12345678);
  });

  it('decrypts general-ded-ciphering with the dedicated key and general-ciphering', () => {
    const d = decoder({ keys: { [TITLE]: { ...KEYS[TITLE], dedicatedKey: EK } } });
    const [a, b] = notes([...d.push(wrap(cipher(dataNotification(), { ic: 1, envelope: 'general-ded' }))), ...d.push(wrap(cipher(dataNotification(), { ic: 2, envelope: 'general-ciphering' })))]);
    assert.equal(a.security?.envelope, 'general-ded-ciphering');
    assert.equal(b.security?.envelope, 'general-ciphering');
    assert.equal(b.systemTitle, TITLE);
  });

  it('general-ded-ciphering without a dedicated key in the table is rejected with invalid-key naming the title', () => {
    const r = rejection(decoder().push(wrap(cipher(dataNotification(), { ic: 1, envelope: 'general-ded' }))));
    assert.equal(r.code, 'invalid-key');
    assert.match(r.message, new RegExp(TITLE));
    assert.doesNotMatch(r.message, new RegExp(EK.toString('hex'), 'i'));
  });

  it('service-specific glo-event-notification-request: title from systemTitleOf, else learned on the connection, else rejected', () => {
    const glo = wrap(cipher(eventNotification(), { ic: 5, envelope: 'glo' }), 3);
    assert.equal(rejection(decoder().push(glo)).code, 'unknown-system-title');

    const byAddress = decoder({ systemTitleOf: (s) => (s.wrapper?.sourceWPort === 3 ? TITLE : undefined) });
    const [n] = notes(byAddress.push(glo));
    assert.equal(n.service, 'event-notification-request');
    assert.equal(n.systemTitle, TITLE);
    assert.equal(n.time, TIME_ISO);
    assert.deepEqual(n.attribute, { classId: 1, obis: '0.0.96.11.0.255', attribute: 2, name: n.attribute?.name });
    assert.equal(n.values[0].obis, '0.0.96.11.0.255');
    assert.equal(n.values[0].value, 47);
    assert.equal(n.body, 47);
    assert.equal(n.security?.envelope, 'glo-event-notification-request');

    const learning = decoder();
    notes(learning.push(wrap(cipher(dataNotification(), { ic: 4 }))));
    assert.equal(notes(learning.push(glo))[0].systemTitle, TITLE);
  });

  it('HDLC UI and segmented I frames: reports the HDLC source address, any chunking', () => {
    const d = decoder();
    const stream = Buffer.concat([hdlcUi(dataNotification({ longInvokeId: 1 }), 1, 17), hdlcSegmentedI(cipher(dataNotification({ longInvokeId: 2 }), { ic: 9 }), 20, 1, 17)]);
    const evs: PushDecoderEvent[] = [];
    for (const b of stream) evs.push(...d.push(Buffer.of(b)));
    const [a, b] = notes(evs);
    assert.equal(d.framing, 'hdlc');
    assert.deepEqual(a.source.hdlc, { source: '1/17', destination: '16', frameType: 'UI' });
    assert.equal(a.systemTitle, null);
    assert.equal(a.invokeId, 1);
    assert.equal(b.invokeId, 2);
    assert.equal(b.systemTitle, TITLE);
    assert.equal(b.source.hdlc?.frameType, 'I');
    assert.equal(d.hasPartial, false);
  });

  it('wrapper stream split one octet at a time and several PDUs per chunk give the same notifications', () => {
    const pdus = [1, 2, 3].map((i) => wrap(cipher(dataNotification({ longInvokeId: i }), { ic: i })));
    const byte = decoder();
    const evs: PushDecoderEvent[] = [];
    for (const b of Buffer.concat(pdus)) evs.push(...byte.push(Buffer.of(b)));
    assert.deepEqual(notes(evs).map((n) => n.invokeId), [1, 2, 3]);
    const merged = decoder();
    assert.deepEqual(notes(merged.push(Buffer.concat(pdus))).map((n) => n.invokeId), [1, 2, 3]);
  });

  it('any chunking of a mixed stream yields the same notifications (property)', () => {
    const stream = Buffer.concat([1, 2, 3, 4].map((i) => wrap(cipher(dataNotification({ longInvokeId: i }), { ic: i }))));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: stream.length }), { maxLength: 12 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const d = decoder();
        const evs: PushDecoderEvent[] = [];
        let prev = 0;
        for (const p of [...points, stream.length]) {
          evs.push(...d.push(stream.subarray(prev, p)));
          prev = p;
        }
        assert.deepEqual(notes(evs).map((n) => n.invokeId), [1, 2, 3, 4]);
      }),
      { numRuns: 100 },
    );
  });

  it('rejects a replayed or older invocation counter, accepts a newer one; the guard is shared between connections', () => {
    const guard = new ReplayGuard();
    const a = decoder({ replayGuard: guard });
    const b = decoder({ replayGuard: guard });
    notes(a.push(wrap(cipher(dataNotification(), { ic: 10 }))));
    const again = rejection(b.push(wrap(cipher(dataNotification(), { ic: 10 }))));
    assert.equal(again.code, 'replay-detected');
    assert.equal(again.fatal, false);
    assert.equal(again.context.peer, 'tcp://127.0.0.1:5000');
    assert.equal(rejection(a.push(wrap(cipher(dataNotification(), { ic: 9 })))).code, 'replay-detected');
    assert.equal(notes(b.push(wrap(cipher(dataNotification(), { ic: 11 }))))[0].security?.invocationCounter, 11);
    assert.equal(guard.lastAccepted(TITLE), 11);
  });

  it('persists accepted counters in the guard store', async () => {
    const store = new MemoryCounterStore();
    const guard = new ReplayGuard(store);
    notes(decoder({ replayGuard: guard }).push(wrap(cipher(dataNotification(), { ic: 77 }))));
    await guard.flush();
    assert.equal(await store.get(`rx:${TITLE}`), 77);
  });

  it('rejects a tampered authentication tag without moving the replay window', () => {
    const d = decoder();
    const good = cipher(dataNotification(), { ic: 20 });
    const bad = Buffer.from(good);
    bad[bad.length - 1] ^= 0x01;
    const r = rejection(d.push(wrap(bad)));
    assert.equal(r.code, 'authentication-failed');
    assert.equal(r.context.systemTitle, TITLE);
    const tamperedBody = Buffer.from(good);
    tamperedBody[20] ^= 0x80;
    assert.equal(rejection(d.push(wrap(tamperedBody))).code, 'authentication-failed');
    assert.equal(notes(d.push(wrap(good)))[0].security?.invocationCounter, 20);
  });

  it("wrong keys are an authentication failure, not a crash", () => {
    const r = rejection(decoder().push(wrap(cipher(dataNotification(), { ic: 1, ek: Buffer.alloc(16, 1) }))));
    assert.equal(r.code, 'authentication-failed');
  });

  it("'encrypted' rejects plain pushes, authenticated-only pushes and unknown system titles (naming the title)", () => {
    const d = decoder({ policy: 'encrypted' });
    const plain = rejection(d.push(wrap(dataNotification())));
    assert.equal(plain.code, 'policy-violation');
    assert.match(plain.message, /encrypted/);
    const authOnly = rejection(d.push(wrap(cipher(dataNotification(), { ic: 1, encrypted: false }))));
    assert.equal(authOnly.code, 'policy-violation');
    const other = meterTitle(99);
    const unknown = rejection(d.push(wrap(cipher(dataNotification(), { ic: 1, title: other }))));
    assert.equal(unknown.code, 'unknown-system-title');
    assert.match(unknown.message, new RegExp(other));
    assert.equal(unknown.context.systemTitle, other);
  });

  it("'authenticated' accepts authenticated-only pushes and rejects encrypted-only ones", () => {
    const d = decoder({ policy: 'authenticated' });
    const [n] = notes(d.push(wrap(cipher(dataNotification(), { ic: 1, encrypted: false }))));
    assert.deepEqual([n.security?.authenticated, n.security?.encrypted], [true, false]);
    assert.equal(rejection(d.push(wrap(cipher(dataNotification(), { ic: 2, authenticated: false })))).code, 'policy-violation');
    assert.equal(rejection(d.push(wrap(dataNotification()))).code, 'policy-violation');
  });

  it("'none' accepts encrypted-only pushes but they never move the replay window", () => {
    const guard = new ReplayGuard();
    const d = decoder({ replayGuard: guard });
    const [n] = notes(d.push(wrap(cipher(dataNotification(), { ic: 0xfffffff0, authenticated: false }))));
    assert.equal(n.security?.encrypted, true);
    assert.equal(guard.lastAccepted(TITLE), undefined);
    notes(d.push(wrap(cipher(dataNotification(), { ic: 1 }))));
    assert.equal(guard.lastAccepted(TITLE), 1);
  });

  it("'none' rejects ciphered pushes from unknown system titles", () => {
    assert.equal(rejection(decoder({ keys: {} }).push(wrap(cipher(dataNotification(), { ic: 1 })))).code, 'unknown-system-title');
  });

  it('plain pushes name the meter when systemTitleOf identifies the address', () => {
    const d = decoder({ systemTitleOf: (s) => (s.hdlc?.source === '1/17' ? TITLE : undefined) });
    const [n] = notes(d.push(hdlcUi(dataNotification())));
    assert.equal(n.systemTitle, TITLE);
    assert.equal(n.meter, 'substation-7');
  });

  it('APDUs that are not pushes are rejected, the connection stays usable', () => {
    const d = decoder();
    const r = rejection(d.push(wrap(Buffer.from('C401C1000600', 'hex'))));
    assert.equal(r.code, 'unexpected-apdu');
    assert.equal(r.fatal, false);
    assert.equal(rejection(d.push(wrap(Buffer.from('0F0000', 'hex')))).code, 'truncated');
    assert.equal(notes(d.push(wrap(dataNotification()))).length, 1);
  });

  it('a stream that is neither HDLC nor wrapper is a fatal malformed-frame; later input is ignored', () => {
    const d = decoder();
    const r = rejection(d.push(Buffer.from('GET / HTTP/1.1\r\n')));
    assert.equal(r.code, 'malformed-frame');
    assert.equal(r.fatal, true);
    assert.equal(d.isFailed, true);
    assert.deepEqual(d.push(wrap(dataNotification())), []);
  });

  it('a wrapper length above maxFrameSize is fatal before the payload arrives', () => {
    const d = decoder({ maxFrameSize: 1024 });
    const head = Buffer.from('0001000100100401', 'hex'); // length 1025
    const r = rejection(d.push(head));
    assert.equal(r.code, 'malformed-frame');
    assert.equal(r.fatal, true);
    assert.match(r.message, /1025/);
  });

  it('segmented HDLC pushes beyond maxFrameSize are fatal', () => {
    const d = decoder({ maxFrameSize: 64 });
    const big = dataNotification({ body: D.octetString(Buffer.alloc(200, 0x55)) });
    const evs = d.push(hdlcSegmentedI(big, 50));
    assert.equal(evs.length, 1);
    assert.equal(evs[0].kind === 'rejected' && evs[0].fatal, true);
  });

  it('HDLC streams of garbage after a valid start are fatal once the garbage bound is passed', () => {
    const d = decoder({ maxFrameSize: 1024 });
    notes(d.push(hdlcUi(dataNotification())));
    let fatal = false;
    for (let i = 0; i < 20 && !fatal; i++) {
      fatal = d.push(Buffer.alloc(1000, 0x11)).some((e) => e.kind === 'rejected' && e.fatal);
    }
    assert.equal(fatal, true);
  });

  it('a corrupted HDLC frame is reported and dropped; the next frame is decoded', () => {
    const d = decoder();
    const f = hdlcUi(dataNotification({ longInvokeId: 1 }));
    f[f.length - 3] ^= 0xff; // FCS
    const evs = d.push(Buffer.concat([f, hdlcUi(dataNotification({ longInvokeId: 2 }))]));
    assert.equal(evs.length, 2);
    assert.equal(evs[0].kind === 'rejected' && evs[0].error.code, 'malformed-frame');
    assert.equal(evs[1].kind === 'notification' && evs[1].notification.invokeId, 2);
  });

  it('datagram mode: a truncated datagram is dropped and reported, the peer keeps working', () => {
    const d = new PushDecoder({ keys: KEYS }, { transport: 'udp', peer: 'udp://127.0.0.1:6000', datagram: true });
    const pdu = wrap(dataNotification());
    const r = rejection(d.push(pdu.subarray(0, pdu.length - 3)));
    assert.equal(r.code, 'malformed-frame');
    assert.equal(r.fatal, false);
    assert.equal(rejection(d.push(Buffer.from('ffff', 'hex'))).fatal, false);
    assert.equal(notes(d.push(pdu)).length, 1);
    assert.equal(notes(d.push(hdlcUi(dataNotification()))).length, 1, 'each datagram recognises its own framing');
  });

  it('a Data-Notification without date-time and with a non-structure body', () => {
    const [n] = notes(decoder().push(wrap(dataNotification({ dateTime: null, body: D.doubleLong(-5) }))));
    assert.equal(n.time, null);
    assert.deepEqual(n.values, [{ index: 0, value: -5, type: 'double-long' }]);
  });

  it('a key lookup callback that throws rejects the push, it does not throw out of push()', () => {
    const d = decoder({
      keys: () => {
        throw new Error('database down');
      },
    });
    const r = rejection(d.push(wrap(cipher(dataNotification(), { ic: 1 }))));
    assert.equal(r.code, 'push-failed');
    assert.match(r.message, /database down/);
  });

  it('rejects invalid configuration at construction', () => {
    assert.throws(() => decoder({ keys: { '4D4D': {} } }), /8 octets/);
    assert.throws(() => decoder({ keys: { [TITLE]: { encryptionKey: '00112233' } } }), (e: unknown) => (e as { code?: string }).code === 'invalid-key' && !(e as Error).message.includes('00112233'));
    assert.throws(() => decoder({ policy: 'strict' as never }), /policy/);
    assert.throws(() => decoder({ maxFrameSize: 1 }), /maxFrameSize/);
  });

  it('nothing a peer sends makes push() throw (property)', () => {
    const seeds = [wrap(cipher(dataNotification(), { ic: 3 })), hdlcUi(dataNotification()), wrap(eventNotification())];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.uint8Array({ maxLength: 64 }), (which, flips, tail) => {
        const b = Buffer.from(seeds[which]);
        for (const [at, v] of flips) b[at % b.length] = v;
        const d = decoder();
        for (const ev of d.push(Buffer.concat([b, tail]))) {
          if (ev.kind === 'rejected') assert.ok(typeof ev.error.code === 'string' && ev.error.code.length > 0);
        }
      }),
      { numRuns: 400 },
    );
  });
});
