/** Worker thread of `npm run fuzz`: runs the tasks the main thread sends, one at a time. */
import { parentPort } from 'node:worker_threads';
import { runTarget } from './engine';
import { targetByName } from './targets';

export interface FuzzTask { id: number; target: string; inputs: number; seed: number; allocation: boolean }

parentPort?.on('message', (task: FuzzTask | null) => {
  if (task === null) {
    parentPort?.close();
    return;
  }
  const result = runTarget(targetByName(task.target), { inputs: task.inputs, seed: task.seed, allocation: task.allocation });
  parentPort?.postMessage({ id: task.id, result });
});
