// Certification runs, reviews, the outbox and the job queue. Only what the API needs now (create,
// read, list) lives here; claiming jobs and draining the outbox belong to the workers that come
// with the pipeline and e-mail parts, and use the same tables.
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { newId } from './secrets.js';

export type RunKind = 'publish' | 'certification' | 'preview';
export type RunStatus = 'queued' | 'running' | 'passed' | 'failed' | 'error' | 'cancelled';

export interface CertificationRun {
  id: string;
  connectorId: string;
  connectorVersion: number;
  kind: RunKind;
  status: RunStatus;
  repository: { url: string; tag: string };
  commit?: string;
  verdict?: string;
  report?: unknown;
  requestedBy: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
}

export interface NewRun {
  id?: string;
  connectorId: string;
  connectorVersion: number;
  kind: RunKind;
  repository: { url: string; tag: string };
  commit?: string;
  requestedBy: string;
  now?: Date;
}

export class RunRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(input: NewRun): Promise<CertificationRun> {
    const id = input.id ?? newId();
    const createdAt = (input.now ?? new Date()).toISOString();
    await this.db
      .insertInto('certification_runs')
      .values({
        id,
        connector_id: input.connectorId,
        connector_version: input.connectorVersion,
        kind: input.kind,
        status: 'queued',
        repository_url: input.repository.url,
        repository_tag: input.repository.tag,
        commit_sha: input.commit ?? null,
        verdict: null,
        report: null,
        requested_by: input.requestedBy,
        created_at: createdAt,
        started_at: null,
        finished_at: null,
      })
      .execute();
    return { id, connectorId: input.connectorId, connectorVersion: input.connectorVersion, kind: input.kind, status: 'queued', repository: { ...input.repository }, ...(input.commit ? { commit: input.commit } : {}), requestedBy: input.requestedBy, createdAt };
  }

  async get(id: string): Promise<CertificationRun | undefined> {
    const row = await this.db.selectFrom('certification_runs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? runFromRow(row) : undefined;
  }

  async listForConnector(connectorId: string): Promise<CertificationRun[]> {
    const rows = await this.db.selectFrom('certification_runs').selectAll().where('connector_id', '=', connectorId).orderBy('created_at').orderBy('id').execute();
    return rows.map(runFromRow);
  }

  /** Records the outcome of a run (the pipeline worker calls this with the engine's report). */
  async finish(id: string, outcome: { status: RunStatus; verdict?: string; report?: unknown; commit?: string; now?: Date }): Promise<void> {
    await this.db
      .updateTable('certification_runs')
      .set({
        status: outcome.status,
        verdict: outcome.verdict ?? null,
        report: outcome.report === undefined ? null : JSON.stringify(outcome.report),
        ...(outcome.commit ? { commit_sha: outcome.commit } : {}),
        finished_at: (outcome.now ?? new Date()).toISOString(),
      })
      .where('id', '=', id)
      .execute();
  }
}

function runFromRow(row: Database['certification_runs']): CertificationRun {
  const run: CertificationRun = {
    id: row.id,
    connectorId: row.connector_id,
    connectorVersion: row.connector_version,
    kind: row.kind as RunKind,
    status: row.status as RunStatus,
    repository: { url: row.repository_url, tag: row.repository_tag },
    requestedBy: row.requested_by,
    createdAt: row.created_at,
  };
  if (row.commit_sha) run.commit = row.commit_sha;
  if (row.verdict) run.verdict = row.verdict;
  if (row.report) run.report = JSON.parse(row.report);
  if (row.started_at) run.startedAt = row.started_at;
  if (row.finished_at) run.finishedAt = row.finished_at;
  return run;
}

export interface Job {
  id: string;
  queue: string;
  payload: unknown;
  status: string;
  singletonKey?: string;
  runAt: string;
  attempts: number;
  maxAttempts: number;
  createdAt: string;
}

/** Retries a job gets before it is marked failed, unless the enqueuer says otherwise. */
export const DEFAULT_JOB_MAX_ATTEMPTS = 3;

export class JobRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async enqueue(input: { id?: string; queue: string; payload: unknown; singletonKey?: string; runAt?: Date; maxAttempts?: number; now?: Date }): Promise<Job> {
    const now = (input.now ?? new Date()).toISOString();
    const job: Job = {
      id: input.id ?? newId(),
      queue: input.queue,
      payload: input.payload,
      status: 'queued',
      ...(input.singletonKey ? { singletonKey: input.singletonKey } : {}),
      runAt: (input.runAt ?? input.now ?? new Date()).toISOString(),
      attempts: 0,
      maxAttempts: input.maxAttempts ?? DEFAULT_JOB_MAX_ATTEMPTS,
      createdAt: now,
    };
    await this.db
      .insertInto('jobs')
      .values({
        id: job.id,
        queue: job.queue,
        payload: JSON.stringify(job.payload),
        status: job.status,
        singleton_key: job.singletonKey ?? null,
        run_at: job.runAt,
        attempts: 0,
        max_attempts: job.maxAttempts,
        locked_by: null,
        locked_until: null,
        last_error: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    return job;
  }

  /** Cancels queued jobs of a singleton key (e.g. a preview superseded by a publish). */
  async cancelQueued(singletonKey: string, now = new Date()): Promise<number> {
    const result = await this.db
      .updateTable('jobs')
      .set({ status: 'cancelled', updated_at: now.toISOString() })
      .where('singleton_key', '=', singletonKey)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async list(filter: { queue?: string; status?: string } = {}): Promise<Job[]> {
    let query = this.db.selectFrom('jobs').selectAll();
    if (filter.queue) query = query.where('queue', '=', filter.queue);
    if (filter.status) query = query.where('status', '=', filter.status);
    const rows = await query.orderBy('created_at').orderBy('id').execute();
    return rows.map((row) => ({
      id: row.id,
      queue: row.queue,
      payload: JSON.parse(row.payload),
      status: row.status,
      ...(row.singleton_key ? { singletonKey: row.singleton_key } : {}),
      runAt: row.run_at,
      attempts: row.attempts,
      maxAttempts: row.max_attempts,
      createdAt: row.created_at,
    }));
  }
}

export interface OutboxMessage {
  id: string;
  topic: string;
  aggregateId: string;
  payload: unknown;
  createdAt: string;
  sentAt?: string;
  attempts: number;
}

export class OutboxRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async add(input: { topic: string; aggregateId: string; payload: unknown; now?: Date }): Promise<OutboxMessage> {
    const message: OutboxMessage = {
      id: newId(),
      topic: input.topic,
      aggregateId: input.aggregateId,
      payload: input.payload,
      createdAt: (input.now ?? new Date()).toISOString(),
      attempts: 0,
    };
    await this.db
      .insertInto('outbox')
      .values({ id: message.id, topic: message.topic, aggregate_id: message.aggregateId, payload: JSON.stringify(message.payload), created_at: message.createdAt, sent_at: null, attempts: 0, last_error: null })
      .execute();
    return message;
  }

  async pending(limit = 100): Promise<OutboxMessage[]> {
    const rows = await this.db.selectFrom('outbox').selectAll().where('sent_at', 'is', null).orderBy('created_at').orderBy('id').limit(limit).execute();
    return rows.map((row) => ({ id: row.id, topic: row.topic, aggregateId: row.aggregate_id, payload: JSON.parse(row.payload), createdAt: row.created_at, attempts: row.attempts }));
  }
}

export interface Review {
  id: string;
  connectorId: string;
  runId?: string;
  reviewer: string;
  kind: 'comment' | 'approve' | 'reject' | 'checklist';
  body?: string;
  data?: unknown;
  createdAt: string;
}

export class ReviewRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async add(input: Omit<Review, 'id' | 'createdAt'> & { now?: Date }): Promise<Review> {
    const review: Review = {
      id: newId(),
      connectorId: input.connectorId,
      ...(input.runId ? { runId: input.runId } : {}),
      reviewer: input.reviewer,
      kind: input.kind,
      ...(input.body !== undefined ? { body: input.body } : {}),
      ...(input.data !== undefined ? { data: input.data } : {}),
      createdAt: (input.now ?? new Date()).toISOString(),
    };
    await this.db
      .insertInto('reviews')
      .values({
        id: review.id,
        connector_id: review.connectorId,
        run_id: review.runId ?? null,
        reviewer: review.reviewer,
        kind: review.kind,
        body: review.body ?? null,
        data: review.data === undefined ? null : JSON.stringify(review.data),
        created_at: review.createdAt,
      })
      .execute();
    return review;
  }

  async listForConnector(connectorId: string): Promise<Review[]> {
    const rows = await this.db.selectFrom('reviews').selectAll().where('connector_id', '=', connectorId).orderBy('created_at').orderBy('id').execute();
    return rows.map((row) => ({
      id: row.id,
      connectorId: row.connector_id,
      ...(row.run_id ? { runId: row.run_id } : {}),
      reviewer: row.reviewer,
      kind: row.kind as Review['kind'],
      ...(row.body !== null ? { body: row.body } : {}),
      ...(row.data !== null ? { data: JSON.parse(row.data) } : {}),
      createdAt: row.created_at,
    }));
  }
}
