import assert from 'node:assert/strict';
import { createClient } from '../../src/client';
import type { TraceEvent } from '../../src/client/api';
import { HdlcServerLink } from '../../src/link/session/hdlc-server-link';
import { WrapperServerLink } from '../../src/link/session/wrapper-links';
import { TcpServerTransport } from '../../src/transport/tcp-server';
import type { DlmsError } from '../../src/errors';
import { line } from '../link/memory-line';
import { ScriptedMeter, T0 } from './scripted-meter';

const LLS = { clientSap: 32, authentication: 'low' as const, secrets: { password: '12345678' }, utcOffset: 330, name: 'loop' };

describe('client-core: real links', () => {
  it('wrapper over loopback TCP: associate, getMany, wrapper trace frames, release', async () => {
    const meter = new ScriptedMeter();
    meter.setClient(32);
    const server = new TcpServerTransport({ port: 0 });
    const links: WrapperServerLink[] = [];
    server.on('connection', (t) => {
      const l = new WrapperServerLink(t);
      links.push(l);
      l.on('apdu', (a) => void l.reply(meter.handle(a)));
    });
    const port = await server.listen();
    const c = createClient({ transport: 'tcp', host: '127.0.0.1', port, ...LLS }, { trace: true, now: () => new Date(T0) });
    const trace: TraceEvent[] = [];
    c.on('trace', (e: TraceEvent) => trace.push(e));
    try {
      await c.open();
      const r = await c.getMany(['1.0.32.7.0.255', '0.0.1.0.0.255']);
      assert.equal(r[0].unit, 'V');
      assert.equal(r[1].value, '2026-03-10T11:37:30+05:30');
      assert.ok(trace.some((e) => e.layer === 'wrapper' && e.direction === 'tx'));
      assert.ok(trace.some((e) => e.layer === 'wrapper' && e.direction === 'rx' && (e.decoded as { valid?: boolean }).valid === true));
    } finally {
      await c.close();
      for (const l of links) await l.close();
      await server.close();
    }
    assert.equal(meter.log[meter.log.length - 1].service, 'rlrq');
  });

  it('a refused TCP connection fails open() with connection-refused and the meter name', async () => {
    const server = new TcpServerTransport({ port: 0 });
    const port = await server.listen();
    await server.close();
    const c = createClient({ transport: 'tcp', host: '127.0.0.1', port, name: 'gone' });
    await assert.rejects(c.open(), (e: DlmsError) => e.code === 'connection-refused' && e.context.meter === 'gone');
    assert.equal(c.isOpen, false);
  });

  it('the server closing the TCP connection emits closed', async () => {
    const meter = new ScriptedMeter();
    meter.setClient(32);
    const server = new TcpServerTransport({ port: 0 });
    server.on('connection', (t) => {
      const l = new WrapperServerLink(t);
      l.on('apdu', (a) => void l.reply(meter.handle(a)));
    });
    const port = await server.listen();
    const c = createClient({ transport: 'tcp', host: '127.0.0.1', port, ...LLS });
    await c.open();
    const closed = new Promise<unknown>((resolve) => c.once('closed', resolve));
    await server.close();
    await closed;
    assert.equal(c.isOpen, false);
    await c.close();
  });

  it('HDLC on an in-memory serial line: SNRM, AARQ, profile read with GET-next, DISC', async () => {
    const [a, b] = line(115200);
    const meter = new ScriptedMeter({ blockSize: 100 });
    meter.setClient(32);
    const srv = new HdlcServerLink(b, { logical: 1, physical: 17, addressSize: 2 });
    srv.on('apdu', (x) => void srv.reply(meter.handle(x)));
    const c = createClient({ transport: 'serial', serialPath: '/dev/null', ...LLS }, { transport: () => a, trace: true });
    const trace: TraceEvent[] = [];
    c.on('trace', (e: TraceEvent) => trace.push(e));
    try {
      await c.open();
      const p = await c.readProfile('1.0.99.1.0.255', { fromEntry: 1, toEntry: 3 });
      assert.equal(p.rows.length, 3);
      assert.ok(meter.log.some((x) => x.service === 'get-request-next'));
      assert.ok(trace.some((e) => e.layer === 'hdlc' && (e.decoded as { control?: { frameType: string } })?.control?.frameType === 'SNRM'));
    } finally {
      await c.close();
      await srv.close();
      await b.close();
    }
  });
});
