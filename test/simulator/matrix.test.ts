import assert from 'node:assert/strict';
import { createClient } from '../../src/client';
import type { ConnectionSettingsInput } from '../../src/client/settings';
import { MemoryCounterStore } from '../../src/security/counter-store';
import { serverPublicKey, startSimulator, TEST_CLIENT_SIGNING_KEY, type Simulator, type SimulatorTransport } from '../../src/server';

/**
 * The client/simulator matrix: each transport x referencing x authentication x policy, with
 * GET, SET, ACTION, a profile and the object list where the association's rights allow them.
 */
const T0 = Date.UTC(2026, 2, 10, 6, 7, 30);
const KEYS = { encryptionKey: '000102030405060708090A0B0C0D0E0F', authenticationKey: 'D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF' };
const TITLE = '4142434445464748';
const POLICY_BITS = { none: 0, authenticated: 0x24, encrypted: 0x48, 'authenticated-encrypted': 0x6c } as const;

interface Case {
  name: string;
  settings: Partial<ConnectionSettingsInput>;
  policy?: keyof typeof POLICY_BITS;
  write?: boolean;
  profile?: boolean;
}

const HLS = { secrets: { hlsSecret: 'SimHlsSecret0001' }, clientSystemTitle: TITLE };
const CASES: Case[] = [
  { name: 'LN public, no authentication', settings: { clientSap: 16 } },
  { name: 'LN LLS reader', settings: { clientSap: 32, authentication: 'low', secrets: { password: '12345678' } }, profile: true },
  { name: 'SN LLS reader', settings: { clientSap: 33, referencing: 'sn', authentication: 'low', secrets: { password: '12345678' } }, profile: true },
  { name: 'LN HLS-MD5', settings: { clientSap: 2, authentication: 'high-md5', ...HLS }, write: true },
  { name: 'LN HLS-SHA1', settings: { clientSap: 3, authentication: 'high-sha1', ...HLS }, write: true },
  { name: 'LN HLS-SHA256', settings: { clientSap: 4, authentication: 'high-sha256', ...HLS }, write: true },
  ...(['authenticated-encrypted', 'authenticated', 'encrypted', 'none'] as const).map((policy): Case => ({
    name: `LN HLS-GMAC ciphered, policy ${policy}`,
    settings: { clientSap: 1, authentication: 'high-gmac', securityPolicy: policy, clientSystemTitle: TITLE, secrets: KEYS },
    policy,
    write: true,
    profile: true,
  })),
  {
    name: 'LN HLS-ECDSA suite 1',
    settings: {
      clientSap: 48, authentication: 'high-ecdsa', securitySuite: 1, securityPolicy: 'authenticated-encrypted', clientSystemTitle: TITLE,
      secrets: { ...KEYS, ecdsaPrivateKey: TEST_CLIENT_SIGNING_KEY.toString('hex'), serverPublicKey: serverPublicKey().toString('hex') },
    },
    write: true,
  },
];

const TRANSPORTS: [SimulatorTransport, 'tcp' | 'udp' | 'hdlc+tcp'][] = [['tcp', 'tcp'], ['udp', 'udp'], ['hdlc', 'hdlc+tcp']];

describe('client/simulator matrix', function () {
  this.timeout(20000);
  for (const [simTransport, transport] of TRANSPORTS) {
    describe(transport, () => {
      const sims = new Map<number, Simulator>();
      const simFor = async (policy: number): Promise<Simulator> => {
        let s = sims.get(policy);
        if (!s) {
          s = await startSimulator({ transport: simTransport, clock: () => T0, securityPolicy: policy === 0x6c ? undefined : policy });
          sims.set(policy, s);
        }
        return s;
      };
      after(async () => {
        await Promise.all([...sims.values()].map((s) => s.close()));
      });

      for (const c of CASES) {
        it(c.name, async () => {
          const sim = await simFor(POLICY_BITS[c.policy ?? 'authenticated-encrypted']);
          const client = createClient({ transport, host: '127.0.0.1', port: sim.ports[0], utcOffset: 330, ...(transport === 'hdlc+tcp' ? { physicalAddress: 17 } : {}), ...c.settings } as ConnectionSettingsInput, { counterStore: new MemoryCounterStore() });
          try {
            if (c.policy === 'none') {
              // The management association is ciphered: a client without ciphering proposes the wrong context.
              await assert.rejects(client.open(), (e: { code: string; message: string }) => e.code === 'association-rejected' && /application-context-name-not-supported/.test(e.message));
              return;
            }
            await client.open();
            const ldn = await client.get({ obis: '0.0.42.0.0.255', classId: 1, attribute: 2 });
            assert.equal(ldn.error, undefined, JSON.stringify(ldn));
            const list = await client.readObjectList();
            assert.ok(list.length >= 5, `object list of ${list.length}`);
            if (c.profile) {
              const p = await client.readProfile('1.0.99.1.0.255', { from: '2026-03-10T09:00:00+05:30', to: '2026-03-10T10:00:00+05:30' });
              assert.equal(p.rows.length, 5);
            }
            if (c.write) {
              const w = await client.setClock(new Date(T0));
              assert.equal(w.result, 'success', JSON.stringify(w));
              const a = await client.action('3/1.0.1.8.0.255/1');
              assert.equal(a.result, 'success', JSON.stringify(a));
            }
          } finally {
            await client.close();
          }
        });
      }
    });
  }
});
