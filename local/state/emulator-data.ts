/**
 * Where the embedded emulators keep queues and tables between runs, and `--reset`, which deletes
 * them. The layout under the state folder:
 *
 * - `data/sqs/fauxqs.db` (+ `-wal`, `-shm`): every queue and message (fauxqs' SQLite persistence);
 * - `data/dynamodb/`: every table and item (dynalite's LevelDB);
 * - `data/dynamodb-transactions.journal`: transactions the AWS endpoint has begun but not finished,
 *   rolled back at the next start.
 */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/** Folder of the emulators' data inside a state folder. */
export function emulatorDataDir(stateDir: string): string {
  return join(stateDir, 'data');
}

/** The AWS endpoint's transaction journal inside the emulators' data folder. */
export function transactionJournalPath(dataDir: string): string {
  return join(dataDir, 'dynamodb-transactions.journal');
}

/** What `--reset` deleted. */
export interface ResetReport {
  /** The folder deleted. */
  readonly path: string;
  /** Messages that were kept, by queue name (from the SQLite database; empty when there was none). */
  readonly messages: Readonly<Record<string, number>>;
  /** Bytes on disk of the tables' data. */
  readonly tableBytes: number;
  /** False when there was nothing to delete. */
  readonly existed: boolean;
}

/** Deletes the emulators' data folder of `stateDir` and says what was in it. */
export function resetEmulatorData(stateDir: string): ResetReport {
  const path = emulatorDataDir(stateDir);
  if (!existsSync(path)) return { path, messages: {}, tableBytes: 0, existed: false };
  const report = { path, messages: keptMessages(join(path, 'sqs', 'fauxqs.db')), tableBytes: folderBytes(join(path, 'dynamodb')), existed: true };
  rmSync(path, { recursive: true, force: true });
  return report;
}

/** One line for the banner: `deleted .conveyor/data (12 messages: Queue 5, DLQ 7; 1.2 MB of table data)`. */
export function describeReset(report: ResetReport, cwd = process.cwd()): string {
  const where = relative(cwd, report.path) || report.path;
  if (!report.existed) return `nothing to delete in ${where}`;
  const byQueue = Object.entries(report.messages).filter(([, count]) => count > 0);
  const total = byQueue.reduce((sum, [, count]) => sum + count, 0);
  const messages = total === 0 ? 'no messages' : `${total} message${total === 1 ? '' : 's'}: ${byQueue.map(([queue, count]) => `${queue} ${count}`).join(', ')}`;
  return `deleted ${where} (${messages}; ${(report.tableBytes / 1_048_576).toFixed(1)} MB of table data)`;
}

function keptMessages(database: string): Record<string, number> {
  if (!existsSync(database)) return {};
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(database, { readOnly: true });
    const rows = db.prepare('SELECT queue_name AS queue, COUNT(*) AS count FROM sqs_messages GROUP BY queue_name').all() as { queue: string; count: number }[];
    return Object.fromEntries(rows.map((row) => [row.queue, Number(row.count)]));
  } catch {
    // An unreadable database is deleted all the same; the count is only for the message.
    return {};
  } finally {
    db?.close();
  }
}

function folderBytes(path: string): number {
  if (!existsSync(path)) return 0;
  return readdirSync(path, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + statSync(join(entry.parentPath, entry.name)).size, 0);
}
