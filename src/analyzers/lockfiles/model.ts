// The lock-file model shared by the format readers and the graph: the public graph types (see
// graph.ts, which re-exports them) and the vertex/edge form every reader produces.

export type LockManager = 'npm' | 'yarn-classic' | 'yarn-berry' | 'pnpm';

/** The lock file names this module reads (bun.lock / bun.lockb are not read). */
export const PARSED_LOCK_FILES = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml'] as const;
export type LockFileName = (typeof PARSED_LOCK_FILES)[number];

export interface DependencyNode {
  /** `${name}@${version}` */
  id: string;
  name: string;
  version: string;
  /** Reachable only through devDependencies. */
  dev: boolean;
  /** Every path from the application passes through an optional dependency. */
  optional: boolean;
  /** Every path from the application passes through a peer dependency. */
  peer: boolean;
  /** Declared in the application's package.json (or in a `file:` module it uses). */
  direct: boolean;
  /** As recorded in the lock file (npm v2/v3 record it), else undefined. */
  license?: string;
  resolved?: string;
  integrity?: string;
  /** When the lock records it (npm v2/v3, pnpm). */
  deprecated?: string;
  /** Where the package sits, relative to the lock file's folder (npm: `node_modules/a/node_modules/b`). */
  locations: string[];
}

export type LockProblemKind =
  /** The file is not valid JSON / YAML / yarn.lock syntax. */
  | 'syntax'
  /** Valid syntax, but not the structure of a lock file (no `packages`, wrong types, no version). */
  | 'structure'
  /** A locked package depends on a package the lock file does not contain. */
  | 'unresolved';

export interface LockProblem {
  file: string;
  line?: number;
  column?: number;
  message: string;
  kind?: LockProblemKind;
}

/** A `file:` / `link:` / workspace package of the repository the application uses. */
export interface LocalPackage {
  name: string;
  /** Its folder relative to the lock file's folder, when the lock records it. */
  path?: string;
  /** Reached only through devDependencies. */
  dev: boolean;
}

/** The graph parts a lock file yields on its own (see `parseLockFile`). */
export interface LockGraph {
  manager: LockManager | null;
  /** e.g. "package-lock.json v3", "yarn.lock v1", "yarn.lock (Yarn 2+, v8)", "pnpm-lock.yaml 9.0". */
  format: string;
  /** By id. */
  nodes: Map<string, DependencyNode>;
  /** id (or '' for the application root) → child ids. */
  dependencies: Map<string, string[]>;
  /** Shortest path from the application to a package: [direct id, …, id]; [] when unreachable. */
  pathTo(id: string): string[];
  problems: LockProblem[];
  /** Local packages (common modules, workspace siblings) whose dependencies count as the application's. */
  localPackages: LocalPackage[];
  /** Direct dependencies of package.json the lock file does not resolve (the lock is out of sync; buildpack/lock-file reports it). */
  unresolvedDirect: string[];
}

export interface DependencyGraph extends LockGraph {
  /** App name from connect.yaml. */
  application: string;
  /** Repository-relative path of the lock file used. */
  lockFile: string | null;
  /** The application folder relative to the lock file's folder ('' when the lock is in the application folder). */
  importer: string;
  /** Why no lock file was read (none, binary bun.lockb, too large, not a Node.js application). */
  skipped?: string;
}

/** The dependency fields of the application's package.json that the graph needs. */
export interface RootManifest {
  name?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

export interface ParseLockOptions {
  /** The application folder relative to the lock file's folder (workspace roots); '' by default. */
  importer?: string;
}

// ---------------------------------------------------------------------------------------------
// The common form the format readers produce.

/** Edge types as arborist names them; only the root (and local packages) have `dev` edges. */
export type EdgeKind = 'prod' | 'dev' | 'optional' | 'peer' | 'peerOptional';

export interface LockEdge {
  name: string;
  kind: EdgeKind;
  /** Key of the vertex the edge resolves to; absent when unresolved. */
  target?: string;
}

export interface LockVertex {
  /** Unique per lock (npm location, yarn resolution, pnpm package key). */
  key: string;
  name: string;
  version: string;
  /** A folder of the repository (file:, link:, workspace:), not a published package. */
  local?: boolean;
  /** Folder of a local package relative to the lock file's folder. */
  path?: string;
  license?: string;
  resolved?: string;
  integrity?: string;
  deprecated?: string;
  /** npm: the node_modules location. */
  location?: string;
  edges: LockEdge[];
}

export interface LockParse {
  manager: LockManager | null;
  format: string;
  rootEdges: LockEdge[];
  vertices: Map<string, LockVertex>;
  problems: LockProblem[];
  unresolvedDirect: string[];
}

/** Problems listed per lock file at most (a corrupt lock would otherwise list every entry). */
export const MAX_LOCK_PROBLEMS = 50;

/**
 * Dependency fields of a manifest, one edge per name. A name listed in several fields gets the kind
 * npm's arborist gives it (its later edge types replace earlier ones): dev beats optional beats
 * prod beats peer, so a package in both dependencies and devDependencies is pruned as dev.
 */
export function manifestEdges(manifest: RootManifest | undefined): { name: string; spec: string; kind: EdgeKind }[] {
  if (!manifest) return [];
  const byName = new Map<string, { name: string; spec: string; kind: EdgeKind }>();
  const add = (field: Record<string, string> | undefined, kind: EdgeKind): void => {
    for (const [name, spec] of Object.entries(field ?? {})) if (!byName.has(name)) byName.set(name, { name, spec, kind });
  };
  add(manifest.devDependencies, 'dev');
  add(manifest.optionalDependencies, 'optional');
  add(manifest.dependencies, 'prod');
  add(manifest.peerDependencies, 'peer');
  return [...byName.values()];
}

export function emptyParse(manager: LockManager | null, format: string, problems: LockProblem[]): LockParse {
  return { manager, format, rootEdges: [], vertices: new Map(), problems, unresolvedDirect: [] };
}
