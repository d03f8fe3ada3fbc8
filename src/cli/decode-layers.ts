import { registerLayer, type DecodeOptions } from './decode';
import { describeHdlcFrame, describeWrapper } from '../link';
import { decodeApdu, describeApdu, isCipheredApdu } from '../apdu';
import { unprotect, parseKey, parseSystemTitle } from '../security';
import { toHex } from '../codec/hex';
import { InvalidArgumentError } from '../errors';

/**
 * The link and APDU layers of `dlms decode`. A ciphered APDU is shown structurally; with
 * --key (and --auth-key, and --system-title for service-specific glo-/ded- APDUs, whose IV uses
 * the sender's system title) it is also deciphered into `plaintext` and `plaintextDecoded`.
 */
function decipher(bytes: Buffer, opts: DecodeOptions, description: Record<string, unknown>): Record<string, unknown> {
  if (!opts.key && !opts.authKey) return description;
  const systemTitle = opts.systemTitle ? parseSystemTitle(opts.systemTitle) : undefined;
  const key = opts.key ? parseKey(opts.key, 'encryption key (--key)', 0) : undefined;
  // --key is the key that ciphered this APDU: the global key, or the dedicated key for ded- APDUs.
  const { plaintext } = unprotect(bytes, {
    systemTitle: systemTitle ?? Buffer.alloc(8),
    peerSystemTitle: systemTitle,
    encryptionKey: key,
    dedicatedKey: key,
    authenticationKey: opts.authKey ? parseKey(opts.authKey, 'authentication key (--auth-key)', 0) : undefined,
  });
  return { ...description, plaintext: toHex(plaintext), plaintextDecoded: describeApdu(decodeApdu(plaintext)) };
}

export function describeApduBytes(bytes: Buffer, opts: DecodeOptions = {}): unknown {
  const apdu = decodeApdu(bytes);
  const description = describeApdu(apdu) as Record<string, unknown>;
  if (!isCipheredApdu(apdu)) return description;
  const needsTitle = !('systemTitle' in description) && (opts.key || opts.authKey) && !opts.systemTitle;
  if (needsTitle) {
    throw new InvalidArgumentError("this service-specific ciphered APDU carries no system title: give the sender's with --system-title");
  }
  return decipher(bytes, opts, description);
}

registerLayer('hdlc', (bytes) => describeHdlcFrame(bytes));
registerLayer('wrapper', (bytes) => describeWrapper(bytes));
registerLayer('apdu', describeApduBytes);
