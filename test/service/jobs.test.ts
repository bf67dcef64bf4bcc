// Durable job semantics on the real store (SQLite file, and PostgreSQL when TEST_DATABASE_URL is
// set): claims with leases, expired leases taken over (crash recovery), heartbeats, retries with
// exponential back-off, dead letters, one running job per singleton key, and the worker loop's
// concurrency and graceful stop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backoffDelay, PermanentJobError, startWorker, type JobContext } from '../../src/jobs/index.js';
import type { Job, Store } from '../../src/store/index.js';
import { openTestStore } from '../../src/store/testing.js';
import { BACKENDS } from './helpers.js';

const T0 = new Date('2026-01-01T00:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(BACKENDS)('durable jobs on %s', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let queueNo = 0;
  /** Each test uses its own queue, so jobs of one test never reach another's claims. */
  const freshQueue = () => `q${++queueNo}`;

  beforeAll(async () => {
    ({ store, dispose } = await openTestStore(backend));
  });
  afterAll(async () => {
    await dispose?.();
  });

  it('claims due jobs only, in order, with a lease and a counted attempt', async () => {
    const queue = freshQueue();
    const later = await store.jobs.enqueue({ queue, payload: { n: 2 }, now: T0, runAt: at(5_000) });
    const first = await store.jobs.enqueue({ queue, payload: { n: 1 }, now: T0 });
    const claimed = await store.jobs.claim({ queues: [queue], workerId: 'w1', leaseMs: 60_000, now: at(10) });
    expect(claimed).toMatchObject({ id: first.id, status: 'running', attempts: 1, lockedBy: 'w1', lockedUntil: at(60_010).toISOString(), payload: { n: 1 } });
    expect(await store.jobs.claim({ queues: [queue], workerId: 'w2', leaseMs: 1_000, now: at(20) })).toBeUndefined();
    const second = await store.jobs.claim({ queues: [queue], workerId: 'w2', leaseMs: 1_000, now: at(5_000) });
    expect(second?.id).toBe(later.id);
    expect(await store.jobs.claim({ queues: ['other-queue'], workerId: 'w3', leaseMs: 1_000, now: at(6_000) })).toBeUndefined();
  });

  it('returns a job with an expired lease to the next claim, and the old holder can no longer finish it', async () => {
    const queue = freshQueue();
    const job = await store.jobs.enqueue({ queue, payload: {}, now: T0 });
    await store.jobs.claim({ queues: [queue], workerId: 'crashed', leaseMs: 1_000, now: at(0) });
    expect(await store.jobs.claim({ queues: [queue], workerId: 'w2', leaseMs: 1_000, now: at(999) })).toBeUndefined();
    const takenOver = await store.jobs.claim({ queues: [queue], workerId: 'w2', leaseMs: 1_000, now: at(1_001) });
    expect(takenOver).toMatchObject({ id: job.id, attempts: 2, lockedBy: 'w2' });
    expect(await store.jobs.complete(job.id, 'crashed', at(1_100))).toBe(false);
    expect(await store.jobs.heartbeat(job.id, 'crashed', 1_000, at(1_100))).toBe(false);
    expect(await store.jobs.complete(job.id, 'w2', at(1_200))).toBe(true);
    expect(await store.jobs.get(job.id)).toMatchObject({ status: 'done', attempts: 2 });
    expect((await store.jobs.get(job.id))?.lockedBy).toBeUndefined();
  });

  it('extends the lease with heartbeats', async () => {
    const queue = freshQueue();
    const job = await store.jobs.enqueue({ queue, payload: {}, now: T0 });
    await store.jobs.claim({ queues: [queue], workerId: 'w1', leaseMs: 1_000, now: at(0) });
    expect(await store.jobs.heartbeat(job.id, 'w1', 1_000, at(800))).toBe(true);
    expect((await store.jobs.get(job.id))?.lockedUntil).toBe(at(1_800).toISOString());
    expect(await store.jobs.claim({ queues: [queue], workerId: 'w2', leaseMs: 1_000, now: at(1_500) })).toBeUndefined();
    expect((await store.jobs.claim({ queues: [queue], workerId: 'w2', leaseMs: 1_000, now: at(1_801) }))?.id).toBe(job.id);
  });

  it('dead-letters a job whose lease expired on its last attempt', async () => {
    const queue = freshQueue();
    const job = await store.jobs.enqueue({ queue, payload: {}, maxAttempts: 2, now: T0 });
    await store.jobs.claim({ queues: [queue], workerId: 'a', leaseMs: 100, now: at(0) });
    await store.jobs.claim({ queues: [queue], workerId: 'b', leaseMs: 100, now: at(200) });
    // Both attempts crashed: no third claim, the reaper marks it dead.
    expect(await store.jobs.claim({ queues: [queue], workerId: 'c', leaseMs: 100, now: at(400) })).toBeUndefined();
    const reaped = await store.jobs.reapExpired([queue], at(400));
    expect(reaped.map((j) => j.id)).toEqual([job.id]);
    expect(await store.jobs.get(job.id)).toMatchObject({ status: 'dead', attempts: 2, lastError: expect.stringMatching(/lease expired/) });
  });

  it('runs one job per singleton key at a time', async () => {
    const queue = freshQueue();
    const a = await store.jobs.enqueue({ queue, payload: { n: 'a' }, singletonKey: 'publish:x', now: T0 });
    const b = await store.jobs.enqueue({ queue, payload: { n: 'b' }, singletonKey: 'publish:x', now: at(1) });
    const other = await store.jobs.enqueue({ queue, payload: { n: 'c' }, singletonKey: 'publish:y', now: at(2) });
    expect((await store.jobs.claim({ queues: [queue], workerId: 'w1', leaseMs: 10_000, now: at(10) }))?.id).toBe(a.id);
    // b shares a's key: skipped, the next key's job is taken instead.
    expect((await store.jobs.claim({ queues: [queue], workerId: 'w2', leaseMs: 10_000, now: at(11) }))?.id).toBe(other.id);
    expect(await store.jobs.claim({ queues: [queue], workerId: 'w3', leaseMs: 10_000, now: at(12) })).toBeUndefined();
    await store.jobs.complete(a.id, 'w1', at(13));
    expect((await store.jobs.claim({ queues: [queue], workerId: 'w3', leaseMs: 10_000, now: at(14) }))?.id).toBe(b.id);
  });

  it('hands each job to exactly one of many concurrent claimers, and one per singleton key', async () => {
    const queue = freshQueue();
    const plain = await Promise.all(Array.from({ length: 12 }, (_, i) => store.jobs.enqueue({ queue, payload: { i }, now: T0 })));
    const keyed = await Promise.all(Array.from({ length: 4 }, (_, i) => store.jobs.enqueue({ queue, payload: { k: i }, singletonKey: 'publish:same', now: T0 })));
    const claims = await Promise.all(Array.from({ length: 24 }, (_, i) => store.jobs.claim({ queues: [queue], workerId: `w${i}`, leaseMs: 60_000, now: at(100) })));
    const ids = claims.filter((c): c is Job => c !== undefined).map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => plain.some((p) => p.id === id))).toHaveLength(plain.length);
    expect(ids.filter((id) => keyed.some((k) => k.id === id))).toHaveLength(1);
    const running = await store.jobs.list({ queue, status: 'running' });
    expect(running).toHaveLength(plain.length + 1);
  });

  it('retries a failing job with exponential back-off, then dead-letters it with the last error', async () => {
    const queue = freshQueue();
    let clock = at(0);
    const attempts: number[] = [];
    const dead: { job: Job; error: string }[] = [];
    const job = await store.jobs.enqueue({ queue, payload: {}, maxAttempts: 3, now: clock });
    const worker = startWorker({
      store,
      now: () => clock,
      pollIntervalMs: 10,
      backoff: { baseMs: 1_000, maxMs: 60_000 },
      handlers: {
        [queue]: {
          run: async (context: JobContext) => {
            attempts.push(context.attempt);
            throw new Error(`attempt ${context.attempt} failed`);
          },
          onDead: async (deadJob, error) => {
            dead.push({ job: deadJob, error });
          },
        },
      },
    });
    try {
      await waitFor('first attempt', async () => (await store.jobs.get(job.id))?.status === 'queued' && attempts.length === 1);
      expect(await store.jobs.get(job.id)).toMatchObject({ status: 'queued', attempts: 1, runAt: at(backoffDelay(1, { baseMs: 1_000, maxMs: 60_000 })).toISOString(), lastError: 'attempt 1 failed' });
      clock = at(999); // not due yet
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(attempts).toEqual([1]);
      clock = at(1_000);
      worker.wake();
      await waitFor('second attempt', async () => attempts.length === 2 && (await store.jobs.get(job.id))?.status === 'queued');
      // Doubled: 2 s after the second attempt.
      expect((await store.jobs.get(job.id))?.runAt).toBe(at(3_000).toISOString());
      clock = at(3_000);
      worker.wake();
      await waitFor('dead letter', async () => dead.length === 1);
      expect(attempts).toEqual([1, 2, 3]);
      expect(await store.jobs.get(job.id)).toMatchObject({ status: 'dead', attempts: 3, lastError: 'attempt 3 failed' });
      expect(dead[0]).toMatchObject({ job: { id: job.id }, error: 'attempt 3 failed' });
    } finally {
      await worker.stop();
    }
    expect(backoffDelay(1, { baseMs: 1_000, maxMs: 5_000 })).toBe(1_000);
    expect(backoffDelay(4, { baseMs: 1_000, maxMs: 5_000 })).toBe(5_000);
  });

  it('dead-letters a permanent error at once', async () => {
    const queue = freshQueue();
    const job = await store.jobs.enqueue({ queue, payload: {}, maxAttempts: 5 });
    const worker = startWorker({
      store,
      pollIntervalMs: 10,
      handlers: {
        [queue]: {
          run: async () => {
            throw new PermanentJobError('payload names no run');
          },
        },
      },
    });
    try {
      await waitFor('dead job', async () => (await store.jobs.get(job.id))?.status === 'dead');
      expect(await store.jobs.get(job.id)).toMatchObject({ attempts: 1, lastError: 'payload names no run' });
    } finally {
      await worker.stop();
    }
  });

  it('keeps a long job with heartbeats; another worker takes it over only after the holder died', async () => {
    const queue = freshQueue();
    const job = await store.jobs.enqueue({ queue, payload: {} });
    const runs: string[] = [];
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const slow = startWorker({
      store,
      workerId: 'slow',
      pollIntervalMs: 10,
      // Short enough to expire three times over during the test, long enough for a loaded machine.
      leaseMs: 1_000,
      heartbeatMs: 100,
      handlers: {
        [queue]: {
          run: async (context) => {
            runs.push(context.workerId);
            await Promise.race([blocked, new Promise((resolve) => context.signal.addEventListener('abort', resolve))]);
          },
        },
      },
    });
    // The competitor starts once slow holds the job (started together, either could claim it first).
    let other: ReturnType<typeof startWorker> | undefined;
    try {
      await waitFor('claim by slow', async () => runs.length === 1);
      expect(runs).toEqual(['slow']);
      other = startWorker({ store, workerId: 'other', pollIntervalMs: 20, leaseMs: 1_000, handlers: { [queue]: { run: async (context) => void runs.push(context.workerId) } } });
      // Three lease lengths later the job is still held: heartbeats renewed it.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(runs).toEqual(['slow']);
      expect(await store.jobs.get(job.id)).toMatchObject({ status: 'running', lockedBy: 'slow' });
      release();
      await waitFor('done', async () => (await store.jobs.get(job.id))?.status === 'done');
      expect(runs).toEqual(['slow']);
    } finally {
      await Promise.all([slow.stop(), other?.stop()]);
    }
  });

  it('runs up to `concurrency` jobs side by side', async () => {
    const queue = freshQueue();
    for (let i = 0; i < 4; i++) await store.jobs.enqueue({ queue, payload: { i } });
    let active = 0;
    let peak = 0;
    const controller = new AbortController();
    const worker = startWorker({
      store,
      concurrency: 2,
      pollIntervalMs: 10,
      signal: controller.signal,
      handlers: {
        [queue]: {
          run: async () => {
            active++;
            peak = Math.max(peak, active);
            await new Promise((resolve) => setTimeout(resolve, 150));
            active--;
          },
        },
      },
    });
    try {
      await waitFor('all done', async () => (await store.jobs.list({ queue, status: 'done' })).length === 4);
      expect(peak).toBe(2);
      // Aborting the signal stops the worker.
      controller.abort();
      await worker.stopped;
    } finally {
      await worker.stop();
    }
  });

  it('stops gracefully: waits for running handlers, then aborts them and hands their jobs back', async () => {
    const queue = freshQueue();
    const quick = await store.jobs.enqueue({ queue, payload: { quick: true }, now: at(0) });
    const stuck = await store.jobs.enqueue({ queue, payload: { quick: false }, now: at(1) });
    const started: unknown[] = [];
    const worker = startWorker({
      store,
      concurrency: 2,
      pollIntervalMs: 10,
      handlers: {
        [queue]: {
          run: async (context) => {
            started.push(context.job.payload);
            if ((context.job.payload as { quick: boolean }).quick) {
              await new Promise((resolve) => setTimeout(resolve, 100));
              return;
            }
            await new Promise((_resolve, reject) => context.signal.addEventListener('abort', () => reject(new Error('aborted'))));
          },
        },
      },
    });
    await waitFor('both started', async () => started.length === 2);
    await worker.stop(300);
    expect(await store.jobs.get(quick.id)).toMatchObject({ status: 'done' });
    // Interrupted, not failed: back in the queue with the attempt not counted.
    expect(await store.jobs.get(stuck.id)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(worker.active).toBe(0);
  });
});
