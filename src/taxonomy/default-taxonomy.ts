import type { TaxonomyNode } from './hierarchy.js';

/** A data category such as `user.contact.email` (re-exported by categories.ts). */
export interface DataCategory extends TaxonomyNode {
  /** Free-text content (messages, posts): may be protected by entity redaction. Inherited by children. */
  content?: boolean;
}

/**
 * Veil's default taxonomy. A policy extends it (adds children, or redefines a node to change its
 * description); it never needs to repeat it. Category names follow the Fideslang style and include
 * every category the entity detectors map to (see entities.ts), so findings land on a known node.
 */
const c = (name: string, description: string, content = false): DataCategory =>
  content ? { name, description, content } : { name, description };

export const DEFAULT_CATEGORIES: readonly DataCategory[] = [
  c('user', 'Data about a person who uses the product'),
  c('user.unique_id', 'An identifier assigned to a user by the product (account id, customer number)'),
  c('user.unique_id.pseudonymous', 'An identifier that is already pseudonymous (keyed hash, token)'),
  c('user.account', 'Account data'),
  c('user.account.username', 'A user handle or login name'),
  c('user.account.settings', 'Preferences and settings'),
  c('user.authorization', 'Data that grants access'),
  c('user.authorization.credentials', 'Passwords, recovery codes, session secrets'),
  c('user.name', "A person's name"),
  c('user.contact', 'Ways to reach a person'),
  c('user.contact.email', 'An email address'),
  c('user.contact.phone_number', 'A telephone number'),
  c('user.contact.url', 'A personal web address or domain'),
  c('user.contact.address', 'A postal address'),
  c('user.contact.address.street', 'Street and house number'),
  c('user.contact.address.city', 'City'),
  c('user.contact.address.postal_code', 'Postal code'),
  c('user.contact.address.country', 'Country'),
  c('user.demographic', 'Demographic attributes'),
  c('user.demographic.age_range', 'Age or age range'),
  c('user.demographic.date_of_birth', 'Date of birth'),
  c('user.demographic.gender', 'Gender'),
  c('user.demographic.language', 'Preferred language or locale'),
  c('user.location', 'Where a person is or was'),
  c('user.location.precise', 'Coordinates or a location precise to a building (GPS, Wi-Fi)'),
  c('user.location.approximate', 'A coarse location: city, region, large cell'),
  c('user.content', 'Content a person writes or uploads (free text, media)', true),
  c('user.content.message', 'A private message', true),
  c('user.content.post', 'A public post or comment', true),
  c('user.content.search_query', 'A search query', true),
  c('user.content.media', 'Uploaded photos, audio, video', true),
  c('user.device', 'Data about a device a person uses'),
  c('user.device.device_id', 'A device identifier (hardware id, IMEI, MAC, advertising id)'),
  c('user.device.ip_address', 'An IP address'),
  c('user.device.model', 'Device make, model and operating system'),
  c('user.behavior', 'What a person does in the product'),
  c('user.behavior.browsing', 'Pages, screens and items viewed'),
  c('user.behavior.engagement', 'Clicks, likes, follows, session lengths'),
  c('user.behavior.purchase', 'Purchases and orders'),
  c('user.financial', 'Financial data'),
  c('user.financial.credit_card', 'A payment card number'),
  c('user.financial.bank_account', 'A bank account or routing number'),
  c('user.health', 'Health data (special category under GDPR art. 9)'),
  c('user.biometric', 'Biometric data (special category under GDPR art. 9)'),
  c('user.biometric.face', 'Face images or templates'),
  c('user.biometric.fingerprint', 'Fingerprints'),
  c('user.biometric.voice', 'Voice prints'),
  c('user.government_id', 'A government-issued identifier (SSN, passport, national id)'),
  c('user.workplace', 'Employer and job data'),
  c('user.demographic.inferred', 'Attributes inferred about a person (interests, segments)'),
  c('system', 'Data about the system rather than a person'),
  c('system.authentication', 'API keys, tokens, private keys'),
  c('system.operations', 'Operational metadata: timestamps, status codes, versions'),
];

export const DEFAULT_SUBJECTS: readonly TaxonomyNode[] = [
  { name: 'customer', description: 'A person who uses the product' },
  { name: 'customer.minor', description: 'A customer under the age of digital consent' },
  { name: 'prospect', description: 'A person the business wants to reach' },
  { name: 'employee', description: 'A person who works for the business' },
  { name: 'visitor', description: 'An unauthenticated visitor' },
];

export const DEFAULT_PURPOSES: readonly TaxonomyNode[] = [
  { name: 'service', description: 'Providing the product the person asked for' },
  { name: 'analytics', description: 'Measuring and understanding product usage' },
  { name: 'analytics.product', description: 'Product analytics dashboards and experiments' },
  { name: 'model_training', description: 'Training machine-learning models' },
  { name: 'model_training.recommendation', description: 'Training recommendation models' },
  { name: 'advertising', description: 'Showing and measuring advertisements' },
  { name: 'advertising.targeted', description: 'Ads targeted on personal data' },
  { name: 'safety', description: 'Protecting users and the platform' },
  { name: 'safety.fraud', description: 'Fraud and abuse detection' },
  { name: 'safety.moderation', description: 'Content moderation' },
  { name: 'support', description: 'Answering a person who contacted support' },
  { name: 'legal', description: 'Meeting legal obligations' },
  { name: 'research', description: 'Research beyond the product' },
];
