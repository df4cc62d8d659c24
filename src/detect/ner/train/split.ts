/** The fixed train / held-out split: WNUT train + 80% of UNER vs. WNUT dev + the other 20%. */
import { Sentence, parseUner, parseWnut } from './corpus.js';
import { hashFraction } from './prng.js';

export interface CorpusTexts {
  uner: string;
  wnutTrain: string;
  wnutDev: string;
}

export interface Split {
  train: Sentence[];
  heldout: { wnut: Sentence[]; uner: Sentence[] };
}

export const UNER_TRAIN_FRACTION = 0.8;

export function splitCorpora(c: CorpusTexts): Split {
  const uner = parseUner(c.uner);
  // Split by a hash of the sentence id, so the split is stable whatever the file order.
  const inTrain = (s: Sentence): boolean => hashFraction(`uner:${s.id}`) < UNER_TRAIN_FRACTION;
  return {
    train: [...parseWnut(c.wnutTrain, 'wnut-train'), ...uner.filter(inTrain)],
    heldout: { wnut: parseWnut(c.wnutDev, 'wnut-dev'), uner: uner.filter((s) => !inTrain(s)) },
  };
}

/** Paths of the corpora: VEIL_SHARED_DATA, or ../shared/data relative to the repository root. */
const SHARED = process.env.VEIL_SHARED_DATA ?? '../shared/data';
export const CORPUS_FILES = {
  uner: `${SHARED}/ner/uner_en_ewt_dev.iob2`,
  wnutTrain: `${SHARED}/ner/wnut17_train.conll`,
  wnutDev: `${SHARED}/ner/wnut17_dev.conll`,
} as const;
