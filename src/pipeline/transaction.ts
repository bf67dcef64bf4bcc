// Optimistic writes from background work: the pipeline does not hold a client's `version`, so a
// write that lost a race (a certification comment added meanwhile, or another process writing the
// SQLite file) re-reads and tries again rather than failing the job.
import type { Repositories, Store } from '../store/index.js';

/** Thrown inside a transaction when the ConnectorStaged changed since it was read. */
export class StaleRecordError extends Error {
  constructor(connectorId: string) {
    super(`ConnectorStaged '${connectorId}' changed while it was being updated`);
  }
}

/** Attempts before an optimistic write gives up (each re-reads the record). */
export const MAX_WRITE_ATTEMPTS = 8;

export async function retryingTransaction<T>(store: Pick<Store, 'transaction'>, fn: (tx: Repositories) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await store.transaction(fn);
    } catch (error) {
      if (attempt >= MAX_WRITE_ATTEMPTS || !(error instanceof StaleRecordError || isBusy(error))) throw error;
      // Short, growing, jittered pause: lets the other writer finish.
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.floor(Math.random() * 20)));
    }
  }
}

/** SQLite could not upgrade to a write lock because another process wrote first (WAL snapshot). */
function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}
