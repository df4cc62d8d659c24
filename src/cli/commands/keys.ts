import type { Command } from 'commander';
import { join } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { FileAuditSink } from '../../crypto/file/audit.js';
import { FileKeyStore } from '../../crypto/file/keystore.js';
import { FileSubjectKeyStore } from '../../crypto/file/subject-store.js';
import { FileTokenVault } from '../../crypto/file/vault.js';
import { Keyring, type StoredKey } from '../../crypto/keyring.js';
import { LocalKms } from '../../crypto/kms.js';
import { SubjectKeys } from '../../crypto/subject-keys.js';
import { emit } from '../io.js';

/** The local key directory: keyring, subject keys, token vault and reveal audit, as files. */
export interface KeyFiles {
  keyring: Keyring;
  dir: string;
  subjectKeys(): Promise<FileSubjectKeyStore>;
  vault(): Promise<FileTokenVault>;
  audit: FileAuditSink;
}

export function keyDir(flags: { keyring?: string }): string {
  return flags.keyring ?? process.env.VEIL_KEYRING ?? '.veil';
}

export function openKeyFiles(dir: string): KeyFiles {
  const keyring = new Keyring(
    new FileKeyStore(join(dir, 'keys.json')),
    LocalKms.fromBase64(process.env.VEIL_MASTER_KEY),
  );
  return {
    keyring,
    dir,
    subjectKeys: () => FileSubjectKeyStore.open(join(dir, 'subject-keys.bin')),
    vault: () => FileTokenVault.open(join(dir, 'vault.jsonl')),
    audit: new FileAuditSink(join(dir, 'audit.jsonl')),
  };
}

const KEYRING_OPTION = ['--keyring <dir>', 'key directory (default: $VEIL_KEYRING or .veil)'] as const;

function parseVersion(value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError('the key version must be a positive integer', { code: 'VERSION_INVALID' });
  return n;
}

function describeKey(k: StoredKey): {
  id: string;
  primary: number;
  versions: { version: number; state: string; created: string }[];
} {
  return {
    id: k.id,
    primary: k.primary,
    versions: k.versions.map((v) => ({ version: v.version, state: v.state, created: v.createdAt })),
  };
}

function renderKey(k: ReturnType<typeof describeKey>): string {
  const versions = k.versions
    .map((v) => `v${v.version}${v.version === k.primary ? '*' : ''} ${v.state}`)
    .join(', ');
  return `${k.id}: ${versions}`;
}

export function register(program: Command): void {
  const keys = program
    .command('keys')
    .description('manage the keyring: named, versioned keys under a master key');

  keys
    .command('init')
    .description('create keys (default: one named "default"); key material is wrapped by VEIL_MASTER_KEY')
    .argument('[names...]', 'key names')
    .option(...KEYRING_OPTION)
    .action(async (names: string[], flags: { keyring?: string }) => {
      const files = openKeyFiles(keyDir(flags));
      const created: ReturnType<typeof describeKey>[] = [];
      for (const name of names.length ? names : ['default'])
        created.push(describeKey(await files.keyring.create(name)));
      emit({ keyring: files.dir, created }, () => created.map((k) => `created ${renderKey(k)}`).join('\n'));
    });

  keys
    .command('list')
    .description('list keys, their versions and states (never key material)')
    .option(...KEYRING_OPTION)
    .action(async (flags: { keyring?: string }) => {
      const files = openKeyFiles(keyDir(flags));
      const list = (await files.keyring.list()).map(describeKey);
      emit({ keyring: files.dir, keys: list }, () =>
        list.length ? list.map(renderKey).join('\n') : 'no keys',
      );
    });

  keys
    .command('rotate')
    .description('add a new version and make it primary; old versions still decrypt')
    .argument('<name>')
    .option(...KEYRING_OPTION)
    .action(async (name: string, flags: { keyring?: string }) => {
      const k = describeKey(await openKeyFiles(keyDir(flags)).keyring.rotate(name));
      emit(k, () => `rotated ${renderKey(k)}`);
    });

  for (const state of ['disable', 'enable'] as const) {
    keys
      .command(state)
      .description(`${state} one version of a key`)
      .argument('<name>')
      .argument('<version>', 'key version number')
      .option(...KEYRING_OPTION)
      .action(async (name: string, versionText: string, flags: { keyring?: string }) => {
        const keyring = openKeyFiles(keyDir(flags)).keyring;
        const version = parseVersion(versionText);
        const k = describeKey(await keyring.setState(name, version, `${state}d`));
        emit(k, () => `${state}d ${name} v${version}: ${renderKey(k)}`);
      });
  }

  keys
    .command('destroy')
    .description('destroy one version of a key for good: its data can never be decrypted again')
    .argument('<name>')
    .argument('<version>', 'key version number')
    .option('--yes', 'confirm the irreversible destruction')
    .option(...KEYRING_OPTION)
    .action(async (name: string, versionText: string, flags: { keyring?: string; yes?: boolean }) => {
      const version = parseVersion(versionText);
      if (!flags.yes)
        throw new UsageError('destroying a key version is irreversible', { hint: 'add --yes to confirm' });
      const k = describeKey(await openKeyFiles(keyDir(flags)).keyring.destroy(name, version));
      emit(k, () => `destroyed ${name} v${version}: ${renderKey(k)}`);
    });

  keys
    .command('shred')
    .description("crypto-shred one subject: destroy that subject's key so its values can never be decrypted")
    .requiredOption('--subject <id>', 'subject id (as in the subject field used at encryption)')
    .requiredOption('--key <name>', 'the key the subject keys live under')
    .option(...KEYRING_OPTION)
    .action(async (flags: { keyring?: string; subject: string; key: string }) => {
      const files = openKeyFiles(keyDir(flags));
      const store = await files.subjectKeys();
      try {
        const subjects = new SubjectKeys(await files.keyring.unlock(flags.key), store);
        const destroyed = await subjects.shred(flags.subject);
        const result = { key: flags.key, shredded: true, keysDestroyed: destroyed };
        emit(result, () =>
          destroyed > 0
            ? `shredded: ${destroyed} subject key(s) destroyed under "${flags.key}"`
            : `no key existed for this subject under "${flags.key}"; a tombstone now blocks future encryption`,
        );
      } finally {
        await store.close();
      }
    });
}
