import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../../core/errors.js';
import { parseQuerySpec, type DpQuerySpec } from '../../dp/spec.js';
import { openDataset, withEngine } from '../../engine/index.js';
import { readLedger, setBudget, spendBudget, type Ledger } from '../../engine/dp-ledger.js';
import { executeDpQuery, prepareDpQuery, type DpQueryResult } from '../../engine/dp-query.js';
import { addInputOptions, inputOptions, type InputFlags } from '../dataset-options.js';
import { emit } from '../io.js';

interface QueryFlags extends InputFlags {
  spec?: string;
  subject?: string;
  statistic?: string;
  column?: string;
  groupBy?: string;
  keys?: string;
  lower?: string;
  upper?: string;
  quantiles?: string;
  bins?: string;
  epsilon?: string;
  delta?: string;
  maxGroups?: string;
  maxRows?: string;
  granularity?: string;
  confidence?: string;
  ledgerDir?: string;
  label?: string;
}

export function register(program: Command): void {
  const dp = program
    .command('dp')
    .description('differentially private statistics with a per-dataset privacy budget');
  addInputOptions(
    dp
      .command('query')
      .description(
        'release a DP count, sum, mean, variance, quantiles or histogram; spends budget from the ledger',
      )
      .argument('<dataset>', 'CSV, JSONL or Parquet file')
      .option('--spec <file>', 'query spec (YAML or JSON); flags override its fields')
      .option('--subject <column>', 'the column identifying a person (the unit of privacy)')
      .option('--statistic <name>', 'count | sum | mean | variance | quantile')
      .option('--column <column>', 'value column for sum, mean, variance, quantile')
      .option('--group-by <columns>', 'comma-separated group keys (a histogram when counting)')
      .option(
        '--keys <values>',
        'public group keys (comma-separated, one group-by column): no partition selection, no delta',
      )
      .option('--lower <x>', 'clamp values below to this bound')
      .option('--upper <x>', 'clamp values above to this bound')
      .option('--quantiles <levels>', 'comma-separated levels in (0,1), e.g. 0.5,0.9')
      .option('--bins <n>', 'candidate grid size for quantiles (default 256)')
      .option('--epsilon <e>', 'epsilon to spend on this query')
      .option('--delta <d>', 'delta to spend (needed for --group-by: partition selection)')
      .option('--max-groups <m>', 'groups one subject may contribute to (default 1)')
      .option('--max-rows <r>', 'rows one subject may contribute per group (default 1)')
      .option('--granularity <k>', 'grid step 2^k for real values (default: about 2^-20 of the bound)')
      .option('--confidence <c>', 'confidence level of the intervals (default 0.95)')
      .option('--label <text>', 'a note recorded in the ledger with this spend')
      .option('--ledger-dir <dir>', 'where budget ledgers live (default .veil/dp-ledger)'),
  ).action(async (path: string, flags: QueryFlags) => {
    const spec = parseQuerySpec(await specInput(flags), flags.spec ?? 'query');
    const ledgerOptions = flags.ledgerDir ? { dir: flags.ledgerDir } : {};
    const label = flags.label ?? describeSpec(spec);
    const { result, remaining } = await withEngine(async (engine) => {
      const dataset = await openDataset(engine, path, inputOptions(flags));
      try {
        const plan = prepareDpQuery(dataset, spec);
        return await spendBudget(
          path,
          plan.cost,
          label,
          () => executeDpQuery(engine, dataset, plan),
          ledgerOptions,
        );
      } finally {
        await dataset.close();
      }
    });
    emit({ ...result, remaining }, () => renderResult(result, remaining));
  });

  dp.command('budget')
    .description("show a dataset's privacy budget and spends, or set it with --epsilon/--delta")
    .argument('<dataset>', 'the dataset file')
    .option('--epsilon <e>', 'total epsilon for this dataset')
    .option('--delta <d>', 'total delta for this dataset (default 0)')
    .option('--ledger-dir <dir>', 'where budget ledgers live (default .veil/dp-ledger)')
    .action(async (path: string, flags: { epsilon?: string; delta?: string; ledgerDir?: string }) => {
      const options = flags.ledgerDir ? { dir: flags.ledgerDir } : {};
      let ledger: Ledger | undefined;
      if (flags.epsilon !== undefined || flags.delta !== undefined) {
        if (flags.epsilon === undefined)
          throw new UsageError('setting a budget needs --epsilon', { where: '--epsilon' });
        ledger = await setBudget(
          path,
          { epsilon: number(flags.epsilon, '--epsilon'), delta: number(flags.delta ?? '0', '--delta') },
          options,
        );
      } else {
        ledger = await readLedger(path, options);
        if (!ledger)
          throw new UsageError('no privacy budget is set for this dataset', {
            where: path,
            hint: 'set one with --epsilon and --delta',
          });
      }
      emit(ledger, () => renderLedger(ledger));
    });
}

/** A number flag; a non-number is a usage error naming the flag (never echoing other data). */
function number(text: string, flag: string): number {
  const value = Number(text);
  if (text.trim() === '' || Number.isNaN(value))
    throw new UsageError(`${flag} must be a number`, { where: flag });
  return value;
}

function list(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

async function specInput(flags: QueryFlags): Promise<Record<string, unknown>> {
  let input: Record<string, unknown> = {};
  if (flags.spec) {
    let parsed: unknown;
    try {
      parsed = parseYaml(await readFile(flags.spec, 'utf8'));
    } catch {
      throw new UsageError('cannot read the query spec (missing file or invalid YAML/JSON)', {
        where: flags.spec,
      });
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new UsageError('the query spec must be a mapping of fields', {
        where: flags.spec,
        hint: 'see docs/dp.md',
      });
    }
    input = { ...(parsed as Record<string, unknown>) };
  }
  const set = (key: string, value: unknown): void => {
    if (value !== undefined) input[key] = value;
  };
  const num = (text: string | undefined, flag: string): number | undefined =>
    text === undefined ? undefined : number(text, flag);
  set('subject', flags.subject);
  set('statistic', flags.statistic);
  set('column', flags.column);
  set('groupBy', flags.groupBy === undefined ? undefined : list(flags.groupBy));
  set('publicKeys', flags.keys === undefined ? undefined : list(flags.keys));
  set('lower', num(flags.lower, '--lower'));
  set('upper', num(flags.upper, '--upper'));
  set(
    'quantiles',
    flags.quantiles === undefined ? undefined : list(flags.quantiles).map((q) => number(q, '--quantiles')),
  );
  set('bins', num(flags.bins, '--bins'));
  set('epsilon', num(flags.epsilon, '--epsilon'));
  set('delta', num(flags.delta, '--delta'));
  set('maxGroupsPerSubject', num(flags.maxGroups, '--max-groups'));
  set('maxRowsPerGroup', num(flags.maxRows, '--max-rows'));
  set('granularity', num(flags.granularity, '--granularity'));
  set('confidence', num(flags.confidence, '--confidence'));
  if (input.subject === undefined) {
    throw new UsageError('a subject column is required: it defines whose privacy is protected', {
      where: '--subject',
      hint: 'e.g. --subject user_id',
    });
  }
  return input;
}

function describeSpec(spec: DpQuerySpec): string {
  const what = spec.column ? `${spec.statistic}(${spec.column})` : spec.statistic;
  return spec.groupBy.length ? `${what} by ${spec.groupBy.join(',')}` : what;
}

const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : Number(x.toPrecision(6)).toString());

function renderResult(result: DpQueryResult, remaining: { epsilon: number; delta: number }): string {
  const head = `DP ${result.statistic}${result.column ? ` of ${result.column}` : ''}${
    result.groupBy.length ? ` by ${result.groupBy.join(', ')}` : ''
  }: spent epsilon ${fmt(result.spent.epsilon)}, delta ${fmt(result.spent.delta)}; remaining epsilon ${fmt(
    remaining.epsilon,
  )}, delta ${fmt(remaining.delta)}`;
  const lines = result.rows.map((row) => {
    const key = Object.entries(row.group)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(' ');
    const value = row.quantiles
      ? row.quantiles
          .map((q) => `q${q.q}=${fmt(q.value)} (rank error <= ${fmt(q.rankErrorBound)})`)
          .join('  ')
      : fmt(row.value);
    const ci = row.interval
      ? `  ${Math.round(result.confidence * 100)}% CI [${fmt(row.interval[0])}, ${fmt(row.interval[1])}]`
      : '';
    return `${key ? `${key}  ` : ''}${value}${ci}`;
  });
  if (result.groupBy.length && lines.length === 0) lines.push('(no group passed partition selection)');
  return [head, ...lines].join('\n');
}

function renderLedger(ledger: Ledger): string {
  const spent = ledger.entries.reduce(
    (a, e) => ({ epsilon: a.epsilon + e.epsilon, delta: a.delta + e.delta }),
    { epsilon: 0, delta: 0 },
  );
  return [
    `${ledger.dataset}: budget epsilon ${fmt(ledger.budget.epsilon)}, delta ${fmt(ledger.budget.delta)}; spent epsilon ${fmt(spent.epsilon)}, delta ${fmt(spent.delta)}`,
    ...ledger.entries.map((e) => `${e.at}  epsilon ${fmt(e.epsilon)}  delta ${fmt(e.delta)}  ${e.label}`),
  ].join('\n');
}
