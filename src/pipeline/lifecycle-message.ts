// Builds the one payload every lifecycle outbox message carries (messages.ts) from the stored
// ConnectorStaged after the change, so pipeline, reviewer workflow and API never spell it twice.
import type { StagedRecord } from '../store/model.js';
import type { LifecycleBlocker, LifecycleMessagePayload } from './messages.js';

/** The absolute URL of a run's report, or undefined when the service does not know its public URL. */
export type ReportUrlOf = (runId: string) => string | undefined;

export function lifecyclePayload(
  record: StagedRecord,
  extra: { runId?: string; reportUrl?: string; certification?: boolean; blockers?: LifecycleBlocker[]; reasons?: string[] } = {},
): LifecycleMessagePayload {
  const c = record.connector;
  return {
    connectorId: c.id,
    ...(extra.runId !== undefined ? { runId: extra.runId } : {}),
    ...(c.key !== undefined ? { connectorKey: c.key } : {}),
    connectorName: c.name,
    ...(c.creator.email ? { creatorEmail: c.creator.email } : {}),
    status: c.status,
    ...(extra.certification !== undefined ? { certification: extra.certification } : {}),
    ...(extra.reportUrl !== undefined ? { reportUrl: extra.reportUrl } : {}),
    ...(extra.blockers !== undefined ? { blockers: extra.blockers } : {}),
    ...(extra.reasons !== undefined ? { reasons: extra.reasons } : {}),
  };
}

/** `{publicUrl}/reports/{runId}?format=html`, or undefined without a public URL. */
export function reportUrlFrom(publicUrl: string | undefined): ReportUrlOf {
  if (!publicUrl) return () => undefined;
  const base = publicUrl.replace(/\/+$/, '');
  return (runId) => `${base}/reports/${encodeURIComponent(runId)}?format=html`;
}
