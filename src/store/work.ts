// Certification runs, reviews, the outbox and the job queue: the statements the API, the pipeline
// worker (src/jobs/, src/pipeline/) and the reviewer workflow run. Draining the outbox belongs to
// the e-mail part (src/mail/), over the same table.
import { PostgresAdapter, type Kysely } from 'kysely';
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

  /** The run's newest first: the latest run of a connector (optionally of one kind) is `[0]`. */
  async latestForConnector(connectorId: string, kinds?: readonly RunKind[]): Promise<CertificationRun | undefined> {
    let query = this.db.selectFrom('certification_runs').selectAll().where('connector_id', '=', connectorId);
    if (kinds && kinds.length > 0) query = query.where('kind', 'in', [...kinds]);
    const row = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
    return row ? runFromRow(row) : undefined;
  }

  /** Marks a queued run running (first start only: a retried attempt keeps the first start time). */
  async start(id: string, now = new Date()): Promise<void> {
    await this.db
      .updateTable('certification_runs')
      .set({ status: 'running', started_at: now.toISOString() })
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .execute();
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

export type JobStatus = 'queued' | 'running' | 'done' | 'dead' | 'cancelled';

export interface Job {
  id: string;
  queue: string;
  payload: unknown;
  status: JobStatus;
  singletonKey?: string;
  runAt: string;
  /** Claims so far (the running attempt included). */
  attempts: number;
  maxAttempts: number;
  lockedBy?: string;
  lockedUntil?: string;
  lastError?: string;
  createdAt: string;
  updatedAt: string;
}

/** Retries a job gets before it is dead-lettered, unless the enqueuer says otherwise. */
export const DEFAULT_JOB_MAX_ATTEMPTS = 3;
/** Stored error messages are cut to this length (a stack trace is for the log, not the row). */
export const MAX_JOB_ERROR_CHARS = 2000;

/**
 * The job queue's statements. Every state change is one statement guarded by the lease holder
 * (`locked_by`), so a worker that lost its lease (expired, and another worker took the job over)
 * cannot complete, fail or extend a job it no longer holds.
 */
export class JobRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private get postgres(): boolean {
    return this.db.getExecutor().adapter instanceof PostgresAdapter;
  }

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
      updatedAt: now,
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

  /**
   * Claims the next due job of `queues` for `workerId` until `now + leaseMs`, in one statement:
   * a queued job whose `run_at` has come, or a running one whose lease expired (its worker died)
   * and that has attempts left. A job whose singleton key has another job running is not taken.
   * On PostgreSQL the candidate row is locked with FOR UPDATE SKIP LOCKED, so concurrent claims
   * pass each other by; SQLite runs one writer at a time. The partial unique index on running
   * singleton keys turns the remaining race (two jobs of one key claimed at once) into a unique
   * violation, which is reported here as nothing claimed.
   */
  async claim(input: { queues: readonly string[]; workerId: string; leaseMs: number; now?: Date }): Promise<Job | undefined> {
    if (input.queues.length === 0) return undefined;
    const at = input.now ?? new Date();
    const now = at.toISOString();
    const lockedUntil = new Date(at.getTime() + input.leaseMs).toISOString();
    let candidate = this.db
      .selectFrom('jobs as j')
      .select('j.id')
      .where('j.queue', 'in', [...input.queues])
      .where((eb) =>
        eb.or([
          eb.and([eb('j.status', '=', 'queued'), eb('j.run_at', '<=', now)]),
          eb.and([eb('j.status', '=', 'running'), eb('j.locked_until', '<', now), eb('j.attempts', '<', eb.ref('j.max_attempts'))]),
        ]),
      )
      .where((eb) =>
        eb.or([
          eb('j.singleton_key', 'is', null),
          eb.not(
            eb.exists(
              eb
                .selectFrom('jobs as o')
                .select('o.id')
                .whereRef('o.singleton_key', '=', 'j.singleton_key')
                .whereRef('o.id', '<>', 'j.id')
                .where('o.status', '=', 'running'),
            ),
          ),
        ]),
      )
      .orderBy('j.run_at')
      .orderBy('j.created_at')
      .orderBy('j.id')
      .limit(1);
    if (this.postgres) candidate = candidate.forUpdate().skipLocked();
    try {
      const row = await this.db
        .updateTable('jobs')
        .set((eb) => ({ status: 'running', locked_by: input.workerId, locked_until: lockedUntil, attempts: eb('attempts', '+', 1), updated_at: now }))
        .where('id', '=', candidate)
        .returningAll()
        .executeTakeFirst();
      return row ? jobFromRow(row) : undefined;
    } catch (error) {
      if (isUniqueViolationCode(error)) return undefined;
      throw error;
    }
  }

  /** Extends the lease; false when `workerId` no longer holds the job (it must stop working on it). */
  async heartbeat(id: string, workerId: string, leaseMs: number, now = new Date()): Promise<boolean> {
    const result = await this.db
      .updateTable('jobs')
      .set({ locked_until: new Date(now.getTime() + leaseMs).toISOString(), updated_at: now.toISOString() })
      .where('id', '=', id)
      .where('locked_by', '=', workerId)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Marks the job done; false when the lease was lost (another worker owns the job now). */
  async complete(id: string, workerId: string, now = new Date()): Promise<boolean> {
    const result = await this.db
      .updateTable('jobs')
      .set({ status: 'done', locked_by: null, locked_until: null, last_error: null, updated_at: now.toISOString() })
      .where('id', '=', id)
      .where('locked_by', '=', workerId)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Records a failed attempt: back to the queue at `retryAt`, or `dead` when `retryAt` is
   * undefined (attempts exhausted or a permanent error). Returns the new status, or undefined when
   * the lease was lost.
   */
  async fail(id: string, workerId: string, error: string, retryAt: Date | undefined, now = new Date()): Promise<'queued' | 'dead' | undefined> {
    const status = retryAt ? 'queued' : 'dead';
    const result = await this.db
      .updateTable('jobs')
      .set({
        status,
        run_at: retryAt ? retryAt.toISOString() : now.toISOString(),
        locked_by: null,
        locked_until: null,
        last_error: error.slice(0, MAX_JOB_ERROR_CHARS),
        updated_at: now.toISOString(),
      })
      .where('id', '=', id)
      .where('locked_by', '=', workerId)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1 ? status : undefined;
  }

  /** Hands a job back unfinished (a stopping worker): queued again, the attempt not counted. */
  async release(id: string, workerId: string, now = new Date()): Promise<boolean> {
    const result = await this.db
      .updateTable('jobs')
      .set((eb) => ({ status: 'queued', run_at: now.toISOString(), locked_by: null, locked_until: null, attempts: eb('attempts', '-', 1), updated_at: now.toISOString() }))
      .where('id', '=', id)
      .where('locked_by', '=', workerId)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Dead-letters running jobs whose lease expired with no attempts left: their workers died on
   * every attempt (a job that crashes the process must not be retried forever).
   */
  async reapExpired(queues: readonly string[], now = new Date()): Promise<Job[]> {
    if (queues.length === 0) return [];
    const at = now.toISOString();
    const rows = await this.db
      .updateTable('jobs')
      .set((eb) => ({
        status: 'dead',
        locked_by: null,
        locked_until: null,
        last_error: eb.fn.coalesce('last_error', eb.val('lease expired on the last attempt: the worker stopped or crashed while running the job')),
        updated_at: at,
      }))
      .where('queue', 'in', [...queues])
      .where('status', '=', 'running')
      .where('locked_until', '<', at)
      .where((eb) => eb('attempts', '>=', eb.ref('max_attempts')))
      .returningAll()
      .execute();
    return rows.map(jobFromRow);
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

  async get(id: string): Promise<Job | undefined> {
    const row = await this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? jobFromRow(row) : undefined;
  }

  async list(filter: { queue?: string; status?: string } = {}): Promise<Job[]> {
    let query = this.db.selectFrom('jobs').selectAll();
    if (filter.queue) query = query.where('queue', '=', filter.queue);
    if (filter.status) query = query.where('status', '=', filter.status);
    const rows = await query.orderBy('created_at').orderBy('id').execute();
    return rows.map(jobFromRow);
  }
}

function jobFromRow(row: Database['jobs']): Job {
  return {
    id: row.id,
    queue: row.queue,
    payload: JSON.parse(row.payload),
    status: row.status as JobStatus,
    ...(row.singleton_key ? { singletonKey: row.singleton_key } : {}),
    runAt: row.run_at,
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    ...(row.locked_by ? { lockedBy: row.locked_by } : {}),
    ...(row.locked_until ? { lockedUntil: row.locked_until } : {}),
    ...(row.last_error ? { lastError: row.last_error } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function isUniqueViolationCode(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
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
    const rows = await this.db.selectFrom('outbox').selectAll().where('status', '=', 'pending').orderBy('created_at').orderBy('id').limit(limit).execute();
    return rows.map((row) => ({ id: row.id, topic: row.topic, aggregateId: row.aggregate_id, payload: JSON.parse(row.payload), createdAt: row.created_at, attempts: row.attempts }));
  }
}

export type ReviewKind = 'comment' | 'claim' | 'note' | 'checklist' | 'approve' | 'reject';

export interface Review {
  id: string;
  connectorId: string;
  runId?: string;
  reviewer: string;
  /** comment: a certification comment; claim: took the review; note / checklist: the reviewer's work; approve / reject: the decision. */
  kind: ReviewKind;
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
    return rows.map(reviewFromRow);
  }

  /** Entries of one run, oldest first. */
  async listForRun(runId: string): Promise<Review[]> {
    const rows = await this.db.selectFrom('reviews').selectAll().where('run_id', '=', runId).orderBy('created_at').orderBy('id').execute();
    return rows.map(reviewFromRow);
  }

  /** Ids of the ConnectorStaged in these statuses (the reviewer queue), longest waiting first. */
  async queue(statuses: readonly string[], limit: number, offset: number): Promise<{ total: number; ids: string[] }> {
    const base = this.db.selectFrom('connector_staged').where('status', 'in', [...statuses]);
    const total = await base.select((eb) => eb.fn.countAll().as('total')).executeTakeFirst();
    const rows = limit === 0 ? [] : await base.select('id').orderBy('last_modified_at').orderBy('id').limit(limit).offset(offset).execute();
    return { total: Number(total?.total ?? 0), ids: rows.map((r) => r.id) };
  }
}

function reviewFromRow(row: Database['reviews']): Review {
  return {
    id: row.id,
    connectorId: row.connector_id,
    ...(row.run_id ? { runId: row.run_id } : {}),
    reviewer: row.reviewer,
    kind: row.kind as ReviewKind,
    ...(row.body !== null ? { body: row.body } : {}),
    ...(row.data !== null ? { data: JSON.parse(row.data) } : {}),
    createdAt: row.created_at,
  };
}
