/**
 * The parts of fauxqs that its package does not export but the runtime needs: its store classes
 * (to give the SQS store an empty host, see {@link startEmbeddedEmulators}) and its SQLite
 * persistence manager (to keep queues and messages on disk). fauxqs' `startFauxqs()` wires both
 * itself, but only on all interfaces and with fixed-host queue URLs; `buildApp()` listens where we
 * say but takes the stores ready-made. So the runtime builds the stores as `startFauxqs()` does
 * (checked against fauxqs 2.4.1, `dist/app.js`), and {@link loadFauxqsInternals} fails loudly if
 * a fauxqs release moves these files, rather than silently running without persistence.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { buildApp } from 'fauxqs';
import { EmulatorError } from '../errors.js';

/** The stores `buildApp()` accepts. */
export type FauxqsStores = NonNullable<NonNullable<Parameters<typeof buildApp>[0]>['stores']>;

/** fauxqs' SQLite persistence (`dist/persistence.js`), as much of it as the runtime uses. */
export interface FauxqsPersistence {
  load(sqsStore: unknown, snsStore: unknown, s3Store: unknown): void;
  updateMessageReady(messageId: string): void;
  close(): void;
}

interface Sqlite {
  exec(sql: string): void;
  prepare(sql: string): { run(...values: unknown[]): unknown };
}

interface Internals {
  readonly SqsStore: new () => FauxqsStores['sqsStore'];
  readonly SnsStore: new () => FauxqsStores['snsStore'];
  readonly S3Store: new () => FauxqsStores['s3Store'];
  readonly PersistenceManager: new (dataDir: string) => FauxqsPersistence;
}

let internals: Promise<Internals> | undefined;

/** Loads fauxqs' store and persistence classes from its `dist` folder (once per process). */
export function loadFauxqsInternals(): Promise<Internals> {
  internals ??= (async () => {
    // fauxqs exports only its entry point, so find its folder the way Node searches node_modules.
    const dist = (createRequire(import.meta.url).resolve.paths('fauxqs') ?? [])
      .map((dir) => join(dir, 'fauxqs', 'dist'))
      .find((dir) => existsSync(join(dir, 'sqs', 'sqsStore.js')));
    if (dist === undefined) throw new EmulatorError('cannot find fauxqs\' dist folder (is fauxqs installed? run npm ci)');
    const load = async (file: string) => (await import(pathToFileURL(join(dist, file)).href)) as Record<string, unknown>;
    const [sqs, sns, s3, persistence] = await Promise.all([load('sqs/sqsStore.js'), load('sns/snsStore.js'), load('s3/s3Store.js'), load('persistence.js')]);
    const found = { SqsStore: sqs.SqsStore, SnsStore: sns.SnsStore, S3Store: s3.S3Store, PersistenceManager: persistence.PersistenceManager };
    const missing = Object.entries(found).filter(([, value]) => typeof value !== 'function').map(([name]) => name);
    if (missing.length > 0) throw new EmulatorError(`this fauxqs release does not have ${missing.join(', ')} where the runtime expects them (checked with fauxqs 2.4.1)`);
    return found as unknown as Internals;
  })();
  return internals;
}

/** What {@link createFauxqsStores} made. */
export interface FauxqsStoreSet {
  readonly stores: FauxqsStores;
  /** Closes the database; undefined when in memory. */
  readonly close?: () => void;
}

/**
 * New stores for `buildApp()`: queue URLs take the host of the CreateQueue request (the runtime's
 * AWS endpoint), and with `dataDir` every queue and message is kept in `<dataDir>/fauxqs.db` and
 * loaded from there first.
 *
 * fauxqs writes each change in its own SQLite transaction, in WAL mode, before it answers. SQLite's
 * default `synchronous = FULL` then fsyncs every message (measured: see docs/local-runtime.md);
 * `NORMAL` keeps every answered change through a crash of the process (`kill -9`) and loses only
 * the last changes on a power cut or OS crash, which is the promise a laptop tool can make.
 */
export async function createFauxqsStores(dataDir?: string): Promise<FauxqsStoreSet> {
  const { SqsStore, SnsStore, S3Store, PersistenceManager } = await loadFauxqsInternals();
  const sqsStore = Object.assign(new SqsStore(), { host: '' });
  const snsStore = new SnsStore();
  const s3Store = new S3Store();
  const stores = { sqsStore, snsStore, s3Store } as FauxqsStores;
  if (dataDir === undefined) return { stores };
  const persistence = new PersistenceManager(dataDir);
  const db = (persistence as unknown as { db?: Sqlite }).db;
  if (db === undefined) throw new EmulatorError('this fauxqs release keeps its SQLite database elsewhere (checked with fauxqs 2.4.1)');
  db.exec('PRAGMA synchronous = NORMAL');
  // fauxqs 2.4.1 writes NULL into the NOT NULL receive count when a message is made visible again
  // (ChangeMessageVisibility 0): the statement throws after the message has left the in-flight set,
  // so the message vanishes until a restart and the SDK's retry answers ReceiptHandleIsInvalid.
  // Clear the in-flight state only, as its loader does for an expired visibility timeout.
  const ready = db.prepare('UPDATE sqs_messages SET receipt_handle = NULL, visibility_deadline = NULL WHERE message_id = ?');
  persistence.updateMessageReady = (messageId) => void ready.run(messageId);
  // As startFauxqs() does: load first, then attach, so that loading does not write back.
  persistence.load(sqsStore, snsStore, s3Store);
  const attach = (store: object) => Object.assign(store, { persistence });
  attach(sqsStore);
  attach(snsStore);
  attach(s3Store);
  for (const queue of (sqsStore as unknown as { allQueues(): Iterable<object> }).allQueues()) attach(queue);
  return { stores, close: () => persistence.close() };
}
