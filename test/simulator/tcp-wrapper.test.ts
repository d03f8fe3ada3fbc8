import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../src/server';
import { aarq, hdr, llsAarq, RawClient } from './helpers';

describe('simulator: TCP wrapper', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ port: 0, clock: () => Date.UTC(2026, 2, 10, 6, 7, 30) });
  });
  after(() => sim.close());

  it('associates the public client and reads the logical device name', async () => {
    const c = await RawClient.tcp(sim.ports[0]);
    try {
      const aare = await c.send(aarq());
      assert.equal(aare.service, 'aare');
      assert.equal((aare as { result: number }).result, 0);
      const r = await c.send({ service: 'get-request-normal', ...hdr, classId: 1, obis: '0.0.42.0.0.255', attributeId: 2, accessSelection: null });
      assert.equal(r.service, 'get-response-normal');
      const res = (r as { result: { data?: { type: string; value: Buffer } } }).result;
      assert.equal(res.data?.type, 'octet-string');
      assert.match(res.data!.value.toString('latin1'), /^OPD0*10000001$/);
      const rl = await c.send({ service: 'rlrq', reason: 0 });
      assert.equal(rl.service, 'rlre');
    } finally {
      await c.close();
    }
  });

  it('associates the LLS reader and refuses a wrong password', async () => {
    const c = await RawClient.tcp(sim.ports[0], 32);
    try {
      const bad = (await c.send(llsAarq('wrong'))) as { result: number; resultSourceDiagnostic: { value: number } };
      assert.equal(bad.result, 1);
      assert.equal(bad.resultSourceDiagnostic.value, 13);
      const ok = (await c.send(llsAarq())) as { result: number };
      assert.equal(ok.result, 0);
      const r = await c.send({ service: 'get-request-normal', ...hdr, classId: 3, obis: '1.0.1.8.0.255', attributeId: 2, accessSelection: null });
      assert.equal((r as { result: { data: { type: string } } }).result.data.type, 'double-long-unsigned');
    } finally {
      await c.close();
    }
  });
});
