// Where a dependency's licence comes from, in order of trust for what is installed: the lock file
// (npm 7+ records `license` per package; Yarn and pnpm record none), other sources a caller adds
// (registry metadata), and the package's own package.json when node_modules is installed in the
// checked-out repository (a local checkout; never for a fresh clone). A source that has the
// package's manifest but no licence in it answers "declares none"; a source without data answers
// nothing, and a package no source knows is "not available" rather than unlicensed.
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Workspace } from '../../engine/workspace.js';
import type { DependencyGraph, DependencyNode } from '../lockfiles/graph.js';

export type LicenseSourceName = 'lock' | 'registry' | 'installed';

export interface FoundLicense {
  /** The declaration as found (string, `{type}`, legacy array); undefined = the package declares none. */
  value: unknown;
  source: LicenseSourceName;
  /** Repository-relative file it was read from. */
  file?: string;
}

/** Answers for one package, or undefined when the source has no data about it. */
export type LicenseSource = (node: DependencyNode) => FoundLicense | undefined;

/** An installed package.json larger than this is not a manifest worth reading. */
export const MAX_INSTALLED_MANIFEST_BYTES = 1024 * 1024;

/** The lock file's record (npm v2/v3). Absence proves nothing: older npm versions did not record licences. */
export function lockLicenseSource(graph: Pick<DependencyGraph, 'lockFile'>): LicenseSource {
  return (node) => (node.license !== undefined ? { value: node.license, source: 'lock', ...(graph.lockFile ? { file: graph.lockFile } : {}) } : undefined);
}

/**
 * The installed package.json (`<lock folder>/<location>/package.json` for npm, the hoisted
 * `node_modules/<name>` of the application or the lock folder, pnpm's `.pnpm` store), when its
 * version is the locked one. Reads stay inside the repository (symlinks are resolved and checked).
 */
export function installedLicenseSource(ws: Workspace, graph: Pick<DependencyGraph, 'lockFile' | 'importer'>): LicenseSource {
  if (!graph.lockFile) return () => undefined;
  const lockDir = path.posix.dirname(graph.lockFile) === '.' ? '' : path.posix.dirname(graph.lockFile);
  const appDir = path.posix.join(lockDir, graph.importer);
  let rootReal: string | undefined;
  try {
    rootReal = realpathSync(ws.root);
  } catch {
    return () => undefined;
  }
  const root = rootReal;
  const hasNodeModules = [appDir, lockDir].some((d) => existsSync(path.join(root, d, 'node_modules')));
  if (!hasNodeModules) return () => undefined;
  return (node) => {
    const candidates = [
      ...node.locations.map((l) => path.posix.join(lockDir, l, 'package.json')),
      path.posix.join(appDir, 'node_modules', node.name, 'package.json'),
      path.posix.join(lockDir, 'node_modules', node.name, 'package.json'),
      path.posix.join(lockDir, 'node_modules/.pnpm', `${node.name.replace('/', '+')}@${node.version}`, 'node_modules', node.name, 'package.json'),
    ];
    for (const rel of new Set(candidates)) {
      const manifest = readInstalledManifest(root, rel);
      if (!manifest || manifest.version !== node.version || (manifest.name !== undefined && manifest.name !== node.name)) continue;
      const value = manifest.license ?? manifest.licenses;
      return { value, source: 'installed', file: rel };
    }
    return undefined;
  };
}

interface InstalledManifest {
  name?: string;
  version?: string;
  license?: unknown;
  licenses?: unknown;
}

function readInstalledManifest(root: string, rel: string): InstalledManifest | undefined {
  if (rel.startsWith('..')) return undefined;
  const absolute = path.join(root, rel);
  try {
    if (!existsSync(absolute)) return undefined;
    const real = realpathSync(absolute);
    if (real !== root && !real.startsWith(`${root}${path.sep}`)) return undefined;
    if (statSync(real).size > MAX_INSTALLED_MANIFEST_BYTES) return undefined;
    const data: unknown = JSON.parse(readFileSync(real, 'utf8'));
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
    const record = data as Record<string, unknown>;
    const out: InstalledManifest = { license: record.license, licenses: record.licenses };
    if (typeof record.name === 'string') out.name = record.name;
    if (typeof record.version === 'string') out.version = record.version;
    return out;
  } catch {
    return undefined;
  }
}

export interface PackageLicense {
  node: DependencyNode;
  /** Undefined when no source had data about the package. */
  found?: FoundLicense;
}

/** Each package's licence from the first source that knows it (lock, then `extra`, then installed). */
export function resolvePackageLicenses(nodes: Iterable<DependencyNode>, sources: readonly LicenseSource[]): Map<string, PackageLicense> {
  const out = new Map<string, PackageLicense>();
  for (const node of nodes) {
    let found: FoundLicense | undefined;
    for (const source of sources) {
      found = source(node);
      if (found) break;
    }
    out.set(node.id, found ? { node, found } : { node });
  }
  return out;
}

/** The licences of a graph's packages from the sources available offline, once per run. */
export function packageLicensesOf(ws: Workspace, graph: DependencyGraph, extra: readonly LicenseSource[] = []): Map<string, PackageLicense> {
  const compute = (): Map<string, PackageLicense> =>
    resolvePackageLicenses(graph.nodes.values(), [lockLicenseSource(graph), ...extra, installedLicenseSource(ws, graph)]);
  return extra.length === 0 ? ws.memo(`licenses:packages:${graph.application}`, compute) : compute();
}
