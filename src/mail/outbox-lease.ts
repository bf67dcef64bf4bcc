// The outbox seen by deliverers: claim a due message under a lease, extend the lease while sending,
// and settle it (sent, retry later, skipped, dead). Every write after the claim is conditional on
// `locked_by` still being this deliverer, so a deliverer that lost its lease cannot overwrite the
// outcome of the one that took over. Claims are one conditional UPDATE per row, which is atomic on
// SQLite (one writer) and on PostgreSQL (the row lock makes a second UPDATE re-check the WHERE).
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { OutboxDeliveryStatus } from './migration.js';

export interface ClaimedMessage {
  id: string;
  topic: string;
  aggregateId: string;
  payload: string;
  createdAt: string;
  /** Attempts including this one. */
  attempts: number;
  leaseUntil: string;
}

/** Longest `last_error` kept: SMTP replies can be long, and the column is for people to read. */
const MAX_ERROR_LENGTH = 1_000;

export class OutboxLease {
  constructor(
    private readonly db: Kysely<Database>,
    /** This deliverer's id, unique across processes (written to `locked_by`). */
    readonly owner: string,
  ) {}

  /** The Kysely instance, for the fact lookups. */
  get database(): Kysely<Database> {
    return this.db;
  }

  /**
   * Claims up to `limit` due messages (pending, retry time reached, lease free or expired), oldest
   * first. Another deliverer racing for the same row gets 0 rows from its UPDATE and skips it.
   */
  async claim(limit: number, leaseMs: number, now = new Date()): Promise<ClaimedMessage[]> {
    const at = now.toISOString();
    const candidates = await this.db
      .selectFrom('outbox')
      .select('id')
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', at)]))
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at)]))
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    const claimed: ClaimedMessage[] = [];
    const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
    for (const { id } of candidates) {
      const row = await this.db
        .updateTable('outbox')
        .set((eb) => ({ locked_by: this.owner, locked_until: leaseUntil, attempts: eb('attempts', '+', 1) }))
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at)]))
        .returning(['id', 'topic', 'aggregate_id', 'payload', 'created_at', 'attempts'])
        .executeTakeFirst();
      if (row) claimed.push({ id: row.id, topic: row.topic, aggregateId: row.aggregate_id, payload: row.payload, createdAt: row.created_at, attempts: row.attempts, leaseUntil });
    }
    return claimed;
  }

  /** Extends the lease; false when it was lost (expired and taken, or settled by someone else). */
  async extend(id: string, leaseMs: number, now = new Date()): Promise<boolean> {
    const result = await this.db
      .updateTable('outbox')
      .set({ locked_until: new Date(now.getTime() + leaseMs).toISOString() })
      .where('id', '=', id)
      .where('locked_by', '=', this.owner)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** The transport accepted the message. One primary-key UPDATE, run right after the accept. */
  async markSent(id: string, now = new Date()): Promise<boolean> {
    return this.settle(id, 'sent', { sent_at: now.toISOString(), last_error: null });
  }

  /** Not an error: there is nothing to send (no recipient, a topic without an e-mail). */
  async markSkipped(id: string, reason: string): Promise<boolean> {
    return this.settle(id, 'skipped', { last_error: truncate(`skipped: ${reason}`) });
  }

  /** Gave up: too many attempts, or a permanent rejection. */
  async markDead(id: string, error: string): Promise<boolean> {
    return this.settle(id, 'dead', { last_error: truncate(error) });
  }

  /** A failed attempt to retry at `retryAt`. */
  async markRetry(id: string, error: string, retryAt: Date): Promise<boolean> {
    return this.settle(id, 'pending', { last_error: truncate(error), next_attempt_at: retryAt.toISOString() });
  }

  private async settle(id: string, status: OutboxDeliveryStatus, values: { sent_at?: string; last_error: string | null; next_attempt_at?: string }): Promise<boolean> {
    const result = await this.db
      .updateTable('outbox')
      .set({ ...values, status, locked_by: null, locked_until: null })
      .where('id', '=', id)
      .where('locked_by', '=', this.owner)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}

function truncate(text: string): string {
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}
