import { basename, extname } from 'node:path';
import { draftDataset, draftPolicyYaml, type DatasetDraft } from '../policy/draft.js';
import { parsePolicy } from '../policy/load.js';
import { openDataset } from './dataset.js';
import { withEngine } from './duckdb.js';
import { scanDataset, type ScanOptions } from './scan-job.js';

export interface PolicyInitResult {
  draft: DatasetDraft;
  /** A complete policy file, validated by the policy loader before it is returned. */
  yaml: string;
  rows: number;
  examinedRows: number;
}

/** `dataset.csv.gz` -> `dataset`: the default dataset name in the draft. */
export function datasetNameOf(path: string): string {
  let name = basename(path);
  while (extname(name)) name = name.slice(0, -extname(name).length);
  return name.replace(/[^A-Za-z0-9_-]/g, '_') || 'dataset';
}

/**
 * Table discovery turned into a dataset declaration a human reviews: scan, map each column to a
 * data category, render YAML, and check the YAML with the same loader `veil protect` uses.
 */
export async function draftPolicyFromDataset(
  path: string,
  options: ScanOptions & { dataset?: string } = {},
): Promise<PolicyInitResult> {
  const { report, order } = await withEngine(async (engine) => {
    const dataset = await openDataset(engine, path, options);
    const names = dataset.columns.map((c) => c.name);
    await dataset.close();
    return { report: await scanDataset(path, { ...options, engine }), order: names };
  });
  const draft = draftDataset(options.dataset ?? datasetNameOf(path), report.columns, order);
  const yaml = draftPolicyYaml(draft, path);
  parsePolicy(yaml, `draft for ${path}`);
  return { draft, yaml, rows: report.rows, examinedRows: report.examinedRows };
}
