import { isCipheredTag } from '../apdu/ciphered';
import { DlmsError } from '../errors';
import { FileCounterStore, MemoryCounterStore, type CounterStore } from '../security/counter-store';
import { InvocationCounter } from '../security/invocation-counter';
import { parseKey, parseSystemTitle } from '../security/keys';
import { protect, unprotect, type CipherContext, type Envelope } from '../security/protect';
import { ReplayGuard } from '../security/replay';
import { policyFlags } from './association';
import type { ConnectionSettings } from './settings';

/**
 * Counters must outlive a client: the pool makes a new client for every reconnect, and a meter
 * refuses an invocation counter it has seen. One memory store per process, one file store per path.
 */
const MEMORY_STORE = new MemoryCounterStore();
const FILE_STORES = new Map<string, FileCounterStore>();
const GUARDS = new WeakMap<CounterStore, ReplayGuard>();

export function counterStoreFor(s: ConnectionSettings): CounterStore {
  const ic = s.invocationCounter;
  if (ic.store === 'file' && ic.storePath) {
    let st = FILE_STORES.get(ic.storePath);
    if (!st) FILE_STORES.set(ic.storePath, (st = new FileCounterStore(ic.storePath)));
    return st;
  }
  return MEMORY_STORE;
}

function replayGuardFor(store: CounterStore): ReplayGuard {
  let g = GUARDS.get(store);
  if (!g) GUARDS.set(store, (g = new ReplayGuard(store)));
  return g;
}

/** Key of the send counter: our system title towards one meter address. */
export function counterKey(s: ConnectionSettings): string {
  const where = s.host ? `${s.host}:${s.port}` : s.serialPath ?? '';
  return `tx:${(s.clientSystemTitle ?? '').toUpperCase()}@${where}/${s.logicalAddress}${s.physicalAddress !== undefined ? `.${s.physicalAddress}` : ''}`;
}

/** The keys and counters of one client: protects requests and opens responses per the policy. */
export class SecureChannel {
  readonly ctx: CipherContext;
  readonly counter: InvocationCounter;
  readonly guard: ReplayGuard;
  private readonly flags: { authenticated: boolean; encrypted: boolean };
  private restored = false;

  constructor(private readonly s: ConnectionSettings, store: CounterStore, private envelope: Envelope = 'glo') {
    const suite = s.securitySuite;
    const sec = s.secrets;
    this.ctx = {
      systemTitle: s.clientSystemTitle ? parseSystemTitle(s.clientSystemTitle, 'client system title') : Buffer.alloc(8),
      suite,
    };
    if (sec.encryptionKey) this.ctx.encryptionKey = parseKey(sec.encryptionKey, 'global unicast encryption key', suite);
    if (sec.authenticationKey) this.ctx.authenticationKey = parseKey(sec.authenticationKey, 'authentication key', suite);
    if (sec.dedicatedKey) this.ctx.dedicatedKey = parseKey(sec.dedicatedKey, 'dedicated key', suite);
    if (s.serverSystemTitle) this.ctx.peerSystemTitle = parseSystemTitle(s.serverSystemTitle, 'server system title');
    this.counter = new InvocationCounter(store, counterKey(s), { initial: s.invocationCounter.initial });
    this.guard = replayGuardFor(store);
    this.flags = policyFlags(s);
    if (envelope.endsWith('ded') && !this.ctx.dedicatedKey) this.envelope = envelope === 'ded' ? 'glo' : 'general-glo';
  }

  get active(): boolean {
    return this.s.securityPolicy !== 'none';
  }

  /** The meter's system title, learnt from the AARE. */
  setPeer(title: Buffer | undefined): void {
    if (title) this.ctx.peerSystemTitle = title;
  }

  async protect(apdu: Uint8Array): Promise<Buffer> {
    const invocationCounter = await this.counter.next();
    return protect(apdu, { ...this.ctx, suite: this.s.securitySuite }, { envelope: this.envelope, invocationCounter, ...this.flags });
  }

  /**
   * Open a response. Plain answers are refused while the policy asks for protection, except the
   * exception-response a meter sends when it could not even decipher the request.
   */
  async open(bytes: Buffer): Promise<Buffer> {
    if (bytes.length === 0 || !isCipheredTag(bytes[0])) {
      if (bytes.length && bytes[0] === 0xd8) return bytes;
      throw new DlmsError('security-policy-violation', `the meter answered without ciphering although the security policy is '${this.s.securityPolicy}'; check the meter's security setup`, { meter: this.s.name });
    }
    const title = this.ctx.peerSystemTitle;
    if (title && !this.restored) {
      this.restored = true;
      await this.guard.restore(Buffer.from(title).toString('hex').toUpperCase());
    }
    const out = unprotect(bytes, { ...this.ctx, replayGuard: this.guard });
    if (this.flags.encrypted && !out.security.encrypted) {
      throw new DlmsError('security-policy-violation', `the meter's answer is not encrypted although the security policy is '${this.s.securityPolicy}'`, { meter: this.s.name });
    }
    if (this.flags.authenticated && !out.security.authenticated) {
      throw new DlmsError('security-policy-violation', `the meter's answer is not authenticated although the security policy is '${this.s.securityPolicy}'`, { meter: this.s.name });
    }
    return out.plaintext;
  }

  /** Push APDUs may be ciphered even without a policy, if keys exist. */
  openPush(bytes: Buffer): { plaintext: Buffer; systemTitle?: Buffer } {
    if (bytes.length === 0 || !isCipheredTag(bytes[0])) return { plaintext: bytes };
    const out = unprotect(bytes, { ...this.ctx, replayGuard: this.guard });
    return { plaintext: out.plaintext, systemTitle: out.systemTitle };
  }
}
