import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { UsageError } from '../core/errors.js';
import { DEFAULT_DATA_DIR } from '../store/open.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const configSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.coerce.number().int().min(0).max(65535).default(8080),
    bodyLimit: z.coerce
      .number()
      .int()
      .positive()
      .default(1024 * 1024),
    rateLimit: z
      .union([
        z.literal(false),
        z
          .object({ perSecond: z.coerce.number().positive(), burst: z.coerce.number().int().positive() })
          .strict(),
      ])
      .default({ perSecond: 100, burst: 200 }),
    logLevel: z.enum(LOG_LEVELS).default('info'),
    authCacheMs: z.coerce.number().int().min(0).max(300_000).default(5000),
    databaseUrl: z.string().min(1).optional(),
    dataDir: z.string().min(1).default(DEFAULT_DATA_DIR),
  })
  .strict();

export type ServerConfig = z.infer<typeof configSchema>;
type Partial = Record<string, unknown>;

/** Reads settings from the environment; unset variables are left out. */
export function configFromEnv(env: NodeJS.ProcessEnv): Partial {
  const out: Partial = {};
  const set = (key: string, value: unknown): void => {
    if (value !== undefined && value !== '') out[key] = value;
  };
  set('host', env.VEIL_HOST);
  set('port', env.VEIL_PORT);
  set('bodyLimit', env.VEIL_BODY_LIMIT);
  set('logLevel', env.VEIL_LOG_LEVEL);
  set('authCacheMs', env.VEIL_AUTH_CACHE_MS);
  set('databaseUrl', env.DATABASE_URL);
  set('dataDir', env.VEIL_DB_DIR);
  if (env.VEIL_RATE_LIMIT === 'off') out.rateLimit = false;
  else if (env.VEIL_RATE_LIMIT) {
    out.rateLimit = {
      perSecond: env.VEIL_RATE_LIMIT,
      burst: env.VEIL_RATE_BURST ?? Number(env.VEIL_RATE_LIMIT) * 2,
    };
  }
  return out;
}

/** Reads a YAML or JSON config file with the same keys as `ServerConfig`. */
export function configFromFile(path: string): Partial {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError('cannot read the config file', { where: path, code: 'CONFIG_UNREADABLE' });
  }
  const parsed: unknown = parseYaml(text);
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UsageError('the config file must hold a mapping of settings', {
      where: path,
      code: 'CONFIG_INVALID',
    });
  }
  return parsed as Partial;
}

/** Defaults < config file < environment < flags. */
export function loadServerConfig(options: {
  file?: string;
  env?: NodeJS.ProcessEnv;
  flags?: Partial;
}): ServerConfig {
  const env = options.env ?? process.env;
  const file = options.file ?? env.VEIL_CONFIG;
  const merged = {
    ...(file ? configFromFile(file) : {}),
    ...configFromEnv(env),
    ...dropUndefined(options.flags ?? {}),
  };
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new UsageError(`invalid server setting: ${issue?.message ?? 'invalid'}`, {
      where: `${file ?? 'environment'}: ${issue?.path.join('.') || '(root)'}`,
      hint: 'see docs/service.md for the settings',
      code: 'CONFIG_INVALID',
    });
  }
  return result.data;
}

function dropUndefined(values: Partial): Partial {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
}
