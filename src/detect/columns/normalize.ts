/**
 * Dirty-data normalisation for column values: trims, folds spreadsheet artefacts and renders typed
 * values (numbers, dates) the way they would be written, so recognizers see what a person would.
 */
export interface NormalizedValue {
  text: string;
  /** A number a spreadsheet turned into scientific notation (5.54563E+15): digits are lost. */
  mangled: boolean;
  /** Digit count of the original number when mangled (the exponent + 1). */
  mangledDigits: number;
}

/** Placeholders that mean "no value" in exported tables. */
const NULL_TOKENS = new Set([
  '',
  'null',
  'none',
  'nil',
  'n/a',
  'na',
  'nan',
  '-',
  '--',
  '—',
  '?',
  'undefined',
  '#n/a',
]);

const SCIENTIFIC = /^[+-]?\d(?:[.,]\d+)?[eE]\+?(\d{1,2})$/;
const DECIMAL_ZERO = /^(\+?\d{5,})\.0+$/;

/** The normalised text of a value, or null when the value is missing. */
export function normalizeValue(raw: unknown): NormalizedValue | null {
  if (raw === null || raw === undefined) return null;
  let text: string;
  if (typeof raw === 'string') text = raw;
  else if (typeof raw === 'number') text = renderNumber(raw);
  else if (typeof raw === 'bigint' || typeof raw === 'boolean') text = String(raw);
  else if (raw instanceof Date) text = renderDate(raw);
  else if (Array.isArray(raw))
    text = raw
      .filter((v) => v !== null && v !== undefined)
      .map(String)
      .join(', ');
  else text = typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
  // Non-breaking and repeated spaces, a leading apostrophe (spreadsheet "text" marker), quotes.
  text = text.replace(/[\u00a0\u2007\u202f\t\r\n]+/g, ' ').trim();
  if (text.startsWith("'") && !text.endsWith("'")) text = text.slice(1).trim();
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) text = text.slice(1, -1).trim();
  text = text.replace(/ {2,}/g, ' ');
  if (NULL_TOKENS.has(text.toLowerCase())) return null;
  const decimalZero = DECIMAL_ZERO.exec(text);
  if (decimalZero) text = decimalZero[1]!;
  const sci = SCIENTIFIC.exec(text);
  if (sci) return { text, mangled: true, mangledDigits: Number(sci[1]) + 1 };
  return { text, mangled: false, mangledDigits: 0 };
}

function renderNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  return String(n);
}

/** Dates at midnight UTC are written as dates (birth dates), others as ISO timestamps. */
function renderDate(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

/** The format of a value without its content: letters become x/X, digits 0. */
export function valueShape(text: string): string {
  const clipped = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return clipped
    .replace(/\p{Lu}/gu, 'X')
    .replace(/\p{Ll}|\p{Lo}|\p{Lt}|\p{Lm}/gu, 'x')
    .replace(/\p{N}/gu, '0');
}
