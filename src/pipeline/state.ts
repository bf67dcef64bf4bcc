// The ConnectorStaged status machine (connect-reference.md §D.3), in one place: which statuses
// exist, which events move between them, what an update action may do in each status, and the pure
// functions that apply a pipeline outcome or a reviewer decision to a stored record. The API, the
// pipeline worker and the reviewer workflow all go through here, so a status never changes anywhere
// else.
//
//   Draft ──publish──▶ Processing ──passed, certification:false──▶ Published (private Connector)
//   Failed ─publish─▶      │        ──passed, certification:true───▶ ReadyForCertification
//   Published ─publish─▶   └──────── failed ──────────────────────▶ Failed
//   ReadyForCertification ──reviewStarted──▶ InCertification ──approved──▶ Published (certified, listed)
//                                                              └─rejected──▶ Failed
//
// Choices where Connect's documents are silent (connect-reference.md, Open questions 2):
// - Rejection moves InCertification to Failed; a listed Connector stays live (RECERT: "the listed
//   version stays live until the new one passes").
// - While Processing, ReadyForCertification or InCertification the staged data is frozen: every
//   change is refused with ConnectorStagedInCertification ("unable to update the Connector until the
//   process completes"); comments are still accepted.
// - `publish{certification:true}` on a certified Connector without changes → ConnectorAlreadyCertified;
//   `publish{certification:false}` on a listed Connector → InvalidOperation (commercetools' generic
//   code), since a private publish would put uncertified changes live (RECERT).
import type { Connector, ConnectorReport, PublishedRecord, StagedRecord } from '../store/model.js';

export const CONNECTOR_STATUSES = ['Draft', 'Processing', 'ReadyForCertification', 'InCertification', 'Published', 'Failed'] as const;
export type ConnectorStatus = (typeof CONNECTOR_STATUSES)[number];

/** Statuses in which the staged data is frozen for a running process or review. */
export const FROZEN_STATUSES: readonly ConnectorStatus[] = ['Processing', 'ReadyForCertification', 'InCertification'];

export type LifecycleErrorCode =
  | 'ConnectorStagedInCertification'
  | 'ConnectorAlreadyCertified'
  | 'ConnectorStagedPreviewRequestUnderProcess'
  | 'ConnectorStagedNotPrivate'
  | 'InvalidOperation';

/** A request the current status does not allow; the API turns it into a 400 with this code. */
export class LifecycleError extends Error {
  constructor(
    readonly code: LifecycleErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type LifecycleEvent =
  | { type: 'publishRequested'; certification: boolean }
  | { type: 'processingSucceeded'; certification: boolean }
  | { type: 'processingFailed' }
  | { type: 'reviewStarted' }
  | { type: 'certificationApproved' }
  | { type: 'certificationRejected' };

const TRANSITIONS: Readonly<Record<LifecycleEvent['type'], { from: readonly ConnectorStatus[] }>> = {
  publishRequested: { from: ['Draft', 'Published', 'Failed'] },
  processingSucceeded: { from: ['Processing'] },
  processingFailed: { from: ['Processing'] },
  reviewStarted: { from: ['ReadyForCertification'] },
  certificationApproved: { from: ['InCertification'] },
  certificationRejected: { from: ['InCertification', 'ReadyForCertification'] },
};

export function isConnectorStatus(value: string): value is ConnectorStatus {
  return (CONNECTOR_STATUSES as readonly string[]).includes(value);
}

/** The status after `event`, or a LifecycleError naming why the event is not allowed now. */
export function nextStatus(current: string, event: LifecycleEvent, record?: Pick<StagedRecord, 'connector' | 'lifecycle'>): ConnectorStatus {
  const id = record?.connector.id ?? '';
  if (event.type === 'publishRequested') {
    if (FROZEN_STATUSES.includes(current as ConnectorStatus)) throw frozen(id, current);
    if (record?.connector.alreadyListed && !event.certification) {
      throw new LifecycleError(
        'InvalidOperation',
        `Connector '${id}' is certified and listed; changes go live only through certification: publish with "certification": true.`,
      );
    }
    if (event.certification && record?.lifecycle.certified && !record.connector.hasChanges) {
      throw new LifecycleError('ConnectorAlreadyCertified', `Connector '${id}' is already certified and has no changes to certify.`);
    }
  }
  const allowed = TRANSITIONS[event.type].from;
  if (!allowed.includes(current as ConnectorStatus)) {
    throw new LifecycleError('InvalidOperation', `Event ${event.type} is not allowed in status ${current} (allowed in: ${allowed.join(', ')}).`);
  }
  switch (event.type) {
    case 'publishRequested':
      return 'Processing';
    case 'processingSucceeded':
      return event.certification ? 'ReadyForCertification' : 'Published';
    case 'processingFailed':
    case 'certificationRejected':
      return 'Failed';
    case 'reviewStarted':
      return 'InCertification';
    case 'certificationApproved':
      return 'Published';
  }
}

/** Throws unless the staged data may change in this status (every action but comments goes through here). */
export function assertEditable(record: Pick<StagedRecord, 'connector'>): void {
  const status = record.connector.status;
  if (FROZEN_STATUSES.includes(status as ConnectorStatus)) throw frozen(record.connector.id, status);
}

function frozen(id: string, status: string): LifecycleError {
  const why =
    status === 'Processing'
      ? 'its publish request is being processed; it cannot be updated until the process completes'
      : 'it is in certification; it cannot be updated until the certification completes';
  return new LifecycleError('ConnectorStagedInCertification', `ConnectorStaged '${id}' is ${status}: ${why}.`);
}

/** Called after a content change: the staged data now differs from a published Connector, if any. */
export function markChanged(record: StagedRecord): void {
  record.connector.hasChanges = record.lifecycle.published;
}

export interface Outcome {
  record: StagedRecord;
  /** The Connector to create or replace, when the outcome publishes one. */
  published?: PublishedRecord;
}

/**
 * Applies the pipeline's verdict on a publish request (the worker calls this, then saves `record`
 * with a version check and upserts `published` in the same transaction).
 */
export function applyProcessingOutcome(current: StagedRecord, outcome: { passed: boolean; report: ConnectorReport; now?: Date }): Outcome {
  const pending = current.lifecycle.pendingPublication;
  if (!pending) throw new LifecycleError('InvalidOperation', `ConnectorStaged '${current.connector.id}' has no publish request in process.`);
  const now = (outcome.now ?? new Date()).toISOString();
  const record = structuredClone(current);
  const status = nextStatus(record.connector.status, outcome.passed ? { type: 'processingSucceeded', certification: pending.certification } : { type: 'processingFailed' }, record);
  record.connector.status = status;
  record.connector.publishingReport = outcome.report;
  record.connector.version += 1;
  record.connector.lastModifiedAt = now;
  delete record.lifecycle.pendingPublication;
  if (status !== 'Published') return { record };
  record.lifecycle.published = true;
  record.connector.hasChanges = false;
  return { record, published: publishedFrom(record, { certified: record.lifecycle.certified, listed: record.connector.alreadyListed, now }) };
}

/** Applies a reviewer's step: picking up a submission, approving or rejecting it. */
export function applyReviewDecision(current: StagedRecord, decision: 'start' | 'approve' | 'reject', now = new Date()): Outcome {
  const record = structuredClone(current);
  const event: LifecycleEvent =
    decision === 'start' ? { type: 'reviewStarted' } : decision === 'approve' ? { type: 'certificationApproved' } : { type: 'certificationRejected' };
  record.connector.status = nextStatus(record.connector.status, event, record);
  record.connector.version += 1;
  record.connector.lastModifiedAt = now.toISOString();
  if (decision !== 'approve') return { record };
  record.lifecycle.published = true;
  record.lifecycle.certified = true;
  record.connector.private = false;
  record.connector.alreadyListed = true;
  record.connector.hasChanges = false;
  return { record, published: publishedFrom(record, { certified: true, listed: true, now: now.toISOString() }) };
}

/** The published Connector for a staged record (the version of the staged record it came from). */
export function publishedFrom(record: StagedRecord, options: { certified: boolean; listed: boolean; now: string; createdAt?: string }): PublishedRecord {
  const s = record.connector;
  const connector: Connector = {
    id: s.id,
    ...(s.key !== undefined ? { key: s.key } : {}),
    version: s.version,
    name: s.name,
    description: s.description,
    integrationTypes: [...s.integrationTypes],
    creator: { ...s.creator },
    repository: { ...s.repository },
    configurations: structuredClone(s.configurations),
    ...(s.apiClient ? { apiClient: structuredClone(s.apiClient) } : {}),
    private: s.private,
    ...(s.globalConfiguration ? { globalConfiguration: structuredClone(s.globalConfiguration) } : {}),
    supportedRegions: [...s.supportedRegions],
    certified: options.certified,
    ...(s.documentationUrl !== undefined ? { documentationUrl: s.documentationUrl } : {}),
    createdAt: options.createdAt ?? s.createdAt,
    lastModifiedAt: options.now,
  };
  return {
    connector,
    projectKey: record.projectKey,
    privateProjectKeys: s.privateProjects.map(projectKeyOf),
    listed: options.listed,
  };
}

/** `region:projectKey` → `projectKey`. */
export function projectKeyOf(projectIdentifier: string): string {
  const colon = projectIdentifier.lastIndexOf(':');
  return colon === -1 ? projectIdentifier : projectIdentifier.slice(colon + 1);
}
