// pnpm-lock.yaml. The application's direct dependencies are an importer (`importers["."]`, or
// `importers["<folder>"]` at a workspace root; lockfile 5.x/6.0 without workspaces put them at the
// top level) mapping names to references. A reference is a version (`4.3.7`, with resolved peers
// `18.3.1(react@18.3.1)` from 6.0 on, `18.3.1_react@18.3.1` in 5.x), an alias (`/bar@1.0.0` in 6.0,
// `bar@1.0.0` in 9.0, `/bar/1.0.0` in 5.x), `link:<folder>` or `file:<folder>`. Package keys:
// `/name/1.0.0` (5.x), `/name@1.0.0(peers)` (6.0), `name@1.0.0(peers)` in 9.0, where the
// dependencies moved to `snapshots` and `packages` keeps the metadata (resolution, peers,
// deprecation) under the key without peers.
import { isMap, LineCounter, parseDocument } from 'yaml';
import { entryKeyPosition } from './positions.js';
import { readYamlSubset, type YamlValue } from './yaml-subset.js';
import {
  emptyParse,
  manifestEdges,
  MAX_LOCK_PROBLEMS,
  type EdgeKind,
  type LockEdge,
  type LockParse,
  type LockProblem,
  type LockVertex,
  type RootManifest,
} from './model.js';

/** Alias expansion limit (the `yaml` package's guard against alias bombs). */
export const MAX_PNPM_ALIAS_COUNT = 100;

type Json = Record<string, unknown>;

export function parsePnpmLock(text: string, file: string, rootManifest: RootManifest | undefined, importer: string): LockParse {
  const read = readPnpmYaml(text, file);
  if (!read.ok) return emptyParse('pnpm', 'pnpm-lock.yaml', [read.problem]);
  const data = read.value;
  const lockVersion = data.lockfileVersion === undefined ? undefined : String(data.lockfileVersion);
  const major = lockVersion === undefined ? NaN : Number.parseFloat(lockVersion);
  const format = `pnpm-lock.yaml ${lockVersion ?? '?'}`;
  const style: KeyStyle = major >= 9 ? 'v9' : major >= 6 ? 'v6' : 'v5';
  const problems: LockProblem[] = [];
  const problem = (message: string, kind: LockProblem['kind'], key?: string): void => {
    if (problems.length < MAX_LOCK_PROBLEMS) problems.push({ file, kind, ...(key !== undefined ? entryKeyPosition(text, key) : { line: 1, column: 1 }), message });
  };

  const packages = isRecord(data.packages) ? data.packages : {};
  const snapshots = isRecord(data.snapshots) ? data.snapshots : undefined;
  const importers = isRecord(data.importers) ? data.importers : undefined;
  /** Where dependencies are listed: snapshots (9.0) or packages. */
  const graphEntries = style === 'v9' ? (snapshots ?? {}) : packages;

  const unresolvedDirect: string[] = [];
  const vertices = new Map<string, LockVertex>();
  const pendingEdges = new Map<LockVertex, { entry: Json; metadata: Json; from: string }>();

  const vertexFor = (key: string): LockVertex | undefined => {
    const existing = vertices.get(key);
    if (existing) return existing;
    const entry = graphEntries[key];
    if (!isRecord(entry)) return undefined;
    const metadata = style === 'v9' ? (packages[stripPeers(key, style)] as Json | undefined) ?? {} : entry;
    const resolution = isRecord(metadata.resolution) ? metadata.resolution : {};
    const local = typeof resolution.directory === 'string' || /^\/?(file|link):|@(file|link):/.test(key);
    const parsed = nameAndVersion(key, style);
    const directory = typeof resolution.directory === 'string' ? resolution.directory : undefined;
    const name = typeof metadata.name === 'string' ? metadata.name : (parsed?.name ?? (local ? directory?.slice(directory.lastIndexOf('/') + 1) : undefined));
    // Local folders are often locked without a version; they are not published packages anyway.
    const version = typeof metadata.version === 'string' ? metadata.version : local ? '0.0.0-local' : parsed?.version;
    if (name === undefined || name === '' || version === undefined) return undefined;
    const vertex: LockVertex = { key, name, version, edges: [] };
    if (typeof resolution.integrity === 'string') vertex.integrity = resolution.integrity;
    if (typeof resolution.tarball === 'string') vertex.resolved = resolution.tarball;
    if (typeof metadata.deprecated === 'string') vertex.deprecated = metadata.deprecated;
    if (local) {
      vertex.local = true;
      if (directory !== undefined) vertex.path = directory;
    }
    vertices.set(key, vertex);
    pendingEdges.set(vertex, { entry, metadata, from: key });
    return vertex;
  };

  /** Importer vertices for `link:` references to workspace members. */
  const importerVertex = (path: string): LockVertex => {
    const key = `importer:${path}`;
    const existing = vertices.get(key);
    if (existing) return existing;
    const vertex: LockVertex = { key, name: path.slice(path.lastIndexOf('/') + 1) || path, version: '0.0.0-local', local: true, path, edges: [] };
    vertices.set(key, vertex);
    const section = importers?.[path === '' ? '.' : path];
    if (isRecord(section)) vertex.edges = importerEdges(section, path, false);
    return vertex;
  };

  const resolveRef = (name: string, ref: unknown, fromDir: string): string | undefined => {
    if (typeof ref !== 'string') return undefined;
    if (ref.startsWith('link:')) return importerVertex(normalisePath(joinPath(fromDir, ref.slice('link:'.length)))).key;
    for (const key of candidateKeys(name, ref, style)) if (vertexFor(key)) return key;
    return undefined;
  };

  const importerEdges = (section: Json, dir: string, isRoot: boolean): LockEdge[] => {
    const edges: LockEdge[] = [];
    const seen = new Set<string>();
    const flatSpecifiers = section; // 5.x: `dependencies: {name: ref}`; 6.0+: `{name: {specifier, version}}`
    // One edge per name, of the kind npm would keep: dev, then optional, then prod.
    for (const [field, kind] of [
      ['devDependencies', 'dev'],
      ['optionalDependencies', 'optional'],
      ['dependencies', 'prod'],
    ] as const) {
      const deps = flatSpecifiers[field];
      if (!isRecord(deps)) continue;
      for (const [name, raw] of Object.entries(deps)) {
        if (seen.has(name)) continue;
        seen.add(name);
        const ref = isRecord(raw) ? raw.version : raw;
        const target = resolveRef(name, ref, dir);
        if (target === undefined) {
          if (isRoot && kind !== 'optional') unresolvedDirect.push(name);
          else if (kind === 'prod') problem(`${file}: the importer "${dir || '.'}" depends on ${name} (${String(ref)}), which has no package entry`, 'unresolved', dir || '.');
          continue;
        }
        edges.push({ name, kind, target });
      }
    }
    return edges;
  };

  let rootSection: Json | undefined;
  if (importers) {
    const section = importers[importer === '' ? '.' : importer];
    if (isRecord(section)) rootSection = section;
    else if (Object.keys(importers).length > 0) problem(`${file} has no importer "${importer === '' ? '.' : importer}"`, 'structure');
  } else if (importer === '') {
    rootSection = data;
  }
  let rootEdges = rootSection ? importerEdges(rootSection, importer, true) : [];
  if (rootEdges.length === 0 && !rootSection) {
    // No importer section for the app: fall back to package.json against the package keys.
    rootEdges = [];
    for (const { name, spec, kind } of manifestEdges(rootManifest)) {
      const target = resolveRef(name, spec, importer);
      if (target !== undefined) rootEdges.push({ name, kind, target });
    }
  }

  // Resolve package edges breadth-first from what the importers reach (vertices are created on demand).
  for (let progressed = true; progressed; ) {
    progressed = false;
    for (const [vertex, { entry, metadata, from }] of [...pendingEdges]) {
      pendingEdges.delete(vertex);
      progressed = true;
      const peers = isRecord(metadata.peerDependencies) ? metadata.peerDependencies : {};
      const peerMeta = isRecord(metadata.peerDependenciesMeta) ? metadata.peerDependenciesMeta : {};
      const seen = new Set<string>();
      for (const [field, baseKind] of [
        ['optionalDependencies', 'optional'],
        ['dependencies', 'prod'],
      ] as const) {
        const deps = entry[field];
        if (!isRecord(deps)) continue;
        for (const [name, ref] of Object.entries(deps)) {
          if (seen.has(name)) continue;
          seen.add(name);
          let kind: EdgeKind = baseKind;
          if (baseKind === 'prod' && name in peers) kind = isRecord(peerMeta[name]) && peerMeta[name].optional === true ? 'peerOptional' : 'peer';
          const dir = vertex.local && vertex.path !== undefined ? vertex.path : importer;
          const target = resolveRef(name, ref, dir);
          if (target === undefined) {
            if (kind === 'prod') problem(`${file}: ${vertex.name}@${vertex.version} depends on ${name} (${String(ref)}), which has no package entry`, 'unresolved', from);
            continue;
          }
          vertex.edges.push({ name, kind, target });
        }
      }
    }
  }
  return { manager: 'pnpm', format, rootEdges, vertices, problems, unresolvedDirect };
}

type KeyStyle = 'v5' | 'v6' | 'v9';

/** Package keys a reference may name, most likely first. */
function candidateKeys(name: string, ref: string, style: KeyStyle): string[] {
  switch (style) {
    case 'v9':
      return [`${name}@${ref}`, ref];
    case 'v6':
      return ref.startsWith('/') ? [ref] : [`/${name}@${ref}`, ref];
    case 'v5':
      return ref.startsWith('/') ? [ref] : [`/${name}/${ref}`, ref];
  }
}

/** `name@1.0.0(peer@2.0.0)` → `name@1.0.0`; 5.x: `/name/1.0.0_peer@2.0.0` → `/name/1.0.0`. */
function stripPeers(key: string, style: KeyStyle): string {
  if (style === 'v5') {
    const lastSlash = key.lastIndexOf('/');
    const underscore = key.indexOf('_', lastSlash);
    return underscore < 0 ? key : key.slice(0, underscore);
  }
  const paren = key.indexOf('(');
  return paren < 0 ? key : key.slice(0, paren);
}

/** Name and version from a package key (registry packages; others carry `name`/`version` fields). */
export function nameAndVersion(key: string, style: KeyStyle): { name: string; version: string } | undefined {
  const bare = stripPeers(key, style).replace(/^\//, '');
  if (style === 'v5') {
    const slash = bare.lastIndexOf('/');
    if (slash <= 0) return undefined;
    return { name: bare.slice(0, slash), version: bare.slice(slash + 1) };
  }
  const at = bare.indexOf('@', bare.startsWith('@') ? 1 : 0);
  if (at <= 0) return undefined;
  return { name: bare.slice(0, at), version: bare.slice(at + 1) };
}

// ---------------------------------------------------------------------------------------------
// YAML

type YamlRead = { ok: true; value: Json } | { ok: false; problem: LockProblem };

/** The fast subset reader first; the `yaml` package (with positions) for anything else. */
export function readPnpmYaml(text: string, file: string): YamlRead {
  const fast = readYamlSubset(text, { scalars: 'core' });
  if (fast.ok) return { ok: true, value: fast.value as Json };
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const error = doc.errors[0];
  if (error) {
    const at = lineCounter.linePos(error.pos[0]);
    return { ok: false, problem: { file, kind: 'syntax', line: at.line, column: at.col, message: `${file} is not valid YAML: ${error.message.split('\n')[0] ?? error.message}` } };
  }
  let value: unknown;
  try {
    value = isMap(doc.contents) ? doc.toJS({ maxAliasCount: MAX_PNPM_ALIAS_COUNT }) : undefined;
  } catch (e) {
    return { ok: false, problem: { file, kind: 'syntax', message: `${file} cannot be read: ${(e as Error).message}` } };
  }
  if (!isRecord(value)) return { ok: false, problem: { file, kind: 'structure', line: 1, column: 1, message: `${file} is not a YAML mapping` } };
  return { ok: true, value };
}

function joinPath(dir: string, rel: string): string {
  return dir === '' ? rel : `${dir}/${rel}`;
}

function normalisePath(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export type { YamlValue };
