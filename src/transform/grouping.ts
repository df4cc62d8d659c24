import type { ConfigOf } from './config.js';
import { asText, valueOperator, type Operator } from './operator.js';

/** Bucketing (fixed-size or custom ranges) and generalization by a hierarchy. */
export function bucket(c: ConfigOf<'bucket'>): Operator {
  return valueOperator('bucket', (v) => {
    const x = typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : Number(asText(v));
    if (!Number.isFinite(x)) return c.other;
    if (c.size !== undefined) {
      const lower = c.origin + Math.floor((x - c.origin) / c.size) * c.size;
      return `${fmt(lower)}-${fmt(lower + c.size)}`;
    }
    const hit = c.ranges!.find((r) => x >= r.min && x < r.max);
    return hit ? (hit.label ?? `${fmt(hit.min)}-${fmt(hit.max)}`) : c.other;
  });
}

/** How bucket bounds print (12 significant digits); protect-sql.ts builds the same labels in SQL. */
export function fmt(n: number): string {
  return String(Number(n.toPrecision(12)));
}

export function generalize(c: ConfigOf<'generalize'>): Operator {
  const parents = new Map(Object.entries(c.hierarchy));
  return valueOperator('generalize', (v) => {
    let current = asText(v);
    for (let i = 0; i < c.level; i++) {
      const parent = parents.get(current);
      if (parent === undefined) return c.other;
      current = parent;
    }
    return current;
  });
}
