/**
 * The editor scripts of nodes/*.html run (with a stub RED and jQuery outside the dialog): every
 * node registers in its category with its defaults, the defaults pass their own validators, and
 * typical mistakes get a message (a string), as Node-RED 3.1+ shows it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

type Def = { category: string; defaults: Record<string, { value: unknown; validate?: (this: unknown, v: unknown) => true | string }>; label: (this: unknown) => string; _?: (k: string) => string };
const defs: Record<string, Def> = {};
const win: Record<string, unknown> = {};

before(() => {
  const RED = { nodes: { registerType: (t: string, d: Def) => { d._ = (k: string) => k; defs[t] = d; }, getType: (t: string) => defs[t] }, settings: {} };
  const $ = (): { length: number } => ({ length: 0 }); // no dialog open: validators use the node's values
  for (const f of ['dlms-meter', 'dlms-link', 'dlms-read', 'dlms-write', 'dlms-profile', 'dlms-push-in']) {
    const html = fs.readFileSync(path.join(__dirname, '../../nodes', `${f}.html`), 'utf8');
    for (const m of html.matchAll(/<script type="text\/javascript">([\s\S]*?)<\/script>/g)) new Function('RED', '$', 'window', m[1])(RED, $, win);
  }
});

function check(type: string, node: Record<string, unknown>, without: string[] = []): Record<string, true | string> {
  const d = defs[type];
  const values: Record<string, unknown> = { ...Object.fromEntries(Object.entries(d.defaults).map(([k, v]) => [k, v.value])), ...node };
  for (const k of without) delete values[k];
  const out: Record<string, true | string> = {};
  for (const [k, v] of Object.entries(d.defaults)) if (v.validate) out[k] = v.validate.call(values, values[k]);
  return out;
}

describe('editor scripts', () => {
  it('register every node; flow nodes in DLMS/COSEM, meter and link as config nodes', () => {
    assert.deepEqual(Object.keys(defs).sort(), ['dlms-link', 'dlms-meter', 'dlms-profile', 'dlms-push-in', 'dlms-read', 'dlms-write']);
    for (const t of ['dlms-read', 'dlms-write', 'dlms-profile', 'dlms-push-in']) assert.equal(defs[t].category, 'DLMS/COSEM');
    assert.equal(defs['dlms-meter'].category, 'config');
    assert.equal(defs['dlms-meter'].defaults.port.value, 4059);
    assert.equal(defs['dlms-meter'].defaults.clientSap.value, 16);
    assert.equal(defs['dlms-meter'].defaults.baud.value, 9600);
    assert.ok(win.DlmsCosemEditor);
  });

  it('the defaults (with a host) are valid', () => {
    const all = [check('dlms-meter', { host: '10.0.0.7' }), check('dlms-link', {}), check('dlms-read', {}), check('dlms-write', { target: '3/1.0.1.8.0.255/2' }), check('dlms-profile', {}), check('dlms-push-in', {})];
    for (const r of all) for (const [k, v] of Object.entries(r)) assert.equal(v, true, `${k}: ${v}`);
  });

  it('mistakes get a message', () => {
    assert.equal(typeof check('dlms-meter', { host: '' }).host, 'string');
    assert.equal(check('dlms-meter', { transport: 'serial', host: '' }).host, true);
    assert.equal(typeof check('dlms-meter', { transport: 'serial', serialPath: '' }).serialPath, 'string');
    assert.equal(typeof check('dlms-meter', { host: 'h', port: 70000 }).port, 'string');
    assert.equal(check('dlms-meter', { host: 'h', port: '${DLMS_SIM_PORT}' }).port, true);
    assert.equal(typeof check('dlms-meter', { host: 'h', serverSystemTitle: 'xyz' }).serverSystemTitle, 'string');
    assert.equal(typeof check('dlms-meter', { host: 'h', counterBootstrapObis: '1.2.3' }).counterBootstrapObis, 'string');
    assert.equal(typeof check('dlms-read', { items: [{ obis: '1.0.1.8.0' }, { obis: '1-0:1.8.0*256' }] }).items, 'string');
    assert.equal(check('dlms-read', { items: [{ obis: '1-0:1.8.0*255' }, { obis: '0100010800FF', attribute: 2 }] }).items, true);
    assert.equal(typeof check('dlms-write', { operation: 'set', target: '' }).target, 'string');
    assert.equal(check('dlms-write', { operation: 'clock-sync', target: '' }).target, true);
    assert.equal(typeof check('dlms-profile', { obis: '99.1' }).obis, 'string');
    assert.equal(typeof check('dlms-profile', { range: 'absolute', from: 'yesterday' }).from, 'string');
    assert.equal(typeof check('dlms-push-in', { tcp: false, udp: false }).tcp, 'string');
  });

  it('nodes saved before the TypedInput fields existed stay valid (Node-RED loads them without the new defaults)', () => {
    const all = [
      check('dlms-read', {}, ['request', 'requestType']),
      check('dlms-write', { target: '3/1.0.1.8.0.255/2' }, ['targetType', 'value', 'valueType']),
      check('dlms-profile', { range: 'absolute', from: '2026-11-25T00:00:00Z' }, ['obisType', 'lastType', 'fromType', 'toType']),
    ];
    for (const r of all) for (const [k, v] of Object.entries(r)) assert.equal(v, true, `${k}: ${v}`);
    assert.equal(typeof check('dlms-write', { target: 'nonsense' }, ['targetType']).target, 'string');
  });

  it('TypedInput fields: typed-in values are checked, values from msg/flow/env need their source', () => {
    assert.equal(typeof check('dlms-read', { request: '' }).request, 'string');
    assert.equal(check('dlms-read', { request: 'topic', requestType: 'msg' }).request, true);
    assert.equal(check('dlms-write', { target: 'ref', targetType: 'msg' }).target, true);
    assert.equal(typeof check('dlms-write', { target: '', targetType: 'msg' }).target, 'string');
    assert.equal(typeof check('dlms-write', { target: 'not a ref', targetType: 'str' }).target, 'string');
    assert.equal(check('dlms-write', { operation: 'clock-sync', target: '', targetType: 'msg' }).target, true);
    assert.equal(check('dlms-write', { target: '3/1.0.1.8.0.255/2', value: '42', valueType: 'num' }).value, true);
    assert.equal(typeof check('dlms-write', { target: '3/1.0.1.8.0.255/2', value: '{oops', valueType: 'json' }).value, 'string');
    assert.equal(typeof check('dlms-write', { target: '3/1.0.1.8.0.255/2', value: '', valueType: 'flow' }).value, 'string');
    assert.equal(check('dlms-write', { operation: 'clock-sync', value: '', valueType: 'flow' }).value, true);
    assert.equal(check('dlms-profile', { obis: 'profile', obisType: 'msg' }).obis, true);
    assert.equal(typeof check('dlms-profile', { obis: '', obisType: 'env' }).obis, 'string');
    assert.equal(check('dlms-profile', { range: 'last', last: 'span', lastType: 'flow' }).last, true);
    assert.equal(typeof check('dlms-profile', { range: 'last', last: 'span', lastType: 'num' }).last, 'string');
    assert.equal(check('dlms-profile', { range: 'absolute', from: 'window.start', fromType: 'msg', to: '', toType: 'msg' }).from, true);
    assert.equal(typeof check('dlms-profile', { range: 'absolute', from: 'window.start', fromType: 'msg', to: '', toType: 'msg' }).to, 'string');
  });
});
