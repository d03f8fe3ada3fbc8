/**
 * Where the nodes get DLMS clients from. The real factory is the library's `createClient`;
 * tests swap in a fake through `setClientFactory` (and put the real one back with `undefined`).
 */
import type { DlmsClient } from '../client/api';
import type { ConnectionSettings } from '../client/settings';
import { DlmsError } from '../errors';

export type ClientFactory = (settings: ConnectionSettings) => DlmsClient;

let override: ClientFactory | undefined;

export function setClientFactory(factory: ClientFactory | undefined): void {
  override = factory;
}

export function createNodeClient(settings: ConnectionSettings): DlmsClient {
  if (override) return override(settings);
  // Loaded on first use so the nodes register even when the client cannot load (clear error per request).
  const mod = require('../client') as { createClient?: (s: ConnectionSettings) => DlmsClient };
  if (typeof mod.createClient !== 'function') {
    throw new DlmsError('internal-error', 'The DLMS client is not available in this installation; reinstall the package');
  }
  return mod.createClient(settings);
}
