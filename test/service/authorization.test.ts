// Authorization matrix: every connector, reviewer and report endpoint × {no token, another
// project's manager, view scope, manage scope, reviewer} → the expected status and error code. Each
// cell works on its own connector (written straight into the store, published privately to project
// A, or waiting in the review status the endpoint needs, with a finished run), so cells do not depend
// on each other's writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishedFrom } from '../../src/pipeline/state.js';
import { newId, type StagedRecord } from '../../src/store/index.js';
import { BACKENDS, createFixtureRepository, draftFor, startService, type FixtureRepository, type TestService } from './helpers.js';

type Caller = 'none' | 'other' | 'view' | 'manage' | 'reviewer';
const CALLERS: Caller[] = ['none', 'other', 'view', 'manage', 'reviewer'];

const SCOPES: Record<Exclude<Caller, 'none'>, string[]> = {
  other: ['manage_project:proj-b'],
  view: ['view_connectors:proj-a'],
  manage: ['manage_connectors:proj-a'],
  reviewer: ['certify_connectors'],
};

interface Target {
  id: string;
  key: string;
  version: number;
  /** A finished certification run of the target, with a report. */
  runId: string;
}

interface Endpoint {
  name: string;
  method: 'GET' | 'POST' | 'DELETE';
  /** The target's status (default Published). */
  status?: 'Published' | 'ReadyForCertification' | 'InCertification';
  path: (t: Target) => string;
  body?: (t: Target, repositoryUrl: string) => unknown;
  expected: Record<Caller, number>;
}

const setName = (t: Target) => ({ version: t.version, actions: [{ action: 'setName', name: 'changed' }] });
const comment = (t: Target) => ({ version: t.version, actions: [{ action: 'addCertificationComment', comment: 'Please add an installation guide.' }] });

const ENDPOINTS: Endpoint[] = [
  { name: 'create ConnectorStaged', method: 'POST', path: () => '/connectors/drafts', body: (_t, url) => draftFor(url), expected: { none: 401, other: 201, view: 403, manage: 201, reviewer: 403 } },
  { name: 'query ConnectorStaged', method: 'GET', path: () => '/connectors/drafts', expected: { none: 401, other: 200, view: 200, manage: 200, reviewer: 200 } },
  { name: 'get ConnectorStaged by id', method: 'GET', path: (t) => `/connectors/drafts/${t.id}`, expected: { none: 401, other: 404, view: 200, manage: 200, reviewer: 200 } },
  { name: 'get ConnectorStaged by key', method: 'GET', path: (t) => `/connectors/drafts/key=${t.key}`, expected: { none: 401, other: 404, view: 200, manage: 200, reviewer: 200 } },
  { name: 'update ConnectorStaged by id (setName)', method: 'POST', path: (t) => `/connectors/drafts/${t.id}`, body: setName, expected: { none: 401, other: 404, view: 403, manage: 200, reviewer: 403 } },
  { name: 'update ConnectorStaged by key (setName)', method: 'POST', path: (t) => `/connectors/drafts/key=${t.key}`, body: setName, expected: { none: 401, other: 404, view: 403, manage: 200, reviewer: 403 } },
  { name: 'update ConnectorStaged (addCertificationComment)', method: 'POST', path: (t) => `/connectors/drafts/${t.id}`, body: comment, expected: { none: 401, other: 404, view: 403, manage: 200, reviewer: 200 } },
  { name: 'delete ConnectorStaged by id', method: 'DELETE', path: (t) => `/connectors/drafts/${t.id}?version=${t.version}`, expected: { none: 401, other: 404, view: 403, manage: 200, reviewer: 403 } },
  { name: 'delete ConnectorStaged by key', method: 'DELETE', path: (t) => `/connectors/drafts/key=${t.key}`, expected: { none: 401, other: 404, view: 403, manage: 200, reviewer: 403 } },
  { name: 'get Connector by id', method: 'GET', path: (t) => `/connectors/${t.id}`, expected: { none: 401, other: 404, view: 200, manage: 200, reviewer: 200 } },
  { name: 'get Connector by key', method: 'GET', path: (t) => `/connectors/key=${t.key}`, expected: { none: 401, other: 404, view: 200, manage: 200, reviewer: 200 } },
  { name: 'search Connectors', method: 'GET', path: () => '/connectors/search', expected: { none: 401, other: 200, view: 200, manage: 200, reviewer: 200 } },
  { name: 'get a run report', method: 'GET', path: (t) => `/reports/${t.runId}`, expected: { none: 401, other: 404, view: 200, manage: 200, reviewer: 200 } },
  { name: 'get a run report as HTML', method: 'GET', path: (t) => `/reports/${t.runId}?format=html`, expected: { none: 401, other: 404, view: 200, manage: 200, reviewer: 200 } },
  ...reviewerEndpoints(),
];

/** The reviewer API: reviewers only; project clients get 403 whatever their scopes. */
function reviewerEndpoints(): Endpoint[] {
  const onlyReviewer = (status: number) => ({ none: 401, other: 403, view: 403, manage: 403, reviewer: status });
  return [
    { name: 'list the review queue', method: 'GET', path: () => '/reviews', expected: onlyReviewer(200) },
    { name: 'get a submission', method: 'GET', status: 'ReadyForCertification', path: (t) => `/reviews/${t.id}`, expected: onlyReviewer(200) },
    { name: 'claim a submission', method: 'POST', status: 'ReadyForCertification', path: (t) => `/reviews/${t.id}/claim`, body: () => ({}), expected: onlyReviewer(200) },
    { name: 'answer a MANUAL item', method: 'POST', status: 'InCertification', path: (t) => `/reviews/${t.id}/checklist`, body: () => ({ item: 'std:paperwork', state: 'ok' }), expected: onlyReviewer(200) },
    { name: 'add a review note', method: 'POST', status: 'InCertification', path: (t) => `/reviews/${t.id}/notes`, body: () => ({ note: 'looked at it' }), expected: onlyReviewer(200) },
    // Allowed, but refused on its merits: no MANUAL item is answered yet.
    { name: 'approve a submission', method: 'POST', status: 'InCertification', path: (t) => `/reviews/${t.id}/approve`, body: () => ({}), expected: onlyReviewer(400) },
    { name: 'reject a submission', method: 'POST', status: 'InCertification', path: (t) => `/reviews/${t.id}/reject`, body: () => ({ reasons: ['no installation guide'] }), expected: onlyReviewer(200) },
  ];
}

/** The smallest report the renderers accept: what a run of the engine with no findings stores. */
function minimalReport(url: string) {
  return {
    tool: { name: 'connect-certify', version: '0.0.0' },
    connector: { root: '.', repository: { url, tag: 'v1.0.0', commit: null } },
    verdict: 'pass',
    applications: [],
    checks: [],
    findings: [],
    suppressions: [],
    skippedFiles: [],
    sections: {},
    startedAt: new Date().toISOString(),
    durationMs: 1,
  };
}

const EXPECTED_CODE: Record<number, string> = { 400: 'ReviewIncomplete', 401: 'invalid_token', 403: 'AuthorizationError', 404: 'ResourceNotFound' };

describe.each(BACKENDS)('authorization matrix on %s', (backend) => {
  let service: TestService;
  let repository: FixtureRepository;
  const tokens: Partial<Record<Caller, string>> = {};

  beforeAll(async () => {
    repository = createFixtureRepository();
    service = await startService(backend);
    for (const caller of CALLERS) if (caller !== 'none') tokens[caller] = await service.token(SCOPES[caller]);
  });
  afterAll(async () => {
    await service?.close();
    repository?.dispose();
  });

  /** A ConnectorStaged of project A with a private published Connector (or in review), and a finished run. */
  async function target(status: Endpoint['status'] = 'Published'): Promise<Target> {
    const id = newId();
    const key = `authz-${id.slice(0, 8)}`;
    const at = new Date().toISOString();
    const record: StagedRecord = {
      projectKey: 'proj-a',
      lifecycle: { published: true, certified: false },
      connector: {
        id,
        key,
        version: 3,
        name: `Target ${key}`,
        description: 'authorization target',
        integrationTypes: ['other'],
        creator: { email: 'creator@example.com' },
        repository: { url: repository.url, tag: 'v1.0.0' },
        configurations: [],
        private: true,
        privateProjects: [],
        supportedRegions: [],
        status,
        alreadyListed: false,
        hasChanges: false,
        isPreviewable: 'none',
        createdAt: at,
        lastModifiedAt: at,
      },
    };
    await service.store.connectors.insertStaged(record);
    await service.store.connectors.upsertPublished(publishedFrom(record, { certified: false, listed: false, now: at }));
    const run = await service.store.runs.create({ connectorId: id, connectorVersion: 3, kind: 'certification', repository: { url: repository.url, tag: 'v1.0.0' }, requestedBy: 'test' });
    await service.store.runs.finish(run.id, { status: 'passed', verdict: 'pass', report: minimalReport(repository.url) });
    return { id, key, version: 3, runId: run.id };
  }

  const cells = ENDPOINTS.flatMap((endpoint) => CALLERS.map((caller) => ({ endpoint, caller, status: endpoint.expected[caller] })));

  it.each(cells)('$endpoint.name as $caller → $status', async ({ endpoint, caller, status }) => {
    const t = await target(endpoint.status);
    const response = await service.request(endpoint.method, endpoint.path(t), {
      ...(caller !== 'none' ? { token: tokens[caller]! } : {}),
      ...(endpoint.body ? { body: endpoint.body(t, repository.url) } : {}),
    });
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    if (status >= 400) {
      expect(response.body).toMatchObject({ statusCode: status, errors: [{ code: EXPECTED_CODE[status] }] });
      expect(response.body.message).toBe(response.body.errors[0].message);
    }
    // Lists and searches never show another project's private connectors.
    if (status === 200 && endpoint.method === 'GET' && (endpoint.path(t) === '/connectors/drafts' || endpoint.path(t) === '/connectors/search')) {
      const page = await service.request('GET', `${endpoint.path(t)}?limit=500`, { token: tokens[caller]! });
      const ids = (page.body.results as { id: string }[]).map((r) => r.id);
      expect(ids.includes(t.id)).toBe(caller !== 'other');
    }
  });

  it('keeps a reviewer comment from changing anything else and records who made it', async () => {
    const t = await target();
    const response = await service.request('POST', `/connectors/drafts/${t.id}`, { token: tokens.reviewer!, body: comment(t) });
    expect(response.status).toBe(200);
    expect(response.body.certificationInfo.comments).toMatchObject([{ comment: 'Please add an installation guide.' }]);
    const reviews = await service.store.reviews.listForConnector(t.id);
    expect(reviews).toMatchObject([{ kind: 'comment', body: 'Please add an installation guide.' }]);
    const mixed = await service.request('POST', `/connectors/drafts/${t.id}`, {
      token: tokens.reviewer!,
      body: { version: response.body.version, actions: [{ action: 'addCertificationComment', comment: 'x' }, { action: 'publish', certification: true }] },
    });
    expect(mixed.status).toBe(403);
  });

  it('shows a private Connector to its private projects and a listed one to everybody', async () => {
    const t = await target();
    const partner = await service.token(['view_connectors:partner']);
    expect((await service.request('GET', `/connectors/${t.id}`, { token: partner })).status).toBe(404);
    const published = (await service.store.connectors.findPublished({ id: t.id }))!;
    await service.store.connectors.upsertPublished({ ...published, privateProjectKeys: ['partner'] });
    expect((await service.request('GET', `/connectors/${t.id}`, { token: partner })).status).toBe(200);
    await service.store.connectors.upsertPublished({ ...published, listed: true });
    expect((await service.request('GET', `/connectors/key=${t.key}`, { token: tokens.other! })).status).toBe(200);
  });
});
