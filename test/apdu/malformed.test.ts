import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { decodeApdu, encodeApdu } from '../../src/apdu';
import { DecodeError } from '../../src/errors';
import { loadVectors } from '../helpers/vectors';
import { apduArbitraries } from './arbitraries';

const valid = loadVectors('apdu.json').filter((v) => v.expect.valid !== false);
const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

function rejects(bytes: Buffer, why: string): DecodeError {
  let caught: unknown;
  try {
    decodeApdu(bytes);
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof DecodeError, `${why}: expected a DecodeError for ${bytes.toString('hex')}, got ${caught === undefined ? 'a result' : String(caught)}`);
  assert.ok(Number.isInteger(caught.offset) && caught.offset >= 0 && caught.offset <= bytes.length, `${why}: offset ${caught.offset} outside the input`);
  assert.match(caught.message, /at offset \d+/);
  return caught;
}

describe('apdu malformed input', () => {
  it('every strict prefix of every vector is rejected with a DecodeError', () => {
    let n = 0;
    for (const v of valid) {
      const b = Buffer.from(v.hex, 'hex');
      for (let len = 0; len < b.length; len++, n++) rejects(b.subarray(0, len), `${v.id} prefix ${len}`);
    }
    assert.ok(n > 1000);
  });

  it('every vector with a trailing octet is rejected', () => {
    for (const v of valid) rejects(Buffer.concat([Buffer.from(v.hex, 'hex'), Buffer.from([0x00])]), v.id);
  });

  it('every prefix of generated APDUs is rejected', () => {
    fc.assert(
      fc.property(fc.oneof(...Object.values(apduArbitraries)), (apdu) => {
        const b = encodeApdu(apdu);
        for (let len = 0; len < b.length; len++) rejects(b.subarray(0, len), `${apdu.service} prefix ${len}`);
      }),
      { numRuns: 200 },
    );
  });

  it('random octets never raise anything but a DecodeError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (u) => {
        try {
          decodeApdu(u);
        } catch (e) {
          if (!(e instanceof DecodeError)) throw e;
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('mutated vectors never raise anything but a DecodeError', () => {
    fc.assert(
      fc.property(fc.constantFrom(...valid), fc.nat(), fc.integer({ min: 0, max: 255 }), (v, at, byte) => {
        const b = Buffer.from(v.hex, 'hex');
        b[at % b.length] = byte;
        try {
          decodeApdu(b);
        } catch (e) {
          if (!(e instanceof DecodeError)) throw e;
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('unknown APDU tags and choices are named', () => {
    assert.match(rejects(hex('FF00'), 'tag').message, /unknown or unsupported APDU tag 0xFF/);
    assert.match(rejects(hex('C004C1'), 'get choice').message, /unknown Get-Request choice 4/);
    assert.match(rejects(hex('C401C10201'), 'get-data-result').message, /Get-Data-Result/);
    assert.match(rejects(hex('C509C100'), 'set choice').message, /Set-Response choice 9/);
    assert.match(rejects(hex('C709C100'), 'action choice').message, /Action-Response choice 9/);
    assert.match(rejects(hex('0501 030000'), 'variable access choice').message, /Variable-Access-Specification choice 3/);
    // an access-selection presence flag that is neither 0 nor 1
    assert.match(rejects(hex('C001C1000100002B0100FF0202'), 'presence').message, /presence flag/);
  });

  it('hostile counts and lengths are refused before any allocation', () => {
    // GET-Request-With-List announcing 2^31 descriptors
    assert.equal(rejects(hex('C003C1847FFFFFFF'), 'count').code, 'truncated');
    // GET-Response-With-Datablock with raw-data of 4 GiB - 1
    rejects(hex('C402C10100000001' + '00' + '84FFFFFFFF' + '00'), 'raw-data');
    // A-XDR length of length 5
    rejects(hex('C402C10100000001' + '00' + '850000000001'), 'length of length');
    // AARQ whose BER length claims 4 GiB
    rejects(hex('6084FFFFFFFFA109'), 'aarq length');
    // BER indefinite length
    assert.match(rejects(hex('6080A109060760857405080101'), 'indefinite').message, /indefinite/);
    // user-information whose OCTET STRING overruns its [30] container
    rejects(hex('600FA109060760857405080101BE02040E'), 'user-information');
  });

  it('ACSE structure errors are refused', () => {
    // AARQ without application-context-name
    assert.match(rejects(hex('6000'), 'no context').message, /without application-context-name/);
    // AARE without result
    assert.match(rejects(hex('610BA109060760857405080101'), 'no result').message, /AARE without result/);
    // fields out of order: [10] before [1]
    assert.match(rejects(hex('600F8A020780A109060760857405080101'), 'order').message, /out of order/);
    // unknown field [13]
    assert.match(rejects(hex('600D A109060760857405080101 8D00'), 'unknown field').message, /unexpected field tag/);
    // application-context-name holding an INTEGER instead of an OID
    rejects(hex('6005A103020101'), 'context type');
    // user-information carrying a GET request
    assert.match(rejects(hex('6010A109060760857405080101BE030401C0'), 'user info tag').message, /user-information holds APDU tag 0xC0/);
    // conformance block without its 5F 1F tag
    assert.match(rejects(hex('01000000065F1E0400007E1F04B0'), 'conformance').message, /conformance block/);
  });

  it('an authenticated ciphered APDU too short for its tag is refused', () => {
    rejects(hex('C80A1000000001C001C10001'), 'glo-get-request without room for the tag');
  });
});
