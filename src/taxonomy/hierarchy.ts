/**
 * A dotted-name hierarchy (`user.contact.email` is a child of `user.contact`), shared by data
 * categories, data subjects and purposes. `*` is the virtual root above every top-level name, so a
 * rule can cover a whole hierarchy while staying less specific than any named node.
 */
export const ROOT = '*';

/** Lower-case segments of letters, digits and underscores, joined by dots. */
export const DOTTED_NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;

export interface TaxonomyNode {
  name: string;
  description?: string;
}

export function isDottedName(name: string): boolean {
  return DOTTED_NAME.test(name);
}

/** The parent of a dotted name (`*` for a top-level name, undefined for the root). */
export function parentName(name: string): string | undefined {
  if (name === ROOT) return undefined;
  const dot = name.lastIndexOf('.');
  return dot < 0 ? ROOT : name.slice(0, dot);
}

/** Number of segments: 0 for the root, 1 for `user`, 3 for `user.contact.email`. */
export function depth(name: string): number {
  return name === ROOT ? 0 : name.split('.').length;
}

/** True when `ancestor` is `name` itself or lies above it. */
export function isAncestorOrSelf(ancestor: string, name: string): boolean {
  return ancestor === ROOT || ancestor === name || name.startsWith(`${ancestor}.`);
}

/** True when one of the two names lies on the other's path to the root. */
export function onSameBranch(a: string, b: string): boolean {
  return isAncestorOrSelf(a, b) || isAncestorOrSelf(b, a);
}

/** The deeper of two names on the same branch. */
export function deeper(a: string, b: string): string {
  return depth(a) >= depth(b) ? a : b;
}

/** A set of nodes whose every parent is also present (checked by `missingParents`). */
export class Hierarchy<N extends TaxonomyNode> {
  private readonly nodes = new Map<string, N>();

  constructor(nodes: Iterable<N> = []) {
    for (const node of nodes) this.nodes.set(node.name, node);
  }

  has(name: string): boolean {
    return name === ROOT || this.nodes.has(name);
  }

  get(name: string): N | undefined {
    return this.nodes.get(name);
  }

  names(): string[] {
    return [...this.nodes.keys()].sort();
  }

  /** A copy with `extra` added (an extension replaces a default node of the same name). */
  extend(extra: Iterable<N>): Hierarchy<N> {
    return new Hierarchy([...this.nodes.values(), ...extra]);
  }

  /** The names whose parent is not in the hierarchy. */
  missingParents(): string[] {
    return this.names().filter((name) => !this.has(parentName(name) ?? ROOT));
  }

  /** The node and its ancestors, nearest first (the root excluded). */
  lineage(name: string): N[] {
    const out: N[] = [];
    for (let n: string | undefined = name; n && n !== ROOT; n = parentName(n)) {
      const node = this.nodes.get(n);
      if (node) out.push(node);
    }
    return out;
  }

  /** The closest known names, for "did you mean" hints: same leaf, a prefix, or a small typo. */
  suggest(name: string, limit = 3): string[] {
    const last = name.split('.').pop() ?? name;
    return this.names()
      .filter((n) => n.endsWith(`.${last}`) || n === last || n.startsWith(name) || editDistance(n, name) <= 2)
      .slice(0, limit);
  }
}

/** Levenshtein distance, for typo hints on short names. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}
