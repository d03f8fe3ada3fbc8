import { createClient, type ClientOptions, type GetOptions, type TraceEvent } from '../src/client';
import { startSimulator, type Simulator } from '../src/server';
import type { BenchModule, BenchOptions, BenchRow } from './measure';

/**
 * Round trips (benchmark 2): a TCP wrapper meter behind an emulated 300 ms round-trip link (the
 * simulator's roundTripMs fault: every answer leaves 300 ms after its request). One session:
 * associate (LLS reader), read 20 registers and the clock, release. APDU exchanges are counted
 * from the client's trace ('tx' events of layer 'apdu': AARQ, each GET including GET-next and
 * general-block-transfer acknowledgements, RLRQ). The TCP handshake is loopback here; on a real
 * 300 ms link it would add one more round trip before the AARQ.
 *
 * Three ways of asking:
 * - 'getMany + readClock': getMany(20 registers) then readClock(): two calls, so at least one
 *   more exchange than one list.
 * - 'one list, scaled': the clock in the same getMany, client defaults (the registers'
 *   scaler_units ride in the same GET-with-list as the values).
 * - 'one list, raw': the same with scale: false (values without the register scalers).
 */
const RTT_MS = 300;
const TARGET = 3;
const CLOCK = { obis: '0.0.1.0.0.255', classId: 8, attribute: 2 };
const REGISTERS = [
  '1.0.1.8.0.255', '1.0.1.8.1.255', '1.0.1.8.2.255', '1.0.1.8.3.255', '1.0.1.8.4.255', '1.0.2.8.0.255', '1.0.3.8.0.255',
  '1.0.4.8.0.255', '1.0.9.8.0.255', '1.0.10.8.0.255', '1.0.32.7.0.255', '1.0.52.7.0.255', '1.0.72.7.0.255', '1.0.31.7.0.255',
  '1.0.51.7.0.255', '1.0.71.7.0.255', '1.0.1.7.0.255', '1.0.3.7.0.255', '1.0.13.7.0.255', '1.0.14.7.0.255',
].map((obis) => ({ obis, classId: 3, attribute: 2 }));

interface Way {
  name: string;
  options: ClientOptions;
  read(c: ReturnType<typeof createClient>): Promise<unknown>;
  target: boolean;
}

const scaled: GetOptions = {};
const WAYS: Way[] = [
  {
    name: 'getMany(20) + readClock()',
    options: {},
    read: async (c) => [await c.getMany(REGISTERS, scaled), await c.readClock()],
    target: false,
  },
  {
    name: 'one list of 21, scaled',
    options: {},
    read: (c) => c.getMany([...REGISTERS, CLOCK], scaled),
    target: true,
  },
  {
    name: 'one list of 21, raw (scale: false)',
    options: {},
    read: (c) => c.getMany([...REGISTERS, CLOCK], { scale: false }),
    target: true,
  },
];

export interface SessionCount {
  ms: number;
  exchanges: number;
  services: string[];
  failed: number;
}

export async function countedSession(port: number, way: Way): Promise<SessionCount> {
  const client = createClient({
    transport: 'tcp', host: '127.0.0.1', port, clientSap: 32, authentication: 'low', secrets: { password: '12345678' }, utcOffset: 330,
    timeouts: { response: 10_000, connect: 10_000 },
  }, { ...way.options, trace: true });
  const services: string[] = [];
  client.on('trace', (e: TraceEvent) => {
    if (e.direction === 'tx' && e.layer === 'apdu') services.push(String((e.decoded as { service?: string } | undefined)?.service ?? '?'));
  });
  const t0 = performance.now();
  await client.open();
  const got = await way.read(client);
  await client.close();
  const ms = performance.now() - t0;
  const flat = (Array.isArray(got) ? got.flat() : [got]) as { error?: unknown }[];
  return { ms, exchanges: services.length, services, failed: flat.filter((v) => v.error).length };
}

function summary(services: string[]): string {
  const out: string[] = [];
  for (const s of services) {
    const last = out[out.length - 1];
    const m = last && /^(.*?)(?: x(\d+))?$/.exec(last);
    if (m && m[1] === s) out[out.length - 1] = `${s} x${Number(m[2] ?? 1) + 1}`;
    else out.push(s);
  }
  return out.join(', ');
}

export const roundTripBench: BenchModule = {
  name: 'round-trips',
  async run(options: BenchOptions): Promise<BenchRow[]> {
    let sim: Simulator | undefined;
    const rows: BenchRow[] = [];
    try {
      sim = await startSimulator({ transport: 'tcp', faults: { roundTripMs: RTT_MS } });
      for (const way of WAYS) {
        const runs = options.quick || !way.target ? 1 : 3;
        const all: SessionCount[] = [];
        for (let i = 0; i < runs; i++) all.push(await countedSession(sim.ports[0], way));
        all.sort((a, b) => a.ms - b.ms);
        const med = all[all.length >> 1];
        rows.push({
          suite: 'round-trips',
          name: `${way.name} @ ${RTT_MS} ms RTT`,
          medianMs: med.ms,
          target: way.target ? `<= ${TARGET} round trips` : undefined,
          pass: way.target ? med.exchanges <= TARGET && med.failed === 0 : undefined,
          runs,
          detail: `${med.exchanges} APDU exchanges (${summary(med.services)}); ${(med.ms / 1000).toFixed(2)} s = ${(med.ms / RTT_MS).toFixed(2)} RTT; ${med.failed} failed items`,
        });
      }
    } finally {
      await sim?.close();
    }
    return rows;
  },
};
