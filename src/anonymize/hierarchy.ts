import { UsageError } from '../core/errors.js';

/**
 * A generalization hierarchy: for every original value, the chain of its generalizations,
 * `[value, level1, ..., top]`. All chains have the same length, `height`. Pure and self-contained
 * so value operators (e.g. a `generalize` transform) can reuse it.
 */
export interface Hierarchy {
  /** Number of levels including level 0 (the original value). */
  readonly height: number;
  /** The chain for `value`, or undefined when the hierarchy does not cover it. */
  chain(value: string): readonly string[] | undefined;
}

/** Generalizes one value to `level`; undefined when the value is not covered. */
export function generalize(hierarchy: Hierarchy, value: string, level: number): string | undefined {
  return hierarchy.chain(value)?.[level];
}

/** A hierarchy given as explicit rows, one per original value (ARX's CSV format). */
export function tableHierarchy(rows: readonly (readonly string[])[], source = 'hierarchy'): Hierarchy {
  const first = rows[0];
  if (!first)
    throw new UsageError('hierarchy has no rows', {
      where: source,
      hint: 'one row per value: value;level1;...',
    });
  const height = first.length;
  const chains = new Map<string, readonly string[]>();
  const parentAt: Map<string, string>[] = Array.from({ length: height }, () => new Map());
  rows.forEach((row, i) => {
    const where = `${source}:${i + 1}`;
    if (row.length !== height) {
      throw new UsageError(
        `inconsistent hierarchy levels: row has ${row.length} levels, the first row has ${height}`,
        {
          where,
          hint: 'every row must list the value and the same number of generalization levels',
        },
      );
    }
    if (chains.has(row[0]!))
      throw new UsageError('duplicate value in hierarchy', { where, hint: 'list each value once' });
    checkFunctional(row, parentAt, where);
    chains.set(row[0]!, row);
  });
  return { height, chain: (value) => chains.get(value) };
}

/** A generalization must be a tree: the same label at level i always has the same parent at level i+1. */
function checkFunctional(row: readonly string[], parentAt: Map<string, string>[], where: string): void {
  for (let level = 1; level < row.length - 1; level++) {
    const label = row[level]!;
    const parent = row[level + 1]!;
    const known = parentAt[level]!.get(label);
    if (known === undefined) parentAt[level]!.set(label, parent);
    else if (known !== parent) {
      throw new UsageError(
        `inconsistent hierarchy levels: a level-${level} label has two different parents`,
        {
          where,
          hint: `column ${level + 1} must always generalize to the same column ${level + 2} label`,
        },
      );
    }
  }
}

/** Parses ARX's hierarchy CSV: `value;level1;level2;...` (also accepts `,` when no `;` appears). */
export function parseHierarchyCsv(text: string, source = 'hierarchy.csv'): Hierarchy {
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0);
  const separator = lines.some((line) => line.includes(';')) ? ';' : ',';
  return tableHierarchy(
    lines.map((line) => line.split(separator).map((cell) => cell.trim())),
    source,
  );
}

/**
 * Numbers generalized to intervals of growing width, then `*`. Each width must divide the next,
 * so intervals nest (the hierarchy stays a tree). Non-numeric values are not covered.
 */
export function intervalHierarchy(widths: readonly number[], origin = 0): Hierarchy {
  widths.forEach((width, i) => {
    const previous = widths[i - 1];
    if (!(width > 0) || (previous !== undefined && width % previous !== 0)) {
      throw new UsageError('interval widths must be positive and each a multiple of the previous', {
        where: `widths[${i}]`,
        hint: 'e.g. widths: [5, 10, 20]',
      });
    }
  });
  return {
    height: widths.length + 2,
    chain(value) {
      const x = value.trim() === '' ? NaN : Number(value);
      if (!Number.isFinite(x)) return undefined;
      const intervals = widths.map((w) => {
        const low = origin + Math.floor((x - origin) / w) * w;
        return `[${low}, ${low + w})`;
      });
      return [value, ...intervals, '*'];
    },
  };
}

export type DateLevel = 'month' | 'year' | 'decade';

/** ISO dates (`YYYY-MM-DD`, time part ignored) generalized to month, year and/or decade, then `*`. */
export function dateHierarchy(levels: readonly DateLevel[] = ['month', 'year']): Hierarchy {
  const order: DateLevel[] = ['month', 'year', 'decade'];
  levels.forEach((level, i) => {
    if (i > 0 && order.indexOf(level) <= order.indexOf(levels[i - 1]!)) {
      throw new UsageError('date levels must go from fine to coarse', {
        where: `levels[${i}]`,
        hint: 'month, year, decade',
      });
    }
  });
  return {
    height: levels.length + 2,
    chain(value) {
      const m = /^(\d{4})-(\d{2})(-\d{2})?/.exec(value.trim());
      if (!m) return undefined;
      const [, year, month] = m as unknown as [string, string, string];
      const label = (level: DateLevel): string =>
        level === 'month' ? `${year}-${month}` : level === 'year' ? year : `${year.slice(0, 3)}0s`;
      return [value, ...levels.map(label), '*'];
    },
  };
}

/**
 * Strings of a fixed length masked from the right one character per level (ZIP codes:
 * `81667` -> `8166*` -> ... -> `*****`). Values of another length are not covered.
 */
export function maskHierarchy(length: number, maskChar = '*'): Hierarchy {
  if (!Number.isInteger(length) || length < 1) {
    throw new UsageError('mask length must be a positive integer', {
      where: 'length',
      hint: 'e.g. length: 5 for ZIP codes',
    });
  }
  return {
    height: length + 1,
    chain(value) {
      if (value.length !== length) return undefined;
      const out = [value];
      for (let masked = 1; masked <= length; masked++)
        out.push(value.slice(0, length - masked) + maskChar.repeat(masked));
      return out;
    },
  };
}
