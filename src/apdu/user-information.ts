import type { BufferReader } from '../codec/buffer-reader';
import { BufferWriter } from '../codec/buffer-writer';
import { decodeInitiateRequest, decodeInitiateResponse, encodeInitiateRequest, encodeInitiateResponse, INITIATE_REQUEST_TAG, INITIATE_RESPONSE_TAG, type InitiateRequest, type InitiateResponse } from './initiate';
import { CONFIRMED_SERVICE_ERROR_TAG, decodeConfirmedServiceError, encodeConfirmedServiceError, type ConfirmedServiceError } from './service-errors';
import { decodeCipheredFrom, encodeCiphered, splitPayload, type CipheredApdu } from './ciphered';
import type { CipheredService } from './apdu';
import { EncodeError } from '../errors';

/**
 * The xDLMS APDU carried in the ACSE user-information field (Green Book 9.4.2.2): a plain
 * InitiateRequest / InitiateResponse / ConfirmedServiceError, or their glo-/ded- ciphered
 * forms, whose octets are kept as a protected frame for the security layer to decipher.
 */
export type UserInformation = InitiateRequest | InitiateResponse | ConfirmedServiceError | (CipheredApdu & { service: CipheredService });

/** glo-/ded- initiate-request, initiate-response, confirmed-service-error. */
const CIPHERED_INITIATE_TAGS = new Set([0x21, 0x28, 0x2e, 0x41, 0x48, 0x4e]);

/** Decode exactly the octets of the user-information OCTET STRING. */
export function decodeUserInformation(r: BufferReader): UserInformation {
  const at = r.pos;
  const tag = r.u8('user-information APDU tag');
  let out: UserInformation;
  if (tag === INITIATE_REQUEST_TAG) out = decodeInitiateRequest(r);
  else if (tag === INITIATE_RESPONSE_TAG) out = decodeInitiateResponse(r);
  else if (tag === CONFIRMED_SERVICE_ERROR_TAG) out = decodeConfirmedServiceError(r);
  else if (CIPHERED_INITIATE_TAGS.has(tag)) {
    r.pos = at;
    const c = decodeCipheredFrom(r);
    if ('payload' in c) splitPayload(c); // an authenticated envelope must hold its tag
    out = c as CipheredApdu & { service: CipheredService };
  }
  else {
    return r.fail(
      `user-information holds APDU tag 0x${tag.toString(16).padStart(2, '0').toUpperCase()}; expected an InitiateRequest (01), InitiateResponse (08), ConfirmedServiceError (0E) or their ciphered forms`,
      at,
    );
  }
  if (!r.atEnd()) r.fail(`${r.remaining} unexpected octet(s) after the user-information APDU`);
  return out;
}

export function encodeUserInformation(u: UserInformation): Buffer {
  if ('kind' in u) {
    if (!CIPHERED_INITIATE_TAGS.has(u.tag)) throw new EncodeError(`"${u.service}" cannot be carried in the ACSE user-information`);
    return encodeCiphered(u);
  }
  const w = new BufferWriter(64);
  switch (u.service) {
    case 'initiate-request':
      encodeInitiateRequest(w, u);
      break;
    case 'initiate-response':
      encodeInitiateResponse(w, u);
      break;
    case 'confirmed-service-error':
      encodeConfirmedServiceError(w, u);
      break;
    default:
      throw new EncodeError(`"${(u as { service: string }).service}" cannot be carried in the ACSE user-information`);
  }
  return w.toBuffer();
}
