// Does an OSV `affected[]` entry cover an npm version? Implements the schema's evaluation
// (ossf/osv-schema "Evaluation"): a version is affected when it is listed in `versions`, or when,
// walking a range's events in version order, the last applicable event is an `introduced`
// (`v >= introduced`) not yet closed by a `fixed` (`v >= fixed`) or `last_affected`
// (`v > last_affected`); `limit` events bound the range from above (`v < limit`), `"0"` sorts
// before every version and `"*"` after. SEMVER and ECOSYSTEM ranges are both ordered by npm
// SemVer precedence, prereleases included. Ranges are compiled once; matching is a few
// comparisons per range.
import semver from 'semver';
import { compareVersions, parseVersion, type Version } from './versions.js';

export type EventKind = 'introduced' | 'fixed' | 'last_affected' | 'limit';

/** A version bound: a parsed version, or the schema's "before everything" / "after everything". */
export type Bound = Version | 'zero' | 'infinity';

export interface CompiledEvent {
  kind: EventKind;
  raw: string;
  at: Bound;
}

export interface CompiledRange {
  type: 'SEMVER' | 'ECOSYSTEM';
  /** introduced / fixed / last_affected, sorted by version (introduced first on ties). */
  events: CompiledEvent[];
  /** Upper limits (`limit` events); empty means the implicit "*". */
  limits: Bound[];
}

export interface CompiledAffected {
  name: string;
  ranges: CompiledRange[];
  /** Explicitly listed versions, parsed. */
  versions: Version[];
  /** Listed versions that could not be parsed, compared as text. */
  versionTexts: Set<string>;
}

export interface AffectedHit {
  /** How the version matched: an explicit `versions` entry or a range. */
  via: 'versions' | 'range';
  /** The `introduced` event the version follows (undefined for a `versions` hit). */
  introduced?: string;
  /** The `fixed` event that closes the matched interval, when there is one. */
  fixed?: string;
  /** The `last_affected` event that closes it, when that is how it ends. */
  lastAffected?: string;
}

const KIND_ORDER: Record<EventKind, number> = { introduced: 0, fixed: 1, last_affected: 1, limit: 2 };

export function compareBounds(a: Bound, b: Bound): number {
  if (a === b) return 0;
  if (a === 'zero' || b === 'infinity') return -1;
  if (a === 'infinity' || b === 'zero') return 1;
  return compareVersions(a, b);
}

function parseBound(kind: EventKind, raw: string): Bound | null {
  if (kind === 'introduced' && raw.trim() === '0') return 'zero';
  if (kind === 'limit' && raw.includes('*')) return 'infinity';
  return parseVersion(raw);
}

/**
 * Compiles one `affected[]` entry. Ranges of other types (GIT) are ignored; a range with an
 * unreadable version is dropped with a problem rather than guessed at.
 */
export function compileAffected(name: string, affected: { ranges?: unknown; versions?: unknown }, problems: string[]): CompiledAffected {
  const compiled: CompiledAffected = { name, ranges: [], versions: [], versionTexts: new Set() };
  if (Array.isArray(affected.versions)) {
    for (const raw of affected.versions) {
      if (typeof raw !== 'string') continue;
      const version = parseVersion(raw);
      if (version) compiled.versions.push(version);
      else compiled.versionTexts.add(raw);
    }
  }
  if (Array.isArray(affected.ranges)) {
    for (const range of affected.ranges) {
      const result = compileRange(range, problems, name);
      if (result) compiled.ranges.push(result);
    }
  }
  return compiled;
}

function compileRange(range: unknown, problems: string[], name: string): CompiledRange | null {
  if (typeof range !== 'object' || range === null) return null;
  const { type, events } = range as { type?: unknown; events?: unknown };
  if (type !== 'SEMVER' && type !== 'ECOSYSTEM') return null;
  if (!Array.isArray(events)) {
    problems.push(`${name}: ${type} range without events`);
    return null;
  }
  const compiled: CompiledRange = { type, events: [], limits: [] };
  for (const event of events) {
    if (typeof event !== 'object' || event === null) continue;
    const keys = Object.keys(event).filter((k) => k === 'introduced' || k === 'fixed' || k === 'last_affected' || k === 'limit') as EventKind[];
    if (keys.length !== 1) {
      problems.push(`${name}: event ${JSON.stringify(event)} must have exactly one of introduced/fixed/last_affected/limit`);
      return null;
    }
    const kind = keys[0]!;
    const raw = (event as Record<string, unknown>)[kind];
    if (typeof raw !== 'string') {
      problems.push(`${name}: ${kind} is not a string`);
      return null;
    }
    const at = parseBound(kind, raw);
    if (at === null) {
      problems.push(`${name}: ${kind} "${raw}" is not an npm version; range ignored`);
      return null;
    }
    if (kind === 'limit') compiled.limits.push(at);
    else compiled.events.push({ kind, raw, at });
  }
  if (!compiled.events.some((e) => e.kind === 'introduced')) {
    problems.push(`${name}: ${type} range without an introduced event; ignored`);
    return null;
  }
  compiled.events.sort((a, b) => compareBounds(a.at, b.at) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  return compiled;
}

/** Whether `version` is affected by the entry, and how (which interval, which fix). */
export function matchAffected(compiled: CompiledAffected, version: Version): AffectedHit | undefined {
  for (const range of compiled.ranges) {
    const hit = matchRange(range, version);
    if (hit) return hit;
  }
  for (const listed of compiled.versions) {
    if (compareVersions(listed, version) === 0) return { via: 'versions' };
  }
  if (compiled.versionTexts.has(version.raw) || compiled.versionTexts.has(version.version)) return { via: 'versions' };
  return undefined;
}

export function matchRange(range: CompiledRange, version: Version): AffectedHit | undefined {
  if (range.limits.length > 0 && !range.limits.some((limit) => compareBounds(version, limit) < 0)) return undefined;
  let affected = false;
  let introduced: CompiledEvent | undefined;
  let index = 0;
  for (; index < range.events.length; index++) {
    const event = range.events[index]!;
    // Events are sorted: once one lies above the version, no later one applies.
    if (compareBounds(event.at, version) > 0) break;
    if (event.kind === 'introduced') {
      affected = true;
      introduced = event;
    } else if (event.kind === 'fixed') {
      affected = false;
    } else if (compareBounds(version, event.at) > 0) {
      affected = false; // last_affected below the version
    }
  }
  if (!affected) return undefined;
  const hit: AffectedHit = { via: 'range', introduced: introduced?.raw };
  // The interval closes at the first fixed / last_affected event at or above the version.
  for (let i = Math.max(0, index - 1); i < range.events.length; i++) {
    const event = range.events[i]!;
    const cmp = compareBounds(event.at, version);
    if (event.kind === 'fixed' && cmp > 0) {
      hit.fixed = event.raw;
      break;
    }
    if (event.kind === 'last_affected' && cmp >= 0) {
      hit.lastAffected = event.raw;
      break;
    }
  }
  return hit;
}

/** Every `fixed` version in the entry, for choosing the smallest upgrade. */
export function fixedVersionsOf(compiled: CompiledAffected): Version[] {
  const out: Version[] = [];
  for (const range of compiled.ranges) {
    for (const event of range.events) if (event.kind === 'fixed' && typeof event.at !== 'string') out.push(event.at);
  }
  return out;
}

/** The entry as npm-style ranges, for messages: `<1.6.5 || >=2.0.0 <2.1.7`. */
export function describeAffected(compiled: CompiledAffected): string {
  const parts: string[] = [];
  for (const range of compiled.ranges) {
    let open: CompiledEvent | undefined;
    for (const event of range.events) {
      if (event.kind === 'introduced') {
        if (!open) open = event;
        continue;
      }
      if (!open) continue;
      const from = open.at === 'zero' ? '' : `>=${open.raw} `;
      parts.push(`${from}${event.kind === 'fixed' ? '<' : '<='}${event.raw}`.trim());
      open = undefined;
    }
    if (open) parts.push(open.at === 'zero' ? '*' : `>=${open.raw}`);
  }
  for (const listed of compiled.versions) parts.push(listed.version);
  for (const text of compiled.versionTexts) parts.push(text);
  return parts.length > 0 ? parts.join(' || ') : '(no npm ranges)';
}

/**
 * The smallest version of a `patched_versions` range (NSWG, npm's advisory format) above the
 * installed one: where a record only says `last_affected`, this is the fix the source published.
 */
export function patchedCandidates(patched: string, above: Version): Version[] {
  let range: semver.Range;
  try {
    range = new semver.Range(patched, { loose: true });
  } catch {
    return [];
  }
  const out: Version[] = [];
  for (const set of range.set) {
    let min: semver.SemVer | null = null;
    try {
      min = semver.minVersion(new semver.Range(set.map((c) => c.value).join(' ') || '*', { loose: true }));
    } catch {
      min = null;
    }
    if (min && compareVersions(min, above) > 0) out.push(min);
  }
  return out;
}
