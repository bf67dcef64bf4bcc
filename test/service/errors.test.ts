// Every failure comes back in Connect's error envelope `{statusCode, message, errors: [{code,
// message, …}]}` with `message` equal to the first error's: malformed JSON, wrong types, unknown
// fields and actions, bad query parameters, unknown routes, repository problems.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureRepository, draftFor, startService, type FixtureRepository, type TestService } from './helpers.js';

function expectEnvelope(response: { status: number; body: any }, status: number, code: string): any {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body).toMatchObject({ statusCode: status, errors: [{ code }] });
  expect(typeof response.body.message).toBe('string');
  expect(response.body.message).toBe(response.body.errors[0].message);
  return response.body.errors[0];
}

describe('Connect error envelope', () => {
  let service: TestService;
  let repository: FixtureRepository;
  let token: string;
  let id: string;

  beforeAll(async () => {
    repository = createFixtureRepository();
    service = await startService('sqlite');
    token = await service.token(['manage_project:errors']);
    const created = await service.request('POST', '/connectors/drafts', { token, body: draftFor(repository.url, { key: 'errors-target' }) });
    id = created.body.id;
  });
  afterAll(async () => {
    await service?.close();
    repository?.dispose();
  });

  const update = (body: unknown, raw?: string) => service.request('POST', `/connectors/drafts/${id}`, { token, ...(raw !== undefined ? { rawBody: raw } : { body }) });

  it('answers malformed JSON with InvalidJsonInput and the parser\'s detail', async () => {
    const error = expectEnvelope(await update(undefined, '{"version": 1, "actions": ['), 400, 'InvalidJsonInput');
    expect(error.message).toBe('Request body does not contain valid JSON.');
    expect(error.detailedErrorMessage).toMatch(/JSON/);
    expectEnvelope(await service.request('POST', '/connectors/drafts', { token, rawBody: 'not json' }), 400, 'InvalidJsonInput');
    expectEnvelope(await update(undefined, ''), 400, 'InvalidJsonInput');
    expectEnvelope(await update(undefined, '{"__proto__": {"polluted": true}, "version": 1, "actions": []}'), 400, 'InvalidJsonInput');
  });

  it('answers an unknown action with InvalidJsonInput naming it and its index', async () => {
    const error = expectEnvelope(await update({ version: 1, actions: [{ action: 'setName', name: 'ok' }, { action: 'setKey', key: 'x' }] }), 400, 'InvalidJsonInput');
    expect(error.message).toContain("'setKey'");
    expect(error.detailedErrorMessage).toContain('actions[1].action');
    expect(error.actionIndex).toBe(1);
    // Nothing of the request was applied.
    expect((await service.request('GET', `/connectors/drafts/${id}`, { token })).body).toMatchObject({ version: 1, name: 'Good connector' });
  });

  it('answers wrong types, missing and unknown fields with InvalidJsonInput and where they are', async () => {
    const cases: [unknown, string][] = [
      [{ version: '1', actions: [] }, 'version'],
      [{ actions: [] }, 'version: is required'],
      [{ version: 1 }, 'actions: is required'],
      [{ version: 1, actions: {} }, 'actions: must be an array'],
      [{ version: 1, actions: [{ action: 'setName', name: 5 }] }, 'actions[0].name: must be string'],
      [{ version: 1, actions: [{ action: 'setName' }] }, 'actions[0].name: is required'],
      [{ version: 1, actions: [{ action: 'setName', name: 'x', nmae: 'y' }] }, 'actions[0].nmae: is not a known field'],
      [{ version: 1, actions: [{ action: 'setSupportedRegions', regions: [] }] }, 'actions[0].regions'],
      [{ version: 1, actions: [{ action: 'setSupportedRegions', regions: ['mars-north1.gcp'] }] }, 'actions[0].regions.0: must be one of'],
      [{ version: 1, actions: [{ action: 'setCreatorNoOfContributors', creatorNoOfContributors: 0 }] }, 'creatorNoOfContributors'],
      [{ version: 1, actions: [{ action: 'setCreatorEmail', creatorEmail: 'not-an-email' }] }, 'actions[0].creatorEmail'],
      [{ version: 1, actions: [{ action: 'addPrivateProject', privateProject: 'no-region' }] }, 'actions[0].privateProject'],
      [{ version: 1, actions: [{ action: 'publish' }] }, 'actions[0].certification: is required'],
      [{ version: 1, actions: [{ action: 'publish', certification: 'yes' }] }, 'actions[0].certification: must be boolean'],
      [{ version: 1, actions: ['setName'] }, 'actions[0]: must be an object'],
      [{ version: 1, actions: [], extra: true }, 'extra: is not a known field'],
      [[1, 2], 'request body must be an object'],
    ];
    for (const [body, detail] of cases) {
      const error = expectEnvelope(await update(body), 400, 'InvalidJsonInput');
      expect(error.detailedErrorMessage, JSON.stringify(body)).toContain(detail);
    }
  });

  it('validates drafts the same way', async () => {
    const cases: [unknown, string][] = [
      [draftFor(repository.url, { name: 7 }), 'name: must be string'],
      [draftFor(repository.url, { creator: {} }), 'creator.email: is required'],
      [draftFor(repository.url, { creator: { email: 'a@b.c', noOfDevelopers: 3 } }), 'creator.noOfDevelopers: is not a known field'],
      [draftFor(repository.url, { key: 'a' }), 'key'],
      [draftFor(repository.url, { key: 'has space' }), 'key: must match pattern'],
      [draftFor(repository.url, { integrationTypes: ['teleport'] }), 'integrationTypes.0: must be one of'],
      [{ ...draftFor(repository.url), repository: undefined }, 'repository: is required'],
    ];
    for (const [body, detail] of cases) {
      const error = expectEnvelope(await service.request('POST', '/connectors/drafts', { token, body }), 400, 'InvalidJsonInput');
      expect(error.detailedErrorMessage, JSON.stringify(body)).toContain(detail);
    }
  });

  it('answers bad query parameters with InvalidQueryParam', async () => {
    for (const query of ['limit=501', 'limit=abc', 'offset=-1', 'offset=10001', 'sort=secret%20asc', 'sort=name%20sideways', 'isPrivate=maybe', 'integrationTypes=teleport']) {
      const error = expectEnvelope(await service.request('GET', `/connectors/drafts?${query}`, { token }), 400, 'InvalidQueryParam');
      expect(error.detailedErrorMessage, query).toBeTruthy();
    }
    expectEnvelope(await service.request('DELETE', `/connectors/drafts/${id}?version=zero`, { token }), 400, 'InvalidQueryParam');
  });

  it('answers unknown resources and routes with ResourceNotFound', async () => {
    const missing = expectEnvelope(await service.request('GET', '/connectors/drafts/00000000-0000-4000-8000-000000000000', { token }), 404, 'ResourceNotFound');
    expect(missing.message).toContain('00000000-0000-4000-8000-000000000000');
    expectEnvelope(await service.request('GET', '/connectors/drafts/key=nope', { token }), 404, 'ResourceNotFound');
    expectEnvelope(await update({ version: 1, actions: [] }).then(() => service.request('POST', '/connectors/drafts/key=nope', { token, body: { version: 1, actions: [] } })), 404, 'ResourceNotFound');
    expectEnvelope(await service.request('GET', '/no/such/route'), 404, 'ResourceNotFound');
  });

  it('answers a non-JSON content type and an oversized body in the envelope', async () => {
    const wrongType = await service.request('POST', `/connectors/drafts/${id}`, { token, rawBody: 'version=1', headers: { 'content-type': 'text/plain' } });
    expectEnvelope(wrongType, 415, 'InvalidJsonInput');
    const huge = await update(undefined, JSON.stringify({ version: 1, actions: [{ action: 'setDescription', description: 'x'.repeat(300 * 1024) }] }));
    expectEnvelope(huge, 413, 'InvalidJsonInput');
  });

  it('answers a stale version with ConcurrentModification and the versions', async () => {
    const error = expectEnvelope(await update({ version: 9, actions: [{ action: 'setName', name: 'late' }] }), 409, 'ConcurrentModification');
    expect(error).toMatchObject({ expectedVersion: 9, currentVersion: 1 });
  });

  it('answers repository problems with Connect\'s codes', async () => {
    const unreachable = expectEnvelope(
      await service.request('POST', '/connectors/drafts', { token, body: draftFor('/nonexistent/repository/path') }),
      400,
      'GitRepositoryNotReachable',
    );
    expect(unreachable.message).toContain('/nonexistent/repository/path');
    expectEnvelope(await service.request('POST', '/connectors/drafts', { token, body: draftFor(repository.url, { repository: { url: repository.url, tag: 'v9.9.9' } }) }), 400, 'GitRepositoryNotReachable');
    expectEnvelope(await service.request('POST', '/connectors/drafts', { token, body: draftFor('ext::sh -c touch% /tmp/pwned') }), 400, 'GitRepositoryNotReachable');
    expectEnvelope(await service.request('POST', '/connectors/drafts', { token, body: draftFor('file:///etc') }), 400, 'GitRepositoryNotReachable');
    const notFound = expectEnvelope(
      await service.request('POST', '/connectors/drafts', { token, body: draftFor(repository.url, { repository: { url: repository.url, tag: 'no-spec' } }) }),
      400,
      'ConnectorSpecificationFileNotFound',
    );
    expect(notFound.message).toContain('connect.yaml');
    const invalid = expectEnvelope(await update({ version: 1, actions: [{ action: 'setRepository', tag: 'bad-spec' }] }), 400, 'ConnectorSpecificationFileNotValid');
    expect(invalid.message).toContain('deployAs.0');
    expect(invalid.diagnostics[0]).toMatchObject({ field: expect.stringContaining('deployAs.0'), line: expect.any(Number) });
    // The failed setRepository left the connector unchanged.
    expect((await service.request('GET', `/connectors/drafts/${id}`, { token })).body).toMatchObject({ version: 1, repository: { tag: 'v1.0.0' } });
  });

  it('refuses local repository paths unless the server allows them', async () => {
    const strict = await startService('sqlite', { allowLocalRepositories: false });
    try {
      const strictToken = await strict.token(['manage_connectors:strict']);
      const error = expectEnvelope(await strict.request('POST', '/connectors/drafts', { token: strictToken, body: draftFor(repository.url) }), 400, 'GitRepositoryNotReachable');
      expect(error.message).toContain('local repositories are not accepted');
    } finally {
      await strict.close();
    }
  });

  it('hides credentials put into a repository URL', async () => {
    const error = expectEnvelope(
      await service.request('POST', '/connectors/drafts', { token, body: draftFor('https://user:hunter2@github.com/example/repo.git') }),
      400,
      'GitRepositoryNotReachable',
    );
    expect(JSON.stringify(error)).not.toContain('hunter2');
  });

  it('serves keys up to 256 characters in paths', async () => {
    const key = `k${'x'.repeat(255)}`;
    expect((await service.request('POST', '/connectors/drafts', { token, body: draftFor(repository.url, { key }) })).status).toBe(201);
    const found = await service.request('GET', `/connectors/drafts/key=${key}`, { token });
    expect(found.status).toBe(200);
    expect(found.body.key).toBe(key);
    expectEnvelope(await service.request('POST', '/connectors/drafts', { token, body: draftFor(repository.url, { key: `${key}y` }) }), 400, 'InvalidJsonInput');
  });

  it('answers a duplicate key with DuplicateField', async () => {
    const error = expectEnvelope(await service.request('POST', '/connectors/drafts', { token, body: draftFor(repository.url, { key: 'errors-target' }) }), 400, 'DuplicateField');
    expect(error).toMatchObject({ field: 'key', duplicateValue: 'errors-target' });
  });

  it('sends a correlation id with every response, keeping a well-formed incoming one', async () => {
    const response = await service.request('GET', '/connectors/drafts/key=nope', { token, headers: { 'x-correlation-id': 'abc-123' } });
    expect(response.headers.get('x-correlation-id')).toBe('abc-123');
    const generated = await service.request('GET', '/health', { headers: { 'x-correlation-id': 'bad id with spaces' } });
    expect(generated.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
