import assert from 'node:assert/strict';
import { createClient, type ClientOptions } from '../../src/client';
import type { ConnectionSettingsInput } from '../../src/client/settings';
import { decodeApdu, encodeApdu } from '../../src/apdu/apdu';
import { dateTimeFromDate, encodeDateTime } from '../../src/codec/cosem-datetime';
import type { PushMessage } from '../../src/client';
import { encodeDataToBuffer } from '../../src/codec/axdr';
import { D } from '../../src/codec/data';
import { obisToBytes } from '../../src/codec/obis';
import { MemoryCounterStore } from '../../src/security/counter-store';
import type { TraceEvent } from '../../src/client/api';
import type { DlmsError } from '../../src/errors';
import { AK, CLIENT_TITLE, EK, FakeLink, ScriptedMeter, T0 } from './scripted-meter';

const BASE: ConnectionSettingsInput = { transport: 'tcp', host: '127.0.0.1', name: 'm1', utcOffset: 330 };

function client(meter: ScriptedMeter, s: ConnectionSettingsInput = {}, o: ClientOptions = {}) {
  let link: FakeLink | undefined;
  const c = createClient({ ...BASE, ...s }, {
    now: () => new Date(T0),
    link: (settings) => {
      meter.setClient(settings.clientSap);
      link = new FakeLink(meter);
      return link;
    },
    ...o,
  });
  return { c, link: () => link! };
}

async function rejects(p: Promise<unknown>, code: string, text?: RegExp): Promise<DlmsError> {
  try {
    await p;
  } catch (e) {
    const err = e as DlmsError;
    assert.equal(err.code, code, err.message);
    if (text) assert.match(err.message, text);
    return err;
  }
  assert.fail(`expected ${code}`);
}

describe('client-core: association', () => {
  it('associates without security, reads the clock in the meter offset and releases with RLRQ', async () => {
    const m = new ScriptedMeter();
    const { c } = client(m);
    await c.open();
    assert.equal(c.isOpen, true);
    const clock = await c.readClock();
    assert.equal(clock.obis, '0.0.1.0.0.255');
    assert.equal(clock.classId, 8);
    assert.equal(clock.value, '2026-03-10T11:37:30+05:30');
    assert.equal(clock.meter, 'm1');
    await c.close();
    assert.equal(c.isOpen, false);
    assert.equal(m.log[0].service, 'aarq');
    assert.equal(m.log[m.log.length - 1].service, 'rlrq');
  });

  it('LLS with the right password reads registers with scaler and unit', async () => {
    const m = new ScriptedMeter();
    const { c } = client(m, { clientSap: 32, authentication: 'low', secrets: { password: '12345678' } });
    await c.open();
    const v = await c.get('1-0:1.8.0*255');
    assert.equal(v.classId, 3);
    assert.equal(v.unit, 'Wh');
    assert.equal(typeof v.scaler, 'number');
    assert.equal(v.value, (v.raw as number) * 10 ** v.scaler!);
    assert.equal(v.name, 'Active energy import (+A), total');
    const aarq = m.log[0];
    assert.ok(aarq.service === 'aarq' && aarq.mechanismName === 'low');
    await c.close();
  });

  it('wrong LLS password -> authentication-failed naming the mechanism and the client, not the secret', async () => {
    const m = new ScriptedMeter();
    const { c } = client(m, { clientSap: 32, authentication: 'low', secrets: { password: 'secret-pw' } });
    const e = await rejects(c.open(), 'authentication-failed', /wrong LLS password for client 32/);
    assert.doesNotMatch(e.message + JSON.stringify(e.context), /secret-pw/);
    assert.equal(e.context.meter, 'm1');
    assert.equal(c.isOpen, false);
  });

  it('a rejected association (application context not supported) -> association-rejected', async () => {
    const m = new ScriptedMeter({ aare: (q) => ({ service: 'aare', applicationContextName: q.applicationContextName, result: 1, resultSourceDiagnostic: { source: 'acse-service-user', value: 2 } }) });
    const { c } = client(m);
    const e = await rejects(c.open(), 'association-rejected');
    assert.equal(e.context.diagnostic, 'application-context-name-not-supported');
  });

  it('HLS-GMAC with suite 0 authenticated-encrypted: ciphered initiate, passes 3/4, ciphered GET', async () => {
    const m = new ScriptedMeter();
    const store = new MemoryCounterStore();
    const s: ConnectionSettingsInput = {
      clientSap: 1, authentication: 'high-gmac', securityPolicy: 'authenticated-encrypted', clientSystemTitle: CLIENT_TITLE,
      secrets: { encryptionKey: EK.toString('hex'), authenticationKey: AK.toString('hex') },
    };
    const { c, link } = client(m, s, { counterStore: store });
    await c.open();
    const v = await c.get({ obis: '1.0.32.7.0.255', classId: 3 });
    assert.equal(v.unit, 'V');
    // every request after the AARQ is a glo-ciphered APDU
    const sent = link().sent;
    assert.equal(sent[0][0], 0x60);
    for (const b of sent.slice(1)) assert.ok([0xcb, 0xc8, 0xc9].includes(b[0]), `tag ${b[0].toString(16)}`);
    assert.equal(c.association?.serverSystemTitle?.toString('hex').toUpperCase(), '4D4D4D0000BC614E');
    await c.close();
    // the counter persisted: a second client continues above it
    const used = m.lastClientIc;
    const { c: c2 } = client(m, s, { counterStore: store });
    await c2.open();
    assert.ok(m.lastClientIc > used);
    await c2.close();
  });

  it('HLS-GMAC: a wrong key -> authentication-failed', async () => {
    const m = new ScriptedMeter();
    const { c } = client(m, {
      clientSap: 1, authentication: 'high-gmac', clientSystemTitle: CLIENT_TITLE,
      secrets: { encryptionKey: EK.toString('hex'), authenticationKey: '00'.repeat(16) },
    }, { counterStore: new MemoryCounterStore() });
    await rejects(c.open(), 'authentication-failed', /HLS-GMAC\) for client 1/);
  });

  it('HLS-GMAC: a meter whose f(CtoS) does not verify -> authentication-failed', async () => {
    const m = new ScriptedMeter({ badServerReply: true });
    const { c } = client(m, {
      clientSap: 1, authentication: 'high-gmac', clientSystemTitle: CLIENT_TITLE,
      secrets: { encryptionKey: EK.toString('hex'), authenticationKey: AK.toString('hex') },
    }, { counterStore: new MemoryCounterStore() });
    await rejects(c.open(), 'authentication-failed', /does not verify/);
  });

  it('invocation counter bootstrap: reads 0.0.43.1.2.255 as the public client, then uses counter + 1', async () => {
    const m = new ScriptedMeter();
    m.model.poke({ classId: 1, obis: '0.0.43.1.2.255', attribute: 2 }, { type: 'double-long-unsigned', value: 5000 });
    const saps: number[] = [];
    const store = new MemoryCounterStore();
    const c = createClient({
      ...BASE, clientSap: 1, authentication: 'high-gmac', securityPolicy: 'authenticated-encrypted', clientSystemTitle: CLIENT_TITLE,
      invocationCounter: { bootstrapObis: '0.0.43.1.2.255' },
      secrets: { encryptionKey: EK.toString('hex'), authenticationKey: AK.toString('hex') },
    }, { counterStore: store, link: (s) => (saps.push(s.clientSap), m.setClient(s.clientSap), new FakeLink(m)) });
    await c.open();
    assert.deepEqual(saps, [16, 1]);
    assert.ok(m.lastClientIc >= 5001, `client counter ${m.lastClientIc}`);
    await c.close();
  });
});

describe('client-core: services', () => {
  let m: ScriptedMeter;
  beforeEach(() => {
    m = new ScriptedMeter({ maxPdu: 256 });
  });

  it('GET of a refused attribute rejects with read-write-denied and the attribute in the context', async () => {
    const { c } = client(m);
    await c.open();
    const e = await rejects(c.get('0.0.40.0.0.255:7'), 'read-write-denied', /0\.0\.40\.0\.0\.255 \(class 15, attribute 7\)/);
    assert.deepEqual({ obis: e.context.obis, classId: e.context.classId, attribute: e.context.attribute, meter: e.context.meter }, { obis: '0.0.40.0.0.255', classId: 15, attribute: 7, meter: 'm1' });
    await c.close();
  });

  it('getMany uses GET-with-list, split by the list limit, and reports each item\'s own error', async () => {
    const { c } = client(m, { clientSap: 32, authentication: 'low', secrets: { password: '12345678' } }, { maxListItems: 2 });
    await c.open();
    const res = await c.getMany(['1.0.32.7.0.255', '1.0.52.7.0.255', '1.0.72.7.0.255', '9.9.9.9.9.9', '0.0.1.0.0.255']);
    assert.equal(res.length, 5);
    assert.equal(res[3].error?.code, 'object-undefined');
    assert.equal(res[3].value, undefined);
    for (const i of [0, 1, 2]) assert.equal(res[i].unit, 'V');
    assert.equal(res[4].value, '2026-03-10T11:37:30+05:30');
    const lists = m.log.filter((a) => a.service === 'get-request-with-list');
    assert.ok(lists.length >= 3);
    for (const l of lists) assert.ok(l.service === 'get-request-with-list' && l.attributes.length <= 2);
    await c.close();
  });

  it('long answers continue with GET-Request-Next', async () => {
    const mb = new ScriptedMeter({ blockSize: 64 });
    const { c } = client(mb, { clientSap: 32, authentication: 'low', secrets: { password: '12345678' } });
    await c.open();
    const list = await c.readObjectList();
    assert.ok(list.length > 20);
    const clock = list.find((o) => o.obis === '0.0.1.0.0.255')!;
    assert.equal(clock.className, 'Clock');
    assert.ok(clock.attributes!.some((a) => a.name === 'time' && /read/.test(a.access)));
    assert.ok(mb.log.filter((a) => a.service === 'get-request-next').length > 5);
    await c.close();
  });

  it('SET with datablocks when the value exceeds the PDU, then reads it back', async () => {
    const mm = new ScriptedMeter({ maxPdu: 64 });
    const { c } = client(mm, { clientSap: 1, authentication: 'high-gmac', clientSystemTitle: CLIENT_TITLE, secrets: { encryptionKey: EK.toString('hex'), authenticationKey: AK.toString('hex') } }, { counterStore: new MemoryCounterStore() });
    await c.open();
    // push_object_list of 10 capture definitions: about 200 octets
    const def = (obis: string) => D.structure([D.longUnsigned(3), D.octetString(obisToBytes(obis)), D.integer(2), D.longUnsigned(0)]);
    const big = D.array(Array.from({ length: 10 }, (_, i) => def(`1.0.${i + 1}.8.0.255`)));
    const w = await c.set({ obis: '0.0.25.9.0.255', classId: 40, attribute: 2 }, big);
    assert.equal(w.result, 'success');
    assert.equal(w.error, undefined);
    assert.ok(mm.log.some((a) => a.service === 'set-request-with-first-datablock'));
    assert.ok(mm.log.filter((a) => a.service === 'set-request-with-datablock').length >= 2);
    const back = await c.getData({ obis: '0.0.25.9.0.255', classId: 40, attribute: 2 });
    assert.deepEqual(encodeDataToBuffer(back), encodeDataToBuffer(big));
    // the serial number is static: the refusal comes back in the result, not as a rejection
    const ro = await c.set({ obis: '0.0.96.1.0.255', classId: 1, attribute: 2 }, { type: 'octet-string', value: 'AB' });
    assert.equal(ro.result, 'read-write-denied');
    assert.equal(ro.error?.code, 'read-write-denied');
    await c.close();
  });

  it('setClock writes the time in the meter offset (deviation per the Blue Book sign)', async () => {
    const { c } = client(m, { clientSap: 1, authentication: 'high-gmac', clientSystemTitle: CLIENT_TITLE, secrets: { encryptionKey: EK.toString('hex'), authenticationKey: AK.toString('hex') } }, { counterStore: new MemoryCounterStore() });
    await c.open();
    const w = await c.setClock(new Date(Date.UTC(2026, 0, 1, 0, 0, 0)));
    assert.equal(w.result, 'success');
    const req = m.log.find((a) => a.service === 'set-request-normal');
    assert.ok(req && req.service === 'set-request-normal' && req.value.type === 'octet-string');
    const b = req.value.value as Buffer;
    assert.equal(b[5], 5); // 05:30 local
    assert.equal(b[6], 30);
    assert.equal(b.readInt16BE(9), -330);
    await c.close();
  });

  it('ACTION: register reset', async () => {
    const { c } = client(m, { clientSap: 1, authentication: 'high-gmac', clientSystemTitle: CLIENT_TITLE, secrets: { encryptionKey: EK.toString('hex'), authenticationKey: AK.toString('hex') } }, { counterStore: new MemoryCounterStore() });
    await c.open();
    const before = await c.get({ obis: '1.0.1.8.0.255', classId: 3 });
    assert.ok((before.raw as number) > 0);
    const a = await c.action('3/1.0.1.8.0.255/1');
    assert.equal(a.result, 'success');
    const after = await c.get({ obis: '1.0.1.8.0.255', classId: 3 });
    assert.equal(after.raw, 0);
    await c.close();
  });

  it('trace events carry the hex and the decoded APDU', async () => {
    const { c } = client(m, {}, { trace: true });
    const events: TraceEvent[] = [];
    c.on('trace', (e: TraceEvent) => events.push(e));
    await c.open();
    await c.readClock();
    await c.close();
    const tx = events.filter((e) => e.direction === 'tx' && e.layer === 'apdu');
    assert.equal((tx[0].decoded as { service: string }).service, 'aarq');
    assert.ok(events.some((e) => e.direction === 'rx' && (e.decoded as { service: string })?.service === 'get-response-normal'));
    assert.deepEqual(decodeApdu(Buffer.from(tx[1].hex, 'hex')).service, 'get-request-normal');
  });

  it("the link dropping emits 'closed' once and later requests fail with connection-closed", async () => {
    const { c, link } = client(m);
    await c.open();
    const closed: unknown[] = [];
    c.on('closed', (e) => closed.push(e));
    link().drop();
    assert.equal(closed.length, 1);
    assert.equal((closed[0] as DlmsError).code, 'connection-closed');
    assert.equal(c.isOpen, false);
    await rejects(c.readClock(), 'connection-closed');
    await c.close();
  });

  it("a DataNotification received while associated is emitted as 'push'", async () => {
    const { c, link } = client(m);
    await c.open();
    const pushes: PushMessage[] = [];
    c.on('push', (p: PushMessage) => pushes.push(p));
    const dt = encodeDateTime(dateTimeFromDate(new Date(T0), 330));
    const apdu = encodeApdu({ service: 'data-notification', longInvokeId: 7, priority: 'normal', serviceClass: 'unconfirmed', processingOption: 'continue-on-error', selfDescriptive: false, dateTime: dt, body: D.structure([D.doubleLongUnsigned(1234), D.visibleString('alarm')]) });
    link().emit('push', apdu);
    assert.equal(pushes.length, 1);
    assert.equal(pushes[0].invokeId, 7);
    assert.equal(pushes[0].time, '2026-03-10T11:37:30+05:30');
    assert.deepEqual(pushes[0].values.map((v) => v.value), [1234, 'alarm']);
    assert.equal(pushes[0].raw, apdu.toString('hex').toUpperCase());
    await c.close();
  });
});
