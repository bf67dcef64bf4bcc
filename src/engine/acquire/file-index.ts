// What acquisition hands to the workspace: the readable files of the repository and what was
// deliberately left out (outside symlinks, oversized files), so the report can say so.
import path from 'node:path';

export interface IndexedFile {
  /** Repository-relative path with forward slashes, as the repository names it. */
  path: string;
  size: number;
  /** For a symlinked file inside the root: the repository-relative path of its target. */
  realPath?: string;
}

export interface IndexProblem {
  kind: 'outside-symlink' | 'broken-symlink' | 'too-large' | 'unreadable' | 'too-many-files';
  path: string;
  detail: string;
}

export interface FileIndex {
  /** Absolute, symlink-free path of the repository root. */
  root: string;
  files: IndexedFile[];
  /** Folder symlinks inside the root: alias → target, both repository-relative. */
  directoryAliases: Map<string, string>;
  problems: IndexProblem[];
  /** 'git' when the listing came from Git (tracked + untracked-not-ignored), else 'walk'. */
  source: 'git' | 'walk';
}

/**
 * Absolute path of a listed file: `root` joined with a repository-relative path as the listing
 * makes them (no `.`, `..` or empty segments), by concatenation: path.join's normalisation, paid
 * per file of a large repository, cannot change such a path.
 */
export function absoluteIn(root: string, relPath: string): string {
  return root.endsWith(path.sep) ? root + relPath : root + path.sep + relPath;
}

/** Where an indexed file's content is on disk: the file, or for a symlinked file, its target. */
export function contentPathOf(root: string, file: IndexedFile): string {
  return absoluteIn(root, file.realPath ?? file.path);
}
