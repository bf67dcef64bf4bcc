// The advisory store: OSV records from one or more sources (a folder, an osv-scanner zip, the OSV
// API), indexed by npm package name, with aliases merged so that one vulnerability is one entry
// whatever number of databases describe it (union-find over every record's id and aliases; the
// display id is a GHSA id, else a CVE id, else the record's own id). `affected()` answers "which
// vulnerabilities affect these package versions" for any number of packages at once, grouping
// the records that match a version by alias (as osv-scanner groups its results); answers are
// cached per name@version until the data changes, so scanning many lock files that share
// packages costs one match per distinct version. `vulnerability(id)` looks up the store-wide
// group of any id or alias.
//
// Sources are replaced or merged as a whole and every change returns what was added, updated
// or removed, which is what a monitoring service needs to open cases for new advisories.
import { severityRank, type SeverityAssessment } from '../cvss/index.js';
import { describeAffected, fixedVersionsOf, matchAffected, patchedCandidates, type AffectedHit } from './match.js';
import { normaliseRecord, type AdvisoryRecord } from './osv.js';
import { compareVersions, parseVersion, type Version } from './versions.js';
import { compareCodeUnits } from '../text/compare.js';

export interface PackageRef {
  name: string;
  version: string;
}

/** One vulnerability: every record that describes it, under one display id. */
export interface Vulnerability {
  /** Display id: a GHSA id when there is one, else a CVE id, else a record id. */
  id: string;
  /** The display id first, then every other id and alias, sorted. */
  ids: string[];
  records: AdvisoryRecord[];
  summary: string;
  /** The most severe rating among the records. */
  severity: SeverityAssessment;
  /** Newest `modified` of its records. */
  modified: string;
  published?: string;
  references: { type: string; url: string }[];
}

export interface AdvisoryMatch {
  vulnerability: Vulnerability;
  package: PackageRef;
  /**
   * Smallest version above the installed one that no record of the vulnerability marks as
   * affected, taken from the records' `fixed` events (and NSWG `patched_versions`); undefined
   * when no fix is known.
   */
  fixedIn?: string;
  /** When a matched interval ends with `last_affected` rather than a fix. */
  lastAffected?: string;
  /** The affected versions of this package, npm-range style, e.g. `<1.6.5 || >=2.0.0 <2.1.7`. */
  affectedRanges: string;
  /** Ids of the records whose ranges matched. */
  matchedRecords: string[];
}

export type AdvisorySourceKind = 'directory' | 'zip' | 'osv-api' | 'memory';

export interface AdvisorySourceInfo {
  id: string;
  kind: AdvisorySourceKind;
  /** Path or URL. */
  location: string;
  /** When the source was last (re)loaded, ISO 8601. */
  loadedAt: string;
  /** Newest `modified` among its records: how current the data is. */
  modified: string | null;
  records: number;
  skipped: { withdrawn: number; notNpm: number; invalid: number };
  problems: string[];
}

/** What one load or sync changed, by record id. */
export interface SyncDelta {
  source: string;
  added: string[];
  updated: string[];
  removed: string[];
}

export interface SourceDescriptor {
  id: string;
  kind: AdvisorySourceKind;
  location: string;
}

/** Per-source problems kept in the source info (the rest are counted). */
export const MAX_SOURCE_PROBLEMS_KEPT = 50;

interface SourceState {
  info: AdvisorySourceInfo;
  records: Map<string, AdvisoryRecord>;
}

export class AdvisoryStore {
  private readonly sourceStates = new Map<string, SourceState>();
  private index: Map<string, AdvisoryRecord[]> | undefined;
  private groupOf: Map<AdvisoryRecord, Vulnerability> | undefined;
  private byId: Map<string, Vulnerability> | undefined;
  private readonly matchCache = new Map<string, AdvisoryMatch[]>();
  private lastChange: Date | null = null;

  /** When the store's data last changed (null before any load). */
  get loadedAt(): Date | null {
    return this.lastChange;
  }

  sources(): AdvisorySourceInfo[] {
    return [...this.sourceStates.values()].map((s) => ({ ...s.info, skipped: { ...s.info.skipped }, problems: [...s.info.problems] }));
  }

  /** Number of distinct vulnerabilities (after alias merging). */
  get size(): number {
    this.build();
    return new Set(this.groupOf!.values()).size;
  }

  get recordCount(): number {
    let count = 0;
    for (const state of this.sourceStates.values()) count += state.records.size;
    return count;
  }

  packageNames(): string[] {
    this.build();
    return [...this.index!.keys()];
  }

  /** Replaces everything a source holds (a reload of a folder or zip). */
  replaceSource(source: SourceDescriptor, raws: Iterable<unknown>, problems: string[] = []): SyncDelta {
    return this.apply(source, raws, problems, 'replace');
  }

  /** Adds or updates records of a source and keeps the others (the online source grows as it is queried). */
  mergeIntoSource(source: SourceDescriptor, raws: Iterable<unknown>, problems: string[] = []): SyncDelta {
    return this.apply(source, raws, problems, 'merge');
  }

  removeSource(id: string): SyncDelta {
    const state = this.sourceStates.get(id);
    if (!state) return { source: id, added: [], updated: [], removed: [] };
    this.sourceStates.delete(id);
    this.changed();
    return { source: id, added: [], updated: [], removed: [...state.records.keys()].sort() };
  }

  /** The vulnerability with this id or alias. */
  vulnerability(id: string): Vulnerability | undefined {
    this.build();
    return this.byId!.get(id);
  }

  vulnerabilities(): Vulnerability[] {
    this.build();
    return [...new Set(this.groupOf!.values())];
  }

  /**
   * Vulnerabilities affecting each package version, keyed `name@version`; packages with none are
   * absent. Versions that are not SemVer (git URLs, tags) cannot be ordered and never match.
   */
  affected(packages: Iterable<PackageRef>): Map<string, AdvisoryMatch[]> {
    this.build();
    const out = new Map<string, AdvisoryMatch[]>();
    for (const pkg of packages) {
      const key = `${pkg.name}@${pkg.version}`;
      if (out.has(key)) continue;
      const matches = this.matchesFor(pkg);
      if (matches.length > 0) out.set(key, matches);
    }
    return out;
  }

  matchesFor(pkg: PackageRef): AdvisoryMatch[] {
    this.build();
    const key = `${pkg.name}@${pkg.version}`;
    const cached = this.matchCache.get(key);
    if (cached) return cached;
    const result = this.computeMatches(pkg);
    this.matchCache.set(key, result);
    return result;
  }

  private computeMatches(pkg: PackageRef): AdvisoryMatch[] {
    const records = this.index!.get(pkg.name);
    if (!records) return [];
    const version = parseVersion(pkg.version);
    if (!version) return [];
    const matched: { record: AdvisoryRecord; hits: AffectedHit[] }[] = [];
    for (const record of records) {
      const hits: AffectedHit[] = [];
      for (const compiled of record.packages.get(pkg.name) ?? []) {
        const hit = matchAffected(compiled, version);
        if (hit) hits.push(hit);
      }
      if (hits.length > 0) matched.push({ record, hits });
    }
    if (matched.length === 0) return [];
    // Alias groups among the records that match this version (as osv-scanner groups its results):
    // a database that bundles several CVEs in one entry (RetireJS lists a vulnerability and its
    // incomplete-fix successor together) must not pull a fixed sibling's id into this finding.
    const groups = unionByAliases(matched.map((m) => m.record));
    const matches: AdvisoryMatch[] = [];
    for (const { ids, records: members } of groups) {
      const vulnerability = makeVulnerability(ids, members);
      const hits = matched.filter((m) => members.includes(m.record)).flatMap((m) => m.hits);
      const match: AdvisoryMatch = {
        vulnerability,
        package: { name: pkg.name, version: pkg.version },
        affectedRanges: [...new Set(members.flatMap((r) => (r.packages.get(pkg.name) ?? []).map(describeAffected)))].join(' || '),
        matchedRecords: members.map((r) => r.id).sort(),
      };
      const fixedIn = smallestFix(members, pkg.name, version);
      if (fixedIn) match.fixedIn = fixedIn;
      const lastAffected = hits.find((h) => h.lastAffected !== undefined)?.lastAffected;
      if (lastAffected !== undefined) match.lastAffected = lastAffected;
      matches.push(match);
    }
    return matches.sort((a, b) => severityRank(b.vulnerability.severity.severity) - severityRank(a.vulnerability.severity.severity) || compareCodeUnits(a.vulnerability.id, b.vulnerability.id));
  }

  private apply(source: SourceDescriptor, raws: Iterable<unknown>, problems: string[], mode: 'replace' | 'merge'): SyncDelta {
    const previous = this.sourceStates.get(source.id);
    const records = mode === 'merge' && previous ? new Map(previous.records) : new Map<string, AdvisoryRecord>();
    const skipped = mode === 'merge' && previous ? { ...previous.info.skipped } : { withdrawn: 0, notNpm: 0, invalid: 0 };
    const keptProblems = mode === 'merge' && previous ? [...previous.info.problems] : [];
    const note = (message: string) => {
      if (keptProblems.length < MAX_SOURCE_PROBLEMS_KEPT) keptProblems.push(message);
    };
    problems.forEach(note);
    const withdrawnIds: string[] = [];
    for (const raw of raws) {
      const result = normaliseRecord(raw, source.id);
      if (!result.ok) {
        if (result.reason === 'withdrawn') {
          skipped.withdrawn++;
          const id = (raw as { id?: unknown }).id;
          if (typeof id === 'string') withdrawnIds.push(id);
        } else if (result.reason === 'not-npm') skipped.notNpm++;
        else {
          skipped.invalid++;
          note(result.message);
        }
        continue;
      }
      const record = result.record;
      const existing = records.get(record.id);
      // Two copies of one id in a source: the newer one wins.
      if (existing && existing.modified > record.modified) continue;
      records.set(record.id, record);
      for (const problem of record.problems) note(`${record.id}: ${problem}`);
    }
    // A merged update that withdraws a record removes it.
    for (const id of withdrawnIds) records.delete(id);

    const delta: SyncDelta = { source: source.id, added: [], updated: [], removed: [] };
    const before = previous?.records ?? new Map<string, AdvisoryRecord>();
    for (const [id, record] of records) {
      const old = before.get(id);
      if (!old) delta.added.push(id);
      else if (old.modified !== record.modified) delta.updated.push(id);
    }
    for (const id of before.keys()) if (!records.has(id)) delta.removed.push(id);
    delta.added.sort();
    delta.updated.sort();
    delta.removed.sort();

    let newest: string | null = null;
    for (const record of records.values()) if (record.modified && (newest === null || record.modified > newest)) newest = record.modified;
    const now = new Date();
    this.sourceStates.set(source.id, {
      info: { ...source, loadedAt: now.toISOString(), modified: newest, records: records.size, skipped, problems: keptProblems },
      records,
    });
    this.changed(now);
    return delta;
  }

  private changed(at = new Date()): void {
    this.index = undefined;
    this.groupOf = undefined;
    this.byId = undefined;
    this.matchCache.clear();
    this.lastChange = at;
  }

  private build(): void {
    if (this.index && this.groupOf && this.byId) return;
    const all: AdvisoryRecord[] = [];
    for (const state of this.sourceStates.values()) all.push(...state.records.values());

    const groupOf = new Map<AdvisoryRecord, Vulnerability>();
    const byId = new Map<string, Vulnerability>();
    for (const { ids, records } of unionByAliases(all)) {
      const group = makeVulnerability(ids, records);
      for (const record of records) groupOf.set(record, group);
      for (const id of ids) byId.set(id, group);
    }

    const index = new Map<string, AdvisoryRecord[]>();
    for (const record of all) {
      for (const name of record.packages.keys()) {
        const list = index.get(name);
        if (list) list.push(record);
        else index.set(name, [record]);
      }
    }
    this.index = index;
    this.groupOf = groupOf;
    this.byId = byId;
  }
}

/** Records that share an id or alias, transitively (union-find), with every id of each group. */
function unionByAliases(records: readonly AdvisoryRecord[]): { ids: string[]; records: AdvisoryRecord[] }[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    for (let node = x; node !== root; ) {
      const next = parent.get(node)!;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  const union = (a: string, b: string): void => {
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(rb, ra);
  };
  for (const record of records) {
    union(record.id, record.id);
    for (const alias of record.aliases) union(record.id, alias);
  }
  const groups = new Map<string, { ids: string[]; records: AdvisoryRecord[] }>();
  for (const id of parent.keys()) {
    const root = find(id);
    let group = groups.get(root);
    if (!group) groups.set(root, (group = { ids: [], records: [] }));
    group.ids.push(id);
  }
  for (const record of records) groups.get(find(record.id))!.records.push(record);
  return [...groups.values()];
}

/** GHSA ids first (what npm and GitHub show), then CVE ids, then the sources' own ids. */
function displayRank(id: string): number {
  if (id.startsWith('GHSA-')) return 0;
  if (id.startsWith('CVE-')) return 1;
  if (!id.startsWith('x_')) return 2;
  return 3;
}

function makeVulnerability(ids: string[], records: AdvisoryRecord[]): Vulnerability {
  const sortedIds = [...ids].sort((a, b) => displayRank(a) - displayRank(b) || compareCodeUnits(a, b));
  const id = sortedIds[0]!;
  const ordered = [...records].sort((a, b) => displayRank(a.id) - displayRank(b.id) || compareCodeUnits(a.id, b.id));
  let severity = ordered[0]!.severity;
  for (const record of ordered) {
    const rank = severityRank(record.severity.severity) - severityRank(severity.severity);
    if (rank > 0 || (rank === 0 && severity.score === undefined && record.severity.score !== undefined)) severity = record.severity;
  }
  const modified = ordered.reduce((max, r) => (r.modified > max ? r.modified : max), '');
  const published = ordered.map((r) => r.published).filter((p): p is string => p !== undefined).sort()[0];
  const seen = new Set<string>();
  const references: { type: string; url: string }[] = [];
  for (const record of ordered) {
    for (const ref of record.references) {
      if (seen.has(ref.url)) continue;
      seen.add(ref.url);
      references.push(ref);
    }
  }
  const vulnerability: Vulnerability = {
    id,
    ids: sortedIds,
    records: ordered,
    summary: ordered.find((r) => r.summary !== '')?.summary ?? '',
    severity,
    modified,
    references,
  };
  if (published !== undefined) vulnerability.published = published;
  return vulnerability;
}

/**
 * The smallest candidate above `version` (the records' `fixed` versions and the smallest versions
 * of their `patched_versions`) that no record of the vulnerability marks as affected.
 */
function smallestFix(records: readonly AdvisoryRecord[], name: string, version: Version): string | undefined {
  const entries = records.flatMap((r) => r.packages.get(name) ?? []);
  const candidates: Version[] = [];
  for (const entry of entries) for (const fixed of fixedVersionsOf(entry)) if (compareVersions(fixed, version) > 0) candidates.push(fixed);
  for (const record of records) {
    if (record.patchedVersions && record.packages.has(name)) candidates.push(...patchedCandidates(record.patchedVersions, version));
  }
  candidates.sort(compareVersions);
  for (const candidate of candidates) {
    if (!entries.some((entry) => matchAffected(entry, candidate))) return candidate.version;
  }
  return undefined;
}
