import assert from 'node:assert/strict';
import { createClient } from '../../src/client';
import type { TraceEvent } from '../../src/client/api';
import { startSimulator, type Simulator } from '../../src/server';

const T0 = Date.UTC(2026, 2, 10, 6, 7, 30);

/**
 * Round trips matter on GPRS links (the benchmarks issue: associate, 20 registers and the clock,
 * release in at most 3 exchanges): a first poll must not read each register's scaler_unit in an
 * exchange of its own.
 */
describe('client-core: round trips of a first poll', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ transport: 'tcp', clock: () => T0 });
  });
  after(() => sim.close());

  it('associate, 20 scaled registers and the clock, release: 3 request APDUs, values scaled', async () => {
    const requests: string[] = [];
    const c = createClient(
      { transport: 'tcp', host: '127.0.0.1', port: sim.ports[0], clientSap: 32, authentication: 'low', secrets: { password: '12345678' } },
      { trace: true },
    );
    c.on('trace', (t: TraceEvent) => {
      if (t.direction === 'tx' && t.layer === 'apdu') requests.push(String((t.decoded as { service?: string })?.service));
    });
    const registers = [
      '1.0.1.8.0.255', '1.0.2.8.0.255', '1.0.3.8.0.255', '1.0.4.8.0.255',
      '1.0.1.8.1.255', '1.0.1.8.2.255', '1.0.1.8.3.255', '1.0.1.8.4.255',
      '1.0.32.7.0.255', '1.0.52.7.0.255', '1.0.72.7.0.255',
      '1.0.31.7.0.255', '1.0.51.7.0.255', '1.0.71.7.0.255',
      '1.0.33.7.0.255', '1.0.53.7.0.255', '1.0.73.7.0.255',
      '1.0.13.7.0.255', '1.0.14.7.0.255', '1.0.1.7.0.255',
    ];
    await c.open();
    const values = await c.getMany([...registers, '0.0.1.0.0.255']);
    await c.close();
    assert.deepEqual(requests, ['aarq', 'get-request-with-list', 'rlrq']);
    const failed = values.filter((v) => v.error);
    assert.deepEqual(failed, [], 'every item read');
    const voltage = values.find((v) => v.obis === '1.0.32.7.0.255')!;
    assert.equal(voltage.unit, 'V');
    assert.equal(typeof voltage.scaler, 'number');
  });
});
