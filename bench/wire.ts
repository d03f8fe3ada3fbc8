import { createClient } from '../src/client';
import { createLink } from '../src/client/link-factory';
import type { HdlcClientLink } from '../src/link/session/hdlc-client-link';
import { startSimulator, type Simulator, type SimulatorOptions } from '../src/server';
import { startLineProxy, type LineProxy } from './lib/line-proxy';
import { BenchSetupError, type BenchModule, type BenchOptions, type BenchRow } from './measure';

/**
 * Wire efficiency (benchmark 1): one reader session over HDLC on an emulated 9600-baud line
 * (960 bytes/s each way: the simulator's bandwidth fault slows the meter's frames, the line proxy
 * the client's), reading 1, 3 and 7 days of a 4-channel 15-minute load profile (clock + the four
 * energy registers of the default model's 1.0.99.1.0.255, selected by column). The session is
 * timed from the TCP connect to the DISC answer: SNRM/UA, AARQ/AARE, capture objects, capture
 * period, scalers, the buffer by range, RLRQ/RLRE, DISC/UA.
 *
 * Wire minimum = every byte both ways / 960 B/s: the time the line itself needs, so the ratio is
 * the idle line (turnarounds, processing, timer slack). The DLMS UA read-out anchor (window 7 at
 * 9600 baud) is 4 s, 12 s and 29 s. The client proposes the largest HDLC parameters (2030 bytes,
 * window 7); the row says what the simulator granted.
 */
const LINE = 960; // 9600 baud 8N1
const QUICK_LINE = 9600;
const DAYS = [1, 3, 7];
const ANCHOR_S: Record<number, number> = { 1: 4, 3: 12, 7: 29 };
const TARGET_RATIO = 1.05;
const T0 = Date.UTC(2026, 2, 10, 6, 7, 30); // 11:37:30 meter time (+05:30)
const PROFILE = '1.0.99.1.0.255';
const COLUMNS = ['0.0.1.0.0.255', '1.0.1.8.0.255', '1.0.2.8.0.255', '1.0.3.8.0.255', '1.0.4.8.0.255'];

export interface WireResult {
  days: number;
  ms: number;
  rows: number;
  bytesToMeter: number;
  bytesFromMeter: number;
  clientTurns: number;
  wireMinMs: number;
  negotiated: string;
}

/** One timed session; exported for the smoke test. */
export async function wireSession(port: number, proxy: LineProxy, days: number, line: number): Promise<WireResult> {
  let link: HdlcClientLink | undefined;
  const client = createClient({
    transport: 'hdlc+tcp', host: '127.0.0.1', port, clientSap: 32, authentication: 'low', secrets: { password: '12345678' }, utcOffset: 330,
    hdlc: { maxInfoTx: 2030, maxInfoRx: 2030, windowTx: 7, windowRx: 7 },
    // The HDLC link times a whole (segmented) response: at 960 B/s a 7-day profile in one APDU takes ~30 s.
    timeouts: { response: 120_000, connect: 20_000 },
  }, {
    link: (s) => (link = createLink(s).link as HdlcClientLink),
  });
  // Day boundaries in meter time: `days` whole days ending at midnight before T0.
  const to = new Date(Date.UTC(2026, 2, 10) - 330 * 60_000 - 900_000);
  const from = new Date(to.getTime() - days * 86_400_000 + 900_000);
  proxy.reset();
  const t0 = performance.now();
  await client.open();
  const n = link?.parameters && { ...link.parameters };
  const p = await client.readProfile(PROFILE, { from, to, columns: COLUMNS });
  await client.close();
  const ms = performance.now() - t0;
  const c = proxy.counters;
  return {
    days, ms, rows: p.rows.length, bytesToMeter: c.toMeter, bytesFromMeter: c.fromMeter, clientTurns: c.clientTurns,
    wireMinMs: ((c.toMeter + c.fromMeter) * 1000) / line,
    negotiated: n ? `info ${n.maxInfoFieldLengthTransmit}/${n.maxInfoFieldLengthReceive}, window ${n.windowSizeTransmit}/${n.windowSizeReceive}` : '?',
  };
}

export const wireBench: BenchModule = {
  name: 'wire',
  async run(options: BenchOptions): Promise<BenchRow[]> {
    const line = options.quick ? QUICK_LINE : LINE;
    const rows: BenchRow[] = [];
    // The meter grants the largest HDLC parameters (simulator option hdlc), then, for comparison,
    // the simulator's default (IEC 62056-46 defaults: 128 bytes, window 1).
    rows.push(...(await wireRows(line, options.quick, DAYS, { maxInfoTx: 2030, maxInfoRx: 2030, windowTx: 7, windowRx: 7 })));
    rows.push(...(await wireRows(line, options.quick, [7], undefined)));
    return rows;
  },
};

async function wireRows(line: number, quick: boolean, wanted: number[], hdlc: SimulatorOptions['hdlc']): Promise<BenchRow[]> {
    let sim: Simulator | undefined;
    let proxy: LineProxy | undefined;
    const rows: BenchRow[] = [];
    const options = { quick };
    try {
      sim = await startSimulator({ transport: 'hdlc', clock: () => T0, faults: { bytesPerSecond: line }, hdlc });
      proxy = await startLineProxy({ port: sim.ports[0] }, { toMeterBytesPerSecond: line });
      for (const days of DAYS.filter((d) => wanted.includes(d))) {
        const r = await wireSession(proxy.port, proxy, days, line);
        if (r.rows !== days * 96) throw new BenchSetupError(`wire: expected ${days * 96} rows for ${days} day(s), got ${r.rows}`);
        const ratio = r.ms / r.wireMinMs;
        const anchorOk = options.quick || r.ms / 1000 < ANCHOR_S[days];
        rows.push({
          suite: 'wire',
          name: `${days} day${days > 1 ? 's' : ''} 4-ch 15-min profile, HDLC @ ${line * 10} baud${hdlc ? '' : ', sim. default 128 B/window 1'}`,
          medianMs: r.ms,
          rowsPerS: Math.round((r.rows * 1000) / r.ms),
          target: hdlc ? `<= ${TARGET_RATIO}x wire min${options.quick ? '' : `, < ${ANCHOR_S[days]} s anchor`}` : undefined,
          pass: hdlc ? ratio <= TARGET_RATIO && anchorOk : undefined,
          runs: 1,
          detail: `${(r.ms / 1000).toFixed(2)} s vs wire minimum ${(r.wireMinMs / 1000).toFixed(2)} s = ${ratio.toFixed(3)}x`
            + `${options.quick ? '' : `; anchor ${ANCHOR_S[days]} s (${(r.ms / 1000 / ANCHOR_S[days]).toFixed(2)}x)`}`
            + `; ${r.rows} rows; bytes to meter ${r.bytesToMeter}, from meter ${r.bytesFromMeter}; ${r.clientTurns} client turns; negotiated ${r.negotiated}`,
        });
      }
    } finally {
      await proxy?.close();
      await sim?.close();
    }
    return rows;
}
