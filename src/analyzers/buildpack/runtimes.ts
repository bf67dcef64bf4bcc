// Node.js and Java runtime facts: which majors Connect builds (data file), when each Node.js major
// reaches end of life (node-releases' schedule, shipped offline), what an `engines.node` range
// admits, and what an `.nvmrc` names.
import semver from 'semver';
import schedule from 'node-releases/data/release-schedule/release-schedule.json' with { type: 'json' };
import supported from './supported-runtimes.json' with { type: 'json' };

interface ScheduleEntry {
  start: string;
  lts?: string;
  maintenance?: string;
  end: string;
  codename?: string;
}

export interface NodeMajorInfo {
  major: number;
  start: string;
  end: string;
  codename?: string;
  lts?: string;
}

/** Node.js majors Connect builds today, ascending (supported-runtimes.json). */
export const SUPPORTED_NODE_MAJORS: readonly number[] = [...supported.nodejs.majors].sort((a, b) => a - b);
export const SUPPORTED_RUNTIMES_SOURCE = supported.source;
export const DOCUMENTED_JAVA_VERSIONS: readonly number[] = supported.java.documented;
export const PREFERRED_JAVA_VERSION: number = supported.java.preferred;
export const JAVA_LTS_VERSIONS: readonly number[] = supported.java.lts;
/** Package managers Connect's docs name; others (pnpm, bun) depend on the builder version. */
export const DOCUMENTED_PACKAGE_MANAGERS: readonly string[] = supported.packageManagers;

const NODE_MAJORS: readonly NodeMajorInfo[] = Object.entries(schedule as Record<string, ScheduleEntry>)
  .flatMap(([key, entry]) => {
    const match = /^v(\d+)$/.exec(key);
    if (!match) return [];
    const info: NodeMajorInfo = { major: Number(match[1]), start: entry.start, end: entry.end };
    if (entry.codename) info.codename = entry.codename;
    if (entry.lts) info.lts = entry.lts;
    return [info];
  })
  .sort((a, b) => a.major - b.major);

export function nodeMajorInfo(major: number): NodeMajorInfo | undefined {
  return NODE_MAJORS.find((m) => m.major === major);
}

/** Majors released by `now` (the schedule also lists future ones). */
export function releasedNodeMajors(now: Date): NodeMajorInfo[] {
  return NODE_MAJORS.filter((m) => Date.parse(m.start) <= now.getTime());
}

export function isEndOfLife(major: number, now: Date): boolean {
  const info = nodeMajorInfo(major);
  return info !== undefined && Date.parse(info.end) < now.getTime();
}

export type EnginesRange = { ok: true; range: string } | { ok: false; reason: string };

/**
 * Turns an `engines.node` value into a node-semver range. The buildpack reads it with
 * Masterminds/semver, which also accepts commas as AND; everything else common to both is kept.
 */
export function parseEnginesRange(raw: string): EnginesRange {
  const trimmed = raw.trim();
  if (trimmed === '') return { ok: false, reason: 'it is empty' };
  const normalised = trimmed.replace(/\s*,\s*/g, ' ');
  const range = semver.validRange(normalised);
  if (range === null) return { ok: false, reason: `"${raw}" is not a valid semver range` };
  return { ok: true, range: normalised };
}

/** Which of `majors` some version of the range falls into. */
export function majorsAdmitted(range: string, majors: readonly number[]): number[] {
  return majors.filter((major) => {
    try {
      return semver.intersects(range, `>=${major}.0.0 <${major + 1}.0.0-0`);
    } catch {
      return false;
    }
  });
}

export interface NodeRangeAnalysis {
  /** Connect-supported majors the range admits. */
  supported: number[];
  /** Released LTS majors older than the newest supported one, past end of life, that the range admits. */
  endOfLife: NodeMajorInfo[];
  /** Released majors newer than every supported one that the range admits. */
  newerThanSupported: number[];
}

export function analyseNodeRange(range: string, now: Date): NodeRangeAnalysis {
  const released = releasedNodeMajors(now);
  const newestSupported = SUPPORTED_NODE_MAJORS[SUPPORTED_NODE_MAJORS.length - 1] ?? 0;
  const admittedReleased = new Set(majorsAdmitted(range, released.map((m) => m.major)));
  return {
    supported: majorsAdmitted(range, SUPPORTED_NODE_MAJORS),
    // Old LTS lines are what a loose lower bound lets in; odd "current" lines and majors above the
    // supported ones are covered by `newerThanSupported`.
    endOfLife: released.filter((m) => admittedReleased.has(m.major) && m.lts !== undefined && m.major < newestSupported && isEndOfLife(m.major, now)),
    newerThanSupported: released.filter((m) => admittedReleased.has(m.major) && m.major > newestSupported).map((m) => m.major),
  };
}

export type NvmrcVersion =
  | { kind: 'major'; major: number; raw: string }
  /** `node`, `stable`, `lts/*` without a resolvable major, `system`, …: not comparable. */
  | { kind: 'alias'; raw: string }
  | { kind: 'invalid'; raw: string };

/** Reads the version an `.nvmrc` names: `v20.9.0`, `22`, `24.x`, `lts/iron`, `lts/*`. */
export function parseNvmrc(text: string, now: Date): NvmrcVersion {
  const raw = (text.split(/\r?\n/).find((line) => line.trim() !== '' && !line.trim().startsWith('#')) ?? '').trim();
  if (raw === '') return { kind: 'invalid', raw };
  const numeric = /^v?(\d+)(?:\.(?:\d+|x|\*))?(?:\.(?:\d+|x|\*))?$/i.exec(raw);
  if (numeric) return { kind: 'major', major: Number(numeric[1]), raw };
  const lts = /^lts\/(.+)$/i.exec(raw);
  if (lts) {
    const name = lts[1]!.toLowerCase();
    if (name === '*') {
      const latestLts = releasedNodeMajors(now).filter((m) => m.lts !== undefined && Date.parse(m.lts) <= now.getTime()).pop();
      return latestLts ? { kind: 'major', major: latestLts.major, raw } : { kind: 'alias', raw };
    }
    const byName = NODE_MAJORS.find((m) => m.codename?.toLowerCase() === name);
    return byName ? { kind: 'major', major: byName.major, raw } : { kind: 'invalid', raw };
  }
  if (/^(node|stable|latest|current|system|iojs)$/i.test(raw)) return { kind: 'alias', raw };
  return { kind: 'invalid', raw };
}
