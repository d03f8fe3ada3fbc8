import { createHash } from 'node:crypto';
import {
  HlsDigest, HlsEcdsa, HlsGmac, HlsSha256, LowLevelSecurity, LowestLevelSecurity, rawPublicKey, toPrivateKey,
  type AuthenticationMechanism,
} from '../../security';
import type { MechanismName } from '../model/types';

/**
 * The simulator's published test credentials. They are printed by `dlms-sim` and documented:
 * never use them on a real meter. The ECDSA keys are fixed scalars derived from a label so that
 * every run (and every client test) agrees on them without key files.
 */
const scalar = (label: string): Buffer => createHash('sha256').update(label).digest();

export interface SimulatorKeys {
  /** Global unicast encryption key (EK). */
  encryptionKey: Buffer;
  /** Authentication key (AK). */
  authenticationKey: Buffer;
  /** Global broadcast key; the pushes of a meter may use it. */
  broadcastKey: Buffer;
  /** Meter ECDSA P-256 private scalar (suite 1). */
  serverSigningKey: Buffer;
  /** The client's ECDSA P-256 public key (X || Y) the meter trusts. */
  clientSigningPublicKey: Buffer;
}

export const TEST_CLIENT_SIGNING_KEY = scalar('dlms-sim test client signing key (suite 1)');

export const DEFAULT_KEYS: SimulatorKeys = {
  encryptionKey: Buffer.from('000102030405060708090A0B0C0D0E0F', 'hex'),
  authenticationKey: Buffer.from('D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF', 'hex'),
  broadcastKey: Buffer.from('B0B1B2B3B4B5B6B7B8B9BABBBCBDBEBF', 'hex'),
  serverSigningKey: scalar('dlms-sim test meter signing key (suite 1)'),
  clientSigningPublicKey: rawPublicKey(toPrivateKey(TEST_CLIENT_SIGNING_KEY, 1), 1),
};

/** The meter's public signing key (X || Y) for `keys`, what a client configures as serverPublicKey. */
export function serverPublicKey(keys: SimulatorKeys = DEFAULT_KEYS): Buffer {
  return rawPublicKey(toPrivateKey(keys.serverSigningKey, 1), 1);
}

/** Model mechanism names to the names of the security layer and the AARQ. */
export const MECHANISM_NAME: Record<MechanismName, string> = {
  lowest: 'lowest', lls: 'low', hls: 'high', 'hls-md5': 'high-md5', 'hls-sha1': 'high-sha1', 'hls-gmac': 'high-gmac', 'hls-sha256': 'high-sha256', 'hls-ecdsa': 'high-ecdsa',
};

const ecdsaCache = new Map<string, HlsEcdsa>();

/**
 * The meter side of an association's mechanism, or undefined for one the simulator does not
 * implement (mechanism 2, manufacturer specific).
 */
export function mechanismFor(mechanism: MechanismName, secret: Buffer, keys: SimulatorKeys, suite: number): AuthenticationMechanism | undefined {
  switch (mechanism) {
    case 'lowest':
      return new LowestLevelSecurity();
    case 'lls':
      return secret.length ? new LowLevelSecurity(secret) : undefined;
    case 'hls-md5':
      return new HlsDigest('md5', secret);
    case 'hls-sha1':
      return new HlsDigest('sha1', secret);
    case 'hls-sha256':
      return new HlsSha256(secret);
    case 'hls-gmac':
      return new HlsGmac({ encryptionKey: keys.encryptionKey, authenticationKey: keys.authenticationKey }, suite === 1 || suite === 2 ? suite : 0);
    case 'hls-ecdsa': {
      // Key objects are costly to build: one mechanism per key pair, shared by every meter.
      const id = `${keys.serverSigningKey.toString('hex')}/${keys.clientSigningPublicKey.toString('hex')}`;
      let m = ecdsaCache.get(id);
      if (!m) {
        m = new HlsEcdsa(1, { signingKey: keys.serverSigningKey, peerPublicKey: keys.clientSigningPublicKey });
        ecdsaCache.set(id, m);
      }
      return m;
    }
    default:
      return undefined;
  }
}
