import type { EncodedTable } from './encode.js';
import { tupleClassOf } from './groupify.js';
import { cellCosts, metricValue, METRICS, type MetricName } from './metrics.js';
import { checkClasses, type PrivacyModel } from './models.js';

/** The label written for every quasi-identifier of a suppressed record. */
export const SUPPRESSED = '*';

export interface Recoding {
  /** Generalized values per quasi-identifier, row order; suppressed records get `*`. */
  columns: string[][];
  /** suppressed[row] = 1 when the record is suppressed. */
  suppressed: Uint8Array;
  suppressedCount: number;
  classCount: number;
  metrics: Record<MetricName, number>;
}

/** Applies the full-domain generalization `levels` to every row and measures it. */
export function recode(
  table: EncodedTable,
  levels: readonly number[],
  models: readonly PrivacyModel[],
): Recoding {
  const node = Int32Array.from(levels);
  const { classes, ofTuple } = tupleClassOf(table, node);
  const { failing, suppressed: suppressedCount } = checkClasses(table, classes, models);
  const suppressed = new Uint8Array(table.rows);
  const columns = table.quasi.map(() => new Array<string>(table.rows));
  for (let row = 0; row < table.rows; row++) {
    const tuple = table.rowTuple[row]!;
    const cut = failing[ofTuple[tuple]!] === 1;
    suppressed[row] = cut ? 1 : 0;
    table.quasi.forEach((q, i) => {
      const level = node[i]!;
      columns[i]![row] = cut ? SUPPRESSED : q.labels[level]![q.up[level]![table.codes[i]![tuple]!]!]!;
    });
  }
  const metrics = Object.fromEntries(
    METRICS.map((m) => [m, metricValue(table, cellCosts(table, m), classes, failing)]),
  ) as Record<MetricName, number>;
  return { columns, suppressed, suppressedCount, classCount: classes.count - countOnes(failing), metrics };
}

function countOnes(flags: Uint8Array): number {
  let n = 0;
  for (const f of flags) n += f;
  return n;
}
