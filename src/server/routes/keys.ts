import type { FastifyInstance } from 'fastify';
import { Keyring, KEY_ID_PATTERN, type StoredKey } from '../../crypto/keyring.js';
import { SubjectKeys } from '../../crypto/subject-keys.js';
import { appendAudit } from '../../store/audit.js';
import type { Queryable } from '../../store/database.js';
import { DbKeyStore, DbSubjectKeyStore } from '../../store/keys.js';
import { bearer, serviceErrors } from '../schemas.js';

const keyId = { type: 'string', pattern: KEY_ID_PATTERN.source } as const;
const idParams = { type: 'object', properties: { id: keyId }, required: ['id'] } as const;

/** Metadata only: the wire form has no field that could carry key material. */
const keySchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    primary: { type: 'integer' },
    created_at: { type: 'string' },
    versions: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          version: { type: 'integer' },
          state: { type: 'string' },
          created_at: { type: 'string' },
        },
      },
    },
  },
} as const;

function toWire(k: StoredKey): Record<string, unknown> {
  return {
    id: k.id,
    primary: k.primary,
    created_at: k.createdAt,
    versions: k.versions.map((v) => ({ version: v.version, state: v.state, created_at: v.createdAt })),
  };
}

/** Keys (scope admin): list, create, rotate, shred a subject. No route ever returns key material. */
export async function keyRoutes(app: FastifyInstance): Promise<void> {
  const service = app.veil.protection;
  const keyringOn = (tx: Queryable): Keyring => new Keyring(new DbKeyStore(tx), service.keyring.kms);

  /** Runs a key change and its audit entry in one transaction, then drops cached keys and plans. */
  const change = async (
    actor: string,
    action: string,
    id: string,
    work: (
      keyring: Keyring,
      tx: Queryable,
    ) => Promise<{ key: StoredKey; details?: Record<string, number | string> }>,
  ): Promise<StoredKey> => {
    const { key } = await app.veil.db.transaction(async (tx) => {
      const done = await work(keyringOn(tx), tx);
      await appendAudit(tx, {
        actor,
        action,
        targetType: 'key',
        targetId: id,
        details: { primary: done.key.primary, ...done.details },
      });
      return done;
    });
    service.invalidate();
    return key;
  };

  app.get(
    '/v1/keys',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['keys'],
        summary: 'Keys and their versions (metadata only, never material)',
        security: bearer,
        response: {
          200: { type: 'object', properties: { keys: { type: 'array', items: keySchema } } },
          ...serviceErrors,
        },
      },
    },
    async () => ({ keys: (await service.keyring.list()).map(toWire) }),
  );

  app.post<{ Body: { id: string } }>(
    '/v1/keys',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['keys'],
        summary: 'Create a named key (version 1), wrapped by the server KMS',
        security: bearer,
        body: { type: 'object', properties: { id: keyId }, required: ['id'], additionalProperties: false },
        response: { 201: { type: 'object', properties: { key: keySchema } }, ...serviceErrors },
      },
    },
    async (request, reply) => {
      const { id } = request.body;
      const key = await change(request.apiKey?.id ?? 'anonymous', 'key.create', id, async (keyring) => ({
        key: await keyring.create(id),
      }));
      return reply.code(201).send({ key: toWire(key) });
    },
  );

  app.post<{ Params: { id: string } }>(
    '/v1/keys/:id/rotate',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['keys'],
        summary: 'Add a version and make it primary; older versions keep decrypting',
        security: bearer,
        params: idParams,
        response: { 200: { type: 'object', properties: { key: keySchema } }, ...serviceErrors },
      },
    },
    async (request) => {
      const { id } = request.params;
      const key = await change(request.apiKey?.id ?? 'anonymous', 'key.rotate', id, async (keyring) => ({
        key: await keyring.rotate(id),
      }));
      return { key: toWire(key) };
    },
  );

  app.post<{ Params: { id: string }; Body: { subject: string } }>(
    '/v1/keys/:id/shred',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['keys'],
        summary: 'Crypto-shred one data subject: values encrypted under its subject key become unrecoverable',
        security: bearer,
        params: idParams,
        body: {
          type: 'object',
          properties: { subject: { type: 'string', minLength: 1, maxLength: 1000 } },
          required: ['subject'],
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              key: { type: 'string' },
              subject_ref: {
                type: 'string',
                description: 'HMAC reference of the subject (the id is not stored)',
              },
              destroyed: {
                type: 'integer',
                description: 'Subject keys destroyed (one per key version used)',
              },
            },
          },
          ...serviceErrors,
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      // Unlock before the transaction: the embedded store runs one connection, the transaction holds it.
      // Uncached: a version rotated in by another process must be shredded too.
      const unlocked = await keyringOn(app.veil.db).unlock(id);
      const subjects = (tx: Queryable): SubjectKeys => new SubjectKeys(unlocked, new DbSubjectKeyStore(tx));
      const ref = subjects(app.veil.db).ref(request.body.subject, unlocked.primary);
      let destroyed = 0;
      await change(request.apiKey?.id ?? 'anonymous', 'key.shred', id, async (keyring, tx) => {
        destroyed = await subjects(tx).shred(request.body.subject);
        return {
          key: (await keyring.list()).find((k) => k.id === id)!,
          details: { subject_ref: ref, destroyed },
        };
      });
      return { key: id, subject_ref: ref, destroyed };
    },
  );
}
