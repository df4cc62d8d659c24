import { randomUUID } from 'node:crypto';

/**
 * The record every `veil protect` run writes next to its output, and the OpenLineage RunEvent
 * (spec 2-0-2) that links the input dataset to the protected one. Pure: callers pass hashes, counts
 * and times; nothing here reads files.
 */
export interface DatasetDescriptor {
  /** OpenLineage dataset namespace, e.g. `file` or `s3://bucket`. */
  namespace: string;
  /** Path or table name within the namespace. */
  name: string;
  format: string;
  sha256: string;
  rows: number;
  bytes?: number;
  fields: { name: string; type: string; description?: string }[];
}

export interface KeyUse {
  /** The key's name in the policy and its version in the key store; never key material. */
  keyId: string;
  version: number;
}

export interface RunManifest {
  version: 1;
  runId: string;
  startedAt: string;
  finishedAt: string;
  purpose: string;
  policy: { file: string; sha256: string };
  input: DatasetDescriptor;
  output: DatasetDescriptor;
  keys: KeyUse[];
  /** Values written per operator and per field: counts[op][field]. */
  counts: Record<string, Record<string, number>>;
  quarantinedRows: number;
  quarantinePath?: string;
}

export const OPENLINEAGE_SCHEMA_URL = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';
export const VEIL_PRODUCER = 'https://github.com/veil-privacy/veil';
const FACETS = 'https://openlineage.io/spec/facets';
const VEIL_FACET_SCHEMA = `${VEIL_PRODUCER}/blob/main/docs/policy.md#protect-run-facet`;

export type RunEventType = 'START' | 'RUNNING' | 'COMPLETE' | 'ABORT' | 'FAIL' | 'OTHER';

export interface OpenLineageDataset {
  namespace: string;
  name: string;
  facets: Record<string, Record<string, unknown>>;
  inputFacets?: Record<string, Record<string, unknown>>;
  outputFacets?: Record<string, Record<string, unknown>>;
}

export interface OpenLineageRunEvent {
  eventType: RunEventType;
  eventTime: string;
  run: { runId: string; facets: Record<string, Record<string, unknown>> };
  job: { namespace: string; name: string; facets: Record<string, Record<string, unknown>> };
  inputs: OpenLineageDataset[];
  outputs: OpenLineageDataset[];
  producer: string;
  schemaURL: string;
}

export function newRunId(): string {
  return randomUUID();
}

function facet(schemaURL: string, body: Record<string, unknown>): Record<string, unknown> {
  return { _producer: VEIL_PRODUCER, _schemaURL: schemaURL, ...body };
}

function datasetFacets(d: DatasetDescriptor): Record<string, Record<string, unknown>> {
  return {
    schema: facet(`${FACETS}/1-1-1/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet`, {
      fields: d.fields.map((f) => (f.description ? { ...f } : { name: f.name, type: f.type })),
    }),
    version: facet(`${FACETS}/1-0-1/DatasetVersionDatasetFacet.json#/$defs/DatasetVersionDatasetFacet`, {
      datasetVersion: `sha256:${d.sha256}`,
    }),
  };
}

function statistics(d: DatasetDescriptor): Record<string, unknown> {
  return d.bytes === undefined ? { rowCount: d.rows } : { rowCount: d.rows, size: d.bytes };
}

/** The OpenLineage RunEvent for a protect run (COMPLETE unless told otherwise). */
export function buildRunEvent(
  manifest: RunManifest,
  options: { eventType?: RunEventType; jobNamespace?: string } = {},
): OpenLineageRunEvent {
  const { input, output } = manifest;
  return {
    eventType: options.eventType ?? 'COMPLETE',
    eventTime: manifest.finishedAt,
    run: {
      runId: manifest.runId,
      facets: {
        veil_protect: facet(VEIL_FACET_SCHEMA, {
          purpose: manifest.purpose,
          policySha256: manifest.policy.sha256,
          keys: manifest.keys,
          counts: manifest.counts,
          quarantinedRows: manifest.quarantinedRows,
        }),
      },
    },
    job: {
      namespace: options.jobNamespace ?? 'veil',
      name: `protect.${manifest.purpose}`,
      facets: {
        jobType: facet(`${FACETS}/2-0-3/JobTypeJobFacet.json#/$defs/JobTypeJobFacet`, {
          processingType: 'BATCH',
          integration: 'VEIL',
          jobType: 'PROTECT',
        }),
      },
    },
    inputs: [{ namespace: input.namespace, name: input.name, facets: datasetFacets(input) }],
    outputs: [
      {
        namespace: output.namespace,
        name: output.name,
        facets: datasetFacets(output),
        outputFacets: {
          outputStatistics: facet(
            `${FACETS}/1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet`,
            statistics(output),
          ),
        },
      },
    ],
    producer: VEIL_PRODUCER,
    schemaURL: OPENLINEAGE_SCHEMA_URL,
  };
}
