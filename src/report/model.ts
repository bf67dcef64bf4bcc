// The derived view every human-facing renderer shares: findings grouped by requirement (in the
// order of the certification page), counts, the verdict line, the buildpack plan as rows. Computed
// here once so text, Markdown and HTML can never disagree about what the report says.
import { REQUIREMENTS, isRequirementCode, requirementOf } from '../engine/requirements.js';
import type { Requirement } from '../engine/requirements.js';
import type { CheckResult, CheckStatus, Finding, Report, RepositoryInfo, Severity } from '../engine/types.js';
import { statusFrom } from '../engine/verdict.js';
import { compareCodeUnits } from '../analyzers/text/compare.js';

/** Group heading for findings whose requirement code this version does not know (older stored reports). */
export const UNKNOWN_REQUIREMENT_GROUP = 'Other';

/** Worst first: the status a requirement shows is the worst of its checks and findings. */
const STATUS_RANK: Record<CheckStatus, number> = { fail: 0, error: 1, manual: 2, warn: 3, pass: 4, skipped: 5 };

export interface FindingCounts {
  errors: number;
  warnings: number;
  notes: number;
  manual: number;
  suppressed: number;
}

export interface RequirementView {
  requirement: Requirement;
  status: CheckStatus;
  checks: CheckResult[];
  /** Live (unsuppressed) findings, in report order. */
  findings: Finding[];
  counts: FindingCounts;
}

export interface GroupView {
  group: string;
  requirements: RequirementView[];
}

/** What a finding is, for markers and labels: a manual item is never a defect, whatever its severity. */
export type FindingKind = Severity | 'manual';

export function kindOf(finding: Finding): FindingKind {
  return finding.manual ? 'manual' : finding.severity;
}

export function countFindings(findings: readonly Finding[]): FindingCounts {
  const counts: FindingCounts = { errors: 0, warnings: 0, notes: 0, manual: 0, suppressed: 0 };
  for (const finding of findings) {
    if (finding.suppressed) counts.suppressed++;
    else if (finding.manual) counts.manual++;
    else if (finding.severity === 'error') counts.errors++;
    else if (finding.severity === 'warning') counts.warnings++;
    else counts.notes++;
  }
  return counts;
}

export function countStatuses(checks: readonly CheckResult[]): Record<CheckStatus, number> {
  const counts: Record<CheckStatus, number> = { pass: 0, fail: 0, warn: 0, manual: 0, error: 0, skipped: 0 };
  for (const check of checks) counts[check.status]++;
  return counts;
}

/**
 * Requirements that have a check or a finding, grouped and ordered as on the certification page.
 * Requirements nothing looked at (e.g. the after-listing SLAs) are left out.
 */
export function requirementGroups(report: Report): GroupView[] {
  const known = new Map<string, RequirementView>();
  const unknown = new Map<string, RequirementView>();
  const viewOf = (code: string): RequirementView => {
    const table = isRequirementCode(code) ? known : unknown;
    let view = table.get(code);
    if (!view) {
      const requirement: Requirement = isRequirementCode(code)
        ? requirementOf(code)
        : { code, level: 'MUST', group: UNKNOWN_REQUIREMENT_GROUP, title: code };
      view = { requirement, status: 'pass', checks: [], findings: [], counts: countFindings([]) };
      table.set(code, view);
    }
    return view;
  };
  for (const check of report.checks) viewOf(check.requirement).checks.push(check);
  const byRequirement = new Map<string, Finding[]>();
  for (const finding of report.findings) {
    const list = byRequirement.get(finding.requirement) ?? [];
    list.push(finding);
    byRequirement.set(finding.requirement, list);
  }
  for (const [code, findings] of byRequirement) {
    const view = viewOf(code);
    view.findings = findings.filter((f) => !f.suppressed);
    view.counts = countFindings(findings);
  }
  for (const view of [...known.values(), ...unknown.values()]) view.status = requirementStatus(view);

  const groups: GroupView[] = [];
  const push = (group: string, view: RequirementView) => {
    const last = groups.at(-1);
    if (last && last.group === group) last.requirements.push(view);
    else groups.push({ group, requirements: [view] });
  };
  for (const requirement of REQUIREMENTS) {
    const view = known.get(requirement.code);
    if (view) push(requirement.group, view);
  }
  for (const view of [...unknown.values()].sort((a, b) => compareCodeUnits(a.requirement.code, b.requirement.code))) {
    push(UNKNOWN_REQUIREMENT_GROUP, view);
  }
  return groups;
}

function requirementStatus(view: RequirementView): CheckStatus {
  const statuses: CheckStatus[] = view.checks.map((c) => (c.status === 'error' || c.status === 'skipped' ? c.status : 'pass'));
  if (view.findings.length > 0) statuses.push(statusFrom(view.findings));
  if (statuses.length === 0) return 'pass';
  return statuses.reduce((worst, s) => (STATUS_RANK[s] < STATUS_RANK[worst] ? s : worst));
}

/** `file:line:col`, or `file:line` with `withColumn: false`; undefined for repository-level findings. */
export function locationOf(finding: Pick<Finding, 'file' | 'line' | 'column'>, withColumn = true): string | undefined {
  if (!finding.file) return undefined;
  if (!finding.line) return finding.file;
  if (!withColumn || !finding.column) return `${finding.file}:${finding.line}`;
  return `${finding.file}:${finding.line}:${finding.column}`;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** Human duration: "42 ms" below a tenth of a second, "0.4 s", "12.3 s", "2 min 05 s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 100) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/** "3 errors, 2 warnings, 1 manual item" (only the non-zero parts), or "no findings". */
export function countsPhrase(counts: FindingCounts): string {
  const parts: string[] = [];
  if (counts.errors) parts.push(plural(counts.errors, 'error'));
  if (counts.warnings) parts.push(plural(counts.warnings, 'warning'));
  if (counts.manual) parts.push(plural(counts.manual, 'manual item'));
  if (counts.notes) parts.push(plural(counts.notes, 'note'));
  if (counts.suppressed) parts.push(`${counts.suppressed} suppressed`);
  return parts.length > 0 ? parts.join(', ') : 'no findings';
}

/** Checks that actually ran (not skipped): the number the verdict line quotes. */
export function checksRun(report: Report): number {
  return report.checks.filter((c) => c.status !== 'skipped').length;
}

/** The verdict line without its "Verdict:" label: `FAIL — 3 errors, 2 warnings (41 checks in 0.4 s)`. */
export function verdictSummary(report: Report): string {
  const counts = countFindings(report.findings);
  return `${report.verdict.toUpperCase()} — ${countsPhrase(counts)} (${plural(checksRun(report), 'check')} in ${formatDuration(report.durationMs)})`;
}

/**
 * The repository URL as it may be shown: a password, or an HTTPS user name (which is how tokens are
 * usually embedded), is replaced by `***`. The engine refuses such URLs, but a failure report still
 * carries the URL it refused.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (!parsed.password && !(parsed.username && parsed.protocol !== 'ssh:')) return url;
  const userinfo = parsed.protocol === 'ssh:' ? `${parsed.username}:***` : '***';
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, `$1${userinfo}@`);
}

export function redactRepository(repository: RepositoryInfo | null): RepositoryInfo | null {
  return repository ? { url: redactUrl(repository.url), tag: repository.tag, commit: repository.commit } : null;
}

/**
 * Report text quotes the repository under review: control characters (ANSI escapes that could
 * rewrite a terminal) and bidirectional overrides (Trojan Source, which reorder what a reader sees)
 * are shown as visible `\uXXXX` escapes. Newlines and tabs are kept.
 */
// eslint-disable-next-line no-control-regex
const INVISIBLE_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function revealControlCharacters(text: string): string {
  return text.replace(INVISIBLE_CONTROLS, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A short name for headings: `owner/repo` of the repository URL, else the folder's name. */
export function connectorName(report: Report): string {
  const repository = report.connector.repository;
  if (repository) {
    const path = repository.url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*\//i, '').replace(/^[^@/]+@[^:/]+:/, '');
    const segments = path.replace(/\.git\/?$/, '').split('/').filter(Boolean);
    const name = segments.slice(-2).join('/');
    return name || redactUrl(repository.url);
  }
  const segments = report.connector.root.split(/[\\/]/).filter(Boolean);
  return segments.at(-1) ?? report.connector.root;
}

/** Short commit for display. */
export function shortCommit(commit: string | null): string | undefined {
  return commit ? commit.slice(0, 12) : undefined;
}

// ---- The buildpack plan (and any section shaped like it), as titled key/value rows ----

export interface PlanRow {
  key: string;
  value: string;
}

export interface PlanView {
  title: string;
  rows: PlanRow[];
}

/** Keys that name the application a plan belongs to; used as the plan's title. */
const PLAN_TITLE_KEYS = ['application', 'name', 'app'] as const;
/** Nesting deeper than this is shown as compact JSON rather than more dotted keys. */
const MAX_PLAN_DEPTH = 4;

export function planViews(section: unknown): PlanView[] {
  if (section === undefined || section === null) return [];
  if (Array.isArray(section)) return section.map((entry, i) => planView(entry, `Application ${i + 1}`));
  if (isPlainObject(section)) {
    const values = Object.values(section);
    // A map keyed by application name ({ "service-app": {...} }) rather than one plan.
    if (values.length > 0 && values.every(isPlainObject)) {
      return Object.entries(section).map(([name, entry]) => planView(entry, name));
    }
  }
  return [planView(section, 'Plan')];
}

function planView(entry: unknown, fallbackTitle: string): PlanView {
  if (!isPlainObject(entry)) return { title: fallbackTitle, rows: [{ key: 'value', value: scalarText(entry) }] };
  const titleKey = PLAN_TITLE_KEYS.find((k) => typeof entry[k] === 'string' && entry[k] !== '');
  const title = titleKey ? String(entry[titleKey]) : fallbackTitle;
  const rows: PlanRow[] = [];
  for (const [key, value] of Object.entries(entry)) {
    if (key === titleKey) continue;
    flatten(key, value, 1, rows);
  }
  return { title, rows };
}

function flatten(key: string, value: unknown, depth: number, rows: PlanRow[]): void {
  if (Array.isArray(value)) {
    if (value.length === 0) rows.push({ key, value: '(none)' });
    else if (value.every((v) => !isPlainObject(v) && !Array.isArray(v))) rows.push({ key, value: joinScalars(value.map(scalarText)) });
    else if (depth >= MAX_PLAN_DEPTH) rows.push({ key, value: compactJson(value) });
    else value.forEach((v, i) => flatten(`${key}[${i}]`, v, depth + 1, rows));
    return;
  }
  if (isPlainObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) rows.push({ key, value: '(none)' });
    else if (depth >= MAX_PLAN_DEPTH) rows.push({ key, value: compactJson(value) });
    else for (const [k, v] of entries) flatten(`${key}.${k}`, v, depth + 1, rows);
    return;
  }
  rows.push({ key, value: scalarText(value) });
}

/** Short items (identifiers, versions) read best with commas; items that hold commas (notes) need semicolons. */
function joinScalars(items: string[]): string {
  return items.join(items.some((item) => item.includes(',')) ? '; ' : ', ');
}

function scalarText(value: unknown): string {
  if (value === null || value === undefined) return '(none)';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return compactJson(value);
}

function compactJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(value);
  } catch {
    return String(value);
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
