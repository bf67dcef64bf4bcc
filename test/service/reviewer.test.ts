// The reviewer API and the report endpoint on the real server: the queue, one submission with its
// report and MANUAL items, claims (409 for the loser of a race), checklist answers, approval (only
// when every item is answered; → Published, certified, listed, searchable) and rejection (→ Failed,
// reasons as certification comments), each with its outbox message; and who may call what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIFECYCLE_TOPICS, STANDARD_MANUAL_ITEMS } from '../../src/pipeline/index.js';
import { BACKENDS, startService, type TestService } from './helpers.js';
import { certificationDraft, createCertificationRepository, startTestWorker, waitFor, type CertificationRepository } from './certification-fixtures.js';

const PROJECT = 'review-project';

describe.each(BACKENDS)('reviewer API on %s', (backend) => {
  let service: TestService;
  let repository: CertificationRepository;
  let manage: string;
  let view: string;
  let otherProject: string;
  let reviewer: string;
  let reviewer2: string;
  let approveId: string;
  let rejectId: string;

  beforeAll(async () => {
    repository = createCertificationRepository();
    service = await startService(backend);
    manage = await service.token([`manage_connectors:${PROJECT}`]);
    view = await service.token([`view_connectors:${PROJECT}`]);
    otherProject = await service.token(['manage_project:another-project']);
    reviewer = await service.token(['certify_connectors']);
    reviewer2 = await service.token(['certify_connectors']);
    // Two submissions, processed by the real pipeline: one to approve, one to reject.
    const worker = startTestWorker(service.store);
    try {
      for (const key of ['approve', 'reject']) {
        const created = await service.request('POST', '/connectors/drafts', { token: manage, body: certificationDraft(repository, { key: `${key}-${backend}`, name: `Review ${key}` }) });
        await service.request('POST', `/connectors/drafts/${created.body.id}`, { token: manage, body: { version: 1, actions: [{ action: 'publish', certification: true }] } });
        if (key === 'approve') approveId = created.body.id;
        else rejectId = created.body.id;
      }
      for (const id of [approveId, rejectId]) {
        await waitFor(`${id} ready`, async () => (await service.store.connectors.findStaged({ id }))?.connector.status === 'ReadyForCertification');
      }
    } finally {
      await worker.stop();
    }
  });
  afterAll(async () => {
    await service?.close();
    repository?.dispose();
  });

  const messages = async (id: string) =>
    (await service.store.db.selectFrom('outbox').selectAll().where('aggregate_id', '=', id).orderBy('created_at').orderBy('id').execute()).map((m) => ({ topic: m.topic, payload: JSON.parse(m.payload) }));

  it('lists the queue and shows a submission with its report and MANUAL items', async () => {
    const queue = await service.request('GET', '/reviews', { token: reviewer });
    expect(queue.status).toBe(200);
    expect(queue.body).toMatchObject({ total: 2, count: 2 });
    expect(queue.body.results.map((r: { connector: { id: string } }) => r.connector.id).sort()).toEqual([approveId, rejectId].sort());
    expect(queue.body.results[0].report).toBeUndefined();

    const one = await service.request('GET', `/reviews/${approveId}`, { token: reviewer });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ connector: { id: approveId, status: 'ReadyForCertification' }, projectKey: PROJECT, run: { kind: 'certification', status: 'passed' } });
    expect(one.body.report).toMatchObject({ verdict: 'pass', tool: { name: 'connect-certify' } });
    expect(one.body.manualItems.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining(STANDARD_MANUAL_ITEMS.map((i) => i.id)));
    expect(one.body.reviewer).toBeUndefined();

    const filtered = await service.request('GET', '/reviews?status=InCertification', { token: reviewer });
    expect(filtered.body).toMatchObject({ total: 0, results: [] });
  });

  it('lets exactly one of two concurrent claims win; the other gets 409', async () => {
    const [a, b] = await Promise.all([
      service.request('POST', `/reviews/${approveId}/claim`, { token: reviewer, body: {} }),
      service.request('POST', `/reviews/${approveId}/claim`, { token: reviewer2, body: {} }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(['ReviewAlreadyClaimed', 'ConcurrentModification']).toContain(loser.body.errors[0].code);
    const winner = a.status === 200 ? a : b;
    expect(winner.body).toMatchObject({ connector: { status: 'InCertification' } });
    expect(typeof winner.body.reviewer).toBe('string');
    const again = await service.request('POST', `/reviews/${approveId}/claim`, { token: reviewer, body: {} });
    expect(again.status).toBe(409);
    expect(again.body.errors[0]).toMatchObject({ code: 'ReviewAlreadyClaimed', status: 'InCertification' });
    // The creator sees the status through the Connect API, and cannot change anything meanwhile.
    const staged = await service.request('GET', `/connectors/drafts/${approveId}`, { token: view });
    expect(staged.body.status).toBe('InCertification');
    const frozen = await service.request('POST', `/connectors/drafts/${approveId}`, { token: manage, body: { version: staged.body.version, actions: [{ action: 'setName', name: 'x' }] } });
    expect(frozen.body.errors[0].code).toBe('ConnectorStagedInCertification');
  });

  it('approves only when every MANUAL item is answered and none is a problem', async () => {
    const before = await service.request('GET', `/reviews/${approveId}`, { token: reviewer });
    const items = before.body.manualItems as { id: string }[];
    const incomplete = await service.request('POST', `/reviews/${approveId}/approve`, { token: reviewer, body: {} });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.errors[0]).toMatchObject({ code: 'ReviewIncomplete', openItems: items.map((i) => i.id) });

    const unknown = await service.request('POST', `/reviews/${approveId}/checklist`, { token: reviewer, body: { item: 'std:nope', state: 'ok' } });
    expect(unknown.status).toBe(400);
    const badState = await service.request('POST', `/reviews/${approveId}/checklist`, { token: reviewer, body: { item: items[0]!.id, state: 'maybe' } });
    expect(badState.status).toBe(400);

    for (const item of items) {
      const answered = await service.request('POST', `/reviews/${approveId}/checklist`, { token: reviewer, body: { item: item.id, state: 'problem', note: 'first look' } });
      expect(answered.status).toBe(200);
    }
    const problem = await service.request('POST', `/reviews/${approveId}/approve`, { token: reviewer, body: {} });
    expect(problem.body.errors[0]).toMatchObject({ code: 'ReviewIncomplete', problemItems: items.map((i) => i.id) });
    for (const item of items) {
      await service.request('POST', `/reviews/${approveId}/checklist`, { token: reviewer, body: { item: item.id, state: item.id === 'std:copyleft' ? 'not-applicable' : 'ok', note: `checked ${item.id}` } });
    }
    const note = await service.request('POST', `/reviews/${approveId}/notes`, { token: reviewer, body: { note: 'All good, nice docs.' } });
    expect(note.body.notes).toEqual([expect.objectContaining({ note: 'All good, nice docs.' })]);
    expect(note.body.manualItems.find((i: { id: string }) => i.id === 'std:paperwork')).toMatchObject({ state: 'ok', note: 'checked std:paperwork' });

    const stale = await service.request('POST', `/reviews/${approveId}/approve`, { token: reviewer, body: { version: 1 } });
    expect(stale.status).toBe(409);
    expect(stale.body.errors[0].code).toBe('ConcurrentModification');

    const approved = await service.request('POST', `/reviews/${approveId}/approve`, { token: reviewer, body: { comment: 'Certified.' } });
    expect(approved.status).toBe(200);
    expect(approved.body.connector).toMatchObject({ status: 'Published', alreadyListed: true, hasChanges: false, private: false });
    expect(approved.body.connector.certificationInfo.comments).toEqual([expect.objectContaining({ comment: 'Certified.' })]);

    // Listed: another project finds it in search and reads it.
    const search = await service.request('GET', '/connectors/search?text=review%20approve', { token: otherProject });
    expect(search.body.results).toEqual([expect.objectContaining({ id: approveId, certified: true, version: approved.body.connector.version })]);
    const topics = (await messages(approveId)).map((m) => m.topic);
    expect(topics).toEqual([LIFECYCLE_TOPICS.publishRequested, LIFECYCLE_TOPICS.readyForReview, LIFECYCLE_TOPICS.certificationApproved]);
    expect((await messages(approveId)).at(-1)!.payload).toMatchObject({ connectorId: approveId, status: 'Published', connectorName: 'Review approve' });

    const again = await service.request('POST', `/reviews/${approveId}/approve`, { token: reviewer, body: {} });
    expect(again.status).toBe(409);
  });

  it('rejects with reasons that become certification comments', async () => {
    const empty = await service.request('POST', `/reviews/${rejectId}/reject`, { token: reviewer, body: { reasons: [] } });
    expect(empty.status).toBe(400);
    const current = await service.request('GET', `/connectors/drafts/${rejectId}`, { token: view });
    expect((await service.request('POST', `/reviews/${rejectId}/claim`, { token: reviewer2, body: { version: current.body.version } })).status).toBe(200);
    const rejected = await service.request('POST', `/reviews/${rejectId}/reject`, { token: reviewer2, body: { reasons: ['The logo is a registered trademark of someone else.', 'Installation guide skips the API client scopes.'] } });
    expect(rejected.status).toBe(200);
    expect(rejected.body.connector.status).toBe('Failed');
    const staged = await service.request('GET', `/connectors/drafts/${rejectId}`, { token: view });
    expect(staged.body.certificationInfo.comments.map((c: { comment: string }) => c.comment)).toEqual([
      'The logo is a registered trademark of someone else.',
      'Installation guide skips the API client scopes.',
    ]);
    const last = (await messages(rejectId)).at(-1)!;
    expect(last).toMatchObject({ topic: LIFECYCLE_TOPICS.certificationRejected, payload: { status: 'Failed', reasons: ['The logo is a registered trademark of someone else.', 'Installation guide skips the API client scopes.'] } });
    // The creator can fix and publish again.
    const republish = await service.request('POST', `/connectors/drafts/${rejectId}`, { token: manage, body: { version: staged.body.version, actions: [{ action: 'publish', certification: true }] } });
    expect(republish.body.status).toBe('Processing');
  });

  it('serves run reports as JSON and HTML to the project and to reviewers only', async () => {
    const run = (await service.store.runs.listForConnector(approveId)).at(-1)!;
    const json = await service.request('GET', `/reports/${run.id}`, { token: view });
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toContain('application/json');
    expect(json.body).toMatchObject({ formatVersion: 1, verdict: 'pass', connector: { repository: { tag: repository.tags.good } } });
    const html = await service.request('GET', `/reports/${run.id}?format=html`, { token: reviewer });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(String(html.body)).toMatch(/^<!doctype html>/i);
    expect(String(html.body)).toContain('Review approve');
    expect((await service.request('GET', `/reports/${run.id}`, { token: otherProject })).status).toBe(404);
    expect((await service.request('GET', `/reports/${run.id}`)).status).toBe(401);
    expect((await service.request('GET', '/reports/no-such-run', { token: reviewer })).status).toBe(404);
    expect((await service.request('GET', `/reports/${run.id}?format=pdf`, { token: reviewer })).status).toBe(400);
  });

  it('authorizes every reviewer endpoint: no token 401, project clients 403, unknown connector 404', async () => {
    const endpoints: [string, string, unknown?][] = [
      ['GET', '/reviews'],
      ['GET', `/reviews/${approveId}`],
      ['POST', `/reviews/${approveId}/claim`, {}],
      ['POST', `/reviews/${approveId}/checklist`, { item: 'std:paperwork', state: 'ok' }],
      ['POST', `/reviews/${approveId}/notes`, { note: 'x' }],
      ['POST', `/reviews/${approveId}/approve`, {}],
      ['POST', `/reviews/${approveId}/reject`, { reasons: ['x'] }],
    ];
    for (const [method, url, body] of endpoints) {
      const options = body !== undefined ? { body } : {};
      expect((await service.request(method, url, options)).status, `${method} ${url} without token`).toBe(401);
      for (const token of [view, manage, otherProject]) {
        const response = await service.request(method, url, { token, ...options });
        expect(response.status, `${method} ${url} as project client`).toBe(403);
        expect(response.body.errors[0].code).toBe('AuthorizationError');
      }
    }
    for (const [method, url, body] of endpoints.slice(1)) {
      const response = await service.request(method, url.replace(approveId, '00000000-0000-4000-8000-000000000000'), { token: reviewer, ...(body !== undefined ? { body } : {}) });
      expect(response.status, `${method} ${url} unknown`).toBe(404);
    }
  });
});
