// Cross-check of the matcher against npm's own range semantics, on real data: every package
// version in the real connectors' package-lock.json files (read here with JSON.parse, independent
// of the lock-file analyzer) against every advisory that kept its source's npm range
// (`database_specific.vulnerable_versions`, the 467 NSWG records). The matcher evaluates the OSV
// events the converter produced; `semver.satisfies` evaluates the original range. They must agree,
// except:
// - advisories whose conversion is documented as inexact (`database_specific.conversion_notes`:
//   an exclusive lower bound `>x` became an inclusive `introduced: x`), and
// - prerelease versions, which OSV orders by plain SemVer precedence (osv-scanner's semantics) while
//   `satisfies` excludes them from ranges that have no prerelease comparator on the same
//   major.minor.patch (and `includePrerelease` widens x-ranges to `-0`, which the converter did
//   not). For those the reference is the same desugared range tested by precedence alone: every
//   comparator's `test()` without the prerelease filter. For release versions the two are identical.
// - the NSWG sentinel `<=99.999.99999`, converted to "no upper bound" (README), which only
//   matters for probes above it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { matchAffected } from './match.js';
import { normaliseRecord } from './osv.js';
import { AdvisoryStore } from './store.js';
import { parseVersion } from './versions.js';

const dataDir = path.resolve(import.meta.dirname, '../../../../shared/data');
const connectorsDir = path.join(dataDir, 'real-connectors');
const advisoriesDir = path.join(dataDir, 'advisories');
const available = existsSync(connectorsDir) && existsSync(advisoriesDir);

function findFiles(dir: string, accept: (name: string) => boolean, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') findFiles(full, accept, out);
    } else if (accept(entry.name)) out.push(full);
  }
  return out;
}

/** name@version of every installed package in npm lock files v2/v3 (`packages`). */
function lockPackages(): { name: string; version: string }[] {
  const seen = new Map<string, { name: string; version: string }>();
  for (const file of findFiles(connectorsDir, (n) => n === 'package-lock.json' || n === 'npm-shrinkwrap.json')) {
    const lock = JSON.parse(readFileSync(file, 'utf8')) as { packages?: Record<string, { name?: string; version?: string; link?: boolean }> };
    for (const [location, entry] of Object.entries(lock.packages ?? {})) {
      if (location === '' || entry.link || typeof entry.version !== 'string') continue;
      const name = entry.name ?? location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length);
      seen.set(`${name}@${entry.version}`, { name, version: entry.version });
    }
  }
  return [...seen.values()];
}

interface RangeAdvisory {
  raw: Record<string, unknown> & { id: string };
  range: semver.Range;
  inexact: boolean;
}

function rangeAdvisories(): RangeAdvisory[] {
  const out: RangeAdvisory[] = [];
  for (const file of findFiles(advisoriesDir, (n) => n.endsWith('.json'))) {
    const raw = JSON.parse(readFileSync(file, 'utf8'));
    const vulnerable = raw.database_specific?.vulnerable_versions;
    if (typeof vulnerable !== 'string') continue;
    out.push({ raw, range: new semver.Range(vulnerable), inexact: Array.isArray(raw.database_specific?.conversion_notes) });
  }
  return out;
}

/** `semver.satisfies` for releases; SemVer precedence over the same comparators for prereleases. */
function reference(range: semver.Range, version: string | semver.SemVer): boolean {
  const parsed = typeof version === 'string' ? new semver.SemVer(version) : version;
  if (parsed.prerelease.length === 0) return range.test(parsed); // = semver.satisfies(version, range)
  return range.set.some((set) => set.every((comparator) => comparator.test(parsed)));
}

/** Comparators at or above the NSWG "no upper bound" sentinel (99.999.99999). */
const SENTINEL = new semver.SemVer('99.999.0');

describe.skipIf(!available)('matcher vs semver.satisfies on real lock files', () => {
  it('agrees on every package version × advisory pair (same package name), through the store', () => {
    const packages = lockPackages();
    const advisories = rangeAdvisories();
    const store = new AdvisoryStore();
    store.replaceSource({ id: 'data', kind: 'directory', location: advisoriesDir }, advisories.map((a) => a.raw));
    let comparisons = 0;
    let affected = 0;
    const mismatches: string[] = [];
    const documented: string[] = [];
    for (const pkg of packages) {
      if (!parseVersion(pkg.version)) continue;
      const matched = new Set(store.matchesFor(pkg).flatMap((m) => m.matchedRecords));
      for (const advisory of advisories) {
        const names = (advisory.raw.affected as Array<{ package: { name: string } }>).map((a) => a.package.name);
        if (!names.includes(pkg.name)) continue;
        comparisons++;
        const ours = matched.has(advisory.raw.id);
        const theirs = reference(advisory.range, pkg.version);
        if (ours) affected++;
        if (ours === theirs) continue;
        const line = `${advisory.raw.id} ${pkg.name}@${pkg.version}: matcher ${ours}, satisfies("${advisory.range.raw}") ${theirs}`;
        (advisory.inexact ? documented : mismatches).push(line);
      }
    }
    console.log(`cross-check (store, same package): ${comparisons} comparisons over ${packages.length} lock-file packages, ${affected} affected, ${documented.length} documented conversion mismatches`);
    expect(comparisons).toBeGreaterThan(100);
    expect(mismatches).toEqual([]);
  });

  it('agrees on every distinct lock-file version × every advisory range (range semantics on real versions)', () => {
    const versions = [...new Set(lockPackages().map((p) => p.version))].filter((v) => parseVersion(v) !== null && semver.valid(v) !== null).map((v) => new semver.SemVer(v));
    const advisories = rangeAdvisories();
    let comparisons = 0;
    let prereleaseComparisons = 0;
    let prereleaseDifferFromSatisfies = 0;
    const mismatches: string[] = [];
    const documented: string[] = [];
    for (const advisory of advisories) {
      const normalised = normaliseRecord(advisory.raw, 'data');
      expect(normalised.ok).toBe(true);
      if (!normalised.ok) continue;
      const entries = [...normalised.record.packages.values()].flat();
      for (const version of versions) {
        const ours = entries.some((entry) => matchAffected(entry, version) !== undefined);
        const theirs = reference(advisory.range, version);
        comparisons++;
        if (version.prerelease.length > 0) {
          prereleaseComparisons++;
          if (ours !== advisory.range.test(version)) prereleaseDifferFromSatisfies++;
        }
        if (ours === theirs) continue;
        const line = `${advisory.raw.id} ${version.version}: matcher ${ours}, satisfies("${advisory.range.raw}") ${theirs}`;
        (advisory.inexact ? documented : mismatches).push(line);
      }
    }
    // The boundaries of every range, where conversion errors would show, on top of the real versions.
    let boundaryComparisons = 0;
    for (const advisory of advisories) {
      if (advisory.inexact) continue;
      const normalised = normaliseRecord(advisory.raw, 'data');
      if (!normalised.ok) continue;
      const entries = [...normalised.record.packages.values()].flat();
      for (const set of advisory.range.set) {
        for (const comparator of set) {
          if (!(comparator.semver instanceof semver.SemVer)) continue; // the "any version" comparator
          const at = comparator.semver;
          if (at.compare(SENTINEL) >= 0) continue;
          for (const probe of [at.version, semver.inc(at.version, 'patch'), at.patch > 0 ? `${at.major}.${at.minor}.${at.patch - 1}` : null]) {
            if (!probe) continue;
            const ours = entries.some((entry) => matchAffected(entry, parseVersion(probe)!) !== undefined);
            boundaryComparisons++;
            if (ours !== reference(advisory.range, probe)) mismatches.push(`${advisory.raw.id} boundary ${probe}: matcher ${ours}`);
          }
        }
      }
    }
    console.log(
      `cross-check (ranges): ${comparisons} comparisons (${versions.length} distinct real versions × ${advisories.length} advisories, ${prereleaseComparisons} with prereleases, ${prereleaseDifferFromSatisfies} of which differ from plain satisfies by design) + ${boundaryComparisons} boundary versions; ${documented.length} documented conversion mismatches:\n  ${documented.join('\n  ')}`,
    );
    expect(comparisons).toBeGreaterThan(100_000);
    expect(mismatches).toEqual([]);
  });
});
