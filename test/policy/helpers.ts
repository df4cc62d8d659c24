import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parsePolicy } from '../../src/policy/load.js';
import type { Policy } from '../../src/policy/model.js';

export const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));

export function examplePath(name: string): string {
  return `${EXAMPLES}${name}`;
}

export function exampleText(name: string): string {
  return readFileSync(examplePath(name), 'utf8');
}

export function examplePolicy(): Policy {
  return parsePolicy(exampleText('policy.yaml'), examplePath('policy.yaml'));
}

/** A minimal valid policy document with the given rules section and one dataset. */
export function policyWithRules(rules: string, extra = ''): string {
  return `version: 1
${extra}datasets:
  people:
    fields:
      email: user.contact.email
      phone: user.contact.phone_number
      lat: user.location.precise
rules:
${rules}`;
}
