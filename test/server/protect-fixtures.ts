import { randomBytes } from 'node:crypto';
import { LocalKms } from '../../src/crypto/kms.js';
import type { Harness } from './harness.js';

/** A policy with one rule per kind of step the service applies (keyed, keyless, free text, deny). */
export function crmPolicy(options: { emailOp?: string; ids?: string; pii?: string } = {}): string {
  const email = options.emailOp ?? '{ op: mask, keep_last: 4, skip: "@." }';
  return `version: 1
datasets:
  customers:
    subject_field: user_id
    fields:
      user_id: user.unique_id
      email: user.contact.email
      age: user.demographic.age_range
      city: user.contact.address.city
      note: user.content.message
      phone: user.contact.phone_number
      card: user.financial.credit_card
      national_id: user.government_id
rules:
  - purpose: analytics
    category: user.unique_id
    transform: { op: pseudonymize, key: ${options.ids ?? 'ids'} }
  - purpose: analytics
    category: user.contact.email
    transform: ${email}
  - purpose: analytics
    category: user.demographic.age_range
    transform: { op: bucket, size: 10 }
  - purpose: analytics
    category: user.contact.address.city
    transform: { op: generalize, hierarchy: { Paris: France, Lyon: France, Berlin: Germany } }
  - purpose: analytics
    category: user.content.message
    transform: { op: redact_entities }
  - purpose: analytics
    category: user.contact.phone_number
    transform: { op: encrypt, key: ${options.pii ?? 'pii'}, subject_field: user_id }
  - purpose: analytics
    category: user.financial.credit_card
    transform: { op: tokenize, key: ${options.pii ?? 'pii'} }
  - purpose: analytics
    category: user.government_id
    action: deny
`;
}

export function newKms(): { kms: LocalKms; master: Buffer } {
  const master = randomBytes(32);
  return { kms: new LocalKms(master), master };
}

/** Distinctive plaintexts, so a leak anywhere is found by a plain substring search. */
export function customers(n: number, tag = randomBytes(4).toString('hex')): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => ({
    user_id: `subject-${tag}-${i}`,
    email: `person.${tag}.${i}@example.org`,
    age: 20 + ((i * 7) % 50),
    city: ['Paris', 'Berlin', 'Lyon', 'Oslo'][i % 4],
    note: `call me at +1 415 555 ${String(1000 + i).padStart(4, '0')} tomorrow`,
    phone: `+44 20 7946 ${String(1000 + i).padStart(4, '0')}`,
    card: `4111 1111 ${tag.slice(0, 4).replace(/\D/g, '7').padEnd(4, '7')} ${String(1000 + i)}`,
    national_id: `NI-${tag}-${i}`,
    undeclared: `extra-${tag}-${i}`,
  }));
}

/** Creates the keys and an active policy through the API, as an operator would. */
export async function setupCrm(
  h: Harness,
  admin: Record<string, string>,
  names = { policy: 'crm', ids: 'ids', pii: 'pii' },
): Promise<void> {
  for (const id of [names.ids, names.pii]) {
    const res = await h.app.inject({ method: 'POST', url: '/v1/keys', headers: admin, payload: { id } });
    if (res.statusCode !== 201) throw new Error(`key ${id}: ${res.statusCode} ${res.body}`);
  }
  const res = await h.app.inject({
    method: 'POST',
    url: `/v1/policies/${names.policy}/versions`,
    headers: admin,
    payload: { yaml: crmPolicy({ ids: names.ids, pii: names.pii }), activate: true },
  });
  if (res.statusCode !== 201) throw new Error(`policy: ${res.statusCode} ${res.body}`);
}
