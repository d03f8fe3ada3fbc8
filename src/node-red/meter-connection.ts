/**
 * The shared connection of one dlms-meter config node. Flow nodes register on start and
 * deregister on close (reference counting, like Node-RED's MQTT broker node): the first request
 * connects, the last user leaving releases the association. Pool status is fanned out to every
 * registered user. `msg.meter` address overrides get their own pooled session each.
 */
import type { DlmsClient, GetOptions, TraceEvent, ValueResult } from '../client/api';
import type { AttributeRefInput } from '../client/attribute-ref';
import { ConnectionSettings, ConnectionSettingsInput, normalizeSettings } from '../client/settings';
import type { MeterPoolOptions, StatusEvent } from '../client/pool';
import { DlmsError } from '../errors';
import { createNodeClient } from './client-factory';
import { AddressOverride, applyOverride, overrideKey } from './meter-settings';
import { toFlowError } from './node-error';
import { redactText } from '../security/redact';
import type { PoolHost } from './pool-host';
import type { NodeStatus } from './red-types';
import { INVALID_CONFIG_STATUS, statusOf } from './status';

export interface ConnectionUser {
  id: string;
  status(s: NodeStatus): void;
}

export interface RequestOutcome<T> {
  result: T;
  /** The meter name used in outputs. */
  meter: string;
  trace?: TraceEvent[];
}

/** Distinct msg.meter addresses remembered per config node (open sessions are capped by the pool). */
export const MAX_ADDRESSES = 1000;
/** Trace events kept per request: a profile read can be thousands of frames. */
export const MAX_TRACE_EVENTS = 500;

export class MeterConnection {
  private readonly users = new Map<string, ConnectionUser>();
  private readonly names = new Map<string, string>();
  private offStatus?: () => void;
  private settings?: ConnectionSettings;
  private readonly configError?: Error;
  private lastStatus?: NodeStatus;
  /** The last status sent per pool key, so that unchanged ones are not sent again. */
  private readonly lastSent = new Map<string, string>();
  private closing?: Promise<void>;

  constructor(
    readonly id: string,
    private readonly input: ConnectionSettingsInput,
    private readonly poolOptions: Partial<MeterPoolOptions>,
    private readonly host: PoolHost,
    /** True when the host belongs to this meter alone (no dlms-link): shut it down on close. */
    private readonly ownsHost: boolean,
  ) {
    try {
      this.settings = normalizeSettings(input);
    } catch (e) {
      this.configError = toFlowError(e, this.secrets);
    }
  }

  /** The meter name for outputs and messages. */
  get name(): string {
    return this.settings?.name ?? this.input.name ?? this.id;
  }

  /** Every secret of this meter, for redacting text that might carry one. */
  get secrets(): string[] {
    return Object.values(this.input.secrets ?? {}).filter((s): s is string => typeof s === 'string' && s !== '');
  }

  get error(): Error | undefined {
    return this.configError;
  }

  register(user: ConnectionUser): void {
    this.users.set(user.id, user);
    if (this.configError) return user.status(INVALID_CONFIG_STATUS(this.configError.message));
    this.offStatus ??= this.host.onStatus(`${this.id}|`, (e) => this.onStatus(e));
    if (this.lastStatus) user.status(this.lastStatus);
  }

  /** Drops a user; the last one leaving releases this meter's sessions (bounded by the pool, 10 s). */
  async deregister(user: ConnectionUser): Promise<void> {
    this.users.delete(user.id);
    if (this.users.size > 0) return;
    this.offStatus?.();
    this.offStatus = undefined;
    this.lastStatus = undefined;
    await this.releaseAll();
  }

  /** On redeploy or removal of the config node: close every session of this meter. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.offStatus?.();
      this.offStatus = undefined;
      this.users.clear();
      await this.releaseAll();
    })();
    return this.closing;
  }

  /** Runs `task` on the pooled client of the configured meter, or of the `override` address. */
  async request<T>(
    task: (client: DlmsClient, signal: AbortSignal) => Promise<T>,
    opts: { override?: AddressOverride; trace?: boolean } = {},
  ): Promise<RequestOutcome<T>> {
    if (this.configError) throw this.configError;
    if (this.closing) throw new DlmsError('pool-shutdown', `The configuration of meter '${this.name}' is being redeployed; request not sent`);
    const { key, settings } = this.resolve(opts.override);
    const trace: TraceEvent[] | undefined = opts.trace ? [] : undefined;
    const result = await this.host.request(key, async (client, signal) => {
      if (!trace) return task(client, signal);
      const onTrace = (ev: TraceEvent): void => {
        if (trace.length < MAX_TRACE_EVENTS) trace.push(ev);
      };
      client.on('trace', onTrace);
      try {
        return await task(client, signal);
      } finally {
        client.off('trace', onTrace);
      }
    }).catch((err: unknown) => {
      throw this.renamed(err, key, settings.name ?? this.name);
    });
    return { result, meter: settings.name ?? this.name, trace };
  }

  /**
   * getMany through the pool's merger: reads of this meter from several nodes queued at the same
   * time travel as one GET-with-list. With a trace the read runs alone (its frames are its own).
   */
  async read(refs: AttributeRefInput[], options: GetOptions, opts: { override?: AddressOverride; trace?: boolean } = {}): Promise<RequestOutcome<ValueResult[]>> {
    if (opts.trace) return this.request((client) => client.getMany(refs, options), opts);
    if (this.configError) throw this.configError;
    if (this.closing) throw new DlmsError('pool-shutdown', `The configuration of meter '${this.name}' is being redeployed; request not sent`);
    const { key, settings } = this.resolve(opts.override);
    const result = await this.host.read(key, refs, options).catch((err: unknown) => {
      throw this.renamed(err, key, settings.name ?? this.name);
    });
    return { result, meter: settings.name ?? this.name, trace: undefined };
  }

  /** The pool names meters by their pool key: show the meter name instead. */
  private renamed(err: unknown, key: string, name: string): unknown {
    if (!(err instanceof Error) || !err.message.includes(`'${key}'`)) return err;
    err.message = err.message.split(`'${key}'`).join(`'${name}'`);
    return err;
  }

  private resolve(override: AddressOverride | undefined): { key: string; settings: ConnectionSettings } {
    if (!override) {
      const key = `${this.id}|`;
      this.defineKey(key, this.settings!);
      return { key, settings: this.settings! };
    }
    const key = `${this.id}|${overrideKey(override)}`;
    if (!this.host.has(key) && this.host.keys(`${this.id}|`).length >= MAX_ADDRESSES) {
      throw new DlmsError('too-many-meters', `Meter '${this.name}' already reached ${MAX_ADDRESSES} different msg.meter addresses; use one dlms-meter node per group of meters`);
    }
    const settings = applyOverride(this.input, override);
    this.defineKey(key, settings);
    return { key, settings };
  }

  private defineKey(key: string, settings: ConnectionSettings): void {
    this.names.set(key, settings.name ?? this.name);
    this.host.define(key, { create: () => createNodeClient(settings), options: this.poolOptions });
  }

  private onStatus(e: StatusEvent): void {
    const isBase = e.meter === `${this.id}|`;
    const s = statusOf(e, isBase ? undefined : this.names.get(e.meter));
    if (s.text) s.text = redactText(s.text, this.secrets);
    // Every request flips the pool between busy and idle: only a change that users can see is
    // sent on (each node.status() also travels to every open editor).
    const key = `${s.fill}|${s.shape}|${s.text}`;
    if (this.lastSent.get(e.meter) === key) return;
    this.lastSent.set(e.meter, key);
    if (isBase) this.lastStatus = s;
    for (const u of [...this.users.values()]) {
      try {
        u.status(s);
      } catch {
        // a closing node must not stop the others' status
      }
    }
  }

  private async releaseAll(): Promise<void> {
    const keys = this.host.keys(`${this.id}|`);
    this.names.clear();
    this.lastSent.clear();
    await this.host.release(keys);
    if (this.ownsHost) await this.host.shutdown();
  }
}
