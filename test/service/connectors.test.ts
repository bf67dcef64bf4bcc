// The ConnectorStaged API beyond the SDK walk-through: every update action of connect-reference.md
// §D.4, the status machine as the API exposes it (publish, frozen statuses, certification, RECERT,
// previews, unlisting), deletion, and search over published Connectors. The pipeline and the
// reviewer are played by the state machine's own outcome functions, written to the same store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyProcessingOutcome, applyReviewDecision, type Outcome } from '../../src/pipeline/state.js';
import type { ConnectorReport } from '../../src/store/index.js';
import { BACKENDS, createFixtureRepository, draftFor, startService, type FixtureRepository, type TestService } from './helpers.js';

const REPORT: ConnectorReport = { entries: [{ type: 'Information', title: 'Connector specification file validation check succeeded', createdAt: '2026-06-01T00:00:00.000Z' }] };
const FAILED_REPORT: ConnectorReport = { entries: [{ type: 'Error', title: 'Tests failed', message: 'service: 2 failing tests', createdAt: '2026-06-01T00:00:00.000Z' }] };

describe.each(BACKENDS)('ConnectorStaged lifecycle on %s', (backend) => {
  let service: TestService;
  let repository: FixtureRepository;
  let token: string;
  let reviewer: string;

  beforeAll(async () => {
    repository = createFixtureRepository();
    service = await startService(backend);
    token = await service.token(['manage_connectors:life']);
    reviewer = await service.token(['certify_connectors']);
  });
  afterAll(async () => {
    await service?.close();
    repository?.dispose();
  });

  async function create(overrides: Record<string, unknown> = {}) {
    const response = await service.request('POST', '/connectors/drafts', { token, body: draftFor(repository.url, overrides) });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }
  async function update(id: string, version: number, actions: unknown[], as = token) {
    return service.request('POST', `/connectors/drafts/${id}`, { token: as, body: { version, actions } });
  }
  async function ok(id: string, version: number, actions: unknown[], as = token) {
    const response = await update(id, version, actions, as);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  }
  /** Plays the pipeline or the reviewer: applies an outcome to the stored record, as their workers will. */
  async function settle(id: string, decide: (record: NonNullable<Awaited<ReturnType<typeof service.store.connectors.findStaged>>>) => Outcome) {
    const record = (await service.store.connectors.findStaged({ id }))!;
    const outcome = decide(record);
    await service.store.transaction(async (tx) => {
      expect(await tx.connectors.updateStaged(outcome.record, record.connector.version)).toBe(true);
      if (outcome.published) await tx.connectors.upsertPublished(outcome.published);
    });
    return (await service.request('GET', `/connectors/drafts/${id}`, { token })).body;
  }
  const expectCode = (response: { status: number; body: any }, status: number, code: string) => {
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    expect(response.body.errors[0].code).toBe(code);
  };

  it('applies every creator field action and bumps the version once per request', async () => {
    const c = await create();
    expect(c).toMatchObject({ private: true, privateProjects: [], status: 'Draft', isPreviewable: 'none' });
    const updated = await ok(c.id, 1, [
      { action: 'setName', name: 'Renamed' },
      { action: 'setDescription', description: 'New description' },
      { action: 'setIntegrationTypes', integrationTypes: ['psp', 'tax'] },
      { action: 'setSupportedRegions', regions: ['us-east-2.aws'] },
      { action: 'setDocumentationUrl', documentationUrl: 'https://docs.example.com/connector' },
      { action: 'setCreatorEmail', creatorEmail: 'new@example.com' },
      { action: 'setCreatorName', creatorName: 'New Name' },
      { action: 'setCreatorTitle', creatorTitle: 'CTO' },
      { action: 'setCreatorCompany', creatorCompany: 'New Co' },
      { action: 'setCreatorLogo', logoUrl: 'https://example.com/logo.png' },
      { action: 'setCreatorSupportUrl', creatorSupportUrl: 'https://example.com/support' },
      { action: 'setCreatorNoOfContributors', creatorNoOfContributors: 7 },
      { action: 'addPrivateProject', privateProject: 'europe-west1.gcp:project-one' },
      { action: 'addPrivateProject', privateProject: 'us-central1.gcp:project-two' },
      { action: 'addPrivateProject', privateProject: 'europe-west1.gcp:project-one' },
      { action: 'removePrivateProject', privateProject: 'us-central1.gcp:project-two' },
    ]);
    expect(updated).toMatchObject({
      version: 2,
      name: 'Renamed',
      description: 'New description',
      integrationTypes: ['psp', 'tax'],
      supportedRegions: ['us-east-2.aws'],
      documentationUrl: 'https://docs.example.com/connector',
      creator: { email: 'new@example.com', name: 'New Name', title: 'CTO', company: 'New Co', logoUrl: 'https://example.com/logo.png', supportUrl: 'https://example.com/support', noOfContributors: 7 },
      privateProjects: ['europe-west1.gcp:project-one'],
      hasChanges: false,
    });
    expect(updated.lastModifiedAt > c.lastModifiedAt || updated.lastModifiedAt === c.lastModifiedAt).toBe(true);
    // An update that changes nothing keeps the version.
    const same = await ok(c.id, 2, [{ action: 'setName', name: 'Renamed' }]);
    expect(same.version).toBe(2);
    const empty = await ok(c.id, 2, []);
    expect(empty.version).toBe(2);
  });

  it('replaces the repository and the configuration derived from it', async () => {
    const c = await create();
    const moved = await ok(c.id, 1, [{ action: 'setRepository', url: repository.url, tag: 'v1.1.0' }]);
    expect(moved.repository.tag).toBe('v1.1.0');
    expect(moved.configurations[0].standardConfiguration.map((e: { key: string }) => e.key)).toContain('MIN_LINE_ITEM_QUANTITY');
    const stored = await service.store.connectors.findStaged({ id: c.id });
    expect(stored?.lifecycle.repositoryCommit).toMatch(/^[0-9a-f]{40}$/);
  });

  it('publishes privately: Processing, frozen, then Published with a Connector', async () => {
    const c = await create({ key: `private-${backend}` });
    const processing = await ok(c.id, 1, [{ action: 'publish', certification: false }]);
    expect(processing).toMatchObject({ status: 'Processing', version: 2 });

    // Frozen while processing: edits, a second publish and deletion are refused; comments are not.
    expectCode(await update(c.id, 2, [{ action: 'setName', name: 'during' }]), 400, 'ConnectorStagedInCertification');
    expectCode(await update(c.id, 2, [{ action: 'publish', certification: true }]), 400, 'ConnectorStagedInCertification');
    expectCode(await service.request('DELETE', `/connectors/drafts/${c.id}`, { token }), 400, 'ConnectorStagedInCertification');
    const commented = await ok(c.id, 2, [{ action: 'addCertificationComment', comment: 'Waiting for the pipeline' }]);
    expect(commented.certificationInfo.comments).toMatchObject([{ userId: 'life', comment: 'Waiting for the pipeline' }]);

    const published = await settle(c.id, (r) => applyProcessingOutcome(r, { passed: true, report: REPORT }));
    expect(published).toMatchObject({ status: 'Published', publishingReport: REPORT, hasChanges: false, alreadyListed: false });
    const connector = await service.request('GET', `/connectors/key=private-${backend}`, { token });
    expect(connector.status).toBe(200);
    expect(connector.body).toMatchObject({ id: c.id, certified: false, private: true, name: 'Good connector' });

    // An edit after publishing marks the staged data as changed.
    const edited = await ok(c.id, published.version, [{ action: 'setName', name: 'Next version' }]);
    expect(edited).toMatchObject({ hasChanges: true, status: 'Published' });
    expect((await service.request('GET', `/connectors/${c.id}`, { token })).body.name).toBe('Good connector');
  });

  it('records a failed publication with its report and allows publishing again', async () => {
    const c = await create();
    await ok(c.id, 1, [{ action: 'publish', certification: false }]);
    const failed = await settle(c.id, (r) => applyProcessingOutcome(r, { passed: false, report: FAILED_REPORT }));
    expect(failed).toMatchObject({ status: 'Failed', publishingReport: FAILED_REPORT });
    expect((await service.request('GET', `/connectors/${c.id}`, { token })).status).toBe(404);
    const again = await ok(c.id, failed.version, [{ action: 'publish', certification: false }]);
    expect(again.status).toBe('Processing');
    expect(again.publishingReport).toBeUndefined();
    expect(await service.store.runs.listForConnector(c.id)).toHaveLength(2);
  });

  it('certifies: ReadyForCertification → InCertification → Published, certified and listed', async () => {
    const c = await create({ key: `certified-${backend}`, name: 'Listed tax connector' });
    await ok(c.id, 1, [{ action: 'publish', certification: true }]);
    const ready = await settle(c.id, (r) => applyProcessingOutcome(r, { passed: true, report: REPORT }));
    expect(ready.status).toBe('ReadyForCertification');
    expectCode(await update(c.id, ready.version, [{ action: 'publish', certification: true }]), 400, 'ConnectorStagedInCertification');
    const inCertification = await settle(c.id, (r) => applyReviewDecision(r, 'start'));
    expect(inCertification.status).toBe('InCertification');
    const reviewerComment = await ok(c.id, inCertification.version, [{ action: 'addCertificationComment', comment: 'Looks good' }], reviewer);
    expect(reviewerComment.certificationInfo.comments.at(-1)).toMatchObject({ comment: 'Looks good' });
    const approved = await settle(c.id, (r) => applyReviewDecision(r, 'approve'));
    expect(approved).toMatchObject({ status: 'Published', alreadyListed: true, private: false, hasChanges: false });

    // Listed: every project finds it.
    const stranger = await service.token(['view_connectors:stranger']);
    const found = await service.request('GET', '/connectors/search?text=tax', { token: stranger });
    expect(found.body.results.map((r: { id: string }) => r.id)).toContain(c.id);
    expect((await service.request('GET', `/connectors/${c.id}`, { token: stranger })).body.certified).toBe(true);

    // Nothing changed since certification → ConnectorAlreadyCertified; a private publish would
    // bypass re-certification (RECERT) → InvalidOperation; private projects need a private connector.
    expectCode(await update(c.id, approved.version, [{ action: 'publish', certification: true }]), 400, 'ConnectorAlreadyCertified');
    expectCode(await update(c.id, approved.version, [{ action: 'publish', certification: false }]), 400, 'InvalidOperation');
    expectCode(await update(c.id, approved.version, [{ action: 'addPrivateProject', privateProject: 'europe-west1.gcp:someone' }]), 400, 'ConnectorStagedNotPrivate');

    // RECERT: a new tag, then certification again; the listed Connector stays live meanwhile.
    const retagged = await ok(c.id, approved.version, [{ action: 'setRepository', tag: 'v1.1.0' }]);
    expect(retagged.hasChanges).toBe(true);
    const resubmitted = await ok(c.id, retagged.version, [{ action: 'publish', certification: true }]);
    expect(resubmitted.status).toBe('Processing');
    expect((await service.request('GET', `/connectors/${c.id}`, { token: stranger })).body.repository.tag).toBe('v1.0.0');

    // Unlisting: run once the new submission is settled.
    await settle(c.id, (r) => applyProcessingOutcome(r, { passed: true, report: REPORT }));
    await settle(c.id, (r) => applyReviewDecision(r, 'start'));
    const rejected = await settle(c.id, (r) => applyReviewDecision(r, 'reject'));
    expect(rejected.status).toBe('Failed');
    expect((await service.request('GET', `/connectors/${c.id}`, { token: stranger })).body.repository.tag).toBe('v1.0.0');
    const unlisted = await ok(c.id, rejected.version, [{ action: 'unlist' }]);
    expect(unlisted.alreadyListed).toBe(false);
    expect((await service.store.connectors.findPublished({ id: c.id }))?.listed).toBe(false);
    expect((await service.request('GET', `/connectors/${c.id}`, { token: stranger })).status).toBe(404);
    const topics = (await service.store.outbox.pending(1000)).filter((m) => m.aggregateId === c.id).map((m) => m.topic);
    expect(topics).toEqual(['connector.publish-requested', 'connector.comment-added', 'connector.publish-requested', 'connector.unlisted']);
  });

  it('requests a preview once at a time', async () => {
    const c = await create();
    const pending = await ok(c.id, 1, [{ action: 'updatePreviewable' }]);
    expect(pending.isPreviewable).toBe('pending');
    expectCode(await update(c.id, pending.version, [{ action: 'updatePreviewable' }]), 400, 'ConnectorStagedPreviewRequestUnderProcess');
    const jobs = (await service.store.jobs.list({ queue: 'preview' })).filter((j) => (j.payload as { connectorId: string }).connectorId === c.id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ status: 'queued', singletonKey: `preview:${c.id}` });
  });

  it('deletes a ConnectorStaged by id or key, checking the version when given', async () => {
    const byId = await create();
    expectCode(await service.request('DELETE', `/connectors/drafts/${byId.id}?version=5`, { token }), 409, 'ConcurrentModification');
    const deleted = await service.request('DELETE', `/connectors/drafts/${byId.id}?version=1`, { token });
    expect(deleted.status).toBe(200);
    expect(deleted.body.id).toBe(byId.id);
    expect((await service.request('GET', `/connectors/drafts/${byId.id}`, { token })).status).toBe(404);
    const byKey = await create({ key: `delete-me-${backend}` });
    expect((await service.request('DELETE', `/connectors/drafts/key=delete-me-${backend}`, { token })).status).toBe(200);
    expect((await service.request('GET', `/connectors/drafts/${byKey.id}`, { token })).status).toBe(404);
    // The key is free again.
    await create({ key: `delete-me-${backend}` });
  });

  it('filters the draft query by privacy and integration types', async () => {
    const other = await service.token(['manage_connectors:filters']);
    for (const types of [['psp'], ['tax'], ['psp', 'erp']]) {
      expect((await service.request('POST', '/connectors/drafts', { token: other, body: draftFor(repository.url, { integrationTypes: types }) })).status).toBe(201);
    }
    const psp = await service.request('GET', '/connectors/drafts?integrationTypes=psp', { token: other });
    expect(psp.body.total).toBe(2);
    const pspOrTax = await service.request('GET', '/connectors/drafts?integrationTypes=psp&integrationTypes=tax', { token: other });
    expect(pspOrTax.body.total).toBe(3);
    expect((await service.request('GET', '/connectors/drafts?isPrivate=false', { token: other })).body.total).toBe(0);
    expect((await service.request('GET', '/connectors/drafts?isPrivate=true&limit=0', { token: other })).body).toMatchObject({ total: 3, count: 0, results: [] });
  });
});
