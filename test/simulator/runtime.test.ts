import assert from 'node:assert/strict';
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import { decodeApdu, encodeApdu, type Aare, type Apdu } from '../../src/apdu';
import { HdlcClientLink } from '../../src/link/session/hdlc-client-link';
import { WrapperReassembler } from '../../src/link/wrapper/wrapper';
import { HdlcDeframer } from '../../src/link/hdlc/deframer';
import { SerialTransport } from '../../src/transport/serial';
import { TcpTransport } from '../../src/transport/tcp';
import { openModeE } from '../../src/link/iec62056-21/mode-e';
import { unprotect } from '../../src/security';
import { startSimulator, type Simulator } from '../../src/server';
import { startPtyPair } from '../transport/socat-pair';
import { aarq, clientCipher, hdr, llsAarq, RawClient } from './helpers';

const LDN = { service: 'get-request-normal', ...hdr, classId: 1, obis: '0.0.42.0.0.255', attributeId: 2, accessSelection: null } as Apdu;

function ldnOf(a: Apdu): string {
  return ((a as { result: { data: { value: Buffer } } }).result.data.value).toString('latin1');
}

describe('simulator runtime', function () {
  this.timeout(15000);
  const sims: Simulator[] = [];
  const start = async (o: Parameters<typeof startSimulator>[0]): Promise<Simulator> => {
    const s = await startSimulator(o);
    sims.push(s);
    return s;
  };
  afterEach(async () => {
    await Promise.all(sims.splice(0).map((s) => s.close()));
  });

  it('several meters on consecutive ports, each with its own serial and system title', async () => {
    const sim = await start({ meters: 3, serial: 500 });
    assert.equal(new Set(sim.ports).size, 3);
    assert.deepEqual(sim.meters.map((m) => m.serial), ['500', '501', '502']);
    assert.equal(new Set(sim.meters.map((m) => m.systemTitle.toString('hex'))).size, 3);
    for (let i = 0; i < 3; i++) {
      const c = await RawClient.tcp(sim.ports[i]);
      await c.send(aarq());
      assert.match(ldnOf(await c.send(LDN)), new RegExp(`50${i}$`));
      await c.close();
    }
  });

  it('UDP wrapper, and logical device 2 on the same port', async () => {
    const sim = await start({ transport: 'udp' });
    const c = await RawClient.udp(sim.ports[0], 16, 2);
    assert.equal(((await c.send(aarq())) as Aare).result, 0);
    assert.match(ldnOf(await c.send(LDN)), /B2$/);
    await c.close();
  });

  it('a hostile connection gets exceptions or is dropped while another keeps being served', async () => {
    const sim = await start({});
    const good = await RawClient.tcp(sim.ports[0], 32);
    await good.send(llsAarq());
    const bad = net.connect(sim.ports[0], '127.0.0.1');
    await new Promise((r) => bad.once('connect', r));
    bad.write(Buffer.from('000100100001000599990102030000010001ffffffff', 'hex'));
    bad.write(Buffer.alloc(64, 0xff));
    const evil = await RawClient.tcp(sim.ports[0], 16);
    const ex = decodeApdu(await evil.raw(Buffer.from([0xc0, 0x01, 0xc1])));
    assert.equal(ex.service, 'exception-response');
    assert.equal((await good.send(LDN)).service, 'get-response-normal');
    bad.destroy();
    await evil.close();
    await good.close();
  });

  it('faults: response delay, refused associations, drop after N frames, corrupted frames', async () => {
    const sim = await start({ meters: 4, meterFaults: { 0: { responseDelayMs: 150 }, 1: { refuseAssociations: true }, 2: { dropAfterFrames: 2 }, 3: { corruptRate: 1, random: () => 0 } } });
    const c0 = await RawClient.tcp(sim.ports[0]);
    const t = Date.now();
    await c0.send(aarq());
    assert.ok(Date.now() - t >= 140);
    await c0.close();
    const c1 = await RawClient.tcp(sim.ports[1]);
    assert.equal(((await c1.send(aarq())) as Aare).result, 2);
    await c1.close();
    const c2 = await RawClient.tcp(sim.ports[2]);
    await c2.send(aarq());
    await c2.send(LDN);
    await assert.rejects(c2.send(LDN), (e: { code: string }) => e.code === 'connection-closed' || e.code === 'timeout');
    await c2.close();
    const c3 = await RawClient.tcp(sim.ports[3]);
    // The first octet of the wrapper header is flipped: the client sees a malformed stream.
    await assert.rejects(c3.send(aarq()));
    await c3.close();
  });

  it('bandwidth limit: 960 B/s delays a long answer by its size', async () => {
    const sim = await start({ faults: { bytesPerSecond: 960 } });
    const c = await RawClient.tcp(sim.ports[0], 32);
    const t = Date.now();
    await c.send(llsAarq());
    const elapsed = Date.now() - t;
    assert.ok(elapsed >= 50, `AARE of ~60 octets took ${elapsed} ms at 960 B/s`);
    await c.close();
  });

  it('reboot: counters back to 0', async () => {
    const sim = await start({});
    const m = sim.meters[0];
    m.security.next('0.0.43.0.2.255');
    m.security.next('0.0.43.0.2.255');
    assert.equal(m.security.counter('0.0.43.0.2.255'), 2);
    m.reboot();
    assert.equal(m.security.counter('0.0.43.0.2.255'), 0);
  });

  it('pushes DataNotifications to a UDP receiver on a period, ciphered with general-glo-ciphering', async () => {
    const rx = dgram.createSocket('udp4');
    await new Promise<void>((r) => rx.bind(0, '127.0.0.1', () => r()));
    const got = new Promise<Buffer>((r) => rx.once('message', (m) => r(m)));
    const sim = await start({ push: { destination: `udp://127.0.0.1:${rx.address().port}`, intervalMs: 50, ciphered: true } });
    const msg = await got;
    rx.close();
    const [pdu] = new WrapperReassembler().push(msg);
    const u = unprotect(pdu.payload, clientCipher());
    assert.deepEqual(u.systemTitle, sim.meters[0].systemTitle);
    const dn = decodeApdu(u.plaintext) as { service: string; body: { type: string; value: unknown[] } };
    assert.equal(dn.service, 'data-notification');
    assert.equal(dn.body.value.length, 4);
  });

  it('pushes over TCP when a client runs the push method, in an HDLC UI frame', async () => {
    const frames: Buffer[] = [];
    const server = net.createServer((s) => s.on('data', (d) => frames.push(d)));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as net.AddressInfo).port;
    const sim = await start({ push: { destination: `tcp://127.0.0.1:${port}`, framing: 'hdlc' } });
    const c = await RawClient.tcp(sim.ports[0], 2);
    const aare = (await c.send(aarq({ mechanismName: 'high-md5', callingAuthenticationValue: { choice: 'charstring', value: Buffer.from('0123456789ABCDEF') } }))) as Aare;
    const { createHash } = await import('node:crypto');
    const f = createHash('md5').update(aare.respondingAuthenticationValue!.value).update('SimHlsSecret0001').digest();
    await c.send({ service: 'action-request-normal', ...hdr, classId: 15, obis: '0.0.40.0.0.255', methodId: 1, parameters: { type: 'octet-string', value: f } });
    const r = (await c.send({ service: 'action-request-normal', ...hdr, classId: 40, obis: '0.0.25.9.0.255', methodId: 1, parameters: { type: 'integer', value: 0 } })) as { result: number };
    assert.equal(r.result, 0);
    for (let i = 0; i < 100 && frames.length === 0; i++) await new Promise((res) => setTimeout(res, 20));
    await c.close();
    server.close();
    const [frame] = new HdlcDeframer().push(Buffer.concat(frames));
    assert.ok(frame, 'an HDLC frame arrived');
    assert.equal(frame.frameType, 'UI');
    assert.equal(decodeApdu(frame.info.subarray(3)).service, 'data-notification');
  });

  it('HDLC over TCP: SNRM, association, a read, release', async () => {
    const sim = await start({ transport: 'hdlc' });
    const link = new HdlcClientLink(new TcpTransport({ host: '127.0.0.1', port: sim.ports[0] }), { client: 32, logical: 1, physical: 17 });
    await link.open();
    assert.equal((decodeApdu(await link.request(encodeApdu(llsAarq()))) as Aare).result, 0);
    const r = decodeApdu(await link.request(encodeApdu({ service: 'get-request-normal', ...hdr, classId: 7, obis: '1.0.99.1.0.255', attributeId: 3, accessSelection: null })));
    assert.equal(r.service, 'get-response-normal');
    await link.close();
  });

  it('HDLC over a socat serial pair, and optical mode E', async () => {
    const pair = await startPtyPair();
    try {
      const sim = await start({ transport: 'serial', serialPath: pair.a, baudRate: 9600, meters: 2 });
      const port = new SerialTransport({ path: pair.b, baudRate: 9600 });
      const link = new HdlcClientLink(port, { client: 16, logical: 1, physical: 18 });
      await link.open();
      assert.equal((decodeApdu(await link.request(encodeApdu(aarq()))) as Aare).result, 0);
      assert.match(ldnOf(decodeApdu(await link.request(encodeApdu(LDN)))), /10000002$/);
      await link.close();
      await sim.close();

      const opt = await start({ transport: 'optical', serialPath: pair.a, baudRate: 9600 });
      const probe = new SerialTransport({ path: pair.b, baudRate: 300, dataBits: 7, parity: 'even' });
      const id = await openModeE(probe, { ackDelayMs: 20, switchDelayMs: 20 });
      assert.equal(id.baudRate, 9600);
      const ol = new HdlcClientLink(probe, { client: 16, logical: 1, physical: 17 });
      await ol.open();
      assert.equal((decodeApdu(await ol.request(encodeApdu(aarq()))) as Aare).result, 0);
      await ol.close();
      await opt.close();
    } finally {
      await pair.stop();
    }
  });
});
