// OSV records (ossf/osv-schema) reduced to what npm matching and reporting need. Only `affected[]`
// entries of the npm ecosystem are kept; withdrawn records are dropped; ranges are compiled once.
import { assessSeverity, type SeverityAssessment } from '../cvss/index.js';
import { compileAffected, type CompiledAffected } from './match.js';

export const NPM_ECOSYSTEM = 'npm';

/** One advisory record as a source publishes it, ready for matching. */
export interface AdvisoryRecord {
  id: string;
  aliases: string[];
  /** Where the record came from (a source id of the store). */
  source: string;
  modified: string;
  published?: string;
  summary: string;
  details?: string;
  severity: SeverityAssessment;
  /** npm packages the record affects, by name (case-sensitive, as npm names are). */
  packages: Map<string, CompiledAffected[]>;
  references: { type: string; url: string }[];
  /** `database_specific.patched_versions` (NSWG/npm format), used for a fix when only `last_affected` is known. */
  patchedVersions?: string;
  /** `database_specific.vulnerable_versions`, the source's own npm range. */
  vulnerableVersions?: string;
  /** Problems reading the record (unreadable ranges, malformed vectors). */
  problems: string[];
}

export type NormaliseResult =
  | { ok: true; record: AdvisoryRecord }
  | { ok: false; reason: 'invalid' | 'withdrawn' | 'not-npm'; message: string };

/** Turns parsed OSV JSON into an AdvisoryRecord, or says why it is not one. Never throws. */
export function normaliseRecord(raw: unknown, source: string): NormaliseResult {
  if (!isObject(raw)) return { ok: false, reason: 'invalid', message: 'not a JSON object' };
  const id = raw.id;
  if (typeof id !== 'string' || id.trim() === '') return { ok: false, reason: 'invalid', message: 'no "id"' };
  if (raw.withdrawn !== undefined && raw.withdrawn !== null && raw.withdrawn !== '') {
    return { ok: false, reason: 'withdrawn', message: `${id} was withdrawn ${String(raw.withdrawn)}` };
  }
  const problems: string[] = [];
  const packages = new Map<string, CompiledAffected[]>();
  if (Array.isArray(raw.affected)) {
    for (const affected of raw.affected) {
      if (!isObject(affected) || !isObject(affected.package)) continue;
      const { ecosystem, name } = affected.package;
      if (ecosystem !== NPM_ECOSYSTEM || typeof name !== 'string' || name === '') continue;
      const compiled = compileAffected(name, affected, problems);
      if (compiled.ranges.length === 0 && compiled.versions.length === 0 && compiled.versionTexts.size === 0) {
        problems.push(`${name}: no npm ranges or versions`);
        continue;
      }
      packages.set(name, [...(packages.get(name) ?? []), compiled]);
    }
  }
  if (packages.size === 0) return { ok: false, reason: 'not-npm', message: `${id} affects no npm package` };
  const severity = assessSeverity(raw);
  problems.push(...severity.problems);
  const db = isObject(raw.database_specific) ? raw.database_specific : {};
  const record: AdvisoryRecord = {
    id,
    aliases: Array.isArray(raw.aliases) ? raw.aliases.filter((a): a is string => typeof a === 'string' && a !== '' && a !== id) : [],
    source,
    modified: typeof raw.modified === 'string' ? raw.modified : '',
    summary: typeof raw.summary === 'string' ? raw.summary : typeof raw.details === 'string' ? firstLine(raw.details) : '',
    severity,
    packages,
    references: Array.isArray(raw.references)
      ? raw.references.filter(isObject).flatMap((r) => (typeof r.url === 'string' ? [{ type: typeof r.type === 'string' ? r.type : 'WEB', url: r.url }] : []))
      : [],
    problems,
  };
  if (typeof raw.published === 'string') record.published = raw.published;
  if (typeof raw.details === 'string') record.details = raw.details;
  if (typeof db.patched_versions === 'string') record.patchedVersions = db.patched_versions;
  if (typeof db.vulnerable_versions === 'string') record.vulnerableVersions = db.vulnerable_versions;
  return { ok: true, record };
}

function firstLine(text: string): string {
  return text.trim().split(/\r?\n/)[0]!.slice(0, 200);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
