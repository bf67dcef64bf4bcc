// The `certification` queue's handler: the automated part of `publish` (connect-reference.md §D.3).
// For the run named by the job it clones the tag and runs the engine (`certify`, with the sandboxed
// run phase when enabled), pins the commit, re-checks at the end that the tag still points at it
// (REPO-TAG), and then — in one transaction — stores the full report on the run, applies
// processingSucceeded / processingFailed through the status machine (state.ts), fills
// `publishingReport`, publishes the private Connector for `certification: false`, and writes the
// outbox message of the outcome.
//
// Idempotent: the outcome is written only while the ConnectorStaged's pending publication is this
// run and the run is not finished, and the write is version-checked; a second execution of the same
// job (after a crash, or a lost lease) finds the run finished and does nothing.
import { RUN_PHASE_CHECK_IDS } from '../analyzers/functional/ids.js';
import { certify } from '../engine/certify.js';
import { checkTagStillAt, RepositoryError } from '../engine/acquire/git.js';
import type { CheckResult, Finding, Report } from '../engine/types.js';
import type { EngineSettings, RunPhaseSettings } from '../engine/workspace.js';
import { verdictOf } from '../engine/verdict.js';
import { PermanentJobError, type JobContext, type JobHandler } from '../jobs/index.js';
import type { CertificationRun, ConnectorReport, Job, RunStatus, StagedRecord, Store } from '../store/index.js';
import { lifecyclePayload, type ReportUrlOf } from './lifecycle-message.js';
import { LIFECYCLE_TOPICS, type LifecycleBlocker } from './messages.js';
import { blockersOf, publishingReportOf } from './publishing-report.js';
import { applyProcessingOutcome } from './state.js';
import { finishRun, stagedWaitingOn, TERMINAL_RUN_STATUSES } from './run-records.js';
import { retryingTransaction, StaleRecordError } from './transaction.js';

/** The queue publish requests are enqueued on (QUEUES.certification in service/actions.ts). */
export const CERTIFICATION_QUEUE = 'certification';
/** Requirement code of blockers the service itself raises (the run could not be completed). */
export const PIPELINE_REQUIREMENT = 'PIPELINE';

export interface CertificationPipelineOptions {
  store: Store;
  /** Accept absolute local paths as repository URLs (tests, demos; `--allow-local-repositories`). */
  allowLocalRepositories?: boolean;
  /** Data sources of the analyzers (advisories, offline mode, caches). `run` is set from `runPhase`. */
  engineSettings?: Omit<EngineSettings, 'run'>;
  /** The sandboxed run phase (build, test, start, probe); false or undefined leaves it off. */
  runPhase?: RunPhaseSettings | false;
  /** Time budget of one engine run. */
  timeBudgetMs?: number;
  reportUrl?: ReportUrlOf;
  now?: () => Date;
  /**
   * Observes the run's progress (logs, and tests that act between the phases — e.g. move a tag
   * after the engine ran and before the re-check).
   */
  onPhase?: (phase: 'engine-done', run: CertificationRun) => void | Promise<void>;
}

export interface JobPayload {
  runId: string;
  connectorId: string;
}


export function createCertificationHandler(options: CertificationPipelineOptions): JobHandler {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const reportUrl = options.reportUrl ?? (() => undefined);

  async function run(context: JobContext): Promise<void> {
    const payload = payloadOf(context.job);
    const certificationRun = await store.runs.get(payload.runId);
    if (!certificationRun) throw new PermanentJobError(`certification run '${payload.runId}' does not exist`);
    if (TERMINAL_RUN_STATUSES.includes(certificationRun.status)) {
      context.log.info({ runId: certificationRun.id, status: certificationRun.status }, 'run already finished; nothing to do');
      return;
    }
    const record = await store.connectors.findStaged({ id: certificationRun.connectorId });
    if (!record || record.lifecycle.pendingPublication?.runId !== certificationRun.id) {
      // Deleted, or superseded: the outcome would belong to nobody.
      await store.runs.finish(certificationRun.id, { status: 'cancelled', now: now() });
      return;
    }
    await store.runs.start(certificationRun.id, now());
    const { report, commit: certifiedCommit } = await runEngine(options, certificationRun, record, context);
    const passed = report.verdict !== 'fail';
    await recordOutcome(certificationRun.id, {
      passed,
      report,
      commit: certifiedCommit ?? undefined,
      publishingReport: publishingReportOf(report, now()),
      blockers: blockersOf(report),
    });
    context.log.info({ runId: certificationRun.id, connectorId: certificationRun.connectorId, verdict: report.verdict, commit: certifiedCommit }, 'certification run finished');
  }

  /** Writes the outcome, unless the run is already finished or no longer the pending one. */
  async function recordOutcome(
    runId: string,
    outcome: { passed: boolean; report?: Report; commit?: string; publishingReport: ConnectorReport; blockers: LifecycleBlocker[]; runStatus?: RunStatus; error?: string },
  ): Promise<void> {
    await retryingTransaction(store, async (tx) => {
      const waiting = await stagedWaitingOn(tx, runId, 'pendingPublication', now());
      if (!waiting) return;
      const { record, pending } = waiting;
      const certification = pending.certification;
      const applied = applyProcessingOutcome(record, { passed: outcome.passed, report: outcome.publishingReport, now: now() });
      if (!(await tx.connectors.updateStaged(applied.record, record.connector.version))) throw new StaleRecordError(record.connector.id);
      if (applied.published) await tx.connectors.upsertPublished(applied.published);
      await finishRun(tx, runId, outcome.runStatus ?? (outcome.passed ? 'passed' : 'failed'), outcome, now());
      const url = outcome.report ? reportUrl(runId) : undefined;
      const topic = !outcome.passed ? LIFECYCLE_TOPICS.certificationFailed : certification ? LIFECYCLE_TOPICS.readyForReview : LIFECYCLE_TOPICS.published;
      const payload = lifecyclePayload(applied.record, {
        runId,
        ...(url ? { reportUrl: url } : {}),
        ...(!outcome.passed ? { blockers: outcome.blockers } : {}),
      });
      await tx.outbox.add({ topic, aggregateId: record.connector.id, payload, now: now() });
    });
  }

  /** Attempts exhausted: the publish request fails with the reason, so the creator is not left waiting in Processing. */
  async function onDead(job: Job, error: string): Promise<void> {
    let payload: JobPayload;
    try {
      payload = payloadOf(job);
    } catch {
      return;
    }
    const message = `The certification run could not be completed after ${job.attempts} attempt(s): ${error}`;
    const remediation = 'Nothing in the repository needs to change unless the message points at it; publish again, and contact the Connect team if it keeps failing.';
    await recordOutcome(payload.runId, {
      passed: false,
      runStatus: 'error',
      publishingReport: { entries: [{ type: 'Error', title: 'Certification could not be completed', message, createdAt: now().toISOString() }] },
      blockers: [{ check: 'pipeline', requirement: PIPELINE_REQUIREMENT, message, remediation }],
    });
  }

  return { run, onDead };
}

/**
 * The automated part shared by publish and preview: clone the run's tag and run the engine (with
 * the run phase when enabled), then check that the commit is the one pinned when the repository was
 * set and that the tag still points at it (REPO-TAG findings otherwise).
 */
export async function runEngine(
  options: Omit<CertificationPipelineOptions, 'store' | 'reportUrl' | 'now'>,
  run: CertificationRun,
  record: StagedRecord,
  context: Pick<JobContext, 'signal' | 'lastAttempt'>,
): Promise<{ report: Report; commit: string | null }> {
  const { url, tag } = run.repository;
  const runPhase = options.runPhase || undefined;
  const creator = record.connector.creator;
  const engineReport = await certify({
    target: url,
    tag,
    allowLocalRepositories: options.allowLocalRepositories ?? false,
    creator: { email: creator.email, ...(creator.name ? { name: creator.name } : {}), ...(creator.company ? { company: creator.company } : {}) },
    settings: { ...options.engineSettings, ...(runPhase ? { run: runPhase } : {}) },
    ...(runPhase ? { enable: [...RUN_PHASE_CHECK_IDS] } : {}),
    ...(options.timeBudgetMs ? { timeBudgetMs: options.timeBudgetMs } : {}),
    signal: context.signal,
  });
  await options.onPhase?.('engine-done', run);

  const tagFindings: Finding[] = [];
  const commit = engineReport.connector.repository?.commit ?? null;
  if (commit) {
    // The configurations on the ConnectorStaged were read at the commit pinned by setRepository;
    // certifying another commit under the same tag would certify something else.
    if (run.commit && run.commit !== commit) {
      tagFindings.push(tagFinding(`tag "${tag}" moved after the repository was set: it pointed at ${short(run.commit)}, certification fetched ${short(commit)}`));
    }
    try {
      const recheck = await checkTagStillAt(url, tag, commit, { allowLocal: options.allowLocalRepositories ?? false, signal: context.signal });
      if (!recheck.unchanged) tagFindings.push(tagFinding(recheck.message));
    } catch (error) {
      // Unreachable for the re-check: retry the job; on the last attempt it is a blocker.
      if (!(error instanceof RepositoryError) || !context.lastAttempt) throw error;
      tagFindings.push(tagFinding(`the tag could not be re-checked at the end of certification: ${error.message}`));
    }
  }
  return { report: withFindings(engineReport, tagFindings), commit };
}

export function payloadOf(job: Job): JobPayload {
  const p = job.payload as Partial<JobPayload> | null;
  if (!p || typeof p.runId !== 'string' || typeof p.connectorId !== 'string') {
    throw new PermanentJobError(`job ${job.id}: payload must have string runId and connectorId`);
  }
  return { runId: p.runId, connectorId: p.connectorId };
}

function tagFinding(message: string): Finding {
  return {
    check: 'repository/tag',
    requirement: 'REPO-TAG',
    severity: 'error',
    message,
    remediation: 'Never move or delete a tag under certification: push a new tag, set it with setRepository, and publish again.',
  };
}

/** The report with service-level findings added: verdict and the repository/tag check follow them. */
function withFindings(report: Report, extra: Finding[]): Report {
  if (extra.length === 0) return report;
  const findings = [...extra, ...report.findings];
  const checks: CheckResult[] = report.checks.filter((c) => c.id !== 'repository/tag');
  checks.push({ id: 'repository/tag', requirement: 'REPO-TAG', title: 'The tag exists and stays put', status: 'fail', durationMs: 0 });
  return { ...report, findings, checks, verdict: verdictOf(findings) };
}

function short(commit: string): string {
  return commit.slice(0, 12);
}
