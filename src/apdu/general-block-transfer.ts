import type { BufferReader } from '../codec/buffer-reader';
import type { BufferWriter } from '../codec/buffer-writer';
import { checkRange, readOctetString, writeOctetString } from './common';

/**
 * General-Block-Transfer [224] (Green Book 9.5, clause 9.3.10): carries any APDU in blocks.
 * block-control: bit 7 last-block, bit 6 streaming, bits 0-5 window size.
 */
export const GENERAL_BLOCK_TRANSFER_TAG = 0xe0;

export interface GeneralBlockTransfer {
  service: 'general-block-transfer';
  lastBlock: boolean;
  streaming: boolean;
  /** Window size 0..63. */
  window: number;
  blockNumber: number;
  blockNumberAck: number;
  blockData: Buffer;
}

export function decodeGeneralBlockTransfer(r: BufferReader): GeneralBlockTransfer {
  const bc = r.u8('block-control');
  const blockNumber = r.u16('block-number');
  const blockNumberAck = r.u16('block-number-ack');
  return {
    service: 'general-block-transfer',
    lastBlock: (bc & 0x80) !== 0,
    streaming: (bc & 0x40) !== 0,
    window: bc & 0x3f,
    blockNumber,
    blockNumberAck,
    blockData: readOctetString(r, 'block-data'),
  };
}

export function encodeGeneralBlockTransfer(w: BufferWriter, a: GeneralBlockTransfer): void {
  checkRange(a.window, 0, 63, 'window size');
  checkRange(a.blockNumber, 0, 0xffff, 'block number');
  checkRange(a.blockNumberAck, 0, 0xffff, 'acknowledged block number');
  w.u8(GENERAL_BLOCK_TRANSFER_TAG);
  w.u8((a.lastBlock ? 0x80 : 0) | (a.streaming ? 0x40 : 0) | a.window);
  w.u16(a.blockNumber).u16(a.blockNumberAck);
  writeOctetString(w, a.blockData);
}
