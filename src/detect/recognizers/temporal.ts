import { SHAPE_DATE_SEPARATORS, SHAPE_ISO_DASHES, triggerGroup } from '../features.js';
import type { PatternSpec } from './pattern.js';

const MONTH_WORDS = [
  // en, es, fr, de, pt, id (full names, then common abbreviations)
  'january february march april may june july august september october november december',
  'enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre',
  'janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre décembre decembre',
  'januar jänner februar märz maerz april mai juni juli august september oktober november dezember',
  'janeiro fevereiro março marco abril maio junho julho agosto setembro outubro novembro dezembro',
  'januari februari maret april mei juni juli agustus september oktober november desember',
  'jan feb mar apr jun jul aug sep sept oct nov dec ene abr ago dic janv févr avr juil sept déc okt dez fev mai out set',
];
const MONTHS = [...new Set(MONTH_WORDS.join(' ').split(' '))].sort((a, b) => b.length - a.length).join('|');

const MONTH = triggerGroup(MONTHS.split('|'));
const AGE_UNIT = triggerGroup(['years', 'yrs', 'y', 'jährige', 'jahre']);
const AGE_WORD = triggerGroup([
  'años',
  'ans',
  'anos',
  'jahre',
  'age',
  'edad',
  'âge',
  'alter',
  'idade',
  'umur',
  'usia',
  'berumur',
  'berusia',
]);

/** Lower-case English "may" is the verb ("aged 13-17 may be"), not the month. */
function notModalMay(value: string): boolean {
  return !/(?:^|\s)(?:may|mar)(?:\s|$)/.test(value);
}

function plausibleDayMonth(value: string): boolean {
  // "6.5.19" is a version number far more often than a date; dotted dates need a 4-digit year.
  if (value.includes('.') && !/\.\d{4}$/.test(value)) return false;
  const parts = value.split(/[/.-]/).map(Number);
  const [a = 0, b = 0] = parts;
  // Day-first or month-first; either reading must be a real day and month.
  return (a >= 1 && a <= 31 && b >= 1 && b <= 12) || (a >= 1 && a <= 12 && b >= 1 && b <= 31);
}

export const TEMPORAL_PATTERNS: PatternSpec[] = [
  {
    entity: 'DATE_TIME',
    name: 'date_iso',
    regex:
      /\b(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?:[T ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/g,
    score: 0.9,
    needs: (f) => f.dashes >= 2 && f.digits >= 8 && (f.shapes & SHAPE_ISO_DASHES) !== 0,
  },
  {
    entity: 'DATE_TIME',
    name: 'date_numeric',
    regex: /(?<![\w./-])\d{1,2}([/.-])\d{1,2}\1(?:19|20)?\d{2}(?![\w/-]|[.,]\d)/g,
    score: 0.75,
    needs: (f) =>
      f.digits >= 4 &&
      (f.slashes >= 2 || f.dots >= 2 || f.dashes >= 2) &&
      (f.shapes & SHAPE_DATE_SEPARATORS) !== 0,
    validate: plausibleDayMonth,
  },
  {
    entity: 'DATE_TIME',
    name: 'date_day_month',
    regex: new RegExp(
      `\\b\\d{1,2}(?:st|nd|rd|th|er|º|\\.)?(?:\\s(?:de|of))?\\s(?:${MONTHS})\\.?(?:,?\\s(?:de\\s)?(?:19|20)\\d{2})?\\b`,
      'gi',
    ),
    score: 0.85,
    needs: (f) => f.digit && (f.words & MONTH) !== 0,
    validate: notModalMay,
  },
  {
    entity: 'DATE_TIME',
    name: 'date_month_day',
    regex: new RegExp(
      `\\b(?:${MONTHS})\\.?\\s(?:\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s(?:19|20)\\d{2})?|(?:19|20)\\d{2})\\b`,
      'gi',
    ),
    score: 0.85,
    needs: (f) => f.digit && (f.words & MONTH) !== 0,
  },
  {
    entity: 'DATE_TIME',
    name: 'time_of_day',
    regex: /(?<![\w:.])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?:\s?[AaPp]\.?[Mm]\.?)?(?![\w:])/g,
    score: 0.6,
    needs: (f) => f.digitColons > 0 && f.digits >= 3,
  },
  {
    entity: 'AGE',
    name: 'age_years_old',
    regex:
      /\b(?<value>\d{1,3})(?:[- ](?:years?|yrs?)[- ]old|\s?y\.?o\.?(?!\w)|[- ]jährige[rn]?|\sJahre\salt)/dgi,
    score: 0.85,
    needs: (f) => f.digit && (f.words & AGE_UNIT) !== 0,
    validate: (value) => Number(value) <= 120,
  },
  {
    entity: 'AGE',
    name: 'age_keyword',
    regex:
      /\b(?:(?:tiene|tengo|cumplió|cumple|a|ai|tem|tenho|fez|com|hat|ist|wird)\s(?=\d{1,3}\s(?:años|ans|anos|Jahre))|(?:aged?|edad|âge|alter|idade|umur|usia|berumur|berusia)(?:\ssaya)?(?::\s{0,2}|\s(?:de\s|of\s|von\s)?))(?<value>\d{1,3})\b/dgi,
    score: 0.75,
    needs: (f) => f.digit && (f.words & AGE_WORD) !== 0,
    validate: (value) => Number(value) <= 120,
  },
];
