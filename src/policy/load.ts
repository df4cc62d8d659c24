import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { InputError } from '../core/errors.js';
import { compilePolicy } from './compile.js';
import { ruleLabel, type Policy } from './model.js';
import { findRuleConflicts } from './resolve.js';
import { policySchema } from './schema.js';
import { formatProblem, YamlSource, type Problem } from './yaml-source.js';

export interface PolicyValidation {
  /** Present only when there are no problems. */
  policy?: Policy;
  problems: Problem[];
}

/** Validates a policy text in three passes (YAML syntax, structure, references), all problems at once. */
export function validatePolicyText(text: string, path: string): PolicyValidation {
  const src = new YamlSource(path, text);
  const syntax = src.syntaxProblems();
  if (syntax.length) return { problems: syntax };
  const parsed = policySchema.safeParse(src.toJS());
  if (!parsed.success) return { problems: zodProblems(parsed.error.issues, src) };
  const sha256 = createHash('sha256').update(text).digest('hex');
  const { policy, problems } = compilePolicy(parsed.data, src, sha256);
  for (const c of findRuleConflicts(policy.rules)) {
    problems.push(
      src.problem(
        ['rules', c.rule.index],
        `${ruleLabel(c.rule)} ${c.message}`,
        'add a rule for exactly that purpose and category, or remove one',
      ),
    );
  }
  problems.sort((a, b) => a.line - b.line);
  return problems.length ? { problems } : { policy, problems };
}

export function zodProblems(issues: readonly z.core.$ZodIssue[], src: YamlSource): Problem[] {
  return issues.map((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((k) => `"${k}"`).join(', ');
      return src.problem([...path, issue.keys[0] ?? ''], `unknown key ${keys}`);
    }
    return src.problem(path, issue.message);
  });
}

/** Parses and validates a policy, throwing one InputError that lists every problem. */
export function parsePolicy(text: string, path: string): Policy {
  const { policy, problems } = validatePolicyText(text, path);
  if (policy) return policy;
  throw invalidFile('policy', problems);
}

export async function loadPolicy(path: string): Promise<Policy> {
  return parsePolicy(await readText(path, 'policy'), path);
}

export async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    throw new InputError(`cannot read the ${what} file`, { where: path, hint: 'check the path' });
  }
}

export function invalidFile(what: string, problems: Problem[]): InputError {
  const lines = problems.map((p) => `\n  ${formatProblem(p)}`).join('');
  const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  // Each line already says where and carries its own hint.
  return new InputError(`invalid ${what} file (${count}):${lines}`, {
    code: `${what.toUpperCase()}_INVALID`,
  });
}
