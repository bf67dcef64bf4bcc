// The engine's report as Connect's `publishingReport` (connect-reference.md §D.2): an `Error` entry
// per blocker, a `Warning` per warning (and per item marked for manual review), an `Information`
// entry per requirement that passed — titled like Connect's own ("… check succeeded") — or that was
// skipped ("… check skipped", which Connect's CLI shows as a warning). Also the blocker list the
// lifecycle messages carry.
import type { CheckResult, Finding, Report } from '../engine/types.js';
import { locationOf, requirementGroups } from '../report/model.js';
import type { ConnectorReport, ConnectorReportEntry } from '../store/model.js';
import type { LifecycleBlocker } from './messages.js';

/** Entry messages are cut here: a report entry is a summary, the full report is one link away. */
export const MAX_ENTRY_MESSAGE_CHARS = 2000;

/** Live (unsuppressed) error findings that are not review items: what fails certification. */
export function blockingFindings(report: Report): Finding[] {
  return report.findings.filter((f) => !f.suppressed && !f.manual && f.severity === 'error');
}

export function blockersOf(report: Report): LifecycleBlocker[] {
  return blockingFindings(report).map((f) => ({
    check: f.check,
    requirement: f.requirement,
    message: withLocation(f),
    remediation: f.remediation,
  }));
}

export function publishingReportOf(report: Report, now: Date): ConnectorReport {
  const createdAt = now.toISOString();
  const titles = new Map(report.checks.map((c) => [c.id, c.title]));
  const entry = (type: ConnectorReportEntry['type'], title: string, message?: string): ConnectorReportEntry => ({
    type,
    title,
    ...(message !== undefined ? { message: cut(message) } : {}),
    createdAt,
  });
  const entries: ConnectorReportEntry[] = [];
  for (const f of blockingFindings(report)) {
    entries.push(entry('Error', `${f.requirement}: ${titles.get(f.check) ?? f.check}`, `${withLocation(f)} How to fix: ${f.remediation}`));
  }
  for (const f of report.findings) {
    if (f.suppressed) continue;
    if (f.manual) entries.push(entry('Warning', `${f.requirement}: marked for manual review — ${titles.get(f.check) ?? f.check}`, withLocation(f)));
    else if (f.severity === 'warning') entries.push(entry('Warning', `${f.requirement}: ${titles.get(f.check) ?? f.check}`, `${withLocation(f)} How to fix: ${f.remediation}`));
  }
  for (const check of report.checks.filter((c: CheckResult) => c.status === 'error')) {
    entries.push(entry('Warning', `${check.requirement}: ${check.title} could not run`, check.reason ?? 'the check failed unexpectedly'));
  }
  for (const group of requirementGroups(report)) {
    for (const view of group.requirements) {
      const r = view.requirement;
      if (view.status === 'pass') entries.push(entry('Information', `${r.title} check succeeded`, `${r.code} (${group.group}): ${view.checks.length} check(s) passed`));
      else if (view.status === 'skipped') {
        const reasons = [...new Set(view.checks.map((c) => c.reason).filter((x): x is string => Boolean(x)))];
        entries.push(entry('Information', `${r.title} check skipped`, `${r.code} (${group.group}): ${reasons.join('; ') || 'not run'}`));
      }
    }
  }
  return { entries };
}

function withLocation(f: Finding): string {
  const where = locationOf(f);
  const text = where ? `${where}: ${f.message}` : f.message;
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function cut(text: string): string {
  return text.length > MAX_ENTRY_MESSAGE_CHARS ? `${text.slice(0, MAX_ENTRY_MESSAGE_CHARS - 1)}…` : text;
}
