/**
 * The name model's training settings as command-line options, shared by train:ner and cv:ner so
 * cross-validation runs exactly the settings training uses unless told otherwise.
 */
export const TRAINING_OPTIONS = {
  epochs: { type: 'string', default: '8' },
  buckets: { type: 'string', default: '16' },
  seed: { type: 'string', default: 'veil-ner-1' },
  negatives: { type: 'string', default: '600' },
} as const;

export interface TrainingSettings {
  epochs: number;
  /** Hash buckets of the weight table (2^--buckets). */
  buckets: number;
  seed: string;
  negatives: number;
}

/** A whole number of at least `min` from option --name, or exit 2 saying which option is wrong. */
export function wholeNumber(name: string, text: string, min = 0): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) {
    console.error(`--${name} must be a whole number >= ${min}, got "${text}"`);
    process.exit(2);
  }
  return n;
}

export function trainingSettings(args: {
  epochs: string;
  buckets: string;
  seed: string;
  negatives: string;
}): TrainingSettings {
  return {
    epochs: wholeNumber('epochs', args.epochs, 1),
    buckets: 2 ** wholeNumber('buckets', args.buckets, 1),
    seed: args.seed,
    negatives: wholeNumber('negatives', args.negatives),
  };
}
