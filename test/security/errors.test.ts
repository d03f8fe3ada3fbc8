import assert from 'node:assert/strict';
import { fromHex } from '../../src/codec/hex';
import { parseKey } from '../../src/security/keys';
import { protect, unprotect, type CipherContext } from '../../src/security/protect';
import { ReplayGuard } from '../../src/security/replay';
import { unwrapKey } from '../../src/security/key-transfer';
import { redact, redactText, REDACTED } from '../../src/security/redact';
import { loadVectors } from '../helpers/vectors';

const sec = loadVectors('security.json');
const vec = (id: string) => sec.find((v) => v.id === id)!;
const EK = fromHex('000102030405060708090A0B0C0D0E0F');
const AK = fromHex('D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF');

function ctxFor(id: string, over: Partial<CipherContext> = {}): CipherContext {
  const st = fromHex(vec(id).systemTitle as string);
  return { systemTitle: st, peerSystemTitle: st, encryptionKey: EK, authenticationKey: AK, ...over };
}

describe('security errors: each failure has its own code and a clear message', () => {
  it('a tampered tag: authentication-failed', () => {
    const bytes = fromHex(vec('sec-trace-ae-glo-get-request').hex);
    bytes[bytes.length - 3] ^= 0x40;
    assert.throws(() => unprotect(bytes, ctxFor('sec-trace-ae-glo-get-request')), (e: Error & { code: string }) => {
      assert.equal(e.code, 'authentication-failed');
      assert.match(e.message, /glo-get-request: authentication tag mismatch/);
      assert.doesNotMatch(e.message, /000102030405|D0D1D2D3/i);
      return true;
    });
  });

  it('a tampered plaintext in an authenticated-only APDU: authentication-failed', () => {
    const bytes = fromHex(vec('sec-trace-auth-glo-get-request').hex);
    bytes[10] ^= 1;
    assert.throws(() => unprotect(bytes, ctxFor('sec-trace-auth-glo-get-request')), { code: 'authentication-failed', message: /authenticated-only/ });
  });

  it('a wrong encryption key on an encrypted-only APDU: decryption-failed', () => {
    const id = 'sec-trace-enc-glo-action-response';
    assert.throws(() => unprotect(fromHex(vec(id).hex), ctxFor(id, { encryptionKey: AK })), { code: 'decryption-failed', message: /encryption key/ });
  });

  it('a wrong authentication key: authentication-failed', () => {
    const id = 'sec-trace-ae-glo-get-response';
    assert.throws(() => unprotect(fromHex(vec(id).hex), ctxFor(id, { authenticationKey: EK })), { code: 'authentication-failed' });
  });

  it('a key of the wrong length: invalid-key naming the key, never its value', () => {
    assert.throws(() => parseKey('00112233445566778899AABBCCDDEE', 'global unicast encryption key', 0), (e: Error & { code: string }) => {
      assert.equal(e.code, 'invalid-key');
      assert.match(e.message, /global unicast encryption key has 15 octets; security suite 0 needs 16/);
      assert.doesNotMatch(e.message + JSON.stringify(e), /00112233/);
      return true;
    });
    assert.throws(() => parseKey('zz'.repeat(16), 'authentication key'), { code: 'invalid-key', message: /authentication key is not valid hex/ });
    assert.throws(() => parseKey(undefined, 'dedicated key'), { code: 'invalid-key', message: /dedicated key is missing/ });
    assert.equal(parseKey('00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF 00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF', 'k', 2).length, 32);
    assert.throws(() => protect(fromHex('C0010000080000010000FF0200'), ctxFor('sec-trace-ae-glo-get-request', { encryptionKey: EK.subarray(0, 8) }), { envelope: 'glo', invocationCounter: 1 }), { code: 'invalid-key', message: /global unicast encryption key/ });
  });

  it('a replayed counter: replay-detected, and a forged APDU does not move the window', () => {
    const id = 'sec-trace-ae-glo-get-request';
    const guard = new ReplayGuard();
    const ctx = ctxFor(id, { replayGuard: guard });
    const bytes = fromHex(vec(id).hex);
    unprotect(bytes, ctx);
    assert.throws(() => unprotect(bytes, ctx), (e: Error & { code: string }) => {
      assert.equal(e.code, 'replay-detected');
      assert.match(e.message, /invocation counter 93 is not above the last accepted 93/);
      return true;
    });
    // a forged APDU with a higher counter fails authentication and is not remembered
    const forged = protect(fromHex(vec(id).expect.plaintext), { ...ctx, authenticationKey: EK, replayGuard: undefined }, { envelope: 'glo', invocationCounter: 500 });
    assert.throws(() => unprotect(forged, ctx), { code: 'authentication-failed' });
    assert.equal(guard.lastAccepted('4D454C0000000001'), 93);
    const genuine = protect(fromHex(vec(id).expect.plaintext), { ...ctx, replayGuard: undefined }, { envelope: 'glo', invocationCounter: 94 });
    assert.equal(unprotect(genuine, ctx).invocationCounter, 94);
  });

  it('a wrong KEK on key unwrap: decryption-failed', () => {
    const v = vec('sec-key-wrap-rfc3394');
    assert.throws(() => unwrapKey(AK, fromHex(v.hex)), { code: 'decryption-failed', message: /master key \(KEK\) is wrong/ });
  });

  it('truncated or hostile envelopes: decode errors, never a read past the input', () => {
    const full = fromHex(vec('sec-trace-ae-glo-get-request').hex);
    for (let n = 0; n < full.length; n++) {
      assert.throws(() => unprotect(full.subarray(0, n), ctxFor('sec-trace-ae-glo-get-request')), (e: Error & { code: string }) => ['truncated', 'malformed-data'].includes(e.code));
    }
    assert.throws(() => unprotect(fromHex('C884FFFFFFFF30'), ctxFor('sec-trace-ae-glo-get-request')), { code: 'truncated' });
  });

  it('data-notification has no service-specific envelope: the error says which to use', () => {
    assert.throws(() => protect(fromHex('0F00000001000900'), ctxFor('sec-trace-ae-glo-get-request'), { envelope: 'glo', invocationCounter: 1 }), { message: /general-glo-ciphering/ });
  });

  it('redaction hides keys, passwords and secrets in objects and text', () => {
    const cfg = { host: 'meter', security: { encryptionKey: '000102', authenticationKey: AK, password: 'pw', hlsSecret: 's', keyId: 0, systemTitle: 'ABC' } };
    const r = redact(cfg);
    assert.deepEqual(r.security, { encryptionKey: REDACTED, authenticationKey: REDACTED, password: REDACTED, hlsSecret: REDACTED, keyId: 0, systemTitle: 'ABC' });
    assert.equal(cfg.security.password, 'pw');
    assert.equal(redactText('key was D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF here', [AK]), `key was ${REDACTED} here`);
  });
});
