// npm registry metadata for dependency checks: abbreviated packuments
// (`Accept: application/vnd.npm.install-v1+json`: `dist-tags`, per-version `deprecated`,
// `modified`) for every package, publish times (`time`, only in the full packument, which can
// be megabytes) for the few packages a finding needs libyears for, and per-version manifests
// (`GET {registry}/{name}/{version}`, a few KB; the only small document that carries `license`)
// for the packages whose lock file does not record their licence. Requests run with a bounded
// concurrency; answers are kept in an on-disk cache (`<cacheDir>/registry/`) with their ETag and
// fetch time: fresh entries are used as they are, stale ones are revalidated with If-None-Match,
// and `offline` uses the cache whatever its age. A published version's manifest never changes,
// so a cached one is never refetched. Only the fields the checks read are cached.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Workspace } from '../../engine/workspace.js';
import { cacheFileName, describeError, mapWithConcurrency, REQUEST_TIMEOUT_MS, requestSignal, writeFileAtomic, type FetchLike } from './http.js';
import { compareCodeUnits } from '../text/compare.js';

export const DEFAULT_REGISTRY_URL = 'https://registry.npmjs.org';
/** Parallel registry requests (npm's own default is 16; this stays polite to mirrors). */
export const REGISTRY_CONCURRENCY = 8;
/** A cached abbreviated packument younger than this is used without asking the registry. */
export const ABBREVIATED_MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** Publish times only grow; a week-old copy still dates every version it lists. */
export const PUBLISH_TIMES_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

const MAX_AGE_MS: Readonly<Record<Kind, number>> = {
  abbreviated: ABBREVIATED_MAX_AGE_MS,
  times: PUBLISH_TIMES_MAX_AGE_MS,
  // A published version is immutable (npm never lets a version be republished).
  manifest: Number.POSITIVE_INFINITY,
};

const ABBREVIATED_ACCEPT = 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*';

/** What the checks read from an abbreviated packument. */
export interface PackageMetadata {
  name: string;
  distTags: Record<string, string>;
  /** Version → deprecation message (only deprecated versions are listed). */
  deprecated: Record<string, string>;
  /** Every published version. */
  versions: string[];
  modified?: string;
}

/** What the checks read from one version's manifest (its published package.json). */
export interface VersionManifest {
  name: string;
  version: string;
  /** `license` as published (string, or the legacy `{type}` object); absent when not declared. */
  license?: unknown;
  /** The legacy `licenses: [{type}]` array, when published. */
  licenses?: unknown;
}

/** Publish time of each version (full packument `time`). */
export interface PublishTimes {
  name: string;
  time: Record<string, string>;
  distTags: Record<string, string>;
}

export interface MetadataLookup<T> {
  found: Map<string, T>;
  /** No data: offline without a cached copy, or the registry did not answer. */
  missing: string[];
  /** The registry says the package does not exist (unpublished, private or a typo). */
  notFound: string[];
  problems: string[];
  stats: { fetched: number; fromCache: number; revalidated: number };
}

export interface RegistryOptions {
  registryUrl?: string;
  cacheDir?: string;
  offline?: boolean;
  fetch?: FetchLike;
  concurrency?: number;
  timeoutMs?: number;
  /** Clock for cache ages (tests). */
  now?: () => number;
}

interface CacheEntry<T> {
  etag?: string;
  fetchedAt: number;
  data: T;
  /** The registry answered 404 (kept for manifests, so an offline run knows it too). */
  notFound?: true;
}

type Kind = 'abbreviated' | 'times' | 'manifest';

/** One request: the cache/memory key (`name`, or `name@version` for manifests) and what it names. */
interface Target {
  key: string;
  name: string;
  version?: string;
}

export class RegistryClient {
  readonly registryUrl: string;
  readonly offline: boolean;
  private readonly cacheDir: string | undefined;
  private readonly fetchImpl: FetchLike;
  private readonly concurrency: number;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  /** Answers of this run, so two applications sharing packages ask once. */
  private readonly memory = new Map<string, Promise<Answer<unknown>>>();

  constructor(options: RegistryOptions = {}) {
    this.registryUrl = (options.registryUrl ?? DEFAULT_REGISTRY_URL).replace(/\/+$/, '');
    this.cacheDir = options.cacheDir ? path.join(options.cacheDir, 'registry') : undefined;
    this.offline = options.offline ?? false;
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.concurrency = options.concurrency ?? REGISTRY_CONCURRENCY;
    this.timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
    this.now = options.now ?? (() => Date.now());
  }

  /** Abbreviated metadata (dist-tags, deprecations) of each package. */
  metadata(names: Iterable<string>, signal?: AbortSignal): Promise<MetadataLookup<PackageMetadata>> {
    return this.lookup('abbreviated', names, signal) as Promise<MetadataLookup<PackageMetadata>>;
  }

  /** Publish times of each package (full packuments; use for few packages). */
  publishTimes(names: Iterable<string>, signal?: AbortSignal): Promise<MetadataLookup<PublishTimes>> {
    return this.lookup('times', names, signal) as Promise<MetadataLookup<PublishTimes>>;
  }

  /**
   * The published manifest of each `{name, version}` (for `license`), keyed `name@version`. The
   * registry's 404 means the version is not published there (a private or Git dependency).
   */
  manifests(packages: Iterable<{ name: string; version: string }>, signal?: AbortSignal): Promise<MetadataLookup<VersionManifest>> {
    const targets = [...packages].map((p) => ({ key: `${p.name}@${p.version}`, name: p.name, version: p.version }));
    return this.lookupTargets('manifest', targets, signal) as Promise<MetadataLookup<VersionManifest>>;
  }

  private lookup(kind: Kind, names: Iterable<string>, signal?: AbortSignal): Promise<MetadataLookup<unknown>> {
    return this.lookupTargets(kind, [...names].map((name) => ({ key: name, name })), signal);
  }

  private async lookupTargets(kind: Kind, targets: readonly Target[], signal?: AbortSignal): Promise<MetadataLookup<unknown>> {
    const byKey = new Map(targets.map((t) => [t.key, t]));
    const unique = [...byKey.values()].sort((a, b) => compareCodeUnits(a.key, b.key));
    const result: MetadataLookup<unknown> = { found: new Map(), missing: [], notFound: [], problems: [], stats: { fetched: 0, fromCache: 0, revalidated: 0 } };
    const answers = await mapWithConcurrency(unique, this.concurrency, (target) => {
      const key = `${kind}:${target.key}`;
      let pending = this.memory.get(key);
      if (!pending) {
        pending = this.answer(kind, target, signal);
        this.memory.set(key, pending);
      }
      return pending;
    });
    unique.forEach(({ key: name }, i) => {
      const answer = answers[i]!;
      if (answer.data !== undefined) result.found.set(name, answer.data);
      else if (answer.notFound) result.notFound.push(name);
      else result.missing.push(name);
      if (answer.problem) result.problems.push(answer.problem);
      if (answer.how) result.stats[answer.how]++;
    });
    return result;
  }

  private async answer(kind: Kind, target: Target, signal?: AbortSignal): Promise<Answer<unknown>> {
    const { key, name } = target;
    const cached = this.readCache(kind, key);
    // A 404 can turn into a publication; it is trusted for a day (offline: whatever its age).
    const maxAge = cached?.notFound ? ABBREVIATED_MAX_AGE_MS : MAX_AGE_MS[kind];
    if (cached && (this.offline || this.now() - cached.fetchedAt < maxAge)) return cached.notFound ? { notFound: true, how: 'fromCache' } : { data: cached.data, how: 'fromCache' };
    if (this.offline) return {};
    const headers: Record<string, string> = { accept: kind === 'abbreviated' ? ABBREVIATED_ACCEPT : 'application/json' };
    if (cached?.etag) headers['if-none-match'] = cached.etag;
    const url = target.version === undefined ? this.urlOf(name) : this.manifestUrlOf(name, target.version);
    try {
      const response = await this.fetchImpl(url, { headers, signal: requestSignal(signal, this.timeoutMs) });
      if (response.status === 304 && cached && !cached.notFound) {
        this.writeCache(kind, key, { ...cached, fetchedAt: this.now() });
        return { data: cached.data, how: 'revalidated' };
      }
      if (response.status === 404) {
        if (kind === 'manifest') this.writeCache(kind, key, { fetchedAt: this.now(), data: { name, version: target.version }, notFound: true });
        return { notFound: true, how: 'fetched' };
      }
      if (!response.ok) {
        const problem = `${key}: HTTP ${response.status} from ${this.registryUrl}`;
        return cached ? { ...staleAnswer(cached), problem } : { problem };
      }
      const body = (await response.json()) as Record<string, unknown>;
      const data = kind === 'abbreviated' ? reduceAbbreviated(name, body) : kind === 'times' ? reduceTimes(name, body) : reduceManifest(name, target.version!, body);
      if (data === undefined) {
        const problem = `${key}: ${url} answered with a document that is not this version's manifest`;
        return cached ? { ...staleAnswer(cached), problem } : { problem };
      }
      const entry: CacheEntry<unknown> = { fetchedAt: this.now(), data };
      const etag = response.headers.get('etag');
      if (etag) entry.etag = etag;
      this.writeCache(kind, key, entry);
      return { data, how: 'fetched' };
    } catch (error) {
      const problem = `${key}: ${describeError(error)} (${this.registryUrl})`;
      return cached ? { ...staleAnswer(cached), problem } : { problem };
    }
  }

  /** Scoped names keep their `@` and escape the slash, as npm does. */
  urlOf(name: string): string {
    const encoded = name.startsWith('@') ? `@${encodeURIComponent(name.slice(1))}` : encodeURIComponent(name);
    return `${this.registryUrl}/${encoded}`;
  }

  /** One version's manifest: `{registry}/{name}/{version}` (scoped names escaped as above). */
  manifestUrlOf(name: string, version: string): string {
    return `${this.urlOf(name)}/${encodeURIComponent(version)}`;
  }

  private cacheFile(kind: Kind, key: string): string | undefined {
    return this.cacheDir ? path.join(this.cacheDir, kind, cacheFileName(key)) : undefined;
  }

  private readCache(kind: Kind, key: string): CacheEntry<unknown> | undefined {
    const file = this.cacheFile(kind, key);
    if (!file || !existsSync(file)) return undefined;
    try {
      const entry = JSON.parse(readFileSync(file, 'utf8')) as CacheEntry<unknown> & { name?: string };
      if (typeof entry.fetchedAt !== 'number' || typeof entry.data !== 'object' || entry.data === null) return undefined;
      // The file name is a hash-suffixed form of the key; make sure it is this package's entry.
      const data = entry.data as { name?: unknown; version?: unknown };
      if ((kind === 'manifest' ? `${String(data.name)}@${String(data.version)}` : data.name) !== key) return undefined;
      return entry;
    } catch {
      return undefined;
    }
  }

  private writeCache(kind: Kind, key: string, entry: CacheEntry<unknown>): void {
    const file = this.cacheFile(kind, key);
    if (!file) return;
    try {
      writeFileAtomic(file, JSON.stringify(entry));
    } catch {
      // A cache that cannot be written only costs a request next time.
    }
  }
}

interface Answer<T> {
  data?: T;
  notFound?: boolean;
  problem?: string;
  how?: 'fetched' | 'fromCache' | 'revalidated';
}

/** What a cached entry says when the registry cannot be asked again. */
function staleAnswer(cached: CacheEntry<unknown>): Answer<unknown> {
  return cached.notFound ? { notFound: true, how: 'fromCache' } : { data: cached.data, how: 'fromCache' };
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [key, v] of Object.entries(value)) if (typeof v === 'string') out[key] = v;
  return out;
}

export function reduceAbbreviated(name: string, body: Record<string, unknown>): PackageMetadata {
  const deprecated: Record<string, string> = {};
  const versions: string[] = [];
  if (typeof body.versions === 'object' && body.versions !== null) {
    for (const [version, manifest] of Object.entries(body.versions)) {
      versions.push(version);
      const message = (manifest as { deprecated?: unknown } | null)?.deprecated;
      // `deprecated: ""` is how an un-deprecation is published.
      if (typeof message === 'string' && message !== '') deprecated[version] = message;
    }
  }
  const data: PackageMetadata = { name, distTags: stringRecord(body['dist-tags']), deprecated, versions };
  if (typeof body.modified === 'string') data.modified = body.modified;
  return data;
}

/** The licence fields of a version manifest; undefined when the document is another version's (or none). */
export function reduceManifest(name: string, version: string, body: Record<string, unknown>): VersionManifest | undefined {
  // Registries answer with the manifest itself; a document naming another package or version is not it.
  if ((body.name !== undefined && body.name !== name) || body.version !== version) return undefined;
  const data: VersionManifest = { name, version };
  if (body.license !== undefined && body.license !== null) data.license = body.license;
  if (body.licenses !== undefined && body.licenses !== null) data.licenses = body.licenses;
  return data;
}

export function reduceTimes(name: string, body: Record<string, unknown>): PublishTimes {
  return { name, time: stringRecord(body.time), distTags: stringRecord(body['dist-tags']) };
}

/** The run's registry client (settings: registryUrl, cacheDir, offline). */
export function registryClientOf(ws: Workspace): RegistryClient {
  return ws.memo('registry-metadata:client', () => {
    const options: RegistryOptions = { offline: ws.settings.offline ?? false };
    if (ws.settings.registryUrl) options.registryUrl = ws.settings.registryUrl;
    if (ws.settings.cacheDir) options.cacheDir = ws.settings.cacheDir;
    return new RegistryClient(options);
  });
}

export const MS_PER_YEAR = 365.25 * 24 * 60 * 60 * 1000;

/** Libyears between two versions' publish dates (how much newer `latest` is), when both are known. */
export function libyearsBetween(times: PublishTimes, installed: string, latest: string): number | undefined {
  const from = Date.parse(times.time[installed] ?? '');
  const to = Date.parse(times.time[latest] ?? '');
  if (!Number.isFinite(from) || !Number.isFinite(to)) return undefined;
  return Math.max(0, (to - from) / MS_PER_YEAR);
}
