import { ENTITIES, isEntityType } from '../taxonomy/entities.js';

/**
 * Drafts a policy's dataset declaration (fields -> data categories, the subject field) from table
 * discovery, for a human to review. Pure: it takes what the scanner found per column and writes
 * YAML text with a comment on every field saying why that category was chosen.
 */

/** What the draft needs of a scanned column (the scanner's ColumnScan satisfies it). */
export interface ScannedColumn {
  name: string;
  entity: string | null;
  score: number;
  share: number;
  quasiIdentifier: string | null;
  freeText: { share: number; entities: Record<string, number> } | null;
}

export interface DraftField {
  name: string;
  category: string;
  /** Why: the detected type, the quasi-identifier hint, free text, or nothing found. */
  reason: string;
  /** True when a reviewer must look: low confidence or no personal data found. */
  review: boolean;
}

export interface DatasetDraft {
  dataset: string;
  subjectField: string | null;
  fields: DraftField[];
}

/** Quasi-identifier hints (from the scanner) -> the default taxonomy's categories. */
const QUASI_CATEGORIES: Record<string, string> = {
  birth_date: 'user.demographic.date_of_birth',
  age: 'user.demographic.age_range',
  zip_code: 'user.contact.address.postal_code',
  gender: 'user.demographic.gender',
  job_title: 'user.workplace',
  city: 'user.contact.address.city',
  region: 'user.contact.address',
  country: 'user.contact.address.country',
  nationality: 'user.demographic',
  marital_status: 'user.demographic',
  geo: 'user.location.precise',
};

const GENERIC_ENTITIES = new Set(['LOCATION', 'DATE_TIME', 'NRP']);

/** Where fields with no personal data go: allowed by the example policies' baseline rule. */
export const NOT_PERSONAL_CATEGORY = 'system.operations';
const FREE_TEXT_CATEGORY = 'user.content.message';
const SUBJECT_CATEGORY = 'user.unique_id';
/** A column that names its subject: user_id, customerId, account-id, uid, ... */
const SUBJECT_NAME =
  /^(?:.*[._-])?(?:user|customer|account|member|client|person|subject|patient|player|profile)[_-]?id$|^u?id$|^userid$/i;
/** Below this score the draft asks a reviewer to confirm the category. */
const CONFIDENT = 0.8;

const percent = (x: number): string => `${Math.round(x * 100)}%`;

function fieldFor(column: ScannedColumn): DraftField {
  const bare = column.name.replace(/([a-z])([A-Z])/g, '$1_$2');
  if (SUBJECT_NAME.test(bare) || SUBJECT_NAME.test(column.name)) {
    return {
      name: column.name,
      category: SUBJECT_CATEGORY,
      reason: 'identifies the subject (by its name)',
      review: false,
    };
  }
  const quasi = column.quasiIdentifier ? QUASI_CATEGORIES[column.quasiIdentifier] : undefined;
  // A generic type (a place, a date) says less than the scanner's hint of which place or date it is.
  if (quasi && (column.entity === null || GENERIC_ENTITIES.has(column.entity))) {
    const found = column.entity ? `, values look like ${column.entity}` : '';
    return {
      name: column.name,
      category: quasi,
      reason: `quasi-identifier (${column.quasiIdentifier}${found})`,
      review: false,
    };
  }
  if (column.entity && isEntityType(column.entity)) {
    const reason = `${column.entity}, score ${column.score.toFixed(2)}, ${percent(column.share)} of values`;
    const category = ENTITIES[column.entity].category;
    return { name: column.name, category, reason, review: column.score < CONFIDENT };
  }
  if (column.freeText) {
    const inside = Object.entries(column.freeText.entities)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([e]) => e)
      .join(', ');
    return {
      name: column.name,
      category: FREE_TEXT_CATEGORY,
      reason: `free text, ${percent(column.freeText.share)} of texts mention ${inside || 'personal data'}`,
      review: false,
    };
  }
  return {
    name: column.name,
    category: NOT_PERSONAL_CATEGORY,
    reason: 'no personal data found: confirm',
    review: true,
  };
}

/** `order` (the dataset's column order) keeps the declaration readable next to the data. */
export function draftDataset(
  dataset: string,
  columns: readonly ScannedColumn[],
  order: readonly string[] = [],
): DatasetDraft {
  const position = (name: string): number => {
    const i = order.indexOf(name);
    return i < 0 ? order.length : i;
  };
  const fields = [...columns].sort((a, b) => position(a.name) - position(b.name)).map(fieldFor);
  const subject = fields.find((f) => f.category === SUBJECT_CATEGORY)?.name ?? null;
  return { dataset, subjectField: subject, fields };
}

/** YAML keys are quoted only when they must be. */
const yamlKey = (name: string): string => (/^[A-Za-z_][\w.-]*$/.test(name) ? name : JSON.stringify(name));

/** The draft as a complete policy file: the dataset declaration, and no rules (everything denied). */
export function draftPolicyYaml(draft: DatasetDraft, source: string): string {
  const width = Math.max(...draft.fields.map((f) => `${yamlKey(f.name)}: ${f.category}`.length), 0);
  const lines = [
    '# Editor completion: `veil policy schema > policy.schema.json`, then point yaml-language-server at it.',
    `# Drafted by \`veil policy init --from-scan ${source}\`: review every field, then add rules.`,
    '# Fields marked REVIEW had low confidence or no personal data found. With no rules,',
    '# every purpose is denied every field (fail closed).',
    'version: 1',
    'datasets:',
    `  ${yamlKey(draft.dataset)}:`,
    `    description: ${JSON.stringify(`Drafted from ${source}`)}`,
    ...(draft.subjectField ? [`    subject_field: ${yamlKey(draft.subjectField)}`] : []),
    '    fields:',
    ...draft.fields.map((f) => {
      const entry = `${yamlKey(f.name)}: ${f.category}`;
      return `      ${entry.padEnd(width)}  # ${f.review ? 'REVIEW: ' : ''}${f.reason}`;
    }),
    '# Rules say what each purpose may see, e.g.',
    '#   - { purpose: model_training, category: user.unique_id, transform: { op: pseudonymize, key: ml-ids } }',
    'rules: []',
  ];
  return `${lines.join('\n')}\n`;
}
