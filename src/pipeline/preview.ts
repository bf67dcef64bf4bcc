// The `preview` queue's handler: `updatePreviewable` runs the same automated part as publish
// (connect-reference.md §D.3, "validation pipeline runs on preview request and on publish") and
// answers with `isPreviewable: "true" | "false"` and a `previewableReport`, leaving the status alone.
// Idempotent like the certification handler: the outcome is written once, only while the
// ConnectorStaged's pending preview is this run.
import { PermanentJobError, type JobContext, type JobHandler } from '../jobs/index.js';
import type { Report } from '../engine/types.js';
import type { ConnectorReport, Job } from '../store/index.js';
import { payloadOf, runEngine, type CertificationPipelineOptions } from './certification.js';
import { finishRun, stagedWaitingOn, TERMINAL_RUN_STATUSES } from './run-records.js';
import { publishingReportOf } from './publishing-report.js';
import { retryingTransaction, StaleRecordError } from './transaction.js';

/** The queue preview requests are enqueued on (QUEUES.preview in service/actions.ts). */
export const PREVIEW_QUEUE = 'preview';

export function createPreviewHandler(options: CertificationPipelineOptions): JobHandler {
  const { store } = options;
  const now = options.now ?? (() => new Date());

  async function run(context: JobContext): Promise<void> {
    const payload = payloadOf(context.job);
    const previewRun = await store.runs.get(payload.runId);
    if (!previewRun) throw new PermanentJobError(`preview run '${payload.runId}' does not exist`);
    if (TERMINAL_RUN_STATUSES.includes(previewRun.status)) return;
    const record = await store.connectors.findStaged({ id: previewRun.connectorId });
    if (!record || record.lifecycle.pendingPreview?.runId !== previewRun.id) {
      await store.runs.finish(previewRun.id, { status: 'cancelled', now: now() });
      return;
    }
    await store.runs.start(previewRun.id, now());
    const { report, commit } = await runEngine(options, previewRun, record, context);
    await recordOutcome(previewRun.id, { passed: report.verdict !== 'fail', report, previewableReport: publishingReportOf(report, now()), ...(commit ? { commit } : {}) });
  }

  async function recordOutcome(runId: string, outcome: { passed: boolean; report?: Report; commit?: string; previewableReport: ConnectorReport; error?: boolean }): Promise<void> {
    await retryingTransaction(store, async (tx) => {
      const waiting = await stagedWaitingOn(tx, runId, 'pendingPreview', now());
      if (!waiting) return;
      const { record } = waiting;
      const next = structuredClone(record);
      next.connector.isPreviewable = outcome.passed ? 'true' : 'false';
      next.connector.previewableReport = outcome.previewableReport;
      next.connector.version += 1;
      next.connector.lastModifiedAt = now().toISOString();
      delete next.lifecycle.pendingPreview;
      if (!(await tx.connectors.updateStaged(next, record.connector.version))) throw new StaleRecordError(record.connector.id);
      await finishRun(tx, runId, outcome.error ? 'error' : outcome.passed ? 'passed' : 'failed', outcome, now());
    });
  }

  async function onDead(job: Job, error: string): Promise<void> {
    let runId: string;
    try {
      runId = payloadOf(job).runId;
    } catch {
      return;
    }
    const message = `The preview validation could not be completed after ${job.attempts} attempt(s): ${error}`;
    await recordOutcome(runId, { passed: false, error: true, previewableReport: { entries: [{ type: 'Error', title: 'Preview validation could not be completed', message, createdAt: now().toISOString() }] } });
  }

  return { run, onDead };
}
