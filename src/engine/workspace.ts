// The one immutable view of a repository that every check reads. File contents and derived
// artefacts (parsed connect.yaml, package.json, buildpack plan, ASTs) are computed at most once per
// run, on first use, through `memo`, so adding a check never adds a second parse of the same file.
import path from 'node:path';
import { contentPathOf, type FileIndex, type IndexedFile } from './acquire/file-index.js';
import type { TextPrefetch } from './acquire/prefetch.js';
import { readListedText } from './acquire/read-text.js';
import type { RepositoryInfo } from './types.js';
import type { RepositoryConfig } from './config.js';

export interface CreatorRecord {
  email?: string;
  name?: string;
  company?: string;
}

/** Run-wide settings that analyzers read (data sources, offline mode, caches). */
export interface EngineSettings {
  /** OSV advisories: a folder (searched recursively) or an osv-scanner offline zip (npm/all.zip). */
  advisories?: string;
  /** Never use the network: registry and advisory data come from caches and local files only. */
  offline?: boolean;
  /** Folder for on-disk caches (registry metadata, online advisories). */
  cacheDir?: string;
  /** npm registry base URL for package metadata (default https://registry.npmjs.org). */
  registryUrl?: string;
  /** OSV API base URL for online advisory queries (default https://api.osv.dev). */
  osvApiUrl?: string;
  /** The opt-in run phase (`--run`): how the connector's own code is executed. */
  run?: RunPhaseSettings;
}

export interface RunPhaseSettings {
  /** 'bwrap' (default): in a bubblewrap sandbox; 'none': directly on this machine (`--unsafe-no-sandbox`). */
  sandbox?: 'bwrap' | 'none';
  /** Parent folder of the run folders holding the step logs (default `<tmpdir>/connect-certify-runs`). */
  runsDir?: string;
}

export interface WorkspaceOptions {
  index: FileIndex;
  settings?: EngineSettings;
  repository?: RepositoryInfo | null;
  config?: RepositoryConfig;
  creator?: CreatorRecord;
  /** Texts being read ahead on a worker thread; files it does not hand over are read here. */
  prefetch?: TextPrefetch;
}

export class Workspace {
  readonly root: string;
  readonly files: readonly IndexedFile[];
  readonly repository: RepositoryInfo | null;
  readonly config: RepositoryConfig;
  readonly creator: CreatorRecord;
  readonly settings: EngineSettings;
  private readonly index: FileIndex;
  private readonly byPath: Map<string, IndexedFile>;
  private readonly textCache = new Map<string, string | undefined>();
  private readonly memos = new Map<string, unknown>();
  private readonly filesUnderCache = new Map<string, IndexedFile[]>();
  private readonly prefetch: TextPrefetch | undefined;

  constructor(options: WorkspaceOptions) {
    this.index = options.index;
    this.root = options.index.root;
    this.files = options.index.files;
    this.byPath = new Map(options.index.files.map((f) => [f.path, f]));
    this.repository = options.repository ?? null;
    this.config = options.config ?? {};
    this.creator = options.creator ?? {};
    this.settings = options.settings ?? {};
    this.prefetch = options.prefetch;
  }

  /** Directory symlinks inside the root: alias folder → real folder, both repository-relative. */
  get directoryAliases(): ReadonlyMap<string, string> {
    return this.index.directoryAliases;
  }

  /** Files deliberately not read: outside symlinks, oversized files. */
  get problems(): FileIndex['problems'] {
    return this.index.problems;
  }

  /** Maps a repository-relative folder through directory symlinks to the folder that holds its files. */
  resolveDir(dir: string): string {
    let current = normalise(dir);
    for (let hops = 0; hops < 16; hops++) {
      const target = this.index.directoryAliases.get(current);
      if (target === undefined) return current;
      current = target;
    }
    return current;
  }

  file(relPath: string): IndexedFile | undefined {
    return this.byPath.get(normalise(relPath));
  }

  has(relPath: string): boolean {
    return this.byPath.has(normalise(relPath));
  }

  /** True when some indexed file lives under `dir` (after resolving directory symlinks). */
  hasDir(dir: string): boolean {
    const real = this.resolveDir(dir);
    if (real === '') return this.files.length > 0;
    const prefix = `${real}/`;
    return this.files.some((f) => f.path.startsWith(prefix));
  }

  /** Files under a folder (recursive), after resolving directory symlinks. '' lists everything. */
  filesUnder(dir: string): IndexedFile[] {
    const real = this.resolveDir(dir);
    if (real === '') return [...this.files];
    // Many checks list the same application folders: filter the index once per folder (a copy is
    // returned, callers may sort or extend it).
    let under = this.filesUnderCache.get(real);
    if (under === undefined) {
      const prefix = `${real}/`;
      this.filesUnderCache.set(real, (under = this.files.filter((f) => f.path.startsWith(prefix))));
    }
    return [...under];
  }

  /** Text of an indexed file (UTF-8), cached; undefined when absent or skipped for size. */
  readText(relPath: string): string | undefined {
    const key = normalise(relPath);
    const cached = this.textCache.get(key);
    if (cached !== undefined || this.textCache.has(key)) return cached;
    const entry = this.byPath.get(key);
    let text: string | undefined;
    if (entry) text = this.prefetch?.take(key) ?? readListedText(contentPathOf(this.root, entry), entry.size);
    this.textCache.set(key, text);
    return text;
  }

  /** Absolute path of an indexed file on disk (symlinked files resolve to their target). */
  absolute(relPath: string): string {
    const entry = this.byPath.get(normalise(relPath));
    // An indexed path is clean; anything else may hold `..` and is normalised by path.join.
    return entry ? contentPathOf(this.root, entry) : path.join(this.root, normalise(relPath));
  }

  /**
   * Computes a derived artefact once per run. Analyzers export small accessors built on this,
   * e.g. `connectSpecOf(ws)`, so every check that needs connect.yaml shares one parse.
   */
  memo<T>(key: string, compute: () => T): T {
    const known = this.memos.get(key);
    if (known !== undefined || this.memos.has(key)) return known as T;
    const value = compute();
    this.memos.set(key, value);
    return value;
  }
}

function normalise(p: string): string {
  // Paths from the index are already normal: checked by character, not rewritten (asked per file, often).
  const last = p.charCodeAt(p.length - 1);
  if (p.indexOf('\\') === -1 && !p.startsWith('./') && last !== 47 /* / */ && p !== '.') return p;
  let out = p.replace(/\\/g, '/');
  while (out.startsWith('./')) out = out.slice(2);
  if (out.endsWith('/')) out = out.slice(0, -1);
  return out === '.' ? '' : out;
}
