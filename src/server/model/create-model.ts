import { InvalidArgumentError } from '../../errors';
import { compileModel } from './compile';
import { CosemModel } from './cosem-model';
import { seedFromText } from './hash';
import { DEFAULT_METER } from './models/default-meter';
import { is15959Definition } from './models/is15959';
import type { ModelDefinition } from './types';

export interface CreateModelOptions {
  /** 'default' (three-phase industrial/ABT meter) or 'is15959'; ignored when `definition` is given. */
  kind?: 'default' | 'is15959';
  /** A user-supplied object model instead of a built-in one. */
  definition?: ModelDefinition;
  /** Meter serial number; derived from the seed when absent. */
  serial?: string;
  /** Seed of the simulated measurements; derived from the serial when absent. */
  seed?: number;
  /** 8-octet server system title as hex; FLAG + 5 octets of the serial when absent. */
  systemTitle?: string;
  /** The injected clock (ms since the epoch or a Date); Date.now when absent. */
  clock?: () => number | Date;
  /** IS 15959: only the first block load row carries the clock. */
  clockOnlyInFirstRow?: boolean;
}

// Built-in definitions are created once, so their compiled tables are shared by every meter.
const IS15959 = is15959Definition();
const IS15959_FIRST_ROW_CLOCK = is15959Definition({ clockOnlyInFirstRow: true });

function systemTitleFor(manufacturer: string, serial: string): Buffer {
  const tail = Buffer.alloc(5);
  const n = /^\d+$/.test(serial) ? Number(BigInt(serial) % 0x10000000000n) : seedFromText(serial) * 256;
  tail.writeUIntBE(n, 0, 5);
  return Buffer.concat([Buffer.from(manufacturer.slice(0, 3).padEnd(3, 'X'), 'latin1'), tail]);
}

/** Build one simulated meter. Meters of the same kind share their object tables. */
export function createModel(opts: CreateModelOptions = {}): CosemModel {
  const def = opts.definition ?? (opts.kind === 'is15959' ? (opts.clockOnlyInFirstRow ? IS15959_FIRST_ROW_CLOCK : IS15959) : DEFAULT_METER);
  if (!opts.definition && opts.kind !== undefined && opts.kind !== 'default' && opts.kind !== 'is15959') {
    throw new InvalidArgumentError(`unknown simulator model kind "${String(opts.kind)}" (use 'default' or 'is15959')`);
  }
  const seed = (opts.seed ?? (opts.serial !== undefined ? seedFromText(opts.serial) : 1)) >>> 0;
  const serial = opts.serial ?? String(10000000 + (seed % 90000000));
  let systemTitle: Buffer;
  if (opts.systemTitle !== undefined) {
    systemTitle = Buffer.from(opts.systemTitle, 'hex');
    if (systemTitle.length !== 8) throw new InvalidArgumentError('a system title has 8 octets (16 hex digits)', { systemTitle: opts.systemTitle });
  } else systemTitle = systemTitleFor(def.manufacturer, serial);
  const clock = opts.clock;
  const ms = clock ? () => { const v = clock(); return typeof v === 'number' ? v : v.getTime(); } : Date.now;
  return new CosemModel(compileModel(def), { serial, seed, systemTitle, clock: ms });
}
