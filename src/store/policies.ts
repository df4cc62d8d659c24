import { createHash } from 'node:crypto';
import { InputError, VeilError } from '../core/errors.js';
import { validatePolicyText, type Policy } from '../policy/index.js';
import { invalidFile } from '../policy/load.js';
import type { Problem } from '../policy/yaml-source.js';
import type { Database, Queryable } from './database.js';
import { toDate, toNumber } from './database.js';

/** Policy names double as the YAML file name in problem reports (`<name>.yaml:12`). */
export const POLICY_NAME = /^[a-z][a-z0-9_-]{0,62}$/;

export interface PolicyVersion {
  name: string;
  version: number;
  sha256: string;
  createdAt: Date;
  createdBy: string;
  active: boolean;
  activatedAt: Date | null;
  activatedBy: string | null;
}

export interface PolicySummary {
  name: string;
  latestVersion: number;
  activeVersion: number | null;
}

interface Row {
  name: string;
  version: unknown;
  digest: string;
  created_at: unknown;
  created_by: string;
  active: boolean;
  activated_at: unknown;
  activated_by: string | null;
}

const COLUMNS = 'name, version, digest, created_at, created_by, active, activated_at, activated_by';

function fromRow(r: Row): PolicyVersion {
  return {
    name: r.name,
    version: toNumber(r.version),
    sha256: r.digest,
    createdAt: toDate(r.created_at),
    createdBy: r.created_by,
    active: r.active,
    activatedAt: r.activated_at === null ? null : toDate(r.activated_at),
    activatedBy: r.activated_by,
  };
}

export function policyFileName(name: string): string {
  return `${name}.yaml`;
}

function notFound(what: string, where: string): VeilError {
  return new VeilError('usage', `no ${what}`, { code: 'NOT_FOUND', where });
}

/** Validates YAML the way `veil policy check` does; problems carry the line. */
export function validatePolicy(name: string, yaml: string): { policy?: Policy; problems: Problem[] } {
  return validatePolicyText(yaml, policyFileName(name));
}

/**
 * Versioned policies: every change is a new immutable version (YAML text, its sha256, who, when);
 * at most one version per name is active (a partial unique index enforces it).
 */
export class PolicyStore {
  constructor(private readonly db: Queryable) {}

  /** Stores a new version after full validation; an invalid policy is an InputError listing every problem. */
  async create(name: string, yaml: string, createdBy: string): Promise<PolicyVersion> {
    const { policy, problems } = validatePolicy(name, yaml);
    if (!policy) throw invalidFile('policy', problems);
    const digest = createHash('sha256').update(yaml).digest('hex');
    // Lock the name's rows so two writers cannot pick the same next version.
    await this.db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`veil-policy:${name}`]);
    const next = await this.db.query<{ v: unknown }>(
      'SELECT COALESCE(MAX(version), 0) + 1 AS v FROM policies WHERE name = $1',
      [name],
    );
    const version = toNumber(next.rows[0]?.v ?? 1);
    const result = await this.db.query<Row>(
      `INSERT INTO policies (name, version, document, source, digest, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [name, version, { sha256: digest }, yaml, digest, createdBy],
    );
    return fromRow(result.rows[0]!);
  }

  async activate(name: string, version: number, actor: string): Promise<PolicyVersion> {
    await this.require(name, version);
    await this.db.query('UPDATE policies SET active = false WHERE name = $1 AND active AND version <> $2', [
      name,
      version,
    ]);
    const result = await this.db.query<Row>(
      `UPDATE policies SET active = true,
         activated_at = CASE WHEN active THEN activated_at ELSE now() END,
         activated_by = CASE WHEN active THEN activated_by ELSE $3 END
       WHERE name = $1 AND version = $2 RETURNING ${COLUMNS}`,
      [name, version, actor],
    );
    return fromRow(result.rows[0]!);
  }

  async list(): Promise<PolicySummary[]> {
    const result = await this.db.query<{ name: string; latest: unknown; active: unknown }>(
      `SELECT name, MAX(version) AS latest, MAX(CASE WHEN active THEN version END) AS active
       FROM policies GROUP BY name ORDER BY name`,
    );
    return result.rows.map((r) => ({
      name: r.name,
      latestVersion: toNumber(r.latest),
      activeVersion: r.active === null ? null : toNumber(r.active),
    }));
  }

  async versions(name: string): Promise<PolicyVersion[]> {
    const result = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM policies WHERE name = $1 ORDER BY version`,
      [name],
    );
    if (result.rows.length === 0) throw notFound('policy with this name', `policy ${name}`);
    return result.rows.map(fromRow);
  }

  /** One version with its YAML; `version` omitted means the active one. */
  async get(name: string, version?: number): Promise<PolicyVersion & { yaml: string }> {
    const result =
      version === undefined
        ? await this.db.query<Row & { source: string }>(
            `SELECT ${COLUMNS}, source FROM policies WHERE name = $1 AND active`,
            [name],
          )
        : await this.db.query<Row & { source: string }>(
            `SELECT ${COLUMNS}, source FROM policies WHERE name = $1 AND version = $2`,
            [name, version],
          );
    const row = result.rows[0];
    if (!row) {
      throw version === undefined
        ? notFound('active version of this policy', `policy ${name}`)
        : notFound('such policy version', `policy ${name} version ${version}`);
    }
    return { ...fromRow(row), yaml: row.source };
  }

  /** The active versions of every policy (name, version, YAML), for the service's policy cache. */
  async activeSources(): Promise<{ name: string; version: number; yaml: string }[]> {
    const result = await this.db.query<{ name: string; version: unknown; source: string }>(
      'SELECT name, version, source FROM policies WHERE active ORDER BY name',
    );
    return result.rows.map((r) => ({ name: r.name, version: toNumber(r.version), yaml: r.source }));
  }

  private async require(name: string, version: number): Promise<void> {
    const found = await this.db.query('SELECT 1 FROM policies WHERE name = $1 AND version = $2', [
      name,
      version,
    ]);
    if (found.rows.length === 0) throw notFound('such policy version', `policy ${name} version ${version}`);
  }
}

/** Parses a stored, already validated version; a failure means the store was edited behind Veil. */
export function compileStored(name: string, version: number, yaml: string): Policy {
  const { policy } = validatePolicy(name, yaml);
  if (!policy) {
    throw new InputError(`stored policy ${name} version ${version} no longer validates`, {
      code: 'POLICY_INVALID',
      hint: 'create a new version that passes validation and activate it',
    });
  }
  return policy;
}

export type { Database };
