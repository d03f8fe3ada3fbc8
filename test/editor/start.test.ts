/**
 * `npm start` (scripts/start.js): builds if needed, starts the simulator and Node-RED with the demo
 * flow, a debug message with read values arrives, Ctrl-C (SIGINT) stops both processes.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';

const ROOT = path.resolve(__dirname, '../..');

function get(port: number, p: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: p, timeout: 3000 }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject).on('timeout', function (this: http.ClientRequest) {
      this.destroy(new Error('timeout'));
    });
  });
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm start (scripts/start.js)', function () {
  this.timeout(180000);
  let proc: ChildProcess | undefined;
  let userDir: string;
  before(() => {
    userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dlms-start-'));
  });
  after(() => {
    if (proc && proc.exitCode === null) proc.kill('SIGKILL');
    fs.rmSync(userDir, { recursive: true, force: true });
  });

  it('runs the simulator and Node-RED with the demo flow; a read value reaches the debug node; Ctrl-C stops both', async () => {
    // Ports 0: the script takes free ones (as it does when 4059 / 1880 are taken).
    proc = spawn(process.execPath, [path.join(ROOT, 'scripts/start.js')], {
      cwd: ROOT,
      env: { ...process.env, DLMS_START_USER_DIR: userDir, DLMS_SIM_PORT: '0', NODE_RED_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stdout!.on('data', (d) => (out += d));
    proc.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => proc!.once('exit', (code) => resolve(code)));

    const until = async (what: string, cond: () => boolean, ms: number): Promise<void> => {
      const end = Date.now() + ms;
      while (!cond()) {
        if (Date.now() > end || proc!.exitCode !== null) throw new Error(`${what} not seen; output:\n${out.slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    await until('the banner', () => /Node-RED with .*http:\/\/127\.0\.0\.1:(\d+)\//.test(out), 150000);
    const uiPort = Number(/http:\/\/127\.0\.0\.1:(\d+)\//.exec(out)![1]);
    const simPort = Number(/tcp:\/\/127\.0\.0\.1:(\d+)\?client=16/.exec(out)![1]);
    const pids = /simulator pid (\d+), Node-RED pid (\d+)/.exec(out)!.slice(1).map(Number);
    assert.notEqual(simPort, 0);
    assert.match(out, /client 32 +reader, LLS password 12345678/);

    // The admin API answers and the demo flow is deployed (without the password in flows.json).
    const flows = await get(uiPort, '/flows');
    assert.equal(flows.status, 200);
    const nodes = JSON.parse(flows.body) as { type: string; port?: string }[];
    assert.ok(nodes.some((n) => n.type === 'dlms-read'));
    assert.equal(nodes.find((n) => n.type === 'dlms-meter')!.port, '${DLMS_SIM_PORT}');
    assert.ok(!fs.readFileSync(path.join(userDir, 'flows.json'), 'utf8').includes('"password"'));
    const settings = await get(uiPort, '/settings');
    assert.equal(settings.status, 200);
    assert.ok(fs.readFileSync(path.join(userDir, 'settings.js'), 'utf8').includes('tours: false'));

    // A debug message with read values (the debug node also logs to the console).
    await until('a debug message with values', () => /\[debug:Meter values\][\s\S]*energyImport: \d/.test(out), 30000);
    // No error from the meter node (as when it started without its password).
    assert.doesNotMatch(out, /\[error\] \[dlms-meter/);

    proc.kill('SIGINT');
    const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('timeout'), 20000))]);
    assert.equal(code, 0, out.slice(-2000));
    assert.match(out, /\[start\] stopped/);
    for (const pid of pids) assert.equal(alive(pid), false, `pid ${pid} still running`);
  });
});
