import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A pseudo-terminal pair made by socat: bytes written to `a` come out of `b` and back. */
export interface PtyPair {
  a: string;
  b: string;
  stop(): Promise<void>;
}

/** Fails loudly (never skips) when socat is missing: the serial tests need a real tty pair. */
export async function startPtyPair(): Promise<PtyPair> {
  try {
    execFileSync('socat', ['-V'], { stdio: 'ignore' });
  } catch {
    throw new Error('socat is not installed: the serial tests need it to create a pseudo-terminal pair. Install it with `apt-get install -y socat` (it is listed in .ci/apt-packages).');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dlms-pty-'));
  const a = path.join(dir, 'A');
  const b = path.join(dir, 'B');
  const proc: ChildProcess = spawn('socat', [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: 'ignore' });
  const deadline = Date.now() + 5000;
  while (!(fs.existsSync(a) && fs.existsSync(b))) {
    if (proc.exitCode !== null) throw new Error(`socat exited with code ${proc.exitCode} before creating the pty pair`);
    if (Date.now() > deadline) {
      proc.kill();
      throw new Error('socat did not create the pty pair within 5 s');
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    a,
    b,
    stop: () => new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) {
        fs.rmSync(dir, { recursive: true, force: true });
        resolve();
        return;
      }
      proc.once('exit', () => {
        fs.rmSync(dir, { recursive: true, force: true });
        resolve();
      });
      proc.kill('SIGTERM');
    }),
  };
}
