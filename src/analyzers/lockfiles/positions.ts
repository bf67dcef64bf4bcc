// Line numbers for lock-file problems. Lock files are parsed natively (JSON.parse, YAML parsers),
// which keep no positions; a problem's line is found afterwards by searching for the entry's key,
// which is cheap because problems are few (at most MAX_LOCK_PROBLEMS per file).

/** 1-based line and column of a character offset. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}

/** Line and column of the first occurrence of `needle` (from `from`), or nothing. */
export function positionOf(text: string, needle: string, from = 0): { line?: number; column?: number } {
  const at = text.indexOf(needle, from);
  return at < 0 ? {} : lineColumnAt(text, at);
}

/** Position of a JSON object key (`"key":`) in lock-file text. */
export function jsonKeyPosition(text: string, key: string): { line?: number; column?: number } {
  const quoted = JSON.stringify(key);
  const at = new RegExp(`${escapeRegExp(quoted)}\\s*:`).exec(text);
  return at ? lineColumnAt(text, at.index) : {};
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

/**
 * Where a package's entry is in its lock file: npm's `"node_modules/…"` key (v2/v3) or name key
 * (v1); in yarn.lock and pnpm-lock.yaml the first entry key for the name (`name@range:`,
 * `"name@npm:range":`, `/name@version:`, `name@version:`).
 */
export function packageEntryPosition(text: string, node: { name: string; version: string; locations: readonly string[] }): { line?: number; column?: number } {
  const location = node.locations[0];
  if (location !== undefined) {
    const byLocation = jsonKeyPosition(text, location);
    if (byLocation.line !== undefined) return byLocation;
  }
  const name = escapeRegExp(node.name);
  const withVersion = new RegExp(`^[ \\t]*["']?/?${name}[@/]${escapeRegExp(node.version)}\\b`, 'm').exec(text);
  const anyVersion = withVersion ?? new RegExp(`^[ \\t]*["']?/?${name}@`, 'm').exec(text) ?? new RegExp(`^[ \\t]*"${name}"\\s*:`, 'm').exec(text);
  if (!anyVersion) return {};
  const indent = /^[ \t]*/.exec(anyVersion[0])![0].length;
  return lineColumnAt(text, anyVersion.index + indent);
}
