/**
 * Regression: PushListener.close() during listen() (a Node-RED redeploy right after deploy, while
 * the counter store is being read) left the TCP server and the sweep timer running for good.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PushListener } from '../../src/push';
import { FileCounterStore } from '../../src/security/counter-store';

const handles = (): string[] => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap' || r === 'UDPWrap');

describe('robustness: push listener closed while it starts to listen', () => {
  it('close() right after listen() (while the counter store is read) leaves no socket or sweep timer behind', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dlms-race-'));
    const before = handles().length;
    for (let i = 0; i < 20; i++) {
      const l = new PushListener({ tcp: { port: 0, host: '127.0.0.1' }, udp: i % 2 ? { port: 0, host: '127.0.0.1' } : undefined, keys: { '4D4D4D0000BC614E': { encryptionKey: '000102030405060708090A0B0C0D0E0F' } }, counterStore: new FileCounterStore(path.join(dir, 'c.json')) });
      const listening = l.listen().then(() => 'listening', (e: { code?: string }) => e.code);
      await l.close();
      const outcome = await listening;
      assert.ok(outcome === 'connection-closed' || outcome === 'listening', String(outcome));
      await l.close();
      assert.equal((l as unknown as { sweepTimer?: unknown }).sweepTimer, undefined, 'no sweep timer left');
    }
    // timers of the last operations (an unref'd flush, a socket close) run out within a moment
    for (let i = 0; i < 50 && handles().length > before; i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(handles().length <= before, `handles before ${before}, after: ${handles()}`);
  });
});
