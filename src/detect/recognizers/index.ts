import type { CountryCode } from 'libphonenumber-js/max';
import type { Recognizer } from '../types.js';
import { CREDENTIAL_PATTERNS } from './credentials.js';
import { FINANCIAL_PATTERNS } from './financial.js';
import { ADDRESS_PATTERNS, DEVICE_PATTERNS, GPS_PATTERNS, ZIP_PATTERNS } from './location.js';
import { alnumIdRecognizer, numericIdRecognizer, SEPARATED_ID_PATTERNS } from './national-ids.js';
import { DomainRecognizer, EmailRecognizer, NETWORK_PATTERNS } from './network.js';
import { PatternRecognizer } from './pattern.js';
import { PhoneRecognizer } from './phone.js';
import { TEMPORAL_PATTERNS } from './temporal.js';
import { WORDLIST_PATTERNS } from './wordlists.js';

/** Every built-in pattern recognizer (everything except the name model). */
export function patternRecognizers(phoneRegions?: readonly CountryCode[]): Recognizer[] {
  return [
    numericIdRecognizer(),
    alnumIdRecognizer(),
    new PatternRecognizer(SEPARATED_ID_PATTERNS, 'separated_ids'),
    new EmailRecognizer(),
    new DomainRecognizer(),
    new PatternRecognizer(NETWORK_PATTERNS, 'network'),
    new PhoneRecognizer(phoneRegions),
    new PatternRecognizer(FINANCIAL_PATTERNS, 'financial'),
    new PatternRecognizer(CREDENTIAL_PATTERNS, 'credentials'),
    new PatternRecognizer(TEMPORAL_PATTERNS, 'temporal'),
    new PatternRecognizer([...ADDRESS_PATTERNS, ...ZIP_PATTERNS, ...GPS_PATTERNS], 'location'),
    new PatternRecognizer(DEVICE_PATTERNS, 'device'),
    new PatternRecognizer(WORDLIST_PATTERNS, 'wordlists'),
  ];
}
