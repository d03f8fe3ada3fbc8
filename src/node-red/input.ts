/**
 * The input handler of every flow node: the async body runs once per message and ends in exactly
 * one done() (done(err) for Catch nodes), whatever it throws or rejects with.
 */
import type { NodeMessage, RedNode, SendFn } from './red-types';
import { toFlowError } from './node-error';

export type InputBody = (msg: NodeMessage, send: SendFn) => Promise<void>;

export function handleInput(node: RedNode, body: InputBody, secrets: () => readonly string[] = () => []): void {
  node.on('input', (msg, send, done) => {
    let finished = false;
    const finish = (err?: unknown): void => {
      if (finished) return;
      finished = true;
      if (err === undefined) done();
      else done(toFlowError(err, safely(secrets)));
    };
    // Node-RED before 1.0 had no send/done arguments; the package needs 3.1+, but be safe.
    const out: SendFn = send ?? ((m) => node.send(m as NodeMessage));
    Promise.resolve()
      .then(() => body(msg, out))
      .then(() => finish(), (err: unknown) => finish(err ?? new Error('failed')));
  });
}

function safely(secrets: () => readonly string[]): readonly string[] {
  try {
    return secrets();
  } catch {
    return [];
  }
}
