import { Command, Option } from 'commander';
import { userInfo } from 'node:os';
import { UsageError } from '../../core/errors.js';
import { ApiKeys, SCOPES, isScope, parseDuration, type ApiKey, type Scope } from '../../store/apikeys.js';
import { appendAudit } from '../../store/audit.js';
import { withStore } from '../../store/open.js';
import { emit, notice } from '../io.js';

/** Who ran a CLI command, for the audit log. */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

function parseRoles(values: string[]): Scope[] {
  const roles = values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  for (const role of roles) {
    if (!isScope(role))
      throw new UsageError(`unknown role '${role}'`, {
        where: '--role',
        hint: `roles: ${SCOPES.join(', ')}`,
      });
  }
  return roles as Scope[];
}

function keyJson(key: ApiKey): Record<string, unknown> {
  return {
    id: key.id,
    name: key.name,
    roles: key.roles,
    created_at: key.createdAt.toISOString(),
    created_by: key.createdBy,
    expires_at: key.expiresAt?.toISOString() ?? null,
    revoked_at: key.revokedAt?.toISOString() ?? null,
  };
}

const dbOption = (): Option =>
  new Option('--db <dir>', 'embedded store directory (default .veil/db; DATABASE_URL wins)');

export function register(program: Command): void {
  const apikey = program
    .command('apikey')
    .description('create, list and revoke API keys of the Veil service');

  apikey
    .command('create')
    .description('create an API key; its token is printed once and never stored')
    .requiredOption('--role <roles...>', `roles: ${SCOPES.join(', ')}`)
    .option('--name <name>', 'a label for the key')
    .option('--expires <duration>', 'lifetime such as 30d, 12h, 2w (default: no expiry)')
    .addOption(dbOption())
    .action(async (opts: { role: string[]; name?: string; expires?: string; db?: string }) => {
      const roles = parseRoles(opts.role);
      const expiresAt = opts.expires ? new Date(Date.now() + parseDuration(opts.expires)) : null;
      const actor = cliActor();
      const created = await withStore({ ...(opts.db ? { dataDir: opts.db } : {}) }, (db) =>
        db.transaction(async (tx) => {
          const made = await new ApiKeys(tx).create({
            roles,
            createdBy: actor,
            expiresAt,
            ...(opts.name ? { name: opts.name } : {}),
          });
          await appendAudit(tx, {
            actor,
            action: 'apikey.create',
            targetType: 'apikey',
            targetId: made.key.id,
            details: { roles: made.key.roles, expires_at: expiresAt?.toISOString() ?? null },
          });
          return made;
        }),
      );
      notice('Store this token now: it is shown once and cannot be recovered.');
      emit({ ...keyJson(created.key), token: created.token }, () => created.token);
    });

  apikey
    .command('list')
    .description('list API keys (never their secrets)')
    .addOption(dbOption())
    .action(async (opts: { db?: string }) => {
      const keys = await withStore({ ...(opts.db ? { dataDir: opts.db } : {}) }, (db) =>
        new ApiKeys(db).list(),
      );
      emit({ keys: keys.map(keyJson) }, () => renderKeys(keys));
    });

  apikey
    .command('revoke')
    .description('revoke an API key at once')
    .argument('<id>', 'the key id (the part after veil_)')
    .addOption(dbOption())
    .action(async (id: string, opts: { db?: string }) => {
      const actor = cliActor();
      const revoked = await withStore({ ...(opts.db ? { dataDir: opts.db } : {}) }, (db) =>
        db.transaction(async (tx) => {
          if (!(await new ApiKeys(tx).revoke(id))) return false;
          await appendAudit(tx, { actor, action: 'apikey.revoke', targetType: 'apikey', targetId: id });
          return true;
        }),
      );
      if (!revoked)
        throw new UsageError('no API key with this id', {
          where: `apikey ${id}`,
          hint: 'see veil apikey list',
        });
      emit({ id, revoked: true }, () => `revoked ${id}`);
    });
}

function renderKeys(keys: ApiKey[]): string {
  if (keys.length === 0) return 'no API keys; create one with: veil apikey create --role admin';
  const now = Date.now();
  return keys
    .map((k) => {
      const state = k.revokedAt
        ? 'revoked'
        : k.expiresAt && k.expiresAt.getTime() <= now
          ? 'expired'
          : 'active';
      const expiry = k.expiresAt ? ` expires ${k.expiresAt.toISOString()}` : '';
      return `${k.id}  ${state.padEnd(7)}  ${k.roles.join(',')}  ${k.name}${expiry}`;
    })
    .join('\n');
}
