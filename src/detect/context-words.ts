/**
 * Words that, near a match, make it more (or less) likely to be what the pattern says. Lists are
 * lower case, in English, Spanish, French, German, Portuguese and Indonesian; multi-word phrases
 * are matched on the normalised window text. Keyed by concept, then mapped to entity types.
 */
const CONCEPTS = {
  phone:
    'phone telephone tel mobile cell call whatsapp fax teléfono telefono móvil movil celular llamar téléphone portable appeler telefon handy mobil anrufen rufnummer telemóvel ligar hp ponsel hubungi',
  email: 'email e-mail mail correo courriel adresse electrónico eletrónico surel',
  card: 'card credit debit visa mastercard amex cc tarjeta crédito débito carte crédit bancaire karte kreditkarte cartão crédito kartu kredit',
  iban: 'iban account bank transfer cuenta banco bancaria compte banque virement konto bankverbindung überweisung conta banco transferência rekening bank',
  bankAccount: 'account acct bank checking savings cuenta compte konto kontonummer conta rekening',
  routing: 'routing aba transit rtn',
  swift: 'swift bic',
  crypto:
    'wallet bitcoin btc ethereum eth crypto address cartera billetera portefeuille adresse brieftasche carteira dompet',
  ip: 'ip address host server client ipv4 ipv6 dirección adresse adresse endereço alamat',
  mac: 'mac hardware ethernet wifi wlan bssid dirección adresse endereço',
  url: 'url link website site web página page seite situs tautan',
  domain: 'domain website site host dominio domaine domäne domínio situs',
  zip: 'zip postal postcode post code zipcode código postal cp code postal plz postleitzahl cep kode pos',
  gps: 'gps coordinates location lat lng latitude longitude coordenadas ubicación coordonnées position koordinaten standort localização koordinat lokasi',
  device: 'imei device phone handset idfa gaid advertising ad id dispositivo appareil gerät perangkat',
  vin: 'vin vehicle chassis car vehículo véhicule fahrzeug fahrgestellnummer veículo kendaraan rangka',
  username:
    'username user login handle account user name usuario utilisateur identifiant benutzer benutzername usuário pengguna akun',
  password:
    'password passwd pwd pass passcode contraseña clave mot de passe mdp passwort kennwort senha kata sandi',
  secret:
    'secret key token credential api apikey access aws clave secreta secret clé geheim chave rahasia kunci',
  date: 'date born birth dob birthday fecha nacimiento nacido née naissance geburtsdatum geboren data nascimento nascido tanggal lahir',
  age: 'age aged old years year-old edad años âge ans alter jahre jahren alt idade anos umur usia tahun',
  address:
    'address street lives live living home residence avenue dirección calle domicilio vive adresse rue domicile habite wohnt anschrift straße wohnhaft endereço rua morada mora alamat jalan tinggal rumah',
  medical: 'dea medical license prescriber physician doctor registration',
  ssn: 'ssn social security ss# ss seguro social sécurité sociale sozialversicherung',
  itin: 'itin taxpayer tax id tin',
  passport: 'passport pasaporte passeport reisepass passaporte paspor',
  license:
    "driver license licence driver's dl driving permis de conduire führerschein licencia carteira de habilitação cnh sim",
  taxId:
    'abn business tax taxpayer tin fiscal nif steuer steuer-id steuernummer steueridentifikationsnummer identifikationsnummer idnr impuesto impôt fiscale codice fiscale cpf cnpj rfc npwp pajak',
  nationalId:
    'id identity national card number citizen resident identification registration documento identidad dni nie carte identité cni numéro personalausweis ausweis identität cpf rg identidade cidadão ktp nik kependudukan penduduk nric fin aadhaar uid pan my number mynumber 個人番号 マイナンバー 身份证 주민등록번호 rrn curp pesel bsn sin tfn medicare hetu personnummer tckn kimlik',
  ukNino: 'nino national insurance ni number',
  nhs: 'nhs health service patient',
  title: 'mr mrs ms dr',
} as const;

export type ContextConcept = keyof typeof CONCEPTS;

/** Which concepts support each entity type. */
export const ENTITY_CONTEXT: Record<string, readonly ContextConcept[]> = {
  PHONE_NUMBER: ['phone'],
  EMAIL_ADDRESS: ['email'],
  CREDIT_CARD: ['card'],
  IBAN_CODE: ['iban'],
  US_BANK_NUMBER: ['bankAccount'],
  ABA_ROUTING_NUMBER: ['routing', 'bankAccount'],
  SWIFT_CODE: ['swift', 'iban'],
  CRYPTO: ['crypto'],
  IP_ADDRESS: ['ip'],
  MAC_ADDRESS: ['mac'],
  URL: ['url'],
  DOMAIN_NAME: ['domain', 'url', 'email'],
  ZIP_CODE: ['zip'],
  GPS_COORDINATES: ['gps'],
  IMEI: ['device'],
  ADVERTISING_ID: ['device'],
  VIN: ['vin'],
  USERNAME: ['username'],
  PASSWORD: ['password'],
  AWS_ACCESS_KEY: ['secret'],
  AWS_SECRET_KEY: ['secret'],
  GITHUB_TOKEN: ['secret'],
  SLACK_TOKEN: ['secret'],
  STRIPE_KEY: ['secret'],
  GOOGLE_API_KEY: ['secret'],
  JWT: ['secret'],
  DATE_TIME: ['date'],
  AGE: ['age'],
  ADDRESS: ['address'],
  MEDICAL_LICENSE: ['medical'],
  US_SSN: ['ssn'],
  US_ITIN: ['itin', 'taxId'],
  US_PASSPORT: ['passport'],
  US_DRIVER_LICENSE: ['license'],
  UK_NINO: ['ukNino', 'nationalId'],
  UK_NHS: ['nhs'],
  IN_AADHAAR: ['nationalId'],
  IN_PAN: ['taxId', 'nationalId'],
  SG_NRIC_FIN: ['nationalId'],
  KR_RRN: ['nationalId'],
  JP_MY_NUMBER: ['nationalId', 'taxId'],
  CN_RESIDENT_ID: ['nationalId'],
  BR_CPF: ['taxId', 'nationalId'],
  BR_CNPJ: ['taxId'],
  ES_NIF: ['taxId', 'nationalId'],
  ES_NIE: ['taxId', 'nationalId'],
  IT_FISCAL_CODE: ['taxId', 'nationalId'],
  DE_TAX_ID: ['taxId'],
  FR_NIR: ['ssn', 'nationalId'],
  ID_NIK: ['nationalId'],
  MX_CURP: ['nationalId'],
  CA_SIN: ['ssn', 'nationalId'],
  AU_TFN: ['taxId'],
  AU_MEDICARE: ['nationalId', 'nhs'],
  AU_ABN: ['taxId'],
  NL_BSN: ['nationalId', 'taxId'],
  PL_PESEL: ['nationalId'],
  TR_TCKN: ['nationalId'],
  FI_PERSONAL_IDENTITY_CODE: ['nationalId'],
  SE_PERSONNUMMER: ['nationalId'],
  ZA_ID_NUMBER: ['nationalId'],
  TH_TNIN: ['nationalId'],
};

/** Words that make an identifier-looking number less likely to be personal (order numbers...). */
export const NEGATIVE_WORDS = new Set(
  'order invoice tracking ref reference serial isbn sku version build ticket pedido factura referencia commande facture référence bestellung rechnung referenz sendungsnummer fatura encomenda pesanan faktur resi'.split(
    ' ',
  ),
);

const SINGLE_WORDS = (concept: ContextConcept): string[] => CONCEPTS[concept].split(' ');

/** Entities whose score negative words can lower: numeric identifiers. */
export const NEGATIVE_APPLIES = new Set(
  Object.keys(ENTITY_CONTEXT).filter((e) =>
    /^(?:US_|UK_|IN_|SG_|KR_|JP_|CN_|BR_|ES_|IT_|DE_|FR_|ID_|MX_|CA_|AU_|NL_|PL_|TR_|FI_|SE_|ZA_|TH_)|CREDIT_CARD|IMEI|ABA/.test(
      e,
    ),
  ),
);

/** Multi-word phrases written as single entries in the concept lists. */
const PHRASES: Partial<Record<ContextConcept, string[]>> = {
  password: ['mot de passe', 'kata sandi'],
  ssn: ['social security', 'seguro social', 'sécurité sociale'],
  nationalId: ['carte identité', 'my number', 'codice fiscale'],
  ukNino: ['national insurance'],
  license: ['permis de conduire', 'carteira de habilitação'],
  bankAccount: ['account number', 'número de cuenta'],
  zip: ['post code', 'código postal', 'code postal', 'kode pos'],
  date: ['date of birth', 'fecha de nacimiento', 'date de naissance', 'data de nascimento', 'tanggal lahir'],
  age: ['years old', 'year old'],
  username: ['user name', 'nom d utilisateur'],
  secret: ['api key', 'access key', 'secret key'],
};

export interface EntityContextWords {
  words: Set<string>;
  phrases: string[];
  /** The first word (up to the first space) of each phrase. */
  phraseStarts: Set<string>;
}

export function contextWordsFor(entity: string, extra: readonly string[] = []): EntityContextWords {
  const words = new Set<string>();
  const phrases: string[] = [];
  for (const concept of ENTITY_CONTEXT[entity] ?? []) {
    for (const w of SINGLE_WORDS(concept)) words.add(w);
    phrases.push(...(PHRASES[concept] ?? []));
  }
  for (const w of extra) {
    const lower = w.toLowerCase().trim();
    if (lower.includes(' ')) phrases.push(lower);
    else if (lower) words.add(lower);
  }
  return { words, phrases, phraseStarts: new Set(phrases.map((p) => p.split(' ')[0]!)) };
}
