import { redactText } from '../security/redact';

/**
 * What a `dlms` subcommand talks to: stdout, stderr, the environment and a stop signal. Commands
 * take it as a parameter so that tests call them directly and read what they printed.
 * Every secret the command learns is added to `secrets`; `err` hides them in whatever it prints.
 */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
  /** Ends long-running commands (`listen`); the process io aborts it on Ctrl-C. */
  signal?: AbortSignal;
  /** Secret values (text or hex) that must never be printed. */
  secrets: string[];
}

export type Command = { usage: string; run: (args: string[], io: CliIo) => Promise<number> };

/** A wrong command line: printed with the usage, exit code 2. */
export class UsageError extends Error {}

export function processIo(): CliIo {
  let signal: AbortSignal | undefined;
  const io: CliIo = {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(hideSecrets(io, t)),
    env: process.env,
    secrets: [],
    // Ctrl-C is caught only by commands that ask for the signal (listen); others just end.
    get signal(): AbortSignal {
      if (!signal) {
        const ac = new AbortController();
        process.once('SIGINT', () => ac.abort());
        process.once('SIGTERM', () => ac.abort());
        signal = ac.signal;
      }
      return signal;
    },
  };
  return io;
}

/** An io that records what was printed (tests, embedding). */
export function memoryIo(env: Record<string, string | undefined> = {}, signal?: AbortSignal): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    env,
    signal,
    secrets: [] as string[],
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += hideSecrets(io, t);
    },
  };
  return io;
}

/**
 * Replace every known secret in a text: as upper/lower-case hex of its bytes, and as text when it is
 * at least 8 characters long (a short password such as "wrong" would blank out ordinary words of
 * the messages; those hold no secret anyway, the library guarantees it: this is a second fence).
 */
export function hideSecrets(io: Pick<CliIo, 'secrets'>, text: string): string {
  if (io.secrets.length === 0) return text;
  const forms = io.secrets.flatMap((s) => {
    const hex = /^hex:/i.test(s) ? s.slice(4).replace(/[\s:-]/g, '') : undefined;
    const bytes = hex !== undefined && /^([0-9a-f]{2})+$/i.test(hex) ? Buffer.from(hex, 'hex') : Buffer.from(s, 'utf8');
    return [bytes.toString('hex'), ...(s.length >= 8 ? [s, s.toUpperCase(), s.toLowerCase()] : [])];
  });
  // Longest first, so that a secret containing another is hidden whole; hex in either case.
  const unique = [...new Set(forms.flatMap((f) => [f, f.toUpperCase(), f.toLowerCase()]))].sort((a, b) => b.length - a.length);
  return redactText(text, unique);
}

/** JSON with bigints as decimal text (the CONTRACTS form of unsafe 64-bit values). */
export function toJson(value: unknown, pretty = true): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), pretty ? 2 : undefined);
}
