// The private, writable copy of a repository a sandbox works on: the workspace index's files (what
// Connect would clone — never the host's node_modules, .git or build output), directory symlinks
// recreated as relative links, nothing that leaves the repository.
import { chownSync, copyFileSync, lchownSync, lstatSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import type { Workspace } from '../../engine/workspace.js';

/** A repository whose files add up to more than this is not copied: it is not a connector. */
export const MAX_COPY_BYTES = 1024 * 1024 * 1024;

export class CopyError extends Error {}

/** A repository-relative path that stays inside `root` when joined, else undefined. */
function inside(root: string, rel: string): string | undefined {
  if (rel === '' || rel.includes('\0') || path.isAbsolute(rel)) return undefined;
  const abs = path.resolve(root, rel);
  return abs.startsWith(`${root}${path.sep}`) ? abs : undefined;
}

export interface CopySummary {
  files: number;
  bytes: number;
  links: number;
}

/** Copies the workspace's files into `dest` (an empty folder). */
export function copyRepository(ws: Workspace, dest: string): CopySummary {
  const root = path.resolve(dest);
  const entries = [
    ...ws.files.map((f) => ({ rel: f.path, size: f.size })),
    // Oversized files are listed but not read by checks; a build may still need them.
    ...ws.problems.filter((p) => p.kind === 'too-large').map((p) => ({ rel: p.path, size: 0 })),
  ];
  let bytes = 0;
  let files = 0;
  for (const entry of entries) {
    const target = inside(root, entry.rel);
    if (!target) continue;
    bytes += entry.size;
    if (bytes > MAX_COPY_BYTES) throw new CopyError(`the repository's files exceed ${MAX_COPY_BYTES} bytes; it was not copied into the sandbox`);
    mkdirSync(path.dirname(target), { recursive: true });
    // ws.absolute follows in-repository file symlinks to their target; the copy gets the content.
    copyFileSync(ws.absolute(entry.rel), target);
    files++;
  }
  let links = 0;
  for (const [alias, real] of ws.directoryAliases) {
    const link = inside(root, alias);
    const target = inside(root, real);
    if (!link || !target) continue;
    mkdirSync(path.dirname(link), { recursive: true });
    mkdirSync(target, { recursive: true });
    try {
      symlinkSync(path.relative(path.dirname(link), target), link);
      links++;
    } catch {
      // A file already sits where the link would go; keep the file.
    }
  }
  return { files, bytes, links };
}

/** Gives a folder tree to `uid`:`gid` (symlinks themselves, never their targets). */
export function chownTree(dir: string, uid: number, gid: number): void {
  chownSync(dir, uid, gid);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && !lstatSync(full).isSymbolicLink()) chownTree(full, uid, gid);
    else lchownSync(full, uid, gid);
  }
}
