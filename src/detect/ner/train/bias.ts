/** Entity entry biases: a constant added to every transition into B-PER / B-LOC / B-ORG. */
import { N_TAGS } from '../tags.js';

export type EntryBias = [per: number, loc: number, org: number];

/** A copy of the transition table (rows: previous tag, then the sentence start) with the biases. */
export function withEntryBias(trans: Float64Array, bias: readonly number[]): Float64Array {
  const out = Float64Array.from(trans);
  for (let prev = 0; prev <= N_TAGS; prev++) {
    for (let e = 0; e < 3; e++)
      out[prev * N_TAGS + 1 + 2 * e] = (out[prev * N_TAGS + 1 + 2 * e] as number) + (bias[e] ?? 0);
  }
  return out;
}
