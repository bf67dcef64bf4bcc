// npm's package-lock.json / npm-shrinkwrap.json. Versions 2 and 3 list every installed package
// under `packages` by its node_modules location; a dependency edge resolves the way Node's
// `require` does: the nearest `node_modules/<name>` walking up from the dependent's location. Link
// entries (`"link": true`) point at a folder of the repository (a `file:` common module or a
// workspace member), whose own entry carries its dependencies. Version 1 nests packages under
// `dependencies` and lists edges as `requires`; it is mapped onto the same locations.
import { locateJsonError } from '../buildpack/json-source.js';
import { jsonKeyPosition } from './positions.js';
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

/** Link chains longer than this are cycles or corruption. */
const MAX_LINK_HOPS = 8;

type Json = Record<string, unknown>;

export function parseNpmLock(text: string, file: string, rootManifest: RootManifest | undefined, importer: string): LockParse {
  const name = file.slice(file.lastIndexOf('/') + 1);
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    const located = locateJsonError(text);
    return emptyParse('npm', name, [
      {
        file,
        kind: 'syntax',
        ...(located ? { line: located.line, column: located.column } : {}),
        message: `${file} is not valid JSON: ${located?.message ?? (error as Error).message}`,
      },
    ]);
  }
  if (!isRecord(data)) return emptyParse('npm', name, [{ file, kind: 'structure', line: 1, column: 1, message: `${file} is not a JSON object` }]);
  const version = typeof data.lockfileVersion === 'number' ? data.lockfileVersion : undefined;
  const format = `${name} v${version ?? '?'}`;
  const ctx = new NpmContext(text, file, format);
  if (isRecord(data.packages)) {
    ctx.readPackages(data.packages, importer);
  } else if (isRecord(data.dependencies)) {
    ctx.readLegacy(data.dependencies, rootManifest);
  } else if (manifestEdges(rootManifest).length > 0 || (version !== undefined && version >= 2)) {
    // A lock without packages is valid only for a project without dependencies.
    ctx.problem(`${file} locks no packages (neither "packages" nor "dependencies" is present)`, 'structure', { line: 1, column: 1 });
  }
  return ctx.result();
}

class NpmContext {
  readonly vertices = new Map<string, LockVertex>();
  /** Link location → target location. */
  readonly links = new Map<string, string>();
  /** Target location → the first link pointing at it (for resolving from where it is linked). */
  readonly linkedFrom = new Map<string, string>();
  readonly problems: LockProblem[] = [];
  readonly unresolvedDirect: string[] = [];
  /** Names a package bundles in its own tarball: npm does not always list them in the lock. */
  readonly bundled = new Map<string, Set<string> | true>();
  rootEdges: LockEdge[] = [];

  constructor(
    readonly text: string,
    readonly file: string,
    readonly format: string,
  ) {}

  result(): LockParse {
    return { manager: 'npm', format: this.format, rootEdges: this.rootEdges, vertices: this.vertices, problems: this.problems, unresolvedDirect: this.unresolvedDirect };
  }

  problem(message: string, kind: LockProblem['kind'], position: { line?: number; column?: number } = {}): void {
    if (this.problems.length < MAX_LOCK_PROBLEMS) this.problems.push({ file: this.file, kind, ...position, message });
  }

  // -------------------------------------------------------------------------------------------
  // v2 / v3

  readPackages(packages: Json, importer: string): void {
    const rootKey = importer;
    let root: Json | undefined;
    for (const [location, raw] of Object.entries(packages)) {
      if (!isRecord(raw)) {
        this.problem(`${this.file}: the entry "${location}" is not an object`, 'structure', jsonKeyPosition(this.text, location));
        continue;
      }
      if (location === rootKey) {
        root = raw;
        continue;
      }
      if (raw.link === true) {
        const target = typeof raw.resolved === 'string' ? normaliseLocation(raw.resolved) : undefined;
        if (target === undefined) {
          this.problem(`${this.file}: the link "${location}" has no "resolved" folder`, 'structure', jsonKeyPosition(this.text, location));
          continue;
        }
        this.links.set(location, target);
        if (!this.linkedFrom.has(target)) this.linkedFrom.set(target, location);
        continue;
      }
      const local = !isInsideNodeModules(location);
      const name = typeof raw.name === 'string' ? raw.name : local ? undefined : nameAtLocation(location);
      const version = typeof raw.version === 'string' ? raw.version : undefined;
      if (!local && (name === undefined || version === undefined)) {
        // npm writes no version for packages it failed to install (and extraneous leftovers); they are not installed.
        if (raw.extraneous === true || raw.optional === true || raw.devOptional === true) continue;
        this.problem(`${this.file}: "${location}" has no version`, 'structure', jsonKeyPosition(this.text, location));
        continue;
      }
      const vertex: LockVertex = {
        key: location,
        name: name ?? location.slice(location.lastIndexOf('/') + 1),
        version: version ?? '0.0.0-local',
        location,
        edges: [],
      };
      if (local) {
        vertex.local = true;
        vertex.path = location;
      }
      copyMetadata(vertex, raw);
      this.vertices.set(location, vertex);
      vertex.edges = this.edgesOf(raw, local);
      const bundle = raw.bundleDependencies ?? raw.bundledDependencies;
      if (bundle === true) this.bundled.set(location, true);
      else if (Array.isArray(bundle)) this.bundled.set(location, new Set(bundle.filter((b): b is string => typeof b === 'string')));
    }
    if (root === undefined) {
      const what = rootKey === '' ? 'the root package ("")' : `the workspace member "${rootKey}"`;
      if (rootKey !== '' || this.vertices.size > 0) this.problem(`${this.file} has no entry for ${what}`, 'structure', { line: 1, column: 1 });
      return;
    }
    this.rootEdges = this.edgesOf(root, true);
    // Resolve edges now that every location is known.
    for (const edge of this.rootEdges) {
      edge.target = this.resolve(rootKey, edge.name);
      if (edge.target === undefined && edge.kind !== 'peer' && edge.kind !== 'peerOptional' && edge.kind !== 'optional') this.unresolvedDirect.push(edge.name);
    }
    for (const vertex of this.vertices.values()) {
      for (const edge of vertex.edges) {
        edge.target = this.resolve(vertex.key, edge.name);
        const bundle = this.bundled.get(vertex.key);
        const isBundled = bundle === true || (bundle !== undefined && bundle.has(edge.name));
        if (edge.target === undefined && edge.kind === 'prod' && !vertex.local && !isBundled) {
          this.problem(
            `${this.file}: ${vertex.name}@${vertex.version} ("${vertex.key}") depends on ${edge.name}, which is not installed where Node.js would look for it`,
            'unresolved',
            jsonKeyPosition(this.text, vertex.key),
          );
        }
      }
    }
  }

  /**
   * The dependency edges of a package entry; devDependencies only count for the root and local
   * packages. One edge per name, of the kind arborist keeps: dev, then optional, prod, peer.
   */
  private edgesOf(entry: Json, withDev: boolean): LockEdge[] {
    const byName = new Map<string, LockEdge>();
    const add = (field: unknown, kind: EdgeKind): void => {
      if (!isRecord(field)) return;
      for (const name of Object.keys(field)) if (!byName.has(name)) byName.set(name, { name, kind });
    };
    const peerMeta = isRecord(entry.peerDependenciesMeta) ? entry.peerDependenciesMeta : {};
    if (withDev) add(entry.devDependencies, 'dev');
    add(entry.optionalDependencies, 'optional');
    add(entry.dependencies, 'prod');
    if (isRecord(entry.peerDependencies)) {
      for (const name of Object.keys(entry.peerDependencies)) {
        if (byName.has(name)) continue;
        const meta = peerMeta[name];
        byName.set(name, { name, kind: isRecord(meta) && meta.optional === true ? 'peerOptional' : 'peer' });
      }
    }
    return [...byName.values()];
  }

  /** Node's lookup: `<dir>/node_modules/<name>` from the dependent's folder up; links followed. */
  resolve(from: string, name: string): string | undefined {
    let start: string | undefined = from;
    for (let hops = 0; start !== undefined && hops < MAX_LINK_HOPS; hops++) {
      for (let dir: string | undefined = start; dir !== undefined; dir = parentFolder(dir)) {
        if (dir === 'node_modules' || dir.endsWith('/node_modules')) continue;
        const candidate = dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
        const found = this.follow(candidate);
        if (found !== undefined) return found;
      }
      // A linked folder outside node_modules also sees what is installed where it is linked.
      const link = this.linkedFrom.get(start);
      start = link === undefined ? undefined : parentFolder(link);
    }
    return undefined;
  }

  private follow(location: string): string | undefined {
    let at = location;
    for (let hops = 0; hops < MAX_LINK_HOPS; hops++) {
      if (this.vertices.has(at)) return at;
      const target = this.links.get(at);
      if (target === undefined) return undefined;
      at = target;
    }
    return undefined;
  }

  // -------------------------------------------------------------------------------------------
  // v1

  readLegacy(dependencies: Json, rootManifest: RootManifest | undefined): void {
    const requires = new Map<string, Json>();
    const walk = (deps: Json, parent: string, depth: number): void => {
      for (const [name, raw] of Object.entries(deps)) {
        const location = parent === '' ? `node_modules/${name}` : `${parent}/node_modules/${name}`;
        if (!isRecord(raw)) {
          this.problem(`${this.file}: the entry for ${name} is not an object`, 'structure', jsonKeyPosition(this.text, name));
          continue;
        }
        const rawVersion = typeof raw.version === 'string' ? raw.version : undefined;
        if (rawVersion === undefined) {
          this.problem(`${this.file}: ${name} ("${location}") has no version`, 'structure', jsonKeyPosition(this.text, name));
          continue;
        }
        // Aliases record `npm:<real name>@<version>`; folders `file:<path>`.
        const alias = /^npm:((?:@[^/@]+\/)?[^@]+)@(.+)$/.exec(rawVersion);
        const local = /^(file|link):/.test(rawVersion) && !/\.(tgz|tar\.gz|tar)$/.test(rawVersion);
        const vertex: LockVertex = {
          key: location,
          name: alias ? alias[1]! : name,
          version: alias ? alias[2]! : rawVersion,
          location,
          edges: [],
        };
        if (local) {
          vertex.local = true;
          vertex.path = rawVersion.replace(/^(file|link):/, '');
        }
        copyMetadata(vertex, raw);
        this.vertices.set(location, vertex);
        if (isRecord(raw.requires)) requires.set(location, raw.requires);
        if (isRecord(raw.dependencies) && depth < MAX_LEGACY_DEPTH) walk(raw.dependencies, location, depth + 1);
      }
    };
    walk(dependencies, '', 0);

    // v1 does not tell optional edges from others; a package the lock marks optional is reached only optionally.
    const optionalEntry = (location: string): boolean => {
      const raw = legacyEntry(dependencies, location);
      return raw?.optional === true;
    };
    const inbound = new Set<string>();
    for (const [location, req] of requires) {
      const vertex = this.vertices.get(location)!;
      for (const name of Object.keys(req)) {
        const target = this.resolve(location, name);
        if (target === undefined) {
          if (!vertex.local) {
            this.problem(
              `${this.file}: ${vertex.name}@${vertex.version} requires ${name}, which is not installed where Node.js would look for it`,
              'unresolved',
              jsonKeyPosition(this.text, location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length)),
            );
          }
          continue;
        }
        inbound.add(target);
        vertex.edges.push({ name, kind: optionalEntry(target) ? 'optional' : 'prod', target });
      }
    }

    const declared = manifestEdges(rootManifest);
    if (declared.length > 0) {
      for (const { name, kind } of declared) {
        const target = this.resolve('', name);
        if (target === undefined) {
          if (kind === 'prod' || kind === 'dev') this.unresolvedDirect.push(name);
          continue;
        }
        this.rootEdges.push({ name, kind, target });
      }
      return;
    }
    // Without package.json: every top-level package nothing else requires is a direct dependency.
    for (const [name, raw] of Object.entries(dependencies)) {
      const location = `node_modules/${name}`;
      if (!this.vertices.has(location) || inbound.has(location) || !isRecord(raw)) continue;
      this.rootEdges.push({ name, kind: raw.dev === true ? 'dev' : raw.optional === true ? 'optional' : 'prod', target: location });
    }
  }
}

/** Nesting deeper than this in a v1 lock is corruption, not a tree. */
const MAX_LEGACY_DEPTH = 64;

function legacyEntry(dependencies: Json, location: string): Json | undefined {
  let deps: Json | undefined = dependencies;
  let entry: Json | undefined;
  for (const name of location.split(/\/?node_modules\//).filter((s) => s !== '')) {
    const raw: unknown = deps?.[name];
    if (!isRecord(raw)) return undefined;
    entry = raw;
    deps = isRecord(raw.dependencies) ? raw.dependencies : undefined;
  }
  return entry;
}

function copyMetadata(vertex: LockVertex, raw: Json): void {
  const license = licenseText(raw.license);
  if (license !== undefined) vertex.license = license;
  if (typeof raw.resolved === 'string') vertex.resolved = raw.resolved;
  if (typeof raw.integrity === 'string') vertex.integrity = raw.integrity;
  if (typeof raw.deprecated === 'string') vertex.deprecated = raw.deprecated;
}

/** npm records `license` as written in package.json: usually a string, in old packages `{ type }`. */
function licenseText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isRecord(value) && typeof value.type === 'string') return value.type;
  return undefined;
}

/** The package name at a node_modules location: `node_modules/a/node_modules/@s/b` → `@s/b`. */
export function nameAtLocation(location: string): string | undefined {
  const at = location.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const name = location.slice(at + 'node_modules/'.length);
  return name === '' ? undefined : name;
}

function isInsideNodeModules(location: string): boolean {
  return location.startsWith('node_modules/') || location.includes('/node_modules/');
}

/** Parent folder of a lock location; undefined above the lock's folder or past `..`. */
function parentFolder(dir: string): string | undefined {
  if (dir === '') return undefined;
  const slash = dir.lastIndexOf('/');
  const last = dir.slice(slash + 1);
  if (last === '..') return undefined;
  return slash < 0 ? '' : dir.slice(0, slash);
}

function normaliseLocation(p: string): string {
  const out: string[] = [];
  for (const part of p.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
