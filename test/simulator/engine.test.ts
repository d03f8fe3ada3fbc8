import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { decodeApdu, encodeApdu, type Aare, type Apdu } from '../../src/apdu';
import { decodeDataFrom } from '../../src/codec/axdr';
import { D } from '../../src/codec/data';
import {
  ecdsaSign, hlsGmacResponse, parseReplyToHls, protect, toPrivateKey, HlsEcdsa, HlsSha256,
} from '../../src/security';
import { AssociationEngine, DEFAULT_KEYS, MeterSecurity, serverPublicKey, TEST_CLIENT_SIGNING_KEY, createModel } from '../../src/server';
import { aarq, CLIENT_TITLE, cipheredAarq, clientCipher, hdr, llsAarq, open, SN_CONFORMANCE } from './helpers';

const T0 = Date.UTC(2026, 2, 10, 6, 7, 30);

function setup(clientSap: number, logicalDevice = 1) {
  const model = createModel({ serial: '12345678', clock: () => T0 });
  const meter = new MeterSecurity(model);
  const engine = new AssociationEngine(meter, { clientSap, logicalDevice });
  const send = (a: Apdu | Uint8Array): Apdu[] => engine.handle(a instanceof Uint8Array ? a : encodeApdu(a)).map((b) => decodeApdu(b));
  const one = (a: Apdu | Uint8Array): Apdu => {
    const r = send(a);
    assert.equal(r.length, 1);
    return r[0];
  };
  return { model, meter, engine, send, one };
}

const get = (classId: number, obis: string, attributeId: number, extra: object = {}): Apdu => ({ service: 'get-request-normal', ...hdr, classId, obis, attributeId, accessSelection: null, ...extra }) as Apdu;
const HLS_SECRET = Buffer.from('SimHlsSecret0001');
const challenge = Buffer.from('0123456789ABCDEF');

describe('simulator engine: association establishment', () => {
  it('refuses any service before an association with service-not-allowed', () => {
    const { one } = setup(16);
    assert.deepEqual(one(get(1, '0.0.42.0.0.255', 2)), { service: 'exception-response', stateError: 1, serviceError: 1 });
  });

  it('rejects an unknown client SAP, a wrong context and a wrong mechanism with the diagnostics of the standard', () => {
    const unknown = setup(99).one(aarq()) as Aare;
    assert.equal(unknown.result, 1);
    const ctx = setup(16).one(aarq({ applicationContextName: 'short-name-no-ciphering' })) as Aare;
    assert.deepEqual([ctx.result, ctx.resultSourceDiagnostic.value], [1, 2]);
    const none = setup(32).one(aarq()) as Aare;
    assert.deepEqual([none.result, none.resultSourceDiagnostic.value], [1, 12]);
    const wrong = setup(32).one(aarq({ mechanismName: 'high-md5', callingAuthenticationValue: { choice: 'charstring', value: challenge } })) as Aare;
    assert.deepEqual([wrong.result, wrong.resultSourceDiagnostic.value], [1, 11]);
    const pw = setup(32).one(llsAarq('nope')) as Aare;
    assert.deepEqual([pw.result, pw.resultSourceDiagnostic.value], [1, 13]);
  });

  it('negotiates the conformance intersection and the PDU size, refuses an old DLMS version', () => {
    const s = setup(16);
    const aare = s.one(aarq({}, { proposedConformance: 0x001c1d, clientMaxReceivePduSize: 300 })) as Aare;
    assert.equal(aare.result, 0);
    const ir = aare.userInformation as { negotiatedConformance: number; serverMaxReceivePduSize: number; vaaName: number };
    assert.equal(ir.negotiatedConformance & ~0x001c1d, 0);
    assert.equal(ir.vaaName, 7);
    assert.equal(s.engine.association?.clientMaxPdu, 300);
    const old = setup(16).one(aarq({}, { proposedDlmsVersion: 5 })) as Aare;
    assert.equal(old.result, 1);
    assert.deepEqual(old.userInformation, { service: 'confirmed-service-error', confirmedService: 1, serviceError: 6, errorValue: 1 });
  });

  for (const [sap, mech, f] of [
    [2, 'high-md5', (c: Buffer) => createHash('md5').update(c).update(HLS_SECRET).digest()],
    [3, 'high-sha1', (c: Buffer) => createHash('sha1').update(c).update(HLS_SECRET).digest()],
  ] as const) {
    it(`HLS ${mech}: StoC in the AARE, reply_to_HLS_authentication checks f(StoC) and returns f(CtoS)`, () => {
      const s = setup(sap);
      const aare = s.one(aarq({ mechanismName: mech, senderAcseRequirements: Buffer.from([7, 0x80]), callingAuthenticationValue: { choice: 'charstring', value: challenge } })) as Aare;
      assert.equal(aare.result, 0);
      assert.equal(aare.resultSourceDiagnostic.value, 14);
      const stoc = aare.respondingAuthenticationValue!.value;
      // Nothing else is served before the reply.
      assert.equal(s.one(get(1, '0.0.42.0.0.255', 2)).service, 'exception-response');
      const badReply = s.one({ service: 'action-request-normal', ...hdr, classId: 15, obis: '0.0.40.0.0.255', methodId: 1, parameters: D.octetString(Buffer.alloc(16)) }) as { result: number };
      assert.equal(badReply.result, 250);
      const r = s.one({ service: 'action-request-normal', ...hdr, classId: 15, obis: '0.0.40.0.0.255', methodId: 1, parameters: D.octetString(f(stoc)) }) as unknown as { result: number; returnParameters: { data: never } };
      assert.equal(r.result, 0);
      assert.deepEqual(parseReplyToHls(r.returnParameters.data), f(challenge));
      assert.equal(s.one(get(1, '0.0.42.0.0.255', 2)).service, 'get-response-normal');
    });
  }

  it('HLS-SHA256 uses both system titles', () => {
    const s = setup(4);
    const aare = s.one(aarq({ callingApTitle: CLIENT_TITLE, mechanismName: 'high-sha256', callingAuthenticationValue: { choice: 'charstring', value: challenge } })) as Aare;
    const ex = { clientSystemTitle: CLIENT_TITLE, serverSystemTitle: aare.respondingApTitle!, clientChallenge: challenge, serverChallenge: aare.respondingAuthenticationValue!.value };
    const mech = new HlsSha256(HLS_SECRET);
    const r = s.one({ service: 'action-request-normal', ...hdr, classId: 15, obis: '0.0.40.0.0.255', methodId: 1, parameters: D.octetString(mech.respond('client', ex)) }) as unknown as { result: number; returnParameters: { data: never } };
    assert.equal(r.result, 0);
    mech.verify('server', ex, parseReplyToHls(r.returnParameters.data));
  });

  it('HLS-GMAC management: ciphered AARQ, glo-ciphered services, replayed counter refused', () => {
    const s = setup(1);
    const aare = s.one(cipheredAarq(1, 'high-gmac', challenge)) as Aare;
    assert.equal(aare.result, 0, JSON.stringify(aare.resultSourceDiagnostic));
    const serverTitle = aare.respondingApTitle!;
    const ctx = clientCipher(serverTitle);
    const ir = open(encodeApdu(aare.userInformation as never), ctx) as { service: string; negotiatedConformance: number };
    assert.equal(ir.service, 'initiate-response');
    const stoc = aare.respondingAuthenticationValue!.value;
    const f = hlsGmacResponse(0, DEFAULT_KEYS, CLIENT_TITLE, 2, stoc);
    const req = protect(encodeApdu({ service: 'action-request-normal', ...hdr, classId: 15, obis: '0.0.40.0.0.255', methodId: 1, parameters: D.octetString(f) }), ctx, { envelope: 'glo', invocationCounter: 2 });
    const reply = open(s.engine.handle(req)[0], ctx) as unknown as { result: number; returnParameters: { data: never } };
    assert.equal(reply.result, 0);
    const fc = parseReplyToHls(reply.returnParameters.data);
    const ic = fc.readUInt32BE(1);
    assert.deepEqual(fc, hlsGmacResponse(0, DEFAULT_KEYS, serverTitle, ic, challenge));
    // A write then a read back, both ciphered; the server counter object follows.
    const set = protect(encodeApdu({ service: 'set-request-normal', ...hdr, classId: 1, obis: '0.0.43.1.3.255', attributeId: 2, accessSelection: null, value: D.doubleLongUnsigned(5) }), ctx, { envelope: 'glo', invocationCounter: 3 });
    assert.equal((open(s.engine.handle(set)[0], ctx) as { result: number }).result, 0);
    const replay = s.engine.handle(set).map((b) => decodeApdu(b));
    assert.deepEqual(replay, [{ service: 'exception-response', stateError: 1, serviceError: 6, invocationCounter: 4 }]);
    // A plain request breaks the policy (authenticated and encrypted requests).
    assert.equal(s.one(get(1, '0.0.42.0.0.255', 2)).service, 'exception-response');
    assert.ok(s.meter.counter('0.0.43.0.2.255') >= 3);
  });

  it('HLS-ECDSA suite 1 with the published keys', () => {
    const s = setup(48);
    const aare = s.one(cipheredAarq(10, 'high-ecdsa', challenge)) as Aare;
    assert.equal(aare.result, 0);
    const ex = { clientSystemTitle: CLIENT_TITLE, serverSystemTitle: aare.respondingApTitle!, clientChallenge: challenge, serverChallenge: aare.respondingAuthenticationValue!.value };
    const client = new HlsEcdsa(1, { signingKey: TEST_CLIENT_SIGNING_KEY, peerPublicKey: serverPublicKey() });
    const ctx = clientCipher(aare.respondingApTitle, { suite: 1 });
    const f = ecdsaSign(1, toPrivateKey(TEST_CLIENT_SIGNING_KEY, 1), Buffer.concat([CLIENT_TITLE, ex.serverSystemTitle, ex.serverChallenge, challenge]));
    const req = protect(encodeApdu({ service: 'action-request-normal', ...hdr, classId: 15, obis: '0.0.40.0.0.255', methodId: 1, parameters: D.octetString(f) }), ctx, { envelope: 'general-glo', invocationCounter: 11 });
    const reply = open(s.engine.handle(req)[0], ctx) as unknown as { result: number; returnParameters: { data: never } };
    assert.equal(reply.result, 0);
    client.verify('server', ex, parseReplyToHls(reply.returnParameters.data));
  });

  it('a ciphered AARQ with a wrong key is rejected with a deciphering error', () => {
    const s = setup(1);
    const a = cipheredAarq(1, 'high-gmac', challenge);
    const ui = a.userInformation as { payload: Buffer };
    ui.payload = Buffer.from(ui.payload);
    ui.payload[ui.payload.length - 1] ^= 1;
    const aare = s.one(a) as Aare;
    assert.equal(aare.result, 1);
    assert.deepEqual(aare.userInformation, { service: 'confirmed-service-error', confirmedService: 1, serviceError: 0, errorValue: 6 });
  });

  it('refuses associations when the fault is set, and releases with RLRE', () => {
    const model = createModel({ serial: '1' });
    const e = new AssociationEngine(new MeterSecurity(model), { clientSap: 16, logicalDevice: 1 }, () => ({ refuse: true }));
    const aare = decodeApdu(e.handle(encodeApdu(aarq()))[0]) as Aare;
    assert.equal(aare.result, 2);
    const s = setup(16);
    s.one(aarq());
    assert.deepEqual(s.one({ service: 'rlrq', reason: 0 }), { service: 'rlre', reason: 0 });
    assert.equal(s.engine.associated, false);
  });
});

describe('simulator engine: services', () => {
  it('sends the object list in GET datablocks sized to the client max PDU', () => {
    const s = setup(32);
    s.one(llsAarq('12345678', { clientMaxReceivePduSize: 128 }));
    let r = s.one(get(15, '0.0.40.0.0.255', 2)) as { service: string; lastBlock: boolean; blockNumber: number; result: { rawData: Buffer } };
    const parts: Buffer[] = [];
    let n = 0;
    while (r.service === 'get-response-with-datablock') {
      assert.equal(r.blockNumber, ++n);
      assert.ok(encodeApdu(r as never).length <= 128);
      parts.push(r.result.rawData);
      if (r.lastBlock) break;
      r = s.one({ service: 'get-request-next', ...hdr, blockNumber: r.blockNumber }) as typeof r;
    }
    assert.ok(n > 5);
    const list = decodeDataFrom(Buffer.concat(parts));
    assert.equal(list.type, 'array');
    // A wrong block number aborts the transfer.
    s.one(get(15, '0.0.40.0.0.255', 2));
    const bad = s.one({ service: 'get-request-next', ...hdr, blockNumber: 7 }) as { result: { dataAccessResult: number } };
    assert.equal(bad.result.dataAccessResult, 15);
  });

  it('reads a profile by range, with-list, and sets/acts with-list', () => {
    const s = setup(32);
    s.one(llsAarq());
    const wl = s.one({ service: 'get-request-with-list', ...hdr, attributes: [
      { classId: 3, obis: '1.0.1.8.0.255', attributeId: 2, accessSelection: null },
      { classId: 3, obis: '9.9.9.9.9.9', attributeId: 2, accessSelection: null },
    ] }) as { results: object[] };
    assert.equal(wl.results.length, 2);
    assert.deepEqual(wl.results[1], { dataAccessResult: 4 });
    const denied = s.one({ service: 'set-request-normal', ...hdr, classId: 1, obis: '0.0.42.0.0.255', attributeId: 2, accessSelection: null, value: D.octetString('00') }) as { result: number };
    assert.equal(denied.result, 3);
  });

  it('accepts a SET in datablocks and an ACTION in parameter blocks', () => {
    const s = setup(2);
    const aare = s.one(aarq({ mechanismName: 'high-md5', callingAuthenticationValue: { choice: 'charstring', value: challenge } })) as Aare;
    const f = createHash('md5').update(aare.respondingAuthenticationValue!.value).update(HLS_SECRET).digest();
    s.one({ service: 'action-request-normal', ...hdr, classId: 15, obis: '0.0.40.0.0.255', methodId: 1, parameters: D.octetString(f) });
    const value = encodeApdu({ service: 'get-response-normal', ...hdr, result: { data: D.octetString(Buffer.alloc(12, 0x31)) } }).subarray(4); // 09 0C ...
    const first = s.one({ service: 'set-request-with-first-datablock', ...hdr, classId: 1, obis: '0.0.96.1.0.255', attributeId: 2, accessSelection: null, lastBlock: false, blockNumber: 1, rawData: value.subarray(0, 5) });
    assert.deepEqual(first, { service: 'set-response-datablock', ...hdr, blockNumber: 1 });
    const last = s.one({ service: 'set-request-with-datablock', ...hdr, lastBlock: true, blockNumber: 2, rawData: value.subarray(5) }) as { service: string; result: number };
    assert.equal(last.service, 'set-response-last-datablock');
    assert.equal(typeof last.result, 'number');
    const params = Buffer.from([0x0f, 0x00]); // integer(0)
    const a1 = s.one({ service: 'action-request-with-first-pblock', ...hdr, classId: 40, obis: '0.0.25.9.0.255', methodId: 1, lastBlock: false, blockNumber: 1, rawData: params.subarray(0, 1) });
    assert.deepEqual(a1, { service: 'action-response-next-pblock', ...hdr, blockNumber: 1 });
    const a2 = s.one({ service: 'action-request-with-pblock', ...hdr, lastBlock: true, blockNumber: 2, rawData: params.subarray(1) }) as { result: number };
    assert.equal(a2.result, 0);
  });

  it('answers malformed and unsupported requests with an ExceptionResponse and keeps serving', () => {
    const s = setup(16);
    s.one(aarq());
    assert.deepEqual(s.one(Buffer.from([0xc0, 0x01])), { service: 'exception-response', stateError: 2, serviceError: 3 });
    assert.deepEqual(s.one(Buffer.from([0x99, 1, 2, 3])), { service: 'exception-response', stateError: 2, serviceError: 3 });
    assert.deepEqual(s.one({ service: 'read-request', variables: [{ variableName: 0xfa00 }] }), { service: 'exception-response', stateError: 2, serviceError: 2 });
    assert.equal(s.one(get(1, '0.0.42.0.0.255', 2)).service, 'get-response-normal');
  });

  it('general block transfer: a GBT-wrapped GET is answered in GBT blocks acknowledged one by one', () => {
    const s = setup(32);
    s.one(llsAarq('12345678', { clientMaxReceivePduSize: 200 }));
    const inner = encodeApdu(get(15, '0.0.40.0.0.255', 2));
    let r = s.one({ service: 'general-block-transfer', lastBlock: true, streaming: false, window: 1, blockNumber: 1, blockNumberAck: 0, blockData: inner }) as { service: string; lastBlock: boolean; blockNumber: number; blockData: Buffer };
    const parts: Buffer[] = [];
    for (;;) {
      assert.equal(r.service, 'general-block-transfer');
      parts.push(r.blockData);
      if (r.lastBlock) break;
      r = s.one({ service: 'general-block-transfer', lastBlock: false, streaming: false, window: 1, blockNumber: 2, blockNumberAck: r.blockNumber, blockData: Buffer.alloc(0) }) as typeof r;
    }
    const whole = decodeApdu(Buffer.concat(parts)) as { service: string; result: { data: { type: string } } };
    assert.equal(whole.service, 'get-response-normal');
    assert.equal(whole.result.data.type, 'array');
  });
});

describe('simulator engine: short names', () => {
  it('SN reader: read by variable name, parameterized profile access, blocks, write', () => {
    const s = setup(33);
    const aare = s.one(llsAarq('12345678', { proposedConformance: SN_CONFORMANCE, clientMaxReceivePduSize: 256 })) as Aare;
    assert.equal(aare.result, 1, 'an SN client must ask for the SN context');
    const s2 = setup(33);
    const ok = s2.one({ ...llsAarq('12345678', { proposedConformance: SN_CONFORMANCE, clientMaxReceivePduSize: 256 }), applicationContextName: 'short-name-no-ciphering' }) as Aare;
    assert.equal(ok.result, 0);
    assert.equal((ok.userInformation as { vaaName: number }).vaaName, 0xfa00);
    const ldn = s2.model.shortName(1, { classId: 1, obis: '0.0.42.0.0.255', attribute: 2 })!;
    const r = s2.one({ service: 'read-request', variables: [{ variableName: ldn }, { variableName: 0x7ff8 }] }) as { results: object[] };
    assert.equal((r.results[0] as { data: { type: string } }).data.type, 'octet-string');
    assert.deepEqual(r.results[1], { dataAccessError: 4 });
    // Association SN object_list (long): read blocks.
    const ol = s2.model.shortName(1, { classId: 12, obis: '0.0.40.0.0.255', attribute: 2 })!;
    let rr = s2.one({ service: 'read-request', variables: [{ variableName: ol }] }) as { results: { dataBlockResult?: { lastBlock: boolean; blockNumber: number; rawData: Buffer } }[] };
    const parts: Buffer[] = [];
    for (;;) {
      const b = rr.results[0].dataBlockResult!;
      assert.ok(b, 'expected a data block');
      parts.push(b.rawData);
      if (b.lastBlock) break;
      rr = s2.one({ service: 'read-request', variables: [{ blockNumber: b.blockNumber }] }) as typeof rr;
    }
    const whole = decodeApdu(Buffer.concat([Buffer.from([0x0c]), ...parts])) as { results: { data: { type: string } }[] };
    assert.equal(whole.results[0].data.type, 'array');
    const w = s2.one({ service: 'write-request', variables: [{ variableName: ldn }], values: [D.octetString('00')] }) as { results: object[] };
    assert.deepEqual(w.results, [{ dataAccessError: 3 }]);
  });
});
