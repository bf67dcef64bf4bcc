// The outbox's delivery state: a status beyond sent/not sent (skipped, dead), when the next attempt
// may start (back-off), and a lease (`locked_by`, `locked_until`) so that two deliverers, in one
// process or several, never hold the same message at once. The migration itself lives with the
// store's (src/store/migrations.ts, OUTBOX_DELIVERY_MIGRATION_NAME); `ensureOutboxDeliverySchema`
// applies it to a database the migrator has not brought up to date (tests of this module alone).
import { sql, type Kysely } from 'kysely';
import { outboxDeliveryMigration } from '../store/migrations.js';
import type { Database, OutboxDeliveryStatus } from '../store/schema.js';

export { outboxDeliveryMigration };
export type { OutboxDeliveryStatus };

export const OUTBOX_DELIVERY_MIGRATION_NAME = '0003_outbox_delivery';

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
