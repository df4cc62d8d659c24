import {
  createAnalyzer,
  redactText,
  type Analyzer,
  type DetectConfig,
  type Finding,
} from '../detect/index.js';
import { loadNameModel } from '../detect/ner/index.js';
import { splitLines, type TextLine } from './text-lines.js';

/** What a text job does to each document; plain data, so a worker thread can rebuild it. */
export interface TextTask {
  mode: 'scan' | 'redact';
  format: 'jsonl' | 'text';
  showValues: boolean;
  detect: Partial<DetectConfig>;
  /** Load the name model (PERSON, LOCATION, ORGANIZATION). */
  names: boolean;
}

/** The output of a run of lines: rendered JSONL, the bad lines among them, and counts. */
export interface BatchResult {
  output: string;
  /**
   * Each line that is not a document: its number, why, where in `output` the documents after it
   * start (a run that stops at it writes only what came before), and its text when it could be
   * read (for the quarantine file only).
   */
  bad: BadLine[];
  documents: number;
  findings: number;
}

export interface BadLine {
  line: number;
  reason: string;
  at: number;
  record?: string;
}

export function taskAnalyzer(task: TextTask): Analyzer {
  return createAnalyzer({ ...task.detect, nameModel: task.names ? loadNameModel() : undefined });
}

/** Splits, analyzes and renders a batch of whole lines (`first`: the number of its first line). */
export function processBytes(
  bytes: Uint8Array,
  first: number,
  task: TextTask,
  analyzer: Analyzer,
): BatchResult {
  return processBatch(splitLines(bytes, first), task, analyzer);
}

/** Analyzes and renders a run of lines in order; blank lines are skipped. */
export function processBatch(lines: readonly TextLine[], task: TextTask, analyzer: Analyzer): BatchResult {
  const entries = parseLines(lines, task.format);
  const texts: string[] = [];
  for (const entry of entries) if ('text' in entry) texts.push(entry.text);
  // All documents at once: the analyzer runs each recognizer over many texts in turn.
  const findings = analyzer.analyzeMany(texts);
  const result: BatchResult = { output: '', bad: [], documents: texts.length, findings: 0 };
  const parts: string[] = [];
  let length = 0;
  let next = 0;
  for (const entry of entries) {
    if ('reason' in entry) {
      result.bad.push({ ...entry, at: length });
      continue;
    }
    const found = findings[next++]!;
    result.findings += found.length;
    const rendered = render(entry.id, entry.text, found, task);
    parts.push(rendered);
    length += rendered.length;
  }
  result.output = parts.join('');
  return result;
}

/** The documents and bad lines of a run of lines, in order; blank lines are skipped. */
function parseLines(
  lines: readonly TextLine[],
  format: TextTask['format'],
): Array<ParsedDoc | Omit<BadLine, 'at'>> {
  const entries: Array<ParsedDoc | Omit<BadLine, 'at'>> = [];
  for (const line of lines) {
    if (line.issue !== undefined) {
      entries.push({ line: line.number, reason: line.issue });
      continue;
    }
    if (line.text.trim() === '') continue;
    const doc = parseDocument(line.text, format, line.number);
    entries.push('issue' in doc ? { line: line.number, reason: doc.issue, record: line.text } : doc);
  }
  return entries;
}

type ParsedDoc = { id: unknown; text: string };
type Doc = ParsedDoc | { issue: string };

/** A document from one line; the reason never quotes the line (it may hold personal data). */
export function parseDocument(line: string, format: 'jsonl' | 'text', lineNumber: number): Doc {
  if (format === 'text') return { id: lineNumber, text: line };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { issue: 'invalid JSON' };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { issue: 'not a JSON object' };
  const record = value as Record<string, unknown>;
  if (!('text' in record)) return { issue: 'missing "text" field' };
  if (typeof record.text !== 'string') return { issue: '"text" is not a string' };
  return { id: record.id ?? null, text: record.text };
}

function render(id: unknown, text: string, findings: Finding[], task: TextTask): string {
  if (task.mode === 'redact') return `${JSON.stringify({ id, text: redactText(text, findings) })}\n`;
  const out = task.showValues ? findings.map((f) => ({ ...f, value: text.slice(f.start, f.end) })) : findings;
  return `${JSON.stringify({ id, findings: out })}\n`;
}
