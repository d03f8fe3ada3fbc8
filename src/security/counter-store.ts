import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { DlmsError } from '../errors';

/** Where invocation counters live between restarts. Keys are opaque strings (e.g. `tx:<system title>`). */
export interface CounterStore {
  get(key: string): Promise<number | undefined>;
  set(key: string, value: number): Promise<void>;
}

export class MemoryCounterStore implements CounterStore {
  private readonly values = new Map<string, number>();
  async get(key: string): Promise<number | undefined> {
    return this.values.get(key);
  }
  async set(key: string, value: number): Promise<void> {
    this.values.set(key, value);
  }
}

/**
 * Counters in one JSON file, created with mode 0600 (it tells an attacker which IVs were used)
 * and replaced atomically (write a temporary file in the same directory, then rename), so a
 * crash never leaves a half-written file that would reset the counters to zero.
 */
export class FileCounterStore implements CounterStore {
  private cache: Record<string, number> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {}

  private async load(): Promise<Record<string, number>> {
    if (this.cache) return this.cache;
    let text: string;
    try {
      text = await fsp.readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return (this.cache = {});
      throw new DlmsError('counter-store-failed', `cannot read the invocation counter file ${this.file}: ${(e as Error).message}`, { file: this.file });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new DlmsError('counter-store-failed', `the invocation counter file ${this.file} is not valid JSON; restore it from a backup or delete it only if the keys were renewed`, { file: this.file });
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new DlmsError('counter-store-failed', `the invocation counter file ${this.file} must hold a JSON object of counters`, { file: this.file });
    }
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
      if (typeof v === 'number' && Number.isInteger(v) && v >= 0) out[k] = v;
    }
    return (this.cache = out);
  }

  get(key: string): Promise<number | undefined> {
    return this.serial(async () => (await this.load())[key]);
  }

  set(key: string, value: number): Promise<void> {
    return this.serial(async () => {
      const values = await this.load();
      values[key] = value;
      await this.write(values);
    });
  }

  private async write(values: Record<string, number>): Promise<void> {
    const dir = path.dirname(this.file);
    const tmp = path.join(dir, `.${path.basename(this.file)}.${process.pid}.tmp`);
    try {
      await fsp.writeFile(tmp, JSON.stringify(values, null, 2) + '\n', { mode: 0o600 });
      await fsp.rename(tmp, this.file);
    } catch (e) {
      await fsp.rm(tmp, { force: true }).catch(() => undefined);
      throw new DlmsError('counter-store-failed', `cannot write the invocation counter file ${this.file}: ${(e as Error).message}`, { file: this.file });
    }
  }

  /** One operation at a time, so concurrent writers never lose an update. */
  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(op, op);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
