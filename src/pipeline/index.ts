// The certification pipeline: status machine, the `certification` job handler, the reviewer
// workflow, and the lifecycle messages they write to the outbox.
import { startWorker, type JobLogger, type Worker, type WorkerOptions } from '../jobs/index.js';
import type { Store } from '../store/index.js';
import { CERTIFICATION_QUEUE, createCertificationHandler, type CertificationPipelineOptions } from './certification.js';
import { createPreviewHandler, PREVIEW_QUEUE } from './preview.js';

export * from './messages.js';
export * from './lifecycle-message.js';
export * from './manual-items.js';
export * from './publishing-report.js';
export { CERTIFICATION_QUEUE, createCertificationHandler, PIPELINE_REQUIREMENT, type CertificationPipelineOptions } from './certification.js';
export { createPreviewHandler, PREVIEW_QUEUE } from './preview.js';
export { createReviewWorkflow, ReviewError, type ReviewView, type ManualItemView, type ReviewWorkflow } from './review.js';

export interface PipelineWorkerOptions extends Omit<CertificationPipelineOptions, 'store'>, Pick<WorkerOptions, 'concurrency' | 'pollIntervalMs' | 'leaseMs' | 'heartbeatMs' | 'backoff' | 'workerId' | 'signal'> {
  log?: JobLogger;
}

/** A worker for the pipeline's queues (certification, preview) over `store` (used by `serve` in-process and by `worker`). */
export function startPipelineWorker(store: Store, options: PipelineWorkerOptions = {}): Worker {
  const { concurrency, pollIntervalMs, leaseMs, heartbeatMs, backoff, workerId, signal, log, ...pipeline } = options;
  return startWorker({
    store,
    handlers: {
      [CERTIFICATION_QUEUE]: createCertificationHandler({ store, ...pipeline }),
      [PREVIEW_QUEUE]: createPreviewHandler({ store, ...pipeline }),
    },
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(pollIntervalMs !== undefined ? { pollIntervalMs } : {}),
    ...(leaseMs !== undefined ? { leaseMs } : {}),
    ...(heartbeatMs !== undefined ? { heartbeatMs } : {}),
    ...(backoff !== undefined ? { backoff } : {}),
    ...(workerId !== undefined ? { workerId } : {}),
    ...(signal !== undefined ? { signal } : {}),
    ...(log !== undefined ? { log } : {}),
    ...(pipeline.now ? { now: pipeline.now } : {}),
  });
}
