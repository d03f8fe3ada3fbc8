import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { decodeCiphered, describeCiphered } from '../../src/apdu/ciphered';
import { fromHex, toHex } from '../../src/codec/hex';
import { generateEcKeyPair, rawPublicKey, toPrivateKey, toPublicKey } from '../../src/security/ecc';
import {
  buildKeyAgreementParameter,
  deriveKey,
  gcmAlgorithmOf,
  openSignedEphemeral,
  parseKeyAgreementParameter,
  signedEphemeral,
} from '../../src/security/key-agreement';
import { buildGlobalKeyTransfer, KEY_ID, openGlobalKeyTransfer } from '../../src/security/key-transfer';
import { protect, unprotect, type CipherContext } from '../../src/security/protect';
import { signApdu } from '../../src/security/signing';

const PLAIN = fromHex('C001C100010000600100FF0200');
const CLIENT_ST = fromHex('4D4D4D0000000001');
const SERVER_ST = fromHex('4D4D4D0000BC614E');

function pair(suite: 0 | 1 | 2): { client: CipherContext; server: CipherContext } {
  const n = suite === 2 ? 32 : 16;
  const keys = { encryptionKey: randomBytes(n), authenticationKey: randomBytes(n), broadcastKey: randomBytes(n), dedicatedKey: randomBytes(n), masterKey: randomBytes(n) };
  return {
    client: { suite, systemTitle: CLIENT_ST, peerSystemTitle: SERVER_ST, ...keys },
    server: { suite, systemTitle: SERVER_ST, peerSystemTitle: CLIENT_ST, ...keys },
  };
}

describe('suites 0, 1, 2: protect and unprotect', () => {
  for (const suite of [0, 1, 2] as const) {
    for (const envelope of ['glo', 'ded', 'general-glo', 'general-ded', 'general-ciphering'] as const) {
      for (const [authenticated, encrypted] of [[true, true], [true, false], [false, true]]) {
        it(`suite ${suite} ${envelope} auth=${authenticated} enc=${encrypted}`, () => {
          const { client, server } = pair(suite);
          const out = protect(PLAIN, client, { envelope, invocationCounter: 42, authenticated, encrypted });
          const d = describeCiphered(decodeCiphered(out));
          assert.equal(d.securitySuite, suite);
          assert.equal(d.authenticated, authenticated);
          assert.equal(d.encrypted, encrypted);
          if (encrypted) assert.ok(!out.includes(PLAIN));
          const r = unprotect(out, server);
          assert.equal(toHex(r.plaintext), toHex(PLAIN));
          assert.equal(r.invocationCounter, 42);
        });
      }
    }
  }

  it('the broadcast key bit selects the broadcast key', () => {
    const { client, server } = pair(0);
    const out = protect(PLAIN, client, { envelope: 'glo', invocationCounter: 1, broadcastKey: true });
    assert.equal(describeCiphered(decodeCiphered(out)).broadcastKey, true);
    assert.equal(toHex(unprotect(out, server).plaintext), toHex(PLAIN));
    assert.throws(() => unprotect(out, { ...server, broadcastKey: server.encryptionKey }), { code: 'authentication-failed' });
  });

  it('suite 2 refuses a 16-octet key with invalid-key', () => {
    const { client } = pair(2);
    assert.throws(() => protect(PLAIN, { ...client, encryptionKey: randomBytes(16) }, { envelope: 'glo', invocationCounter: 1 }), { code: 'invalid-key', message: /suite 2: 16 octets given, 32 octets needed/ });
  });
});

describe('general-ciphering key information', () => {
  it('identified-key (broadcast) and wrapped-key round trip', () => {
    const { client, server } = pair(1);
    const a = protect(PLAIN, client, { envelope: 'general-ciphering', invocationCounter: 5, keyInfo: { type: 'identified-key', keyId: 1 }, transactionId: fromHex('0102030405060708') });
    const d = describeCiphered(decodeCiphered(a));
    assert.deepEqual(d.keyInfo, { type: 'identified-key', keyId: 1 });
    assert.equal(d.transactionId, '0102030405060708');
    assert.equal(d.originatorSystemTitle, toHex(CLIENT_ST));
    assert.equal(d.recipientSystemTitle, toHex(SERVER_ST));
    assert.equal(toHex(unprotect(a, server).plaintext), toHex(PLAIN));

    const contentKey = randomBytes(16);
    const b = protect(PLAIN, client, { envelope: 'general-ciphering', invocationCounter: 6, keyInfo: { type: 'wrapped-key', key: contentKey } });
    assert.equal(toHex(unprotect(b, server).plaintext), toHex(PLAIN));
    assert.throws(() => unprotect(b, { ...server, masterKey: randomBytes(16) }), { code: 'decryption-failed' });
  });

  it('the general-ciphering header is authenticated: changing the transaction-id fails', () => {
    const { client, server } = pair(0);
    const out = protect(PLAIN, client, { envelope: 'general-ciphering', invocationCounter: 9, transactionId: fromHex('AA') });
    assert.equal(out[2], 0xaa);
    out[2] = 0xab;
    assert.throws(() => unprotect(out, server), { code: 'authentication-failed' });
  });

  for (const suite of [1, 2] as const) {
    for (const scheme of ['one-pass-diffie-hellman', 'static-unified-model'] as const) {
      it(`agreed-key, suite ${suite}, ${scheme}`, () => {
        const { client, server } = pair(suite);
        const cAgree = generateEcKeyPair(suite);
        const sAgree = generateEcKeyPair(suite);
        const cSign = generateEcKeyPair(suite);
        client.agreement = { agreementKey: cAgree.privateKey, peerAgreementKey: sAgree.publicKey, signingKey: cSign.privateKey };
        server.agreement = { agreementKey: sAgree.privateKey, peerAgreementKey: cAgree.publicKey, peerSigningKey: cSign.publicKey };
        const out = protect(PLAIN, client, { envelope: 'general-ciphering', invocationCounter: 3, keyInfo: { type: 'agreed-key', scheme } });
        const apdu = decodeCiphered(out);
        assert.equal(apdu.kind, 'general-ciphering');
        assert.equal(toHex(unprotect(out, server).plaintext), toHex(PLAIN));
        if (scheme === 'one-pass-diffie-hellman') {
          const other = generateEcKeyPair(suite);
          assert.throws(() => unprotect(out, { ...server, agreement: { ...server.agreement, peerSigningKey: other.publicKey } }), { code: 'authentication-failed', message: /ephemeral public key/ });
        }
      });
    }
  }
});

describe('general-signing', () => {
  for (const suite of [1, 2] as const) {
    it(`suite ${suite}: signs, verifies, and rejects an altered content`, () => {
      const k = generateEcKeyPair(suite);
      const header = { transactionId: fromHex('01'), originatorSystemTitle: CLIENT_ST, recipientSystemTitle: SERVER_ST, dateTime: Buffer.alloc(0), otherInformation: Buffer.alloc(0) };
      const out = signApdu(suite, PLAIN, header, k.privateKey);
      const ctx: CipherContext = { suite, systemTitle: SERVER_ST, agreement: { peerSigningKey: k.publicKey } };
      assert.equal(toHex(unprotect(out, ctx).plaintext), toHex(PLAIN));
      const d = describeCiphered(decodeCiphered(out));
      assert.equal((d.signature as string).length, suite === 1 ? 128 : 192);
      const bad = Buffer.from(out);
      bad[bad.length - (suite === 1 ? 66 : 98)] ^= 1; // last content octet
      assert.throws(() => unprotect(bad, ctx), { code: 'authentication-failed', message: /general-signing/ });
    });
  }
});

describe('key handling for the Security setup object', () => {
  it('global_key_transfer: wrap under the KEK and unwrap on the other side', () => {
    const kek = fromHex('000102030405060708090A0B0C0D0E0F');
    const ek = fromHex('00112233445566778899AABBCCDDEEFF');
    const param = buildGlobalKeyTransfer(kek, [{ keyId: KEY_ID.globalUnicastEncryptionKey, key: ek }]);
    // array(1) structure(2) enum 0, octet-string(24) = the RFC 3394 vector
    assert.equal(toHex(param), '0101020216000918' + '1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5');
    assert.deepEqual(openGlobalKeyTransfer(kek, param).map((k) => [k.keyId, toHex(k.key)]), [[0, toHex(ek)]]);
  });

  for (const suite of [1, 2] as const) {
    it(`key_agreement (suite ${suite}): signed ephemeral keys, both sides derive the same key`, () => {
      const cSign = generateEcKeyPair(suite);
      const sSign = generateEcKeyPair(suite);
      const c = signedEphemeral(suite, cSign.privateKey);
      const param = parseKeyAgreementParameter(buildKeyAgreementParameter([{ keyId: KEY_ID.globalUnicastEncryptionKey, keyData: c.keyData }]));
      const s = signedEphemeral(suite, sSign.privateKey);
      const cPubAtServer = openSignedEphemeral(suite, param[0].keyData, cSign.publicKey);
      const sPubAtClient = openSignedEphemeral(suite, s.keyData, sSign.publicKey);
      const alg = gcmAlgorithmOf(suite);
      const atClient = deriveKey(suite, c.privateKey, sPubAtClient, alg, CLIENT_ST, SERVER_ST);
      const atServer = deriveKey(suite, s.privateKey, cPubAtServer, alg, CLIENT_ST, SERVER_ST);
      assert.equal(atClient.length, suite === 1 ? 16 : 32);
      assert.equal(toHex(atClient), toHex(atServer));
      assert.throws(() => openSignedEphemeral(suite, param[0].keyData, sSign.publicKey), { code: 'authentication-failed' });
    });
  }

  it('raw EC keys (X || Y, scalar) convert both ways', () => {
    const k = generateEcKeyPair(1);
    const raw = rawPublicKey(k.publicKey, 1);
    assert.equal(raw.length, 64);
    assert.equal(toHex(rawPublicKey(toPublicKey(raw, 1), 1)), toHex(raw));
    const d = Buffer.from(k.privateKey.export({ format: 'jwk' }).d as string, 'base64url');
    assert.equal(toHex(rawPublicKey(toPrivateKey(d, 1), 1)), toHex(raw));
    assert.throws(() => toPublicKey(raw.subarray(1), 1), { code: 'invalid-key' });
    assert.throws(() => toPublicKey(raw, 2), { code: 'invalid-key' });
  });
});
