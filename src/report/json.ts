// The report as stable JSON for scripts and the certification service. Keys are written in a fixed
// order (not the order objects happened to be built in), so two runs over the same tag diff cleanly.
import type { CheckResult, Finding, Report } from '../engine/types.js';
import { countFindings, countStatuses, redactRepository } from './model.js';

/** Bumped when a field is removed or changes meaning; adding fields keeps it. */
export const JSON_REPORT_FORMAT_VERSION = 1;

const INDENT = 2;

export function renderJson(report: Report): string {
  const counts = countFindings(report.findings);
  const out = {
    formatVersion: JSON_REPORT_FORMAT_VERSION,
    tool: { name: report.tool.name, version: report.tool.version },
    connector: { root: report.connector.root, repository: redactRepository(report.connector.repository) },
    verdict: report.verdict,
    summary: {
      errors: counts.errors,
      warnings: counts.warnings,
      manual: counts.manual,
      notes: counts.notes,
      suppressed: counts.suppressed,
      checks: countStatuses(report.checks),
    },
    applications: report.applications.map((a) => ({ name: a.name, applicationType: a.applicationType, path: a.path })),
    checks: report.checks.map(checkJson),
    findings: report.findings.map(findingJson),
    suppressions: report.suppressions.map((s) => ({
      check: s.check,
      reason: s.reason,
      source: s.source,
      file: s.file,
      line: s.line,
      fingerprint: s.fingerprint,
    })),
    skippedFiles: report.skippedFiles.map((s) => ({ path: s.path, reason: s.reason })),
    sections: report.sections,
    startedAt: report.startedAt,
    durationMs: report.durationMs,
  };
  return `${JSON.stringify(out, jsonSafe, INDENT)}\n`;
}

function checkJson(check: CheckResult) {
  return {
    id: check.id,
    requirement: check.requirement,
    title: check.title,
    status: check.status,
    durationMs: check.durationMs,
    reason: check.reason,
  };
}

function findingJson(finding: Finding) {
  return {
    check: finding.check,
    requirement: finding.requirement,
    severity: finding.severity,
    manual: finding.manual,
    message: finding.message,
    file: finding.file,
    line: finding.line,
    column: finding.column,
    endLine: finding.endLine,
    endColumn: finding.endColumn,
    application: finding.application,
    remediation: finding.remediation,
    evidence: finding.evidence,
    fingerprint: finding.fingerprint,
    suppressed: finding.suppressed ? { reason: finding.suppressed.reason, source: finding.suppressed.source } : undefined,
    data: finding.data,
  };
}

/** Sections and finding data are free-form: a bigint must not make the whole report unprintable. */
function jsonSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
