import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { UsageError } from '../core/errors.js';
import type { Queryable } from './database.js';
import { toDate } from './database.js';

export const SCOPES = ['admin', 'policy:write', 'protect', 'reveal', 'audit:read'] as const;
export type Scope = (typeof SCOPES)[number];

export interface ApiKey {
  id: string;
  name: string;
  roles: Scope[];
  createdAt: Date;
  createdBy: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export interface NewApiKey {
  key: ApiKey;
  /** `veil_<id>_<secret>`: shown once, never stored. */
  token: string;
}

/** Why a presented token was refused; goes to the audit log, never with the token itself. */
export type AuthFailure = 'malformed' | 'unknown' | 'bad_secret' | 'expired' | 'revoked';

export type Authentication = { ok: true; key: ApiKey } | { ok: false; reason: AuthFailure; keyId?: string };

const TOKEN = /^veil_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
/** Compared against when the id is unknown, so a miss costs the same time as a wrong secret. */
const DUMMY_HASH = createHash('sha256').update('veil-no-such-key').digest();

function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** `admin` holds every scope. */
export function hasScope(key: Pick<ApiKey, 'roles'>, scope: Scope): boolean {
  return key.roles.includes('admin') || key.roles.includes(scope);
}

interface KeyRow {
  id: string;
  name: string;
  roles: string[];
  secret_hash: Uint8Array;
  created_at: unknown;
  created_by: string;
  expires_at: unknown;
  revoked_at: unknown;
}

function fromRow(row: KeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    roles: row.roles.filter(isScope),
    createdAt: toDate(row.created_at),
    createdBy: row.created_by,
    expiresAt: row.expires_at === null ? null : toDate(row.expires_at),
    revokedAt: row.revoked_at === null ? null : toDate(row.revoked_at),
  };
}

const COLUMNS = 'id, name, roles, secret_hash, created_at, created_by, expires_at, revoked_at';

export class ApiKeys {
  /** Takes a transaction too, so a key change and its audit entry can commit together. */
  constructor(private readonly db: Queryable) {}

  async create(options: {
    roles: Scope[];
    name?: string;
    createdBy: string;
    expiresAt?: Date | null;
  }): Promise<NewApiKey> {
    if (options.roles.length === 0) {
      throw new UsageError('an API key needs at least one role', { hint: `roles: ${SCOPES.join(', ')}` });
    }
    const id = randomBytes(8).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const result = await this.db.query<KeyRow>(
      `INSERT INTO api_keys (id, name, secret_hash, roles, created_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [
        id,
        options.name ?? id,
        hashSecret(secret),
        [...new Set(options.roles)],
        options.createdBy,
        options.expiresAt ?? null,
      ],
    );
    const row = result.rows[0];
    if (!row) throw new Error('INSERT ... RETURNING gave no row');
    return { key: fromRow(row), token: `veil_${id}_${secret}` };
  }

  async get(id: string): Promise<ApiKey | undefined> {
    const row = (await this.db.query<KeyRow>(`SELECT ${COLUMNS} FROM api_keys WHERE id = $1`, [id])).rows[0];
    return row ? fromRow(row) : undefined;
  }

  async list(): Promise<ApiKey[]> {
    const result = await this.db.query<KeyRow>(`SELECT ${COLUMNS} FROM api_keys ORDER BY created_at, id`);
    return result.rows.map(fromRow);
  }

  /** Returns false when no such key exists; revoking twice keeps the first revocation time. */
  async revoke(id: string): Promise<boolean> {
    const result = await this.db.query<{ id: string }>(
      'UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 RETURNING id',
      [id],
    );
    return result.rows.length > 0;
  }

  /** Checks a presented token: format, id, secret (constant time), revocation, expiry. */
  async authenticate(token: string, now: Date = new Date()): Promise<Authentication> {
    const match = TOKEN.exec(token);
    if (!match) return { ok: false, reason: 'malformed' };
    const [, keyId = '', secret = ''] = match;
    const row = (await this.db.query<KeyRow>(`SELECT ${COLUMNS} FROM api_keys WHERE id = $1`, [keyId]))
      .rows[0];
    const presented = hashSecret(secret);
    const stored = row ? Buffer.from(row.secret_hash) : DUMMY_HASH;
    const secretMatches = stored.length === presented.length && timingSafeEqual(stored, presented);
    if (!row) return { ok: false, reason: 'unknown', keyId };
    if (!secretMatches) return { ok: false, reason: 'bad_secret', keyId };
    const key = fromRow(row);
    if (key.revokedAt) return { ok: false, reason: 'revoked', keyId };
    if (key.expiresAt && key.expiresAt.getTime() <= now.getTime())
      return { ok: false, reason: 'expired', keyId };
    return { ok: true, key };
  }
}

/** `30d`, `12h`, `90m` → milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+)\s*(m|h|d|w)$/.exec(text.trim());
  const units: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
  const amount = match ? Number(match[1]) : NaN;
  const unit = match ? units[match[2] ?? ''] : undefined;
  if (!unit || !Number.isSafeInteger(amount) || amount <= 0) {
    throw new UsageError('a duration looks like 30d, 12h, 90m or 2w', { code: 'BAD_DURATION' });
  }
  return amount * unit;
}
