import assert from 'node:assert/strict';
import { createClient } from '../../src/client';
import type { ConnectionSettingsInput } from '../../src/client/settings';
import { MemoryCounterStore } from '../../src/security/counter-store';
import { startSimulator, type Simulator } from '../../src/server';
import type { DlmsError } from '../../src/errors';

const T0 = Date.UTC(2026, 2, 10, 6, 7, 30);
const KEYS = { encryptionKey: '000102030405060708090A0B0C0D0E0F', authenticationKey: 'D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF' };

describe('client-core: end to end against the simulator', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('TCP wrapper: LLS reader reads registers, the clock and a load profile by range', async () => {
    sim = await startSimulator({ transport: 'tcp', clock: () => T0 });
    const c = createClient({ transport: 'tcp', host: '127.0.0.1', port: sim.ports[0], clientSap: 32, authentication: 'low', secrets: { password: '12345678' }, utcOffset: 330, name: 'sim' });
    try {
      await c.open();
      const [v, clock] = await c.getMany(['1.0.32.7.0.255', '0.0.1.0.0.255']);
      assert.equal(v.unit, 'V', JSON.stringify(v));
      assert.match(clock.value as string, /^2026-03-10T11:37:30/);
      const p = await c.readProfile('1.0.99.1.0.255', { from: '2026-03-10T09:00:00+05:30', to: '2026-03-10T10:00:00+05:30' });
      assert.equal(p.rows.length, 5);
      assert.equal(p.rows[0].time, '2026-03-10T09:00:00+05:30');
    } finally {
      await c.close();
    }
  });

  it('TCP wrapper: wrong LLS password -> authentication-failed', async () => {
    sim = await startSimulator({ transport: 'tcp', clock: () => T0 });
    const c = createClient({ transport: 'tcp', host: '127.0.0.1', port: sim.ports[0], clientSap: 32, authentication: 'low', secrets: { password: 'nope' } });
    await assert.rejects(c.open(), (e: DlmsError) => e.code === 'authentication-failed' && /client 32/.test(e.message));
  });

  it('TCP wrapper: HLS-GMAC management client, ciphered, counter bootstrap, clock write and register reset', async () => {
    sim = await startSimulator({ transport: 'tcp', clock: () => T0 });
    const s: ConnectionSettingsInput = {
      transport: 'tcp', host: '127.0.0.1', port: sim.ports[0], clientSap: 1, authentication: 'high-gmac', securityPolicy: 'authenticated-encrypted',
      clientSystemTitle: '4142434445464748', invocationCounter: { bootstrapObis: '0.0.43.1.2.255' }, secrets: KEYS, utcOffset: 330,
    };
    const c = createClient(s, { counterStore: new MemoryCounterStore() });
    try {
      await c.open();
      const v = await c.get({ obis: '1.0.1.8.0.255', classId: 3 });
      assert.equal(v.unit, 'Wh', JSON.stringify(v));
      const w = await c.setClock(new Date(T0));
      assert.equal(w.result, 'success', JSON.stringify(w));
      const a = await c.action('3/1.0.1.8.0.255/1');
      assert.equal(a.result, 'success', JSON.stringify(a));
    } finally {
      await c.close();
    }
  });

  it('HDLC over TCP: LLS reader, object list and an IS 15959 block load profile with its scaler profile', async () => {
    sim = await startSimulator({ transport: 'hdlc', model: 'is15959', clock: () => T0 });
    const c = createClient({ transport: 'hdlc+tcp', host: '127.0.0.1', port: sim.ports[0], clientSap: 32, authentication: 'low', secrets: { password: '12345678' }, utcOffset: 330 });
    try {
      await c.open();
      const list = await c.readObjectList();
      assert.ok(list.some((o) => o.obis === '1.0.99.1.0.255'));
      const p = await c.readProfile('1.0.99.1.0.255', { fromEntry: 1, toEntry: 4 });
      assert.equal(p.rows.length, 4);
      assert.ok(p.columns.some((col) => col.scaler !== undefined), JSON.stringify(p.columns));
    } finally {
      await c.close();
    }
  });
});
