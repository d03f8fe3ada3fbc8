import assert from 'node:assert/strict';
import { fromHex, toHex } from '../../src/codec/hex';
import {
  type AuthenticationMechanism,
  generateChallenge,
  HlsDigest,
  HlsEcdsa,
  HlsGmac,
  HlsSha256,
  LowestLevelSecurity,
  LowLevelSecurity,
  ManufacturerHls,
  encodeReplyToHls,
  parseReplyToHls,
  type HlsExchange,
} from '../../src/security/hls';
import { generateEcKeyPair } from '../../src/security/ecc';
import { unprotect } from '../../src/security/protect';
import { createHash, createHmac } from 'node:crypto';
import { loadVectors } from '../helpers/vectors';

const CLIENT_ST = fromHex('4D4D4D0000000001');
const SERVER_ST = fromHex('4D4D4D0000BC614E');
const EK = fromHex('000102030405060708090A0B0C0D0E0F');
const AK = fromHex('D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF');

/**
 * The four passes between a client-side and a server-side mechanism object, each side only
 * seeing what goes over the wire. Returns what pass 3 and pass 4 carried.
 */
function runHls(client: AuthenticationMechanism, server: AuthenticationMechanism): { f1: Buffer; f2: Buffer } {
  const ctos = client.callingAuthenticationValue(); // AARQ
  server.checkCallingAuthenticationValue(ctos);
  const stoc = server.respondingAuthenticationValue(); // AARE
  assert.ok(stoc && stoc.length >= 8 && stoc.length <= 64);
  const clientView: HlsExchange = { clientSystemTitle: CLIENT_ST, serverSystemTitle: SERVER_ST, clientChallenge: ctos, serverChallenge: stoc, invocationCounter: 7 };
  const serverView: HlsExchange = { clientSystemTitle: CLIENT_ST, serverSystemTitle: SERVER_ST, clientChallenge: ctos, serverChallenge: stoc, invocationCounter: 1000 };
  const f1 = parseReplyToHls(encodeReplyToHls(client.respond('client', clientView))); // pass 3, ACTION parameter
  server.verify('client', serverView, f1);
  const f2 = parseReplyToHls(encodeReplyToHls(server.respond('server', serverView))); // pass 4, ACTION result
  client.verify('server', clientView, f2);
  return { f1, f2 };
}

describe('authentication mechanisms', () => {
  it('challenges are random, 8 to 64 octets', () => {
    assert.equal(generateChallenge(8).length, 8);
    assert.equal(generateChallenge(64).length, 64);
    assert.notEqual(toHex(generateChallenge()), toHex(generateChallenge()));
    assert.throws(() => generateChallenge(7), { code: 'invalid-argument' });
    assert.throws(() => generateChallenge(65), { code: 'invalid-argument' });
  });

  it('lowest: nothing to send', () => {
    const m = new LowestLevelSecurity();
    assert.equal(m.callingAuthenticationValue().length, 0);
    assert.equal(m.respondingAuthenticationValue(), null);
  });

  it('LLS: server accepts the right password and rejects a wrong one with its own message', () => {
    const client = new LowLevelSecurity('12345678');
    const server = new LowLevelSecurity('12345678');
    server.checkCallingAuthenticationValue(client.callingAuthenticationValue());
    assert.throws(() => new LowLevelSecurity('abcdefgh').checkCallingAuthenticationValue(client.callingAuthenticationValue()), (e: Error & { code: string }) => {
      assert.equal(e.code, 'authentication-failed');
      assert.match(e.message, /LLS.*wrong password/);
      assert.doesNotMatch(e.message, /12345678|abcdefgh/);
      return true;
    });
    assert.doesNotMatch(JSON.stringify(client), /12345678/);
  });

  for (const alg of ['md5', 'sha1'] as const) {
    it(`HLS ${alg}: end to end, f(StoC) = ${alg}(StoC || secret)`, () => {
      const { f1 } = runHls(new HlsDigest(alg, 'secret!!'), new HlsDigest(alg, 'secret!!'));
      assert.equal(f1.length, alg === 'md5' ? 16 : 20);
    });
  }

  it('HLS md5: the value is the published formula', () => {
    const m = new HlsDigest('md5', 'ABCDEFGH');
    const ex = { clientChallenge: Buffer.from('K56iVagY'), serverChallenge: Buffer.from('P6wRJ21F') };
    assert.equal(toHex(m.respond('client', ex)), toHex(createHash('md5').update('P6wRJ21FABCDEFGH').digest()));
    assert.notEqual(toHex(m.respond('client', ex)), toHex(createHmac('md5', 'ABCDEFGH').update('P6wRJ21F').digest()));
  });

  it('HLS sha256: end to end; the two directions differ', () => {
    const { f1, f2 } = runHls(new HlsSha256('secret'), new HlsSha256('secret'));
    assert.equal(f1.length, 32);
    assert.notEqual(toHex(f1), toHex(f2));
  });

  it('HLS gmac: end to end; the response carries SC 10 and the responder counter', () => {
    const { f1, f2 } = runHls(new HlsGmac({ encryptionKey: EK, authenticationKey: AK }), new HlsGmac({ encryptionKey: EK, authenticationKey: AK }));
    assert.equal(toHex(f1.subarray(0, 5)), '1000000007');
    assert.equal(toHex(f2.subarray(0, 5)), '10000003E8');
  });

  it('HLS ecdsa (suites 1 and 2): end to end with each side holding its key and the peer public key', () => {
    for (const suite of [1, 2] as const) {
      const c = generateEcKeyPair(suite);
      const s = generateEcKeyPair(suite);
      const { f1 } = runHls(new HlsEcdsa(suite, { signingKey: c.privateKey, peerPublicKey: s.publicKey }), new HlsEcdsa(suite, { signingKey: s.privateKey, peerPublicKey: c.publicKey }));
      assert.equal(f1.length, suite === 1 ? 64 : 96);
    }
  });

  it('HLS manufacturer-specific (2): the hook computes f', () => {
    const hook = { respond: (by: string, ex: HlsExchange) => createHash('sha1').update(by === 'client' ? ex.serverChallenge : ex.clientChallenge).update('mfr').digest() };
    runHls(new ManufacturerHls(hook), new ManufacturerHls(hook));
    const strict = new ManufacturerHls({ ...hook, verify: () => false });
    assert.throws(() => runHls(new ManufacturerHls(hook), strict), { code: 'authentication-failed' });
  });

  describe('a wrong HLS secret fails with its own message', () => {
    const cases: Array<[string, AuthenticationMechanism, AuthenticationMechanism, RegExp]> = [
      ['md5', new HlsDigest('md5', 'alpha-secret'), new HlsDigest('md5', 'bravo-secret'), /high-md5.*HLS secret/],
      ['sha1', new HlsDigest('sha1', 'alpha-secret'), new HlsDigest('sha1', 'bravo-secret'), /high-sha1.*HLS secret/],
      ['sha256', new HlsSha256('alpha-secret'), new HlsSha256('bravo-secret'), /high-sha256.*HLS secret/],
      ['gmac', new HlsGmac({ encryptionKey: EK, authenticationKey: AK }), new HlsGmac({ encryptionKey: EK, authenticationKey: EK }), /HLS-GMAC.*authentication key/],
    ];
    for (const [name, client, server, msg] of cases) {
      it(name, () => {
        assert.throws(() => runHls(client, server), (e: Error & { code: string }) => {
          assert.equal(e.code, 'authentication-failed');
          assert.match(e.message, msg);
          assert.doesNotMatch(e.message, /alpha-secret|bravo-secret|D0D1D2/);
          return true;
        });
      });
    }
    it('ecdsa with a key that does not belong to the peer', () => {
      const c = generateEcKeyPair(1);
      const s = generateEcKeyPair(1);
      const other = generateEcKeyPair(1);
      assert.throws(() => runHls(new HlsEcdsa(1, { signingKey: c.privateKey, peerPublicKey: s.publicKey }), new HlsEcdsa(1, { signingKey: s.privateKey, peerPublicKey: other.publicKey })), {
        code: 'authentication-failed',
        message: /HLS-ECDSA.*client's signature/,
      });
    });
  });

  it('a server rejects a challenge outside 8 to 64 octets', () => {
    assert.throws(() => new HlsSha256('x').checkCallingAuthenticationValue(Buffer.alloc(7)), { code: 'authentication-failed' });
    assert.throws(() => new HlsSha256('x').checkCallingAuthenticationValue(Buffer.alloc(65)), { code: 'authentication-failed' });
  });

  it('reply_to_HLS_authentication parameter is an octet-string; anything else is refused', () => {
    assert.equal(toHex(encodeReplyToHls(fromHex('0102'))), '09020102');
    assert.throws(() => parseReplyToHls(fromHex('0F01')), { code: 'authentication-failed' });
    assert.throws(() => parseReplyToHls(null), { code: 'authentication-failed' });
  });

  it('captured session: the f(StoC) inside the unprotected glo-action-request is the HLS-GMAC of the vector', () => {
    const sec = loadVectors('security.json');
    const action = sec.find((v) => v.id === 'sec-trace-ae-glo-action-request')!;
    const fStoc = sec.find((v) => v.id === 'sec-trace-ae-hls-f-stoc')!;
    const st = fromHex(action.systemTitle as string);
    const { plaintext } = unprotect(fromHex(action.hex), { systemTitle: st, peerSystemTitle: st, encryptionKey: EK, authenticationKey: AK });
    // action-request-normal header is 2 + 9 + 1 + 1 octets (tag, type, invoke id, method descriptor, optional flag)
    const parameter = plaintext.subarray(plaintext.length - 19);
    const f = parseReplyToHls(parameter);
    assert.equal(toHex(f), fStoc.hex);
    new HlsGmac({ encryptionKey: EK, authenticationKey: AK }).verify('client', { clientSystemTitle: st, clientChallenge: Buffer.alloc(8), serverChallenge: fromHex(fStoc.challenge as string) }, f);
  });
});
