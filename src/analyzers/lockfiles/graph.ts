// The dependency graph of one Connect application, read from its lock file alone (no node_modules,
// no network): every package the frozen install would put on disk, how it is reached from the
// application (dev / optional / peer, computed the way npm's arborist computes its flags), and the
// shortest path to it. Each lock format is read by its own module (npm.ts, yarn.ts, pnpm.ts) into
// a common vertex/edge form; this module turns that into nodes keyed by `name@version`.
import type { Workspace } from '../../engine/workspace.js';
import { buildpackPlanOf } from '../buildpack/plan.js';
import { readRepoFile } from '../buildpack/files.js';
import { connectSpecOf } from '../connect-spec/parse.js';
import {
  emptyParse,
  PARSED_LOCK_FILES,
  type EdgeKind,
  type DependencyGraph,
  type DependencyNode,
  type LocalPackage,
  type LockEdge,
  type LockFileName,
  type LockGraph,
  type LockParse,
  type LockVertex,
  type ParseLockOptions,
  type RootManifest,
} from './model.js';
import { parseNpmLock } from './npm.js';
import { parsePnpmLock } from './pnpm.js';
import { parseYarnLock } from './yarn.js';

export type {
  DependencyGraph,
  DependencyNode,
  EdgeKind,
  LocalPackage,
  LockEdge,
  LockFileName,
  LockGraph,
  LockManager,
  LockParse,
  LockProblem,
  LockProblemKind,
  LockVertex,
  ParseLockOptions,
  RootManifest,
} from './model.js';
export { emptyParse, manifestEdges, MAX_LOCK_PROBLEMS, PARSED_LOCK_FILES } from './model.js';

// ---------------------------------------------------------------------------------------------
// Parsing entry point

/** Which reader a file name (or manager) selects. */
export function lockKindOf(file: string): LockFileName | undefined {
  const base = file.slice(file.lastIndexOf('/') + 1);
  return (PARSED_LOCK_FILES as readonly string[]).includes(base) ? (base as LockFileName) : undefined;
}

/**
 * Parses a lock file into its dependency graph. Pure: no workspace, no file system. `kind` is the
 * lock file's name; `file` names it in problems. Never throws: a broken file yields problems.
 */
export function parseLockFile(kind: LockFileName, text: string, file: string, rootManifest?: RootManifest, options: ParseLockOptions = {}): LockGraph {
  const importer = options.importer ?? '';
  let parsed: LockParse;
  try {
    switch (kind) {
      case 'package-lock.json':
      case 'npm-shrinkwrap.json':
        parsed = parseNpmLock(text, file, rootManifest, importer);
        break;
      case 'yarn.lock':
        parsed = parseYarnLock(text, file, rootManifest, importer);
        break;
      case 'pnpm-lock.yaml':
        parsed = parsePnpmLock(text, file, rootManifest, importer);
        break;
    }
  } catch (error) {
    // The readers validate as they go; this is the last line of defence against a shape they did not expect.
    parsed = emptyParse(null, kind, [{ file, kind: 'structure', message: `${file} could not be read as a lock file: ${(error as Error).message}` }]);
  }
  return assembleGraph(parsed);
}


// ---------------------------------------------------------------------------------------------
// Assembly: reachability, flags, ids, paths

/**
 * Turns vertices and edges into the graph: keeps what the root reaches, computes arborist's flags
 * per vertex (dev: every path has a dev edge; optional: every path has an optional or
 * peerOptional edge; peer: every path has a peer edge), merges vertices of the same
 * `name@version`, and makes local packages transparent (their dependencies hang off whoever
 * depends on them).
 */
export function assembleGraph(parse: LockParse): LockGraph {
  const { vertices, rootEdges } = parse;
  const graph = compactGraph(rootEdges, vertices);
  const reachable = reachAvoiding(graph, 0);
  const notDev = reachAvoiding(graph, KIND_BIT.dev);
  const notOptional = reachAvoiding(graph, KIND_BIT.optional | KIND_BIT.peerOptional);
  const notPeer = reachAvoiding(graph, KIND_BIT.peer | KIND_BIT.peerOptional);

  const idOf = (v: LockVertex): string => `${v.name}@${v.version}`;
  const nodes = new Map<string, DependencyNode>();
  const localPackages: LocalPackage[] = [];
  const reachableKeys: string[] = [];
  for (let i = 1; i < graph.keys.length; i++) {
    if (!reachable[i]) continue;
    const key = graph.keys[i]!;
    reachableKeys.push(key);
    const v = vertices.get(key)!;
    const dev = !notDev[i];
    if (v.local) {
      localPackages.push({ name: v.name, ...(v.path !== undefined ? { path: v.path } : {}), dev });
      continue;
    }
    const id = idOf(v);
    const optional = !notOptional[i];
    const peer = !notPeer[i];
    const existing = nodes.get(id);
    if (existing) {
      // Same package at several places: a flag holds only if it holds at every place.
      existing.dev &&= dev;
      existing.optional &&= optional;
      existing.peer &&= peer;
      if (v.location !== undefined) existing.locations.push(v.location);
      existing.license ??= v.license;
      existing.resolved ??= v.resolved;
      existing.integrity ??= v.integrity;
      existing.deprecated ??= v.deprecated;
      continue;
    }
    const node: DependencyNode = { id, name: v.name, version: v.version, dev, optional, peer, direct: false, locations: v.location !== undefined ? [v.location] : [] };
    if (v.license !== undefined) node.license = v.license;
    if (v.resolved !== undefined) node.resolved = v.resolved;
    if (v.integrity !== undefined) node.integrity = v.integrity;
    if (v.deprecated !== undefined) node.deprecated = v.deprecated;
    nodes.set(id, node);
  }

  // Children by id, looking through local packages (a common module's dependencies are the app's).
  const expand = (edges: readonly LockEdge[], viaDev: boolean, out: Map<string, boolean>, seenLocal: Set<string>): void => {
    for (const edge of edges) {
      if (edge.target === undefined) continue;
      const target = vertices.get(edge.target);
      if (!target) continue;
      const dev = viaDev || edge.kind === 'dev';
      if (target.local) {
        if (seenLocal.has(target.key)) continue;
        seenLocal.add(target.key);
        expand(target.edges, dev, out, seenLocal);
        continue;
      }
      const id = idOf(target);
      // A child reached both ways counts as reached without dev.
      out.set(id, (out.get(id) ?? true) && dev);
    }
  };
  const dependencies = new Map<string, string[]>();
  const rootChildren = new Map<string, boolean>();
  expand(rootEdges, false, rootChildren, new Set());
  dependencies.set('', [...rootChildren.keys()]);
  for (const id of rootChildren.keys()) nodes.get(id)!.direct = true;
  const childSets = new Map<string, Set<string>>();
  for (const key of reachableKeys) {
    const v = vertices.get(key)!;
    if (v.local) continue;
    const id = idOf(v);
    const children = new Map<string, boolean>();
    expand(v.edges, false, children, new Set());
    let set = childSets.get(id);
    if (!set) childSets.set(id, (set = new Set()));
    for (const child of children.keys()) if (child !== id) set.add(child);
  }
  for (const [id, set] of childSets) dependencies.set(id, [...set]);

  let parents: Map<string, string> | undefined;
  const pathTo = (id: string): string[] => {
    parents ??= shortestPathParents(rootChildren, dependencies);
    if (!parents.has(id)) return [];
    const path: string[] = [];
    for (let at: string | undefined = id; at !== undefined && at !== ''; at = parents.get(at)) path.push(at);
    return path.reverse();
  };

  return {
    manager: parse.manager,
    format: parse.format,
    nodes,
    dependencies,
    pathTo,
    problems: parse.problems,
    localPackages,
    unresolvedDirect: parse.unresolvedDirect,
  };
}

const KIND_BIT: Readonly<Record<EdgeKind, number>> = { prod: 1, dev: 2, optional: 4, peer: 8, peerOptional: 16 };

/** The vertices as arrays (index 0 is the root), edges in compressed rows, for the four reachability passes. */
interface CompactGraph {
  keys: string[];
  offsets: Int32Array;
  targets: Int32Array;
  kinds: Uint8Array;
}

function compactGraph(rootEdges: readonly LockEdge[], vertices: ReadonlyMap<string, LockVertex>): CompactGraph {
  const keys = ['', ...vertices.keys()];
  const index = new Map<string, number>();
  keys.forEach((k, i) => {
    if (i > 0) index.set(k, i);
  });
  const edgesOf = (i: number): readonly LockEdge[] => (i === 0 ? rootEdges : vertices.get(keys[i]!)!.edges);
  let total = 0;
  for (let i = 0; i < keys.length; i++) total += edgesOf(i).length;
  const offsets = new Int32Array(keys.length + 1);
  const targets = new Int32Array(total);
  const kinds = new Uint8Array(total);
  let at = 0;
  for (let i = 0; i < keys.length; i++) {
    offsets[i] = at;
    for (const edge of edgesOf(i)) {
      const target = edge.target === undefined ? undefined : index.get(edge.target);
      if (target === undefined) continue;
      targets[at] = target;
      kinds[at] = KIND_BIT[edge.kind];
      at++;
    }
  }
  offsets[keys.length] = at;
  return { keys, offsets, targets, kinds };
}

/** Which vertices the root reaches through edges of no kind in `avoided` (a KIND_BIT mask); BFS. */
function reachAvoiding(graph: CompactGraph, avoided: number): Uint8Array {
  const seen = new Uint8Array(graph.keys.length);
  const queue = new Int32Array(graph.keys.length);
  let head = 0;
  let tail = 0;
  queue[tail++] = 0;
  while (head < tail) {
    const at = queue[head++]!;
    for (let e = graph.offsets[at]!; e < graph.offsets[at + 1]!; e++) {
      const target = graph.targets[e]!;
      if (seen[target] || (graph.kinds[e]! & avoided) !== 0 || target === 0) continue;
      seen[target] = 1;
      queue[tail++] = target;
    }
  }
  return seen;
}

/**
 * One BFS for every path: first from the direct dependencies reached without dev edges, then from
 * the dev ones, so a package that ships has a path through shipped packages.
 */
function shortestPathParents(rootChildren: ReadonlyMap<string, boolean>, dependencies: ReadonlyMap<string, string[]>): Map<string, string> {
  const parents = new Map<string, string>();
  const bfs = (seeds: string[]): void => {
    const queue: string[] = [];
    for (const seed of seeds) {
      if (parents.has(seed)) continue;
      parents.set(seed, '');
      queue.push(seed);
    }
    for (let i = 0; i < queue.length; i++) {
      const at = queue[i]!;
      for (const child of dependencies.get(at) ?? []) {
        if (parents.has(child)) continue;
        parents.set(child, at);
        queue.push(child);
      }
    }
  };
  bfs([...rootChildren].filter(([, dev]) => !dev).map(([id]) => id));
  bfs([...rootChildren].filter(([, dev]) => dev).map(([id]) => id));
  return parents;
}

// ---------------------------------------------------------------------------------------------
// Workspace accessor

/** The dependency graph of a Connect application (by connect.yaml name), computed once per run. */
export function dependencyGraphOf(ws: Workspace, application: string): DependencyGraph {
  return ws.memo(`lockfiles:graph:${application}`, () => computeDependencyGraph(ws, application));
}

/** Graphs of every named application in connect.yaml, in `deployAs` order. */
export function dependencyGraphsOf(ws: Workspace): DependencyGraph[] {
  const seen = new Set<string>();
  const out: DependencyGraph[] = [];
  for (const app of connectSpecOf(ws).spec.applications) {
    if (app.name === '' || seen.has(app.name)) continue;
    seen.add(app.name);
    out.push(dependencyGraphOf(ws, app.name));
  }
  return out;
}

function computeDependencyGraph(ws: Workspace, application: string): DependencyGraph {
  const empty = (skipped: string, lockFile: string | null = null, importer = ''): DependencyGraph => ({
    ...assembleGraph(emptyParse(null, '', [])),
    application,
    lockFile,
    importer,
    skipped,
  });
  const app = connectSpecOf(ws).spec.applications.find((a) => a.name === application);
  if (!app) return empty(`connect.yaml has no application named "${application}"`);
  const plan = buildpackPlanOf(ws, app);
  const node = plan.node;
  if (!node) return empty(plan.folderExists ? 'not a Node.js application' : `the application folder ${application}/ does not exist`);
  const choice = node.lockFile;
  if (!choice) return empty(`no lock file in ${plan.realFolder}/`);
  const kind = lockKindOf(choice.path);
  if (!kind) return empty(`${choice.path} is not a lock format this tool reads`, choice.path, choice.importer);
  const read = readRepoFile(ws, choice.path);
  if (read.text === undefined) return empty(`${choice.path} was not read: ${read.unreadable ?? 'absent'}`, choice.path, choice.importer);
  const graph = parseLockFile(kind, read.text, choice.path, node.manifest, { importer: choice.importer });
  return { ...graph, application, lockFile: choice.path, importer: choice.importer };
}
