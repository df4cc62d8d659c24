import {
  isSpaceCode,
  SHAPE_DE_STREET,
  SHAPE_LETTER_DIGIT_LETTER,
  SHAPE_UK_INWARD,
  triggerGroup,
} from '../features.js';
import { isDigit, stickyTest, wholeWordIn } from './gates.js';

const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isAsciiLetter = (c: number): boolean => (c | 0x20) >= 97 && (c | 0x20) <= 122;
import type { PatternSpec } from './pattern.js';

const US_STATES =
  'AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY';

/**
 * English street types: the USPS street suffixes (Publication 28, appendix C1), their plurals and
 * common abbreviations, and British types (Close, Mews, Crescent, Row, Green).
 */
const STREET_EN = [
  'Street|St|Streets|Avenue|Ave|Road|Rd|Roads|Boulevard|Blvd|Lane|Ln|Drive|Dr|Drives|Court|Ct|Courts',
  'Place|Pl|Terrace|Ter|Way|Ways|Parkway|Pkwy|Parkways|Highway|Hwy|Expressway|Expy|Freeway|Fwy|Circle|Cir',
  'Circles|Crescent|Close|Square|Sq|Squares|Trail|Trl|Trace|Track|Row|Walk|Walks|Junction|Jct|Junctions',
  'Estate|Estates|Glen|Glens|Village|Villages|Vlg|Ville|Heights|Hts|Park|Parks|Point|Pt|Points|Ridge|Ridges',
  'Hill|Hills|Gardens|Garden|Grove|Groves|Mews|Green|Greens|Crossing|Xing|Crossroad|Crossroads|Loop|Pike',
  'Turnpike|Tpke|Run|View|Views|Vista|Alley|Aly|Annex|Arcade|Bayou|Beach|Bend|Bluff|Bluffs|Bottom|Branch',
  'Bridge|Brg|Brook|Brooks|Burg|Burgs|Bypass|Byp|Camp|Canyon|Cape|Causeway|Center|Ctr|Centers|Cliff|Cliffs',
  'Club|Common|Commons|Corner|Corners|Course|Cove|Coves|Creek|Crk|Crest|Curve|Dale|Dam|Divide|Extension',
  'Ext|Extensions|Fall|Falls|Ferry|Field|Fields|Flat|Flats|Ford|Fords|Forest|Forge|Forges|Fork|Forks|Fort',
  'Ft|Gateway|Harbor|Harbors|Haven|Hollow|Inlet|Island|Islands|Isle|Key|Keys|Knoll|Knolls|Lake|Lakes|Land',
  'Landing|Light|Lights|Lock|Locks|Lodge|Mall|Manor|Manors|Meadow|Meadows|Mill|Mills|Mission|Motorway',
  'Mount|Mountain|Mountains|Neck|Orchard|Oval|Overpass|Pass|Passage|Path|Pine|Pines|Plain|Plains|Plaza',
  'Port|Ports|Prairie|Radial|Ramp|Ranch|Rapid|Rapids|Rest|River|Route|Shoal|Shoals|Shore|Shores|Skyway',
  'Spring|Springs|Spur|Spurs|Station|Stream|Summit|Throughway|Trafficway|Tunnel|Underpass|Union|Unions',
  'Valley|Valleys|Viaduct|Wall|Well|Wells',
].join('|');
/** Types written before the name: Spanish (types of the INE street list), Portuguese, Italian, Indonesian. */
const STREET_FIRST = [
  'Calle|C/|Avenida|Av\\.|Avda\\.?|Paseo|Plaza|Carrera|Camino|Carretera|Calzada|Callejón|Privada|Cerrada',
  'Prolongación|Ronda|Travesía|Vía|Pasaje|Glorieta|Rambla|Bulevar|Rua|R\\.|Travessa|Alameda|Praça|Rodovia',
  'Estrada|Largo|Marginal|Via|Viale|Piazza|Corso|Jalan|Jl\\.|Jln\\.|Gang|Gg\\.|Pasar|Psr\\.|Kampung|Kpg\\.',
  'Cuesta|Polígono|Urbanización|Muelle|Parque|Bajada|Barrio|Desa|Ds\\.|Dukuh|Dk\\.',
].join('|');
/** Types after a house number (French; Portuguese and Spanish as Brazil and others write them). */
const STREET_FR =
  'rue|avenue|boulevard|bd|chemin|place|allée|impasse|quai|route|cours|voie|passage|esplanade|sentier|rua|avenida|travessa|rodovia|alameda|estrada|marginal|calle|jalan';
const CAP_WORD = "\\p{Lu}[\\p{L}'’.-]{1,24}";
const LINKS = "(?:(?:de|del|de la|da|do|dos|das|du|des|la|le|l'|d'|of)\\s)?";

const isWordChar = (c: number): boolean => isDigit(c) || c === 95 || ((c | 0x20) >= 97 && (c | 0x20) <= 122);

/**
 * Street-type words, unescaped, as trigger words, each hit confirmed where it starts: the English
 * type is a whole ASCII word (`\b` after it, case-sensitive); the others are followed by `\s`.
 */
const STREET_EN_WORDS = triggerGroup(STREET_EN.split('|'), wholeWordIn(STREET_EN.split('|'), isWordChar));
const streetFirst = stickyTest(`(?:${STREET_FIRST})\\s`, 'u');
// Every type-first street word starts with an ASCII capital (the regex is case-sensitive).
const STREET_FIRST_WORDS = triggerGroup(
  STREET_FIRST.replace(/\\/g, '').replace('.?', '').split('|'),
  (text, i) => isUpper(text.charCodeAt(i)) && streetFirst(text, i),
);
/**
 * The French-style types are letters (accented or folded ones under `iu`) followed by `\s`: the
 * run of letters and non-ASCII non-spaces from a match start ends right at that space.
 */
const streetFr = stickyTest(`(?:${STREET_FR})\\s`, 'iu');
const STREET_FR_LONGEST = Math.max(...STREET_FR.split('|').map((w) => w.length));
const STREET_FR_WORDS = triggerGroup(STREET_FR.split('|'), (text, i) => {
  let j = i;
  for (; j - i <= STREET_FR_LONGEST; j++) {
    const c = text.charCodeAt(j);
    if (!(isAsciiLetter(c) || (c >= 128 && !isSpaceCode(c)))) break;
  }
  return j - i <= STREET_FR_LONGEST && isSpaceCode(text.charCodeAt(j)) && streetFr(text, i);
});

/** Street addresses: house number plus street type in English, Romance languages, German, Indonesian. */
export const ADDRESS_PATTERNS: PatternSpec[] = [
  {
    entity: 'ADDRESS',
    name: 'address_en',
    regex: new RegExp(
      `\\b\\d{1,5}[A-Za-z]?\\s(?:(?:N|S|E|W|NE|NW|SE|SW)\\.?\\s)?(?:(?:${CAP_WORD}|\\d{1,3}(?:st|nd|rd|th))\\s){1,3}(?:${STREET_EN})\\b\\.?`,
      'gu',
    ),
    score: 0.7,
    needs: (f) => f.digit && f.upper && (f.words & STREET_EN_WORDS) !== 0,
    trimEnd: /\.$/,
  },
  {
    entity: 'ADDRESS',
    name: 'address_type_first',
    regex: new RegExp(
      `(?<![\\p{L}])(?:${STREET_FIRST})\\s${LINKS}${CAP_WORD}(?:\\s${LINKS}${CAP_WORD}){0,3},?\\s(?:(?:[Nn]o\\.?\\s?|Nº\\s?|n[º°]\\s?)?\\d{1,5}[A-Za-z]?\\b|[Ss]/[Nn]\\b)`,
      'gu',
    ),
    score: 0.7,
    // A house number, or "s/n" (sin número).
    needs: (f) => (f.digit || f.slashes > 0) && f.upper && (f.words & STREET_FIRST_WORDS) !== 0,
  },
  {
    entity: 'ADDRESS',
    name: 'address_fr',
    regex: new RegExp(
      `\\b\\d{1,5}(?:\\s?(?:bis|ter))?,?\\s(?:${STREET_FR})\\s${LINKS}${CAP_WORD}(?:\\s${LINKS}${CAP_WORD}){0,3}`,
      'giu',
    ),
    score: 0.7,
    needs: (f) => f.digit && (f.words & STREET_FR_WORDS) !== 0,
  },
  {
    entity: 'ADDRESS',
    name: 'address_de',
    regex:
      /(?<![\p{L}])\p{Lu}[\p{L}-]{1,30}(?:[Ss]traße|[Ss]trasse|[Ss]tr\.|[Ww]eg|[Aa]llee|[Pp]latz|[Gg]asse|[Rr]ing|[Dd]amm|\s(?:Straße|Strasse|Str\.|Weg|Allee|Platz))\s\d{1,4}[a-z]?\b/gu,
    score: 0.7,
    needs: (f) => f.digit && (f.upper || f.nonAscii > 0) && (f.shapes & SHAPE_DE_STREET) !== 0,
  },
];

export const ZIP_PATTERNS: PatternSpec[] = [
  {
    entity: 'ZIP_CODE',
    name: 'zip_us_after_state',
    regex: new RegExp(`\\b(?:${US_STATES}),?\\s(?<value>\\d{5}(?:-\\d{4})?)\\b`, 'dg'),
    score: 0.7,
    // The five digits are a whole digit run.
    needs: (f) => f.digitRuns5 > 0 && f.uppers >= 2,
  },
  {
    entity: 'ZIP_CODE',
    name: 'zip_uk',
    regex: /\b(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?)\s\d[ABD-HJLNP-UW-Z]{2}\b/g,
    score: 0.6,
    needs: (f) => f.digits >= 2 && f.uppers >= 3 && (f.shapes & SHAPE_UK_INWARD) !== 0,
  },
  {
    entity: 'ZIP_CODE',
    name: 'zip_ca',
    regex: /\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\s?\d[ABCEGHJ-NPRSTV-Z]\d\b/g,
    score: 0.5,
    needs: (f) => f.digits >= 3 && f.uppers >= 3 && (f.shapes & SHAPE_LETTER_DIGIT_LETTER) !== 0,
  },
  {
    entity: 'ZIP_CODE',
    name: 'zip_numeric',
    // 5-6 digit codes (DE/FR/ES/ID/US/IN/MX, BR CEP 00000-000); 4-digit ones are mostly years: ordinary numbers unless context says postal.
    regex: /(?<![\w.,-])(?:\d{5}-\d{3}|\d{5}-\d{4}|\d{5,6})(?![\w-]|[.,]\d)/g,
    score: 0.3,
    // A whole digit run of five or six digits.
    needs: (f) => f.digitRuns5 + f.digitRuns6 > 0,
    contextRequired: true,
  },
];

function inRange(lat: number, lng: number): boolean {
  return Math.abs(lat) <= 90 && Math.abs(lng) <= 180;
}

export const GPS_PATTERNS: PatternSpec[] = [
  {
    entity: 'GPS_COORDINATES',
    name: 'gps_decimal',
    // At least three decimals on both numbers: "1.5, 2.5" is not a location.
    regex: /(?<![\w.-])[-+]?\d{1,2}\.\d{3,10}\s{0,2},\s{0,2}[-+]?\d{1,3}\.\d{3,10}(?!\w|\.\d)/g,
    score: 0.8,
    needs: (f) => f.digitDots >= 2 && f.commas > 0 && f.digits >= 8,
    validate: (value) => {
      const [lat = NaN, lng = NaN] = value.split(',').map((s) => Number(s.trim()));
      return inRange(lat, lng);
    },
  },
  {
    entity: 'GPS_COORDINATES',
    name: 'gps_dms',
    regex:
      /\b\d{1,2}°\s?\d{1,2}['′]\s?(?:\d{1,2}(?:\.\d{1,4})?["″]\s?)?[NS],?\s{0,2}\d{1,3}°\s?\d{1,2}['′]\s?(?:\d{1,2}(?:\.\d{1,4})?["″]\s?)?[EW]\b/g,
    score: 0.85,
    needs: (f) => f.nonAscii >= 2 && f.digits >= 4,
  },
];

export const DEVICE_PATTERNS: PatternSpec[] = [
  {
    entity: 'ADVERTISING_ID',
    name: 'advertising_id',
    regex: /\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b/g,
    score: 0.5,
    needs: (f) => f.dashes >= 4 && f.maxAlnumRun >= 12,
    contextRequired: true,
  },
];
