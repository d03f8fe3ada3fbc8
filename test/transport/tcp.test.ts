import assert from 'node:assert/strict';
import * as net from 'node:net';
import { TcpServerTransport } from '../../src/transport/tcp-server';
import { TcpConnectionTransport, TcpTransport } from '../../src/transport/tcp';
import { WrapperClientLink, WrapperServerLink } from '../../src/link/session/wrapper-links';
import { HdlcClientLink } from '../../src/link/session/hdlc-client-link';
import { HdlcServerLink } from '../../src/link/session/hdlc-server-link';
import { encodeWrapper } from '../../src/link/wrapper/wrapper';
import { isDlmsError } from '../../src/errors';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

function nextConnection(server: TcpServerTransport): Promise<TcpConnectionTransport> {
  return new Promise((resolve) => server.once('connection', resolve));
}

describe('TCP transport (loopback)', () => {
  let server: TcpServerTransport;
  let port: number;

  beforeEach(async () => {
    server = new TcpServerTransport({ host: '127.0.0.1', port: 0 });
    port = await server.listen();
  });
  afterEach(async () => {
    await server.close();
  });

  it('reports connection-refused with the peer in the message', async () => {
    const t = new TcpTransport({ host: '127.0.0.1', port: await freePort(), connectTimeoutMs: 2000 });
    await assert.rejects(t.open(), (e: unknown) => isDlmsError(e) && e.code === 'connection-refused' && e.message.includes('127.0.0.1'));
    await t.close(); // settles although never opened
  });

  it('emits closed when the peer goes away and rejects later writes with connection-closed', async () => {
    const t = new TcpTransport({ host: '127.0.0.1', port });
    const accepted = nextConnection(server);
    await t.open();
    const conn = await accepted;
    const closed = new Promise((resolve) => t.once('closed', resolve));
    await conn.close();
    await closed;
    assert.equal(t.isOpen, false);
    await assert.rejects(t.write(Buffer.from([1])), (e: unknown) => isDlmsError(e) && e.code === 'connection-closed');
  });

  it('wrapper: responses written one octet at a time and several PDUs in one write are reassembled', async () => {
    const accepted = nextConnection(server);
    const client = new WrapperClientLink(new TcpTransport({ host: '127.0.0.1', port }), { client: 16, logical: 1, responseTimeoutMs: 3000 });
    await client.open();
    const conn = await accepted;
    conn.on('data', async () => {
      // Two PDUs: a push and then the response, dribbled out octet by octet.
      const both = Buffer.concat([
        encodeWrapper({ sourceWPort: 1, destinationWPort: 16, payload: Buffer.from('0F00000001', 'hex') }),
        encodeWrapper({ sourceWPort: 1, destinationWPort: 16, payload: Buffer.from('C401C10009', 'hex') }),
      ]);
      for (const b of both) {
        await conn.write(Buffer.from([b]));
        await new Promise((r) => setImmediate(r));
      }
    });
    const pushes: Buffer[] = [];
    client.on('push', (p) => pushes.push(p));
    // The push arrives first with a request pending: only a PDU from the server wPort resolves it;
    // both come from wPort 1, so the first one is the answer, as a DLMS client sees it.
    const resp = await client.request(Buffer.from('C001C100080000010000FF0200', 'hex'));
    assert.equal(resp.toString('hex').toUpperCase(), '0F00000001');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(pushes.length, 1);
    assert.equal(pushes[0].toString('hex').toUpperCase(), 'C401C10009');
    await client.close();
  });

  it('wrapper client and server links exchange APDUs; a wrong version closes the link with a clear error', async () => {
    const accepted = nextConnection(server);
    const client = new WrapperClientLink(new TcpTransport({ host: '127.0.0.1', port }), { client: 16, logical: 1 });
    await client.open();
    const meter = new WrapperServerLink(await accepted);
    meter.on('apdu', (a) => void meter.reply(Buffer.concat([Buffer.from([0xc4]), a])));
    const r = await client.request(Buffer.from([1, 2, 3]));
    assert.deepEqual([...r], [0xc4, 1, 2, 3]);
    assert.equal(meter.lastSource, 16);
    const closed = new Promise<unknown>((resolve) => client.once('closed', resolve));
    const pending = client.request(Buffer.from([9]));
    meter.removeAllListeners('apdu');
    await meter.transport.write(Buffer.from('0002000100100001FF', 'hex'));
    await assert.rejects(pending, (e: unknown) => isDlmsError(e) && e.code === 'malformed-frame' && /version 2/.test(e.message));
    const err = await closed;
    assert.ok(isDlmsError(err));
    await client.close();
    await meter.close();
  });

  it('times out a request the meter never answers', async () => {
    const client = new WrapperClientLink(new TcpTransport({ host: '127.0.0.1', port }), { client: 16, logical: 1, responseTimeoutMs: 100 });
    await client.open();
    await assert.rejects(client.request(Buffer.from([1])), (e: unknown) => isDlmsError(e) && e.code === 'timeout');
    await client.close();
  });

  it('HDLC over TCP: a 20 kB response with window 7, delivered in arbitrary TCP segments', async () => {
    const accepted = nextConnection(server);
    const params = { maxInfoFieldLengthTransmit: 128, maxInfoFieldLengthReceive: 128, windowSizeTransmit: 7, windowSizeReceive: 7 };
    const client = new HdlcClientLink(new TcpTransport({ host: '127.0.0.1', port }), { client: 16, logical: 1, physical: 17, parameters: params, responseTimeoutMs: 2000 });
    const meterReady = accepted.then((c) => {
      const meter = new HdlcServerLink(c, { logical: 1, physical: 17, parameters: params });
      const big = Buffer.alloc(20000, 0x5a);
      meter.on('apdu', () => void meter.reply(big));
      return meter;
    });
    await client.open();
    const meter = await meterReady;
    assert.deepEqual(client.parameters, params);
    const r = await client.request(Buffer.from('C001C100070100630100FF0200', 'hex'));
    assert.equal(r.length, 20000);
    assert.equal(client.machine.stats.retransmissions, 0);
    const down = new Promise((resolve) => meter.once('disconnected', resolve));
    await client.close();
    await down;
    await meter.close();
  });
});

describe('TCP connect timeout', () => {
  it('gives up after connectTimeoutMs with a timeout error and leaves no socket behind', async () => {
    const sinon = await import('sinon');
    const hanging = new net.Socket();
    const destroy = sinon.spy(hanging, 'destroy');
    // Stub the module object itself: the TypeScript namespace import reads through to it.
    const stub = sinon.stub(require('node:net') as typeof net, 'connect').returns(hanging);
    try {
      const t = new TcpTransport({ host: '127.0.0.1', port: 4059, connectTimeoutMs: 50 });
      await assert.rejects(t.open(), (e: unknown) => isDlmsError(e) && e.code === 'timeout' && /within 50 ms/.test(e.message));
      assert.equal(destroy.called, true);
    } finally {
      stub.restore();
    }
  });
});
