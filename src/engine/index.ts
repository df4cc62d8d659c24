export { Engine, openEngine, withEngine, sqlIdent, sqlString } from './duckdb.js';
export { openDataset, type Dataset, type OpenOptions, type Row, type Column } from './dataset.js';
export { writeQuery, type WriteOptions, type WriteResult } from './write.js';
export {
  detectFileKind,
  parseFormat,
  DATASET_FORMATS,
  type DatasetFormat,
  type Compression,
} from './format.js';
export { QuarantineWriter, type BadRecord, type OnError } from './quarantine.js';
export { registerBatchUdf, registerRowUdf, type BatchUdf, type RowBatchFn, type UdfFailure } from './udf.js';
export { protectDataset, type ProtectOptions, type ProtectResult, type ProtectKeys } from './protect-job.js';
export type { ProtectManifest, TransformFailure } from './protect-manifest.js';
export {
  scanDataset,
  DEFAULT_SAMPLE_ROWS,
  type ScanOptions,
  type ScanReport,
  type ColumnScan,
  type Candidate,
  type Evidence,
  type FreeTextInfo,
  type QuasiIdentifierKind,
  type Risk,
} from './scan-job.js';
