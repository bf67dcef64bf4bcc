// The ConnectorStaged status machine: allowed transitions, refusals with Connect's error codes, and
// the pure outcome functions the pipeline worker and the reviewer workflow apply.
import { describe, expect, it } from 'vitest';
import type { StagedRecord } from '../store/model.js';
import { applyProcessingOutcome, applyReviewDecision, assertEditable, CONNECTOR_STATUSES, LifecycleError, nextStatus, projectKeyOf } from './state.js';

function record(status: string, overrides: Partial<StagedRecord['connector']> = {}, lifecycle: Partial<StagedRecord['lifecycle']> = {}): StagedRecord {
  return {
    projectKey: 'proj',
    lifecycle: { published: false, certified: false, ...lifecycle },
    connector: {
      id: 'c-1', version: 4, name: 'n', description: '', integrationTypes: [], creator: { email: 'a@b.co' },
      repository: { url: 'https://github.com/a/b.git', tag: 'v1' }, configurations: [], private: true,
      privateProjects: ['europe-west1.gcp:friend'], supportedRegions: [], status, alreadyListed: false, hasChanges: false,
      isPreviewable: 'none', createdAt: '2026-01-01T00:00:00.000Z', lastModifiedAt: '2026-01-01T00:00:00.000Z', ...overrides,
    },
  };
}

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as LifecycleError).code;
  }
  return undefined;
};

describe('ConnectorStaged status machine', () => {
  it('moves publish requests to Processing from Draft, Published and Failed only', () => {
    for (const status of CONNECTOR_STATUSES) {
      const event = { type: 'publishRequested', certification: false } as const;
      if (['Draft', 'Published', 'Failed'].includes(status)) expect(nextStatus(status, event, record(status))).toBe('Processing');
      else expect(code(() => nextStatus(status, event, record(status)))).toBe('ConnectorStagedInCertification');
    }
  });

  it('routes processing outcomes by the kind of request', () => {
    expect(nextStatus('Processing', { type: 'processingSucceeded', certification: false })).toBe('Published');
    expect(nextStatus('Processing', { type: 'processingSucceeded', certification: true })).toBe('ReadyForCertification');
    expect(nextStatus('Processing', { type: 'processingFailed' })).toBe('Failed');
    expect(code(() => nextStatus('Draft', { type: 'processingFailed' }))).toBe('InvalidOperation');
  });

  it('runs the review: start, approve or reject', () => {
    expect(nextStatus('ReadyForCertification', { type: 'reviewStarted' })).toBe('InCertification');
    expect(nextStatus('InCertification', { type: 'certificationApproved' })).toBe('Published');
    expect(nextStatus('InCertification', { type: 'certificationRejected' })).toBe('Failed');
    expect(code(() => nextStatus('ReadyForCertification', { type: 'certificationApproved' }))).toBe('InvalidOperation');
  });

  it('refuses certification of an unchanged certified connector and private publishing of a listed one', () => {
    const certified = record('Published', { alreadyListed: true }, { certified: true, published: true });
    expect(code(() => nextStatus('Published', { type: 'publishRequested', certification: true }, certified))).toBe('ConnectorAlreadyCertified');
    expect(code(() => nextStatus('Published', { type: 'publishRequested', certification: false }, certified))).toBe('InvalidOperation');
    const changed = record('Published', { alreadyListed: true, hasChanges: true }, { certified: true, published: true });
    expect(nextStatus('Published', { type: 'publishRequested', certification: true }, changed)).toBe('Processing');
  });

  it('freezes the staged data while processing or in certification', () => {
    for (const status of CONNECTOR_STATUSES) {
      const frozen = ['Processing', 'ReadyForCertification', 'InCertification'].includes(status);
      expect(code(() => assertEditable(record(status)))).toBe(frozen ? 'ConnectorStagedInCertification' : undefined);
    }
  });

  it('applies a passed private publication: Published, a private Connector, no changes', () => {
    const pending = record('Processing', {}, { pendingPublication: { certification: false, runId: 'r', jobId: 'j', requestedAt: 't', requestedBy: 'c' } });
    const report = { entries: [] };
    const outcome = applyProcessingOutcome(pending, { passed: true, report, now: new Date('2026-02-02T00:00:00.000Z') });
    expect(outcome.record.connector).toMatchObject({ status: 'Published', version: 5, publishingReport: report, lastModifiedAt: '2026-02-02T00:00:00.000Z' });
    expect(outcome.record.lifecycle.pendingPublication).toBeUndefined();
    expect(outcome.published).toMatchObject({ listed: false, privateProjectKeys: ['friend'], connector: { certified: false, private: true, version: 5 } });
    expect(pending.connector.status).toBe('Processing');
  });

  it('applies a passed certification request: ReadyForCertification, nothing published yet', () => {
    const pending = record('Processing', {}, { pendingPublication: { certification: true, runId: 'r', jobId: 'j', requestedAt: 't', requestedBy: 'c' } });
    const outcome = applyProcessingOutcome(pending, { passed: true, report: { entries: [] } });
    expect(outcome.record.connector.status).toBe('ReadyForCertification');
    expect(outcome.published).toBeUndefined();
    expect(code(() => applyProcessingOutcome(record('Processing'), { passed: true, report: { entries: [] } }))).toBe('InvalidOperation');
  });

  it('approval lists a public, certified Connector', () => {
    const outcome = applyReviewDecision(record('InCertification'), 'approve');
    expect(outcome.record.connector).toMatchObject({ status: 'Published', private: false, alreadyListed: true });
    expect(outcome.record.lifecycle).toMatchObject({ certified: true, published: true });
    expect(outcome.published).toMatchObject({ listed: true, connector: { certified: true, private: false } });
    expect(applyReviewDecision(record('InCertification'), 'reject').published).toBeUndefined();
  });

  it('reads the project key of a project identifier', () => {
    expect(projectKeyOf('europe-west1.gcp:my-project')).toBe('my-project');
    expect(projectKeyOf('plain')).toBe('plain');
  });
});
