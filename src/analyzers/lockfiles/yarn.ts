// yarn.lock, both formats. Yarn 1 ("# yarn lockfile v1"): entries keyed by the `name@range`
// patterns that resolved to them, `version`, `resolved`, `integrity`, `dependencies` and
// `optionalDependencies` as name → range, so an edge resolves by looking up `name@range`. The root's
// dependencies are not in the file: they come from package.json. Yarn 2+ (a `__metadata` block):
// entries keyed by descriptors (`lodash@npm:^4.17.0, lodash@npm:^4.17.21`), each with a
// `resolution` locator (`lodash@npm:4.17.21`, `shared@file:../shared#…`, `resolve@patch:…`), and
// the workspaces themselves as `name@workspace:<folder>` entries.
import { createRequire } from 'node:module';
import type * as YarnParsers from '@yarnpkg/parsers';
import { entryKeyPosition } from './positions.js';
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

const require = createRequire(import.meta.url);

interface YarnClassicParser {
  parse(text: string, fileLoc?: string): { type: 'success' | 'merge' | 'conflict'; object: Record<string, unknown> };
}

type Json = Record<string, unknown>;

const MERGE_CONFLICT = /^(<{7}|={7}|>{7})(\s|$)/m;

export function isYarnBerryText(text: string): boolean {
  return /^__metadata:\s*$/m.test(text);
}

export function parseYarnLock(text: string, file: string, rootManifest: RootManifest | undefined, importer: string): LockParse {
  const conflict = MERGE_CONFLICT.exec(text);
  const berry = isYarnBerryText(text);
  const manager = berry ? 'yarn-berry' : 'yarn-classic';
  if (conflict) {
    const line = text.slice(0, conflict.index).split('\n').length;
    return emptyParse(manager, 'yarn.lock', [{ file, kind: 'syntax', line, column: 1, message: `${file} contains a Git merge conflict marker ("${conflict[1]}") at line ${line}` }]);
  }
  return berry ? parseBerry(text, file, rootManifest, importer) : parseClassic(text, file, rootManifest, importer);
}

// ---------------------------------------------------------------------------------------------
// Yarn 1

export type ClassicEntries = Map<string, { value: Json; line: number }>;

export type ClassicRead =
  | { ok: true; entries: ClassicEntries; via: 'fast' | 'reference' }
  | { ok: false; line?: number; column?: number; message: string };

/**
 * Reads Yarn 1 lock text. The canonical layout Yarn writes is read line by line (fast); anything
 * else is handed to `@yarnpkg/lockfile`, Yarn's own parser, which is the reference for the format
 * but tokenizes by re-slicing the whole remaining text and takes seconds on a large lock file.
 */
export function readYarnClassic(text: string): ClassicRead {
  const fast = readClassicFast(text);
  if (fast.ok) return { ok: true, entries: fast.entries, via: 'fast' };
  let object: Record<string, unknown>;
  try {
    const parser = require('@yarnpkg/lockfile') as YarnClassicParser;
    object = parser.parse(text).object;
  } catch (error) {
    const message = (error as Error).message;
    const at = /(\d+):(\d+)/.exec(message);
    const position = at ? { line: Number(at[1]), column: Number(at[2]) + 1 } : fast.line !== undefined ? { line: fast.line, column: 1 } : {};
    return { ok: false, ...position, message: message.replace(/\s*\d+:\d+ in lockfile$/, '').replace(/ in lockfile$/, '') };
  }
  const entries: ClassicEntries = new Map();
  for (const [key, value] of Object.entries(object)) {
    if (isRecord(value)) entries.set(key, { value, line: entryKeyPosition(text, key).line ?? 1 });
  }
  return { ok: true, entries, via: 'reference' };
}

type FastRead = { ok: true; entries: ClassicEntries } | { ok: false; line: number };

function readClassicFast(text: string): FastRead {
  const entries: ClassicEntries = new Map();
  const lines = text.split('\n');
  let entry: Json | undefined;
  let nested: Json | undefined;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line === '' || line.startsWith('#')) continue;
    let indent = 0;
    while (line.charCodeAt(indent) === 0x20) indent++;
    if (indent === line.length) continue;
    const body = line.slice(indent);
    const fail = { ok: false as const, line: i + 1 };
    if (indent === 0) {
      if (!body.endsWith(':')) return fail;
      const keys = readKeyList(body.slice(0, -1));
      if (!keys) return fail;
      entry = Object.create(null) as Json;
      nested = undefined;
      for (const key of keys) entries.set(key, { value: entry, line: i + 1 });
      continue;
    }
    if (indent === 2 && entry) {
      const field = readKey(body, 0);
      if (!field) return fail;
      const rest = body.slice(field.end);
      if (rest === ':') {
        nested = Object.create(null) as Json;
        entry[field.key] = nested;
        continue;
      }
      if (!rest.startsWith(' ')) return fail;
      const value = readValue(rest.slice(1));
      if (value === undefined) return fail;
      entry[field.key] = value;
      nested = undefined;
      continue;
    }
    if (indent === 4 && nested) {
      const field = readKey(body, 0);
      if (!field || !body.startsWith(' ', field.end)) return fail;
      const value = readValue(body.slice(field.end + 1));
      if (value === undefined) return fail;
      nested[field.key] = value;
      continue;
    }
    return fail;
  }
  return { ok: true, entries };
}

/** `"a@^1", b@^2` → ['a@^1', 'b@^2'] */
function readKeyList(text: string): string[] | undefined {
  const keys: string[] = [];
  let pos = 0;
  while (pos < text.length) {
    const key = readKey(text, pos);
    if (!key) return undefined;
    keys.push(key.key);
    pos = key.end;
    if (pos === text.length) break;
    if (text[pos] !== ',') return undefined;
    pos++;
    while (text[pos] === ' ') pos++;
  }
  return keys.length > 0 ? keys : undefined;
}

/** A quoted or bare key starting at `pos`; bare keys stop at `:`, space or `,` (as Yarn's tokenizer does). */
function readKey(text: string, pos: number): { key: string; end: number } | undefined {
  if (text[pos] === '"') {
    const close = closingQuote(text, pos);
    if (close < 0) return undefined;
    try {
      return { key: JSON.parse(text.slice(pos, close + 1)) as string, end: close + 1 };
    } catch {
      return undefined;
    }
  }
  if (!/^[a-zA-Z/-]/.test(text[pos] ?? '')) return undefined;
  let end = pos;
  while (end < text.length && text[end] !== ':' && text[end] !== ' ' && text[end] !== ',') end++;
  return { key: text.slice(pos, end), end };
}

function closingQuote(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

/** A value as Yarn's tokenizer reads it; undefined for anything the fast path does not handle. */
function readValue(text: string): string | boolean | number | undefined {
  if (text.startsWith('"')) {
    const close = closingQuote(text, 0);
    if (close !== text.length - 1) return undefined;
    try {
      return JSON.parse(text) as string;
    } catch {
      return undefined;
    }
  }
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^[0-9]+$/.test(text)) return Number(text);
  if (/^[a-zA-Z/-][^ :,]*$/.test(text)) return text;
  return undefined;
}

function parseClassic(text: string, file: string, rootManifest: RootManifest | undefined, importer: string): LockParse {
  const format = 'yarn.lock v1';
  const read = readYarnClassic(text);
  if (!read.ok) {
    const where = read.line !== undefined ? { line: read.line, ...(read.column !== undefined ? { column: read.column } : {}) } : {};
    return emptyParse('yarn-classic', format, [{ file, kind: 'syntax', ...where, message: `${file} cannot be parsed: ${read.message}` }]);
  }
  const problems: LockProblem[] = [];
  const problem = (message: string, kind: LockProblem['kind'], line?: number): void => {
    if (problems.length < MAX_LOCK_PROBLEMS) problems.push({ file, kind, ...(line !== undefined ? { line, column: 1 } : {}), message });
  };
  const vertices = new Map<string, LockVertex>();
  const vertexOfEntry = new Map<Json, LockVertex>();
  for (const [key, { value, line }] of read.entries) {
    if (vertexOfEntry.has(value)) continue;
    const pattern = splitPattern(key);
    if (!pattern) {
      problem(`${file}: "${key}" is not a name@range key`, 'structure', line);
      continue;
    }
    if (typeof value.version !== 'string') {
      problem(`${file}: the entry "${key}" has no version`, 'structure', line);
      continue;
    }
    const alias = /^npm:((?:@[^/@]+\/)?[^@]+)@/.exec(pattern.range);
    const vertex: LockVertex = { key, name: alias ? alias[1]! : pattern.name, version: value.version, edges: [] };
    if (/^(file|link):/.test(pattern.range)) {
      vertex.local = true;
      vertex.path = pattern.range.replace(/^(file|link):/, '');
    }
    if (typeof value.resolved === 'string') vertex.resolved = value.resolved;
    if (typeof value.integrity === 'string') vertex.integrity = value.integrity;
    vertexOfEntry.set(value, vertex);
    vertices.set(key, vertex);
  }
  const lookup = (name: string, range: string): LockVertex | undefined => {
    const hit = read.entries.get(`${name}@${range}`);
    return hit ? vertexOfEntry.get(hit.value) : undefined;
  };
  const inbound = new Set<string>();
  const fields = [
    ['optionalDependencies', 'optional'],
    ['dependencies', 'prod'],
  ] as const;
  for (const [entryValue, vertex] of vertexOfEntry) {
    // A name in both fields is optional (listed first); most entries have only `dependencies`.
    const optionalNames = isRecord(entryValue.optionalDependencies) ? new Set(Object.keys(entryValue.optionalDependencies)) : undefined;
    for (const [field, kind] of fields) {
      const deps = entryValue[field];
      if (!isRecord(deps)) continue;
      for (const name in deps) {
        const range = deps[name];
        if (kind === 'prod' && optionalNames?.has(name)) continue;
        const target = typeof range === 'string' ? lookup(name, range) : undefined;
        if (!target) {
          if (kind === 'prod' && !vertex.local) {
            problem(`${file}: ${vertex.name}@${vertex.version} depends on "${name}@${String(range)}", which has no entry`, 'unresolved', read.entries.get(vertex.key)?.line);
          }
          continue;
        }
        inbound.add(target.key);
        vertex.edges.push({ name, kind, target: target.key });
      }
    }
  }

  const rootEdges: LockEdge[] = [];
  const unresolvedDirect: string[] = [];
  const declared = manifestEdges(rootManifest);
  if (declared.length > 0) {
    for (const { name, spec, kind } of declared) {
      const target = lookup(name, spec) ?? lookupLocal(read.entries, vertexOfEntry, name, spec, importer);
      if (!target) {
        if (kind === 'prod' || kind === 'dev') unresolvedDirect.push(name);
        continue;
      }
      rootEdges.push({ name, kind, target: target.key });
    }
  } else {
    for (const vertex of vertices.values()) if (!inbound.has(vertex.key)) rootEdges.push({ name: vertex.name, kind: 'prod', target: vertex.key });
  }
  return { manager: 'yarn-classic', format, rootEdges, vertices, problems, unresolvedDirect };
}

/** `file:../shared` declared in a workspace member is keyed relative to the workspace root. */
function lookupLocal(entries: ClassicEntries, vertices: Map<Json, LockVertex>, name: string, spec: string, importer: string): LockVertex | undefined {
  const local = /^(file|link):(.*)$/.exec(spec);
  if (!local) return undefined;
  const joined = normalisePath(importer === '' ? local[2]! : `${importer}/${local[2]!}`);
  for (const candidate of [`${name}@${local[1]}:${joined}`, `${name}@${local[1]}:./${joined}`]) {
    const hit = entries.get(candidate);
    if (hit) return vertices.get(hit.value);
  }
  return undefined;
}

/** `@scope/name@^1.0.0` → name and range (the first `@` after the scope separates them). */
function splitPattern(pattern: string): { name: string; range: string } | undefined {
  const at = pattern.indexOf('@', pattern.startsWith('@') ? 1 : 0);
  if (at <= 0) return undefined;
  return { name: pattern.slice(0, at), range: pattern.slice(at + 1) };
}

// ---------------------------------------------------------------------------------------------
// Yarn 2+

const LOCAL_REFERENCE = /^(workspace|file|portal|link):/;

function parseBerry(text: string, file: string, rootManifest: RootManifest | undefined, importer: string): LockParse {
  let data: Json;
  try {
    // Loaded on first use: most connectors have no Yarn Berry lock file, and it costs ~40 ms to load.
    data = (require('@yarnpkg/parsers') as typeof YarnParsers).parseSyml(text);
  } catch (error) {
    const e = error as Error & { mark?: { line: number; column: number }; location?: { start: { line: number; column: number } } };
    const position = e.mark ? { line: e.mark.line + 1, column: e.mark.column + 1 } : e.location ? { line: e.location.start.line, column: e.location.start.column } : {};
    const reason = (e.message.split('\n')[0] ?? e.message).replace(/\s*\(\d+:\d+\)$/, '');
    return emptyParse('yarn-berry', 'yarn.lock (Yarn 2+)', [{ file, kind: 'syntax', ...position, message: `${file} cannot be parsed: ${reason}` }]);
  }
  const metadata = isRecord(data.__metadata) ? data.__metadata : {};
  const format = `yarn.lock (Yarn 2+${metadata.version !== undefined ? `, v${String(metadata.version)}` : ''})`;
  const problems: LockProblem[] = [];
  const problem = (message: string, kind: LockProblem['kind'], key: string): void => {
    if (problems.length < MAX_LOCK_PROBLEMS) problems.push({ file, kind, ...entryKeyPosition(text, key), message });
  };

  const vertices = new Map<string, LockVertex>();
  const entryOf = new Map<string, Json>();
  /** Descriptor → resolution. */
  const descriptors = new Map<string, string>();
  for (const [key, value] of Object.entries(data)) {
    if (key === '__metadata') continue;
    if (!isRecord(value)) {
      problem(`${file}: the entry "${key}" is not a mapping`, 'structure', key);
      continue;
    }
    const resolution = typeof value.resolution === 'string' ? value.resolution : undefined;
    const version = typeof value.version === 'string' || typeof value.version === 'number' ? String(value.version) : undefined;
    const locator = resolution !== undefined ? splitPattern(resolution) : undefined;
    if (resolution === undefined || version === undefined || !locator) {
      problem(`${file}: the entry "${key}" has no ${resolution === undefined ? 'resolution' : 'version'}`, 'structure', key);
      continue;
    }
    for (const descriptor of key.split(/\s*,\s*/)) {
      descriptors.set(descriptor, resolution);
      // `shared@file:../shared::locator=app%40workspace%3A.` is also found as `shared@file:../shared`.
      const bound = descriptor.indexOf('::');
      if (bound > 0 && !descriptors.has(descriptor.slice(0, bound))) descriptors.set(descriptor.slice(0, bound), resolution);
    }
    if (vertices.has(resolution)) continue;
    const vertex: LockVertex = { key: resolution, name: locator.name, version, edges: [] };
    if (LOCAL_REFERENCE.test(locator.range)) {
      vertex.local = true;
      const folder = /^(?:workspace|portal|link):([^#:]*)/.exec(locator.range)?.[1] ?? /^file:([^#:]*)/.exec(locator.range)?.[1];
      if (folder !== undefined) vertex.path = folder;
    }
    vertices.set(resolution, vertex);
    entryOf.set(resolution, value);
  }

  const resolve = (name: string, range: string): string | undefined => {
    const direct = descriptors.get(`${name}@${range}`);
    if (direct !== undefined) return direct;
    // Ranges written without a protocol (package.json) are npm ranges in the lock.
    return /^[a-z]+:/i.test(range) ? undefined : descriptors.get(`${name}@npm:${range}`);
  };
  for (const [resolution, vertex] of vertices) {
    const entry = entryOf.get(resolution)!;
    const meta = isRecord(entry.dependenciesMeta) ? entry.dependenciesMeta : {};
    const deps = isRecord(entry.dependencies) ? entry.dependencies : {};
    for (const [name, range] of Object.entries(deps)) {
      const target = typeof range === 'string' ? resolve(name, range) : undefined;
      const optional = isOptionalMeta(meta[name]);
      if (target === undefined) {
        if (!optional) problem(`${file}: ${vertex.name}@${vertex.version} depends on "${name}@${String(range)}", which has no entry`, 'unresolved', resolution);
        continue;
      }
      vertex.edges.push({ name, kind: optional ? 'optional' : 'prod', target });
    }
    // Peer dependencies are provided by the dependent's own dependencies, which are edges already.
  }

  // The application is the workspace at `importer`.
  const workspaceRange = `workspace:${importer === '' ? '.' : importer}`;
  let root: LockVertex | undefined;
  for (const vertex of vertices.values()) {
    if (!vertex.local || !vertex.key.endsWith(`@${workspaceRange}`)) continue;
    if (root === undefined || vertex.name === rootManifest?.name) root = vertex;
  }
  const rootEdges: LockEdge[] = [];
  const unresolvedDirect: string[] = [];
  const declared = new Map(manifestEdges(rootManifest).map((d) => [d.name, d]));
  if (root) {
    vertices.delete(root.key);
    const entry = entryOf.get(root.key)!;
    const meta = isRecord(entry.dependenciesMeta) ? entry.dependenciesMeta : {};
    for (const edge of root.edges) {
      // Yarn 2+ merges devDependencies into the workspace's `dependencies`; package.json tells them apart.
      const kind: EdgeKind = isOptionalMeta(meta[edge.name]) ? 'optional' : (declared.get(edge.name)?.kind ?? 'prod');
      rootEdges.push({ ...edge, kind });
    }
    for (const d of declared.values()) {
      if ((d.kind === 'prod' || d.kind === 'dev') && !root.edges.some((e) => e.name === d.name)) unresolvedDirect.push(d.name);
    }
  } else {
    for (const d of declared.values()) {
      const target = resolve(d.name, d.spec);
      if (target === undefined) {
        if (d.kind === 'prod' || d.kind === 'dev') unresolvedDirect.push(d.name);
        continue;
      }
      rootEdges.push({ name: d.name, kind: d.kind, target });
    }
    if (declared.size > 0 && rootEdges.length === 0 && vertices.size > 0) {
      problem(`${file} has no entry for the workspace "${workspaceRange}"`, 'structure', '__metadata');
    }
  }
  return { manager: 'yarn-berry', format, rootEdges, vertices, problems, unresolvedDirect };
}

function isOptionalMeta(meta: unknown): boolean {
  return isRecord(meta) && (meta.optional === true || meta.optional === 'true');
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
