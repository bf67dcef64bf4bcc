// DOC-USAGE: relative links and images in the documentation point at files the repository has.
import path from 'node:path';
import { documentationOf, realPathOf } from '../../analyzers/docs/documents.js';
import { defineCheck } from '../../engine/types.js';
import type { Workspace } from '../../engine/workspace.js';

/** More broken links than this are summarised in one last finding rather than listed. */
export const MAX_LINK_FINDINGS = 50;

/** `https:`, `mailto:`, `data:`… and protocol-relative `//host`: not files of the repository. */
const ABSOLUTE = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;
/** Template placeholders (`{{url}}`, `${BASE}`) are not links a reader follows. */
const PLACEHOLDER = /\{\{|\$\{|%7B%7B/i;

export default defineCheck({
  id: 'docs/links',
  requirement: 'DOC-USAGE',
  title: 'Relative links and images in the documentation resolve',
  rationale:
    'Documentation that links to a missing file (a moved guide, a screenshot never committed, a path with the ' +
    'wrong letter case: GitHub is case-sensitive) leaves the reader without the instructions it promises. ' +
    'Relative links and images in Markdown and HTML are resolved against the linking file (a leading "/" ' +
    'against the repository root, as GitHub does) and looked up in the repository. Anchors-only links, absolute ' +
    'URLs, mailto: and other schemes are not checked (no network access), nor are links that climb above the ' +
    'repository root (GitHub resolves "../../issues" to the repository\'s own pages). A warning: a broken link ' +
    'weakens the documentation but does not remove it.',
  remediation: 'Fix the path (letter case included) or commit the missing file; link to external pages with a full https:// URL.',
  run(ctx) {
    const ws = ctx.workspace;
    const docs = documentationOf(ws);
    if (docs.files.length === 0) {
      ctx.skip('no documentation files');
      return;
    }
    // Built at the first broken link only (for its hint): every path lower-cased costs on large repositories.
    let lowerCaseIndex: Map<string, string> | undefined;
    let broken = 0;
    for (const file of docs.files) {
      const dir = path.posix.dirname(file.path) === '.' ? '' : path.posix.dirname(file.path);
      for (const link of file.doc.links) {
        const target = link.target.trim();
        if (target === '' || target.startsWith('#') || ABSOLUTE.test(target) || PLACEHOLDER.test(target)) continue;
        const resolved = resolveTarget(dir, target);
        if (resolved === undefined || exists(ws, resolved)) continue;
        broken++;
        if (broken > MAX_LINK_FINDINGS) continue;
        lowerCaseIndex ??= new Map(ws.files.map((f) => [f.path.toLowerCase(), f.path]));
        const other = lowerCaseIndex.get(resolved.toLowerCase());
        const hint = other ? ` (the repository has ${other}: links are case-sensitive on GitHub)` : '';
        ctx.report({
          severity: 'warning',
          message: `${file.path} links ${link.image ? 'an image' : 'to'} "${target}", but ${resolved || 'the repository root'} does not exist in the repository${hint}`,
          file: file.path,
          line: link.line,
          column: link.column,
          ...(file.application ? { application: file.application } : {}),
          data: { target, resolved },
        });
      }
    }
    if (broken > MAX_LINK_FINDINGS) {
      ctx.report({
        severity: 'warning',
        message: `${broken - MAX_LINK_FINDINGS} more broken relative links in the documentation are not listed (first ${MAX_LINK_FINDINGS} shown)`,
      });
    }
  },
});

/**
 * The repository path a relative link names: query and fragment dropped, percent-escapes decoded,
 * "./" and "../" applied. Undefined when it climbs above the root.
 */
export function resolveTarget(fromDir: string, target: string): string | undefined {
  let p = target.replace(/[?#].*$/, '');
  try {
    p = decodeURIComponent(p);
  } catch {
    // A malformed escape: look the path up as written.
  }
  p = p.replace(/\\/g, '/');
  const joined = p.startsWith('/') ? p.slice(1) : fromDir === '' ? p : `${fromDir}/${p}`;
  const normalised = path.posix.normalize(joined === '' ? '.' : joined);
  if (normalised === '..' || normalised.startsWith('../')) return undefined;
  return normalised === '.' ? '' : normalised.replace(/\/$/, '');
}

function exists(ws: Workspace, p: string): boolean {
  if (p === '') return true;
  const real = realPathOf(ws, p);
  if (ws.has(p) || ws.has(real) || ws.hasDir(real)) return true;
  // Listed but not read (too large, symlink pointing outside): the file is there.
  return ws.problems.some((problem) => problem.path === p || problem.path === real) || ws.directoryAliases.has(p);
}
