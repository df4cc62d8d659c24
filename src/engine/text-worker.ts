/**
 * A worker thread of a text job (`text-job.ts`): rebuilds the analyzer from the task, then
 * splits, analyzes and renders each batch of lines it is sent. Errors are reported by kind only:
 * batches hold personal data.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { processBytes, taskAnalyzer, type TextTask } from './text-batch.js';

const task = workerData as TextTask;
const analyzer = taskAnalyzer(task);

parentPort!.on('message', (m: { id: number; bytes: Uint8Array; first: number }) => {
  try {
    parentPort!.postMessage({ id: m.id, result: processBytes(m.bytes, m.first, task, analyzer) });
  } catch (err) {
    parentPort!.postMessage({ id: m.id, error: err instanceof Error ? err.name : 'Error' });
  }
});
