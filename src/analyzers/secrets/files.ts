// Which files are scanned, how, and in what context a finding there counts: a test fixture, a
// documentation page, a committed .env, or ordinary source and configuration.
import { BINARY_EXTENSIONS } from '../text/binary-files.js';

/** Where a file sits, for the severity of what is found in it. */
export type SecretContext = 'source' | 'config' | 'docs' | 'dotenv';

/**
 * How values are written in the file, which decides whether an unquoted value after `key =` is a
 * literal (`.env`, YAML, properties, shell) or an identifier (code).
 */
export type Syntax = 'code' | 'json' | 'data' | 'markup';

/**
 * `full`: every rule. `restricted`: only high-confidence provider formats (lock files, whose
 * integrity hashes would drown generic rules, and minified bundles). `skip`: not read at all.
 */
export type ScanMode = 'full' | 'restricted' | 'skip';

export interface FileClass {
  context: SecretContext;
  syntax: Syntax;
  /** Under a test or fixture folder, or named like a test file. */
  inTest: boolean;
  mode: ScanMode;
  /** Why the file is restricted or skipped, for the report. */
  note?: string;
}

const LOCK_FILES = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'composer.lock',
  'gemfile.lock',
  'cargo.lock',
  'poetry.lock',
  'pipfile.lock',
  'go.sum',
  'packages.lock.json',
  'gradle.lockfile',
  'flake.lock',
  'mix.lock',
]);

const TEST_DIRS = new Set([
  'test',
  'tests',
  '__tests__',
  '__test__',
  'spec',
  'specs',
  '__mocks__',
  'mocks',
  'mock',
  'fixture',
  'fixtures',
  '__fixtures__',
  'testdata',
  'test-data',
  'test_data',
  'testing',
  'e2e',
  'cypress',
  '__snapshots__',
  'stubs',
]);

const TEST_FILE = /(?:\.(?:test|spec|e2e|stories)\.[A-Za-z0-9]+$|_(?:test|spec)\.[A-Za-z0-9]+$|^test_[^/]*\.py$|Tests?\.(?:java|kt|cs|scala)$|\.snap$)/;

const DOC_EXTENSIONS = new Set(['md', 'mdx', 'markdown', 'rst', 'adoc', 'asciidoc', 'txt', 'textile', 'org']);
const CODE_EXTENSIONS = new Set(
  `js jsx mjs cjs ts tsx mts cts vue svelte astro py pyw rb go java kt kts scala groovy gradle cs fs vb php rs
  swift m mm c h cc cpp cxx hpp dart lua pl pm r jl ex exs erl clj cljs hs elm tf hcl`.split(/\s+/),
);
const JSON_EXTENSIONS = new Set(['json', 'jsonc', 'json5', 'tfstate', 'ipynb', 'har', 'webmanifest']);
const MARKUP_EXTENSIONS = new Set(['xml', 'html', 'htm', 'xhtml', 'svg', 'plist', 'config', 'csproj', 'xaml', 'jsp', 'erb', 'ejs', 'hbs']);
const CONFIG_EXTENSIONS = new Set(
  `yaml yml toml ini cfg conf properties env npmrc yarnrc pypirc netrc gitconfig editorconfig tfvars
  dockerfile containerfile`.split(/\s+/),
);

/** Code files whose lines get this long are generated or minified. */
export const MINIFIED_LINE_LENGTH = 5_000;

export function basenameOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash >= 0 ? path.slice(slash + 1) : path;
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : dot === 0 ? name.slice(1).toLowerCase() : '';
}

/** `.env`, `.env.local`, `.env.production`, `prod.env`; not `.env.example`/`.sample`/`.template`/`.dist`. */
export function isDotenvFile(path: string): boolean {
  // Asked of every file by several checks: most names neither start nor end with `.env`, which
  // every dotenv name does; they are turned away without copying or lower-casing the name.
  if (!endsWithDotEnv(path) && !startsWithDotEnv(path, path.lastIndexOf('/') + 1)) return false;
  const name = basenameOf(path).toLowerCase();
  if (!(name === '.env' || name.startsWith('.env.') || name.endsWith('.env'))) return false;
  return !isDotenvTemplate(name);
}

/** `.env` (any case) at `at`. */
function startsWithDotEnv(path: string, at: number): boolean {
  return path.charCodeAt(at) === 46 && (path.charCodeAt(at + 1) | 32) === 101 && (path.charCodeAt(at + 2) | 32) === 110 && (path.charCodeAt(at + 3) | 32) === 118;
}

function endsWithDotEnv(path: string): boolean {
  return path.length >= 4 && startsWithDotEnv(path, path.length - 4);
}

/** A template of a .env file, meant to be committed with placeholder values. */
export function isDotenvTemplate(path: string): boolean {
  const name = basenameOf(path).toLowerCase();
  return (name === '.env' || name.startsWith('.env.') || name.endsWith('.env') || name.startsWith('.env')) &&
    /(?:^|[.\-_])(?:example|examples|sample|samples|template|templates|tpl|dist|defaults?|schema|skel|skeleton|tmpl|stub|placeholder)(?:[.\-_]|$)/.test(name);
}

/** A folder of TEST_DIRS anywhere in the path (case-insensitive); one expression, no split per file. */
const TEST_DIR_IN_PATH = new RegExp(`(?:^|\/)(?:${[...TEST_DIRS].join('|')})\/`, 'i');
const INSTALLED_OR_GIT = /(?:^|\/)(?:node_modules|\.git)(?:\/|$)/;
const DOCS_FOLDER = /(?:^|\/)docs?\//i;

export function isTestPath(path: string): boolean {
  return TEST_DIR_IN_PATH.test(path) || TEST_FILE.test(basenameOf(path));
}

export function classifyPath(path: string): FileClass {
  const name = basenameOf(path);
  const lower = name.toLowerCase();
  const ext = extensionOf(lower);
  const inTest = isTestPath(path);

  if (INSTALLED_OR_GIT.test(path)) {
    return { context: 'source', syntax: 'code', inTest, mode: 'skip', note: 'installed dependency' };
  }
  if (BINARY_EXTENSIONS.has(ext)) return { context: 'source', syntax: 'code', inTest, mode: 'skip', note: 'binary file' };
  if (ext === 'map') return { context: 'source', syntax: 'json', inTest, mode: 'skip', note: 'source map (repeats the sources it maps)' };

  if (lower === '.env' || lower.startsWith('.env.') || lower.endsWith('.env') || lower === '.envrc') {
    return { context: isDotenvTemplate(lower) ? 'config' : 'dotenv', syntax: 'data', inTest, mode: 'full' };
  }
  if (LOCK_FILES.has(lower) || ext === 'lock') {
    return { context: 'config', syntax: lower.endsWith('.json') ? 'json' : 'data', inTest, mode: 'restricted', note: 'lock file: provider formats only (integrity hashes)' };
  }
  if (/\.min\.(?:js|mjs|cjs|css)$/.test(lower)) {
    return { context: 'source', syntax: 'code', inTest, mode: 'restricted', note: 'minified bundle: provider formats only' };
  }
  const docs = DOC_EXTENSIONS.has(ext) || DOCS_FOLDER.test(path);
  if (DOC_EXTENSIONS.has(ext)) return { context: 'docs', syntax: 'data', inTest, mode: 'full' };
  if (CODE_EXTENSIONS.has(ext)) return { context: docs ? 'docs' : 'source', syntax: 'code', inTest, mode: 'full' };
  if (JSON_EXTENSIONS.has(ext)) return { context: docs ? 'docs' : 'config', syntax: 'json', inTest, mode: 'full' };
  if (MARKUP_EXTENSIONS.has(ext)) return { context: docs ? 'docs' : 'config', syntax: 'markup', inTest, mode: 'full' };
  if (CONFIG_EXTENSIONS.has(ext) || lower === 'dockerfile' || lower.startsWith('.')) {
    return { context: docs ? 'docs' : 'config', syntax: 'data', inTest, mode: 'full' };
  }
  // Shell scripts, templates, unknown extensions: values may be unquoted literals.
  return { context: docs ? 'docs' : 'config', syntax: 'data', inTest, mode: 'full' };
}

/** Code and style files that may be generated bundles when their lines are very long. */
export function mayBeMinified(path: string): boolean {
  return /\.(?:js|mjs|cjs|css|html?)$/i.test(path);
}

/** NUL in the first bytes: a binary file, whatever its name. */
export const BINARY_SNIFF_CHARS = 8_000;
export function looksBinary(text: string): boolean {
  // Only the first characters are searched: a text file has no NUL, and its whole length is not worth a pass.
  const head = text.length > BINARY_SNIFF_CHARS ? text.slice(0, BINARY_SNIFF_CHARS) : text;
  return head.indexOf('\u0000') >= 0;
}

export function hasLineLongerThan(text: string, limit: number): boolean {
  if (text.length <= limit) return false;
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    if (end - start > limit) return true;
    if (nl < 0) return false;
    start = nl + 1;
  }
  return false;
}
