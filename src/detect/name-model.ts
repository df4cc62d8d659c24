import type { AnalyzeContext, Finding, Recognizer } from './types.js';

/** The interface of the name model built in `src/detect/ner/` (kept here so either side can move). */
export type NameEntity = 'PERSON' | 'LOCATION' | 'ORGANIZATION';
export interface NameSpan {
  entity: NameEntity;
  start: number;
  end: number;
  score: number;
}
export interface NameModel {
  predict(text: string): NameSpan[];
}

/** Wraps a name model as a recognizer: PERSON, LOCATION and ORGANIZATION findings. */
export class NameModelRecognizer implements Recognizer {
  readonly name = 'name_model';
  readonly entities: readonly string[] = ['PERSON', 'LOCATION', 'ORGANIZATION'];

  constructor(private readonly model: NameModel) {}

  analyze(text: string, _ctx: AnalyzeContext): Finding[] {
    return this.model.predict(text).map((span) => ({
      entity: span.entity,
      start: span.start,
      end: span.end,
      score: Math.round(span.score * 100) / 100,
      recognizer: this.name,
    }));
  }
}
