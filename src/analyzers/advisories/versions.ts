// npm version parsing and ordering for advisory matching. Versions are compared by SemVer 2.0
// precedence, prereleases included (1.0.0-rc.1 < 1.0.0), which is how osv-scanner orders npm
// versions; npm's range syntax (where `<2.0.0` excludes 2.0.0-beta unless asked) is not involved:
// OSV ranges are event timelines, not npm ranges.
import semver from 'semver';

export type Version = semver.SemVer;

/** Distinct version strings parsed at most once; the cache is dropped when it grows past this. */
export const MAX_PARSED_VERSIONS_CACHED = 200_000;

const parsed = new Map<string, Version | null>();

/**
 * Parses an npm version leniently: `v1.2.3`, `=1.2.3`, and short forms `1.2` / `1` (padded with
 * zeros, as advisory databases sometimes write them). Anything else (tags, URLs, `file:`
 * specifiers) is null: it cannot be ordered, so it cannot be matched against a range.
 */
export function parseVersion(raw: string): Version | null {
  const cached = parsed.get(raw);
  if (cached !== undefined) return cached;
  const result = parseUncached(raw);
  if (parsed.size >= MAX_PARSED_VERSIONS_CACHED) parsed.clear();
  parsed.set(raw, result);
  return result;
}

function parseUncached(raw: string): Version | null {
  const text = raw.trim().replace(/^[=v]+/i, '');
  if (text === '') return null;
  const direct = semver.parse(text, { loose: true });
  if (direct) return direct;
  const short = /^(\d+)(?:\.(\d+))?((?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$/.exec(text);
  if (!short) return null;
  return semver.parse(`${short[1]}.${short[2] ?? '0'}.0${short[3] ?? ''}`, { loose: true });
}

export function compareVersions(a: Version, b: Version): number {
  return a.compare(b);
}

/** The canonical text of a version (no build metadata), for equality and display. */
export function versionKey(version: Version): string {
  return version.version;
}
