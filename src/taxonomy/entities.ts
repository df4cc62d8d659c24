/**
 * THE single definition of the entity types Veil detects in free text. Names follow Microsoft
 * Presidio where Presidio has one, so findings can be compared and exchanged with Presidio output.
 * `category` is the data-category hint a finding maps to; `quasiIdentifier` marks types that do not
 * identify a person alone but do in combination (for the anonymization side).
 */
export interface EntityDefinition {
  name: string;
  description: string;
  category: string;
  quasiIdentifier: boolean;
  /** Country (ISO 3166-1 alpha-2) for national identifiers. */
  country?: string;
  /** True when the format has a checksum that Veil verifies. */
  checksum?: boolean;
}

type Def = Omit<EntityDefinition, 'name'>;

const q = (description: string, category: string): Def => ({ description, category, quasiIdentifier: true });
const d = (description: string, category: string, checksum = false): Def => ({
  description,
  category,
  quasiIdentifier: false,
  checksum,
});
const nid = (country: string, description: string, checksum: boolean): Def => ({
  description,
  category: 'user.government_id',
  quasiIdentifier: false,
  country,
  checksum,
});

const DEFINITIONS = {
  PERSON: d('A person name (full, first or last)', 'user.name'),
  LOCATION: q('A named place: city, region, country, landmark', 'user.location'),
  ORGANIZATION: q('A named company, institution or group', 'user.workplace'),
  ADDRESS: d('A street address: house number, street name and street type', 'user.contact.address.street'),
  NRP: q('A nationality, religious or political group', 'user.demographic'),
  DATE_TIME: q('A date or time, e.g. a birth date', 'user.demographic.date_of_birth'),
  AGE: q("A person's age", 'user.demographic.age_range'),
  TITLE: q('A personal or professional title (Mr, Dr, Prof.)', 'user.demographic'),
  EMAIL_ADDRESS: d('An email address', 'user.contact.email'),
  PHONE_NUMBER: d('A telephone number of any region, valid per libphonenumber', 'user.contact.phone_number'),
  CREDIT_CARD: d('A payment card number (Luhn)', 'user.financial.credit_card', true),
  IBAN_CODE: d('An international bank account number (mod 97)', 'user.financial.bank_account', true),
  US_BANK_NUMBER: d('A US bank account number (context needed)', 'user.financial.bank_account'),
  ABA_ROUTING_NUMBER: d(
    'A US ABA bank routing number (weighted checksum)',
    'user.financial.bank_account',
    true,
  ),
  SWIFT_CODE: d('A SWIFT/BIC bank code (context needed)', 'user.financial.bank_account'),
  CRYPTO: d('A cryptocurrency wallet (Bitcoin base58check/bech32, Ethereum EIP-55)', 'user.financial', true),
  IP_ADDRESS: q('An IPv4 or IPv6 address', 'user.device.ip_address'),
  MAC_ADDRESS: d('A network hardware (MAC) address', 'user.device.device_id'),
  URL: q('A web address', 'user.contact.url'),
  DOMAIN_NAME: q('An internet domain name with a known top-level domain', 'user.contact.url'),
  ZIP_CODE: q('A postal code (context dependent)', 'user.contact.address.postal_code'),
  GPS_COORDINATES: q('A latitude, longitude pair', 'user.location.precise'),
  IMEI: d('A mobile device IMEI (Luhn)', 'user.device.device_id', true),
  ADVERTISING_ID: d('A mobile advertising identifier (IDFA/GAID)', 'user.device.device_id'),
  VIN: { ...q('A vehicle identification number (check digit)', 'user.device'), checksum: true },
  USERNAME: d('A user handle or login name', 'user.account.username'),
  PASSWORD: d('A password written next to a password keyword', 'user.authorization.credentials'),
  AWS_ACCESS_KEY: d('An AWS access key id (AKIA/ASIA...)', 'system.authentication'),
  AWS_SECRET_KEY: d('An AWS secret access key (context needed)', 'system.authentication'),
  GITHUB_TOKEN: d('A GitHub personal access or app token', 'system.authentication'),
  SLACK_TOKEN: d('A Slack API token', 'system.authentication'),
  STRIPE_KEY: d('A Stripe secret or restricted key', 'system.authentication'),
  GOOGLE_API_KEY: d('A Google API key', 'system.authentication'),
  JWT: d('A JSON Web Token (header decoded and checked)', 'system.authentication'),
  PRIVATE_KEY: d('A PEM private key block', 'system.authentication'),
  MEDICAL_LICENSE: d('A US DEA registration number (checksum)', 'user.health', true),
  US_SSN: nid('US', 'US social security number (area/group/serial rules)', false),
  US_ITIN: nid('US', 'US individual taxpayer identification number', false),
  US_PASSPORT: nid('US', 'US passport number (context needed)', false),
  US_DRIVER_LICENSE: nid('US', 'US driver licence number (context needed)', false),
  UK_NINO: nid('GB', 'UK national insurance number (prefix rules)', false),
  UK_NHS: nid('GB', 'UK NHS number (mod 11)', true),
  IN_AADHAAR: nid('IN', 'India Aadhaar number (Verhoeff)', true),
  IN_PAN: nid('IN', 'India permanent account number', false),
  SG_NRIC_FIN: nid('SG', 'Singapore NRIC/FIN (S/T/F/G/M checksum letter)', true),
  KR_RRN: nid('KR', 'Korea resident registration number (checksum)', true),
  JP_MY_NUMBER: nid('JP', 'Japan My Number individual number (check digit)', true),
  CN_RESIDENT_ID: nid('CN', 'China resident identity card number (ISO 7064 mod 11-2)', true),
  BR_CPF: nid('BR', 'Brazil CPF (two check digits)', true),
  BR_CNPJ: nid('BR', 'Brazil CNPJ company number (two check digits)', true),
  ES_NIF: nid('ES', 'Spain DNI/NIF (check letter)', true),
  ES_NIE: nid('ES', 'Spain foreigner NIE (check letter)', true),
  IT_FISCAL_CODE: nid('IT', 'Italy codice fiscale (check character)', true),
  DE_TAX_ID: nid('DE', 'Germany Steuer-ID (ISO 7064 mod 11,10)', true),
  FR_NIR: nid('FR', 'France social security number NIR (mod 97 key)', true),
  ID_NIK: nid('ID', 'Indonesia NIK (province and birth date structure)', false),
  MX_CURP: nid('MX', 'Mexico CURP (check digit)', true),
  CA_SIN: nid('CA', 'Canada social insurance number (Luhn)', true),
  AU_TFN: nid('AU', 'Australia tax file number (weighted mod 11)', true),
  AU_MEDICARE: nid('AU', 'Australia Medicare number (weighted check digit)', true),
  AU_ABN: nid('AU', 'Australia business number (mod 89)', true),
  NL_BSN: nid('NL', 'Netherlands citizen service number (11-proof)', true),
  PL_PESEL: nid('PL', 'Poland PESEL (weighted check digit)', true),
  TR_TCKN: nid('TR', 'Turkey identity number (two check digits)', true),
  FI_PERSONAL_IDENTITY_CODE: nid('FI', 'Finland henkilötunnus (mod 31 check character)', true),
  SE_PERSONNUMMER: nid('SE', 'Sweden personnummer (Luhn)', true),
  ZA_ID_NUMBER: nid('ZA', 'South Africa identity number (Luhn)', true),
  TH_TNIN: nid('TH', 'Thailand national ID number (mod 11)', true),
} satisfies Record<string, Def>;

export type EntityType = keyof typeof DEFINITIONS;

export const ENTITY_TYPES = Object.keys(DEFINITIONS) as EntityType[];

export const ENTITIES: Readonly<Record<EntityType, EntityDefinition>> = Object.fromEntries(
  Object.entries(DEFINITIONS).map(([name, def]) => [name, { name, ...def }]),
) as Record<EntityType, EntityDefinition>;

export function isEntityType(name: string): name is EntityType {
  return Object.hasOwn(DEFINITIONS, name);
}

/** The entity types the name model produces. */
export const NAME_MODEL_ENTITIES = [
  'PERSON',
  'LOCATION',
  'ORGANIZATION',
] as const satisfies readonly EntityType[];
