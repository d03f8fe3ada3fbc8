import assert from 'node:assert/strict';
import { decodeApdu, encodeApdu, type Aare, type Apdu } from '../../src/apdu';
import { AssociationEngine, MeterSecurity, createModel } from '../../src/server';
import { loadVectors } from '../helpers/vectors';
import { llsAarq, SN_CONFORMANCE } from './helpers';

const T0 = Date.UTC(2026, 2, 10, 6, 7, 30);
const vectors = new Map(loadVectors('apdu.json').map((v) => [v.id, v]));
const bytes = (id: string): Buffer => {
  const v = vectors.get(id);
  if (!v) throw new Error(`vector ${id} missing from apdu.json`);
  return Buffer.from(v.hex, 'hex');
};

function engine(clientSap: number) {
  const model = createModel({ serial: '12345678', clock: () => T0 });
  const e = new AssociationEngine(new MeterSecurity(model), { clientSap, logicalDevice: 1 });
  return (b: Uint8Array): Apdu => {
    const out = e.handle(b);
    assert.equal(out.length, 1, 'one answer per request');
    return decodeApdu(out[0]);
  };
}

/** The response service that answers each request service (Green Book xDLMS). */
const ANSWER: Record<string, string[]> = {
  'get-request-normal': ['get-response-normal', 'get-response-with-datablock'],
  'get-request-next': ['get-response-with-datablock', 'get-response-normal'],
  'get-request-with-list': ['get-response-with-list', 'get-response-with-datablock'],
  'set-request-normal': ['set-response-normal'],
  'set-request-with-list': ['set-response-with-list'],
  'set-request-with-first-datablock': ['set-response-datablock', 'set-response-normal'],
  'action-request-normal': ['action-response-normal', 'action-response-with-pblock'],
};

/**
 * The simulator answers the public request vectors (captured from other meters' clients and the
 * standard's examples) with the response the standard pairs with each request, echoing the
 * invoke id; AARQs from the vectors are accepted or refused as their credentials deserve.
 */
describe('simulator: answers to the request vectors of apdu.json', () => {
  it('accepts the no-authentication AARQ (public client 16) and the LLS AARQ with password 12345678 (reader 32)', () => {
    const pub = engine(16)(bytes('apdu-aarq-no-auth-1200')) as Aare;
    assert.equal(pub.service, 'aare');
    assert.equal(pub.result, 0);
    const lls = engine(32)(bytes('apdu-aarq-gocosem-hdlc')) as Aare;
    assert.equal(lls.result, 0);
  });

  it('refuses the LLS AARQ whose password is not the reader\'s, as an authentication failure', () => {
    const r = engine(32)(bytes('apdu-aarq-epri-lls-pdu0')) as Aare;
    assert.equal(r.service, 'aare');
    assert.notEqual(r.result, 0);
  });

  for (const v of loadVectors('apdu.json').filter((x) => x.expect.service in ANSWER)) {
    it(`${v.id}: ${v.expect.service} gets ${ANSWER[v.expect.service].join(' or ')} with the same invoke id`, () => {
      const send = engine(32);
      assert.equal((send(bytes('apdu-aarq-gocosem-hdlc')) as Aare).result, 0);
      const answer = send(Buffer.from(v.hex, 'hex')) as Apdu & { invokeId?: number };
      assert.ok(ANSWER[v.expect.service].includes(answer.service), `answered ${answer.service}`);
      assert.equal(answer.invokeId, v.expect.invokeId);
    });
  }

  it('write-request (SN) gets a write-response on a short-name association, and RLRQ an RLRE', () => {
    const sn = engine(33);
    const aarq = { ...llsAarq('12345678', { proposedConformance: SN_CONFORMANCE }), applicationContextName: 'short-name-no-ciphering' };
    assert.equal((sn(encodeApdu(aarq as never)) as Aare).result, 0);
    assert.equal(sn(bytes('apdu-computed-write-request')).service, 'write-response');
    assert.equal(sn(bytes('apdu-rlrq-empty')).service, 'rlre');
  });
});
