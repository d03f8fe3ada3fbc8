import assert from 'node:assert/strict';
import {
  buildSecurityControl,
  cipheredServiceName,
  decodeCiphered,
  describeCiphered,
  encodeCiphered,
  parseSecurityControl,
  plainTagOf,
  serviceSpecificTagFor,
  type CipheredApdu,
} from '../../src/apdu/ciphered';
import { fromHex, toHex } from '../../src/codec/hex';
import { loadVectors } from '../helpers/vectors';

describe('ciphered APDU envelopes (structure only)', () => {
  describe('apdu.json protected vectors', () => {
    const protectedOnes = loadVectors('apdu.json').filter((v) => /ciphering|^glo-|^ded-/.test(v.expect.service ?? ''));
    it('there are some', () => assert.ok(protectedOnes.length >= 1));
    for (const v of protectedOnes) {
      it(v.id, () => {
        if (v.expect.valid === false) {
          assert.throws(() => decodeCiphered(fromHex(v.hex)));
          return;
        }
        const apdu = decodeCiphered(fromHex(v.hex));
        assert.deepEqual(describeCiphered(apdu), v.expect);
        assert.equal(toHex(encodeCiphered(apdu)), v.hex);
      });
    }
  });

  it('security control byte: suite bits 0-3, A bit 4, E bit 5, broadcast bit 6, compressed bit 7', () => {
    assert.deepEqual(parseSecurityControl(0xf2), { securitySuite: 2, authenticated: true, encrypted: true, broadcastKey: true, compressed: true });
    assert.equal(buildSecurityControl({ securitySuite: 1, encrypted: true }), 0x21);
    assert.throws(() => buildSecurityControl({ securitySuite: 16 }));
  });

  it('every service-specific tag maps to its plain APDU and back', () => {
    const pairs: Array<[number, number, number]> = [
      [0x01, 0x21, 0x41], [0x05, 0x25, 0x45], [0x06, 0x26, 0x46], [0x08, 0x28, 0x48], [0x0c, 0x2c, 0x4c], [0x0d, 0x2d, 0x4d],
      [0x0e, 0x2e, 0x4e], [0x16, 0x36, 0x56], [0x18, 0x38, 0x58], [0xc0, 0xc8, 0xd0], [0xc1, 0xc9, 0xd1], [0xc2, 0xca, 0xd2],
      [0xc3, 0xcb, 0xd3], [0xc4, 0xcc, 0xd4], [0xc5, 0xcd, 0xd5], [0xc7, 0xcf, 0xd7],
    ];
    for (const [plain, glo, ded] of pairs) {
      assert.equal(serviceSpecificTagFor(plain, 'glo'), glo);
      assert.equal(serviceSpecificTagFor(plain, 'ded'), ded);
      assert.equal(plainTagOf(glo), plain);
      assert.equal(plainTagOf(ded), plain);
      assert.match(cipheredServiceName(glo)!, /^glo-/);
      assert.match(cipheredServiceName(ded)!, /^ded-/);
      const apdu = decodeCiphered(Buffer.from([glo, 0x05, 0x20, 0, 0, 0, 1]));
      assert.equal(toHex(encodeCiphered(apdu)), toHex(Buffer.from([glo, 0x05, 0x20, 0, 0, 0, 1])));
    }
    assert.equal(serviceSpecificTagFor(0x0f, 'glo'), undefined);
  });

  it('general-ciphering with every key-info choice and general-signing round trip', () => {
    const base = {
      tag: 0xdd, service: 'general-ciphering' as const, kind: 'general-ciphering' as const,
      transactionId: fromHex('0102'), originatorSystemTitle: fromHex('4D4D4D0000000001'), recipientSystemTitle: fromHex('4D4D4D0000BC614E'),
      dateTime: Buffer.alloc(0), otherInformation: fromHex('AA'), securityControl: 0x31, invocationCounter: 7, payload: fromHex('00112233445566778899AABBCCDD'),
    };
    const variants: CipheredApdu[] = [
      { ...base, keyInfo: null },
      { ...base, keyInfo: { type: 'identified-key', keyId: 1 } },
      { ...base, keyInfo: { type: 'wrapped-key', kekId: 0, keyCipheredData: fromHex('1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5') } },
      { ...base, keyInfo: { type: 'agreed-key', keyParameters: fromHex('01'), keyCipheredData: Buffer.alloc(128, 7) } },
      { kind: 'general-signing', tag: 0xdf, service: 'general-signing', transactionId: fromHex('01'), originatorSystemTitle: base.originatorSystemTitle, recipientSystemTitle: Buffer.alloc(0), dateTime: Buffer.alloc(0), otherInformation: Buffer.alloc(0), content: fromHex('C001'), signature: Buffer.alloc(64, 1) },
    ];
    for (const v of variants) {
      const bytes = encodeCiphered(v);
      const back = decodeCiphered(bytes);
      assert.deepEqual(describeCiphered(back), describeCiphered(v));
      assert.equal(toHex(encodeCiphered(back)), toHex(bytes));
    }
    // tag, transaction-id, titles, empty date-time, other-information, key-info present/identified/1, content length 19, SC, IC
    assert.equal(toHex(encodeCiphered(variants[1])), 'DD' + '020102' + '084D4D4D0000000001' + '084D4D4D0000BC614E' + '00' + '01AA' + '010001' + '13' + '31' + '00000007' + '00112233445566778899AABBCCDD');
  });

  it('rejects what is not an envelope, trailing octets, a short security header and a hostile length', () => {
    assert.throws(() => decodeCiphered(fromHex('C001')), { code: 'malformed-data', message: /not a protected APDU/ });
    assert.throws(() => decodeCiphered(fromHex('C80530000000010000')), { code: 'malformed-data', message: /after the end/ });
    assert.throws(() => decodeCiphered(fromHex('C80330000000')), { code: 'malformed-data', message: /security header/ });
    assert.throws(() => decodeCiphered(fromHex('DB84FFFFFFFF00')), { code: 'truncated' });
    assert.throws(() => decodeCiphered(fromHex('DD0000000000020100')), { code: 'malformed-data', message: /key-info presence/ });
    assert.throws(() => describeCiphered(decodeCiphered(fromHex('C8061000000001AA'))), { code: 'truncated', message: /12-octet tag/ });
  });
});
