// Optimistic concurrency over real HTTP: 50 clients send an update with the same version at once;
// exactly one wins, every other one gets 409 ConcurrentModification, and the stored version moved
// by exactly one. Runs on every configured backend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, createFixtureRepository, draftFor, startService, type FixtureRepository, type TestService } from './helpers.js';

const CONCURRENT_UPDATES = 50;

describe.each(BACKENDS)('concurrent updates on %s', (backend) => {
  let service: TestService;
  let repository: FixtureRepository;
  let token: string;

  beforeAll(async () => {
    repository = createFixtureRepository();
    service = await startService(backend);
    token = await service.token(['manage_connectors:race']);
  });
  afterAll(async () => {
    await service?.close();
    repository?.dispose();
  });

  it(`lets exactly one of ${CONCURRENT_UPDATES} same-version updates succeed`, async () => {
    const created = await service.request('POST', '/connectors/drafts', { token, body: draftFor(repository.url, { key: `race-${backend}` }) });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    const responses = await Promise.all(
      Array.from({ length: CONCURRENT_UPDATES }, (_, i) =>
        service.request('POST', `/connectors/drafts/${id}`, { token, body: { version: 1, actions: [{ action: 'setName', name: `writer ${i}` }] } }),
      ),
    );
    const winners = responses.filter((r) => r.status === 200);
    const losers = responses.filter((r) => r.status !== 200);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(CONCURRENT_UPDATES - 1);
    for (const loser of losers) {
      expect(loser.status).toBe(409);
      expect(loser.body).toMatchObject({ statusCode: 409, errors: [{ code: 'ConcurrentModification', expectedVersion: 1, currentVersion: 2 }] });
      expect(loser.body.message).toBe(loser.body.errors[0].message);
    }

    const stored = await service.request('GET', `/connectors/drafts/${id}`, { token });
    expect(stored.body.version).toBe(2);
    expect(stored.body.name).toBe(winners[0]!.body.name);
  });

  it('lets exactly one of several concurrent creates with the same key succeed', async () => {
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => service.request('POST', '/connectors/drafts', { token, body: draftFor(repository.url, { key: `race-key-${backend}` }) })),
    );
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of responses.filter((x) => x.status !== 201)) {
      expect(r.body).toMatchObject({ statusCode: 400, errors: [{ code: 'DuplicateField', field: 'key', duplicateValue: `race-key-${backend}` }] });
    }
  });

  it('lets concurrent publish requests enqueue exactly one job', async () => {
    const created = await service.request('POST', '/connectors/drafts', { token, body: draftFor(repository.url, { key: `race-publish-${backend}` }) });
    const id = created.body.id as string;
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => service.request('POST', `/connectors/drafts/${id}`, { token, body: { version: 1, actions: [{ action: 'publish', certification: false }] } })),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    const jobs = (await service.store.jobs.list({ queue: 'certification' })).filter((j) => (j.payload as { connectorId: string }).connectorId === id);
    expect(jobs).toHaveLength(1);
    expect(await service.store.runs.listForConnector(id)).toHaveLength(1);
  });
});
