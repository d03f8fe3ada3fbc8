import { createModel, type CosemModel, type CreateModelOptions } from '../model';
import { writeState } from '../model/handler';
import type { ModelDefinition } from '../model/types';
import { DEFAULT_KEYS, type SimulatorKeys } from '../session/credentials';
import { MeterSecurity } from '../session/meter-security';
import type { FaultOptions } from './emulated-line';

export interface SimMeterOptions {
  serial: string;
  model?: 'default' | 'is15959' | ModelDefinition;
  seed?: number;
  systemTitle?: string;
  keys?: SimulatorKeys;
  clock?: CreateModelOptions['clock'];
  faults?: FaultOptions;
  /** Override the security_policy of every Security setup (version 1 bit map, e.g. 0x24 authenticated). */
  securityPolicy?: number;
}

/** One simulated meter: its object model, its security state and its fault emulation. */
export class SimMeter {
  readonly model: CosemModel;
  readonly security: MeterSecurity;
  faults: FaultOptions;
  private rebootTimer?: NodeJS.Timeout;

  constructor(opts: SimMeterOptions) {
    const m = opts.model ?? 'default';
    this.model = createModel({ ...(typeof m === 'string' ? { kind: m } : { definition: m }), serial: opts.serial, seed: opts.seed, systemTitle: opts.systemTitle, clock: opts.clock });
    this.security = new MeterSecurity(this.model, opts.keys ?? DEFAULT_KEYS);
    this.faults = opts.faults ?? {};
    if (opts.securityPolicy !== undefined) this.forceSecurityPolicy(opts.securityPolicy);
    if (this.faults.rebootEveryMs) {
      this.rebootTimer = setInterval(() => this.reboot(), this.faults.rebootEveryMs);
      this.rebootTimer.unref();
    }
  }

  /** Set the policy of every Security setup, bypassing security_activate (which only adds bits). */
  forceSecurityPolicy(policy: number): void {
    for (const ld of this.model.logicalDevices.values()) {
      for (const obj of ld.objects) {
        if (obj.classId === 64) writeState({ obj, meter: this.model, tMs: 0, ctx: { clientSap: 0, logicalDevice: ld.address } }, 'policy', policy & 0xff);
      }
    }
  }

  get serial(): string {
    return this.model.serial;
  }

  get systemTitle(): Buffer {
    return this.model.systemTitle;
  }

  /** A restarted meter without persistent counters: invocation counters and replay windows back to 0. */
  reboot(): void {
    this.security.reset();
  }

  stop(): void {
    if (this.rebootTimer) clearInterval(this.rebootTimer);
    this.rebootTimer = undefined;
  }
}
