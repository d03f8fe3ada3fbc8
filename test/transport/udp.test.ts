import assert from 'node:assert/strict';
import { UdpServerTransport, UdpTransport, UdpPeerTransport } from '../../src/transport/udp';
import { WrapperClientLink, WrapperServerLink } from '../../src/link/session/wrapper-links';

describe('UDP transport (loopback)', () => {
  it('a wrapper request over UDP reaches a per-peer server transport and is answered', async () => {
    const server = new UdpServerTransport({ host: '127.0.0.1', port: 0 });
    const port = await server.listen();
    const peers: UdpPeerTransport[] = [];
    server.on('peer', (p) => {
      peers.push(p);
      const meter = new WrapperServerLink(p, { datagram: true });
      meter.on('apdu', (a) => void meter.reply(Buffer.concat([Buffer.from([0xc4]), a])));
    });
    const a = new WrapperClientLink(new UdpTransport({ host: '127.0.0.1', port }), { client: 16, logical: 1, datagram: true, responseTimeoutMs: 2000 });
    const b = new WrapperClientLink(new UdpTransport({ host: '127.0.0.1', port }), { client: 17, logical: 1, datagram: true, responseTimeoutMs: 2000 });
    try {
    await a.open();
    await b.open();
    // A garbage datagram is dropped, not fatal.
    await a.transport.write(Buffer.from([0xff, 0xff]));
    const [ra, rb] = await Promise.all([a.request(Buffer.from([1])), b.request(Buffer.from([2]))]);
    assert.deepEqual([...ra], [0xc4, 1]);
    assert.deepEqual([...rb], [0xc4, 2]);
    assert.equal(peers.length, 2);
    } finally {
      await a.close();
      await b.close();
      await server.close();
    }
  });
});
