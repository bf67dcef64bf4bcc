// The online advisory source: OSV's batch query (`POST /v1/querybatch`: which vulnerability ids,
// with their `modified` time, affect each package version), then the full records
// (`GET /v1/vulns/{id}`). Records are cached on disk under `<cacheDir>/osv-api/vulns/`; a cached
// record is reused while its `modified` is not older than the one the batch query reports, so a
// repeated run costs one batch request. Matching itself stays local (the same matcher as for
// offline data), so online and offline verdicts agree for the same records.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cacheFileName, describeError, mapWithConcurrency, REQUEST_TIMEOUT_MS, requestSignal, writeFileAtomic, type FetchLike } from '../registry-metadata/http.js';
import type { AdvisoryStore, PackageRef, SourceDescriptor, SyncDelta } from './store.js';

export const DEFAULT_OSV_API_URL = 'https://api.osv.dev';
/** OSV accepts at most 1,000 queries per batch request. */
export const OSV_QUERY_BATCH_SIZE = 1000;
/** Parallel `GET /v1/vulns/{id}` requests. */
export const OSV_FETCH_CONCURRENCY = 8;
/** Follow-up pages per batch (a package version with very many advisories is paged). */
export const OSV_MAX_PAGES = 10;

export const OSV_API_SOURCE_ID = 'osv-api';

export interface OsvApiOptions {
  baseUrl?: string;
  /** Folder for the on-disk record cache; memory only when absent. */
  cacheDir?: string;
  fetch?: FetchLike;
  timeoutMs?: number;
  concurrency?: number;
}

export interface OnlineUpdate {
  ok: boolean;
  /** Package versions sent to the batch query (already-queried ones are not sent again). */
  queried: number;
  /** Distinct vulnerability ids the query returned. */
  vulnerabilities: number;
  fetched: number;
  fromCache: number;
  problems: string[];
  delta: SyncDelta;
}

interface BatchQuery {
  package: { name: string; ecosystem: 'npm' };
  version: string;
  page_token?: string;
}

export class OsvApiSource {
  readonly descriptor: SourceDescriptor;
  private readonly baseUrl: string;
  private readonly cacheDir: string | undefined;
  private readonly fetchImpl: FetchLike;
  private readonly timeoutMs: number;
  private readonly concurrency: number;
  private readonly queried = new Set<string>();

  constructor(options: OsvApiOptions = {}) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_OSV_API_URL).replace(/\/+$/, '');
    this.cacheDir = options.cacheDir ? path.join(options.cacheDir, 'osv-api', 'vulns') : undefined;
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
    this.concurrency = options.concurrency ?? OSV_FETCH_CONCURRENCY;
    this.descriptor = { id: OSV_API_SOURCE_ID, kind: 'osv-api', location: this.baseUrl };
  }

  /** Forgets which versions were asked about, so the next update asks again (periodic re-scans). */
  forgetQueries(): void {
    this.queried.clear();
  }

  /** Queries OSV for the package versions not asked about yet and merges the records into `store`. */
  async update(store: AdvisoryStore, packages: Iterable<PackageRef>, signal?: AbortSignal): Promise<OnlineUpdate> {
    const problems: string[] = [];
    const pending: PackageRef[] = [];
    for (const pkg of packages) {
      const key = `${pkg.name}@${pkg.version}`;
      if (this.queried.has(key)) continue;
      this.queried.add(key);
      pending.push(pkg);
    }
    const listed = new Map<string, string>();
    let ok = true;
    for (let start = 0; start < pending.length; start += OSV_QUERY_BATCH_SIZE) {
      const batch = pending.slice(start, start + OSV_QUERY_BATCH_SIZE);
      const result = await this.queryBatch(batch, signal);
      if (!result.ok) {
        ok = false;
        problems.push(result.problem);
        // Unanswered versions are asked again next time.
        for (const pkg of batch) this.queried.delete(`${pkg.name}@${pkg.version}`);
        continue;
      }
      for (const [id, modified] of result.ids) if (!listed.has(id) || (listed.get(id) ?? '') < modified) listed.set(id, modified);
    }

    let fetched = 0;
    let fromCache = 0;
    const records = await mapWithConcurrency([...listed], this.concurrency, async ([id, modified]) => {
      const cached = this.readCache(id);
      if (cached && typeof cached.modified === 'string' && cached.modified >= modified) {
        fromCache++;
        return cached;
      }
      const record = await this.fetchRecord(id, signal);
      if ('problem' in record) {
        problems.push(record.problem);
        // A stale cached copy is better than nothing.
        if (cached) fromCache++;
        else ok = false;
        return cached;
      }
      fetched++;
      this.writeCache(id, record.value);
      return record.value;
    });
    const delta = store.mergeIntoSource(this.descriptor, records.filter((r) => r !== undefined));
    return { ok, queried: pending.length, vulnerabilities: listed.size, fetched, fromCache, problems, delta };
  }

  private async queryBatch(batch: PackageRef[], signal?: AbortSignal): Promise<{ ok: true; ids: Map<string, string> } | { ok: false; problem: string }> {
    const ids = new Map<string, string>();
    let queries: BatchQuery[] = batch.map((pkg) => ({ package: { name: pkg.name, ecosystem: 'npm' }, version: pkg.version }));
    for (let page = 0; queries.length > 0 && page < OSV_MAX_PAGES; page++) {
      let body: unknown;
      try {
        const response = await this.fetchImpl(`${this.baseUrl}/v1/querybatch`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ queries }),
          signal: requestSignal(signal, this.timeoutMs),
        });
        if (!response.ok) return { ok: false, problem: `OSV query batch: HTTP ${response.status} from ${this.baseUrl}` };
        body = await response.json();
      } catch (error) {
        return { ok: false, problem: `OSV query batch to ${this.baseUrl} failed: ${describeError(error)}` };
      }
      const results = (body as { results?: unknown })?.results;
      if (!Array.isArray(results) || results.length !== queries.length) {
        return { ok: false, problem: `OSV query batch: unexpected answer from ${this.baseUrl}` };
      }
      const nextQueries: BatchQuery[] = [];
      results.forEach((result, i) => {
        const vulns = (result as { vulns?: unknown })?.vulns;
        if (Array.isArray(vulns)) {
          for (const vuln of vulns) {
            const id = (vuln as { id?: unknown })?.id;
            const modified = (vuln as { modified?: unknown })?.modified;
            if (typeof id === 'string') ids.set(id, typeof modified === 'string' ? modified : '');
          }
        }
        const token = (result as { next_page_token?: unknown })?.next_page_token;
        if (typeof token === 'string' && token !== '') nextQueries.push({ ...queries[i]!, page_token: token });
      });
      queries = nextQueries;
    }
    return { ok: true, ids };
  }

  private async fetchRecord(id: string, signal?: AbortSignal): Promise<{ value: unknown } | { problem: string }> {
    try {
      const response = await this.fetchImpl(`${this.baseUrl}/v1/vulns/${encodeURIComponent(id)}`, {
        headers: { accept: 'application/json' },
        signal: requestSignal(signal, this.timeoutMs),
      });
      if (!response.ok) return { problem: `OSV record ${id}: HTTP ${response.status}` };
      return { value: await response.json() };
    } catch (error) {
      return { problem: `OSV record ${id}: ${describeError(error)}` };
    }
  }

  private readCache(id: string): Record<string, unknown> | undefined {
    if (!this.cacheDir) return undefined;
    const file = path.join(this.cacheDir, cacheFileName(id));
    if (!existsSync(file)) return undefined;
    try {
      const value = JSON.parse(readFileSync(file, 'utf8'));
      return typeof value === 'object' && value !== null ? value : undefined;
    } catch {
      return undefined;
    }
  }

  private writeCache(id: string, record: unknown): void {
    if (!this.cacheDir) return;
    try {
      writeFileAtomic(path.join(this.cacheDir, cacheFileName(id)), JSON.stringify(record));
    } catch {
      // A cache that cannot be written only costs a refetch next time.
    }
  }
}
