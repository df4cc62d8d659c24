import { isSpaceCode, triggerGroup } from '../features.js';
import { wholeWordIn } from './gates.js';
import type { PatternSpec } from './pattern.js';

/**
 * Nationalities, religions and political groups (Presidio's NRP). English and German capitalise
 * them, Spanish, French, Portuguese and Indonesian usually do not, so both forms are listed.
 */
const NATIONALITIES = [
  'American Americans British Canadian Mexican Brazilian Argentinian Argentine Colombian Chilean Peruvian Venezuelan Cuban',
  'English Scottish Welsh Irish French German Germans Spanish Italian Portuguese Dutch Belgian Swiss Austrian Swedish',
  'Norwegian Danish Finnish Polish Czech Slovak Hungarian Romanian Bulgarian Greek Turkish Russian Russians Ukrainian',
  'Chinese Japanese Korean Vietnamese Thai Filipino Filipina Indonesian Indonesians Malaysian Singaporean Indian Indians',
  'Pakistani Bangladeshi Afghan Iranian Iraqi Syrian Lebanese Israeli Israelis Palestinian Palestinians Saudi Egyptian',
  'Moroccan Algerian Tunisian Nigerian Kenyan Ethiopian Ghanaian African Africans Australian Zealander European Europeans',
  'Asian Asians Latino Latina Latinos Hispanic Arab Arabs Kurdish Jewish Jews Roma',
  'Amerikaner Deutsche Deutscher Französisch Türkisch Türke Türken Spanier Italiener Russe Polnisch',
];
const NATIONALITIES_LOWER = [
  'estadounidense mexicano mexicana español española francés francesa alemán alemana italiano italiana argentino argentina',
  'colombiano colombiana chileno chilena peruano peruana venezolano venezolana cubano cubana brasileño brasileña',
  'français française allemand allemande espagnol espagnole italien italienne américain américaine marocain marocaine',
  'algérien algérienne belge suisse brasileiro brasileira português portuguesa americano americana alemão angolano',
  'indonesia tionghoa jawa sunda batak minang',
];
const RELIGIONS = [
  'Christian Christians Catholic Catholics Protestant Protestants Evangelical Orthodox Baptist Methodist Lutheran Mormon',
  'Muslim Muslims Islamic Sunni Shia Shiite Hindu Hindus Buddhist Buddhists Sikh Sikhs Jain Atheist Atheists Agnostic',
  'Christ Katholik Katholisch Evangelisch Muslimisch Jüdisch',
];
const RELIGIONS_LOWER = [
  'cristiano cristiana católico católica musulmán musulmana judío judía evangélico evangélica ateo atea budista hindú',
  'chrétien chrétienne catholique protestant protestante musulman musulmane juif juive athée bouddhiste',
  'cristão cristã católico muçulmano judeu judia evangélico',
  'islam kristen katolik hindu buddha konghucu muslim muslimah',
];
const POLITICAL = [
  'Democrat Democrats Democratic Republican Republicans Conservative Conservatives Labour Liberal Liberals Tory Tories',
  'Socialist Socialists Communist Communists Libertarian Green Greens Sozialdemokrat Sozialdemokraten',
];
const POLITICAL_LOWER = [
  'socialista comunista conservador conservadora peronista socialiste communiste républicain petista',
];

const words = (lists: string[]): string[] =>
  [...new Set(lists.join(' ').split(' '))].sort((a, b) => b.length - a.length);

function wordRegex(list: string[], flags: string): RegExp {
  return new RegExp(`(?<![\\p{L}])(?:${list.join('|')})(?![\\p{L}])`, flags);
}

const TITLES = [
  'Mr',
  'Mrs',
  'Ms',
  'Mx',
  'Miss',
  'Dr',
  'Prof',
  'Sir',
  'Dame',
  'Lord',
  'Lady',
  'Rev',
  'Hon',
  'Sr',
  'Sra',
  'Srta',
  'Dña',
  'Doña',
  'Don',
  'Mme',
  'Mlle',
  'Herr',
  'Frau',
  'Bapak',
  'Bpk',
  'Ibu',
  'Pak',
  'Sdr',
  'Sdri',
  'Capt',
  'Col',
  'Gen',
  'Lt',
  'Sgt',
];

/*
 * Each trigger hit is confirmed on the whole word starting there: the regexes are case-sensitive
 * and end each word where no further word character follows, so the word must be the maximal run
 * of those characters (for titles: followed by an optional '.', a space and a capitalised word).
 */
const isLatinWordChar = (c: number): boolean =>
  (c >= 48 && c <= 57) || c === 95 || ((c | 0x20) >= 97 && (c | 0x20) <= 122) || (c >= 0xc0 && c <= 0xff);
const isLatinLetter = (c: number): boolean =>
  ((c | 0x20) >= 97 && (c | 0x20) <= 122) || (c >= 0xc0 && c <= 0xff);
const isAsciiLower = (c: number): boolean => c >= 97 && c <= 122;

const CAPS_SET = new Set(words([...NATIONALITIES, ...RELIGIONS, ...POLITICAL]));
const LOWER_SET = new Set(words([...NATIONALITIES_LOWER, ...RELIGIONS_LOWER, ...POLITICAL_LOWER]));
const TITLE_SET = new Set([...TITLES, 'M']);
const TITLE_UPPER = /[A-ZÀ-ÖØ-Þ]/;
const TITLE_LOWER = /[a-zß-öø-ÿ]/;

const CAPS_WORDS = triggerGroup([...CAPS_SET], wholeWordIn([...CAPS_SET], isLatinWordChar));
// Every lower-case entry starts with an ASCII lower-case letter (the \p{L} run is checked after).
if (![...LOWER_SET].every((w) => isAsciiLower(w.charCodeAt(0)))) throw new Error('NRP lower-case list');
const LOWER_LONGEST = Math.max(...[...LOWER_SET].map((w) => w.length));
/** Bounded, so a long letter run costs the same as a short one (no quadratic scans). */
const LETTERS = new RegExp(`\\p{L}{1,${LOWER_LONGEST + 1}}`, 'uy');
const LOWER_WORDS = triggerGroup([...LOWER_SET], (text, i) => {
  if (!isAsciiLower(text.charCodeAt(i))) return false;
  // An ASCII letter run ending in an ASCII non-letter is the whole \p{L} run.
  let j = i + 1;
  while (j - i <= LOWER_LONGEST && isAsciiLower(text.charCodeAt(j) | 0x20)) j++;
  if (j - i > LOWER_LONGEST) return false;
  const next = text.charCodeAt(j);
  if (!(next >= 128)) return LOWER_SET.has(text.slice(i, j));
  LETTERS.lastIndex = i;
  const m = LETTERS.exec(text);
  // Longer than every word: the whole run is none of them either.
  return m !== null && m[0].length <= LOWER_LONGEST && LOWER_SET.has(m[0]);
});
const isTitle = wholeWordIn([...TITLE_SET], isLatinLetter);
const TITLE_WORDS = triggerGroup([...TITLE_SET], (text, i) => {
  if (!isTitle(text, i)) return false;
  let j = i + 1;
  while (isLatinLetter(text.charCodeAt(j))) j++;
  if (text.charCodeAt(j) === 46) j++;
  return (
    isSpaceCode(text.charCodeAt(j)) &&
    TITLE_UPPER.test(text[j + 1] ?? '') &&
    TITLE_LOWER.test(text[j + 2] ?? '')
  );
});

export const WORDLIST_PATTERNS: PatternSpec[] = [
  {
    entity: 'NRP',
    name: 'nrp_words',
    // Capitalised entries start with an ASCII letter: a plain \b regex lets V8 skip ahead fast.
    regex: new RegExp(
      `\\b(?:${words([...NATIONALITIES, ...RELIGIONS, ...POLITICAL]).join('|')})(?![\\wÀ-ÿ])`,
      'g',
    ),
    score: 0.85,
    needs: (f) => f.upper && (f.words & CAPS_WORDS) !== 0,
  },
  {
    entity: 'NRP',
    name: 'nrp_words_lower',
    regex: wordRegex(words([...NATIONALITIES_LOWER, ...RELIGIONS_LOWER, ...POLITICAL_LOWER]), 'gu'),
    score: 0.75,
    needs: (f) => (f.words & LOWER_WORDS) !== 0,
  },
  {
    entity: 'TITLE',
    name: 'title_before_name',
    // A title counts only before a capitalised word (a name): "Dr Smith", "M. Dupont", "Sra. López".
    regex: new RegExp(`\\b(?<!\\.)(?:${TITLES.join('|')}|M)\\.?(?=\\s[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ])`, 'g'),
    score: 0.85,
    needs: (f) => f.upper && (f.words & TITLE_WORDS) !== 0,
    validate: (value) => value !== 'M',
  },
];
