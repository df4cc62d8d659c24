import { sql as initial } from './001_initial.js';
import { sql as keysVaultPolicies } from './002_keys_vault_policies.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every schema change, in order. Append only: never edit a migration that has shipped. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initial },
  { version: 2, name: 'keys_vault_policies', sql: keysVaultPolicies },
];
