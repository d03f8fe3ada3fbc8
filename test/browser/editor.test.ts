/**
 * The editor in a real browser (headless Chromium from Debian, driven by playwright-core):
 * Node-RED from devDependencies with this package linked into a temporary user directory, the
 * meter simulator on 127.0.0.1. The palette, the dlms-meter config dialog, the object browser
 * against the simulator, a deploy from the editor, and a read value in the debug sidebar.
 * Screenshots go to test/screenshots/ (git-ignored).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startSimulator, type Simulator } from '../../src/server';
import { startNodeRed, type NodeRed } from './node-red';

// What the page code sees (this project's tsconfig has no DOM lib): the editor's globals.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
declare const window: { RED: Any; $: Any };
declare const document: { querySelectorAll(selector: string): ArrayLike<{ value: string }> };

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SHOTS = path.resolve(__dirname, '../screenshots');
const PALETTE = [
  { type: 'dlms-read', label: 'read' },
  { type: 'dlms-write', label: 'write' },
  { type: 'dlms-profile', label: 'profile' },
  { type: 'dlms-push-in', label: 'push in' },
];
const CONFIG_NODES = ['dlms-meter', 'dlms-link'];
const ENERGY = '1.0.1.8.0.255';

describe('editor in headless Chromium (Node-RED + simulator on 127.0.0.1)', function () {
  this.timeout(60000);
  let sim: Simulator;
  let red: NodeRed;
  let context: BrowserContext;
  let page: Page;
  let profileDir: string;
  const pageErrors: string[] = [];

  const shot = async (name: string): Promise<void> => {
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, `editor-${name}.png`) });
  };

  before(async function () {
    this.timeout(90000);
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install the Debian package chromium (.ci/run does, from .ci/apt-packages)`);
    [sim, red] = await Promise.all([startSimulator({ transport: 'tcp', host: '127.0.0.1', port: 0 }), startNodeRed()]);
    profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dlms-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // Only this Node-RED: anything else the page asks for (fonts, CDNs) is refused, never fetched.
    await page.route('**/*', (route) => (route.request().url().startsWith(red.url) || route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    await page.goto(red.url);
    await page.locator('.red-ui-palette-node[data-palette-type="inject"]').waitFor({ state: 'visible', timeout: 30000 });
    await page.locator('#red-ui-loading-progress').waitFor({ state: 'hidden', timeout: 30000 });
  });

  after(async () => {
    await context?.close().catch(() => undefined);
    await red?.stop();
    await sim?.close();
    if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
  });

  it('loads the editor with every dlms node in the palette, labelled, in the DLMS/COSEM category', async () => {
    await shot('1-loaded');
    for (const { type, label } of PALETTE) {
      const node = page.locator(`.red-ui-palette-node[data-palette-type="${type}"]`);
      await node.waitFor({ state: 'visible', timeout: 5000 });
      assert.equal((await node.locator('.red-ui-palette-label').innerText()).trim(), label, type);
      // Node-RED keeps the category as declared; its label comes from palette.label.DLMS_COSEM.
      const category = await node.evaluate((el) => {
        const c = el.closest('.red-ui-palette-category');
        return { declared: window.$(c).data('category'), shown: c?.querySelector('.red-ui-palette-header')?.textContent?.trim() };
      });
      assert.equal(category.declared, 'DLMS/COSEM', type);
      assert.equal(category.shown, 'DLMS/COSEM', type);
    }
    const config = await page.evaluate((types) => types.map((t) => window.RED.nodes.getType(t)?.category), CONFIG_NODES);
    assert.deepEqual(config, ['config', 'config']);
    assert.deepEqual(pageErrors, []);
  });

  it('the dlms-meter dialog opens from a read node, tests the connection, and the object browser lists the simulator objects', async () => {
    const flow = [
      { id: 'tab1', type: 'tab', label: 'DLMS browser test' },
      { id: 'm1', type: 'dlms-meter', name: 'Simulator', transport: 'tcp', host: '127.0.0.1', port: String(sim.ports[0]), clientSap: 32, logicalAddress: 1, authentication: 'low', securityPolicy: 'none' },
      { id: 'i1', type: 'inject', z: 'tab1', name: 'go', props: [{ p: 'payload' }], repeat: '', once: false, topic: '', payload: '', payloadType: 'date', x: 120, y: 80, wires: [['r1']] },
      { id: 'r1', type: 'dlms-read', z: 'tab1', name: 'Read energy', meter: 'm1', items: [], x: 320, y: 80, wires: [['d1']] },
      { id: 'd1', type: 'debug', z: 'tab1', name: 'energy', active: true, tosidebar: true, console: false, tostatus: false, complete: 'payload', targetType: 'msg', x: 520, y: 80, wires: [] },
    ];
    await page.evaluate((f) => {
      const RED = window.RED;
      RED.view.importNodes(f, { generateIds: false, addFlow: false, touchImport: true });
    }, flow);
    await page.mouse.click(700, 500);
    await page.evaluate(() => window.RED.workspaces.show('tab1'));
    await shot('2-imported');

    await page.evaluate(() => { const RED = window.RED; RED.editor.edit(RED.nodes.node('r1')); });
    await page.locator('#node-input-browse').waitFor({ state: 'visible', timeout: 10000 });
    await shot('3-read-dialog');
    // The pencil beside the meter select (Node-RED 4: #node-input-btn-meter-edit; 3.x: #node-input-lookup-meter).
    await page.locator('#node-input-btn-meter-edit, #node-input-lookup-meter').first().click({ timeout: 5000 });
    const host = page.locator('#node-config-input-host');
    await host.waitFor({ state: 'visible', timeout: 10000 });
    assert.equal(await host.inputValue(), '127.0.0.1');
    assert.equal(await page.locator('#node-config-input-port').inputValue(), String(sim.ports[0]));
    await shot('4-meter-dialog');

    // The password is typed in, as a user would (a credential: it never goes into flows.json).
    const tab = async (id: string, label: RegExp): Promise<void> => {
      for (let i = 0; i < 5 && !(await page.locator(`#dlms-meter-tab-${id}`).isVisible()); i++) {
        await page.locator('#dlms-meter-tabs').getByText(label).first().click();
        await page.waitForTimeout(200);
      }
      await page.locator(`#dlms-meter-tab-${id}`).waitFor({ state: 'visible', timeout: 2000 });
    };
    await tab('security', /^Security$/);
    const password = page.locator('#node-config-input-password');
    await password.waitFor({ state: 'visible', timeout: 5000 });
    await password.fill('12345678');
    await shot('5-meter-security');
    await tab('connection', /^Connection$/);
    await page.locator('#node-config-test-connection').click();
    const result = page.locator('#node-config-test-result.dlms-ok');
    await result.waitFor({ state: 'visible', timeout: 20000 }).catch(async (e) => {
      throw new Error(`test connection: ${await page.locator('#node-config-test-result').innerText()} (${e.message})`);
    });
    await shot('6-test-connection');
    await page.locator('#node-config-dialog-ok').click();
    await host.waitFor({ state: 'detached', timeout: 10000 });

    await page.locator('#node-input-browse').click();
    const rows = page.locator('#dlms-browser-list .dlms-browser-row');
    await rows.first().waitFor({ state: 'visible', timeout: 30000 }).catch(async (e) => {
      throw new Error(`object browser: ${await page.locator('#dlms-browser-status').innerText().catch(() => '?')} (${e.message})`);
    });
    const listed = await rows.allInnerTexts();
    assert.ok(listed.length >= 10, `only ${listed.length} objects listed`);
    for (const obis of [ENERGY, '1.0.32.7.0.255', '0.0.1.0.0.255']) {
      assert.ok(listed.some((r) => r.includes(obis)), `${obis} not listed: ${listed.slice(0, 5).join(' | ')}`);
    }
    await shot('7-object-browser');
    await page.locator('#dlms-browser-filter').fill(ENERGY);
    const energyRow = rows.filter({ hasText: ENERGY }).first();
    await energyRow.locator('.dlms-browser-pick').check();
    await page.locator('#dlms-browser-add').click();
    const obisInputs = page.locator('#node-input-items-container .node-input-item-obis');
    await page.waitForFunction(() => Array.from(document.querySelectorAll('#node-input-items-container .node-input-item-obis')).some((i) => i.value === '1.0.1.8.0.255'), undefined, { timeout: 5000 });
    assert.ok((await obisInputs.count()) >= 1);
    await shot('8-item-added');
    await page.locator('#node-dialog-ok').click();
    await page.locator('#node-input-browse').waitFor({ state: 'detached', timeout: 10000 });
    assert.deepEqual(pageErrors, []);
  });

  it('deploys from the editor, and an inject shows the read value in the debug sidebar', async () => {
    await page.locator('#red-ui-header-button-deploy').click();
    await page.locator('.red-ui-notification', { hasText: /deployed/i }).first().waitFor({ state: 'visible', timeout: 15000 });
    await shot('9-deployed');
    const flows = JSON.parse((await red.get('flows')).body) as Array<Record<string, Any>>;
    const read = flows.find((n) => n.id === 'r1');
    assert.ok(read && read.items.some((i: { obis: string }) => i.obis === ENERGY), JSON.stringify(read));
    assert.ok(!JSON.stringify(flows).includes('12345678'), 'the password is not in flows.json');

    await page.evaluate(() => window.RED.sidebar.show('debug'));
    await page.evaluate(() => window.RED.view.select('i1'));
    // The inject node's button in the workspace.
    const button = page.locator('[id="i1"] .red-ui-flow-node-button');
    if (await button.count()) await button.first().click();
    else await page.evaluate(() => fetch('inject/i1', { method: 'POST' }));
    const msg = page.locator('.red-ui-debug-msg').filter({ hasText: 'energy' }).first();
    await msg.waitFor({ state: 'visible', timeout: 20000 }).catch(async (e) => {
      throw new Error(`no debug message: ${await page.locator('#red-ui-sidebar-content').innerText().catch(() => '?')} ${red.log().slice(-2000)} (${e.message})`);
    });
    await shot('10-debug');
    const text = await msg.innerText();
    // The item picked in the object browser, named by the meter's object list, with its value.
    const value = /Active energy import[^:]*:\s*(\d+(?:\.\d+)?)/.exec(text);
    assert.ok(value && Number(value[1]) > 0, `no energy value in the debug message: ${text}`);
    assert.ok(!/error/i.test(text), text);
    assert.deepEqual(pageErrors, []);
  });

  it('TypedInputs: dlms-write offers target and value sources; dlms-profile takes its OBIS from msg.profile once set in the dialog', async () => {
    const flow = [
      { id: 'w1', type: 'dlms-write', z: 'tab1', name: '', meter: 'm1', operation: 'set', target: '3/1.0.1.8.0.255/2', x: 320, y: 160, wires: [[]] },
      { id: 'i2', type: 'inject', z: 'tab1', name: 'profile go', props: [{ p: 'payload' }, { p: 'profile', v: '1.0.99.1.0.255', vt: 'str' }], repeat: '', once: false, topic: '', payload: '', payloadType: 'date', x: 120, y: 240, wires: [['p1']] },
      { id: 'p1', type: 'dlms-profile', z: 'tab1', name: 'Block profile', meter: 'm1', obis: '0.0.99.98.0.255', range: 'last', last: 2, lastUnit: 'hours', x: 320, y: 240, wires: [['d2']] },
      { id: 'd2', type: 'debug', z: 'tab1', name: 'rows', active: true, tosidebar: true, console: false, tostatus: false, complete: 'profile', targetType: 'msg', x: 520, y: 240, wires: [] },
    ];
    await page.evaluate((f) => window.RED.view.importNodes(f, { generateIds: false, addFlow: false, touchImport: true }), flow);
    await page.mouse.click(700, 600);

    // dlms-write: both fields are TypedInputs; old nodes open with a typed-in target and msg.payload as value.
    await page.evaluate(() => { const RED = window.RED; RED.editor.edit(RED.nodes.node('w1')); });
    await page.locator('.dlms-write-target .red-ui-typedInput-container').waitFor({ state: 'visible', timeout: 10000 });
    const write = await page.evaluate(() => {
      const $ = window.$;
      return { target: $('#node-input-target').typedInput('type'), value: $('#node-input-value').typedInput('type'), valueText: $('#node-input-value').typedInput('value') };
    });
    assert.deepEqual(write, { target: 'str', value: 'msg', valueText: 'payload' });
    await page.locator('#node-dialog-ok').waitFor({ state: 'visible', timeout: 5000 });
    await page.waitForTimeout(400); // the tray slides in
    await shot('11-write-typed-inputs');
    await page.locator('#node-dialog-cancel').click();
    await page.locator('#node-input-value').waitFor({ state: 'detached', timeout: 10000 });

    // dlms-profile: switch the OBIS field to msg. through the TypedInput's own type menu.
    await page.evaluate(() => { const RED = window.RED; RED.editor.edit(RED.nodes.node('p1')); });
    const obisRow = page.locator('.form-row', { has: page.locator('#node-input-obis') });
    await obisRow.locator('.red-ui-typedInput-container').waitFor({ state: 'visible', timeout: 10000 });
    await obisRow.locator('.red-ui-typedInput-type-select').first().click();
    await page.locator('.red-ui-typedInput-options:visible a[value="msg"]').first().click();
    const typed = obisRow.locator('input.red-ui-typedInput-input').first();
    await typed.fill('profile');
    await typed.press('Tab');
    // The node was imported without scalers/output (as from an older version): the selects show the defaults.
    assert.deepEqual(await page.evaluate(() => [window.$('#node-input-scalers').val(), window.$('#node-input-output').val()]), ['auto', 'single']);
    await shot('12-profile-obis-from-msg');
    await page.locator('#node-dialog-ok').click();
    await page.locator('#node-input-obis').waitFor({ state: 'detached', timeout: 10000 });
    const saved = await page.evaluate(() => { const n = window.RED.nodes.node('p1'); return { obis: n.obis, obisType: n.obisType }; });
    assert.deepEqual(saved, { obis: 'profile', obisType: 'msg' });

    await page.locator('#red-ui-header-button-deploy').click();
    const deployed = Date.now();
    for (;;) {
      const flows = JSON.parse((await red.get('flows')).body) as Array<Record<string, Any>>;
      const p1 = flows.find((n) => n.id === 'p1');
      if (p1?.obisType === 'msg') break;
      if (Date.now() - deployed > 15000) throw new Error(`not deployed: ${JSON.stringify(p1)}`);
      await page.waitForTimeout(200);
    }
    await page.evaluate(() => fetch('inject/i2', { method: 'POST' }));
    const msg = page.locator('.red-ui-debug-msg').filter({ hasText: 'rows' }).first();
    await msg.waitFor({ state: 'visible', timeout: 20000 }).catch(async (e) => {
      throw new Error(`no profile debug message: ${await page.locator('#red-ui-sidebar-content').innerText().catch(() => '?')} ${red.log().slice(-2000)} (${e.message})`);
    });
    await shot('13-profile-debug');
    // msg.profile of the output names the profile read: the OBIS came from the message, not the node's 0.0.99.98.0.255.
    const text = await msg.innerText();
    assert.match(text, /1\.0\.99\.1\.0\.255/, text);
    assert.ok(!/error/i.test(text), text);
    assert.deepEqual(pageErrors, []);
  });

  it('dlms-push-in: the push object list keeps its rows through the dialog (numbers as numbers, empty fields left out)', async () => {
    const objects = [
      { obis: '0.0.1.0.0.255', classId: 8, attribute: 2, name: 'Clock' },
      { obis: '1.0.1.8.0.255', classId: 3, attribute: 2, scaler: -3, unit: 'kWh', name: 'Import' },
      { obis: '1.0.32.7.0.255' },
    ];
    await page.evaluate((o) => window.RED.view.importNodes([{ id: 'pi1', type: 'dlms-push-in', z: 'tab1', name: '', tcp: true, udp: false, port: 4059, bind: '127.0.0.1', objects: o, x: 120, y: 320, wires: [[]] }], { generateIds: false, addFlow: false, touchImport: true }), objects);
    await page.mouse.click(700, 650);
    await page.evaluate(() => { const RED = window.RED; RED.editor.edit(RED.nodes.node('pi1')); });
    const rows = page.locator('#node-input-objects-container .node-input-object-obis');
    await rows.first().waitFor({ state: 'visible', timeout: 10000 });
    assert.equal(await rows.count(), 3);
    await page.locator('#node-input-objects-container .node-input-object-scaler').nth(2).fill('-1');
    await page.locator('#node-input-objects-container .node-input-object-name').nth(2).fill('Voltage L1');
    await shot('14-push-in-objects');
    await page.locator('#node-dialog-ok').click();
    await page.locator('#node-input-objects-container').waitFor({ state: 'detached', timeout: 10000 });
    const saved = await page.evaluate(() => window.RED.nodes.node('pi1').objects);
    assert.deepEqual(saved, [objects[0], objects[1], { obis: '1.0.32.7.0.255', scaler: -1, name: 'Voltage L1' }]);
    assert.deepEqual(pageErrors, []);
  });
});
