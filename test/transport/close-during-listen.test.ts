import { strict as assert } from 'node:assert';
import { TcpServerTransport, UdpServerTransport } from '../../src/transport';
import { PushListener } from '../../src/push';
import { DlmsError } from '../../src/errors';

/**
 * Regression: close() while listen() was still binding used to leave the socket listening (and
 * the push listener's sweep timer running), which kept the process alive after a quick redeploy.
 */
describe('close() while listen() is binding', () => {
  // Sockets only: mocha's own test timer is a 'Timeout' too.
  const handles = () => process.getActiveResourcesInfo().filter((h) => h === 'TCPServerWrap' || h === 'UDPWrap').length;
  /** Node releases a closed socket's handle a moment after its close callback: poll briefly. */
  async function settled(before: number): Promise<number> {
    for (let i = 0; i < 50 && handles() > before; i++) await new Promise((r) => setTimeout(r, 10));
    return handles();
  }

  it('TCP server: listen rejects with connection-closed and nothing stays bound', async () => {
    const before = handles();
    const s = new TcpServerTransport({ host: '127.0.0.1', port: 0 });
    const listening = s.listen();
    await s.close();
    await assert.rejects(listening, (e: unknown) => e instanceof DlmsError && e.code === 'connection-closed');
    const after = await settled(before);
    assert.equal(after, before, JSON.stringify(process.getActiveResourcesInfo()));
  });

  it('UDP server: the same', async () => {
    const before = handles();
    const s = new UdpServerTransport({ host: '127.0.0.1', port: 0 });
    const listening = s.listen();
    await s.close();
    await assert.rejects(listening, (e: unknown) => e instanceof DlmsError && e.code === 'connection-closed');
    const after = await settled(before);
    assert.equal(after, before, JSON.stringify(process.getActiveResourcesInfo()));
  });

  it('push listener: no socket and no sweep timer left', async () => {
    const before = handles();
    const l = new PushListener({ tcp: 0, udp: 0 });
    const listening = l.listen();
    await l.close();
    await assert.rejects(listening, (e: unknown) => e instanceof DlmsError);
    assert.equal((l as unknown as { sweepTimer?: unknown }).sweepTimer, undefined, 'no sweep timer started');
    const after = await settled(before);
    assert.equal(after, before, JSON.stringify(process.getActiveResourcesInfo()));
  });
});
