import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * The young generation of a 32 MB semi-space (V8 sizes it at three semi-spaces), as bin/veil.js
 * gives the main thread: a batch's short-lived findings then die young.
 */
export const YOUNG_GENERATION_MB = 96;

/**
 * A worker thread running the module at `file`, with the CLI's young generation. A built module
 * (.js) runs as it is; a source module (.ts, in tests and benches under tsx) is loaded by a short
 * script that registers tsx's loader first: Node 20 does not run the parent's `--import tsx` in
 * workers.
 */
export function startModuleWorker(file: URL, options: WorkerOptions = {}): Worker {
  const all: WorkerOptions = {
    ...options,
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, ...options.resourceLimits },
  };
  if (file.pathname.endsWith('.js')) return new Worker(file, all);
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const script = `import(${tsx}).then((tsx) => { tsx.register(); return import(${JSON.stringify(file.href)}); });`;
  return new Worker(script, { ...all, eval: true });
}
