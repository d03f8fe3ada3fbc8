/**
 * The simulator in a child process, so that a benchmark measures the client's process alone and
 * the two use both cores. Started by startSimulatorChild(); talks over the IPC channel:
 *   parent -> { cmd: 'start', options }   child -> { ports } | { error }
 *   parent -> { cmd: 'stats' }            child -> { rss, connections }
 *   parent -> { cmd: 'close' }            child closes the simulator and exits.
 * The child also exits when the parent goes away (IPC 'disconnect').
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/server';

type Msg = { cmd: 'start'; options: SimulatorOptions } | { cmd: 'stats' } | { cmd: 'close' };

export interface SimulatorChild {
  ports: number[];
  stats(): Promise<{ rss: number; connections: number }>;
  close(): Promise<void>;
}

function ask<T>(child: ChildProcess, msg: Msg, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => {
      child.off('message', on);
      reject(new Error(`simulator child did not answer ${msg.cmd} within ${timeoutMs} ms`));
    }, timeoutMs);
    const on = (m: unknown): void => {
      clearTimeout(t);
      child.off('message', on);
      const r = m as { error?: string };
      if (r.error) reject(new Error(`simulator child: ${r.error}`));
      else resolve(m as T);
    };
    child.on('message', on);
    child.send(msg);
  });
}

export async function startSimulatorChild(options: SimulatorOptions): Promise<SimulatorChild> {
  const child = fork(path.join(__dirname, 'sim-child.ts'), [], {
    execArgv: ['-r', 'ts-node/register/transpile-only'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => {
    exited = true;
    resolve();
  }));
  try {
    const { ports } = await ask<{ ports: number[] }>(child, { cmd: 'start', options }, 60_000);
    return {
      ports,
      stats: () => ask(child, { cmd: 'stats' }, 10_000),
      async close() {
        if (exited) return;
        child.send({ cmd: 'close' });
        const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exit;
        clearTimeout(t);
      },
    };
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
}

if (require.main === module) {
  let sim: Simulator | undefined;
  process.on('message', (m: Msg) => {
    void (async () => {
      try {
        if (m.cmd === 'start') {
          sim = await startSimulator(m.options);
          process.send!({ ports: sim.ports });
        } else if (m.cmd === 'stats') {
          process.send!({ rss: process.memoryUsage().rss, connections: sim?.connections ?? 0 });
        } else if (m.cmd === 'close') {
          await sim?.close();
          process.disconnect();
          process.exit(0);
        }
      } catch (e) {
        process.send!({ error: e instanceof Error ? e.message : String(e) });
      }
    })();
  });
  process.on('disconnect', () => {
    void (sim?.close() ?? Promise.resolve()).finally(() => process.exit(0));
  });
}
