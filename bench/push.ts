import * as net from 'node:net';
import { encodeApdu } from '../src/apdu/apdu';
import { dateTimeFromIso, encodeDateTime } from '../src/codec/cosem-datetime';
import { D } from '../src/codec/data';
import { encodeWrapper } from '../src/link/wrapper/wrapper';
import { PushListener } from '../src/push';
import { protect } from '../src/security/protect';
import { BenchSetupError, type BenchModule, type BenchRow } from './measure';

/**
 * Push listener throughput: METERS simulated meters, each on its own TCP connection over
 * loopback, push ciphered Data-Notifications (general-glo-ciphering, suite 0, authenticated and
 * encrypted, policy 'encrypted') as fast as the socket accepts them. Every notification is
 * counted: a run only counts if all arrived and none was rejected.
 */
const METERS = 200;
const PER_METER = 250;
const BATCH = 25;
const RUNS = 5;
const TARGET = 20_000;

const EK = Buffer.from('000102030405060708090A0B0C0D0E0F', 'hex');
const AK = Buffer.from('D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF', 'hex');

function title(m: number): string {
  return `4D4D4D${(m + 1).toString(16).padStart(10, '0').toUpperCase()}`;
}

/** One meter's pushes, already framed, grouped in writes of BATCH notifications. */
function meterStream(m: number): Buffer[] {
  const systemTitle = Buffer.from(title(m), 'hex');
  const time = encodeDateTime(dateTimeFromIso('2026-11-25T08:00:00+00:00'));
  const frames: Buffer[] = [];
  for (let i = 0; i < PER_METER; i++) {
    const apdu = encodeApdu({
      service: 'data-notification',
      longInvokeId: i,
      priority: 'normal',
      serviceClass: 'unconfirmed',
      processingOption: 'continue-on-error',
      selfDescriptive: false,
      dateTime: time,
      body: D.structure([D.octetString('0000190900FF'), D.octetString(time), D.doubleLongUnsigned(1_000_000 + i), D.doubleLongUnsigned(5000 + m), D.longUnsigned(2300 + (i % 20))]),
    });
    const ciphered = protect(apdu, { systemTitle, encryptionKey: EK, authenticationKey: AK }, { envelope: 'general-glo', invocationCounter: i + 1 });
    frames.push(encodeWrapper({ sourceWPort: 1, destinationWPort: 1, payload: ciphered }));
  }
  const out: Buffer[] = [];
  for (let i = 0; i < frames.length; i += BATCH) out.push(Buffer.concat(frames.slice(i, i + BATCH)));
  return out;
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port, host: '127.0.0.1' }, () => resolve(s));
    s.once('error', reject);
  });
}

async function writeAll(s: net.Socket, chunks: Buffer[]): Promise<void> {
  for (const c of chunks) {
    if (!s.write(c)) await new Promise((r) => s.once('drain', r));
  }
}

async function oneRun(streams: Buffer[][]): Promise<{ ms: number; received: number; rejected: number }> {
  const keys: Record<string, { encryptionKey: Buffer; authenticationKey: Buffer; name: string }> = {};
  for (let m = 0; m < METERS; m++) keys[title(m)] = { encryptionKey: EK, authenticationKey: AK, name: `meter-${m + 1}` };
  const listener = new PushListener({ tcp: 0, keys, policy: 'encrypted', maxConnections: METERS });
  const total = METERS * PER_METER;
  let received = 0;
  let rejected = 0;
  let done!: () => void;
  const allIn = new Promise<void>((r) => (done = r));
  listener.on('notification', () => {
    if (++received === total) done();
  });
  listener.on('rejected', () => {
    rejected++;
  });
  const { tcp } = await listener.listen();
  const sockets = await Promise.all(streams.map(() => connect(tcp!)));
  try {
    const t0 = process.hrtime.bigint();
    await Promise.all(sockets.map((s, m) => writeAll(s, streams[m])));
    const timeout = new Promise<void>((r) => setTimeout(r, 60_000).unref());
    await Promise.race([allIn, timeout]);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    return { ms, received, rejected };
  } finally {
    for (const s of sockets) s.destroy();
    await listener.close();
  }
}

export const pushBench: BenchModule = {
  name: 'push',
  async run(): Promise<BenchRow[]> {
    const streams = Array.from({ length: METERS }, (_, m) => meterStream(m));
    const total = METERS * PER_METER;
    await oneRun(streams); // warm-up
    const times: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const res = await oneRun(streams);
      if (res.received !== total || res.rejected !== 0) {
        throw new BenchSetupError(`push bench lost notifications: ${res.received} of ${total} received, ${res.rejected} rejected`);
      }
      times.push(res.ms);
    }
    times.sort((a, b) => a - b);
    const medianMs = times[times.length >> 1];
    const perS = Math.round(total / (medianMs / 1000));
    return [
      {
        suite: 'push',
        name: `${METERS} TCP meters x ${PER_METER} ciphered DataNotifications (general-glo, suite 0), 0 lost`,
        medianMs: Number(medianMs.toFixed(1)),
        rowsPerS: perS,
        target: `>= ${TARGET.toLocaleString('en-US')} notifications/s`,
        pass: perS >= TARGET,
        runs: RUNS,
      },
    ];
  },
};
