import assert from 'node:assert/strict';
import { createClient } from '../../src/client';
import { startSimulator } from '../../src/server';
import { startPtyPair } from '../transport/socat-pair';

const T0 = Date.UTC(2026, 2, 10, 6, 7, 30);

/**
 * The client end to end over a real pseudo-terminal pair (socat): HDLC on an RS-485 line with two
 * meters (physical addresses 17 and 18), and an optical probe (IEC 62056-21 Mode E, then HDLC).
 */
describe('client-core: serial and optical end to end (socat pair)', function () {
  this.timeout(30000);

  it('serial HDLC: the LLS reader reads each of two meters on one line by its physical address', async () => {
    const pair = await startPtyPair();
    try {
      const sim = await startSimulator({ transport: 'serial', serialPath: pair.a, baudRate: 9600, meters: 2, clock: () => T0 });
      try {
        for (const physical of [17, 18]) {
          const c = createClient({ transport: 'serial', serialPath: pair.b, baud: 9600, clientSap: 32, logicalAddress: 1, physicalAddress: physical, authentication: 'low', secrets: { password: '12345678' } });
          await c.open();
          const [energy, sn] = await c.getMany(['1-0:1.8.0*255', '0-0:96.1.0*255']);
          await c.close();
          assert.equal(energy.error, undefined, JSON.stringify(energy));
          assert.equal(typeof energy.value, 'number');
          assert.equal(sn.error, undefined, JSON.stringify(sn));
        }
      } finally {
        await sim.close();
      }
    } finally {
      await pair.stop();
    }
  });

  it('serial HDLC: two meters on one port at the same time share the open port and take turns', async () => {
    const pair = await startPtyPair();
    try {
      const sim = await startSimulator({ transport: 'serial', serialPath: pair.a, baudRate: 9600, meters: 2, clock: () => T0 });
      try {
        const clients = [17, 18].map((physical) => createClient({ transport: 'serial', serialPath: pair.b, baud: 9600, clientSap: 32, logicalAddress: 1, physicalAddress: physical, authentication: 'low', secrets: { password: '12345678' } }));
        await Promise.all(clients.map((c) => c.open()));
        const reads = await Promise.all([0, 1, 2].flatMap(() => clients.map((c) => c.getMany(['0-0:96.1.0*255', '1-0:1.8.0*255']))));
        for (const r of reads) assert.deepEqual(r.filter((v) => v.error), []);
        const serials = new Set(reads.map((r) => String(r[0].value)));
        assert.equal(serials.size, 2, 'each meter answered with its own serial number');
        await Promise.all(clients.map((c) => c.close()));
        const mismatch = createClient({ transport: 'serial', serialPath: pair.b, baud: 9600, clientSap: 16, physicalAddress: 17 });
        const other = createClient({ transport: 'serial', serialPath: pair.b, baud: 19200, clientSap: 16, physicalAddress: 18 });
        await mismatch.open();
        await assert.rejects(other.open(), /already in use at 9600 baud/);
        await mismatch.close();
      } finally {
        await sim.close();
      }
    } finally {
      await pair.stop();
    }
  });

  it('optical: Mode E sign-on at 300 baud, switch to 9600, then HDLC and a clock read', async () => {
    const pair = await startPtyPair();
    try {
      const sim = await startSimulator({ transport: 'optical', serialPath: pair.a, baudRate: 9600, clock: () => T0 });
      try {
        const c = createClient({ transport: 'optical', serialPath: pair.b, baud: 9600, clientSap: 16 });
        await c.open();
        const clock = await c.readClock();
        await c.close();
        assert.match(String(clock.value), /^2026-03-10T/);
      } finally {
        await sim.close();
      }
    } finally {
      await pair.stop();
    }
  });
});
