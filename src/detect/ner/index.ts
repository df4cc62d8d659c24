/**
 * Name model for free-text detection: PERSON, LOCATION and ORGANIZATION spans with calibrated
 * scores. See docs/ner.md for the model, its training data and its measured accuracy.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../core/errors.js';
import { decodeModel, ModelFile } from './format.js';
import { NerModel, NameSpan } from './model.js';
import type { NameEntity } from './tags.js';

export type { NameEntity } from './tags.js';
export type { NameSpan } from './model.js';

export interface NameModel {
  predict(text: string): NameSpan[];
}

/** models/ner/model.json at the package root (three levels up from src/detect/ner and dist/detect/ner). */
export function defaultModelPath(): string {
  return fileURLToPath(new URL('../../../models/ner/model.json', import.meta.url));
}

const cache = new Map<string, NameModel>();

function readModelFile(path: string): ModelFile {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as ModelFile;
  } catch (err) {
    throw new InputError(`cannot read name model: ${(err as Error).message}`, {
      where: path,
      hint: 'pass the path of a models/ner/model.json written by `npm run train:ner`',
    });
  }
}

/** Load (once per path) and return the name model; default is the bundled one. */
export function loadNameModel(path: string = defaultModelPath()): NameModel {
  const hit = cache.get(path);
  if (hit) return hit;
  const model: NameModel = new NerModel(decodeModel(readModelFile(path)));
  cache.set(path, model);
  return model;
}

export const NAME_ENTITIES: readonly NameEntity[] = ['PERSON', 'LOCATION', 'ORGANIZATION'];
