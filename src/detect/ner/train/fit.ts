/** One training run: the sentences plus their case copies and synthetic negatives, perceptron-trained. */
import { Gazetteer } from '../gazetteer.js';
import { recased, syntheticNegatives } from './augment.js';
import { Sentence } from './corpus.js';
import { buildExample, trainPerceptron, TrainedWeights } from './perceptron.js';

export interface FitOptions {
  buckets: number;
  epochs: number;
  seed: string;
  negatives: number;
  log?: (line: string) => void;
}

/** The training set as the model sees it: sentences, lowercased and UPPERCASED copies, negatives. */
export function augmented(sentences: readonly Sentence[], opts: FitOptions): Sentence[] {
  return [
    ...sentences,
    ...sentences.map((s) => recased(s, 'lower')),
    ...sentences.map((s) => recased(s, 'upper')),
    ...syntheticNegatives(opts.negatives, `${opts.seed}:negatives`),
  ];
}

export function fit(sentences: readonly Sentence[], gaz: Gazetteer, opts: FitOptions): TrainedWeights {
  const train = augmented(sentences, opts);
  opts.log?.(`train: ${sentences.length} sentences (${train.length} with case copies and negatives)`);
  const examples = train.map((s) => buildExample(s.words, s.tags, gaz, opts.buckets));
  return trainPerceptron(examples, {
    buckets: opts.buckets,
    epochs: opts.epochs,
    seed: opts.seed,
    onEpoch: (e, errors) => opts.log?.(`epoch ${e + 1}: ${errors} sentences wrong`),
  });
}
