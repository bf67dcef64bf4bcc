// The store on every configured backend (SQLite always; PostgreSQL when TEST_DATABASE_URL or
// DATABASE_URL is set): migrations, clients and tokens, ConnectorStaged versioned writes,
// queries, published connectors, runs, jobs, outbox, reviews, transactions.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishedFrom } from '../pipeline/state.js';
import type { StagedRecord } from './model.js';
import { DuplicateKeyError, escapeLike } from './connectors.js';
import { MIGRATIONS } from './migrations.js';
import { hashSecret, verifySecret } from './secrets.js';
import { SQLITE_FILE_NAME, redactDatabaseUrl, type Store } from './store.js';
import { TOKEN_CACHE_MS } from './clients.js';
import { openTestStore, TEST_BACKENDS, type TestStore } from './testing.js';

function staged(id: string, overrides: Partial<StagedRecord['connector']> = {}, projectKey = 'proj-a'): StagedRecord {
  const at = overrides.createdAt ?? '2026-01-01T00:00:00.000Z';
  return {
    projectKey,
    lifecycle: { published: false, certified: false, repositoryCommit: 'a'.repeat(40) },
    connector: {
      id,
      version: 1,
      name: `Connector ${id}`,
      description: 'A connector',
      integrationTypes: ['oms'],
      creator: { email: 'creator@example.com', company: 'Example Ltd' },
      repository: { url: 'https://github.com/example/connector.git', tag: 'v1.0.0' },
      configurations: [],
      private: true,
      privateProjects: [],
      supportedRegions: [],
      status: 'Draft',
      alreadyListed: false,
      hasChanges: false,
      isPreviewable: 'none',
      createdAt: at,
      lastModifiedAt: at,
      ...overrides,
    },
  };
}

describe('secrets', () => {
  it('hashes secrets with a salt and verifies only the right one', async () => {
    const a = await hashSecret('correct horse');
    const b = await hashSecret('correct horse');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toContain('correct horse');
    expect(await verifySecret('correct horse', a)).toBe(true);
    expect(await verifySecret('wrong', a)).toBe(false);
    expect(await verifySecret('correct horse', 'plain')).toBe(false);
  });

  it('escapes LIKE wildcards and hides database passwords', () => {
    expect(escapeLike('a_b%c!')).toBe('a!_b!%c!!');
    expect(redactDatabaseUrl('postgres://user:s3cret@db:5432/x')).toBe('postgres://user:***@db:5432/x');
  });
});

describe.each(TEST_BACKENDS)('store on %s', (backend) => {
  let handle: TestStore;
  let store: Store;
  beforeAll(async () => {
    handle = await openTestStore(backend);
    store = handle.store;
  });
  afterAll(async () => {
    await handle?.dispose();
  });

  it('migrates once and reports its dialect', async () => {
    expect(store.dialect).toBe(backend);
    const migrations = await store.db.selectFrom('kysely_migration' as never).selectAll().execute();
    expect(migrations).toHaveLength(Object.keys(MIGRATIONS).length);
    if (backend === 'sqlite') expect(existsSync(store.location)).toBe(true);
    if (backend === 'sqlite') expect(path.basename(store.location)).toBe(SQLITE_FILE_NAME);
  });

  it('creates clients with hashed secrets and authenticates them', async () => {
    const created = await store.clients.create({ name: 'creator', scopes: ['manage_connectors:proj-a', 'view_connectors:proj-a'] });
    expect(created.secret).toHaveLength(32);
    const row = await store.db.selectFrom('api_clients').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(row.secret_hash).not.toContain(created.secret);
    expect(await store.clients.authenticate(created.id, created.secret)).toMatchObject({ id: created.id, scopes: ['manage_connectors:proj-a', 'view_connectors:proj-a'] });
    expect(await store.clients.authenticate(created.id, 'wrong')).toBeUndefined();
    expect(await store.clients.authenticate('no-such-client', created.secret)).toBeUndefined();
  });

  it('issues tokens stored as hashes, honours expiry and revocation', async () => {
    const client = await store.clients.create({ name: 'tokens', scopes: ['view_connectors:proj-a'] });
    const now = new Date('2026-03-01T00:00:00.000Z');
    const issued = await store.tokens.issue({ clientId: client.id, scopes: ['view_connectors:proj-a'], ttlSeconds: 60, now });
    const rows = await store.db.selectFrom('access_tokens').select('token_hash').where('client_id', '=', client.id).execute();
    expect(rows.map((r) => r.token_hash)).not.toContain(issued.token);
    expect(await store.tokens.find(issued.token, now)).toMatchObject({ clientId: client.id, scopes: ['view_connectors:proj-a'] });
    expect(await store.tokens.find(issued.token, new Date(now.getTime() + 61_000))).toBeUndefined();
    expect(await store.tokens.find('not-a-token', now)).toBeUndefined();
    expect(await store.tokens.purgeExpired(new Date(now.getTime() + 61_000))).toBeGreaterThanOrEqual(1);

    const second = await store.tokens.issue({ clientId: client.id, scopes: ['view_connectors:proj-a'], ttlSeconds: 60 });
    // Found once (now cached for TOKEN_CACHE_MS), then revoked: the cache must not keep it alive.
    expect(await store.tokens.find(second.token)).toMatchObject({ clientId: client.id });
    expect(await store.clients.revoke(client.id)).toBe(true);
    expect(await store.tokens.find(second.token)).toBeUndefined();
    expect(await store.clients.authenticate(client.id, client.secret)).toBeUndefined();
  });

  it('trusts a verified token for TOKEN_CACHE_MS only: a revocation by another process counts after that, expiry at once', async () => {
    const client = await store.clients.create({ name: 'cached', scopes: ['view_connectors:proj-a'] });
    const now = new Date('2026-04-01T00:00:00.000Z');
    const issued = await store.tokens.issue({ clientId: client.id, scopes: ['view_connectors:proj-a'], ttlSeconds: 60, now });
    expect(await store.tokens.find(issued.token, now)).toMatchObject({ clientId: client.id });
    // Another process revokes: it deletes the row; this process does not hear of it.
    await store.db.deleteFrom('access_tokens').where('client_id', '=', client.id).execute();
    expect(await store.tokens.find(issued.token, new Date(now.getTime() + TOKEN_CACHE_MS - 1))).toMatchObject({ clientId: client.id });
    expect(await store.tokens.find(issued.token, new Date(now.getTime() + TOKEN_CACHE_MS))).toBeUndefined();

    const short = await store.tokens.issue({ clientId: client.id, scopes: ['view_connectors:proj-a'], ttlSeconds: 2, now });
    expect(await store.tokens.find(short.token, now)).toBeDefined();
    expect(await store.tokens.find(short.token, new Date(now.getTime() + 2_000))).toBeUndefined();
  });

  it('inserts, reads by id and key, and refuses a duplicate key', async () => {
    await store.connectors.insertStaged(staged('00000000-0000-4000-8000-000000000001', { key: 'dup-key' }));
    const byId = await store.connectors.findStaged({ id: '00000000-0000-4000-8000-000000000001' });
    const byKey = await store.connectors.findStaged({ key: 'dup-key' });
    expect(byId?.connector.name).toBe('Connector 00000000-0000-4000-8000-000000000001');
    expect(byKey?.connector.id).toBe(byId?.connector.id);
    expect(byId?.lifecycle.repositoryCommit).toBe('a'.repeat(40));
    await expect(store.connectors.insertStaged(staged('00000000-0000-4000-8000-000000000002', { key: 'dup-key' }))).rejects.toBeInstanceOf(DuplicateKeyError);
    // Connectors without a key do not collide.
    await store.connectors.insertStaged(staged('00000000-0000-4000-8000-000000000003'));
    await store.connectors.insertStaged(staged('00000000-0000-4000-8000-000000000004'));
  });

  it('updates only when the expected version matches', async () => {
    const record = staged('00000000-0000-4000-8000-000000000010');
    await store.connectors.insertStaged(record);
    const next = structuredClone(record);
    next.connector.version = 2;
    next.connector.name = 'renamed';
    expect(await store.connectors.updateStaged(next, 1)).toBe(true);
    expect(await store.connectors.updateStaged({ ...next, connector: { ...next.connector, name: 'lost' } }, 1)).toBe(false);
    expect((await store.connectors.findStaged({ id: record.connector.id }))?.connector).toMatchObject({ version: 2, name: 'renamed' });
    expect(await store.connectors.currentVersion(record.connector.id)).toBe(2);
  });

  it('gives exactly one winner among concurrent writers holding the same version', async () => {
    const record = staged('00000000-0000-4000-8000-000000000011');
    await store.connectors.insertStaged(record);
    const attempts = Array.from({ length: 20 }, (_, i) =>
      store.transaction(async (tx) => {
        const next = structuredClone(record);
        next.connector.version = 2;
        next.connector.name = `writer ${i}`;
        return tx.connectors.updateStaged(next, 1);
      }),
    );
    const results = await Promise.all(attempts);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('rolls a transaction back entirely when it throws', async () => {
    const record = staged('00000000-0000-4000-8000-000000000012');
    await store.connectors.insertStaged(record);
    await expect(
      store.transaction(async (tx) => {
        await tx.connectors.updateStaged({ ...record, connector: { ...record.connector, version: 2, name: 'half' } }, 1);
        await tx.jobs.enqueue({ queue: 'certification', payload: { connectorId: record.connector.id } });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await store.connectors.findStaged({ id: record.connector.id }))?.connector.version).toBe(1);
    expect((await store.jobs.list({ queue: 'certification' })).filter((j) => (j.payload as { connectorId: string }).connectorId === record.connector.id)).toHaveLength(0);
  });

  it('deletes with a version check', async () => {
    const record = staged('00000000-0000-4000-8000-000000000013');
    await store.connectors.insertStaged(record);
    expect(await store.connectors.deleteStaged(record.connector.id, 7)).toBe(false);
    expect(await store.connectors.deleteStaged(record.connector.id, 1)).toBe(true);
    expect(await store.connectors.findStaged({ id: record.connector.id })).toBeUndefined();
  });

  describe('queries', () => {
    const project = 'query-proj';
    beforeAll(async () => {
      for (let i = 0; i < 7; i++) {
        await store.connectors.insertStaged(
          staged(
            `10000000-0000-4000-8000-00000000000${i}`,
            {
              name: `Q ${String.fromCharCode(71 - i)}`,
              createdAt: `2026-02-0${i + 1}T00:00:00.000Z`,
              integrationTypes: i % 2 === 0 ? ['psp'] : ['tax', 'search_x' as string],
              private: i !== 3,
            },
            project,
          ),
        );
      }
      await store.connectors.insertStaged(staged('10000000-0000-4000-8000-000000000099', { name: 'Other project' }, 'other-proj'));
    });

    it('pages in creation order by default, with the total', async () => {
      const first = await store.connectors.listStaged({ projectKey: project, sort: [], limit: 3, offset: 0 });
      const second = await store.connectors.listStaged({ projectKey: project, sort: [], limit: 3, offset: 3 });
      const last = await store.connectors.listStaged({ projectKey: project, sort: [], limit: 3, offset: 6 });
      expect(first.total).toBe(7);
      expect([...first.results, ...second.results, ...last.results].map((r) => r.connector.createdAt)).toEqual(
        Array.from({ length: 7 }, (_, i) => `2026-02-0${i + 1}T00:00:00.000Z`),
      );
      const none = await store.connectors.listStaged({ projectKey: project, sort: [], limit: 0, offset: 0 });
      expect(none).toEqual({ total: 7, results: [] });
    });

    it('sorts, filters by privacy and integration type, and scopes to the project', async () => {
      const byName = await store.connectors.listStaged({ projectKey: project, sort: [{ field: 'name', direction: 'asc' }], limit: 10, offset: 0 });
      expect(byName.results.map((r) => r.connector.name)).toEqual(['Q A', 'Q B', 'Q C', 'Q D', 'Q E', 'Q F', 'Q G']);
      const publicOnes = await store.connectors.listStaged({ projectKey: project, isPrivate: false, sort: [], limit: 10, offset: 0 });
      expect(publicOnes.results.map((r) => r.connector.name)).toEqual(['Q D']);
      const psp = await store.connectors.listStaged({ projectKey: project, integrationTypes: ['psp'], sort: [], limit: 10, offset: 0 });
      expect(psp.total).toBe(4);
      // An underscore in a filter value is matched literally, not as a LIKE wildcard.
      const literal = await store.connectors.listStaged({ projectKey: project, integrationTypes: ['search_x'], sort: [], limit: 10, offset: 0 });
      const wildcard = await store.connectors.listStaged({ projectKey: project, integrationTypes: ['searchxx'], sort: [], limit: 10, offset: 0 });
      expect(literal.total).toBe(3);
      expect(wildcard.total).toBe(0);
      const all = await store.connectors.listStaged({ sort: [], limit: 100, offset: 0 });
      expect(all.results.some((r) => r.projectKey === 'other-proj')).toBe(true);
    });
  });

  it('publishes connectors and searches them with visibility rules', async () => {
    const owned = staged('20000000-0000-4000-8000-000000000001', { key: 'search-owned', name: 'Tax Helper', privateProjects: ['europe-west1.gcp:friend_proj'] }, 'owner-proj');
    const listed = staged('20000000-0000-4000-8000-000000000002', { key: 'search-listed', name: 'Payments', description: 'PSP for TAX', creator: { email: 'x@example.com', company: 'ACME' } }, 'third-proj');
    const hidden = staged('20000000-0000-4000-8000-000000000003', { key: 'search-hidden', name: 'Hidden tax' }, 'third-proj');
    const now = '2026-04-01T00:00:00.000Z';
    for (const [record, listedFlag] of [[owned, false], [listed, true], [hidden, false]] as const) {
      await store.connectors.insertStaged(record);
      await store.connectors.upsertPublished(publishedFrom(record, { certified: listedFlag, listed: listedFlag, now }));
    }
    const search = (viewer: { projectKey: string } | 'all', extra: Record<string, unknown> = {}) =>
      store.connectors.searchPublished({ viewer, sort: [{ field: 'key', direction: 'asc' }], limit: 20, offset: 0, keys: ['search-owned', 'search-listed', 'search-hidden'], ...extra });
    const keys = async (viewer: { projectKey: string } | 'all', extra: Record<string, unknown> = {}) => (await search(viewer, extra)).results.map((r) => r.connector.key);

    expect(await keys({ projectKey: 'owner-proj' })).toEqual(['search-listed', 'search-owned']);
    expect(await keys({ projectKey: 'friend_proj' })).toEqual(['search-listed', 'search-owned']);
    expect(await keys({ projectKey: 'friendXproj' })).toEqual(['search-listed']);
    expect(await keys({ projectKey: 'owner-proj' }, { onlyAssigned: true })).toEqual(['search-owned']);
    expect(await keys('all')).toEqual(['search-hidden', 'search-listed', 'search-owned']);
    expect(await keys('all', { text: 'TAX' })).toEqual(['search-hidden', 'search-listed', 'search-owned']);
    expect(await keys('all', { text: 'helper' })).toEqual(['search-owned']);
    expect(await keys('all', { text: '%' })).toEqual([]);
    expect(await keys('all', { creatorCompany: 'acme' })).toEqual(['search-listed']);
    expect(await keys('all', { ids: [hidden.connector.id] })).toEqual(['search-hidden']);
    expect((await search('all')).total).toBe(3);

    const found = await store.connectors.findPublished({ key: 'search-listed' });
    expect(found).toMatchObject({ listed: true, projectKey: 'third-proj', connector: { certified: true, name: 'Payments' } });
    await store.connectors.upsertPublished({ ...found!, listed: false });
    expect((await store.connectors.findPublished({ id: listed.connector.id }))?.listed).toBe(false);
  });

  it('records runs, jobs, outbox messages and reviews', async () => {
    const run = await store.runs.create({ connectorId: 'c-1', connectorVersion: 3, kind: 'certification', repository: { url: 'https://x/y.git', tag: 'v1' }, requestedBy: 'client-1' });
    await store.runs.finish(run.id, { status: 'passed', verdict: 'pass', report: { verdict: 'pass', findings: [] } });
    expect(await store.runs.get(run.id)).toMatchObject({ status: 'passed', verdict: 'pass', report: { verdict: 'pass' }, connectorVersion: 3 });
    expect(await store.runs.listForConnector('c-1')).toHaveLength(1);

    const job = await store.jobs.enqueue({ queue: 'preview', payload: { connectorId: 'c-1' }, singletonKey: 'preview:c-1' });
    expect((await store.jobs.list({ queue: 'preview' })).map((j) => j.id)).toContain(job.id);
    expect(await store.jobs.cancelQueued('preview:c-1')).toBe(1);
    expect((await store.jobs.list({ status: 'cancelled' })).map((j) => j.id)).toContain(job.id);

    const message = await store.outbox.add({ topic: 'connector.comment-added', aggregateId: 'c-1', payload: { comment: 'hi' } });
    expect((await store.outbox.pending()).map((m) => m.id)).toContain(message.id);

    await store.reviews.add({ connectorId: 'c-1', reviewer: 'reviewer-1', kind: 'comment', body: 'Please add tests' });
    expect(await store.reviews.listForConnector('c-1')).toMatchObject([{ kind: 'comment', body: 'Please add tests', reviewer: 'reviewer-1' }]);
  });
});
