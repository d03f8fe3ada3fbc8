import { D } from '../../codec/data';
import { ReplayGuard } from '../../security';
import type { CosemModel } from '../model';
import { DEFAULT_KEYS, type SimulatorKeys } from './credentials';

/** Security setup 0.0.43.0.E.255 -> its invocation counter object 0.0.43.1.E.255. */
export function frameCounterObis(securitySetup: string): string {
  const g = securitySetup.split('.');
  return `0.0.43.1.${g[4] ?? '0'}.255`;
}

/**
 * What a meter keeps for ciphering across connections: its keys, the replay window of each
 * client system title, and its own invocation counters, held in the model's frame counter
 * objects so that a client can read them through the public association. A counter never falls
 * below the last client counter accepted, so a client that starts from the value it read
 * (+1) is always above the replay window.
 */
export class MeterSecurity {
  private guards = new Map<string, ReplayGuard>();

  constructor(readonly model: CosemModel, readonly keys: SimulatorKeys = DEFAULT_KEYS) {}

  /** The replay window of one Security setup (each has its own keys, hence its own counters). */
  replayGuard(securitySetup = ''): ReplayGuard {
    let g = this.guards.get(securitySetup);
    if (!g) {
      g = new ReplayGuard();
      this.guards.set(securitySetup, g);
    }
    return g;
  }

  /** The current value of the counter of `securitySetup` (0 when the model has no counter object). */
  counter(securitySetup: string, logicalDevice = 1): number {
    const r = this.model.peek({ classId: 1, obis: frameCounterObis(securitySetup), attribute: 2 }, logicalDevice);
    return 'data' in r && r.data.type === 'double-long-unsigned' ? r.data.value : 0;
  }

  private store(securitySetup: string, logicalDevice: number, value: number): void {
    this.model.poke({ classId: 1, obis: frameCounterObis(securitySetup), attribute: 2 }, D.doubleLongUnsigned(value >>> 0), logicalDevice);
  }

  /** The invocation counter for the next APDU the meter protects. */
  next(securitySetup: string, logicalDevice = 1): number {
    const v = (this.counter(securitySetup, logicalDevice) + 1) % 0x100000000;
    this.store(securitySetup, logicalDevice, v);
    return v;
  }

  /** Raise the meter counter to a counter accepted from a client. */
  accepted(securitySetup: string, logicalDevice: number, clientCounter: number): void {
    if (clientCounter > this.counter(securitySetup, logicalDevice)) this.store(securitySetup, logicalDevice, clientCounter);
  }

  /** A rebooted meter without persistent counters: every counter and replay window back to 0. */
  reset(): void {
    this.guards = new Map();
    for (const ld of this.model.logicalDevices.values()) {
      for (const o of ld.objects) {
        if (o.classId === 1 && o.obis.startsWith('0.0.43.1.')) this.model.poke({ classId: 1, obis: o.obis, attribute: 2 }, D.doubleLongUnsigned(0), ld.address);
      }
    }
  }
}
