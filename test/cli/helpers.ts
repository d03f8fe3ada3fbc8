import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { main } from '../../src/cli/dlms';
import { memoryIo } from '../../src/cli/io';

export const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'src', 'cli', 'dlms.ts');

/** Simulator test credentials (src/server/model/models/builders.ts). */
export const PASSWORD = '12345678';
export const HLS_SECRET = 'SimHlsSecret0001';
/** 10 Mar 2026 06:07:30 UTC = 11:37:30 at the meter (+05:30). */
export const T0 = Date.UTC(2026, 2, 10, 6, 7, 30);

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `dlms` in-process with a recording io. */
export async function dlms(args: string[], env: Record<string, string> = {}, signal?: AbortSignal): Promise<Run & { io: ReturnType<typeof memoryIo> }> {
  const io = memoryIo(env, signal);
  const code = await main(args, io);
  return { code, stdout: io.stdout, stderr: io.stderr, io };
}

/**
 * Run the real command in a child process (asynchronously: the simulator runs in this process).
 * `onStderr` sees stderr as it arrives (e.g. to learn a listening port).
 */
export function spawnDlms(args: string[], env: Record<string, string> = {}, onStderr?: (all: string, child: ChildProcess) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', CLI, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      onStderr?.(stderr, child);
    });
    const timer = setTimeout(() => child.kill(), 25_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}
