import { DuckDBStructType, DuckDBTypeId, type DuckDBType } from '@duckdb/node-api';
import { sqlIdent } from './duckdb.js';

/** A dataset column: nested JSON fields appear as dotted paths such as `user.address.city`. */
export interface Column {
  name: string;
  /** DuckDB's type name, e.g. BIGINT, VARCHAR, TIMESTAMP, DOUBLE[]. */
  type: string;
}

interface FlatColumn extends Column {
  /** The SQL expression selecting this leaf from the raw relation. */
  expr: string;
}

/** Flattens struct columns into one column per leaf, addressed by dotted path. */
export function flattenColumns(names: string[], types: DuckDBType[]): FlatColumn[] {
  const out: FlatColumn[] = [];
  names.forEach((name, i) => visit(name, sqlIdent(name), types[i]!, out));
  return out;
}

function visit(path: string, expr: string, type: DuckDBType, out: FlatColumn[]): void {
  if (type.typeId === DuckDBTypeId.STRUCT && type instanceof DuckDBStructType && type.entryCount > 0) {
    type.entryNames.forEach((entry, i) =>
      visit(`${path}.${entry}`, `${expr}.${sqlIdent(entry)}`, type.entryTypes[i]!, out),
    );
    return;
  }
  out.push({ name: path, type: type.toString(), expr });
}

interface Node {
  children: Map<string, Node>;
  column?: string;
}

/**
 * The inverse of flattening: a SELECT list that regroups dotted column names into nested structs,
 * so JSONL output keeps the shape of JSONL input.
 */
export function nestedSelectList(columnNames: string[]): string {
  const root: Node = { children: new Map() };
  for (const name of columnNames) {
    let node = root;
    for (const part of name.split('.')) {
      let child = node.children.get(part);
      if (!child) node.children.set(part, (child = { children: new Map() }));
      node = child;
    }
    node.column = name;
  }
  return [...root.children].map(([key, node]) => `${render(node)} AS ${sqlIdent(key)}`).join(', ');
}

function render(node: Node): string {
  if (node.children.size === 0) return sqlIdent(node.column!);
  const entries = [...node.children].map(([key, child]) => `${sqlIdent(key)} := ${render(child)}`);
  return `struct_pack(${entries.join(', ')})`;
}
