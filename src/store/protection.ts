import { VeilError } from '../core/errors.js';
import { MemoryAuditSink, type RevealEvent } from '../crypto/audit.js';
import { Keyring, type UnlockedKey } from '../crypto/keyring.js';
import type { Kms } from '../crypto/kms.js';
import type { NameModel } from '../detect/index.js';
import { compilePlan, readField, type AppliedBatch, type CompiledPlan } from '../engine/record-plan.js';
import { explain, type Explanation } from '../policy/explain.js';
import type { Policy } from '../policy/index.js';
import { reveal } from '../transform/index.js';
import type { Database } from './database.js';
import { DbKeyStore, DbSubjectKeyStore, DbTokenVault } from './keys.js';
import { compileStored, PolicyStore } from './policies.js';

/**
 * What the service needs to protect and reveal records: the active policies, compiled plans and
 * unwrapped keys, cached so a request costs no policy parsing and no key unwrapping. Versions are
 * immutable, so compiled policies are cached for good; which version is active, and key material,
 * are re-read after `cacheMs` (changes made through this process apply at once).
 */
export interface ProtectionOptions {
  db: Database;
  /** Wraps key material; without it keyed operators answer KMS_UNAVAILABLE. */
  kms?: Kms;
  nameModel?: NameModel;
  cacheMs?: number;
}

export interface PolicyRef {
  name: string;
  version: number;
}

export interface ProtectRequest {
  dataset: string;
  purpose: string;
  policy?: string;
  policyVersion?: number;
}

export interface RevealOutcome extends PolicyRef {
  records: Record<string, unknown>[];
  events: RevealEvent[];
  fields: string[];
}

const REVERSIBLE = new Set(['encrypt', 'encrypt_deterministic', 'fpe_ff1', 'fpe_ff3_1', 'tokenize']);
const MAX_CACHED = 1000;

/** A keyring whose unlocked keys are reused for `ttlMs`, so requests do not unwrap key material. */
export class CachingKeyring extends Keyring {
  private readonly unlocked = new Map<string, { until: number; key: Promise<UnlockedKey> }>();

  constructor(
    db: Database,
    kms: Kms,
    private readonly ttlMs: number,
  ) {
    super(new DbKeyStore(db), kms);
  }

  override unlock(id: string): Promise<UnlockedKey> {
    const now = Date.now();
    const hit = this.unlocked.get(id);
    if (hit && hit.until > now) return hit.key;
    const key = super.unlock(id);
    this.unlocked.set(id, { until: now + this.ttlMs, key });
    key.catch(() => this.unlocked.delete(id)); // failures (unknown key) are not cached
    return key;
  }

  forget(): void {
    this.unlocked.clear();
  }
}

/** Stands in for a KMS when VEIL_MASTER_KEY is not configured: keyed routes answer 503. */
class NoKms implements Kms {
  readonly name = 'none';
  wrap(): Promise<Buffer> {
    return Promise.reject(kmsUnavailable());
  }
  unwrap(): Promise<Buffer> {
    return Promise.reject(kmsUnavailable());
  }
}

function kmsUnavailable(): VeilError {
  return new VeilError('usage', 'no key-encryption key is configured on this server', {
    code: 'KMS_UNAVAILABLE',
    hint: 'start veil serve with VEIL_MASTER_KEY set (base64 of 32 bytes)',
  });
}

export class ProtectionService {
  readonly keyring: CachingKeyring;
  readonly policies: PolicyStore;
  private readonly compiled = new Map<string, Policy>();
  private readonly plans = new Map<
    string,
    { until: number; plan: Promise<CompiledPlan>; refreshing: boolean }
  >();
  private active: { until: number; refs: Promise<PolicyRef[]> } | undefined;
  private readonly cacheMs: number;

  constructor(private readonly options: ProtectionOptions) {
    this.cacheMs = options.cacheMs ?? 5000;
    this.keyring = new CachingKeyring(options.db, options.kms ?? new NoKms(), this.cacheMs);
    this.policies = new PolicyStore(options.db);
  }

  /** After an activation or a key change through this process. */
  invalidate(): void {
    this.active = undefined;
    this.plans.clear();
    this.keyring.forget();
  }

  /** The policy version that governs a request: the one named, or the only active one declaring the dataset. */
  async policyFor(req: ProtectRequest): Promise<PolicyRef & { policy: Policy }> {
    if (req.policy !== undefined && req.policyVersion !== undefined) {
      return {
        name: req.policy,
        version: req.policyVersion,
        policy: await this.compiledPolicy(req.policy, req.policyVersion),
      };
    }
    const refs = await this.activeRefs();
    if (req.policy !== undefined) {
      const ref = refs.find((r) => r.name === req.policy);
      if (!ref)
        throw new VeilError('usage', `policy "${req.policy}" has no active version`, {
          code: 'NOT_FOUND',
          where: 'policy',
        });
      return { ...ref, policy: await this.compiledPolicy(ref.name, ref.version) };
    }
    const candidates: (PolicyRef & { policy: Policy })[] = [];
    for (const ref of refs) {
      const policy = await this.compiledPolicy(ref.name, ref.version);
      if (policy.datasets.has(req.dataset)) candidates.push({ ...ref, policy });
    }
    if (candidates.length === 1) return candidates[0]!;
    if (candidates.length === 0) {
      throw new VeilError('usage', `unknown dataset "${req.dataset}": no active policy declares it`, {
        code: 'UNKNOWN_DATASET',
        where: 'dataset',
        hint: refs.length
          ? `active policies: ${refs.map((r) => r.name).join(', ')}`
          : 'no policy is active yet',
      });
    }
    throw new VeilError('usage', `dataset "${req.dataset}" is declared by several active policies`, {
      code: 'POLICY_AMBIGUOUS',
      where: 'policy',
      hint: `name one in "policy": ${candidates.map((c) => c.name).join(', ')}`,
    });
  }

  async explain(req: ProtectRequest): Promise<PolicyRef & { explanation: Explanation }> {
    const { name, version, policy } = await this.policyFor(req);
    return { name, version, explanation: explainOrThrow(policy, req) };
  }

  async protect(
    req: ProtectRequest,
    records: readonly Record<string, unknown>[],
  ): Promise<PolicyRef & AppliedBatch> {
    const { name, version, policy } = await this.policyFor(req);
    const compiled = await this.plan(name, version, policy, req);
    return { name, version, ...(await compiled.apply(records)) };
  }

  /**
   * Reveals the reversible fields of records protected under a policy: every field whose step is
   * encrypt, encrypt_deterministic, fpe or tokenize (or those named in `fields`). Values of erased
   * subjects come back null. Events (who, key, versions, counts; never values) are returned even
   * when a field fails, attached to the error, for the audit.
   */
  async reveal(
    req: ProtectRequest & { fields?: string[]; actor: string },
    records: readonly Record<string, unknown>[],
  ): Promise<RevealOutcome> {
    const { name, version, policy } = await this.policyFor(req);
    const { plan } = explainOrThrow(policy, req);
    const fields = revealableFields(plan.fields, req.fields);
    const sink = new MemoryAuditSink();
    const out = records.map(() => ({}) as Record<string, unknown>);
    const deps = await this.deps();
    try {
      for (const field of fields) {
        const step = plan.fields[field] as Record<string, unknown>;
        const values = records.map((r) => readField(r, field) ?? null);
        const context = [step.subject_field, step.tweak_field].filter(
          (f): f is string => typeof f === 'string',
        );
        const rows = context.length
          ? records.map((r) => Object.fromEntries(context.map((f) => [f, readField(r, f)])))
          : undefined;
        const result = await reveal(
          step,
          values,
          deps,
          { actor: req.actor, audit: sink, purpose: req.purpose, onErased: 'null' },
          rows,
        ).catch((err: unknown) => {
          throw located(err, field);
        });
        result.values.forEach((v, i) => {
          if (readField(records[i]!, field) !== undefined) out[i]![field] = v;
        });
      }
    } catch (err) {
      throw Object.assign(err as object, { revealEvents: sink.events, revealFields: fields });
    }
    return { name, version, records: out, events: sink.events, fields };
  }

  /**
   * The compiled plan of a request. One compilation per plan at a time (concurrent requests share
   * it), and an expired plan keeps serving while its replacement compiles, so a cache refresh
   * never stalls the requests in flight. Plans with per-instance store state are never shared.
   */
  private async plan(
    name: string,
    version: number,
    policy: Policy,
    req: ProtectRequest,
  ): Promise<CompiledPlan> {
    const id = `${name}\u0000${version}\u0000${req.dataset}\u0000${req.purpose}`;
    const compile = (): Promise<CompiledPlan> => this.compile(name, version, policy, req);
    const now = Date.now();
    const hit = this.plans.get(id);
    if (hit && (hit.until > now || hit.refreshing)) return this.unshared(await hit.plan, compile);
    const fresh = compile();
    const entry = { until: now + this.cacheMs, plan: fresh, refreshing: false };
    if (hit) {
      hit.refreshing = true;
      fresh.then(
        () => this.plans.get(id) === hit && this.plans.set(id, entry),
        () => this.plans.get(id) === hit && this.plans.delete(id),
      );
      return this.unshared(await hit.plan, compile);
    }
    if (this.plans.size >= MAX_CACHED) this.plans.clear();
    this.plans.set(id, entry);
    fresh.catch(() => this.plans.get(id) === entry && this.plans.delete(id));
    return fresh;
  }

  private async unshared(plan: CompiledPlan, compile: () => Promise<CompiledPlan>): Promise<CompiledPlan> {
    return plan.stateful ? compile() : plan;
  }

  private async compile(
    name: string,
    version: number,
    policy: Policy,
    req: ProtectRequest,
  ): Promise<CompiledPlan> {
    const { plan } = explainOrThrow(policy, req);
    return compilePlan(plan, {
      ...(await this.deps()),
      ...(this.options.nameModel ? { nameModel: this.options.nameModel } : {}),
    }).catch((err: unknown) => {
      throw missingKey(err, name, version);
    });
  }

  private async deps(): Promise<{ keyring: Keyring; vault: DbTokenVault; subjectKeys: DbSubjectKeyStore }> {
    return {
      keyring: this.keyring,
      vault: new DbTokenVault(this.options.db),
      subjectKeys: new DbSubjectKeyStore(this.options.db),
    };
  }

  private activeRefs(): Promise<PolicyRef[]> {
    const now = Date.now();
    if (this.active && this.active.until > now) return this.active.refs;
    const refs = this.policies.activeSources().then((rows) => {
      for (const r of rows) this.remember(r.name, r.version, r.yaml);
      return rows.map((r) => ({ name: r.name, version: r.version }));
    });
    this.active = { until: now + this.cacheMs, refs };
    refs.catch(() => (this.active = undefined));
    return refs;
  }

  private async compiledPolicy(name: string, version: number): Promise<Policy> {
    const hit = this.compiled.get(`${name}@${version}`);
    if (hit) return hit;
    const stored = await this.policies.get(name, version);
    return this.remember(name, version, stored.yaml);
  }

  private remember(name: string, version: number, yaml: string): Policy {
    const id = `${name}@${version}`;
    const hit = this.compiled.get(id);
    if (hit) return hit;
    if (this.compiled.size >= MAX_CACHED) this.compiled.clear();
    const policy = compileStored(name, version, yaml);
    this.compiled.set(id, policy);
    return policy;
  }
}

function explainOrThrow(policy: Policy, req: ProtectRequest): Explanation {
  try {
    return explain(policy, req.purpose, req.dataset);
  } catch (err) {
    if (!(err instanceof VeilError)) throw err;
    const code = err.message.startsWith('unknown purpose') ? 'UNKNOWN_PURPOSE' : 'UNKNOWN_DATASET';
    throw new VeilError(err.kind, err.message, {
      code,
      where: code === 'UNKNOWN_PURPOSE' ? 'purpose' : 'dataset',
      ...(err.hint ? { hint: err.hint } : {}),
    });
  }
}

function revealableFields(steps: Record<string, unknown>, wanted: string[] | undefined): string[] {
  const reversible = Object.entries(steps)
    .filter(([, s]) => typeof s === 'object' && s !== null && REVERSIBLE.has((s as { op: string }).op))
    .map(([f]) => f);
  if (!wanted) return reversible;
  for (const f of wanted) {
    if (!reversible.includes(f)) {
      throw new VeilError('usage', `field "${f}" is not reversibly protected for this purpose`, {
        code: 'NOT_REVERSIBLE',
        where: 'fields',
        hint: reversible.length
          ? `reversible fields: ${reversible.join(', ')}`
          : 'no field of this plan is reversible',
      });
    }
  }
  return wanted;
}

function located(err: unknown, field: string): unknown {
  if (!(err instanceof VeilError) || err.kind === 'internal') return err;
  return new VeilError(err.kind, err.message, {
    where: err.where ? `field ${field}, ${err.where}` : `field ${field}`,
    ...(err.hint ? { hint: err.hint } : {}),
    ...(err.code ? { code: err.code } : {}),
  });
}

function missingKey(err: unknown, name: string, version: number): unknown {
  if (!(err instanceof VeilError) || err.code !== 'KEY_NOT_FOUND') return err;
  return new VeilError(
    'input',
    `policy ${name} version ${version} uses a key that does not exist: ${err.message}`,
    {
      code: 'KEY_NOT_FOUND',
      hint: 'an admin creates it with POST /v1/keys {"id": "<name>"}',
    },
  );
}
