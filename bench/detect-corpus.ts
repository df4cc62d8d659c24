/**
 * A seeded, labelled, SYNTHETIC corpus for the pattern entity types: sentences in English,
 * Spanish, French, German, Portuguese and Indonesian built from templates, with values from
 * @faker-js/faker and, for national identifiers, digits completed with a valid check digit.
 * Distractor sentences (order numbers, amounts, versions, plain prose) measure false positives.
 * It is synthetic: it says how the recognizers behave on the formats they target, not how they
 * do on real text.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Faker, base, de, en, en_US, es, fr, id_ID, pt_BR } from '@faker-js/faker';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { iso7064Mod11_10 } from '../src/detect/validators/checksums.js';
import * as ids from '../src/detect/validators/national-ids.js';

export interface GoldSpan {
  entity: string;
  start: number;
  end: number;
}
export interface LabelledDoc {
  text: string;
  spans: GoldSpan[];
}

type Lang = 'en' | 'es' | 'fr' | 'de' | 'pt' | 'id';
const LOCALES = { en: en_US, es, fr, de, pt: pt_BR, id: id_ID } as const;
const REGION: Record<Lang, string> = { en: 'US', es: 'ES', fr: 'FR', de: 'DE', pt: 'BR', id: 'ID' };

/** A template piece: literal text or a labelled slot. */
type Piece = string | { entity: string; value: string };

class Builder {
  text = '';
  spans: GoldSpan[] = [];
  add(pieces: Piece[]): void {
    for (const p of pieces) {
      if (typeof p === 'string') this.text += p;
      else {
        this.spans.push({
          entity: p.entity,
          start: this.text.length,
          end: this.text.length + p.value.length,
        });
        this.text += p.value;
      }
    }
    this.text += ' ';
  }
}

function withCheck(f: Faker, prefix: () => string, valid: (s: string) => boolean): string {
  for (let tries = 0; tries < 50; tries++) {
    const p = prefix();
    for (let c = 0; c <= 9; c++) if (valid(p + c)) return p + c;
  }
  return prefix() + '0';
}

/**
 * faker's phone numbers are mostly random digit strings that no operator would issue; real text
 * holds real numbers, so the corpus keeps the first faker number that is valid for its country.
 */
function phone(f: Faker, style: 'international' | 'national', region: string): string {
  let last = '';
  for (let tries = 0; tries < 30; tries++) {
    last = f.phone.number({ style });
    const parsed = parsePhoneNumberFromString(last, region as 'US');
    if (parsed?.isValid()) return last;
  }
  return last;
}

const digits = (f: Faker, n: number): string => f.string.numeric({ length: n, allowLeadingZeros: true });

/** National identifiers, formatted the way people write them. */
function nationalId(f: Faker): { entity: string; value: string; word: string } {
  const pick = f.number.int({ max: 11 });
  switch (pick) {
    case 0: {
      const s = `${f.number.int({ min: 1, max: 665 }).toString().padStart(3, '0')}-${f.number.int({ min: 1, max: 99 }).toString().padStart(2, '0')}-${f.number.int({ min: 1, max: 9999 }).toString().padStart(4, '0')}`;
      return { entity: 'US_SSN', value: s, word: 'SSN' };
    }
    case 1: {
      const v = withCheck(f, () => `${f.number.int({ min: 2, max: 9 })}${digits(f, 10)}`, ids.validAadhaar);
      return {
        entity: 'IN_AADHAAR',
        value: `${v.slice(0, 4)} ${v.slice(4, 8)} ${v.slice(8)}`,
        word: 'Aadhaar',
      };
    }
    case 2: {
      const v = withCheck(f, () => `9${digits(f, 8)}`, ids.validUkNhs);
      return {
        entity: 'UK_NHS',
        value: `${v.slice(0, 3)} ${v.slice(3, 6)} ${v.slice(6)}`,
        word: 'NHS number',
      };
    }
    case 3: {
      const body = digits(f, 9);
      const v =
        withCheck(
          f,
          () => body,
          (s) => s.length === 10 && true,
        ) && cpf(body);
      return {
        entity: 'BR_CPF',
        value: `${v.slice(0, 3)}.${v.slice(3, 6)}.${v.slice(6, 9)}-${v.slice(9)}`,
        word: 'CPF',
      };
    }
    case 4: {
      const n = digits(f, 8);
      return { entity: 'ES_NIF', value: `${n}${'TRWAGMYFPDXBNJZSQVHLCKE'[Number(n) % 23]}`, word: 'DNI' };
    }
    case 5: {
      const letter = f.helpers.arrayElement(['S', 'T']);
      for (let i = 0; i < 26; i++) {
        const v = `${letter}${digits(f, 7)}`;
        const check = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].find((c) => ids.validSgNric(v + c));
        if (check) return { entity: 'SG_NRIC_FIN', value: v + check, word: 'NRIC' };
      }
      return { entity: 'SG_NRIC_FIN', value: 'S1234567D', word: 'NRIC' };
    }
    case 6: {
      const birth = `${f.number.int({ min: 1950, max: 2005 })}${f.number.int({ min: 1, max: 12 }).toString().padStart(2, '0')}${f.number.int({ min: 1, max: 28 }).toString().padStart(2, '0')}`;
      const body = `110105${birth}${digits(f, 3)}`;
      const check = [...'0123456789X'].find((c) => ids.validCnResidentId(body + c)) ?? '0';
      return { entity: 'CN_RESIDENT_ID', value: body + check, word: '身份证' };
    }
    case 7: {
      return { entity: 'DE_TAX_ID', value: steuerId(f), word: 'Steuer-ID' };
    }
    case 8: {
      const day = f.number.int({ min: 1, max: 28 }).toString().padStart(2, '0');
      const mon = f.number.int({ min: 1, max: 12 }).toString().padStart(2, '0');
      const v = withCheck(
        f,
        () => `3171${digits(f, 2)}${day}${mon}${f.number.int({ min: 70, max: 99 })}${digits(f, 3)}`,
        ids.validIdNik,
      );
      return { entity: 'ID_NIK', value: v, word: 'NIK' };
    }
    case 9: {
      return { entity: 'TR_TCKN', value: tckn(f), word: 'TC kimlik no' };
    }
    case 10: {
      const v = withCheck(
        f,
        () =>
          `${f.number.int({ min: 50, max: 99 })}${f.number.int({ min: 1, max: 12 }).toString().padStart(2, '0')}${f.number.int({ min: 10, max: 28 })}${digits(f, 4)}`,
        ids.validPlPesel,
      );
      return { entity: 'PL_PESEL', value: v, word: 'PESEL' };
    }
    default: {
      const v = withCheck(f, () => `${f.number.int({ min: 1, max: 7 })}${digits(f, 7)}`, ids.validCaSin);
      return { entity: 'CA_SIN', value: `${v.slice(0, 3)} ${v.slice(3, 6)} ${v.slice(6)}`, word: 'SIN' };
    }
  }
}

/** Steuer-ID: nine distinct digits, one of them repeated once, then the ISO 7064 check digit. */
function steuerId(f: Faker): string {
  const pool = f.helpers.shuffle([...'0123456789']).slice(0, 9);
  const body = [...pool];
  body.splice(f.number.int({ min: 1, max: 9 }), 0, f.helpers.arrayElement(pool));
  if (body[0] === '0') [body[0], body[1]] = [body[1]!, body[0]!];
  const ten = body.join('');
  return `${ten}${iso7064Mod11_10(ten)}`;
}

function tckn(f: Faker): string {
  const d = [f.number.int({ min: 1, max: 9 }), ...Array.from({ length: 8 }, () => f.number.int({ max: 9 }))];
  const odd = d[0]! + d[2]! + d[4]! + d[6]! + d[8]!;
  const even = d[1]! + d[3]! + d[5]! + d[7]!;
  const d10 = (((odd * 7 - even) % 10) + 10) % 10;
  return `${d.join('')}${d10}${(odd + even + d10) % 10}`;
}

function cpf(body9: string): string {
  const dv = (s: string, w: number): number => {
    let sum = 0;
    for (let i = 0; i < s.length; i++) sum += Number(s[i]) * (w - i);
    const r = sum % 11;
    return r < 2 ? 0 : 11 - r;
  };
  const d1 = dv(body9, 10);
  return `${body9}${d1}${dv(`${body9}${d1}`, 11)}`;
}

const WORDS: Record<Lang, Record<string, string>> = {
  en: {
    agePrefix: 'I am',
    mail: 'Email me at',
    call: 'or call',
    card: 'My card is',
    born: 'I was born on',
    live: 'I live at',
    id: 'my',
    ip: 'Login from IP',
    age: 'years old',
    user: 'username:',
    pass: 'password:',
  },
  es: {
    agePrefix: 'Tengo',
    mail: 'Escríbeme a',
    call: 'o llama al',
    card: 'Mi tarjeta es',
    born: 'Nací el',
    live: 'Vivo en',
    id: 'mi',
    ip: 'Acceso desde IP',
    age: 'años',
    user: 'usuario:',
    pass: 'contraseña:',
  },
  fr: {
    agePrefix: "J'ai",
    mail: 'Écrivez-moi à',
    call: 'ou appelez le',
    card: 'Ma carte est',
    born: 'Je suis né le',
    live: "J'habite au",
    id: 'mon',
    ip: 'Connexion depuis IP',
    age: 'ans',
    user: 'identifiant:',
    pass: 'mot de passe:',
  },
  de: {
    agePrefix: 'Ich bin',
    mail: 'Schreib mir an',
    call: 'oder ruf an unter',
    card: 'Meine Karte ist',
    born: 'Geboren am',
    live: 'Ich wohne in der',
    id: 'meine',
    ip: 'Login von IP',
    age: 'Jahre alt',
    user: 'Benutzername:',
    pass: 'Passwort:',
  },
  pt: {
    agePrefix: 'Tenho',
    mail: 'Escreva para',
    call: 'ou ligue para',
    card: 'Meu cartão é',
    born: 'Nasci em',
    live: 'Moro na',
    id: 'meu',
    ip: 'Acesso do IP',
    age: 'anos',
    user: 'usuário:',
    pass: 'senha:',
  },
  id: {
    agePrefix: 'Umur saya',
    mail: 'Kirim email ke',
    call: 'atau hubungi',
    card: 'Kartu kredit saya',
    born: 'Saya lahir pada',
    live: 'Saya tinggal di',
    id: 'nomor',
    ip: 'Masuk dari IP',
    age: 'tahun',
    user: 'nama pengguna:',
    pass: 'kata sandi:',
  },
};

const DISTRACTORS = [
  (f: Faker) => `Order #${digits(f, 8)} shipped in ${f.number.int({ min: 2, max: 9 })} boxes.`,
  (f: Faker) =>
    `Total: ${f.number.int({ min: 1, max: 9999 })}.${digits(f, 2)} EUR, invoice ${digits(f, 10)}.`,
  (f: Faker) => `Updated to version ${f.system.semver()} after ${f.number.int({ min: 2, max: 60 })} minutes.`,
  (f: Faker) => f.lorem.sentence({ min: 6, max: 14 }),
  (f: Faker) => `${f.company.catchPhrase()}.`,
  (f: Faker) => `Tracking ${f.string.alphanumeric({ length: 12, casing: 'upper' })} and ref ${digits(f, 9)}.`,
  (f: Faker) =>
    `Room ${f.number.int({ min: 100, max: 999 })}, floor ${f.number.int({ min: 1, max: 30 })}, ${f.number.int({ min: 10, max: 99 })}% done.`,
];

function dateIn(f: Faker, lang: Lang): string {
  const d = f.date.birthdate();
  const style = f.number.int({ max: 2 });
  if (style === 0) return d.toISOString().slice(0, 10);
  if (style === 1) return `${d.getUTCDate()}/${d.getUTCMonth() + 1}/${d.getUTCFullYear()}`;
  const locale = { en: 'en-US', es: 'es-ES', fr: 'fr-FR', de: 'de-DE', pt: 'pt-BR', id: 'id-ID' }[lang];
  return d.toLocaleDateString(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

type Template = (f: Faker, w: Record<string, string>, lang: Lang) => Piece[];
const s = (entity: string, value: string): Piece => ({ entity, value });

const TEMPLATES: Template[] = [
  (f, w, lang) => [
    `${w.mail} `,
    s('EMAIL_ADDRESS', f.internet.email()),
    ` ${w.call} `,
    s('PHONE_NUMBER', phone(f, 'international', REGION[lang])),
    '.',
  ],
  (f, w, lang) => [`${w.call} `, s('PHONE_NUMBER', phone(f, 'national', REGION[lang])), '.'],
  (f, w) => [
    `${w.card} `,
    s(
      'CREDIT_CARD',
      f.finance.creditCardNumber({ issuer: f.helpers.arrayElement(['visa', 'mastercard', 'amex']) }),
    ),
    '.',
  ],
  (f) => ['IBAN ', s('IBAN_CODE', f.finance.iban({ formatted: f.datatype.boolean() })), '.'],
  (f, w, lang) => [`${w.born} `, s('DATE_TIME', dateIn(f, lang)), '.'],
  (f, w) => [`${w.live} `, s('ADDRESS', f.location.streetAddress()), ', ', f.location.city(), '.'],
  (f, w) => [`${w.ip} `, s('IP_ADDRESS', f.datatype.boolean() ? f.internet.ipv4() : f.internet.ipv6()), '.'],
  (f) => ['MAC ', s('MAC_ADDRESS', f.internet.mac()), ' connected.'],
  (f) => ['See ', s('URL', f.internet.url()), ' or ', s('DOMAIN_NAME', f.internet.domainName()), '.'],
  (f, w) => {
    const id = nationalId(f);
    return [`${w.id} ${id.word} `, s(id.entity, id.value), '.'];
  },
  (f, w) => [`${w.agePrefix} `, s('AGE', String(f.number.int({ min: 18, max: 90 }))), ` ${w.age}.`],
  (f, w) => [
    `${w.user} `,
    s('USERNAME', f.internet.username()),
    `, ${w.pass} `,
    s('PASSWORD', f.internet.password({ length: 12 })),
    '.',
  ],
  (f) => [
    'Follow ',
    s(
      'USERNAME',
      `@${f.internet
        .username()
        .replace(/[^A-Za-z0-9_]/g, '_')
        .slice(0, 20)}`,
    ),
    ' for updates.',
  ],
  (f) => [
    'GPS ',
    s(
      'GPS_COORDINATES',
      `${f.location.latitude({ precision: 5 })}, ${f.location.longitude({ precision: 5 })}`,
    ),
    '.',
  ],
  (f) => ['IMEI ', s('IMEI', f.phone.imei().replace(/-/g, '')), '.'],
  (f) => ['wallet ', s('CRYPTO', f.finance.ethereumAddress()), '.'],
  (f) => [
    'Meeting at ',
    s(
      'DATE_TIME',
      `${f.number.int({ min: 0, max: 23 })}:${f.helpers.arrayElement(['00', '15', '30', '45'])}`,
    ),
    '.',
  ],
  (f) => [
    'key ',
    s(
      'AWS_ACCESS_KEY',
      `AKIA${f.string.alphanumeric({ length: 16, casing: 'upper' }).replace(/[018-9]/g, 'Q')}`,
    ),
    '.',
  ],
  (f) => ['token ', s('GITHUB_TOKEN', `ghp_${f.string.alphanumeric(36)}`), '.'],
];

/** `count` documents; each mixes 1-3 labelled sentences with 0-2 distractors, seeded. */
export function syntheticCorpus(count: number, seed = 42): LabelledDoc[] {
  const fakers = Object.fromEntries(
    Object.entries(LOCALES).map(([lang, locale], i) => {
      const f = new Faker({ locale: [locale, en, base] });
      f.seed(seed * 7 + i);
      return [lang, f];
    }),
  ) as Record<Lang, Faker>;
  const langs = Object.keys(LOCALES) as Lang[];
  const docs: LabelledDoc[] = [];
  for (let i = 0; i < count; i++) {
    const lang = langs[i % langs.length]!;
    const f = fakers[lang];
    const b = new Builder();
    const n = f.number.int({ min: 1, max: 3 });
    for (let k = 0; k < n; k++) {
      if (f.number.int({ max: 2 }) === 0) b.add([f.helpers.arrayElement(DISTRACTORS)(f)]);
      b.add(f.helpers.arrayElement(TEMPLATES)(f, WORDS[lang], lang));
    }
    docs.push({ text: b.text.trimEnd(), spans: b.spans });
  }
  return docs;
}

/** The NER corpora (../shared/data/ner, beside the project). */
export const NER_DIR = join(process.cwd(), '..', 'shared', 'data', 'ner');

/** Real web sentences, unlabelled here: UNER English EWT dev and WNUT-17 train. */
export function webSentences(): LabelledDoc[] {
  const out: LabelledDoc[] = [];
  const uner = join(NER_DIR, 'uner_en_ewt_dev.iob2');
  if (existsSync(uner)) {
    for (const l of readFileSync(uner, 'utf8').split('\n'))
      if (l.startsWith('# text = ')) out.push({ text: l.slice(9), spans: [] });
  }
  const wnut = join(NER_DIR, 'wnut17_train.conll');
  if (existsSync(wnut)) {
    let tokens: string[] = [];
    for (const l of readFileSync(wnut, 'utf8').split('\n')) {
      if (l.trim()) tokens.push(l.split('\t')[0]!);
      else if (tokens.length) {
        out.push({ text: tokens.join(' '), spans: [] });
        tokens = [];
      }
    }
  }
  return out;
}

/** Alternates synthetic documents and real sentences until `mb` megabytes (UTF-8). */
export function mixedCorpus(mb: number): { docs: string[]; bytes: number } {
  const synthetic = syntheticCorpus(20000, 11).map((d) => d.text);
  const web = webSentences().map((d) => d.text);
  const docs: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < mb * 1e6; i++) {
    const text =
      i % 2 === 0 || web.length === 0 ? synthetic[(i >> 1) % synthetic.length]! : web[(i >> 1) % web.length]!;
    docs.push(text);
    bytes += Buffer.byteLength(text);
  }
  return { docs, bytes };
}
