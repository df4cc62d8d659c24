import type { QuasiIdentifierKind } from './types.js';

/**
 * Value shapes: cheap checks that a value *could* be of a type. They confirm a column name (a
 * column called "zip" whose values look like postal codes) and veto it (a column called "email"
 * holding booleans); recognizers and validators, not these, detect types from values alone.
 */

const LETTERS = /^[\p{L}][\p{L}\p{M} .'’-]*$/u;
const POSTAL = [
  /^\d{3,6}$/, // most countries; leading zeros may have been lost
  /^\d{5}-\d{4}$/, // US ZIP+4
  /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/i, // UK
  /^[A-Z]\d[A-Z] ?\d[A-Z]\d$/i, // Canada
  /^\d{4} ?[A-Z]{2}$/i, // Netherlands
  /^\d{2}-\d{3}$/, // Poland
  /^\d{3}-\d{4}$/, // Japan
  /^\d{5}-\d{3}$/, // Brazil CEP
  /^\d{3} \d{2}$/, // Sweden, Czechia
  /^[A-Z]{1,3}-?\d{4,5}$/i, // country-prefixed (D-10115, L-1234)
];
const PHONE_CHARS = /^(?:\+|00)?[\d ().\-/]{6,24}(?:\s*(?:x|ext\.?)\s*\d{1,6})?$/i;
const IBAN_SHAPE = /^[A-Z]{2}\d{2}[A-Z\d ]{10,36}$/i;
const SWIFT_SHAPE = /^[A-Z]{6}[A-Z\d]{2}(?:[A-Z\d]{3})?$/;
const UUID = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;
const MAC = /^[\da-f]{2}(?:[:-][\da-f]{2}){5}$/i;
const IPV4 = /^(?:\d{1,3}\.){3}\d{1,3}$/;
const IPV6 = /^[\da-f:]{2,39}$/i;
const USERNAME = /^@?[\p{L}\d._-]{2,40}$/u;
const ID_LIKE = /^[A-Z\d][A-Z\d .\-/]{4,22}[A-Z\d]$/i;

export interface ShapeContext {
  mangled: boolean;
  mangledDigits: number;
}

/** Could `text` be a value of `entity` (or of the quasi-identifier `qi`)? */
export function compatible(
  entity: string | null,
  qi: QuasiIdentifierKind | null,
  text: string,
  ctx: ShapeContext,
): boolean {
  if (qi === 'gender') return GENDER_WORDS.has(text.toLowerCase());
  if (qi === 'job_title' || qi === 'marital_status') return isWords(text, 6, 80);
  if (qi === 'country' || qi === 'region') return isWords(text, 5, 60) || /^[A-Z]{2,3}$/.test(text);
  if (qi === 'birth_date') return parseDate(text) !== null;
  const digits = text.replace(/\D/g, '').length;
  switch (entity) {
    case 'EMAIL_ADDRESS':
      return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text);
    case 'PHONE_NUMBER':
      return ctx.mangled
        ? ctx.mangledDigits >= 8 && ctx.mangledDigits <= 15
        : PHONE_CHARS.test(text) && digits >= 6 && digits <= 15;
    case 'PERSON':
      return isWords(text, 5, 70) && text.length >= 2;
    case 'LOCATION':
      return isWords(text, 5, 60);
    case 'NRP':
      return isWords(text, 4, 40);
    case 'AGE':
      return /^\d{1,3}$/.test(text) && Number(text) <= 125;
    case 'ZIP_CODE':
      return POSTAL.some((re) => re.test(text));
    case 'ADDRESS':
      return /\p{L}{2}/u.test(text) && text.length >= 5 && text.length <= 200;
    case 'IP_ADDRESS':
      return IPV4.test(text) || (text.includes(':') && IPV6.test(text));
    case 'MAC_ADDRESS':
      return MAC.test(text);
    case 'CREDIT_CARD':
      return ctx.mangled
        ? ctx.mangledDigits >= 12 && ctx.mangledDigits <= 19
        : /^[\d -]{12,23}$/.test(text) && digits >= 12 && digits <= 19;
    case 'IBAN_CODE':
      return IBAN_SHAPE.test(text);
    case 'SWIFT_CODE':
      return SWIFT_SHAPE.test(text);
    case 'US_BANK_NUMBER':
      return ctx.mangled || (/^[\d -]{6,20}$/.test(text) && digits >= 6);
    case 'ABA_ROUTING_NUMBER':
      return /^\d{9}$/.test(text);
    case 'US_SSN':
    case 'NATIONAL_ID':
    case 'US_PASSPORT':
    case 'US_DRIVER_LICENSE':
      return ctx.mangled || (ID_LIKE.test(text) && digits >= 4);
    case 'USERNAME':
      return USERNAME.test(text);
    case 'PASSWORD':
      return text.length >= 4 && text.length <= 128 && !/\s/.test(text);
    case 'GPS_COORDINATES':
      return isCoordinate(text);
    case 'IMEI':
      return /^\d{15}$/.test(text.replace(/[ -]/g, ''));
    case 'ADVERTISING_ID':
      return UUID.test(text);
    case 'VIN':
      return /^[A-HJ-NPR-Z\d]{17}$/i.test(text);
    case 'URL':
      return /^(?:https?:\/\/|www\.)\S+$/i.test(text);
    case 'CRYPTO':
      return /^(?:0x[\da-f]{40}|[13][1-9A-HJ-NP-Za-km-z]{25,34}|bc1[\da-z]{20,80})$/i.test(text);
    case 'DATE_TIME':
      return parseDate(text) !== null;
    default:
      return false;
  }
}

const SPECIFIC = new Set([
  'EMAIL_ADDRESS',
  'PHONE_NUMBER',
  'AGE',
  'ZIP_CODE',
  'IP_ADDRESS',
  'MAC_ADDRESS',
  'CREDIT_CARD',
  'IBAN_CODE',
  'SWIFT_CODE',
  'ABA_ROUTING_NUMBER',
  'GPS_COORDINATES',
  'IMEI',
  'ADVERTISING_ID',
  'VIN',
  'URL',
  'CRYPTO',
  'DATE_TIME',
]);

/** Whether a compatible value is specific evidence (a postal format) rather than "some words". */
export function specificShape(entity: string | null, qi: QuasiIdentifierKind | null): boolean {
  if (qi === 'gender' || qi === 'birth_date') return true;
  return entity !== null && SPECIFIC.has(entity);
}

export function isWords(text: string, maxTokens: number, maxLength: number): boolean {
  if (text.length > maxLength || !LETTERS.test(text)) return false;
  return text.split(' ').length <= maxTokens;
}

function isCoordinate(text: string): boolean {
  const parts = text.split(/\s*[,;]\s*|\s+/);
  if (parts.length > 2) return false;
  return parts.every((p) => /^-?\d{1,3}\.\d{3,}$/.test(p) && Math.abs(Number(p)) <= 180);
}

export interface ParsedDate {
  year: number;
  /** True when the value carries a time of day other than midnight (an event, not a birth date). */
  time: boolean;
}

const ISO =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const DMY = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/;
const COMPACT = /^(19|20)(\d{2})(\d{2})(\d{2})$/;

/** Dates written the common ways (ISO, d/m/y, m/d/y, d.m.y, yyyymmdd); null when not a date. */
export function parseDate(text: string): ParsedDate | null {
  let m = ISO.exec(text);
  if (m) {
    if (!validDay(Number(m[2]), Number(m[3]))) return null;
    const time = m[4] !== undefined && (m[4] !== '00' || m[5] !== '00' || (m[6] ?? '00') !== '00');
    return { year: Number(m[1]), time };
  }
  m = DMY.exec(text);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (!validDay(b, a) && !validDay(a, b)) return null;
    return { year: Number(m[3]), time: false };
  }
  m = COMPACT.exec(text);
  if (m && validDay(Number(m[3]), Number(m[4]))) return { year: Number(`${m[1]}${m[2]}`), time: false };
  return null;
}

function validDay(month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

export const GENDER_WORDS = new Set([
  'm',
  'f',
  'male',
  'female',
  'man',
  'woman',
  'men',
  'women',
  'x',
  'other',
  'non-binary',
  'nonbinary',
  'nb',
  'unknown',
  'u',
  'diverse',
  'd',
  'masculino',
  'femenino',
  'hombre',
  'mujer',
  'homme',
  'femme',
  'masculin',
  'féminin',
  'feminin',
  'männlich',
  'mannlich',
  'weiblich',
  'divers',
  'maschio',
  'femmina',
  'maschile',
  'femminile',
  'masculino',
  'feminino',
  'man',
  'vrouw',
  'h',
  'w',
  'laki-laki',
  'perempuan',
  'l',
  'p',
  'prefer not to say',
  'not specified',
  'mr',
  'mrs',
  'ms',
]);
const MALE = new Set([
  'm',
  'male',
  'man',
  'men',
  'masculino',
  'hombre',
  'homme',
  'masculin',
  'männlich',
  'mannlich',
  'maschio',
  'maschile',
  'h',
  'laki-laki',
  'l',
]);
const FEMALE = new Set([
  'f',
  'female',
  'woman',
  'women',
  'femenino',
  'mujer',
  'femme',
  'féminin',
  'feminin',
  'weiblich',
  'femmina',
  'femminile',
  'feminino',
  'vrouw',
  'w',
  'perempuan',
  'p',
]);

/**
 * A gender column by values alone: a handful of distinct values, both a male and a female marker.
 * `others` counts further distinct values known not to be gender words nor single letters.
 */
export function looksLikeGender(distinct: ReadonlyMap<string, number>, nonNull: number, others = 0): boolean {
  const size = distinct.size + others;
  if (size < 2 || size > 8 || nonNull < 10) return false;
  let inVocabulary = 0;
  let male = false;
  let female = false;
  for (const [value, count] of distinct) {
    const v = value.toLowerCase();
    if (GENDER_WORDS.has(v)) inVocabulary += count;
    if (MALE.has(v)) male = true;
    if (FEMALE.has(v)) female = true;
  }
  // Single letters (M/F, S/M/L, W/D) only count with a word-length marker or exactly the pair.
  const letters = others === 0 && [...distinct.keys()].every((k) => k.length === 1);
  if (letters && size > 3) return false;
  return male && female && inVocabulary / nonNull >= 0.9;
}

/** Words that end job titles in several languages (faker, HR exports, LinkedIn-style data). */
export const JOB_WORDS = new Set([
  'engineer',
  'manager',
  'director',
  'developer',
  'analyst',
  'consultant',
  'assistant',
  'officer',
  'specialist',
  'coordinator',
  'administrator',
  'architect',
  'designer',
  'technician',
  'supervisor',
  'associate',
  'executive',
  'liaison',
  'planner',
  'producer',
  'strategist',
  'representative',
  'agent',
  'facilitator',
  'orchestrator',
  'nurse',
  'teacher',
  'lawyer',
  'accountant',
  'scientist',
  'doctor',
  'physician',
  'surgeon',
  'pharmacist',
  'therapist',
  'clerk',
  'cashier',
  'driver',
  'mechanic',
  'electrician',
  'plumber',
  'chef',
  'cook',
  'waiter',
  'salesperson',
  'secretary',
  'receptionist',
  'editor',
  'writer',
  'journalist',
  'professor',
  'lecturer',
  'researcher',
  'programmer',
  'intern',
  'president',
  'ceo',
  'cto',
  'cfo',
  'vp',
  'head',
  'lead',
  'partner',
  'owner',
  'founder',
  'operator',
  'worker',
  'labourer',
  'laborer',
  'farmer',
  'artist',
  'musician',
  'photographer',
  'student',
  'retired',
  'unemployed',
  'homemaker',
  'ingenieur',
  'ingeniero',
  'ingénieur',
  'gerente',
  'directeur',
  'direktor',
  'entwickler',
  'berater',
  'lehrer',
  'lehrerin',
  'arzt',
  'ärztin',
  'profesor',
  'profesora',
  'enfermero',
  'enfermera',
  'abogado',
  'contador',
  'médico',
  'medico',
  'avocat',
  'infirmier',
  'infirmière',
  'enseignant',
  'comptable',
  'vendeur',
  'kaufmann',
  'verkäufer',
  'sachbearbeiter',
  'programmierer',
  'analista',
  'desarrollador',
  'técnico',
  'tecnico',
  'vendedor',
  'guru',
  'administrador',
]);

export function hasJobWord(text: string): boolean {
  if (!isWords(text, 6, 80)) return false;
  for (const word of text.toLowerCase().split(/[ -]/)) if (JOB_WORDS.has(word)) return true;
  return false;
}
