// Small workspace helpers shared by the buildpack analyzer: joined repository paths and reads that
// never throw (an unreadable file is "absent" plus a reason, not a crashed check).
import type { Workspace } from '../../engine/workspace.js';

export function joinPath(dir: string, file: string): string {
  return dir === '' ? file : `${dir}/${file}`;
}

/** Normalises `a/./b/../c` inside the repository; undefined when the path climbs above the root. */
export function normaliseRepoPath(p: string): string | undefined {
  const out: string[] = [];
  for (const part of p.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
      continue;
    }
    out.push(part);
  }
  return out.join('/');
}

export interface FileRead {
  text?: string;
  /** Present in the repository but not read (too large, unreadable). */
  unreadable?: string;
  present: boolean;
}

export function readRepoFile(ws: Workspace, relPath: string): FileRead {
  const skipped = ws.problems.find((p) => p.path === relPath);
  if (!ws.has(relPath)) {
    if (skipped && (skipped.kind === 'too-large' || skipped.kind === 'unreadable')) {
      return { present: true, unreadable: skipped.detail };
    }
    return { present: false };
  }
  try {
    const text = ws.readText(relPath);
    return text === undefined ? { present: false } : { present: true, text };
  } catch (error) {
    return { present: true, unreadable: (error as Error).message };
  }
}

/** True when the file is in the repository, even if it was too large to read. */
export function fileExists(ws: Workspace, relPath: string): boolean {
  return ws.has(relPath) || ws.problems.some((p) => p.path === relPath && (p.kind === 'too-large' || p.kind === 'unreadable'));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
