/**
 * A real Node-RED for the browser tests: the node-red package from devDependencies in a child
 * process, on 127.0.0.1 and a free port, with a temporary user directory (generated settings:
 * telemetry, diagnostics, update checks and tours off) into which this package is linked, as a
 * user's `npm install` would put it. It loads the built nodes (dist/, made by `npm test`'s pretest).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '../e2e/mosquitto';

const ROOT = path.resolve(__dirname, '../..');
const PKG = require(path.join(ROOT, 'package.json'));

export interface NodeRed {
  readonly url: string;
  readonly port: number;
  readonly userDir: string;
  log(): string;
  get(p: string): Promise<{ status: number; body: string }>;
  stop(): Promise<void>;
}

function settings(port: number, userDir: string): string {
  return `module.exports = {
  uiHost: '127.0.0.1',
  uiPort: ${port},
  userDir: ${JSON.stringify(userDir)},
  flowFile: 'flows.json',
  credentialSecret: false,
  diagnostics: { enabled: false, ui: false },
  telemetry: { enabled: false, updateNotification: false },
  runtimeState: { enabled: false, ui: false },
  editorTheme: { tours: false, projects: { enabled: false } },
  logging: { console: { level: 'info', metrics: false, audit: false } },
  externalModules: { autoInstall: false, palette: { allowInstall: false }, modules: { allowInstall: false } },
};
`;
}

export async function startNodeRed(): Promise<NodeRed> {
  for (const f of Object.values(PKG['node-red'].nodes) as string[]) {
    if (!fs.existsSync(path.join(ROOT, f))) throw new Error(`${f} is missing: npm run build first (npm test does)`);
  }
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dlms-browser-nr-'));
  const port = await freePort();
  fs.writeFileSync(path.join(userDir, 'settings.js'), settings(port, userDir));
  fs.writeFileSync(path.join(userDir, 'package.json'), JSON.stringify({ name: 'node-red-user', version: '0.0.0', private: true, dependencies: { [PKG.name]: `file:${ROOT}` } }, null, 2));
  const link = path.join(userDir, 'node_modules', ...PKG.name.split('/'));
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.symlinkSync(ROOT, link, 'dir');

  const redJs = require.resolve('node-red/red.js', { paths: [ROOT] });
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [redJs, '--userDir', userDir, '--settings', path.join(userDir, 'settings.js')], {
    cwd: userDir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_RED_ENABLE_TOURS: 'false' },
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  let exited = false;
  const exit = new Promise<void>((r) => child.once('exit', () => { exited = true; r(); }));
  const url = `http://127.0.0.1:${port}/`;
  const get = (p: string): Promise<{ status: number; body: string }> => new Promise((resolve, reject) => {
    const req = http.get(url + p.replace(/^\//, ''), { timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
  const stop = async (): Promise<void> => {
    if (!exited) {
      child.kill('SIGINT');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(t);
    }
    fs.rmSync(userDir, { recursive: true, force: true });
  };
  const end = Date.now() + 30_000;
  for (;;) {
    if (exited) break;
    const ok = await get('settings').then((r) => r.status === 200 && /Started flows/.test(output), () => false);
    if (ok) return { url, port, userDir, log: () => output, get, stop };
    if (Date.now() > end) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`Node-RED did not start on ${url}:\n${output}`);
}
