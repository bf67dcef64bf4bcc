// Table shapes as Kysely sees them. The same columns exist on SQLite and PostgreSQL, so every value
// is a type both store the same way: text (ids, ISO-8601 UTC timestamps, JSON documents), integer
// (versions, counters, 0/1 flags). Timestamps are `Date#toISOString()` strings, which sort
// lexicographically in time order on both databases.
import type { ColumnType } from 'kysely';

/** An OAuth client: a creator's project client or a reviewer (scope `certify_connectors`). */
export interface ApiClientTable {
  id: string;
  name: string;
  /** `scrypt$N$r$p$salt$hash` (base64url); the secret itself is shown once, at creation. */
  secret_hash: string;
  /** Space-separated scopes, in the order given at creation. */
  scopes: string;
  created_at: string;
  revoked_at: string | null;
}

/** Issued bearer tokens, stored as SHA-256 of the token (the token has 256 bits of entropy). */
export interface AccessTokenTable {
  token_hash: string;
  client_id: string;
  scopes: string;
  expires_at: string;
  created_at: string;
}

/**
 * ConnectorStaged. `document` holds the full Connect representation (JSON); the other columns are
 * projections of it (for lookups, filters and sorting) written by the same code path, plus the
 * owner's project key and the lifecycle data Connect does not expose.
 */
export interface ConnectorStagedTable {
  id: string;
  key: string | null;
  version: number;
  project_key: string;
  name: string;
  description: string;
  status: string;
  is_private: number;
  creator_company: string | null;
  /** JSON array of integration types (filtered with a quoted LIKE). */
  integration_types: string;
  repository_url: string;
  repository_tag: string;
  /** JSON: `StagedLifecycle` (pinned commit, pending publish/preview, published/certified flags). */
  lifecycle: string;
  document: string;
  created_at: string;
  last_modified_at: string;
}

/** The published Connector (same id as its ConnectorStaged), written when publishing succeeds. */
export interface ConnectorTable {
  id: string;
  key: string | null;
  version: number;
  project_key: string;
  name: string;
  description: string;
  is_private: number;
  certified: number;
  /** Listed on the marketplace (certified and not unlisted). */
  listed: number;
  creator_company: string | null;
  integration_types: string;
  /** JSON array of the project keys of `privateProjects` (quoted, for LIKE filters). */
  private_project_keys: string;
  document: string;
  created_at: string;
  last_modified_at: string;
}

/** One certification / publishing / preview run of the pipeline over a connector at a tag. */
export interface CertificationRunTable {
  id: string;
  connector_id: string;
  /** ConnectorStaged version the run was requested for. */
  connector_version: number;
  kind: string;
  status: string;
  repository_url: string;
  repository_tag: string;
  /** The commit the tag pointed at when the run started (REPO-TAG re-checks it at the end). */
  commit_sha: string | null;
  verdict: string | null;
  /** The engine's full report (JSON), once the run finished. */
  report: string | null;
  requested_by: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

/** Reviewer decisions and comments on a connector (and optionally a run). */
export interface ReviewTable {
  id: string;
  connector_id: string;
  run_id: string | null;
  reviewer: string;
  /** 'comment' | 'claim' | 'note' | 'checklist' | 'approve' | 'reject' */
  kind: string;
  body: string | null;
  /** JSON payload for structured entries (checklist item states, rejection reasons). */
  data: string | null;
  created_at: string;
}

/** Events written in the same transaction as the change they describe; the e-mail sender drains it. */
export interface OutboxTable {
  id: string;
  topic: string;
  aggregate_id: string;
  payload: string;
  created_at: string;
  sent_at: string | null;
  attempts: number;
  last_error: string | null;
  /** Delivery state (migration 0003_outbox_delivery, src/mail): 'pending' by default. */
  status: ColumnType<OutboxDeliveryStatus, OutboxDeliveryStatus | undefined, OutboxDeliveryStatus>;
  /** ISO time before which the message is not retried (null: now). */
  next_attempt_at: string | null;
  /** The deliverer holding the lease, and until when; an expired lease is free to take. */
  locked_by: string | null;
  locked_until: string | null;
}

/** Where an outbox message is in its delivery. `sent_at` stays the time the transport accepted it. */
export type OutboxDeliveryStatus = 'pending' | 'sent' | 'skipped' | 'dead';

/**
 * Durable jobs (src/jobs/): claimed with a lease (`locked_by` until `locked_until`) that heartbeats
 * extend; an expired lease returns the job to the next claim (crash recovery).
 */
export interface JobTable {
  id: string;
  queue: string;
  payload: string;
  /** 'queued' | 'running' | 'done' | 'dead' (attempts exhausted; `last_error` says why) | 'cancelled' */
  status: string;
  /**
   * Groups jobs that must not run side by side (`publish:{id}`, `preview:{id}`); the status machine
   * keeps a second one from being enqueued, and a partial unique index lets one per key run.
   */
  singleton_key: string | null;
  run_at: string;
  attempts: number;
  max_attempts: number;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface Database {
  api_clients: ApiClientTable;
  access_tokens: AccessTokenTable;
  connector_staged: ConnectorStagedTable;
  connectors: ConnectorTable;
  certification_runs: CertificationRunTable;
  reviews: ReviewTable;
  outbox: OutboxTable;
  jobs: JobTable;
}
