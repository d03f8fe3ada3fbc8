import type { BufferReader } from '../codec/buffer-reader';
import type { BufferWriter } from '../codec/buffer-writer';
import { checkRange, readOctetString, readPresence, writeOctetString } from './common';
import type { Conformance } from './conformance';

/**
 * xDLMS InitiateRequest [1] and InitiateResponse [8] (Green Book 9.5), A-XDR encoded and
 * carried in the AARQ / AARE user-information. The conformance block inside is BER:
 * [APPLICATION 31] IMPLICIT BIT STRING (SIZE(24)) = 5F 1F 04 00 + 3 octets.
 */
export const INITIATE_REQUEST_TAG = 0x01;
export const INITIATE_RESPONSE_TAG = 0x08;

export interface InitiateRequest {
  service: 'initiate-request';
  dedicatedKey: Buffer | null;
  /** response-allowed BOOLEAN DEFAULT TRUE (TRUE is encoded as "default", 0x00). */
  responseAllowed: boolean;
  proposedQualityOfService: number | null;
  proposedDlmsVersion: number;
  proposedConformance: Conformance;
  clientMaxReceivePduSize: number;
}

export interface InitiateResponse {
  service: 'initiate-response';
  negotiatedQualityOfService: number | null;
  negotiatedDlmsVersion: number;
  negotiatedConformance: Conformance;
  serverMaxReceivePduSize: number;
  /** VAA name: 0x0007 with logical names, 0xFA00 with short names. */
  vaaName: number;
}

function readConformance(r: BufferReader): Conformance {
  const at = r.pos;
  const t1 = r.u8('conformance tag');
  const t2 = r.u8('conformance tag');
  const len = r.u8('conformance length');
  const unused = r.u8('conformance unused bits');
  if (t1 !== 0x5f || t2 !== 0x1f || len !== 4 || unused !== 0) {
    r.fail('conformance block: expected 5F 1F 04 00 followed by 3 octets ([APPLICATION 31] BIT STRING of 24 bits)', at);
  }
  const b = r.bytes(3, 'conformance block');
  return (b[0] << 16) | (b[1] << 8) | b[2];
}

function writeConformance(w: BufferWriter, c: Conformance): void {
  checkRange(c, 0, 0xffffff, 'conformance block');
  w.u8(0x5f).u8(0x1f).u8(4).u8(0).u8(c >>> 16).u16(c & 0xffff);
}

function readQos(r: BufferReader, what: string): number | null {
  return readPresence(r, what) ? r.i8(what) : null;
}

function writeQos(w: BufferWriter, q: number | null): void {
  if (q === null || q === undefined) {
    w.u8(0);
    return;
  }
  checkRange(q, -128, 127, 'quality of service');
  w.u8(1).u8(q & 0xff);
}

export function decodeInitiateRequest(r: BufferReader): InitiateRequest {
  const dedicatedKey = readPresence(r, 'dedicated-key') ? readOctetString(r, 'dedicated-key') : null;
  const responseAllowed = readPresence(r, 'response-allowed') ? r.u8('response-allowed') !== 0 : true;
  const proposedQualityOfService = readQos(r, 'proposed-quality-of-service');
  const proposedDlmsVersion = r.u8('proposed-dlms-version-number');
  const proposedConformance = readConformance(r);
  const clientMaxReceivePduSize = r.u16('client-max-receive-pdu-size');
  return { service: 'initiate-request', dedicatedKey, responseAllowed, proposedQualityOfService, proposedDlmsVersion, proposedConformance, clientMaxReceivePduSize };
}

export function encodeInitiateRequest(w: BufferWriter, a: InitiateRequest): void {
  checkRange(a.proposedDlmsVersion, 0, 255, 'DLMS version');
  checkRange(a.clientMaxReceivePduSize, 0, 0xffff, 'client max receive PDU size');
  w.u8(INITIATE_REQUEST_TAG);
  if (a.dedicatedKey) {
    w.u8(1);
    writeOctetString(w, a.dedicatedKey);
  } else {
    w.u8(0);
  }
  if (a.responseAllowed === false) w.u8(1).u8(0);
  else w.u8(0);
  writeQos(w, a.proposedQualityOfService);
  w.u8(a.proposedDlmsVersion);
  writeConformance(w, a.proposedConformance);
  w.u16(a.clientMaxReceivePduSize);
}

export function decodeInitiateResponse(r: BufferReader): InitiateResponse {
  const negotiatedQualityOfService = readQos(r, 'negotiated-quality-of-service');
  const negotiatedDlmsVersion = r.u8('negotiated-dlms-version-number');
  const negotiatedConformance = readConformance(r);
  const serverMaxReceivePduSize = r.u16('server-max-receive-pdu-size');
  const vaaName = r.u16('vaa-name');
  return { service: 'initiate-response', negotiatedQualityOfService, negotiatedDlmsVersion, negotiatedConformance, serverMaxReceivePduSize, vaaName };
}

export function encodeInitiateResponse(w: BufferWriter, a: InitiateResponse): void {
  checkRange(a.negotiatedDlmsVersion, 0, 255, 'DLMS version');
  checkRange(a.serverMaxReceivePduSize, 0, 0xffff, 'server max receive PDU size');
  checkRange(a.vaaName, 0, 0xffff, 'VAA name');
  w.u8(INITIATE_RESPONSE_TAG);
  writeQos(w, a.negotiatedQualityOfService);
  w.u8(a.negotiatedDlmsVersion);
  writeConformance(w, a.negotiatedConformance);
  w.u16(a.serverMaxReceivePduSize).u16(a.vaaName);
}
