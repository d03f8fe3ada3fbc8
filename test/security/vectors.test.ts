import assert from 'node:assert/strict';
import { decodeCiphered, describeCiphered, encodeCiphered } from '../../src/apdu/ciphered';
import { fromHex, toHex } from '../../src/codec/hex';
import { protect, unprotect, type CipherContext, type Envelope } from '../../src/security/protect';
import { hlsGmacResponse, verifyHlsGmacResponse } from '../../src/security/hls/gmac';
import { unwrapKey, wrapKey } from '../../src/security/key-transfer';
import { loadVectors, type Vector } from '../helpers/vectors';
import { decodeApdu, describeApdu } from '../../src/apdu';

const all = loadVectors('security.json');
const byKind = (k: string): Vector[] => all.filter((v) => v.kind === k);
const keysOf = (v: Vector): Record<string, string> => v.keys as Record<string, string>;

function envelopeOf(service: string): Envelope {
  if (service === 'general-glo-ciphering') return 'general-glo';
  if (service === 'general-ded-ciphering') return 'general-ded';
  return service.startsWith('ded-') ? 'ded' : 'glo';
}

function contextOf(v: Vector): CipherContext {
  const k = keysOf(v);
  const st = fromHex(v.systemTitle as string);
  return {
    systemTitle: st,
    peerSystemTitle: st,
    encryptionKey: fromHex(k.encryptionKey),
    dedicatedKey: fromHex(k.encryptionKey),
    authenticationKey: k.authenticationKey ? fromHex(k.authenticationKey) : undefined,
    suite: v.expect.securitySuite,
  };
}

describe('security.json vectors', () => {
  it('covers every kind', () => {
    assert.ok(byKind('protected-apdu').length >= 10);
    assert.ok(byKind('hls-gmac').length >= 5);
    assert.equal(byKind('key-wrap').length, 1);
  });

  describe('protected APDUs: structure', () => {
    for (const v of byKind('protected-apdu')) {
      it(`${v.id} parses to the expected structure and re-encodes byte-exact`, () => {
        const apdu = decodeCiphered(fromHex(v.hex));
        const { plaintext: _p, plaintextDecoded: _d, ...structure } = v.expect;
        assert.deepEqual(describeCiphered(apdu), structure);
        assert.equal(toHex(encodeCiphered(apdu)), v.hex);
      });
    }
  });

  describe('protected APDUs: unprotect gives the plaintext', () => {
    for (const v of byKind('protected-apdu')) {
      it(v.id, () => {
        const r = unprotect(fromHex(v.hex), contextOf(v));
        assert.equal(toHex(r.plaintext), v.expect.plaintext);
        assert.equal(r.invocationCounter, v.expect.invocationCounter);
        assert.equal(toHex(r.systemTitle), v.systemTitle);
        assert.deepEqual(describeApdu(decodeApdu(r.plaintext)), v.expect.plaintextDecoded);
      });
    }
  });

  describe('protected APDUs: protect gives the bytes back', () => {
    for (const v of byKind('protected-apdu')) {
      it(v.id, () => {
        const out = protect(fromHex(v.expect.plaintext), contextOf(v), {
          envelope: envelopeOf(v.expect.service),
          invocationCounter: v.expect.invocationCounter,
          authenticated: v.expect.authenticated,
          encrypted: v.expect.encrypted,
        });
        assert.equal(toHex(out), v.hex);
      });
    }
  });

  describe('HLS-GMAC f(challenge)', () => {
    for (const v of byKind('hls-gmac')) {
      const k = keysOf(v);
      const keys = { encryptionKey: fromHex(k.encryptionKey), authenticationKey: fromHex(k.authenticationKey) };
      it(`${v.id} computes`, () => {
        const f = hlsGmacResponse(0, keys, fromHex(v.systemTitle as string), v.expect.invocationCounter, fromHex(v.challenge as string));
        assert.equal(toHex(f), v.hex);
      });
      it(`${v.id} verifies, and rejects a changed tag`, () => {
        const f = fromHex(v.hex);
        assert.equal(verifyHlsGmacResponse(keys, fromHex(v.systemTitle as string), fromHex(v.challenge as string), f).invocationCounter, v.expect.invocationCounter);
        f[f.length - 1] ^= 1;
        assert.throws(() => verifyHlsGmacResponse(keys, fromHex(v.systemTitle as string), fromHex(v.challenge as string), f), { code: 'authentication-failed' });
      });
    }
  });

  describe('key wrap', () => {
    for (const v of byKind('key-wrap')) {
      it(`${v.id} unwraps and wraps back`, () => {
        const kek = fromHex(keysOf(v).kek);
        assert.equal(toHex(unwrapKey(kek, fromHex(v.hex))), v.expect.unwrappedKey);
        assert.equal(toHex(wrapKey(kek, fromHex(v.expect.unwrappedKey))), v.hex);
      });
    }
  });
});
