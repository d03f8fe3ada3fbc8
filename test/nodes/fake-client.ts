/**
 * A DlmsClient that answers from a table, for node tests before (and besides) the real client.
 * `FakeMeter` is shared by every client a pool creates for it, so tests can change its behaviour.
 */
import { EventEmitter } from 'node:events';
import type { ActionResult, DlmsClient, ProfileQuery, ProfileResult, ValueResult, WriteResult } from '../../src/client/api';
import { parseAttributeRef, parseMethodRef, type AttributeRefInput, type MethodRefInput } from '../../src/client/attribute-ref';
import type { ConnectionSettings } from '../../src/client/settings';
import { DlmsError } from '../../src/errors';

export interface FakeMeter {
  values: Record<string, unknown>;
  /** open() rejects with this (connection-refused, authentication-failed...). */
  openError?: () => Error;
  /** Every request waits this long (ms); 'hang' never answers. */
  delay?: number | 'hang';
  rows?: Record<string, unknown>[];
  opened: number;
  closed: number;
  clients: FakeClient[];
  writes: { ref: string; value: unknown }[];
  actions: { ref: string; parameters: unknown }[];
  settings: ConnectionSettings[];
  profileQueries: ProfileQuery[];
}

export function fakeMeter(values: Record<string, unknown> = {}): FakeMeter {
  return { values, opened: 0, closed: 0, clients: [], writes: [], actions: [], settings: [], profileQueries: [] };
}

export class FakeClient extends EventEmitter implements DlmsClient {
  isOpen = false;
  constructor(readonly settings: ConnectionSettings, private readonly meter: FakeMeter) {
    super();
    meter.clients.push(this);
    meter.settings.push(settings);
  }

  async open(): Promise<void> {
    await this.wait();
    if (this.meter.openError) throw this.meter.openError();
    this.isOpen = true;
    this.meter.opened++;
  }

  async close(): Promise<void> {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.meter.closed++;
  }

  private async wait(): Promise<void> {
    const d = this.meter.delay;
    if (d === 'hang') return new Promise<void>(() => undefined);
    if (d) await new Promise((r) => setTimeout(r, d));
  }

  private trace(text: string): void {
    this.emit('trace', { direction: 'tx', layer: 'apdu', hex: Buffer.from(text).toString('hex'), decoded: { text }, at: new Date().toISOString() });
    this.emit('trace', { direction: 'rx', layer: 'apdu', hex: 'c401', at: new Date().toISOString() });
  }

  async get(input: AttributeRefInput): Promise<ValueResult> {
    await this.wait();
    const ref = parseAttributeRef(input);
    this.trace(`get ${ref.obis}`);
    const key = `${ref.obis}:${ref.attribute}`;
    const v = key in this.meter.values ? this.meter.values[key] : this.meter.values[ref.obis];
    const base = { meter: this.settings.name, obis: ref.obis, classId: ref.classId ?? 3, attribute: ref.attribute, readAt: new Date().toISOString() };
    if (v === undefined) throw new DlmsError('object-undefined', `Meter '${this.settings.name}' has no object ${ref.obis}`, { meter: this.settings.name });
    return { ...base, value: v, unit: 'kWh', scaler: 0, raw: v, type: 'double-long-unsigned' };
  }

  async getMany(refs: AttributeRefInput[]): Promise<ValueResult[]> {
    const out: ValueResult[] = [];
    for (const r of refs) {
      try {
        out.push(await this.get(r));
      } catch (e) {
        if (!(e instanceof DlmsError) || e.code !== 'object-undefined') throw e;
        const ref = parseAttributeRef(r);
        out.push({ obis: ref.obis, classId: ref.classId ?? 3, attribute: ref.attribute, readAt: new Date().toISOString(), error: { code: e.code, message: e.message } });
      }
    }
    return out;
  }

  async getData(): Promise<never> {
    throw new Error('not in the fake');
  }

  async set(input: AttributeRefInput, value: unknown): Promise<WriteResult> {
    await this.wait();
    const ref = parseAttributeRef(input);
    this.trace(`set ${ref.obis}`);
    this.meter.writes.push({ ref: `${ref.classId}/${ref.obis}/${ref.attribute}`, value });
    if (ref.obis === '0.0.0.0.0.1') return { obis: ref.obis, classId: ref.classId ?? 1, attribute: ref.attribute, result: 'read-write-denied', error: { code: 'read-write-denied', message: `Meter '${this.settings.name}' refused to write ${ref.obis}: read-write-denied` } };
    return { meter: this.settings.name, obis: ref.obis, classId: ref.classId ?? 1, attribute: ref.attribute, result: 'success' };
  }

  async action(input: MethodRefInput, parameters?: unknown): Promise<ActionResult> {
    await this.wait();
    const ref = parseMethodRef(input);
    this.trace(`action ${ref.obis}`);
    this.meter.actions.push({ ref: `${ref.classId}/${ref.obis}/${ref.method}`, parameters });
    return { meter: this.settings.name, obis: ref.obis, classId: ref.classId ?? 1, method: ref.method, result: 'success' };
  }

  async readObjectList(): Promise<never> {
    throw new Error('not in the fake');
  }

  async readProfile(obis: string, query: ProfileQuery = {}): Promise<ProfileResult> {
    await this.wait();
    this.trace(`profile ${obis}`);
    this.meter.profileQueries.push(query);
    const from = query.from ? Date.parse(String(query.from instanceof Date ? query.from.toISOString() : query.from)) : -Infinity;
    const to = query.to ? Date.parse(String(query.to instanceof Date ? query.to.toISOString() : query.to)) : Infinity;
    const rows = (this.meter.rows ?? []).filter((r) => Date.parse(String(r.time)) >= from && Date.parse(String(r.time)) <= to);
    return {
      meter: this.settings.name, obis,
      columns: [{ obis: '0.0.1.0.0.255', classId: 8, attribute: 2, name: 'Clock' }, { obis: '1.0.1.29.0.255', classId: 3, attribute: 2, unit: 'kWh', scaler: -3 }],
      rows, capturePeriod: 900,
    };
  }

  async readClock(): Promise<ValueResult> {
    return this.get('8/0.0.1.0.0.255/2');
  }

  async setClock(time = new Date()): Promise<WriteResult> {
    this.meter.writes.push({ ref: 'clock', value: time.toISOString() });
    return { meter: this.settings.name, obis: '0.0.1.0.0.255', classId: 8, attribute: 2, result: 'success' };
  }
}
