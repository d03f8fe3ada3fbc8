/** The bench modules still run (small, fast cases; the figures themselves come from `npm run bench`). */
import * as assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../src/server';
import { startLineProxy, type LineProxy } from '../../bench/lib/line-proxy';
import { startSimulatorChild } from '../../bench/lib/sim-child';
import { wireSession } from '../../bench/wire';
import { countedSession } from '../../bench/round-trips';
import { createClient } from '../../src/client';

describe('bench modules', function () {
  this.timeout(30000);
  let sim: Simulator | undefined;
  let proxy: LineProxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    await sim?.close();
    proxy = undefined;
    sim = undefined;
  });

  it('wire: one day of the 4-channel profile over HDLC window 7, bytes counted both ways', async () => {
    const line = 200_000;
    sim = await startSimulator({ transport: 'hdlc', clock: () => Date.UTC(2026, 2, 10, 6, 7, 30), faults: { bytesPerSecond: line }, hdlc: { maxInfoTx: 2030, maxInfoRx: 2030, windowTx: 7, windowRx: 7 } });
    proxy = await startLineProxy({ port: sim.ports[0] }, { toMeterBytesPerSecond: line });
    const r = await wireSession(proxy.port, proxy, 1, line);
    assert.equal(r.rows, 96);
    assert.ok(r.bytesFromMeter > 96 * 36 && r.bytesToMeter > 0, JSON.stringify(r));
    assert.match(r.negotiated, /info 2030\/2030, window 7\/7/);
    assert.ok(r.ms >= r.wireMinMs * 0.9, JSON.stringify(r));
  });

  it('round-trips: associate, one GET-with-list of 21 (raw), release = 3 APDU exchanges', async () => {
    sim = await startSimulator({ transport: 'tcp', faults: { roundTripMs: 20 } });
    const r = await countedSession(sim.ports[0], {
      name: 'raw', options: { maxListItems: 21 }, target: true,
      read: (c: ReturnType<typeof createClient>) => c.getMany([...Array.from({ length: 20 }, () => ({ obis: '1.0.1.8.0.255', classId: 3, attribute: 2 })), { obis: '0.0.1.0.0.255', classId: 8, attribute: 2 }], { scale: false }),
    });
    assert.deepEqual(r.services, ['aarq', 'get-request-with-list', 'rlrq']);
    assert.equal(r.failed, 0);
    assert.ok(r.ms >= 60);
  });

  it('sim-child: the simulator runs in a child process and closes', async () => {
    const child = await startSimulatorChild({ transport: 'tcp', meters: 3 });
    try {
      assert.equal(child.ports.length, 3);
      const c = createClient({ transport: 'tcp', host: '127.0.0.1', port: child.ports[2], clientSap: 32, authentication: 'low', secrets: { password: '12345678' } });
      await c.open();
      assert.equal((await c.get({ obis: '1.0.1.8.0.255', classId: 3, attribute: 2 })).unit, 'Wh');
      assert.equal((await child.stats()).connections, 1);
      await c.close();
    } finally {
      await child.close();
    }
  });
});
