import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { decodeApdu, describeApdu, encodeApdu } from '../../src/apdu';
import { apduArbitraries } from './arbitraries';

describe('apdu round trips (every service, generated)', () => {
  for (const [service, arb] of Object.entries(apduArbitraries)) {
    it(`${service}: encode -> decode gives the same description and the same octets`, () => {
      fc.assert(
        fc.property(arb, (apdu) => {
          const bytes = encodeApdu(apdu);
          const back = decodeApdu(bytes);
          assert.equal(back.service, service);
          assert.deepEqual(describeApdu(back), describeApdu(apdu));
          assert.deepEqual(encodeApdu(back), bytes);
        }),
        { numRuns: 150 },
      );
    });
  }
});
