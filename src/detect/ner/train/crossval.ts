/**
 * K-fold cross-validation over the TRAINING sentences only: each fold is decoded by a model trained
 * on the other folds. Settings (entry biases, temperature, calibration) are chosen on these
 * out-of-fold decodes, so the held-out split stays held out.
 */
import { Gazetteer } from '../gazetteer.js';
import { Sentence } from './corpus.js';
import { fit, FitOptions } from './fit.js';
import { TrainedWeights } from './perceptron.js';
import { hashFraction } from './prng.js';

export interface Fold {
  test: Sentence[];
  trained: TrainedWeights;
}

/** The folds of one dealing (`repeat` picks the dealing: SHA-256 of `cv{repeat}:{id}`). */
export function crossValidate(
  train: readonly Sentence[],
  gaz: Gazetteer,
  opts: FitOptions,
  k: number,
  repeat = 0,
): Fold[] {
  const foldOf = (s: Sentence): number => Math.floor(hashFraction(`cv${repeat}:${s.id}`) * k);
  const folds: Fold[] = [];
  for (let f = 0; f < k; f++) {
    const trained = fit(
      train.filter((s) => foldOf(s) !== f),
      gaz,
      { ...opts, seed: `${opts.seed}:cv${repeat}`, log: undefined },
    );
    folds.push({ test: train.filter((s) => foldOf(s) === f), trained });
  }
  return folds;
}
