import { luhn, digitsOnly, verhoeff } from './checksums.js';
import { validAbaRouting, validCreditCard, validDea, validImei, validVin } from './financial.js';
import { validIban } from './iban.js';
import * as ids from './national-ids.js';

/** Validators a custom recognizer may name in YAML (`validator: luhn`). */
export const VALIDATORS: Readonly<Record<string, (value: string) => boolean>> = {
  luhn: (v) => luhn(digitsOnly(v)),
  verhoeff: (v) => verhoeff(digitsOnly(v)),
  iban: (v) => validIban(v.replace(/\s/g, '').toUpperCase()),
  credit_card: validCreditCard,
  imei: validImei,
  aba_routing: validAbaRouting,
  dea: validDea,
  vin: validVin,
  us_ssn: ids.validUsSsn,
  uk_nhs: ids.validUkNhs,
  uk_nino: ids.validUkNino,
  aadhaar: ids.validAadhaar,
  sg_nric: ids.validSgNric,
  kr_rrn: ids.validKrRrn,
  jp_my_number: ids.validJpMyNumber,
  cn_resident_id: ids.validCnResidentId,
  br_cpf: ids.validBrCpf,
  br_cnpj: ids.validBrCnpj,
  es_dni: ids.validEsDni,
  es_nie: ids.validEsNie,
  it_fiscal_code: ids.validItFiscalCode,
  de_tax_id: ids.validDeTaxId,
  fr_nir: ids.validFrNir,
  id_nik: ids.validIdNik,
  mx_curp: ids.validMxCurp,
  ca_sin: ids.validCaSin,
  au_tfn: ids.validAuTfn,
  nl_bsn: ids.validNlBsn,
  pl_pesel: ids.validPlPesel,
  tr_tckn: ids.validTrTckn,
};
