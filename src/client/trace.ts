import { EventEmitter } from 'node:events';
import { toHex } from '../codec/hex';
import type { DlmsError } from '../errors';
import { describeHdlcFrame } from '../link/hdlc/describe';
import { describeWrapper } from '../link/wrapper/wrapper';
import type { Transport, TransportEvents } from '../transport/transport';
import type { TraceEvent } from './api';

export type TraceSink = (event: TraceEvent) => void;

/** HDLC frames are delimited by 7E flags; a chunk may hold several, or a part of one. */
function describeFrames(layer: 'hdlc' | 'wrapper', bytes: Buffer): unknown {
  try {
    if (layer === 'wrapper') return describeWrapper(bytes);
    if (bytes.length >= 9 && bytes[0] === 0x7e && bytes[bytes.length - 1] === 0x7e) return describeHdlcFrame(bytes);
  } catch {
    // a partial chunk: the hex says enough
  }
  return undefined;
}

export function traceEvent(direction: 'tx' | 'rx', layer: TraceEvent['layer'], bytes: Uint8Array, decoded?: unknown): TraceEvent {
  const e: TraceEvent = { direction, layer, hex: toHex(bytes), at: new Date().toISOString() };
  if (decoded !== undefined) e.decoded = decoded;
  return e;
}

/**
 * A transport that reports every chunk written and received to a trace sink, then passes it on.
 * The client wraps the real transport with it only when tracing is on, so the hot path of
 * an untraced client stays untouched. Listeners on the inner transport are removed by detach().
 */
export class TracingTransport extends EventEmitter<TransportEvents> implements Transport {
  private readonly onData = (d: Buffer): void => {
    this.sink(traceEvent('rx', this.layer, d, describeFrames(this.layer, d)));
    this.emit('data', d);
  };
  private readonly onError = (e: DlmsError): void => {
    if (this.listenerCount('error') > 0) this.emit('error', e);
  };
  private readonly onClosed = (e: DlmsError | undefined): void => {
    this.emit('closed', e);
  };

  constructor(readonly inner: Transport, private readonly layer: 'hdlc' | 'wrapper', private readonly sink: TraceSink) {
    super();
    inner.on('data', this.onData);
    inner.on('error', this.onError);
    inner.on('closed', this.onClosed);
  }

  get description(): string {
    return this.inner.description;
  }

  get isOpen(): boolean {
    return this.inner.isOpen;
  }

  open(): Promise<void> {
    return this.inner.open();
  }

  write(data: Uint8Array): Promise<void> {
    const b = Buffer.from(data);
    this.sink(traceEvent('tx', this.layer, b, describeFrames(this.layer, b)));
    return this.inner.write(data);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  detach(): void {
    this.inner.off('data', this.onData);
    this.inner.off('error', this.onError);
    this.inner.off('closed', this.onClosed);
  }
}
