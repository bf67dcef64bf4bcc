// The certification pipeline end to end inside one process: the real server and store, a real Git
// repository, the real engine (static checks; the run phase has its own test), and the real job
// worker. Publish → Processing → the worker's outcome: ReadyForCertification / Published / Failed,
// the publishingReport entries, the stored report and pinned commit, REPO-TAG on a moved tag, the
// outbox message of each outcome (exactly one), idempotent re-runs, dead jobs, re-certification.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCertificationHandler, LIFECYCLE_TOPICS, type LifecycleMessagePayload } from '../../src/pipeline/index.js';
import type { Job } from '../../src/store/index.js';
import { BACKENDS, startService, type TestService } from './helpers.js';
import { certificationDraft, createCertificationRepository, startTestWorker, TEST_ENGINE_SETTINGS, waitFor, type CertificationRepository } from './certification-fixtures.js';

const PROJECT = 'pipeline-project';

describe.each(BACKENDS)('certification pipeline on %s', (backend) => {
  let service: TestService;
  let repository: CertificationRepository;
  let manage: string;
  let reviewer: string;

  beforeAll(async () => {
    repository = createCertificationRepository();
    service = await startService(backend, { reportUrl: (runId) => `https://certify.test/reports/${runId}?format=html` });
    manage = await service.token([`manage_connectors:${PROJECT}`, `view_connectors:${PROJECT}`]);
    reviewer = await service.token(['certify_connectors']);
  });
  afterAll(async () => {
    await service?.close();
    repository?.dispose();
  });

  async function createStaged(key: string, tag: string = repository.tags.good) {
    const created = await service.request('POST', '/connectors/drafts', { token: manage, body: certificationDraft(repository, { key, repository: { url: repository.url, tag } }) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body as { id: string; version: number };
  }

  async function publish(id: string, certification: boolean) {
    const current = await service.request('GET', `/connectors/drafts/${id}`, { token: manage });
    const response = await service.request('POST', `/connectors/drafts/${id}`, { token: manage, body: { version: current.body.version, actions: [{ action: 'publish', certification }] } });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.status).toBe('Processing');
    const runs = await service.store.runs.listForConnector(id);
    return runs.at(-1)!;
  }

  /** Runs the worker until `id` leaves Processing, then stops it. */
  async function process(id: string, options: Parameters<typeof startTestWorker>[1] = {}) {
    const worker = startTestWorker(service.store, { reportUrl: (runId) => `https://certify.test/reports/${runId}?format=html`, ...options });
    try {
      return await waitFor(`${id} to leave Processing`, async () => {
        const staged = await service.request('GET', `/connectors/drafts/${id}`, { token: manage });
        return staged.body.status !== 'Processing' ? staged.body : undefined;
      });
    } finally {
      await worker.stop();
    }
  }

  async function messagesOf(id: string) {
    const all = await service.store.db.selectFrom('outbox').selectAll().where('aggregate_id', '=', id).orderBy('created_at').orderBy('id').execute();
    return all.map((m) => ({ topic: m.topic, payload: JSON.parse(m.payload) as LifecycleMessagePayload }));
  }

  it('a good connector published for certification becomes ReadyForCertification with a full report', async () => {
    const staged = await createStaged(`good-${backend}`);
    const run = await publish(staged.id, true);
    const done = await process(staged.id);
    expect(done.status).toBe('ReadyForCertification');
    const entries = done.publishingReport.entries as { type: string; title: string; message?: string }[];
    expect(entries.filter((e) => e.type === 'Error')).toEqual([]);
    expect(entries.filter((e) => e.type === 'Information').map((e) => e.title)).toEqual(
      expect.arrayContaining(['A valid connect.yaml at the root check succeeded', 'Licence files check succeeded', 'No hardcoded tokens, credentials or passwords check succeeded']),
    );
    // The run phase is off in this test: Connect's "skipped" Information entry says so.
    expect(entries.some((e) => e.type === 'Information' && /skipped/.test(e.title) && /not enabled/.test(e.message ?? ''))).toBe(true);

    const finished = await service.store.runs.get(run.id);
    expect(finished).toMatchObject({ status: 'passed', verdict: 'pass', commit: repository.commitOf(repository.tags.good) });
    expect((finished!.report as { connector: { repository: { commit: string } } }).connector.repository.commit).toBe(repository.commitOf(repository.tags.good));
    expect(finished!.startedAt).toBeDefined();

    const messages = await messagesOf(staged.id);
    expect(messages.map((m) => m.topic)).toEqual([LIFECYCLE_TOPICS.publishRequested, LIFECYCLE_TOPICS.readyForReview]);
    expect(messages[0]!.payload).toEqual({ connectorId: staged.id, runId: run.id, connectorKey: `good-${backend}`, connectorName: 'Cart guard', creatorEmail: 'connectors@cart-guard.dev', status: 'Processing', certification: true });
    expect(messages[1]!.payload).toEqual({
      connectorId: staged.id,
      runId: run.id,
      connectorKey: `good-${backend}`,
      connectorName: 'Cart guard',
      creatorEmail: 'connectors@cart-guard.dev',
      status: 'ReadyForCertification',
      reportUrl: `https://certify.test/reports/${run.id}?format=html`,
    });
    // Nothing is published before a reviewer approves.
    expect((await service.request('GET', `/connectors/${staged.id}`, { token: manage })).status).toBe(404);
  });

  it('a defective connector ends Failed with an Error entry per blocker and the blockers in the message', async () => {
    const staged = await createStaged(`defective-${backend}`, repository.tags.defective);
    const run = await publish(staged.id, true);
    const done = await process(staged.id);
    expect(done.status).toBe('Failed');
    const errors = (done.publishingReport.entries as { type: string; title: string; message: string }[]).filter((e) => e.type === 'Error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.some((e) => e.title.startsWith('LICENSE-FILE:') && /How to fix:/.test(e.message))).toBe(true);
    expect(await service.store.runs.get(run.id)).toMatchObject({ status: 'failed', verdict: 'fail' });

    const messages = await messagesOf(staged.id);
    expect(messages.map((m) => m.topic)).toEqual([LIFECYCLE_TOPICS.publishRequested, LIFECYCLE_TOPICS.certificationFailed]);
    const failed = messages[1]!.payload;
    expect(failed).toMatchObject({ status: 'Failed', runId: run.id, reportUrl: `https://certify.test/reports/${run.id}?format=html` });
    expect(failed.blockers).toHaveLength(errors.length);
    expect(failed.blockers).toContainEqual(expect.objectContaining({ check: 'license/file', requirement: 'LICENSE-FILE', remediation: expect.any(String) }));
  });

  it('a tag moved after setRepository fails with a REPO-TAG blocker', async () => {
    const tag = `moving-before-${backend}`;
    repository.moveTag(tag);
    const staged = await createStaged(`moved-before-${backend}`, tag);
    await publish(staged.id, true);
    const moved = repository.moveTag(tag);
    const done = await process(staged.id);
    expect(done.status).toBe('Failed');
    const repoTag = (done.publishingReport.entries as { type: string; title: string; message: string }[]).filter((e) => e.type === 'Error' && e.title.startsWith('REPO-TAG'));
    expect(repoTag).toHaveLength(1);
    expect(repoTag[0]!.message).toContain(moved.slice(0, 12));
  });

  it('a tag moved while the engine ran fails with a REPO-TAG blocker from the final re-check', async () => {
    const tag = `moving-during-${backend}`;
    repository.moveTag(tag);
    const staged = await createStaged(`moved-during-${backend}`, tag);
    const run = await publish(staged.id, true);
    const pinned = repository.commitOf(tag);
    const done = await process(staged.id, {
      onPhase: (phase) => {
        if (phase === 'engine-done') repository.moveTag(tag);
      },
    });
    expect(done.status).toBe('Failed');
    const entries = done.publishingReport.entries as { type: string; title: string; message: string }[];
    expect(entries.filter((e) => e.type === 'Error').map((e) => e.title)).toEqual(['REPO-TAG: The tag exists and stays put']);
    expect(entries[0]!.message).toMatch(/moved during certification/);
    // The run records what was certified: the commit pinned when the clone was made.
    expect(await service.store.runs.get(run.id)).toMatchObject({ status: 'failed', commit: pinned });
    const failed = (await messagesOf(staged.id)).at(-1)!;
    expect(failed.payload.blockers).toEqual([expect.objectContaining({ check: 'repository/tag', requirement: 'REPO-TAG' })]);
  });

  it('publish without certification publishes a private Connector', async () => {
    const staged = await createStaged(`private-${backend}`);
    await publish(staged.id, false);
    const done = await process(staged.id);
    expect(done).toMatchObject({ status: 'Published', alreadyListed: false, hasChanges: false });
    const connector = await service.request('GET', `/connectors/${staged.id}`, { token: manage });
    expect(connector.status).toBe(200);
    expect(connector.body).toMatchObject({ id: staged.id, certified: false, private: true, version: done.version, repository: { tag: repository.tags.good } });
    // Private: not in another project's search.
    const other = await service.token(['view_connectors:someone-else']);
    expect((await service.request('GET', '/connectors/search', { token: other })).body.results.map((c: { id: string }) => c.id)).not.toContain(staged.id);
    expect((await messagesOf(staged.id)).map((m) => m.topic)).toEqual([LIFECYCLE_TOPICS.publishRequested, LIFECYCLE_TOPICS.published]);
  });

  it('is idempotent: re-running a half-finished or finished job writes the outcome once', async () => {
    const staged = await createStaged(`idempotent-${backend}`);
    const run = await publish(staged.id, true);
    const job = (await service.store.jobs.list({ queue: 'certification' })).find((j) => (j.payload as { runId: string }).runId === run.id)!;
    const handler = createCertificationHandler({ store: service.store, allowLocalRepositories: true, engineSettings: TEST_ENGINE_SETTINGS });
    const context = (attempt: number) => ({ job: { ...job, attempts: attempt }, attempt, lastAttempt: false, signal: new AbortController().signal, workerId: 'test', log: { info() {}, warn() {}, error() {} } });
    // A first attempt that died after marking the run started (nothing else committed).
    await service.store.runs.start(run.id);
    await handler.run(context(2));
    await handler.run(context(3));
    await Promise.all([handler.run(context(4)), handler.run(context(5))]);
    const messages = await messagesOf(staged.id);
    expect(messages.map((m) => m.topic)).toEqual([LIFECYCLE_TOPICS.publishRequested, LIFECYCLE_TOPICS.readyForReview]);
    const staged2 = await service.request('GET', `/connectors/drafts/${staged.id}`, { token: manage });
    expect(staged2.body).toMatchObject({ status: 'ReadyForCertification', version: staged.version + 2 });
  });

  it('a dead certification job fails the publish request with the reason', async () => {
    const staged = await createStaged(`dead-${backend}`);
    const run = await publish(staged.id, true);
    const job = (await service.store.jobs.list({ queue: 'certification' })).find((j) => (j.payload as { runId: string }).runId === run.id)! as Job;
    const handler = createCertificationHandler({ store: service.store, allowLocalRepositories: true });
    await handler.onDead!({ ...job, attempts: 3, status: 'dead' }, 'git crashed');
    await handler.onDead!({ ...job, attempts: 3, status: 'dead' }, 'git crashed'); // idempotent
    const failed = await service.request('GET', `/connectors/drafts/${staged.id}`, { token: manage });
    expect(failed.body.status).toBe('Failed');
    expect(failed.body.publishingReport.entries).toEqual([expect.objectContaining({ type: 'Error', title: 'Certification could not be completed', message: expect.stringContaining('git crashed') })]);
    expect(await service.store.runs.get(run.id)).toMatchObject({ status: 'error' });
    const messages = await messagesOf(staged.id);
    expect(messages.map((m) => m.topic)).toEqual([LIFECYCLE_TOPICS.publishRequested, LIFECYCLE_TOPICS.certificationFailed]);
    expect(messages[1]!.payload.blockers).toEqual([expect.objectContaining({ requirement: 'PIPELINE', message: expect.stringContaining('git crashed') })]);
  });

  it('answers a preview request with isPreviewable and a previewableReport, status unchanged', async () => {
    const good = await createStaged(`preview-good-${backend}`);
    const bad = await createStaged(`preview-bad-${backend}`, repository.tags.defective);
    for (const id of [good.id, bad.id]) {
      const requested = await service.request('POST', `/connectors/drafts/${id}`, { token: manage, body: { version: 1, actions: [{ action: 'updatePreviewable' }] } });
      expect(requested.body).toMatchObject({ isPreviewable: 'pending', status: 'Draft' });
    }
    const worker = startTestWorker(service.store);
    try {
      const settled = async (id: string) =>
        waitFor(`${id} preview`, async () => {
          const staged = await service.request('GET', `/connectors/drafts/${id}`, { token: manage });
          return staged.body.isPreviewable !== 'pending' ? staged.body : undefined;
        });
      const goodDone = await settled(good.id);
      expect(goodDone).toMatchObject({ isPreviewable: 'true', status: 'Draft', version: 3 });
      expect(goodDone.previewableReport.entries.filter((e: { type: string }) => e.type === 'Error')).toEqual([]);
      const badDone = await settled(bad.id);
      expect(badDone).toMatchObject({ isPreviewable: 'false', status: 'Draft' });
      expect(badDone.previewableReport.entries.some((e: { type: string; title: string }) => e.type === 'Error' && e.title.startsWith('LICENSE-FILE'))).toBe(true);
    } finally {
      await worker.stop();
    }
    // A preview is not a lifecycle step the creator is mailed about.
    expect((await messagesOf(good.id)).map((m) => m.topic)).toEqual(['connector.preview-requested']);
  });

  it('re-certification: the listed version stays live until the new one is approved', async () => {
    const staged = await createStaged(`recert-${backend}`);
    await publish(staged.id, true);
    await process(staged.id);
    const approveAll = async () => {
      const claim = await service.request('POST', `/reviews/${staged.id}/claim`, { token: reviewer, body: {} });
      expect(claim.status, JSON.stringify(claim.body)).toBe(200);
      for (const item of claim.body.manualItems as { id: string }[]) {
        expect((await service.request('POST', `/reviews/${staged.id}/checklist`, { token: reviewer, body: { item: item.id, state: 'ok' } })).status).toBe(200);
      }
      const approved = await service.request('POST', `/reviews/${staged.id}/approve`, { token: reviewer, body: {} });
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
      return approved.body.connector;
    };
    const first = await approveAll();
    expect(first).toMatchObject({ status: 'Published', alreadyListed: true, hasChanges: false });

    const setTag = await service.request('POST', `/connectors/drafts/${staged.id}`, { token: manage, body: { version: first.version, actions: [{ action: 'setRepository', tag: repository.tags.next }] } });
    expect(setTag.body).toMatchObject({ status: 'Published', hasChanges: true, repository: { tag: repository.tags.next } });
    await publish(staged.id, true);
    const other = await service.token(['view_connectors:another-project']);
    const live = async () => (await service.request('GET', `/connectors/${staged.id}`, { token: other })).body;
    expect(await live()).toMatchObject({ certified: true, repository: { tag: repository.tags.good }, version: first.version });
    await process(staged.id);
    expect(await live()).toMatchObject({ repository: { tag: repository.tags.good } });
    const second = await approveAll();
    expect(second).toMatchObject({ status: 'Published', hasChanges: false });
    expect(await live()).toMatchObject({ certified: true, repository: { tag: repository.tags.next }, version: second.version });
  });
});
