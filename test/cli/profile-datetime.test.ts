import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../src/server';
import { dlms, PASSWORD, T0 } from './helpers';

/**
 * Regression: readProfile once left a date-time column other than the clock (the maximum demand
 * capture_time, class 4 attribute 5, in the monthly billing profile) as raw octet-string hex,
 * while get() of the same attribute gives ISO 8601 as CONTRACTS "Date-time values" asks.
 */
describe('dlms profile: date-time columns', function () {
  this.timeout(20000);
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ transport: 'tcp', host: '127.0.0.1', port: 0, clock: () => T0 });
  });
  after(() => sim.close());

  it('profile: a captured date-time (MD capture_time) is ISO 8601 like the read of the same attribute', async () => {
    const url = `tcp://127.0.0.1:${sim.ports[0]}?client=32&server=1`;
    const r = await dlms(['profile', url, '1.0.98.1.0.255', '--entries', '1..1', '--json', '--password', PASSWORD]);
    assert.equal(r.code, 0, r.stderr);
    const row = (JSON.parse(r.stdout) as { payload: Record<string, unknown>[] }).payload[0];
    assert.match(String(row['1.0.1.6.0.255:5']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/, `got ${String(row['1.0.1.6.0.255:5'])}`);
  });
});
