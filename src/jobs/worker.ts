// The job worker: claims due jobs of its queues with a lease, runs their handlers (up to
// `concurrency` at a time), extends the lease with heartbeats while a handler runs, and records the
// outcome — done, retried after an exponential back-off, or dead-lettered once attempts run out.
// A job whose worker died keeps its row in `running` until the lease expires; the next claim of any
// worker takes it over (crash recovery). Handlers must therefore be idempotent: a second run of a
// half-finished job must find what the first one committed and not do it again.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Job, Store } from '../store/index.js';

/** How long a claim holds a job before another worker may take it over (heartbeats renew it). */
export const DEFAULT_LEASE_MS = 60_000;
/** How often an idle worker looks for due jobs. */
export const DEFAULT_POLL_INTERVAL_MS = 1_000;
/** First retry delay; each further attempt doubles it, up to DEFAULT_BACKOFF.maxMs. */
export const DEFAULT_BACKOFF = { baseMs: 10_000, maxMs: 10 * 60_000 } as const;
/** How long `stop()` waits for running handlers before aborting them and handing their jobs back. */
export const DEFAULT_STOP_GRACE_MS = 30_000;

/** A failure that retrying cannot fix (bad payload, missing data): the job goes straight to `dead`. */
export class PermanentJobError extends Error {}

export interface JobLogger {
  info(object: Record<string, unknown>, message: string): void;
  warn(object: Record<string, unknown>, message: string): void;
  error(object: Record<string, unknown>, message: string): void;
}

const SILENT: JobLogger = { info() {}, warn() {}, error() {} };

export interface JobContext {
  job: Job;
  /** 1 on the first attempt. */
  attempt: number;
  /** Retrying after this attempt fails is not possible: the handler may record a final failure. */
  lastAttempt: boolean;
  /** Fires when the worker stops hard or the lease was lost; the handler must stop soon after. */
  signal: AbortSignal;
  workerId: string;
  log: JobLogger;
}

export interface JobHandler {
  run(context: JobContext): Promise<void>;
  /**
   * Called once a job is dead (attempts exhausted, permanent error, or lease expired on the last
   * attempt), so the domain can record the failure. Must be idempotent: it may run more than once.
   */
  onDead?(job: Job, error: string): Promise<void>;
}

export interface WorkerOptions {
  store: Pick<Store, 'jobs'>;
  /** Handlers by queue name; the worker claims from these queues only. */
  handlers: Readonly<Record<string, JobHandler>>;
  /** Jobs run side by side (default 1). */
  concurrency?: number;
  pollIntervalMs?: number;
  leaseMs?: number;
  /** Default: a third of the lease, so two missed heartbeats still keep the job. */
  heartbeatMs?: number;
  backoff?: { baseMs: number; maxMs: number };
  /** Default `{hostname}:{pid}:{random}`: unique per worker, readable in the jobs table. */
  workerId?: string;
  /** Aborting it stops the worker as `stop()` does. */
  signal?: AbortSignal;
  log?: JobLogger;
  now?: () => Date;
}

export interface Worker {
  readonly workerId: string;
  /** Jobs currently running in this worker. */
  readonly active: number;
  /** Looks for work now instead of at the next poll (e.g. right after enqueueing). */
  wake(): void;
  /**
   * Stops claiming; waits up to `graceMs` for running handlers, then aborts them and releases
   * their jobs back to the queue. Resolves when every handler has returned.
   */
  stop(graceMs?: number): Promise<void>;
  /** Resolves when the worker has stopped. */
  readonly stopped: Promise<void>;
}

/** Delay before attempt `attempt + 1`: base · 2^(attempt−1), capped. */
export function backoffDelay(attempt: number, backoff: { baseMs: number; maxMs: number } = DEFAULT_BACKOFF): number {
  return Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
}

export function startWorker(options: WorkerOptions): Worker {
  const jobs = options.store.jobs;
  const queues = Object.keys(options.handlers);
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const heartbeatMs = options.heartbeatMs ?? Math.max(10, Math.floor(leaseMs / 3));
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const log = options.log ?? SILENT;
  const now = options.now ?? (() => new Date());

  let stopping = false;
  const running = new Map<string, { abort: AbortController; done: Promise<void> }>();
  let wakeUp: (() => void) | undefined;
  const wake = () => {
    wakeUp?.();
  };
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });

  async function reap(): Promise<void> {
    for (const job of await jobs.reapExpired(queues, now())) {
      log.error({ jobId: job.id, queue: job.queue, attempts: job.attempts }, 'job dead: lease expired on its last attempt');
      await notifyDead(job, job.lastError ?? 'lease expired');
    }
  }

  async function notifyDead(job: Job, error: string): Promise<void> {
    try {
      await options.handlers[job.queue]?.onDead?.(job, error);
    } catch (deadError) {
      log.error({ jobId: job.id, queue: job.queue, err: String(deadError) }, 'recording a dead job failed');
    }
  }

  async function execute(job: Job, abort: AbortController): Promise<void> {
    const handler = options.handlers[job.queue]!;
    const context: JobContext = { job, attempt: job.attempts, lastAttempt: job.attempts >= job.maxAttempts, signal: abort.signal, workerId, log };
    let leaseLost = false;
    const heartbeat = setInterval(() => {
      jobs.heartbeat(job.id, workerId, leaseMs, now()).then(
        (held) => {
          if (!held && !leaseLost) {
            leaseLost = true;
            log.warn({ jobId: job.id, queue: job.queue }, 'job lease lost: another worker took the job over; stopping it here');
            abort.abort(new Error('job lease lost'));
          }
        },
        (error: unknown) => log.warn({ jobId: job.id, err: String(error) }, 'job heartbeat failed'),
      );
    }, heartbeatMs);
    heartbeat.unref();
    const started = Date.now();
    try {
      log.info({ jobId: job.id, queue: job.queue, attempt: job.attempts }, 'job started');
      await handler.run(context);
      if (await jobs.complete(job.id, workerId, now())) log.info({ jobId: job.id, queue: job.queue, durationMs: Date.now() - started }, 'job done');
      else log.warn({ jobId: job.id }, 'job finished after its lease was lost; the other worker records the outcome');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (abort.signal.aborted && stopping && !leaseLost) {
        // Stopped hard: the attempt did not fail, it was interrupted; another worker runs it again.
        await jobs.release(job.id, workerId, now()).catch(() => undefined);
        log.warn({ jobId: job.id, queue: job.queue }, 'job interrupted by shutdown; released back to the queue');
        return;
      }
      if (leaseLost) return;
      const permanent = error instanceof PermanentJobError;
      const retryAt = permanent || job.attempts >= job.maxAttempts ? undefined : new Date(now().getTime() + backoffDelay(job.attempts, backoff));
      const status = await jobs.fail(job.id, workerId, message, retryAt, now());
      if (status === 'dead') {
        log.error({ jobId: job.id, queue: job.queue, attempts: job.attempts, err: message }, 'job dead');
        await notifyDead({ ...job, status: 'dead', lastError: message }, message);
      } else if (status === 'queued') {
        log.warn({ jobId: job.id, queue: job.queue, attempt: job.attempts, retryAt: retryAt!.toISOString(), err: message }, 'job failed; retrying later');
      }
    } finally {
      clearInterval(heartbeat);
    }
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      let claimed: Job | undefined;
      if (running.size < concurrency) {
        try {
          await reap();
          claimed = await jobs.claim({ queues, workerId, leaseMs, now: now() });
        } catch (error) {
          log.error({ err: String(error) }, 'claiming a job failed');
        }
      }
      if (claimed) {
        const job = claimed;
        const abort = new AbortController();
        const done = execute(job, abort).finally(() => {
          running.delete(job.id);
          wake();
        });
        running.set(job.id, { abort, done });
        continue; // there may be more due jobs
      }
      if (stopping) break;
      await sleep(pollIntervalMs);
    }
  }

  const loopDone = loop();

  let stopPromise: Promise<void> | undefined;
  const stop = (graceMs = DEFAULT_STOP_GRACE_MS) =>
    (stopPromise ??= (async () => {
      stopping = true;
      wake();
      await loopDone;
      const all = Promise.all([...running.values()].map((r) => r.done));
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)));
      if ((await Promise.race([all.then(() => 'done' as const), graceOver])) === 'timeout') {
        for (const r of running.values()) r.abort.abort(new Error('worker stopping'));
        await all;
      }
      clearTimeout(timer);
      resolveStopped();
    })());

  options.signal?.addEventListener('abort', () => void stop(), { once: true });
  if (options.signal?.aborted) void stop();

  return {
    workerId,
    get active() {
      return running.size;
    },
    wake,
    stop,
    stopped,
  };
}
