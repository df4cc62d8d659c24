import {
  fakerDE,
  fakerEN_GB,
  fakerEN_IN,
  fakerEN_US,
  fakerES,
  fakerFR,
  fakerIT,
  fakerPT_BR,
  type Faker,
} from '@faker-js/faker';
import { nationalId } from '../../src/demo/national-ids.js';

/**
 * A labelled table for column classification: realistic personal columns in several locales and
 * formats (dirty ones included) and the non-personal columns that cause false positives in
 * practice (ids, amounts, SKUs, event timestamps, hashes, enums, booleans, product text).
 */
export interface LabelledColumn {
  name: string;
  /** Expected entity, or null. */
  entity: string | null;
  /** Expected quasi-identifier hint, or null. */
  qi?: string | null;
  /** Expected to be reported as free text with personal data inside. */
  freeTextPii?: boolean;
  /** Any national identifier type is right (a column mixing countries). */
  anyNationalId?: boolean;
  /** Values alone cannot tell (5-digit zip codes, ages): only expected with the natural name. */
  needsName?: boolean;
  values: (string | number | boolean | null)[];
}

const LOCALES: { code: string; faker: Faker }[] = [
  { code: 'US', faker: fakerEN_US },
  { code: 'GB', faker: fakerEN_GB },
  { code: 'DE', faker: fakerDE },
  { code: 'FR', faker: fakerFR },
  { code: 'ES', faker: fakerES },
  { code: 'IT', faker: fakerIT },
  { code: 'BR', faker: fakerPT_BR },
  { code: 'IN', faker: fakerEN_IN },
];

export function labelledTable(rows: number, seed = 7): LabelledColumn[] {
  LOCALES.forEach((l, i) => l.faker.seed(seed + i));
  const en = fakerEN_US;
  const pick = (i: number) => LOCALES[i % LOCALES.length]!;
  const gen = <T extends string | number | boolean | null>(
    f: (i: number, l: { code: string; faker: Faker }) => T,
  ) => Array.from({ length: rows }, (_, i) => f(i, pick(i)));
  const maybeNull = <T>(i: number, v: T, every = 13): T | null => (i % every === 5 ? null : v);
  return [
    { name: 'full_name', entity: 'PERSON', values: gen((i, l) => l.faker.person.fullName()) },
    { name: 'first_name', entity: 'PERSON', values: gen((i, l) => maybeNull(i, l.faker.person.firstName())) },
    { name: 'email', entity: 'EMAIL_ADDRESS', values: gen((i, l) => l.faker.internet.email()) },
    {
      name: 'phone',
      entity: 'PHONE_NUMBER',
      values: gen((i, l) => l.faker.phone.number({ style: 'international' })),
    },
    {
      name: 'telefono_fijo',
      entity: 'PHONE_NUMBER',
      values: gen((i, l) =>
        i % 2
          ? ` ${l.faker.phone.number({ style: 'national' })} `
          : fakerEN_US.phone.number({ style: 'national' }),
      ),
    },
    {
      // Exported from a spreadsheet: national numbers without a country code, some mangled.
      name: 'userPhoneNo',
      entity: 'PHONE_NUMBER',
      needsName: true,
      values: gen((i) =>
        i % 10 === 3
          ? '4.15556E+11'
          : en.string.numeric({ length: 1, exclude: ['0', '1'] }) +
            en.string.numeric(2) +
            en.string.numeric({ length: 1, exclude: ['0', '1'] }) +
            en.string.numeric(6),
      ),
    },
    {
      name: 'iban',
      entity: 'IBAN_CODE',
      values: gen((i, l) => l.faker.finance.iban({ formatted: i % 2 === 0 })),
    },
    { name: 'card_number', entity: 'CREDIT_CARD', values: gen((i, l) => l.faker.finance.creditCardNumber()) },
    {
      name: 'national_id',
      entity: 'NATIONAL_ID',
      anyNationalId: true,
      values: gen((i, l) => nationalId(l.code === 'IT' ? 'ES' : l.code, l.faker)),
    },
    { name: 'ssn', entity: 'US_SSN', values: gen(() => nationalId('US', en)) },
    { name: 'street_address', entity: 'ADDRESS', values: gen((i, l) => l.faker.location.streetAddress()) },
    { name: 'ciudad', entity: 'LOCATION', qi: 'city', values: gen((i, l) => l.faker.location.city()) },
    {
      name: 'plz',
      entity: 'ZIP_CODE',
      qi: 'zip_code',
      needsName: true,
      values: gen((i, l) => l.faker.location.zipCode()),
    },
    {
      name: 'ip_address',
      entity: 'IP_ADDRESS',
      values: gen((i) => (i % 4 === 0 ? en.internet.ipv6() : en.internet.ipv4())),
    },
    {
      name: 'geburtsdatum',
      entity: 'DATE_TIME',
      qi: 'birth_date',
      values: gen(() =>
        en.date
          .birthdate({ mode: 'age', min: 18, max: 90, refDate: '2025-01-01' })
          .toISOString()
          .slice(0, 10),
      ),
    },
    {
      name: 'gender',
      entity: null,
      qi: 'gender',
      values: gen(() => en.helpers.arrayElement(['Male', 'Female', 'Female', 'Male', 'Other'])),
    },
    { name: 'job_title', entity: null, qi: 'job_title', values: gen(() => en.person.jobTitle()) },
    {
      name: 'age',
      entity: 'AGE',
      qi: 'age',
      needsName: true,
      values: gen(() => en.number.int({ min: 18, max: 92 })),
    },
    {
      name: 'e_mail_contact',
      entity: 'EMAIL_ADDRESS',
      values: gen((i, l) => maybeNull(i, ` ${l.faker.internet.email().toUpperCase()} `, 3)),
    },
    {
      name: 'customer_notes',
      entity: null,
      freeTextPii: true,
      values: gen((i, l) =>
        i % 3 === 0
          ? `Customer ${l.faker.person.fullName()} called, asked us to use ${l.faker.internet.email()} from now on.`
          : `Delivery was late again, the parcel arrived damaged and the box was open on arrival.`,
      ),
    },
    // Non-personal columns.
    { name: 'order_id', entity: null, values: gen((i) => 1_000_000 + i * 7) },
    { name: 'order_uuid', entity: null, values: gen(() => en.string.uuid()) },
    { name: 'amount', entity: null, values: gen(() => Number(en.commerce.price({ min: 1, max: 900 }))) },
    { name: 'quantity', entity: null, values: gen(() => en.number.int({ min: 1, max: 40 })) },
    {
      name: 'sku',
      entity: null,
      values: gen(() => `SKU-${en.string.alphanumeric({ length: 6, casing: 'upper' })}`),
    },
    {
      name: 'created_at',
      entity: null,
      values: gen(() => en.date.between({ from: '2023-01-01', to: '2025-06-30' }).toISOString()),
    },
    {
      name: 'ship_date',
      entity: null,
      values: gen(() => en.date.between({ from: '2024-01-01', to: '2025-06-30' }).toISOString().slice(0, 10)),
    },
    {
      name: 'payload_sha256',
      entity: null,
      values: gen(() => en.string.hexadecimal({ length: 64, prefix: '', casing: 'lower' })),
    },
    {
      name: 'status',
      entity: null,
      values: gen(() => en.helpers.arrayElement(['pending', 'shipped', 'delivered', 'returned'])),
    },
    { name: 'is_gift', entity: null, values: gen(() => en.datatype.boolean()) },
    { name: 'product_name', entity: null, values: gen(() => en.commerce.productName()) },
    { name: 'product_description', entity: null, values: gen(() => en.commerce.productDescription()) },
    {
      name: 'transaction_ref',
      entity: null,
      values: gen(() => en.string.numeric({ length: 16, allowLeadingZeros: false })),
    },
    {
      name: 'account_ref',
      entity: null,
      values: gen(() => en.string.numeric({ length: 10, allowLeadingZeros: false })),
    },
    {
      name: 'currency',
      entity: null,
      values: gen(() => en.helpers.arrayElement(['EUR', 'USD', 'GBP', 'BRL'])),
    },
    { name: 'app_version', entity: null, values: gen(() => en.system.semver()) },
    {
      name: 'discount_pct',
      entity: null,
      values: gen(() => en.number.float({ min: 0, max: 0.5, fractionDigits: 2 })),
    },
    { name: 'email_verified', entity: null, values: gen(() => en.datatype.boolean()) },
    { name: 'image_url', entity: null, values: gen(() => en.image.url()) },
    { name: 'department', entity: null, values: gen(() => en.commerce.department()) },
  ];
}

/** The same table with meaningless names: col_1, col_2, ... */
export function anonymousNames(columns: LabelledColumn[]): LabelledColumn[] {
  return columns.map((c, i) => ({ ...c, name: `col_${i + 1}` }));
}

export interface ColumnResult {
  name: string;
  entity: string | null;
  quasiIdentifier: string | null;
  risk: string;
  freeText: { withFindings: number } | null;
}

const GOVERNMENT_IDS =
  /^(US_SSN|US_ITIN|UK_NINO|UK_NHS|IN_AADHAAR|IN_PAN|SG_NRIC_FIN|KR_RRN|JP_MY_NUMBER|CN_RESIDENT_ID|BR_CPF|BR_CNPJ|ES_NIF|ES_NIE|IT_FISCAL_CODE|DE_TAX_ID|FR_NIR|ID_NIK|MX_CURP|CA_SIN|AU_TFN|AU_MEDICARE|AU_ABN|NL_BSN|PL_PESEL|TR_TCKN|FI_PERSONAL_IDENTITY_CODE|SE_PERSONNUMMER|ZA_ID_NUMBER|TH_TNIN)$/;

/** Did the scan get this column right? Personal: the right type (or hint); other: not flagged. */
export function columnCorrect(label: LabelledColumn, got: ColumnResult): boolean {
  if (label.freeTextPii) return got.freeText !== null && got.freeText.withFindings > 0 && got.risk !== 'none';
  if (label.anyNationalId) return got.entity !== null && GOVERNMENT_IDS.test(got.entity);
  if (label.entity === null && !label.qi) return !flagged(got);
  if (label.entity !== got.entity) return false;
  return !label.qi || label.qi === got.quasiIdentifier;
}

export function flagged(got: ColumnResult): boolean {
  return got.risk !== 'none' && got.risk !== 'low';
}

export interface Quality {
  personal: number;
  personalRight: number;
  other: number;
  otherFlagged: number;
  wrong: string[];
}

export function quality(labels: LabelledColumn[], results: ColumnResult[], anonymous: boolean): Quality {
  const q: Quality = { personal: 0, personalRight: 0, other: 0, otherFlagged: 0, wrong: [] };
  labels.forEach((label, i) => {
    const got = results[i]!;
    const personal = label.entity !== null || Boolean(label.qi) || Boolean(label.freeTextPii);
    if (personal) {
      if (anonymous && label.needsName) return;
      q.personal++;
      if (columnCorrect(label, got)) q.personalRight++;
      else
        q.wrong.push(
          `${label.name}: expected ${label.entity ?? label.qi}, got ${got.entity ?? got.quasiIdentifier}`,
        );
    } else {
      q.other++;
      if (flagged(got)) {
        q.otherFlagged++;
        q.wrong.push(`${label.name}: not personal, got ${got.entity ?? got.quasiIdentifier ?? 'free text'}`);
      }
    }
  });
  return q;
}
