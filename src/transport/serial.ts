import { SerialPort } from 'serialport';
import { DlmsError, InvalidArgumentError } from '../errors';
import { BaseTransport } from './transport';

export type Parity = 'none' | 'even' | 'odd';

export interface SerialSettings {
  baudRate: number;
  dataBits?: 7 | 8;
  parity?: Parity;
  stopBits?: 1 | 2;
}

export interface SerialOptions extends SerialSettings {
  path: string;
}

function serialError(err: Error, path: string, action: string): DlmsError {
  const msg = err.message || String(err);
  if (/ENOENT|No such file|cannot find|File not found/i.test(msg)) {
    return new DlmsError('port-not-found', `serial port ${path} does not exist: check the device path (e.g. /dev/ttyUSB0, COM3) and that the adapter is plugged in`, { path }, { cause: err });
  }
  if (/EACCES|Permission denied|Access denied/i.test(msg)) {
    return new DlmsError('permission-denied', `no permission to open ${path}: add the user to the dialout group (Linux) or close the program that holds the port`, { path }, { cause: err });
  }
  if (/EBUSY|lock|Resource busy|Resource temporarily unavailable/i.test(msg)) {
    return new DlmsError('port-busy', `serial port ${path} is in use by another program`, { path }, { cause: err });
  }
  return new DlmsError('serial-error', `serial port ${path}: ${action} failed: ${msg}`, { path }, { cause: err });
}

/** Serial transport through `serialport` (RS-485 converters, optical probes). */
export class SerialTransport extends BaseTransport {
  readonly description: string;
  private port?: SerialPort;
  private settings: Required<SerialSettings>;

  constructor(private readonly opts: SerialOptions) {
    super();
    if (!opts.path) throw new InvalidArgumentError('serial transport needs a port path (e.g. /dev/ttyUSB0)');
    this.settings = normalise(opts);
    this.description = `serial://${opts.path}`;
  }

  get currentSettings(): Readonly<Required<SerialSettings>> {
    return this.settings;
  }

  private opening?: Promise<void>;

  /** Concurrent calls share one attempt (several links on one shared port). */
  open(): Promise<void> {
    if (this.opened) return Promise.resolve();
    if (!this.opening) this.opening = this.doOpen().finally(() => (this.opening = undefined));
    return this.opening;
  }

  private doOpen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const s = this.settings;
      const port = new SerialPort({ path: this.opts.path, baudRate: s.baudRate, dataBits: s.dataBits, parity: s.parity, stopBits: s.stopBits, autoOpen: false });
      port.open((err) => {
        if (err) {
          reject(serialError(err, this.opts.path, 'open'));
          return;
        }
        this.port = port;
        let lastError: DlmsError | undefined;
        port.on('data', (d: Buffer) => this.emit('data', d));
        port.on('error', (e: Error) => {
          lastError = serialError(e, this.opts.path, 'I/O');
          this.reportError(lastError);
        });
        port.on('close', (err?: Error & { disconnected?: boolean }) => {
          port.removeAllListeners();
          if (this.port === port) this.port = undefined;
          if (err && !lastError) {
            lastError = new DlmsError('connection-closed', `serial port ${this.opts.path} went away (${err.message}): check that the USB adapter is still plugged in`, { path: this.opts.path }, { cause: err });
          }
          this.markClosed(lastError);
        });
        this.markOpen();
        resolve();
      });
    });
  }

  write(data: Uint8Array): Promise<void> {
    const p = this.port;
    if (!p || !this.opened) return Promise.reject(this.notOpen());
    return new Promise((resolve, reject) => {
      p.write(Buffer.from(data), (err) => (err ? reject(serialError(err, this.opts.path, 'write')) : resolve()));
    });
  }

  /** Resolves once every written octet has left the UART (before a baud-rate change). */
  drain(): Promise<void> {
    const p = this.port;
    if (!p) return Promise.resolve();
    return new Promise((resolve, reject) => p.drain((err) => (err ? reject(serialError(err, this.opts.path, 'drain')) : resolve())));
  }

  /**
   * Changes the line settings of the open port (IEC 62056-21 mode E switches from 300 baud 7E1
   * to the negotiated rate at 8N1). A baud-rate-only change uses the driver's update call; a
   * change of framing needs a reopen, which `serialport` does without emitting `closed`.
   */
  async reconfigure(next: SerialSettings): Promise<void> {
    const target = normalise(next);
    const prev = this.settings;
    this.settings = target;
    const p = this.port;
    if (!p) return;
    if (prev.dataBits === target.dataBits && prev.parity === target.parity && prev.stopBits === target.stopBits) {
      if (prev.baudRate === target.baudRate) return;
      await new Promise<void>((resolve, reject) => p.update({ baudRate: target.baudRate }, (err) => (err ? reject(serialError(err, this.opts.path, 'baud rate change')) : resolve())));
      return;
    }
    // Reopen quietly: detach our close handler so upper layers do not see a disconnect.
    p.removeAllListeners('close');
    this.port = undefined;
    this.opened = false;
    await new Promise<void>((resolve) => p.close(() => resolve()));
    p.removeAllListeners();
    try {
      await this.open();
    } catch (e) {
      // The port is gone for good: tell the link layers like any other loss of the port.
      this.opened = true;
      this.markClosed(e as DlmsError);
      throw e;
    }
  }

  close(): Promise<void> {
    const p = this.port;
    if (!p) return Promise.resolve();
    return new Promise((resolve) => {
      p.once('close', () => resolve());
      p.close((err) => {
        if (err) {
          // Already closed by the OS (unplugged): settle anyway.
          p.removeAllListeners();
          this.port = undefined;
          this.markClosed();
          resolve();
        }
      });
    });
  }
}

function normalise(s: SerialSettings): Required<SerialSettings> {
  const out: Required<SerialSettings> = { baudRate: s.baudRate, dataBits: s.dataBits ?? 8, parity: s.parity ?? 'none', stopBits: s.stopBits ?? 1 };
  if (!Number.isInteger(out.baudRate) || out.baudRate < 50) throw new InvalidArgumentError(`baud rate ${s.baudRate} is not valid`, { baudRate: s.baudRate });
  if (out.dataBits !== 7 && out.dataBits !== 8) throw new InvalidArgumentError(`data bits must be 7 or 8, not ${String(s.dataBits)}`);
  if (!['none', 'even', 'odd'].includes(out.parity)) throw new InvalidArgumentError(`parity must be none, even or odd, not ${String(s.parity)}`);
  if (out.stopBits !== 1 && out.stopBits !== 2) throw new InvalidArgumentError(`stop bits must be 1 or 2, not ${String(s.stopBits)}`);
  return out;
}
