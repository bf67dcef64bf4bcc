// Lists the files of a local repository. Inside a Git work tree (its top or a subfolder): tracked
// files plus untracked files Git does not ignore (what a `git push` of the work would carry), paths
// relative to the folder. Elsewhere: every file except node_modules and .git. Symlinks are followed
// only while they stay inside the root; one that points outside (or loops, or dangles) is recorded
// as a problem and never read. Oversized files are listed, not read; FIFOs and devices never opened.
import { execFileSync } from 'node:child_process';
import { lstatSync, readdirSync, readlinkSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { absoluteIn, type FileIndex, type IndexProblem, type IndexedFile } from './file-index.js';
import { compareCodeUnits } from '../../analyzers/text/compare.js';

/** Files above this are listed as skipped: no check needs to read a 5 MB source file. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** A repository with more files than this is not a connector; stop listing rather than exhaust memory. */
export const MAX_FILES = 200_000;

const ALWAYS_EXCLUDED_DIRS = new Set(['node_modules', '.git']);
/** A path with one of ALWAYS_EXCLUDED_DIRS as a segment (asked of every listed path: no split). */
const EXCLUDED_SEGMENT = /(?:^|\/)(?:node_modules|\.git)(?:\/|$)/;

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
  const index: IndexBeingBuilt = { root, maxFileBytes, files: [], problems: [], directoryAliases: new Map(), realDirs: new Map() };

  for (const rel of candidates) {
    if (index.files.length >= maxFiles) {
      index.problems.push({ kind: 'too-many-files', path: '', detail: `more than ${maxFiles} files; the rest were not examined` });
      break;
    }
    if ((rel.includes('node_modules') || rel.includes('.git')) && EXCLUDED_SEGMENT.test(rel)) continue;
    // A listed path must not pass through a symlinked folder: Git lists what its index holds, and a
    // folder replaced by a link to /etc would otherwise make `dir/passwd` an ordinary-looking file.
    const parent = parentState(index, rel);
    if (parent === 'missing') continue;
    if (parent === 'outside') {
      index.problems.push({ kind: 'outside-symlink', path: rel, detail: 'lies under a folder symlink that points outside the repository; not read' });
      continue;
    }
    if (parent === 'aliased') continue; // indexed under the folder's real path
    const abs = absoluteIn(root, rel);
    let stats: Stats;
    try {
      stats = lstatSync(abs);
    } catch {
      continue; // deleted since listing (git ls-files shows deleted tracked files)
    }
    if (stats.isSymbolicLink()) {
      handleSymlink(index, rel, abs);
      continue;
    }
    if (!stats.isFile()) continue; // folders (submodules), FIFOs, sockets, devices: never opened
    addFile(index, rel, stats.size);
  }

  // Files reached through a symlinked folder are indexed under the folder's real path only;
  // `Workspace.resolveDir` maps the alias so each real file is read once.
  const files = index.files.sort((a, b) => compareCodeUnits(a.path, b.path));
  return { root, files, directoryAliases: index.directoryAliases, problems: index.problems, source: gitPaths ? 'git' : 'walk' };
}

interface IndexBeingBuilt {
  root: string;
  maxFileBytes: number;
  files: IndexedFile[];
  problems: IndexProblem[];
  directoryAliases: Map<string, string>;
  /** Repository-relative folder → whether its real location is itself ('real'), elsewhere inside, or outside. */
  realDirs: Map<string, ParentState>;
}

type ParentState = 'real' | 'aliased' | 'outside' | 'missing';

function parentState(index: IndexBeingBuilt, rel: string): ParentState {
  const dir = path.posix.dirname(rel);
  if (dir === '.') return 'real';
  const known = index.realDirs.get(dir);
  if (known) return known;
  let state: ParentState;
  const expected = path.join(index.root, dir);
  try {
    const real = realpathSync(expected);
    state = real === expected ? 'real' : insideRoot(index.root, real) === null ? 'outside' : 'aliased';
  } catch {
    state = 'missing';
  }
  index.realDirs.set(dir, state);
  return state;
}

/** Repository-relative POSIX path of an absolute real path, or null when it lies outside the root. */
function insideRoot(root: string, real: string): string | null {
  const rel = path.relative(root, real);
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return null;
  return rel.split(path.sep).join('/');
}

function pointsOutsideLexically(root: string, link: string): boolean {
  try {
    return insideRoot(root, path.resolve(path.dirname(link), readlinkSync(link))) === null;
  } catch {
    return false;
  }
}

function addFile(index: IndexBeingBuilt, rel: string, size: number, realPath?: string): void {
  if (size > index.maxFileBytes) {
    // Listed, never read: checks see it in `problems` and the report under skippedFiles.
    index.problems.push({ kind: 'too-large', path: rel, detail: `${size} bytes, above the ${index.maxFileBytes}-byte limit` });
    return;
  }
  index.files.push(realPath === undefined ? { path: rel, size } : { path: rel, size, realPath });
}

function handleSymlink(index: IndexBeingBuilt, rel: string, abs: string): void {
  let target: string;
  try {
    target = realpathSync(abs);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') {
      index.problems.push({ kind: 'broken-symlink', path: rel, detail: 'is part of a symlink loop' });
    } else if (pointsOutsideLexically(index.root, abs)) {
      // Dangling here, but aimed outside (e.g. ../../x): on another machine it would read that file.
      index.problems.push({ kind: 'outside-symlink', path: rel, detail: 'points outside the repository (to nothing here); not read' });
    } else {
      index.problems.push({ kind: 'broken-symlink', path: rel, detail: 'points to nothing' });
    }
    return;
  }
  const relTarget = insideRoot(index.root, target);
  if (relTarget === null) {
    index.problems.push({ kind: 'outside-symlink', path: rel, detail: 'points outside the repository; not read' });
    return;
  }
  // A link into .git or node_modules reaches what the listing deliberately leaves out.
  if (EXCLUDED_SEGMENT.test(relTarget)) return;
  let stats: Stats;
  try {
    stats = statSync(target);
  } catch {
    index.problems.push({ kind: 'broken-symlink', path: rel, detail: 'points to nothing' });
    return;
  }
  if (stats.isDirectory()) index.directoryAliases.set(rel, relTarget);
  else if (stats.isFile()) addFile(index, rel, stats.size, relTarget);
}

/** How long listing a work tree with Git may take; then Git is killed and the folder is walked instead. */
const GIT_LIST_TIMEOUT_MS = 60_000;
/** `git ls-files -z` of MAX_FILES long paths fits comfortably. */
const GIT_LIST_MAX_BYTES = 512 * 1024 * 1024;

/**
 * Tracked + untracked-not-ignored paths, relative to `root`, when `root` is inside a Git work tree
 * (its top or a subfolder); null elsewhere, and for a folder the enclosing work tree ignores
 * (it is not part of that repository, so it is walked like any folder).
 */
function listGitPaths(root: string): string[] | null {
  const git = (args: string[]) =>
    execFileSync('git', [...GIT_LISTING_CONFIG, ...args], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: GIT_LIST_MAX_BYTES,
      timeout: GIT_LIST_TIMEOUT_MS,
      killSignal: 'SIGKILL',
      stdio: ['ignore', 'pipe', 'ignore'],
      env: listingEnvironment(),
    });
  let out: string;
  try {
    // One Git process (each costs ~10 ms): ls-files fails outside a work tree (and inside .git), and
    // prints paths relative to the current folder, so a subfolder's files need no prefix removed.
    out = git(['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', '.']);
  } catch {
    return null; // not a work tree, no git, or a repository Git refuses (e.g. another owner)
  }
  const unique = new Set<string>();
  for (const entry of out.split('\0')) {
    if (entry !== '' && !entry.endsWith('/')) unique.add(entry); // "x/" is an untracked nested repository
  }
  if (unique.size === 0 && isIgnoredByGit(git)) return null;
  return [...unique];
}

function isIgnoredByGit(git: (args: string[]) => string): boolean {
  try {
    git(['check-ignore', '-q', '--', '.']);
    return true;
  } catch {
    return false;
  }
}

/** A folder's own Git config must not run commands while we list it (fsmonitor is a command). */
const GIT_LISTING_CONFIG = ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null'];

/** The caller's environment without GIT_* variables that would point Git at another repository. */
function listingEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('GIT_')) env[name] = value;
  }
  return { ...env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' };
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
