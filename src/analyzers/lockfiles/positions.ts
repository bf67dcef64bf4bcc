// Line numbers for lock-file problems and findings. Lock files are parsed natively (JSON.parse,
// YAML parsers), which keep no positions; an entry's line is found afterwards by searching for its
// key with indexOf (a regular expression over a 500 KB lock file costs a millisecond per finding),
// and offsets become lines through the line starts of the last text searched.

let lastText: string | undefined;
let lastLineStarts: number[] = [];

/** Offsets where each line of `text` starts (kept for the last text: findings come per lock file). */
function lineStartsOf(text: string): number[] {
  if (text === lastText) return lastLineStarts;
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  lastText = text;
  lastLineStarts = starts;
  return starts;
}

/** 1-based line and column of a character offset. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const end = Math.max(0, Math.min(offset, text.length));
  const starts = lineStartsOf(text);
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= end) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: end - starts[low]! + 1 };
}

/** Line and column of the first occurrence of `needle` (from `from`), or nothing. */
export function positionOf(text: string, needle: string, from = 0): { line?: number; column?: number } {
  const at = text.indexOf(needle, from);
  return at < 0 ? {} : lineColumnAt(text, at);
}

/** Texts longer than this get an index of their line-leading JSON keys (one pass, then O(1) per key). */
const KEY_INDEX_MIN_CHARS = 32 * 1024;
let indexedText: string | undefined;
let keyIndex = new Map<string, number>();

/** First offset of each `"key":` that starts a line (pretty-printed JSON: every lock-file entry). */
function lineKeysOf(text: string): Map<string, number> {
  if (text === indexedText) return keyIndex;
  const index = new Map<string, number>();
  for (const start of lineStartsOf(text)) {
    let at = start;
    while (text[at] === ' ' || text[at] === '\t') at++;
    if (text[at] !== '"') continue;
    let end = at + 1;
    while (end < text.length && text[end] !== '"' && text[end] !== '\n') end += text[end] === '\\' ? 2 : 1;
    if (text[end] !== '"') continue;
    let colon = end + 1;
    while (text[colon] === ' ' || text[colon] === '\t') colon++;
    if (text[colon] !== ':') continue;
    const key = text.slice(at, end + 1);
    if (!index.has(key)) index.set(key, at);
  }
  indexedText = text;
  keyIndex = index;
  return index;
}

/** Position of a JSON object key (`"key":`) in lock-file text. */
export function jsonKeyPosition(text: string, key: string): { line?: number; column?: number } {
  const quoted = JSON.stringify(key);
  if (text.length >= KEY_INDEX_MIN_CHARS) {
    const indexed = lineKeysOf(text).get(quoted);
    if (indexed !== undefined) return lineColumnAt(text, indexed);
  }
  for (let at = text.indexOf(quoted); at !== -1; at = text.indexOf(quoted, at + 1)) {
    let after = at + quoted.length;
    while (after < text.length && isSpace(text.charCodeAt(after))) after++;
    if (text[after] === ':') return lineColumnAt(text, at);
  }
  return {};
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** Position of a YAML / yarn.lock entry key (quoted or not; the first mention when the key is not found as such). */
export function entryKeyPosition(text: string, key: string): { line?: number; column?: number } {
  for (const candidate of [`"${key}`, `'${key}'`, `${key}:`, key]) {
    const at = text.indexOf(candidate);
    if (at >= 0) return lineColumnAt(text, at);
  }
  return {};
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Lines of an entry's body searched for its `version` (entries are a few lines; nested v1 trees more). */
const MAX_ENTRY_LINES = 400;

/**
 * Where a package's entry is in its lock file, at the entry of the locked version when a name has
 * several: npm's `"node_modules/…"` key (v2/v3); npm v1's `"name": {` object holding
 * `"version": "…"`; a yarn.lock / pnpm-lock.yaml entry key naming the version (`/name@1.2.3:`,
 * `/name/1.2.3:`, `name@1.2.3(peer@1):`, `"name@npm:1.2.3":`) or whose body has
 * `version "1.2.3"` (Yarn 1) / `version: 1.2.3` (Yarn 2+). The first entry of the name otherwise.
 */
export function packageEntryPosition(text: string, node: { name: string; version: string; locations: readonly string[] }): { line?: number; column?: number } {
  for (const location of node.locations) {
    const byLocation = jsonKeyPosition(text, location);
    if (byLocation.line !== undefined) return byLocation;
  }
  const version = escapeRegExp(node.version);
  const versionInKey = new RegExp(`(?:^|[\\s,"'/])${escapeRegExp(node.name)}(?:@(?:npm:)?|/)${version}(?![\\w.+-])`);
  const versionLine = new RegExp(`^\\s*"?version"?:?\\s+["']?${version}["']?,?\\s*$`);
  let first: number | undefined;
  for (const { at, indent } of entryKeys(text, node.name)) {
    first ??= at;
    const lineEnd = text.indexOf('\n', at);
    const keyLine = text.slice(at, lineEnd === -1 ? undefined : lineEnd);
    if (versionInKey.test(keyLine) || (lineEnd !== -1 && bodyHasVersion(text, lineEnd + 1, indent, versionLine))) return lineColumnAt(text, at);
  }
  return first === undefined ? {} : lineColumnAt(text, first);
}

/**
 * Entry keys of a package name, in file order: a line that starts (after indentation) with the
 * name followed by `@` or `/` (optionally quoted or `/`-prefixed: yarn.lock, pnpm-lock.yaml), or
 * with `"name": {` (npm v1 objects; a `requires` value is a string).
 */
function* entryKeys(text: string, name: string): Generator<{ at: number; indent: number }> {
  for (let hit = text.indexOf(name); hit !== -1; hit = text.indexOf(name, hit + 1)) {
    const lineStart = text.lastIndexOf('\n', hit - 1) + 1;
    let indent = lineStart;
    while (indent < hit && (text[indent] === ' ' || text[indent] === '\t')) indent++;
    // At most a quote and a slash between the indentation and the name.
    if (hit - indent > 2) continue;
    const prefix = text.slice(indent, hit);
    const next = text[hit + name.length];
    if (prefix === '"' && next === '"') {
      let after = hit + name.length + 1;
      while (after < text.length && isSpace(text.charCodeAt(after))) after++;
      if (text[after] !== ':') continue;
      after++;
      while (after < text.length && isSpace(text.charCodeAt(after))) after++;
      if (text[after] === '{') yield { at: indent, indent: indent - lineStart };
    } else if (/^["']?\/?$/.test(prefix) && (next === '@' || next === '/')) {
      yield { at: indent, indent: indent - lineStart };
    }
  }
}

/** Whether the entry body starting at `from` (lines indented deeper than `keyIndent`) has the version line at its own level. */
function bodyHasVersion(text: string, from: number, keyIndent: number, versionLine: RegExp): boolean {
  let bodyIndent: number | undefined;
  let at = from;
  for (let n = 0; n < MAX_ENTRY_LINES && at < text.length; n++) {
    const end = text.indexOf('\n', at);
    const line = text.slice(at, end === -1 ? undefined : end).replace(/\r$/, '');
    at = end === -1 ? text.length : end + 1;
    if (line.trim() === '') continue;
    const indent = /^[ \t]*/.exec(line)![0].length;
    if (indent <= keyIndent) return false;
    bodyIndent ??= indent;
    // Only the entry's own fields, not those of entries nested in it (npm v1 `dependencies`).
    if (indent === bodyIndent && versionLine.test(line)) return true;
  }
  return false;
}
