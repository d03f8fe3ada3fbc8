/**
 * Short fuzz run for `npm test` (the long one is `npm run fuzz`): a few thousand mutated and
 * generated inputs per decoder that reads outside input. Every input is either accepted or
 * rejected with a DlmsError; none takes over 100 ms; none allocates beyond a constant times its size.
 */
import assert from 'node:assert/strict';
import { runTarget, SLOW_LIMIT_MS } from '../../fuzz/engine';
import { TARGETS } from '../../fuzz/targets';

const INPUTS = Number(process.env.FUZZ_INPUTS ?? 5000);
const SEED = Number(process.env.FUZZ_SEED ?? 20260310);

describe('robustness: fuzzing every decoder of outside input (short run)', function () {
  this.timeout(20000);
  for (const target of TARGETS) {
    it(`${target.name}: ${INPUTS} inputs, no crash, none slow, allocation bounded`, () => {
      const r = runTarget(target, { inputs: INPUTS, seed: SEED, maxMs: 4000, allocation: true });
      assert.ok(r.inputs >= Math.min(INPUTS, 1000), `only ${r.inputs} inputs ran`);
      assert.equal(r.crashCount, 0, `crashes:\n${r.crashes.map((c) => `${c.input}\n${c.error}`).join('\n\n')}`);
      assert.deepEqual(r.overLimit, [], `inputs over ${SLOW_LIMIT_MS} ms`);
      assert.ok(r.allocation, 'allocation measured');
      assert.deepEqual(r.allocation.excessive, [], 'inputs that allocated beyond the bound');
    });
  }
});
