import { strict as assert } from 'node:assert';
import { ACSE_REQUIREMENTS_AUTHENTICATION, decodeApdu, describeApdu, encodeApdu, type Aarq } from '../../src/apdu';
import { loadVectors } from '../helpers/vectors';

const gloInitiate = loadVectors('security.json').find((v) => v.id === 'sec-gb-glo-initiate-request')!;

describe('ACSE with ciphering and system titles', () => {
  const aarq: Aarq = {
    service: 'aarq',
    applicationContextName: 'logical-name-with-ciphering',
    callingApTitle: Buffer.from('4D4D4D0000BC614E', 'hex'),
    senderAcseRequirements: ACSE_REQUIREMENTS_AUTHENTICATION,
    mechanismName: 'high-gmac',
    callingAuthenticationValue: { choice: 'charstring', value: Buffer.from('4B35366956616759', 'hex') },
  };

  it('an HLS-GMAC AARQ carries the system title, mechanism 5 and the challenge', () => {
    const hex = encodeApdu(aarq).toString('hex').toUpperCase();
    assert.equal(
      hex,
      // 0x30 = 11 + 12 + 4 + 9 + 12 octets of fields, in ascending tag order
      '6030' + 'A109060760857405080103' + 'A60A04084D4D4D0000BC614E' + '8A020780' + '8B0760857405080205' + 'AC0A80084B35366956616759',
    );
    const d = describeApdu(decodeApdu(Buffer.from(hex, 'hex')));
    assert.deepEqual(d, {
      service: 'aarq',
      applicationContextName: 'logical-name-with-ciphering',
      callingApTitle: '4D4D4D0000BC614E',
      senderAcseRequirements: '0780',
      authenticationFunctionalUnit: true,
      mechanismName: 'high-gmac',
      callingAuthenticationValue: { choice: 'charstring', hex: '4B35366956616759' },
    });
  });

  it('a glo-initiate-request in user-information is parsed structurally and kept byte-exact', () => {
    const initiate = decodeApdu(Buffer.from(gloInitiate.hex, 'hex'));
    assert.equal(initiate.service, 'glo-initiate-request');
    const withUi = { ...aarq, userInformation: initiate } as Aarq;
    const bytes = encodeApdu(withUi);
    assert.ok(bytes.toString('hex').toUpperCase().includes('BE' + (gloInitiate.hex.length / 2 + 2).toString(16).toUpperCase().padStart(2, '0') + '04'));
    const back = decodeApdu(bytes);
    const { plaintext: _p, plaintextDecoded: _d, ...structure } = gloInitiate.expect;
    assert.deepEqual(describeApdu(back).userInformation, structure);
    assert.deepEqual(encodeApdu(back), bytes);
  });

  it('unknown context and mechanism OIDs survive as dotted text', () => {
    const odd: Aarq = { service: 'aarq', applicationContextName: '2.16.756.5.8.1.9', mechanismName: '2.16.756.5.8.2.42' };
    const back = decodeApdu(encodeApdu(odd));
    assert.deepEqual(describeApdu(back), { service: 'aarq', applicationContextName: '2.16.756.5.8.1.9', mechanismName: '2.16.756.5.8.2.42' });
  });
});
