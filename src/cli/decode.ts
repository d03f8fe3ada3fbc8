import { BufferReader } from '../codec/buffer-reader';
import { decodeData } from '../codec/axdr';
import { toTypedJson } from '../codec/typed-json';
import { fromHex } from '../codec/hex';
import { DecodeError } from '../errors';
import { describeCosemOctets } from './describe-cosem';

/**
 * `dlms decode`: raw bytes from a log or sniffer to JSON, layer by layer. Each layer's output uses
 * the field names of the shared vectors' `expect` objects, so any vector's hex decodes to its
 * expect. Layers register here so that the CLI needs no change when one is added.
 */
export interface DecodeOptions {
  kind?: string;
  key?: string;
  authKey?: string;
  systemTitle?: string;
}

export type LayerDecoder = (bytes: Buffer, opts: DecodeOptions) => unknown;

const layers = new Map<string, LayerDecoder>();

export function registerLayer(name: string, fn: LayerDecoder): void {
  layers.set(name, fn);
}

export function layerNames(): string[] {
  return [...layers.keys()];
}

registerLayer('axdr', (bytes) => {
  const r = new BufferReader(bytes);
  const value = toTypedJson(decodeData(r));
  if (!r.atEnd()) throw new DecodeError(`${r.remaining} unexpected byte(s) after the data item`, r.pos);
  return value;
});
registerLayer('cosem', (bytes, opts) => describeCosemOctets(bytes, opts.kind));

/** Which layer a byte string most likely belongs to, from its first octets. */
export function guessLayer(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0x7e && bytes[bytes.length - 1] === 0x7e && layers.has('hdlc')) return 'hdlc';
  if (bytes.length >= 8 && bytes[0] === 0x00 && bytes[1] === 0x01 && layers.has('wrapper')) return 'wrapper';
  if (layers.has('apdu') && bytes.length > 0 && bytes[0] >= 0x01 && bytes[0] !== 0x09 && bytes[0] !== 0x02 && bytes[0] !== 0x01) return 'apdu';
  return 'axdr';
}

export function decodeHex(hex: string, layer: string | undefined, opts: DecodeOptions = {}): unknown {
  const bytes = fromHex(hex, 'input');
  const name = layer ?? guessLayer(bytes);
  const fn = layers.get(name);
  if (!fn) throw new DecodeError(`unknown layer "${name}" (known: ${layerNames().join(', ')})`, 0);
  return fn(bytes, opts);
}
