/**
 * A structural CSV scanner: finds record boundaries, counts fields and reports malformed records
 * (wrong field count, unterminated quotes, stray characters after a closing quote, invalid UTF-8)
 * with their line numbers. It does not build values, which keeps it fast; DuckDB parses the values.
 * Written here because DuckDB's reader cannot say *which* lines are malformed in every case
 * (its dialect sniffer gives up on a file with a broken quote) and we must report them precisely.
 */

export interface CsvDialect {
  delimiter: string;
  quote: string;
  header: boolean;
}

export interface CsvRecordIssue {
  line: number;
  reason: string;
  record: string;
}

const DELIMITER_CANDIDATES = [',', ';', '\t', '|'];
const MAX_RECORD_CHARS = 1 << 20;
const LF = 10;
const CR = 13;

/** Chooses the delimiter that splits the sample's first lines into the most consistent field counts. */
export function detectDialect(sample: string, given: Partial<CsvDialect> = {}): CsvDialect {
  const quote = given.quote ?? '"';
  const header = given.header ?? true;
  if (given.delimiter) return { delimiter: given.delimiter, quote, header };
  const lines = sample.split(/\r?\n/).slice(0, 50);
  if (lines.length > 1 && !sample.endsWith('\n')) lines.pop(); // last line may be cut mid-record
  let best = { delimiter: ',', score: -1 };
  for (const delimiter of DELIMITER_CANDIDATES) {
    const counts = lines.filter((l) => l.length > 0).map((l) => countFieldsNaive(l, delimiter, quote));
    const mode = modeOf(counts);
    if (mode.value <= 1) continue;
    const score = mode.frequency * 1000 + mode.value;
    if (score > best.score) best = { delimiter, score };
  }
  return { delimiter: best.delimiter, quote, header };
}

function countFieldsNaive(line: string, delimiter: string, quote: string): number {
  let fields = 1;
  let inQuotes = false;
  for (const ch of line) {
    if (ch === quote) inQuotes = !inQuotes;
    else if (ch === delimiter && !inQuotes) fields++;
  }
  return fields;
}

function modeOf(values: number[]): { value: number; frequency: number } {
  const freq = new Map<number, number>();
  for (const v of values) freq.set(v, (freq.get(v) ?? 0) + 1);
  let best = { value: 0, frequency: 0 };
  for (const [value, frequency] of freq) if (frequency > best.frequency) best = { value, frequency };
  return best;
}

/**
 * Scans CSV text chunk by chunk. `onRecord` sees every record's raw text (without its line
 * terminator) with its starting line and an issue, if any.
 */
export class CsvScanner {
  private readonly delim: number;
  private readonly quote: number;
  private expectedFields = -1;
  private line = 1;
  private recordLine = 1;
  private fields = 1;
  private inQuotes = false;
  private afterClosingQuote = false;
  private fieldStart = true;
  private strayAfterQuote = false;
  private invalidUtf8 = false;
  private recordChars = 0;
  private carry = '';
  private blank = true;
  private pendingQuote = false;
  records = 0;

  constructor(
    dialect: CsvDialect,
    private readonly onRecord: (raw: string, line: number, issue: string | undefined) => void,
  ) {
    this.delim = dialect.delimiter.charCodeAt(0);
    this.quote = dialect.quote.charCodeAt(0);
  }

  push(chunk: string): void {
    let start = 0;
    let i = 0;
    const n = chunk.length;
    if (this.pendingQuote) {
      // The previous chunk ended on a quote inside a quoted field: "" escapes, anything else closes.
      this.pendingQuote = false;
      if (n > 0 && chunk.charCodeAt(0) === this.quote) i = 1;
      else {
        this.inQuotes = false;
        this.afterClosingQuote = true;
      }
    }
    for (; i < n; i++) {
      const c = chunk.charCodeAt(i);
      if (this.inQuotes) {
        if (c === this.quote) {
          if (i + 1 === n) this.pendingQuote = true;
          else if (chunk.charCodeAt(i + 1) === this.quote) i++;
          else {
            this.inQuotes = false;
            this.afterClosingQuote = true;
          }
        } else if (c === LF) this.line++;
        else if (c === 0xfffd) this.invalidUtf8 = true;
        continue;
      }
      if (c === this.delim) {
        this.fields++;
        this.fieldStart = true;
        this.afterClosingQuote = false;
        this.blank = false;
      } else if (c === LF) {
        const end = i > start && chunk.charCodeAt(i - 1) === CR ? i - 1 : i;
        this.endRecord(this.carry + chunk.slice(start, end));
        this.carry = '';
        this.line++;
        this.recordLine = this.line;
        start = i + 1;
      } else if (c === this.quote && this.fieldStart) {
        this.inQuotes = true;
        this.fieldStart = false;
        this.blank = false;
      } else if (c !== CR) {
        if (this.afterClosingQuote) this.strayAfterQuote = true;
        if (c === 0xfffd) this.invalidUtf8 = true;
        this.fieldStart = false;
        this.blank = false;
      }
    }
    this.recordChars += n - start;
    if (this.carry.length + n - start <= MAX_RECORD_CHARS) this.carry += chunk.slice(start);
  }

  end(): void {
    if (this.pendingQuote) {
      this.pendingQuote = false;
      this.inQuotes = false;
    }
    if (this.carry.length > 0 || this.inQuotes) {
      this.endRecord(this.carry.endsWith('\r') ? this.carry.slice(0, -1) : this.carry);
    }
    this.carry = '';
  }

  private endRecord(raw: string): void {
    if (this.inQuotes) {
      this.inQuotes = false;
      this.report(raw, `unterminated quoted field starting on line ${this.recordLine}`);
    } else if (this.blank && raw.length === 0) {
      // Blank lines carry no record.
    } else if (this.expectedFields === -1) {
      this.expectedFields = this.fields;
      this.report(raw, this.strayAfterQuote ? 'characters after a closing quote' : undefined);
    } else if (this.fields !== this.expectedFields) {
      this.report(raw, `expected ${this.expectedFields} fields, found ${this.fields}`);
    } else if (this.strayAfterQuote) {
      this.report(raw, 'characters after a closing quote');
    } else if (this.invalidUtf8) {
      this.report(raw, 'invalid UTF-8');
    } else if (this.recordChars > MAX_RECORD_CHARS) {
      this.report(raw, `record longer than ${MAX_RECORD_CHARS} characters`);
    } else {
      this.report(raw, undefined);
    }
    this.fields = 1;
    this.fieldStart = true;
    this.afterClosingQuote = false;
    this.strayAfterQuote = false;
    this.invalidUtf8 = false;
    this.recordChars = 0;
    this.blank = true;
  }

  private report(raw: string, issue: string | undefined): void {
    this.records++;
    this.onRecord(raw, this.recordLine, issue);
  }
}
