import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from './module-worker.js';
import { processBytes, taskAnalyzer, type BadLine, type BatchResult, type TextTask } from './text-batch.js';
import { LineBatcher, type LineBatch } from './text-lines.js';

export type { BadLine, TextTask } from './text-batch.js';

export interface TextJobOptions {
  task: TextTask;
  maxLineBytes: number;
  /** Threads that analyze: 1 analyzes on this thread; more start workers once the input fills a batch. */
  threads: number;
  /** Input bytes per batch (a worker's unit of work). */
  batchBytes?: number;
  /**
   * Input bytes to read before starting workers (default 0: at the first full batch). Each worker
   * loads the analyzer and warms up on its own, about a second or two of CPU, which a short input
   * does not pay back.
   */
  workersAfterBytes?: number;
  /** Called in input order for each line that is not a document; throwing stops the run. */
  onBad(bad: BadLine): void;
  /** Receives the output in input order. */
  write(chunk: string): Promise<void> | void;
}

export interface TextJobCounts {
  documents: number;
  findings: number;
  bad: number;
}

/** About 30 ms of analysis: large enough that handing a batch to a worker costs little. */
const DEFAULT_BATCH_BYTES = 256 * 1024;

/**
 * Scans or redacts one document per input line, writing results in input order with bounded
 * memory. This thread only cuts the input into batches of whole lines and writes results; small
 * inputs are analyzed here too. Once `workersAfterBytes` have been read and more than one thread
 * is allowed, batches go to a pool of worker threads, at most two per worker in flight.
 */
export async function runTextJob(
  input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  options: TextJobOptions,
): Promise<TextJobCounts> {
  const counts: TextJobCounts = { documents: 0, findings: 0, bad: 0 };
  const batcher = new LineBatcher(options.maxLineBytes, options.batchBytes ?? DEFAULT_BATCH_BYTES);
  const inFlight: Array<Promise<BatchResult>> = [];
  let pool: TextPool | undefined;
  let analyzer: ReturnType<typeof taskAnalyzer> | undefined;
  let bytesRead = 0;

  const emit = async (result: BatchResult): Promise<void> => {
    let from = 0;
    for (const bad of result.bad) {
      if (bad.at > from) await options.write(result.output.slice(from, bad.at));
      from = bad.at;
      options.onBad(bad);
      counts.bad++;
    }
    if (from < result.output.length)
      await options.write(from === 0 ? result.output : result.output.slice(from));
    counts.documents += result.documents;
    counts.findings += result.findings;
  };
  const run = (batch: LineBatch): BatchResult | Promise<BatchResult> => {
    if ('tooLong' in batch) return tooLong(batch.tooLong, options.maxLineBytes);
    if (!pool) {
      analyzer ??= taskAnalyzer(options.task);
      return processBytes(batch.bytes, batch.first, options.task, analyzer);
    }
    return pool.run(batch.bytes, batch.first);
  };
  const take = async (batches: LineBatch[], last: boolean): Promise<void> => {
    for (const batch of batches) {
      // Enough input read, and more to come: worth starting workers for.
      if (
        !pool &&
        !last &&
        options.threads > 1 &&
        bytesRead >= (options.workersAfterBytes ?? 0) &&
        !('tooLong' in batch)
      )
        pool = new TextPool(options.threads, options.task);
      if (!pool) {
        await emit(await run(batch));
        continue;
      }
      inFlight.push(Promise.resolve(run(batch)));
      while (inFlight.length >= 2 * pool.size) await emit(await inFlight.shift()!);
    }
  };

  try {
    for await (const chunk of input) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      bytesRead += bytes.length;
      await take(batcher.push(bytes), false);
    }
    await take(batcher.end(), true);
    while (inFlight.length > 0) await emit(await inFlight.shift()!);
  } finally {
    // Results still in flight after a failure are dropped; their rejections are handled here.
    for (const result of inFlight) result.catch(() => undefined);
    await pool?.close();
  }
  return counts;
}

function tooLong(line: number, maxBytes: number): BatchResult {
  return {
    output: '',
    bad: [{ line, reason: `line longer than ${maxBytes} bytes`, at: 0 }],
    documents: 0,
    findings: 0,
  };
}

/** text-worker.js from the build, text-worker.ts from sources (see `startModuleWorker`). */
function startWorker(task: TextTask): Worker {
  const file = new URL(`./text-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);
  return startModuleWorker(file, { workerData: task });
}

type Reply = { id: number; result?: BatchResult; error?: string };

/** Worker threads that each rebuild the task's analyzer and analyze the batches they are sent. */
class TextPool {
  private readonly idle: Worker[] = [];
  private readonly waiting: Array<{ id: number; bytes: Uint8Array; first: number }> = [];
  private readonly pending = new Map<number, { resolve(r: BatchResult): void; reject(e: Error): void }>();
  private readonly workers: Worker[] = [];
  private nextId = 0;
  private failure: Error | undefined;
  private closing = false;

  constructor(
    readonly size: number,
    task: TextTask,
  ) {
    for (let i = 0; i < size; i++) {
      const worker = startWorker(task);
      worker.on('message', (m: Reply) => this.done(worker, m));
      worker.on('error', (err) => this.fail(new Error(`text worker failed: ${err.name}`)));
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`text worker exited with code ${code}`));
      });
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  run(bytes: Uint8Array, first: number): Promise<BatchResult> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const result = new Promise<BatchResult>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.waiting.push({ id, bytes, first });
    this.dispatch();
    return result;
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.waiting.length > 0) {
      const { id, bytes, first } = this.waiting.shift()!;
      // The batch's buffer is its own (LineBatcher copies it): moved, not copied.
      this.idle.pop()!.postMessage({ id, bytes, first }, [bytes.buffer as ArrayBuffer]);
    }
  }

  private done(worker: Worker, m: Reply): void {
    const job = this.pending.get(m.id);
    this.pending.delete(m.id);
    this.idle.push(worker);
    if (m.result) job?.resolve(m.result);
    else job?.reject(new Error(`text analysis failed in a worker (${m.error ?? 'unknown error'})`));
    this.dispatch();
  }

  private fail(err: Error): void {
    if (this.closing) return;
    this.failure ??= err;
    for (const job of this.pending.values()) job.reject(err);
    this.pending.clear();
  }
}
