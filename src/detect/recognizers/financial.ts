import { validBase58Check, validBech32, ethereumChecksum } from '../validators/crypto-wallets.js';
import { validIban } from '../validators/iban.js';
import { SHAPE_IBAN_START, triggerGroup } from '../features.js';
import type { PatternSpec } from './pattern.js';

const BECH32 = triggerGroup(['bc1']);

export const FINANCIAL_PATTERNS: PatternSpec[] = [
  {
    entity: 'IBAN_CODE',
    name: 'iban',
    // Compact or grouped by four; groups are bounded so matching stays linear.
    regex: /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b/g,
    score: 0.95,
    needs: (f) => f.maxUpperDigitRun >= 4 && (f.shapes & SHAPE_IBAN_START) !== 0,
    validate: (value) => validIban(value.replace(/ /g, '')),
  },
  {
    entity: 'CRYPTO',
    name: 'bitcoin_base58',
    regex: /(?<![\w])[13][1-9A-HJ-NP-Za-km-z]{25,34}(?![\w])/g,
    score: 0.95,
    needs: (f) => f.digit && f.maxAlnumRun >= 26,
    validate: validBase58Check,
  },
  {
    entity: 'CRYPTO',
    name: 'bitcoin_bech32',
    regex: /\b(?:bc1|BC1)[02-9ac-hj-np-zAC-HJ-NP-Z]{11,71}\b/g,
    score: 0.95,
    needs: (f) => f.digit && f.maxAlnumRun >= 14 && (f.words & BECH32) !== 0,
    validate: validBech32,
  },
  {
    entity: 'CRYPTO',
    name: 'ethereum',
    regex: /\b0x[0-9a-fA-F]{40}\b/g,
    score: 0.85,
    needs: (f) => f.maxAlnumRun >= 42,
    validate: (value) => {
      const check = ethereumChecksum(value);
      return check === 'valid' ? 0.95 : check === 'none' ? 0.6 : false;
    },
  },
  {
    entity: 'SWIFT_CODE',
    name: 'swift_bic',
    regex:
      /\b[A-Z]{4}(?:AD|AE|AR|AT|AU|BE|BR|CA|CH|CN|DE|DK|ES|FI|FR|GB|HK|ID|IE|IN|IT|JP|KR|LU|MX|MY|NL|NO|PH|PL|PT|SA|SE|SG|TH|TR|US|VN|ZA)[A-Z0-9]{2}(?:[A-Z0-9]{3})?\b/g,
    score: 0.3,
    // Four bank letters and a country code: six upper-case letters in a row.
    needs: (f) => f.maxUpperDigitRun >= 8 && f.maxUpperRun >= 6,
    contextRequired: true,
  },
];
