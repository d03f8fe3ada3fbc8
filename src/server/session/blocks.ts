/**
 * One long value being sent in blocks (GET datablocks, ACTION pblocks, SN read blocks, general
 * block transfer): the encoded bytes and how far the client has acknowledged them.
 */
export class OutgoingBlocks {
  private offset = 0;
  blockNumber = 0;

  constructor(readonly bytes: Buffer, readonly blockSize: number) {}

  get done(): boolean {
    return this.offset >= this.bytes.length;
  }

  /** The next block; `last` is set on the final one. */
  next(): { blockNumber: number; last: boolean; data: Buffer } {
    const data = this.bytes.subarray(this.offset, this.offset + this.blockSize);
    this.offset += data.length;
    this.blockNumber++;
    return { blockNumber: this.blockNumber, last: this.done, data };
  }
}

/** Blocks received from the client (SET datablocks, ACTION pblocks, incoming GBT). */
export class IncomingBlocks {
  private readonly parts: Buffer[] = [];
  private size = 0;
  blockNumber = 0;

  constructor(private readonly maxBytes: number) {}

  /** Append block `n`; false when out of sequence or over the size limit. */
  add(n: number, data: Buffer): boolean {
    if (n !== this.blockNumber + 1 || this.size + data.length > this.maxBytes) return false;
    this.parts.push(Buffer.from(data));
    this.size += data.length;
    this.blockNumber = n;
    return true;
  }

  get bytes(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** Largest value the meter reassembles from blocks (protects the simulator's memory). */
export const MAX_REASSEMBLED = 256 * 1024;
