import { SHAPE_NINO, type TextFeatures } from '../features.js';
import * as v from '../validators/national-ids.js';
import { validAbaRouting, validCreditCard, validDea, validImei, validVin } from '../validators/financial.js';
import { IdFamilyRecognizer, type IdSpec } from './id-family.js';

/**
 * Digit-based identifiers. Scores: a strong checksum (two check digits, or check digit plus date
 * structure) starts near 0.6; a mod-10/11 single check digit that one random number in ten passes
 * starts lower and relies on context words; formats without checksum need context.
 */
const NUMERIC: IdSpec[] = [
  {
    entity: 'CREDIT_CARD',
    name: 'credit_card',
    digits: [13, 14, 15, 16, 17, 18, 19],
    shape: /^\d{4}([ -]?)\d{4}\1\d{4}\1\d{1,7}$|^\d{4}([ -]?)\d{6}\2\d{4,5}$/,
    validate: validCreditCard,
    score: 0.75,
  },
  {
    entity: 'US_SSN',
    name: 'us_ssn',
    digits: [9],
    shape: /^\d{3}([- ])\d{2}\1\d{4}$/,
    validate: v.validUsSsn,
    score: 0.6,
  },
  {
    entity: 'US_SSN',
    name: 'us_ssn',
    digits: [9],
    shape: /^\d{9}$/,
    validate: v.validUsSsn,
    score: 0.3,
    contextRequired: true,
  },
  {
    entity: 'US_ITIN',
    name: 'us_itin',
    digits: [9],
    shape: /^9\d{2}([- ]?)\d{2}\1\d{4}$/,
    validate: v.validUsItin,
    score: 0.65,
  },
  {
    entity: 'ABA_ROUTING_NUMBER',
    name: 'aba_routing',
    digits: [9],
    shape: /^\d{4}-?\d{4}-?\d$/,
    validate: validAbaRouting,
    score: 0.4,
    contextRequired: true,
  },
  {
    entity: 'US_BANK_NUMBER',
    name: 'us_bank_number',
    digits: [8, 9, 10, 11, 12, 13, 14, 15, 16, 17],
    shape: /^\d{8,17}$/,
    score: 0.4,
    contextRequired: true,
  },
  {
    entity: 'US_PASSPORT',
    name: 'us_passport',
    digits: [9],
    shape: /^\d{9}$/,
    score: 0.5,
    contextRequired: true,
  },
  {
    entity: 'UK_NHS',
    name: 'uk_nhs',
    digits: [10],
    shape: /^\d{3}([ -]?)\d{3}\1\d{4}$/,
    validate: v.validUkNhs,
    score: 0.4,
  },
  {
    entity: 'IN_AADHAAR',
    name: 'in_aadhaar',
    digits: [12],
    shape: /^\d{4}([ -]?)\d{4}\1\d{4}$/,
    validate: v.validAadhaar,
    score: 0.5,
  },
  {
    entity: 'KR_RRN',
    name: 'kr_rrn',
    digits: [13],
    shape: /^\d{6}-?[1-8]\d{6}$/,
    validate: v.validKrRrn,
    score: 0.65,
    failScore: 0.35,
  },
  {
    entity: 'JP_MY_NUMBER',
    name: 'jp_my_number',
    digits: [12],
    shape: /^\d{4}([ -]?)\d{4}\1\d{4}$/,
    validate: v.validJpMyNumber,
    score: 0.35,
  },
  {
    entity: 'CN_RESIDENT_ID',
    name: 'cn_resident_id',
    digits: [18],
    shape: /^\d{18}$/,
    validate: v.validCnResidentId,
    score: 0.75,
  },
  {
    entity: 'BR_CPF',
    name: 'br_cpf',
    digits: [11],
    shape: /^\d{3}\.\d{3}\.\d{3}-\d{2}$/,
    validate: v.validBrCpf,
    score: 0.85,
  },
  { entity: 'BR_CPF', name: 'br_cpf', digits: [11], shape: /^\d{11}$/, validate: v.validBrCpf, score: 0.4 },
  {
    entity: 'BR_CNPJ',
    name: 'br_cnpj',
    digits: [14],
    shape: /^\d{2}\.?\d{3}\.?\d{3}\/?\d{4}-?\d{2}$/,
    validate: v.validBrCnpj,
    score: 0.75,
  },
  {
    entity: 'DE_TAX_ID',
    name: 'de_tax_id',
    digits: [11],
    shape: /^\d{2} ?\d{3} ?\d{3} ?\d{3}$/,
    validate: v.validDeTaxId,
    score: 0.45,
  },
  {
    entity: 'FR_NIR',
    name: 'fr_nir',
    digits: [15],
    shape: /^[12] ?\d{2} ?\d{2} ?\d{2} ?\d{3} ?\d{3} ?\d{2}$/,
    validate: v.validFrNir,
    score: 0.75,
  },
  { entity: 'ID_NIK', name: 'id_nik', digits: [16], shape: /^\d{16}$/, validate: v.validIdNik, score: 0.4 },
  {
    entity: 'CA_SIN',
    name: 'ca_sin',
    digits: [9],
    shape: /^\d{3}([ -]?)\d{3}\1\d{3}$/,
    validate: v.validCaSin,
    score: 0.3,
  },
  {
    entity: 'AU_TFN',
    name: 'au_tfn',
    digits: [9],
    shape: /^\d{3} ?\d{3} ?\d{3}$/,
    validate: v.validAuTfn,
    score: 0.3,
  },
  {
    entity: 'AU_MEDICARE',
    name: 'au_medicare',
    digits: [10, 11],
    shape: /^\d{4} ?\d{5} ?\d{1,2}$/,
    validate: v.validAuMedicare,
    score: 0.3,
  },
  {
    entity: 'AU_ABN',
    name: 'au_abn',
    digits: [11],
    shape: /^\d{2} ?\d{3} ?\d{3} ?\d{3}$/,
    validate: v.validAuAbn,
    score: 0.4,
  },
  {
    entity: 'NL_BSN',
    name: 'nl_bsn',
    digits: [9],
    shape: /^\d{4}\.?\d{2}\.?\d{3}$|^\d{9}$/,
    validate: v.validNlBsn,
    score: 0.3,
  },
  {
    entity: 'PL_PESEL',
    name: 'pl_pesel',
    digits: [11],
    shape: /^\d{11}$/,
    validate: v.validPlPesel,
    score: 0.4,
  },
  {
    entity: 'TR_TCKN',
    name: 'tr_tckn',
    digits: [11],
    shape: /^\d{11}$/,
    validate: v.validTrTckn,
    score: 0.45,
  },
  {
    entity: 'SE_PERSONNUMMER',
    name: 'se_personnummer',
    digits: [10, 12],
    shape: /^(?:\d{2})?\d{6}[-+]\d{4}$/,
    validate: v.validSePersonnummer,
    score: 0.6,
  },
  {
    entity: 'ZA_ID_NUMBER',
    name: 'za_id_number',
    digits: [13],
    shape: /^\d{13}$/,
    validate: v.validZaId,
    score: 0.4,
  },
  {
    entity: 'TH_TNIN',
    name: 'th_tnin',
    digits: [13],
    shape: /^\d-?\d{4}-?\d{5}-?\d{2}-?\d$/,
    validate: v.validThTnin,
    score: 0.4,
  },
  {
    entity: 'IMEI',
    name: 'imei',
    digits: [15],
    shape: /^\d{2}([ -]?)\d{6}\1\d{6}\1\d$|^\d{15}$/,
    validate: validImei,
    score: 0.45,
  },
];

/** Upper-case alphanumeric identifiers (letters and digits, no separators). */
const ALNUM: IdSpec[] = [
  { entity: 'UK_NINO', name: 'uk_nino', shape: /^[A-Z]{2}\d{6}[A-D]$/, validate: v.validUkNino, score: 0.75 },
  { entity: 'IN_PAN', name: 'in_pan', shape: /^[A-Z]{5}\d{4}[A-Z]$/, validate: v.validIndiaPan, score: 0.6 },
  {
    entity: 'SG_NRIC_FIN',
    name: 'sg_nric_fin',
    shape: /^[STFGM]\d{7}[A-Z]$/,
    validate: v.validSgNric,
    score: 0.85,
  },
  {
    entity: 'CN_RESIDENT_ID',
    name: 'cn_resident_id',
    shape: /^\d{17}X$/,
    validate: v.validCnResidentId,
    score: 0.8,
  },
  { entity: 'ES_NIF', name: 'es_nif', shape: /^\d{8}[A-Z]$/, validate: v.validEsDni, score: 0.7 },
  { entity: 'ES_NIE', name: 'es_nie', shape: /^[XYZ]\d{7}[A-Z]$/, validate: v.validEsNie, score: 0.8 },
  {
    entity: 'IT_FISCAL_CODE',
    name: 'it_fiscal_code',
    shape: /^[A-Z]{6}[\dA-Z]{9}[A-Z]$/,
    validate: v.validItFiscalCode,
    score: 0.9,
  },
  {
    entity: 'MX_CURP',
    name: 'mx_curp',
    shape: /^[A-Z]{4}\d{6}[HMX][A-Z]{5}[A-Z\d]\d$/,
    validate: v.validMxCurp,
    score: 0.9,
    failScore: 0.4,
  },
  { entity: 'MEDICAL_LICENSE', name: 'us_dea', shape: /^[A-Z]{2}\d{7}$/, validate: validDea, score: 0.5 },
  {
    entity: 'VIN',
    name: 'vin',
    shape: /^[A-HJ-NPR-Z\d]{17}$/,
    validate: validVin,
    score: 0.7,
    failScore: 0.25,
  },
  { entity: 'US_PASSPORT', name: 'us_passport', shape: /^[A-Z]\d{8}$/, score: 0.5, contextRequired: true },
  {
    entity: 'US_DRIVER_LICENSE',
    name: 'us_driver_license',
    shape: /^[A-Z]\d{3,14}$|^[A-Z]{2}\d{5,7}$/,
    score: 0.5,
    contextRequired: true,
  },
];

/** A digit run with optional single separators between digits: bounded, linear to scan. */
const NUMERIC_CANDIDATE = /(?<![\w.,/-])\d(?:[ ./-]?\d){6,22}(?![\w/-]|[.,]\d)/g;
/** An upper-case token mixing letters and digits. */
const ALNUM_CANDIDATE = /(?<![\w-])(?=[A-Z]{0,6}\d)(?=\d{0,17}[A-Z])[A-Z\d]{8,18}(?![\w-])/g;

export function numericIdRecognizer(): IdFamilyRecognizer {
  return new IdFamilyRecognizer('numeric_ids', NUMERIC_CANDIDATE, NUMERIC, (f) => f.digits >= 7, true);
}

export function alnumIdRecognizer(): IdFamilyRecognizer {
  return new IdFamilyRecognizer(
    'alnum_ids',
    ALNUM_CANDIDATE,
    ALNUM,
    (f) => f.digit && f.upper && f.maxUpperDigitRun >= 8,
  );
}

/** Finnish HETU and NINO written with spaces do not fit the token families. */
export const SEPARATED_ID_PATTERNS = [
  {
    entity: 'FI_PERSONAL_IDENTITY_CODE',
    name: 'fi_hetu',
    regex: /(?<![\w-])\d{6}[-+A-FU-Y]\d{3}[\dA-Y](?![\w-])/g,
    // Six digits between non-digits.
    needs: (f: TextFeatures) => f.digitRuns6 > 0 && f.digits >= 9,
    validate: (s: string) => v.validFiHetu(s),
    score: 0.8,
  },
  {
    entity: 'UK_NINO',
    name: 'uk_nino',
    regex: /(?<![\w])[A-Z]{2} \d{2} \d{2} \d{2} ?[A-D](?![\w])/g,
    needs: (f: TextFeatures) => f.uppers >= 3 && f.digits >= 6 && (f.shapes & SHAPE_NINO) !== 0,
    validate: (s: string) => v.validUkNino(s),
    score: 0.75,
  },
];
