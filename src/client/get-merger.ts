import type { DlmsClient, GetOptions, ValueResult } from './api';
import type { AttributeRefInput } from './attribute-ref';
import type { Merger, MergeOutcome } from './pool';

/** One caller's part of a merged read. */
export interface GetPayload {
  refs: AttributeRefInput[];
  options?: GetOptions;
}

/** Requests merged into one getMany at most (the client still splits lists to fit the PDU). */
export const GET_MERGE_MAX_ITEMS = 16;


/**
 * Concurrent reads of one meter that the pool finds queued together become one getMany (one
 * GET-with-list where they fit) and every caller gets its own slice of the answer. Reads with
 * selective access are not merged (their access would apply to every item); scaled and raw reads
 * are merged separately.
 */
export const getMerger: Merger<DlmsClient, GetPayload, ValueResult[]> = {
  maxItems: GET_MERGE_MAX_ITEMS,
  async run(client, payloads): Promise<MergeOutcome<ValueResult[]>[]> {
    const out: MergeOutcome<ValueResult[]>[] = new Array(payloads.length);
    const groups = new Map<string, number[]>();
    payloads.forEach((p, i) => {
      // Selective access applies to every item of a request: such reads stay alone.
      const key = p.options?.access ? `access-${i}` : p.options?.scale === false ? 'raw' : 'scaled';
      groups.set(key, [...(groups.get(key) ?? []), i]);
    });
    for (const idx of groups.values()) {
      try {
        const all = await client.getMany(idx.flatMap((i) => payloads[i].refs), payloads[idx[0]].options);
        let at = 0;
        for (const i of idx) {
          const n = payloads[i].refs.length;
          out[i] = { value: all.slice(at, at + n) };
          at += n;
        }
      } catch (error) {
        for (const i of idx) out[i] = { error: error as Error };
      }
    }
    return out;
  },
};
