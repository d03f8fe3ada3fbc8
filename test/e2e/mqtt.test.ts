/**
 * End to end over real sockets and a real broker: the meter simulator pushes a DataNotification
 * (its PushSender, TCP wrapper) to dlms-push-in, which decodes it; Node-RED's own `mqtt out` node
 * publishes the message to Mosquitto (started here on 127.0.0.1); an MQTT client subscribed to
 * the topic receives the JSON (CONTRACTS "A push").
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as mqtt from 'mqtt';
import { startSimulator, type Simulator } from '../../src/server';
import { ALL_NODES, helper, nextMessage, tempUserDir, until, type Msg } from '../nodes/helpers';
import { freePort, startMosquitto, type Broker } from './mosquitto';

const nodeRedDir = path.dirname(require.resolve(`${process.env.DLMS_NODE_RED || 'node-red'}/package.json`));
const mqttNodes = require(require.resolve('@node-red/nodes/core/network/10-mqtt.js', { paths: [nodeRedDir] }));
const T0 = Date.UTC(2026, 10, 25, 7, 45, 0);
const TOPIC = 'dlms/e2e/push';
/** The default simulated meter's Push setup 0.0.25.9.0.255, push_object_list. */
const PUSH_OBJECTS = [
  { obis: '0.0.25.9.0.255', classId: 40, attribute: 1, name: 'push setup' },
  { obis: '0.0.42.0.0.255', classId: 1, attribute: 2, name: 'logical device name' },
  { obis: '0.0.1.0.0.255', classId: 8, attribute: 2, name: 'clock' },
  { obis: '1.0.1.8.0.255', classId: 3, attribute: 2, name: 'energy' },
];
const KEYS = { encryptionKey: '000102030405060708090A0B0C0D0E0F', authenticationKey: 'D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF' };

describe('e2e: simulator push -> dlms-push-in -> mqtt out -> Mosquitto -> MQTT subscriber', function () {
  this.timeout(30000);
  let broker: Broker | undefined;
  let sim: Simulator | undefined;
  let sub: mqtt.MqttClient | undefined;
  let errors: Msg[] = [];

  before(() => helper.settings({ userDir: tempUserDir() }));
  beforeEach(() => (errors = []));
  afterEach(async () => {
    await sub?.endAsync(true).catch(() => undefined);
    sub = undefined;
    await helper.unload();
    await sim?.close();
    sim = undefined;
    await broker?.stop();
    broker = undefined;
  });

  /** Runs the flow and one push; resolves with what dlms-push-in sent and what the subscriber got. */
  async function pushThroughMqtt(opts: { ciphered: boolean }): Promise<{ sent: Msg; push: Msg; text: string }> {
    broker = await startMosquitto();
    const pushPort = await freePort();
    sim = await startSimulator({
      transport: 'tcp', host: '127.0.0.1', port: 0, clock: () => T0,
      push: { destination: `tcp://127.0.0.1:${pushPort}`, ciphered: opts.ciphered, onError: (e) => errors.push({ error: e.message }) },
    });
    const title = sim.meters[0].systemTitle.toString('hex').toUpperCase();
    const keys = JSON.stringify({ [title]: { name: 'meter-e2e', ...KEYS } });
    await helper.load([...ALL_NODES, mqttNodes], [
      { id: 'f1', type: 'tab' },
      { id: 'n1', z: 'f1', type: 'dlms-push-in', port: pushPort, bind: '127.0.0.1', tcp: true, udp: false, policy: opts.ciphered ? 'encrypted' : 'none', objects: PUSH_OBJECTS, wires: [['o1', 'h1']] },
      { id: 'o1', z: 'f1', type: 'mqtt out', broker: 'b1', topic: TOPIC, qos: '1', retain: 'false', wires: [] },
      { id: 'h1', z: 'f1', type: 'helper' },
      { id: 'ct', z: 'f1', type: 'catch', wires: [['c1']] },
      { id: 'c1', z: 'f1', type: 'helper' },
      { id: 'b1', type: 'mqtt-broker', name: 'local', broker: '127.0.0.1', port: String(broker.port), clientid: 'dlms-e2e-nodered', autoConnect: true, usetls: false, protocolVersion: '4', keepalive: '60', cleansession: true },
    ], opts.ciphered ? { n1: { keys } } : {});
    const n1 = helper.getNode('n1');
    helper.getNode('c1').on('input', (m: Msg) => errors.push({ error: m.error?.message }));
    await until(() => n1.listener?.ports.tcp === pushPort, 5000);
    await until(() => helper.getNode('b1').connected === true, 10000);

    sub = await mqtt.connectAsync(broker.url, { clientId: 'dlms-e2e-subscriber', reconnectPeriod: 0 });
    await sub.subscribeAsync(TOPIC, { qos: 1 });
    const received = new Promise<{ topic: string; text: string }>((resolve) => {
      sub!.once('message', (topic, payload) => resolve({ topic, text: payload.toString('utf8') }));
    });
    const sent = nextMessage(helper.getNode('h1'), 10000);
    sim.pushers[0].trigger();

    let timer: NodeJS.Timeout | undefined;
    const [msg, got] = await Promise.all([sent, Promise.race([
      received,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`nothing on ${TOPIC} within 10 s; broker log: ${broker?.log()}; errors: ${JSON.stringify(errors)}`)), 10000);
      }),
    ])]).finally(() => clearTimeout(timer));
    assert.deepEqual(errors, []);
    assert.equal(got.topic, TOPIC);
    const push = JSON.parse(got.text);
    // CONTRACTS "A push": the fields every push has.
    assert.ok('systemTitle' in push && 'meter' in push, got.text);
    assert.match(String(push.time), /^2026-11-25T/);
    assert.equal(typeof push.invokeId, 'number');
    assert.ok(Array.isArray(push.values) && push.values.length > 0, got.text);
    // The push objects configured on the node (as a user copies them from the meter's Push setup) name the values.
    assert.deepEqual(push.values.map((v: Msg) => v.obis), PUSH_OBJECTS.map((o) => o.obis), got.text);
    for (const v of push.values) {
      assert.ok(typeof v.name === 'string' && v.name !== '' && 'value' in v, JSON.stringify(v));
    }
    const energy = push.values.find((v: Msg) => v.obis === '1.0.1.8.0.255');
    assert.equal(energy.name, 'energy');
    assert.equal(energy.value, push.body[3]);
    assert.equal(typeof energy.value, 'number');
    assert.match(push.values.find((v: Msg) => v.obis === '0.0.1.0.0.255').value, /^2026-11-25T13:15:00\+05:30$/);
    assert.match(push.raw, /^[0-9A-F]+$/);
    // What reached the subscriber is what dlms-push-in sent, through JSON.
    assert.deepEqual(push, JSON.parse(JSON.stringify(msg.payload)));
    return { sent: msg, push, text: got.text };
  }

  it('a ciphered push (general-glo-ciphering): opened with the key table, named, published as JSON', async () => {
    const { push } = await pushThroughMqtt({ ciphered: true });
    assert.equal(push.systemTitle, sim!.meters[0].systemTitle.toString('hex').toUpperCase());
    assert.equal(push.meter, 'meter-e2e');
    assert.match(push.raw, /^DB/); // as received: ciphered
    assert.ok(!JSON.stringify(push).includes(KEYS.encryptionKey), 'no key in the published JSON');
  });

  it('a plain push: the DataNotification (0F) published as JSON', async () => {
    const { push } = await pushThroughMqtt({ ciphered: false });
    assert.match(push.raw, /^0F/);
    assert.equal(push.systemTitle, null); // a plain wrapper push carries no system title
  });
});
