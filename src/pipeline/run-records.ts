// Writing a run's outcome, the same way for publish and preview: only while the staged record is
// still waiting on this very run (a newer request supersedes it: the run is then cancelled), and
// with the report's verdict and the certified commit beside the status.
import type { Report } from '../engine/types.js';
import type { Repositories, RunStatus, StagedLifecycle, StagedRecord } from '../store/index.js';

export const TERMINAL_RUN_STATUSES: readonly RunStatus[] = ['passed', 'failed', 'error', 'cancelled'];

type PendingKey = 'pendingPublication' | 'pendingPreview';

/**
 * The staged record whose `key` request is this run, with that request; undefined when the run is
 * finished already, or when the record is gone or waits on another run (then the run is cancelled).
 */
export async function stagedWaitingOn<K extends PendingKey>(
  tx: Repositories,
  runId: string,
  key: K,
  now: Date,
): Promise<{ record: StagedRecord; pending: NonNullable<StagedLifecycle[K]> } | undefined> {
  const current = await tx.runs.get(runId);
  if (!current || TERMINAL_RUN_STATUSES.includes(current.status)) return undefined;
  const record = await tx.connectors.findStaged({ id: current.connectorId });
  const pending = record?.lifecycle[key];
  if (!record || pending?.runId !== runId) {
    await tx.runs.finish(runId, { status: 'cancelled', now });
    return undefined;
  }
  return { record, pending: pending as NonNullable<StagedLifecycle[K]> };
}

/** Finishes a run: its status, the report's verdict (`fail` without a report) and the commit it certified. */
export function finishRun(tx: Repositories, runId: string, status: RunStatus, outcome: { report?: Report; commit?: string }, now: Date): Promise<void> {
  return tx.runs.finish(runId, {
    status,
    ...(outcome.report ? { verdict: outcome.report.verdict, report: outcome.report } : { verdict: 'fail' }),
    ...(outcome.commit ? { commit: outcome.commit } : {}),
    now,
  });
}
