/**
 * The result of classifying one table column. This is the shape the library API (`scanDataset`),
 * `veil scan --json`, the HTML report and `veil policy init --from-scan` share: keep it stable.
 */

/** Which signals decided the entity: the column name, the values, or both agreeing. */
export type Evidence = 'name' | 'values' | 'both' | 'none';

/** Columns that do not identify a person alone but do in combination (for k-anonymity and risk). */
export type QuasiIdentifierKind =
  | 'birth_date'
  | 'age'
  | 'zip_code'
  | 'gender'
  | 'job_title'
  | 'city'
  | 'region'
  | 'country'
  | 'nationality'
  | 'marital_status'
  | 'geo';

export type Risk = 'high' | 'medium' | 'low' | 'none';

export interface Candidate {
  entity: string;
  score: number;
  /** Share of the non-null examined values that match this entity. */
  share: number;
  evidence: Evidence;
}

/** A column of free text (comments, notes, messages) and the personal data found inside it. */
export interface FreeTextInfo {
  /** Texts analysed (a free-text column is analysed value by value with the full analyzer). */
  analyzed: number;
  /** Texts with at least one finding. */
  withFindings: number;
  /** withFindings / analyzed. */
  share: number;
  /** Findings per entity type, e.g. {"EMAIL_ADDRESS": 12, "PERSON": 40}. */
  entities: Record<string, number>;
}

export interface ColumnScan {
  name: string;
  /** The storage type DuckDB read (VARCHAR, BIGINT, DATE, ...). */
  type: string;
  /** The entity type the column holds (src/taxonomy/entities.ts), or null. */
  entity: string | null;
  /** Confidence 0..1 that the column holds `entity`. */
  score: number;
  /** Share of the non-null examined values that match `entity`. */
  share: number;
  evidence: Evidence;
  /** Every entity considered, best first (the chosen one included). */
  candidates: Candidate[];
  /** Share of examined rows where the value is missing (null, empty, "N/A"). */
  nullShare: number;
  /** Distinct non-null values / non-null values, among the examined rows. */
  distinctRatio: number;
  quasiIdentifier: QuasiIdentifierKind | null;
  /** Set when the column holds free text; the entity is then null and this says what is inside. */
  freeText: FreeTextInfo | null;
  risk: Risk;
  /** Rows examined (sample or full). */
  examined: number;
  /** Human-readable remarks: dirty data, name and values disagreeing, limits. Never a value. */
  notes: string[];
  /** Up to three value shapes ("Xxxx Xxxxx", "xxxx@xxxx.xxx"): format only, never the value. */
  examples: string[];
}
