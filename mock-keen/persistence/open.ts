import { MemoryStorage } from './memory.js';
import { SqliteStorage } from './sqlite.js';
import type { JournalLimits, JournalStorage } from './storage.js';

/** Location and size limits of a journal. */
export interface JournalOptions extends JournalLimits {
  /** SQLite file that keeps the journal across restarts; in memory when absent. */
  file?: string;
}

/** Open the storage that `options` describe: an SQLite file, or process memory. */
export function openJournalStorage(options: JournalOptions = {}): JournalStorage {
  const limits: JournalLimits = {};
  if (options.maxRecords !== undefined) limits.maxRecords = options.maxRecords;
  if (options.maxBytes !== undefined) limits.maxBytes = options.maxBytes;
  return options.file === undefined
    ? new MemoryStorage(limits)
    : new SqliteStorage(options.file, limits);
}

/** Describe where a journal lives and its limits, such as `in memory` or `in FILE, at most N records`. */
export function describeJournal(options: JournalOptions = {}): string {
  const where = options.file === undefined ? 'in memory' : `in ${options.file}`;
  const bounds = [
    options.maxRecords === undefined ? null : `at most ${options.maxRecords} records`,
    options.maxBytes === undefined ? null : `at most ${options.maxBytes} bytes`,
  ].filter((bound) => bound !== null);
  return bounds.length === 0 ? where : `${where}, ${bounds.join(' and ')}`;
}
