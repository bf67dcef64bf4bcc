// Severity of an advisory: a CVSS base score computed from the vectors it carries (v3.0/v3.1 by
// the specification's formulas, v4.0 by FIRST's MacroVector method), bucketed the way FIRST
// defines the qualitative ratings; else the database's own rating
// (`database_specific.severity`, e.g. GHSA's LOW/MODERATE/HIGH/CRITICAL); else unknown.
// A malformed vector is noted and skipped, never thrown.
import { scoreCvss3 } from './v3.js';
import { scoreCvss4 } from './v4.js';

export { scoreCvss3, roundup30, roundup31, type Cvss3Score } from './v3.js';
export { scoreCvss4, macroVectorOf, type Cvss4Score } from './v4.js';

export type SeverityLevel = 'none' | 'low' | 'medium' | 'high' | 'critical' | 'unknown';

/** Ordered from least to most severe, for comparisons. */
export const SEVERITY_ORDER: readonly SeverityLevel[] = ['unknown', 'none', 'low', 'medium', 'high', 'critical'];

export function severityRank(level: SeverityLevel): number {
  return SEVERITY_ORDER.indexOf(level);
}

/** FIRST's qualitative rating scale (identical for v3.x and v4.0). */
export function severityOfScore(score: number): SeverityLevel {
  if (!Number.isFinite(score) || score < 0 || score > 10) return 'unknown';
  if (score === 0) return 'none';
  if (score < 4) return 'low';
  if (score < 7) return 'medium';
  if (score < 9) return 'high';
  return 'critical';
}

export type CvssType = 'CVSS_V3' | 'CVSS_V4';

export interface CvssResult {
  type: CvssType;
  vector: string;
  score: number;
  severity: SeverityLevel;
}

/** Scores one vector of the given OSV severity type; undefined when malformed or of another version. */
export function scoreVector(type: string, vector: string): CvssResult | undefined {
  if (type === 'CVSS_V3') {
    const result = scoreCvss3(vector);
    return result ? { type, vector, score: result.score, severity: severityOfScore(result.score) } : undefined;
  }
  if (type === 'CVSS_V4') {
    const result = scoreCvss4(vector);
    return result && Number.isFinite(result.score) ? { type, vector, score: result.score, severity: severityOfScore(result.score) } : undefined;
  }
  return undefined;
}

export interface SeverityAssessment {
  severity: SeverityLevel;
  /** CVSS base score when a vector could be scored. */
  score?: number;
  vector?: string;
  /** Where the rating came from. */
  source: CvssType | 'database_specific' | 'none';
  /** Vectors that could not be read (kept for the report, never fatal). */
  problems: string[];
}

/** Database ratings as GHSA, NSWG and others write them. */
const DATABASE_RATINGS: Record<string, SeverityLevel> = {
  NONE: 'none',
  LOW: 'low',
  MODERATE: 'medium',
  MEDIUM: 'medium',
  HIGH: 'high',
  CRITICAL: 'critical',
};

/**
 * Preference among the vectors of one record: v3 first (the basis of the ratings Connect's Trivy
 * gate uses), then v4.
 */
const TYPE_PREFERENCE: readonly CvssType[] = ['CVSS_V3', 'CVSS_V4'];

export interface SeverityInput {
  severity?: unknown;
  database_specific?: unknown;
  affected?: unknown;
}

/** Rates an OSV record (top-level `severity[]`, then per-package `affected[].severity[]`, then the database's rating). */
export function assessSeverity(record: SeverityInput): SeverityAssessment {
  const problems: string[] = [];
  const scored: CvssResult[] = [];
  const entries: unknown[] = [];
  if (Array.isArray(record.severity)) entries.push(...record.severity);
  if (Array.isArray(record.affected)) {
    for (const affected of record.affected) {
      const severity = isObject(affected) ? affected.severity : undefined;
      if (Array.isArray(severity)) entries.push(...severity);
    }
  }
  for (const entry of entries) {
    if (!isObject(entry) || typeof entry.type !== 'string' || typeof entry.score !== 'string') continue;
    if (entry.type !== 'CVSS_V3' && entry.type !== 'CVSS_V4') continue;
    const result = scoreVector(entry.type, entry.score);
    if (result) scored.push(result);
    else problems.push(`malformed ${entry.type} vector "${entry.score}"`);
  }
  for (const type of TYPE_PREFERENCE) {
    const ofType = scored.filter((s) => s.type === type);
    if (ofType.length === 0) continue;
    // Per-package vectors can differ; the highest is the conservative reading.
    const best = ofType.reduce((a, b) => (b.score > a.score ? b : a));
    return { severity: best.severity, score: best.score, vector: best.vector, source: type, problems };
  }
  const dbSeverity = isObject(record.database_specific) ? record.database_specific.severity : undefined;
  if (typeof dbSeverity === 'string') {
    const level = DATABASE_RATINGS[dbSeverity.trim().toUpperCase()];
    if (level) return { severity: level, source: 'database_specific', problems };
    problems.push(`unknown database severity "${dbSeverity}"`);
  }
  return { severity: 'unknown', source: 'none', problems };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
