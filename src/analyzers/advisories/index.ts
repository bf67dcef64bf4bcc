// Advisory data for a run, from the engine settings: local OSV data (`advisories`: a folder or an
// osv-scanner zip) and, unless `offline`, the OSV API (`osvApiUrl`, cached under `cacheDir`).
// `advisoryDataOf(ws)` loads once per run; `vulnerabilitiesFor` matches package versions,
// querying the online source for versions it has not seen first.
//
// The monitoring service builds its own long-lived store with `new AdvisoryStore()`,
// `syncLocalSource()` and `OsvApiSource`, and reads the SyncDelta of each sync.
import type { EngineSettings, Workspace } from '../../engine/workspace.js';
import type { FetchLike } from '../registry-metadata/http.js';
import { loadLocalAdvisories } from './local.js';
import { OsvApiSource, DEFAULT_OSV_API_URL, type OnlineUpdate } from './osv-api.js';
import { AdvisoryStore, type AdvisoryMatch, type PackageRef, type SyncDelta } from './store.js';

export { AdvisoryStore } from './store.js';
export type { AdvisoryMatch, AdvisorySourceInfo, AdvisorySourceKind, PackageRef, SourceDescriptor, SyncDelta, Vulnerability } from './store.js';
export type { AdvisoryRecord } from './osv.js';
export { OsvApiSource, DEFAULT_OSV_API_URL, OSV_API_SOURCE_ID, type OnlineUpdate, type OsvApiOptions } from './osv-api.js';
export { loadLocalAdvisories } from './local.js';

export const NO_ADVISORY_DATA = 'no advisory data: pass --advisories PATH or run online';

export interface AdvisoryData {
  store: AdvisoryStore;
  /** The OSV API source when the run may use the network. */
  online?: OsvApiSource;
  /** Where the data comes from, for the report ("312 records from /data/osv", "OSV API https://…"). */
  sources: string[];
  problems: string[];
}

export type AdvisoryAvailability = { available: true; data: AdvisoryData } | { available: false; reason: string };

export interface AdvisoryLoadOptions {
  /** Injected fetch (tests); the global fetch otherwise. */
  fetch?: FetchLike;
}

/** Loads the local source at `location` into `store` under the id `local:<location>`, replacing what it held. */
export async function syncLocalSource(store: AdvisoryStore, location: string): Promise<SyncDelta> {
  const local = await loadLocalAdvisories(location);
  return store.replaceSource({ id: `local:${local.location}`, kind: local.kind, location: local.location }, local.raws, local.problems);
}

/** Advisory data as the settings describe it; never throws (a missing folder is a reason or a problem). */
export async function loadAdvisoryData(settings: EngineSettings, options: AdvisoryLoadOptions = {}): Promise<AdvisoryAvailability> {
  const store = new AdvisoryStore();
  const sources: string[] = [];
  const problems: string[] = [];
  let localFailure: string | undefined;
  if (settings.advisories) {
    try {
      await syncLocalSource(store, settings.advisories);
      const info = store.sources()[0]!;
      sources.push(`${info.records} npm advisory records from ${info.location}`);
      problems.push(...info.problems);
      if (info.records === 0) localFailure = `no npm advisories found in ${settings.advisories}`;
    } catch (error) {
      localFailure = `advisory data ${settings.advisories} cannot be read (${(error as Error).message})`;
    }
    if (localFailure) problems.push(localFailure);
  }
  let online: OsvApiSource | undefined;
  if (!settings.offline) {
    const apiOptions: ConstructorParameters<typeof OsvApiSource>[0] = { baseUrl: settings.osvApiUrl ?? DEFAULT_OSV_API_URL };
    if (settings.cacheDir) apiOptions.cacheDir = settings.cacheDir;
    if (options.fetch) apiOptions.fetch = options.fetch;
    online = new OsvApiSource(apiOptions);
    sources.push(`OSV API ${online.descriptor.location}`);
  }
  if (!online && store.recordCount === 0) {
    return { available: false, reason: localFailure ? `${localFailure}; offline, so the OSV API is not used` : NO_ADVISORY_DATA };
  }
  const data: AdvisoryData = { store, sources, problems };
  if (online) data.online = online;
  return { available: true, data };
}

/** The run's advisory data, loaded once. */
export function advisoryDataOf(ws: Workspace): Promise<AdvisoryAvailability> {
  return ws.memo('advisories:data', () => loadAdvisoryData(ws.settings));
}

export interface VulnerabilityLookup {
  matches: Map<string, AdvisoryMatch[]>;
  /** The online query, when one was made. */
  online?: OnlineUpdate;
  /** False when the online source was needed and did not answer (results are from local data only). */
  complete: boolean;
  problems: string[];
}

/** Vulnerabilities of package versions (keyed `name@version`), asking the online source first when there is one. */
export async function vulnerabilitiesFor(data: AdvisoryData, packages: readonly PackageRef[], signal?: AbortSignal): Promise<VulnerabilityLookup> {
  const problems: string[] = [];
  let online: OnlineUpdate | undefined;
  if (data.online) {
    online = await data.online.update(data.store, packages, signal);
    problems.push(...online.problems);
  }
  const lookup: VulnerabilityLookup = { matches: data.store.affected(packages), complete: online ? online.ok : true, problems };
  if (online) lookup.online = online;
  return lookup;
}
