import { createHash } from 'node:crypto';
import type { ApiKey } from '../store/apikeys.js';

const MAX_ENTRIES = 10_000;

/**
 * Remembers successful authentications for a few seconds, so a busy client costs one store
 * lookup per TTL instead of one per request. Entries are keyed by a SHA-256 of the token (the
 * token itself is never kept). Revocation through this server evicts at once; revocation by
 * another process takes effect within the TTL. Failures are never cached.
 */
export class AuthCache {
  private readonly entries = new Map<string, { key: ApiKey; untilMs: number }>();

  constructor(private readonly ttlMs: number) {}

  get(token: string, nowMs = Date.now()): ApiKey | undefined {
    if (this.ttlMs <= 0) return undefined;
    const id = digest(token);
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    const expired = entry.key.expiresAt !== null && entry.key.expiresAt.getTime() <= nowMs;
    if (entry.untilMs <= nowMs || expired) {
      this.entries.delete(id);
      return undefined;
    }
    return entry.key;
  }

  set(token: string, key: ApiKey, nowMs = Date.now()): void {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear(); // simple bound; refills from the store
    this.entries.set(digest(token), { key, untilMs: nowMs + this.ttlMs });
  }

  /** Forgets every cached authentication of one key (after revoking it). */
  invalidate(keyId: string): void {
    for (const [id, entry] of this.entries) if (entry.key.id === keyId) this.entries.delete(id);
  }
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('base64');
}
