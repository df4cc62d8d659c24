import { open, type FileHandle } from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InputError } from '../../core/errors.js';
import type { NewSubjectKey, SubjectKeyEntry, SubjectKeyStore } from '../subject-keys.js';

/**
 * Subject keys in fixed-size records: state (1 byte) | ref (16) | wrapped key (61) | pad (2).
 * Insert appends; shred overwrites the record in place with a tombstone (state 2, key bytes
 * zeroed, time of shredding), so shredding is one positioned write whatever the file size.
 * The index (ref -> record offset) is built in memory when the file is opened.
 */
const RECORD = 80;
const WRAPPED = 61;
const ACTIVE = 1;
const SHREDDED = 2;

export class FileSubjectKeyStore implements SubjectKeyStore {
  private constructor(
    readonly path: string,
    private readonly file: FileHandle,
    private readonly offsets: Map<string, number>,
    private size: number,
  ) {}

  static async open(path: string): Promise<FileSubjectKeyStore> {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const file = await open(path, 'a+', 0o600).then(async (h) => {
      await h.close();
      return open(path, 'r+');
    });
    const { size } = await file.stat();
    if (size % RECORD !== 0) {
      await file.close();
      throw new InputError('the subject-key file is truncated or corrupt', {
        where: path,
        code: 'SUBJECT_STORE_CORRUPT',
      });
    }
    const offsets = new Map<string, number>();
    const chunk = Buffer.alloc(RECORD * 4096);
    for (let pos = 0; pos < size;) {
      const { bytesRead } = await file.read(chunk, 0, Math.min(chunk.length, size - pos), pos);
      for (let at = 0; at < bytesRead; at += RECORD)
        offsets.set(chunk.toString('hex', at + 1, at + 17), pos + at);
      pos += bytesRead;
    }
    return new FileSubjectKeyStore(path, file, offsets, size);
  }

  get count(): number {
    return this.offsets.size;
  }

  async getMany(refs: readonly string[]): Promise<Map<string, SubjectKeyEntry>> {
    const out = new Map<string, SubjectKeyEntry>();
    const record = Buffer.alloc(RECORD);
    for (const ref of refs) {
      const offset = this.offsets.get(ref);
      if (offset === undefined) continue;
      await this.file.read(record, 0, RECORD, offset);
      out.set(ref, decode(record));
    }
    return out;
  }

  async insertMany(rows: readonly NewSubjectKey[]): Promise<void> {
    const appended: Buffer[] = [];
    for (const row of rows) {
      const offset = this.offsets.get(row.ref);
      if (offset !== undefined && !row.revive) continue;
      const record = encodeActive(row);
      if (offset !== undefined) {
        await this.file.write(record, 0, RECORD, offset);
      } else {
        this.offsets.set(row.ref, this.size + appended.length * RECORD);
        appended.push(record);
      }
    }
    if (appended.length > 0) {
      const block = Buffer.concat(appended);
      await this.file.write(block, 0, block.length, this.size);
      this.size += block.length;
    }
    await this.file.datasync();
  }

  async shred(ref: string, at: string): Promise<boolean> {
    let offset = this.offsets.get(ref);
    const existed = offset !== undefined;
    if (offset === undefined) {
      offset = this.size;
      this.offsets.set(ref, offset);
      this.size += RECORD;
    }
    const record = Buffer.alloc(RECORD);
    record[0] = SHREDDED;
    record.write(ref, 1, 16, 'hex');
    record.writeDoubleBE(Date.parse(at), 17);
    await this.file.write(record, 0, RECORD, offset);
    await this.file.datasync();
    return existed;
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}

function encodeActive(row: NewSubjectKey): Buffer {
  if (row.wrapped.length !== WRAPPED) throw new Error('unexpected wrapped subject key size');
  const record = Buffer.alloc(RECORD);
  record[0] = ACTIVE;
  record.write(row.ref, 1, 16, 'hex');
  row.wrapped.copy(record, 17);
  return record;
}

function decode(record: Buffer): SubjectKeyEntry {
  if (record[0] === ACTIVE)
    return { state: 'active', wrapped: Buffer.from(record.subarray(17, 17 + WRAPPED)) };
  return { state: 'shredded', at: new Date(record.readDoubleBE(17)).toISOString() };
}
