// Test support: a store on a fresh SQLite file in a temporary folder, or on a fresh schema of the
// PostgreSQL database named by TEST_DATABASE_URL / DATABASE_URL, removed again by `dispose`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createStore, dropPostgresSchema, type Store } from './store.js';

export type Backend = 'sqlite' | 'postgres';

export const TEST_POSTGRES_URL: string | undefined = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;

/** SQLite always; PostgreSQL too when a database URL is configured. */
export const TEST_BACKENDS: Backend[] = TEST_POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestStore {
  store: Store;
  dispose(): Promise<void>;
}

export async function openTestStore(backend: Backend): Promise<TestStore> {
  if (backend === 'sqlite') {
    // Not the engine's FIXTURE_DIR_PREFIX: a concurrent vitest run's global teardown deletes those.
    const dir = mkdtempSync(path.join(tmpdir(), 'connect-certify-store-test-'));
    const store = await createStore({ dataDir: dir });
    return {
      store,
      dispose: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!TEST_POSTGRES_URL) throw new Error('no PostgreSQL URL: set TEST_DATABASE_URL or DATABASE_URL');
  const url = TEST_POSTGRES_URL;
  const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const store = await createStore({ databaseUrl: url, schema });
  return {
    store,
    dispose: async () => {
      await store.close();
      await dropPostgresSchema(url, schema);
    },
  };
}
