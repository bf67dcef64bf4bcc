// Dependency licences in the order of sources: the lock file's record (npm 7+), else the
// registry's manifest of the locked version (`GET {registry}/{name}/{version}`, cached on disk for
// good since a published version never changes; `--offline` reads the cache only), else an
// installed node_modules package.json. The registry is asked only for packages the lock file has
// no licence for and that came from that registry: a Git, file or foreign-tarball dependency of
// the same name is another artifact, and asking the public registry about a private package's
// name would report a stranger's licence.
import semver from 'semver';
import type { Workspace } from '../../engine/workspace.js';
import type { DependencyGraph, DependencyNode } from '../lockfiles/graph.js';
import { registryClientOf, type RegistryClient, type VersionManifest } from '../registry-metadata/index.js';
import { installedLicenseSource, lockLicenseSource, resolvePackageLicenses, type LicenseSource, type PackageLicense } from './package-licenses.js';

/** Hosts that serve the public npm registry's tarballs (Yarn 1 records its own mirror's host). */
export const PUBLIC_REGISTRY_HOSTS: ReadonlySet<string> = new Set(['registry.npmjs.org', 'registry.yarnpkg.com', 'registry.npmjs.com']);

export interface DependencyLicenses {
  /** Each package's licence (keyed by node id); `found` is undefined when no source knew it. */
  licenses: Map<string, PackageLicense>;
  /**
   * Packages no source knew because registry data is missing: offline and not cached, or the
   * registry did not answer. Running online (or with a filled cache) would settle them.
   */
  missing: DependencyNode[];
  /** Packages no source knew for good: not published on the registry, or not from it (Git, file, other registry). */
  unavailable: DependencyNode[];
  registry: {
    url: string;
    offline: boolean;
    /** Packages the registry was asked about (lock file without a licence, published there). */
    asked: number;
    /** First problem the registry reported (timeouts, HTTP errors), for messages. */
    problem?: string;
    stats: { fetched: number; fromCache: number; revalidated: number };
  };
}

/** Whether the locked package is the registry's `name@version` (not Git, a file or another registry's tarball). */
export function publishedOn(node: Pick<DependencyNode, 'version' | 'resolved'>, registryUrl: string): boolean {
  if (semver.valid(node.version) === null) return false;
  const resolved = node.resolved;
  if (resolved === undefined) return true;
  let url: URL;
  try {
    url = new URL(resolved);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  // Registry tarballs live under `/<name>/-/<file>.tgz`; anything else is a plain tarball URL.
  if (!url.pathname.includes('/-/')) return false;
  const registryHost = hostOf(registryUrl);
  if (url.host === registryHost) return true;
  return PUBLIC_REGISTRY_HOSTS.has(url.host) && registryHost !== undefined && PUBLIC_REGISTRY_HOSTS.has(registryHost);
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

/** The registry's answers as a licence source (packages it has a manifest of). */
export function registryLicenseSource(client: Pick<RegistryClient, 'manifestUrlOf'>, manifests: ReadonlyMap<string, VersionManifest>): LicenseSource {
  return (node) => {
    const manifest = manifests.get(node.id);
    if (!manifest) return undefined;
    return { value: manifest.license ?? manifest.licenses, source: 'registry', file: client.manifestUrlOf(node.name, node.version) };
  };
}

/**
 * The licences of a graph's packages from every source (lock, registry, installed), once per run
 * and application; the deps/licenses check and the SBOM share the answer.
 */
export function dependencyLicensesOf(ws: Workspace, graph: DependencyGraph, signal?: AbortSignal): Promise<DependencyLicenses> {
  return ws.memo(`licenses:dependency-licenses:${graph.application}`, () => resolveDependencyLicenses(ws, graph, registryClientOf(ws), signal));
}

export async function resolveDependencyLicenses(ws: Workspace, graph: DependencyGraph, client: RegistryClient, signal?: AbortSignal): Promise<DependencyLicenses> {
  const nodes = [...graph.nodes.values()];
  const toAsk = nodes.filter((n) => n.license === undefined && publishedOn(n, client.registryUrl));
  const lookup = toAsk.length > 0 ? await client.manifests(toAsk, signal) : undefined;
  const sources: LicenseSource[] = [lockLicenseSource(graph)];
  if (lookup) sources.push(registryLicenseSource(client, lookup.found));
  sources.push(installedLicenseSource(ws, graph));
  const licenses = resolvePackageLicenses(nodes, sources);
  const missingIds = new Set(lookup?.missing ?? []);
  const missing: DependencyNode[] = [];
  const unavailable: DependencyNode[] = [];
  for (const { node, found } of licenses.values()) {
    if (found) continue;
    (missingIds.has(node.id) ? missing : unavailable).push(node);
  }
  const registry: DependencyLicenses['registry'] = {
    url: client.registryUrl,
    offline: client.offline,
    asked: toAsk.length,
    stats: lookup?.stats ?? { fetched: 0, fromCache: 0, revalidated: 0 },
  };
  if (lookup?.problems[0] !== undefined) registry.problem = lookup.problems[0];
  return { licenses, missing, unavailable, registry };
}
