/**
 * The model file: one JSON document with metadata, the compiled gazetteer, transition scores,
 * calibration, and the emission weights quantized to int16 and deflated (base64).
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { InputError } from '../../core/errors.js';
import { Platt } from './calibrate.js';
import { Gazetteer, GazetteerLists } from './gazetteer.js';
import { ModelParams } from './model.js';
import { N_FEATS } from './features.js';
import { N_TAGS, TAGS } from './tags.js';

export const FORMAT = 'veil-ner/1';

export interface ModelFile {
  format: string;
  meta: Record<string, unknown>;
  tags: string[];
  nFeats: number;
  buckets: number;
  weightScale: number;
  weights: string;
  trans: number[];
  temperature: number;
  platt: Platt;
  gazetteer: GazetteerLists;
}

export function encodeModel(
  weights: Float64Array,
  trans: Float64Array,
  gazetteer: GazetteerLists,
  extra: { buckets: number; temperature: number; platt: Platt; meta: Record<string, unknown> },
): ModelFile {
  let maxAbs = 1e-9;
  for (const v of weights) maxAbs = Math.max(maxAbs, Math.abs(v));
  const scale = maxAbs / 32767;
  const q = new Int16Array(weights.length);
  for (let i = 0; i < weights.length; i++) q[i] = Math.round((weights[i] as number) / scale);
  const packed = deflateRawSync(Buffer.from(q.buffer, q.byteOffset, q.byteLength), { level: 9 });
  return {
    format: FORMAT,
    meta: extra.meta,
    tags: [...TAGS],
    nFeats: N_FEATS,
    buckets: extra.buckets,
    weightScale: scale,
    weights: packed.toString('base64'),
    trans: [...trans].map((v) => Number(v.toFixed(6))),
    temperature: extra.temperature,
    platt: { a: Number(extra.platt.a.toFixed(6)), b: Number(extra.platt.b.toFixed(6)) },
    gazetteer,
  };
}

export function decodeModel(file: ModelFile): ModelParams {
  if (file.format !== FORMAT || file.nFeats !== N_FEATS || file.tags.length !== N_TAGS) {
    throw new InputError(`unsupported name model format ${String(file.format)}`, {
      hint: `expected ${FORMAT} with ${N_FEATS} features per token: retrain with npm run train:ner`,
    });
  }
  const raw = inflateRawSync(Buffer.from(file.weights, 'base64'));
  const weights = new Int16Array(raw.byteLength / 2);
  new Uint8Array(weights.buffer).set(raw); // copy: raw may be unaligned inside the zlib pool
  return {
    buckets: file.buckets,
    weights,
    weightScale: file.weightScale,
    trans: Float32Array.from(file.trans),
    gazetteer: new Gazetteer(file.gazetteer),
    temperature: file.temperature,
    platt: file.platt,
  };
}
