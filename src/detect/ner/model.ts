/** The name model: hashed-feature linear-chain tagger with calibrated span scores. */
import { Platt, applyPlatt } from './calibrate.js';
import { viterbi, Vec } from './decode.js';
import { CachedEmitter } from './emitter.js';
import { Gazetteer } from './gazetteer.js';
import { runForwardBackward, spanProbability } from './marginals.js';
import { TokenSpan, cleanSpan, tagsToSpans } from './spans.js';
import { N_TAGS, NameEntity, entityOfTag } from './tags.js';
import { F_LETTER, F_NEWLINE_BEFORE, F_SENT_END, TokenBuffer } from './tokens.js';
import { tokenize } from './tokenize.js';

export interface NameSpan {
  entity: NameEntity;
  start: number;
  end: number;
  score: number;
}

export interface ModelParams {
  buckets: number;
  weights: Vec; // buckets * N_TAGS, multiplied by weightScale
  weightScale: number;
  trans: Vec; // (N_TAGS + 1) * N_TAGS
  gazetteer: Gazetteer;
  temperature: number;
  platt: Platt;
}

/** A decoded span in token coordinates with its raw (uncalibrated) probability. */
export interface RawSpan extends TokenSpan {
  prob: number;
}

const MAX_SENTENCE = 128;

export class Decoder {
  private emit = new Float64Array(MAX_SENTENCE * N_TAGS);
  private tags = new Uint8Array(MAX_SENTENCE);
  private spans: TokenSpan[] = [];

  private readonly emitter: CachedEmitter;

  constructor(private readonly p: ModelParams) {
    this.emitter = new CachedEmitter(p.weights, p.weightScale, p.gazetteer, p.buckets - 1);
  }

  /** Decode tokens [from, to) of text as one sentence; returns spans with raw probabilities. */
  decode(text: string, tokens: TokenBuffer, from: number, to: number): RawSpan[] {
    const n = to - from;
    if (n <= 0) return [];
    this.ensure(n);
    this.emitter.emit(text, tokens, from, to, this.emit);
    viterbi(this.emit, n, this.p.trans, this.tags);
    tagsToSpans(this.tags, n, this.spans);
    if (this.spans.length === 0) return [];
    const kept = this.spans.filter((s) => cleanSpan(s, tokens, from));
    if (kept.length === 0) return [];
    runForwardBackward(this.emit, n, this.p.trans, this.p.temperature);
    return kept.map((s) => ({ ...s, prob: spanProbability(s.s, s.e, n, s.begin) }));
  }

  private ensure(n: number): void {
    if (this.tags.length >= n) return;
    this.emit = new Float64Array(n * N_TAGS);
    this.tags = new Uint8Array(n);
  }
}

export class NerModel {
  private readonly decoder: Decoder;
  private readonly tokens = new TokenBuffer(1024);

  constructor(readonly params: ModelParams) {
    this.decoder = new Decoder(params);
  }

  predict(text: string): NameSpan[] {
    const tokens = tokenize(text, this.tokens);
    const out: NameSpan[] = [];
    let from = 0;
    for (let i = 0; i < tokens.n; i++) {
      const last = i + 1 === tokens.n || endsSentence(tokens, i) || i + 1 - from >= MAX_SENTENCE;
      if (!last) continue;
      if (!hasLetter(tokens, from, i + 1)) {
        from = i + 1; // every span starts on a letter: numbers and punctuation need no decoding
        continue;
      }
      for (const s of this.decoder.decode(text, tokens, from, i + 1)) {
        const entity = entityOfTag(s.begin) as NameEntity;
        const score = Math.max(1e-6, applyPlatt(this.params.platt, s.prob));
        out.push({
          entity,
          start: tokens.start[from + s.s] as number,
          end: tokens.end[from + s.e - 1] as number,
          score,
        });
      }
      from = i + 1;
    }
    return out;
  }
}

function hasLetter(tokens: TokenBuffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if ((tokens.flags[i] as number) & F_LETTER) return true;
  return false;
}

/** Sentence boundary after token i: final punctuation, or a line break before the next token. */
function endsSentence(tokens: TokenBuffer, i: number): boolean {
  if ((tokens.flags[i] as number) & F_SENT_END) return true;
  return ((tokens.flags[i + 1] as number) & F_NEWLINE_BEFORE) !== 0;
}
