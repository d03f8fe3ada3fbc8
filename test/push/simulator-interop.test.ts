import assert from 'node:assert/strict';
import { PushListener, type PushNotification } from '../../src/push';
import { DEFAULT_KEYS, PushSender, SimMeter } from '../../src/server';
import { collect } from './fixtures';

/** The meter simulator's push sender (src/server) delivering to the listener over loopback. */
describe('push listener <- simulator push sender', function () {
  this.timeout(20000);

  for (const [transport, framing] of [['tcp', 'wrapper'], ['tcp', 'hdlc'], ['udp', 'wrapper']] as const) {
    it(`ciphered pushes over ${transport}, ${framing} framing`, async () => {
      const meter = new SimMeter({ serial: '12345678' });
      const title = meter.systemTitle.toString('hex').toUpperCase();
      const listener = new PushListener({
        [transport]: 0,
        policy: 'encrypted',
        keys: { [title]: { name: 'sim', encryptionKey: DEFAULT_KEYS.encryptionKey, authenticationKey: DEFAULT_KEYS.authenticationKey } },
      });
      const ports = await listener.listen();
      const rejected: string[] = [];
      listener.on('rejected', (e) => rejected.push(`${e.code}: ${e.message}`));
      const sender = new PushSender(meter, { destination: `${transport}://127.0.0.1:${ports[transport]}`, ciphered: true, framing });
      try {
        const got = collect<PushNotification>(listener, 'notification', 2);
        sender.trigger();
        await new Promise((r) => setTimeout(r, 50));
        sender.trigger();
        const ns = await got;
        assert.deepEqual(rejected, []);
        for (const n of ns) {
          assert.equal(n.systemTitle, title);
          assert.equal(n.meter, 'sim');
          assert.equal(n.source.framing, framing);
          assert.ok(n.values.length > 0);
          assert.equal(typeof n.time, 'string');
        }
        assert.ok(ns[1].security!.invocationCounter > ns[0].security!.invocationCounter);
      } finally {
        await sender.close();
        await listener.close();
      }
    });
  }
});
