// Markdown for pull-request comments and e-mails: the verdict first, a summary table by requirement,
// then the findings grouped the same way, the buildpack plan, the run phase, suppressions and files not read.
// Text from the repository is escaped: a finding message must not become a link, a table cell
// boundary, HTML, or a math block in the reader's view.
import type { CheckStatus, Finding, Report } from '../engine/types.js';
import {
  connectorName,
  formatDuration,
  kindOf,
  locationOf,
  planViews,
  redactRepository,
  requirementGroups,
  revealControlCharacters,
  shortCommit,
  verdictSummary,
  type FindingKind,
} from './model.js';
import { runPhaseView } from './run-phase-view.js';

export interface MarkdownOptions {
  /**
   * Findings listed per requirement before "… and N more" (GitHub comments stop at 65,536
   * characters). Unlimited by default.
   */
  maxFindingsPerRequirement?: number;
}

const VERDICT_BADGES: Record<Report['verdict'], string> = { pass: '✅', review: '📝', fail: '❌' };
const STATUS_BADGES: Record<CheckStatus, string> = {
  pass: '✅ pass',
  fail: '❌ fail',
  warn: '⚠️ warn',
  manual: '📝 manual',
  error: '💥 error',
  skipped: '⏭️ skipped',
};
const FINDING_BADGES: Record<FindingKind, string> = {
  error: '❌ **error**',
  warning: '⚠️ **warning**',
  info: 'ℹ️ **note**',
  manual: '📝 **manual**',
};

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const limit = options.maxFindingsPerRequirement ?? Number.POSITIVE_INFINITY;
  const lines: string[] = [];
  const out = (...more: string[]) => lines.push(...more);
  const groups = requirementGroups(report);

  out(`# ${VERDICT_BADGES[report.verdict]} Connect certification: ${report.verdict.toUpperCase()} · ${mdText(connectorName(report))}`, '');
  out(`**${mdText(verdictSummary(report))}**`, '');
  const repository = redactRepository(report.connector.repository);
  if (repository) {
    const commit = shortCommit(repository.commit);
    out(`- **Repository:** ${mdCode(repository.url)} at tag ${mdCode(repository.tag)}${commit ? ` (commit ${mdCode(commit)})` : ''}`);
  } else {
    out(`- **Connector:** ${mdCode(report.connector.root)}`);
  }
  if (report.applications.length > 0) {
    out(`- **Applications:** ${report.applications.map((a) => `${mdCode(a.name)} (${mdText(a.applicationType)})`).join(', ')}`);
  }
  out(`- **Tool:** ${mdText(`${report.tool.name} ${report.tool.version}`)}`, '');

  out('## Summary', '');
  out('| Requirement | Level | Status | Errors | Warnings | Manual |', '| --- | --- | --- | ---: | ---: | ---: |');
  for (const group of groups) {
    for (const view of group.requirements) {
      const { code, level, title } = view.requirement;
      out(
        `| **${mdText(code)}** ${mdText(title)} | ${level} | ${STATUS_BADGES[view.status]} | ${view.counts.errors} | ${view.counts.warnings} | ${view.counts.manual} |`,
      );
    }
  }
  out('');
  const broken = report.checks.filter((c) => c.status === 'error');
  for (const check of broken) {
    out(`> 💥 Check ${mdCode(check.id)} failed to run${check.reason ? `: ${mdText(check.reason)}` : ''}`, '');
  }

  const withFindings = groups.flatMap((g) => g.requirements).filter((v) => v.findings.length > 0);
  if (withFindings.length > 0) {
    out('## Findings', '');
    for (const view of withFindings) {
      out(`### ${mdText(view.requirement.code)} — ${mdText(view.requirement.title)}`, '');
      const shown = view.findings.slice(0, limit);
      for (const finding of shown) out(...findingItem(finding));
      if (view.findings.length > shown.length) out(`- … and ${view.findings.length - shown.length} more (see the full report)`);
      out('');
    }
  }

  const plans = planViews(report.sections['buildpackPlan']);
  if (plans.length > 0) {
    out('## Buildpack plan', '');
    for (const plan of plans) {
      out(`### ${mdText(plan.title)}`, '', '| Key | Value |', '| --- | --- |');
      for (const row of plan.rows) out(`| ${mdCode(row.key, true)} | ${mdText(row.value)} |`);
      out('');
    }
  }

  const run = runPhaseView(report.sections['runPhase']);
  if (run) {
    out('## Run phase', '', `Sandbox: ${mdText(run.sandbox)}${run.durationMs !== undefined ? ` · ${formatDuration(run.durationMs)}` : ''}${run.logDir ? ` · logs in ${mdCode(run.logDir)}` : ''}`, '');
    for (const app of run.applications) {
      out(`### ${mdText(app.name)} (${mdText(app.applicationType)})`, '', '| Step | Status | Time | Details | Log |', '| --- | --- | --- | --- | --- |');
      for (const step of app.steps) {
        out(`| ${mdText(step.step)} | ${mdText(step.status)} | ${step.durationMs !== undefined ? formatDuration(step.durationMs) : '—'} | ${step.detail ? mdText(step.detail) : '—'} | ${step.log ? mdCode(step.log, true) : '—'} |`);
      }
      for (const note of app.notes) out('', `_${mdText(note)}_`);
      out('');
    }
  }

  if (report.suppressions.length > 0) {
    out('## Suppressions', '', '| Check | Location | Reason | Source |', '| --- | --- | --- | --- |');
    for (const s of report.suppressions) {
      const where = locationOf(s, false);
      out(`| ${mdCode(s.check, true)} | ${where ? mdCode(where, true) : '—'} | ${mdText(s.reason)} | ${mdCode(s.source, true)} |`);
    }
    out('');
  }

  if (report.skippedFiles.length > 0) {
    out('## Files not read', '');
    for (const s of report.skippedFiles) out(`- ${mdCode(s.path)} — ${mdText(s.reason)}`);
    out('');
  }

  return `${lines.join('\n').trimEnd()}\n`;
}

function findingItem(finding: Finding): string[] {
  const where = locationOf(finding, false);
  const head = [FINDING_BADGES[kindOf(finding)], where ? mdCode(where) : '_repository_', '—', mdText(finding.message)];
  if (finding.application) head.push(`(app ${mdCode(finding.application)})`);
  return [`- ${head.join(' ')}  `, `  ↳ ${mdText(finding.remediation)} · ${mdCode(finding.check)}`];
}

/**
 * Plain text on one line: the punctuation that can open emphasis, code, links, HTML, table cells,
 * strike-through or (on GitHub) math is backslash-escaped, `&` becomes an entity. Line-start syntax
 * (`#`, `-`, `>`) needs nothing: this text never starts a line.
 */
export function mdText(text: string): string {
  return oneLine(text)
    .replace(/[\\`*_[\]<>|~$]/g, '\\$&')
    .replace(/&/g, '&amp;');
}

/**
 * A code span that survives any content: the fence is longer than the longest backtick run inside.
 * In a table cell, `|` must be escaped even inside code (GFM splits cells first).
 */
export function mdCode(text: string, inTable = false): string {
  let body = oneLine(text);
  if (inTable) body = body.replace(/\|/g, '\\|');
  const longestRun = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = body.startsWith('`') || body.endsWith('`') || body === '' ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

function oneLine(text: string): string {
  return revealControlCharacters(text.replace(/\s*[\r\n]+\s*/g, ' '));
}
