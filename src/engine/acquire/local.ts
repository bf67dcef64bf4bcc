// Lists the files of a local repository. Inside a Git work tree: tracked files plus untracked files
// Git does not ignore (what a `git push` of the work would carry). Elsewhere: every file except
// node_modules and .git. Symlinks are followed only while they stay inside the root; one that
// points outside is recorded as a problem and never read. Oversized files are listed, not read.
import { execFileSync } from 'node:child_process';
import { lstatSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { FileIndex, IndexProblem, IndexedFile } from './file-index.js';

/** Files above this are listed as skipped: no check needs to read a 5 MB source file. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** A repository with more files than this is not a connector; stop listing rather than exhaust memory. */
export const MAX_FILES = 200_000;

const ALWAYS_EXCLUDED_DIRS = new Set(['node_modules', '.git']);

export interface IndexOptions {
  maxFileBytes?: number;
  maxFiles?: number;
  /** Force a plain directory walk even inside a Git work tree. */
  ignoreGit?: boolean;
}

export class AcquireError extends Error {}

export function indexLocalFolder(folder: string, options: IndexOptions = {}): FileIndex {
  let root: string;
  try {
    root = realpathSync(folder);
  } catch {
    throw new AcquireError(`${folder}: no such folder`);
  }
  if (!statSync(root).isDirectory()) throw new AcquireError(`${folder}: not a folder`);
  const maxFileBytes = options.maxFileBytes ?? MAX_FILE_BYTES;
  const maxFiles = options.maxFiles ?? MAX_FILES;

  const gitPaths = options.ignoreGit ? null : listGitPaths(root);
  const candidates = gitPaths ?? walk(root, maxFiles);
  const files: IndexedFile[] = [];
  const problems: IndexProblem[] = [];
  const directoryAliases = new Map<string, string>();

  for (const rel of candidates) {
    if (files.length >= maxFiles) {
      problems.push({ kind: 'too-many-files', path: '', detail: `more than ${maxFiles} files; the rest were not examined` });
      break;
    }
    if (rel.split('/').some((part) => ALWAYS_EXCLUDED_DIRS.has(part))) continue;
    const abs = path.join(root, rel);
    let stats: Stats;
    try {
      stats = lstatSync(abs);
    } catch {
      continue; // deleted since listing (git ls-files shows deleted tracked files)
    }
    if (stats.isSymbolicLink()) {
      handleSymlink(root, rel, abs, maxFileBytes, files, problems, directoryAliases);
      continue;
    }
    if (!stats.isFile()) continue;
    if (stats.size > maxFileBytes) {
      problems.push({ kind: 'too-large', path: rel, detail: `${stats.size} bytes, above the ${maxFileBytes}-byte limit` });
      continue;
    }
    files.push({ path: rel, size: stats.size });
  }

  // Files reached through a symlinked folder are indexed under the folder's real path only;
  // `Workspace.resolveDir` maps the alias so each real file is read once.
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { root, files, directoryAliases, problems, source: gitPaths ? 'git' : 'walk' };
}

function handleSymlink(
  root: string,
  rel: string,
  abs: string,
  maxFileBytes: number,
  files: IndexedFile[],
  problems: IndexProblem[],
  directoryAliases: Map<string, string>,
): void {
  let target: string;
  try {
    target = realpathSync(abs);
  } catch {
    problems.push({ kind: 'broken-symlink', path: rel, detail: 'points to nothing' });
    return;
  }
  const relTarget = path.relative(root, target);
  if (relTarget.startsWith('..') || path.isAbsolute(relTarget)) {
    problems.push({ kind: 'outside-symlink', path: rel, detail: 'points outside the repository; not read' });
    return;
  }
  const targetPosix = relTarget.split(path.sep).join('/');
  const stats = statSync(target);
  if (stats.isDirectory()) {
    directoryAliases.set(rel, targetPosix);
  } else if (stats.isFile()) {
    if (stats.size > maxFileBytes) {
      problems.push({ kind: 'too-large', path: rel, detail: `${stats.size} bytes, above the ${maxFileBytes}-byte limit` });
      return;
    }
    files.push({ path: rel, size: stats.size, realPath: targetPosix });
  }
}

/** Tracked + untracked-not-ignored paths when `root` is the top of a Git work tree, else null. */
function listGitPaths(root: string): string[] | null {
  try {
    const top = execFileSync('git', ['rev-parse', '--show-toplevel'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
    }).trim();
    const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', '.'], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const prefix = path.relative(realpathSync(top), root).split(path.sep).join('/');
    const unique = new Set<string>();
    for (const entry of out.split('\0')) {
      if (!entry) continue;
      // ls-files run in a subfolder prints paths relative to it already; keep the guard anyway.
      unique.add(prefix && entry.startsWith(`${prefix}/`) ? entry.slice(prefix.length + 1) : entry);
    }
    return [...unique];
  } catch {
    return null;
  }
}

function walk(root: string, maxFiles: number): string[] {
  const out: string[] = [];
  const stack: string[] = [''];
  while (stack.length > 0 && out.length <= maxFiles) {
    const dir = stack.pop() as string;
    let entries;
    try {
      entries = readdirSync(path.join(root, dir), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!ALWAYS_EXCLUDED_DIRS.has(entry.name)) stack.push(rel);
      } else {
        out.push(rel);
      }
    }
  }
  return out;
}
