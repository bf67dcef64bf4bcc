// Schema migrations, written with Kysely's schema builder only (text and integer columns, plain
// indexes), so the same list runs on SQLite and PostgreSQL. Append new migrations; never edit one
// that has shipped. Kysely's Migrator records them in `kysely_migration` and, on PostgreSQL, takes
// an advisory lock so two processes starting together do not migrate twice.
import { sql, type SqlBool, type Kysely, type Migration, type MigrationProvider } from 'kysely';

// Migrations run before the typed schema exists; `any` is Kysely's documented type for them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const initial: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('api_clients')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('secret_hash', 'text', (c) => c.notNull())
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .execute();

    await db.schema
      .createTable('access_tokens')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('client_id', 'text', (c) => c.notNull().references('api_clients.id').onDelete('cascade'))
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('access_tokens_expires_at').on('access_tokens').column('expires_at').execute();

    await db.schema
      .createTable('connector_staged')
      .addColumn('id', 'text', (c) => c.primaryKey())
      // Keys are unique across projects: /connectors/key={key} has no project in its path.
      .addColumn('key', 'text', (c) => c.unique())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('project_key', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('is_private', 'integer', (c) => c.notNull())
      .addColumn('creator_company', 'text')
      .addColumn('integration_types', 'text', (c) => c.notNull())
      .addColumn('repository_url', 'text', (c) => c.notNull())
      .addColumn('repository_tag', 'text', (c) => c.notNull())
      .addColumn('lifecycle', 'text', (c) => c.notNull())
      .addColumn('document', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_modified_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('connector_staged_project').on('connector_staged').columns(['project_key', 'created_at']).execute();
    await db.schema.createIndex('connector_staged_status').on('connector_staged').column('status').execute();

    await db.schema
      .createTable('connectors')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('key', 'text', (c) => c.unique())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('project_key', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('is_private', 'integer', (c) => c.notNull())
      .addColumn('certified', 'integer', (c) => c.notNull())
      .addColumn('listed', 'integer', (c) => c.notNull())
      .addColumn('creator_company', 'text')
      .addColumn('integration_types', 'text', (c) => c.notNull())
      .addColumn('private_project_keys', 'text', (c) => c.notNull())
      .addColumn('document', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_modified_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('connectors_project').on('connectors').column('project_key').execute();
    await db.schema.createIndex('connectors_listed').on('connectors').column('listed').execute();

    await db.schema
      .createTable('certification_runs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('connector_id', 'text', (c) => c.notNull())
      .addColumn('connector_version', 'integer', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('repository_url', 'text', (c) => c.notNull())
      .addColumn('repository_tag', 'text', (c) => c.notNull())
      .addColumn('commit_sha', 'text')
      .addColumn('verdict', 'text')
      .addColumn('report', 'text')
      .addColumn('requested_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text')
      .addColumn('finished_at', 'text')
      .execute();
    await db.schema.createIndex('certification_runs_connector').on('certification_runs').columns(['connector_id', 'created_at']).execute();

    await db.schema
      .createTable('reviews')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('connector_id', 'text', (c) => c.notNull())
      .addColumn('run_id', 'text')
      .addColumn('reviewer', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('body', 'text')
      .addColumn('data', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('reviews_connector').on('reviews').columns(['connector_id', 'created_at']).execute();

    await db.schema
      .createTable('outbox')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('topic', 'text', (c) => c.notNull())
      .addColumn('aggregate_id', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('sent_at', 'text')
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_error', 'text')
      .execute();
    await db.schema.createIndex('outbox_pending').on('outbox').columns(['sent_at', 'created_at']).execute();

    await db.schema
      .createTable('jobs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('queue', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('singleton_key', 'text')
      .addColumn('run_at', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('max_attempts', 'integer', (c) => c.notNull())
      .addColumn('locked_by', 'text')
      .addColumn('locked_until', 'text')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('jobs_ready').on('jobs').columns(['queue', 'status', 'run_at']).execute();
    await db.schema.createIndex('jobs_singleton').on('jobs').columns(['singleton_key', 'status']).execute();
  },
  async down(db: AnyDb) {
    for (const table of ['jobs', 'outbox', 'reviews', 'certification_runs', 'connectors', 'connector_staged', 'access_tokens', 'api_clients']) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};

/**
 * Job leases: at most one running job per singleton key, enforced by the database (a partial unique
 * index), so two workers claiming at the same moment on PostgreSQL cannot both start `publish:{id}`.
 * Plus the indexes the claim and the reviewer queue read.
 */
const jobsLeases: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createIndex('jobs_one_running_per_singleton')
      .on('jobs')
      .column('singleton_key')
      .unique()
      .where(sql<SqlBool>`status = 'running'`)
      .execute();
    await db.schema.createIndex('jobs_running_lease').on('jobs').columns(['status', 'locked_until']).execute();
    await db.schema.createIndex('reviews_run').on('reviews').columns(['run_id', 'created_at']).execute();
  },
  async down(db: AnyDb) {
    for (const index of ['reviews_run', 'jobs_running_lease', 'jobs_one_running_per_singleton']) await db.schema.dropIndex(index).ifExists().execute();
  },
};

/**
 * The outbox's delivery state (src/mail): a status beyond sent/not sent (skipped, dead), when the
 * next attempt may start (back-off), and a lease so two deliverers never hold one message at once.
 */
export const outboxDeliveryMigration: Migration = {
  async up(db: AnyDb) {
    // One column per statement: SQLite's ALTER TABLE adds a single column at a time.
    await db.schema.alterTable('outbox').addColumn('status', 'text', (c) => c.notNull().defaultTo('pending')).execute();
    await db.schema.alterTable('outbox').addColumn('next_attempt_at', 'text').execute();
    await db.schema.alterTable('outbox').addColumn('locked_by', 'text').execute();
    await db.schema.alterTable('outbox').addColumn('locked_until', 'text').execute();
    await db.updateTable('outbox').set({ status: 'sent' }).where('sent_at', 'is not', null).execute();
    await db.schema.createIndex('outbox_delivery').on('outbox').columns(['status', 'next_attempt_at', 'created_at']).execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropIndex('outbox_delivery').ifExists().execute();
    for (const column of ['locked_until', 'locked_by', 'next_attempt_at', 'status']) {
      await db.schema.alterTable('outbox').dropColumn(column).execute();
    }
  },
};

/** Every migration, by name; names sort in the order they must run. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_initial': initial,
  '0002_jobs_leases': jobsLeases,
  '0003_outbox_delivery': outboxDeliveryMigration,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...MIGRATIONS }),
};
