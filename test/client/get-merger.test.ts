import { strict as assert } from 'node:assert';
import { getMerger, type GetPayload } from '../../src/client/get-merger';
import type { DlmsClient, ValueResult } from '../../src/client/api';
import { DlmsError } from '../../src/errors';

function stubClient(fail?: (refs: unknown[]) => Error | undefined) {
  const calls: { refs: unknown[]; options: unknown }[] = [];
  const client = {
    async getMany(refs: string[], options: unknown): Promise<ValueResult[]> {
      calls.push({ refs, options });
      const e = fail?.(refs);
      if (e) throw e;
      return refs.map((r) => ({ obis: r, classId: 3, attribute: 2, value: r, readAt: 'now' }));
    },
  } as unknown as DlmsClient;
  return { client, calls };
}

describe('client: getMerger (merged concurrent reads)', () => {
  const signal = new AbortController().signal;

  it('one getMany for reads with the same options, each caller its own slice in order', async () => {
    const { client, calls } = stubClient();
    const payloads: GetPayload[] = [{ refs: ['a', 'b'] }, { refs: ['c'], options: {} }, { refs: ['d', 'e', 'f'], options: { scale: true } }];
    const out = await getMerger.run(client, payloads, signal);
    assert.equal(calls.length, 1);
    assert.deepEqual(calls[0].refs, ['a', 'b', 'c', 'd', 'e', 'f']);
    assert.deepEqual(out.map((o) => ('value' in o ? o.value.map((v) => v.obis) : o.error)), [['a', 'b'], ['c'], ['d', 'e', 'f']]);
  });

  it('raw and scaled reads are separate lists; selective access is never merged', async () => {
    const { client, calls } = stubClient();
    const access = { selector: 2, parameters: { type: 'null-data' as const } };
    const out = await getMerger.run(client, [{ refs: ['a'] }, { refs: ['b'], options: { scale: false } }, { refs: ['c'], options: { access } }, { refs: ['d'], options: { access } }, { refs: ['e'] }], signal);
    assert.equal(calls.length, 4);
    assert.deepEqual(calls.map((c) => c.refs), [['a', 'e'], ['b'], ['c'], ['d']]);
    assert.deepEqual(out.map((o) => ('value' in o ? o.value.map((v) => v.obis).join() : 'error')), ['a', 'b', 'c', 'd', 'e']);
  });

  it('a failing getMany fails only the callers of that group, with the error', async () => {
    const boom = new DlmsError('timeout', 'no answer');
    const { client } = stubClient((refs) => (refs.includes('b') ? boom : undefined));
    const out = await getMerger.run(client, [{ refs: ['a'] }, { refs: ['b'], options: { scale: false } }], signal);
    assert.ok('value' in out[0]);
    assert.ok('error' in out[1] && out[1].error === boom);
  });
});
