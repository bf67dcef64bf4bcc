// Small HTTP helpers shared by the data-backed analyzers (npm registry metadata, OSV API): bounded
// concurrency, a per-request timeout tied to the run's abort signal, and atomic cache writes.
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Requests that take longer than this are abandoned (the data is then reported as missing). */
export const REQUEST_TIMEOUT_MS = 20_000;

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Runs `work` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  });
  await Promise.all(workers);
  return results;
}

/** A signal that aborts on the caller's signal or after `timeoutMs`. */
export function requestSignal(signal: AbortSignal | undefined, timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

/** Writes a cache file via a temporary file and a rename, so readers never see half a file. */
export function writeFileAtomic(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, file);
}

/**
 * A file name for an arbitrary key: readable (package names contain `/` and `@`) plus a short hash
 * of the exact key, so names differing only in case (`JSONStream`, `jsonstream`) stay apart on
 * case-insensitive file systems.
 */
export function cacheFileName(key: string): string {
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 10);
  return `${encodeURIComponent(key).replace(/%/g, '_').toLowerCase()}-${hash}.json`;
}

/** "message (cause)" for fetch failures, whose message alone is just "fetch failed". */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  if (error.name === 'TimeoutError') return 'timed out';
  if (cause instanceof Error && cause.message) return `${error.message} (${cause.message})`;
  return error.message;
}
