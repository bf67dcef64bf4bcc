// Where a connector's documentation lives: the root README, guide-like files at the root
// (INSTALL.md, USAGE.md…), everything Markdown under docs/ (or doc/, documentation/), and each
// application's README. Parsed once per run.
import path from 'node:path';
import type { Workspace } from '../../engine/workspace.js';
import { connectSpecOf } from '../connect-spec/parse.js';
import { parseMarkdown, type MarkdownDocument } from './markdown.js';

/** A connector with more documentation files than this is unusual; the rest are not read. */
export const MAX_DOCUMENTATION_FILES = 300;
/** Files above this are not documentation anyone reads (generated API dumps); skipped. */
export const MAX_DOCUMENTATION_BYTES = 1024 * 1024;

export type DocumentRole =
  /** Root README, or the README/index of the docs folder: where a reader starts. */
  | 'entry'
  /** Another root guide (INSTALL.md…) or a file under docs/. */
  | 'guide'
  /** The README of one application folder. */
  | 'application';

export interface DocumentationFile {
  path: string;
  role: DocumentRole;
  application?: string;
  text: string;
  doc: MarkdownDocument;
}

export interface Documentation {
  files: DocumentationFile[];
  /** Documentation files not read (too large, or over the file limit). */
  skipped: { path: string; reason: string }[];
}

const README = /^readme(?:\.(?:md|markdown|mdx|txt|rst|adoc))?$/i;
const MARKDOWN = /\.(?:md|markdown|mdx)$/i;
/** Root files whose name says they are a guide for users, not contributors. */
const ROOT_GUIDE = /^(?:install(?:ation|ing)?|setup|deploy(?:ment|ing)?|usage|configuration|config|getting[-_ ]?started|quick[-_ ]?start|guide|user[-_ ]?guide|manual|docs?)(?:[-_.][\w.-]*)?\.(?:md|markdown|mdx|txt)$/i;
const DOCS_FOLDER = /^(?:docs?|documentation)$/i;
const DOCS_ENTRY = /^(?:readme|index)\.(?:md|markdown|mdx)$/i;

/** The repository's documentation files, parsed once per run. */
export function documentationOf(ws: Workspace): Documentation {
  return ws.memo('docs/documentation', () => {
    const candidates: { path: string; role: DocumentRole; application?: string }[] = [];
    const seen = new Set<string>();
    const add = (p: string, role: DocumentRole, application?: string) => {
      if (seen.has(p)) return;
      seen.add(p);
      candidates.push(application === undefined ? { path: p, role } : { path: p, role, application });
    };

    for (const f of ws.files) {
      if (f.path.includes('/')) continue;
      if (README.test(f.path)) add(f.path, 'entry');
    }
    for (const f of ws.files) {
      if (!f.path.includes('/') && ROOT_GUIDE.test(f.path)) add(f.path, 'guide');
    }
    const docsFolders = new Set(
      [...ws.files.map((f) => topFolderOf(f.path)), ...ws.directoryAliases.keys()].filter(
        (top) => DOCS_FOLDER.test(top) && top !== '',
      ),
    );
    for (const folder of [...docsFolders].sort()) {
      const files = ws.filesUnder(folder).filter((f) => MARKDOWN.test(f.path));
      const real = ws.resolveDir(folder);
      for (const f of files) {
        // Name the file as the repository shows it (through the folder alias if there is one).
        const shown = real === folder ? f.path : `${folder}${f.path.slice(real.length)}`;
        const relInFolder = shown.slice(folder.length + 1);
        add(shown, DOCS_ENTRY.test(relInFolder) ? 'entry' : 'guide');
      }
    }
    for (const app of connectSpecOf(ws).spec.applications) {
      if (app.name === '' || app.name.includes('..')) continue;
      const dir = ws.resolveDir(app.name);
      for (const f of ws.filesUnder(dir)) {
        const rel = f.path.slice(dir.length + 1);
        if (!rel.includes('/') && README.test(rel)) add(f.path, 'application', app.name);
      }
    }

    const files: DocumentationFile[] = [];
    const skipped: Documentation['skipped'] = [];
    for (const candidate of candidates) {
      if (files.length >= MAX_DOCUMENTATION_FILES) {
        skipped.push({ path: candidate.path, reason: `more than ${MAX_DOCUMENTATION_FILES} documentation files` });
        continue;
      }
      const entry = ws.file(candidate.path) ?? ws.file(realPathOf(ws, candidate.path));
      if (entry && entry.size > MAX_DOCUMENTATION_BYTES) {
        skipped.push({ path: candidate.path, reason: `${entry.size} bytes, above ${MAX_DOCUMENTATION_BYTES}` });
        continue;
      }
      const text = ws.readText(candidate.path) ?? ws.readText(realPathOf(ws, candidate.path));
      if (text === undefined) {
        skipped.push({ path: candidate.path, reason: 'could not be read' });
        continue;
      }
      files.push({ ...candidate, text, doc: parseMarkdown(text) });
    }
    for (const problem of ws.problems) {
      if (README.test(path.posix.basename(problem.path)) && !problem.path.includes('/')) {
        skipped.push({ path: problem.path, reason: problem.detail });
      }
    }
    return { files, skipped };
  });
}

/** Folder aliases followed at most this many times (a chain of symlinked folders). */
const MAX_ALIAS_HOPS = 16;

/** A path through folder aliases (symlinked folders, at any depth) mapped to where its file is indexed. */
export function realPathOf(ws: Workspace, p: string): string {
  let current = p;
  for (let hop = 0; hop < MAX_ALIAS_HOPS; hop++) {
    let replaced = false;
    for (const [alias, target] of ws.directoryAliases) {
      if (current === alias || current.startsWith(`${alias}/`)) {
        current = target + current.slice(alias.length);
        replaced = true;
        break;
      }
    }
    if (!replaced) break;
  }
  return current;
}

/** How many file names a message lists before saying "and N more". */
export const LISTED_FILES = 5;

/** "README.md, docs/setup.md and 3 more": the files a message says were read. */
export function listDocumentationFiles(files: readonly { path: string }[]): string {
  const names = files.map((f) => f.path);
  if (names.length <= LISTED_FILES) return names.join(', ');
  return `${names.slice(0, LISTED_FILES).join(', ')} and ${names.length - LISTED_FILES} more`;
}

/** The README a reader opens first: the root README, else the docs folder's, else the first file. */
export function primaryDocument(files: readonly DocumentationFile[]): DocumentationFile | undefined {
  return files.find((f) => f.role === 'entry' && !f.path.includes('/')) ?? files.find((f) => f.role === 'entry') ?? files[0];
}

/** The first segment of a repository path (the file name itself at the root), without splitting it. */
function topFolderOf(file: string): string {
  const slash = file.indexOf('/');
  return slash === -1 ? file : file.slice(0, slash);
}
