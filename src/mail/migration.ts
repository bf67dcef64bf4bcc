// The outbox's delivery state: a status beyond sent/not sent (skipped, dead), when the next attempt
// may start (back-off), and a lease (`locked_by`, `locked_until`) so that two deliverers, in one
// process or several, never hold the same message at once. Register it in src/store/migrations.ts
// under OUTBOX_DELIVERY_MIGRATION_NAME; until then `ensureOutboxDeliverySchema` applies it (tests).
import { sql, type Kysely, type Migration } from 'kysely';
import type { Database, OutboxTable } from '../store/schema.js';

export const OUTBOX_DELIVERY_MIGRATION_NAME = '0003_outbox_delivery';

/** Where a message is in its delivery. `sent_at` stays the time the transport accepted it. */
export type OutboxDeliveryStatus = 'pending' | 'sent' | 'skipped' | 'dead';

export interface OutboxDeliveryColumns {
  status: OutboxDeliveryStatus;
  /** ISO time before which the message is not retried (null: now). */
  next_attempt_at: string | null;
  /** The deliverer holding the lease, and until when; an expired lease is free to take. */
  locked_by: string | null;
  locked_until: string | null;
}

/** The store's tables with the delivery columns on `outbox` (until schema.ts declares them). */
export type MailDatabase = Omit<Database, 'outbox'> & { outbox: OutboxTable & OutboxDeliveryColumns };

// Migrations run before the typed schema exists; `any` is Kysely's documented type for them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

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

/**
 * Applies the migration unless the outbox already has its columns (because the store's migrator
 * ran it). For tests and for a store opened before the migration was registered.
 */
export async function ensureOutboxDeliverySchema(db: Kysely<Database>): Promise<void> {
  if (await hasOutboxDeliveryColumns(db)) return;
  await outboxDeliveryMigration.up(db);
}

export async function hasOutboxDeliveryColumns(db: Kysely<Database>): Promise<boolean> {
  try {
    await sql`SELECT status, next_attempt_at, locked_by, locked_until FROM outbox WHERE 1 = 0`.execute(db);
    return true;
  } catch {
    return false;
  }
}
