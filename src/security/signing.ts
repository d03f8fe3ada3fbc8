import type { KeyObject } from 'node:crypto';
import { encodeCiphered, encodeSigningInput, type GeneralHeader, type GeneralSigning } from '../apdu/ciphered';
import { DlmsError } from '../errors';
import { ecdsaSign, ecdsaVerify } from './ecc';

/**
 * general-signing (Green Book 9.2.7.2.5): an APDU (plain or ciphered) signed with ECDSA by its
 * originator. The signature covers the general-signing APDU from its tag up to and including
 * the content field, i.e. everything but the signature.
 */
export function signApdu(suite: number, content: Uint8Array, header: GeneralHeader, signingKey: KeyObject): Buffer {
  const fields = { ...header, content: Buffer.from(content) };
  const signature = ecdsaSign(suite, signingKey, encodeSigningInput(fields));
  const apdu: GeneralSigning = { kind: 'general-signing', tag: 0xdf, service: 'general-signing', ...fields, signature };
  return encodeCiphered(apdu);
}

export function verifySigned(suite: number, apdu: GeneralSigning, peerSigningKey: KeyObject): void {
  if (!ecdsaVerify(suite, peerSigningKey, encodeSigningInput(apdu), apdu.signature)) {
    throw new DlmsError(
      'authentication-failed',
      "general-signing: the signature does not verify; check the originator's signing public key (certificate) and that the APDU was not altered",
      { service: 'general-signing' },
    );
  }
}
