// Test data for the mail tests: staged connectors and outbox rows written through the store, and a
// second store on the same database (another "process" for the concurrency tests).
import path from 'node:path';
import { createStore, type Store } from '../../store/store.js';
import type { StagedRecord } from '../../store/model.js';
import { TEST_POSTGRES_URL } from '../../store/testing.js';

export function stagedConnector(id: string, overrides: { name?: string; key?: string; email?: string } = {}): StagedRecord {
  const at = '2026-01-01T00:00:00.000Z';
  return {
    projectKey: 'proj-a',
    lifecycle: { published: false, certified: false, repositoryCommit: 'a'.repeat(40) },
    connector: {
      id,
      ...(overrides.key !== undefined ? { key: overrides.key } : { key: `key-${id}` }),
      version: 1,
      name: overrides.name ?? `Connector ${id}`,
      description: 'A connector',
      integrationTypes: ['oms'],
      creator: { email: overrides.email ?? `creator-${id}@example.com`, company: 'Example Ltd' },
      repository: { url: 'https://github.com/example/connector.git', tag: 'v1.0.0' },
      configurations: [],
      private: true,
      privateProjects: [],
      supportedRegions: [],
      status: 'Processing',
      alreadyListed: false,
      hasChanges: false,
      isPreviewable: 'none',
      createdAt: at,
      lastModifiedAt: at,
    },
  };
}

export function outboxRows(store: Store) {
  return store.db.selectFrom('outbox').selectAll().orderBy('created_at').orderBy('id').execute();
}

export async function outboxRow(store: Store, id: string) {
  const row = await store.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new Error(`outbox row ${id} not found`);
  return row;
}

/** Puts a sent row back as if the process had died before marking it sent. */
export async function markPendingAgain(store: Store, id: string): Promise<void> {
  await store.db.updateTable('outbox').set({ status: 'pending', sent_at: null }).where('id', '=', id).execute();
}

/** Another connection (pool) to the database behind `store`, as a second process would have. */
export async function openSecondStore(store: Store): Promise<Store> {
  if (store.dialect === 'sqlite') return createStore({ dataDir: path.dirname(store.location) });
  const schema = /\(schema ([a-z0-9_]+)\)$/.exec(store.location)?.[1];
  if (!schema || !TEST_POSTGRES_URL) throw new Error(`cannot reopen the PostgreSQL store at ${store.location}`);
  return createStore({ databaseUrl: TEST_POSTGRES_URL, schema });
}
