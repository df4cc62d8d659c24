import { createHash } from 'node:crypto';
import { mkdir, open, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { writeAtomically } from '../core/atomic.js';
import { InputError, UsageError } from '../core/errors.js';
import { basicComposition, type ApproxDp } from '../dp/accountant.js';
import { BudgetAccountant } from '../dp/budget.js';

/**
 * The privacy budget ledger: one JSON file per dataset under a state directory. Spending holds an
 * exclusive lock file from the budget check until the spend is written, so two concurrent queries
 * cannot both spend the last of a budget. The dataset is identified by its real path, so the
 * ledger is an organisational control: a copy of the file elsewhere has its own ledger.
 */

export interface LedgerEntry extends ApproxDp {
  at: string;
  label: string;
}

export interface Ledger {
  version: 1;
  dataset: string;
  budget: ApproxDp;
  entries: LedgerEntry[];
}

export const DEFAULT_LEDGER_DIR = join('.veil', 'dp-ledger');

export interface LedgerOptions {
  dir?: string;
  /** How long to wait for another query holding the lock, in ms. */
  lockTimeoutMs?: number;
}

async function datasetId(datasetPath: string): Promise<string> {
  return realpath(datasetPath).catch(() => {
    throw new InputError('cannot read the dataset', { where: datasetPath, code: 'FILE_NOT_FOUND' });
  });
}

export async function ledgerFile(datasetPath: string, options: LedgerOptions = {}): Promise<string> {
  const id = await datasetId(datasetPath);
  const hash = createHash('sha256').update(id).digest('hex').slice(0, 16);
  const safeName = basename(id)
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .slice(0, 60);
  return join(options.dir ?? DEFAULT_LEDGER_DIR, `${safeName}.${hash}.json`);
}

export async function readLedger(
  datasetPath: string,
  options: LedgerOptions = {},
): Promise<Ledger | undefined> {
  const file = await ledgerFile(datasetPath, options);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const ledger = JSON.parse(text) as Ledger;
    if (ledger.version !== 1 || !Array.isArray(ledger.entries)) throw new Error('shape');
    return ledger;
  } catch {
    throw new InputError('the privacy ledger file is corrupt', {
      where: file,
      hint: 'restore it from backup; never delete a ledger to reset a budget',
      code: 'DP_LEDGER_CORRUPT',
    });
  }
}

/** Sets (or raises) a dataset's total budget. Lowering it below what is already spent is refused. */
export async function setBudget(
  datasetPath: string,
  budget: ApproxDp,
  options: LedgerOptions = {},
): Promise<Ledger> {
  return withLedgerLock(datasetPath, options, async (file) => {
    const current = await readLedger(datasetPath, options);
    const entries = current?.entries ?? [];
    const spent = basicComposition(entries);
    if (entries.length > 0 && !new BudgetAccountant(budget).canAfford(spent)) {
      throw new UsageError('the new budget is below what has already been spent', {
        where: file,
        hint: `already spent epsilon ${spent.epsilon}, delta ${spent.delta}`,
      });
    }
    const ledger: Ledger = { version: 1, dataset: await datasetId(datasetPath), budget, entries };
    await writeLedger(file, ledger);
    return ledger;
  });
}

/**
 * Charges `cost` to the dataset's budget around `compute`: refused before computing if it does not
 * fit; recorded only if `compute` succeeds (a failed query released nothing).
 */
export async function spendBudget<T>(
  datasetPath: string,
  cost: ApproxDp,
  label: string,
  compute: () => Promise<T>,
  options: LedgerOptions = {},
): Promise<{ result: T; ledger: Ledger; remaining: ApproxDp }> {
  return withLedgerLock(datasetPath, options, async (file) => {
    const ledger = await readLedger(datasetPath, options);
    if (!ledger) {
      throw new UsageError('no privacy budget is set for this dataset', {
        where: datasetPath,
        hint: 'the data owner sets one first: veil dp budget <dataset> --epsilon 3 --delta 1e-6',
        code: 'DP_NO_BUDGET',
      });
    }
    const accountant = new BudgetAccountant(ledger.budget, ledger.entries);
    const entry: LedgerEntry = {
      at: new Date().toISOString(),
      label,
      epsilon: cost.epsilon,
      delta: cost.delta,
    };
    accountant.charge(entry);
    const result = await compute();
    const updated: Ledger = { ...ledger, entries: [...ledger.entries, entry] };
    await writeLedger(file, updated);
    return { result, ledger: updated, remaining: accountant.remaining() };
  });
}

async function writeLedger(file: string, ledger: Ledger): Promise<void> {
  await writeAtomically(file, (tmp) =>
    writeFile(tmp, `${JSON.stringify(ledger, null, 2)}\n`, { mode: 0o600 }),
  );
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** An exclusive lock file next to the ledger (O_EXCL create), held for the duration of `body`. */
async function withLedgerLock<T>(
  datasetPath: string,
  options: LedgerOptions,
  body: (file: string) => Promise<T>,
): Promise<T> {
  const file = await ledgerFile(datasetPath, options);
  await mkdir(options.dir ?? DEFAULT_LEDGER_DIR, { recursive: true });
  const lock = `${file}.lock`;
  const deadline = Date.now() + (options.lockTimeoutMs ?? 30_000);
  for (let wait = 10; ; wait = Math.min(wait * 2, 250)) {
    try {
      const handle = await open(lock, 'wx');
      await handle.writeFile(`${process.pid} ${new Date().toISOString()}\n`);
      await handle.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (Date.now() > deadline) {
        throw new UsageError('the privacy ledger is locked by another query', {
          where: lock,
          hint: 'retry; if no veil process is running, remove the lock file',
          code: 'DP_LEDGER_LOCKED',
        });
      }
      await sleep(wait);
    }
  }
  try {
    return await body(file);
  } finally {
    await rm(lock, { force: true });
  }
}
