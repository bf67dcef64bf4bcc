// The store: one Kysely instance over SQLite (better-sqlite3, a file under the data folder, WAL) or
// PostgreSQL (`databaseUrl`), migrated on open, with the repositories bound to it or to a
// transaction. The repositories are dialect-agnostic; only connection set-up differs.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import { ClientRepository, TokenRepository } from './clients.js';
import { ConnectorRepository } from './connectors.js';
import { migrationProvider } from './migrations.js';
import type { Database } from './schema.js';
import { JobRepository, OutboxRepository, ReviewRepository, RunRepository } from './work.js';

/** File name of the SQLite database inside the data folder. */
export const SQLITE_FILE_NAME = 'connect-certify.sqlite';
/** How long a SQLite writer waits for another process's lock (e.g. `clients create` while serving). */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000;
/**
 * Prepared SQLite statements kept, by SQL text. Kysely's SQLite driver prepares every query anew,
 * which is most of the cost of a primary-key lookup; the service runs a few dozen distinct queries.
 */
export const SQLITE_STATEMENT_CACHE_SIZE = 256;
/** PostgreSQL connections per process: enough for concurrent requests, far below server limits. */
export const POSTGRES_POOL_SIZE = 10;

export type StoreOptions =
  | { dataDir: string }
  | {
      databaseUrl: string;
      /**
       * A PostgreSQL schema to create (if missing) and use through `search_path`: isolates test runs
       * and lets several instances share one database.
       */
      schema?: string;
    };

export type Dialect = 'sqlite' | 'postgres';

export interface Repositories {
  readonly clients: ClientRepository;
  readonly tokens: TokenRepository;
  readonly connectors: ConnectorRepository;
  readonly runs: RunRepository;
  readonly jobs: JobRepository;
  readonly outbox: OutboxRepository;
  readonly reviews: ReviewRepository;
}

export interface Store extends Repositories {
  readonly dialect: Dialect;
  readonly db: Kysely<Database>;
  /** Where the data lives, for logs: the SQLite file, or the PostgreSQL URL without its password. */
  readonly location: string;
  /** Runs `fn` in one transaction; its repositories write inside it; a throw rolls everything back. */
  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function createStore(options: StoreOptions): Promise<Store> {
  let db: Kysely<Database>;
  let dialect: Dialect;
  let location: string;
  if ('dataDir' in options) {
    mkdirSync(options.dataDir, { recursive: true });
    const file = path.join(options.dataDir, SQLITE_FILE_NAME);
    const database = new SQLite(file);
    database.pragma('journal_mode = WAL');
    // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commits.
    database.pragma('synchronous = NORMAL');
    database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    database.pragma('foreign_keys = ON');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
    dialect = 'sqlite';
    location = file;
  } else {
    const schema = options.schema;
    if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new Error(`invalid PostgreSQL schema name "${schema}"`);
    if (schema !== undefined) await ensureSchema(options.databaseUrl, schema);
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: POSTGRES_POOL_SIZE,
      ...(schema !== undefined ? { options: `-c search_path=${schema}` } : {}),
    });
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    dialect = 'postgres';
    location = redactDatabaseUrl(options.databaseUrl) + (schema ? ` (schema ${schema})` : '');
  }

  try {
    await migrate(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }

  const store: Store = {
    dialect,
    db,
    location,
    ...repositoriesOf(db),
    transaction: (fn) => db.transaction().execute((trx) => fn(repositoriesOf(trx))),
    close: () => db.destroy(),
  };
  return store;
}

/** The store options for a data folder, unless DATABASE_URL selects PostgreSQL. */
export function storeOptionsFrom(input: { dataDir: string; databaseUrl?: string | undefined }): StoreOptions {
  return input.databaseUrl ? { databaseUrl: input.databaseUrl } : { dataDir: input.dataDir };
}

/**
 * The database with an LRU cache of prepared statements. Safe because Kysely runs one query at a
 * time on its single SQLite connection and never streams here, so a cached statement is never
 * busy when it is handed out again; SQLite re-prepares statements itself after a schema change.
 */
function withStatementCache(database: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(text: string) {
      let statement = cache.get(text);
      if (statement) {
        cache.delete(text);
      } else {
        statement = database.prepare(text);
        if (cache.size >= SQLITE_STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      cache.set(text, statement);
      return statement;
    },
  };
}

async function migrate(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message ?? String(error)}`);
  }
}

function repositoriesOf(db: Kysely<Database>): Repositories {
  const tokens = new TokenRepository(db);
  return {
    clients: new ClientRepository(db, (clientId) => tokens.forgetClient(clientId)),
    tokens,
    connectors: new ConnectorRepository(db),
    runs: new RunRepository(db),
    jobs: new JobRepository(db),
    outbox: new OutboxRepository(db),
    reviews: new ReviewRepository(db),
  };
}

async function ensureSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // The name was checked against SCHEMA_NAME, so quoting it is enough.
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } catch (error) {
    // Two processes creating the same schema at once: the loser sees a unique violation.
    if ((error as { code?: string }).code !== '23505') throw error;
  } finally {
    await client.end();
  }
}

/** Drops a PostgreSQL schema created for a test run. */
export async function dropPostgresSchema(databaseUrl: string, schema: string): Promise<void> {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid PostgreSQL schema name "${schema}"`);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}
