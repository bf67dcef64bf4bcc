// The terminal report: requirements in the order of the certification page, each finding with its
// marker, location, message and (dimmed) remediation; then the buildpack plan, the run phase, suppressions, skipped
// files, a check summary, and one last line with the verdict that a CI log tail always shows.
import pc from 'picocolors';
import type { CheckStatus, Finding, Report } from '../engine/types.js';
import {
  countStatuses,
  formatDuration,
  kindOf,
  locationOf,
  planViews,
  plural,
  redactRepository,
  requirementGroups,
  revealControlCharacters as safe,
  shortCommit,
  verdictSummary,
  type FindingKind,
} from './model.js';
import { runPhaseView } from './run-phase-view.js';

export interface TextOptions {
  /** ANSI colours; the caller decides from the TTY and NO_COLOR / FORCE_COLOR. */
  color?: boolean;
}

type Colors = ReturnType<typeof pc.createColors>;
type Paint = (text: string) => string;

const FINDING_MARKERS: Record<FindingKind, { marker: string; label: string; paint: (c: Colors) => Paint }> = {
  error: { marker: '✖', label: 'error', paint: (c) => c.red },
  warning: { marker: '▲', label: 'warning', paint: (c) => c.yellow },
  info: { marker: '●', label: 'note', paint: (c) => c.blue },
  manual: { marker: '◆', label: 'manual', paint: (c) => c.magenta },
};

const STATUS_MARKERS: Record<CheckStatus, { marker: string; paint: (c: Colors) => Paint }> = {
  pass: { marker: '✔', paint: (c) => c.green },
  fail: { marker: '✖', paint: (c) => c.red },
  warn: { marker: '▲', paint: (c) => c.yellow },
  manual: { marker: '◆', paint: (c) => c.magenta },
  error: { marker: '!', paint: (c) => c.red },
  skipped: { marker: '–', paint: (c) => c.gray },
};

const VERDICT_PAINT: Record<Report['verdict'], (c: Colors) => Paint> = {
  pass: (c) => (s) => c.bold(c.green(s)),
  review: (c) => (s) => c.bold(c.magenta(s)),
  fail: (c) => (s) => c.bold(c.red(s)),
};

/** Indentation of finding lines under their requirement, and of detail lines under a finding. */
const FINDING_INDENT = '    ';
const DETAIL_INDENT = '      ';
/** Width of the longest requirement level ("MANUAL"), so titles line up. */
const LEVEL_WIDTH = 6;

export function renderText(report: Report, options: TextOptions = {}): string {
  const c = pc.createColors(options.color ?? false);
  const lines: string[] = [];
  const out = (line = '') => lines.push(line);

  // Header: what was certified.
  out(c.bold(`${report.tool.name} ${report.tool.version}`));
  const repository = redactRepository(report.connector.repository);
  if (repository) {
    const commit = shortCommit(repository.commit);
    out(`Connector     ${safe(repository.url)} @ ${safe(repository.tag)}${commit ? c.dim(` (commit ${safe(commit)})`) : ''}`);
  } else {
    out(`Connector     ${safe(report.connector.root)}`);
  }
  if (report.applications.length > 0) {
    const apps = report.applications.map((a) => `${safe(a.name)} ${c.dim(`(${safe(a.applicationType)})`)}`);
    out(`Applications  ${apps.join(', ')}`);
  }

  // Requirements, grouped as on the certification page.
  const groups = requirementGroups(report);
  const codeWidth = Math.max(0, ...groups.flatMap((g) => g.requirements.map((v) => v.requirement.code.length)));
  for (const group of groups) {
    out();
    out(c.bold(c.underline(safe(group.group))));
    for (const view of group.requirements) {
      const status = STATUS_MARKERS[view.status];
      const { code, level, title } = view.requirement;
      out(`  ${status.paint(c)(status.marker)} ${c.bold(safe(code.padEnd(codeWidth)))}  ${c.dim(level.padEnd(LEVEL_WIDTH))}  ${safe(title)}`);
      for (const check of view.checks) {
        if (check.status === 'error') {
          out(`${FINDING_INDENT}${c.red('!')} check ${safe(check.id)} failed to run${check.reason ? `: ${safe(check.reason)}` : ''}`);
        }
      }
      for (const finding of view.findings) lines.push(...findingLines(finding, c));
    }
  }

  // The buildpack plan, rendered generically: whatever keys the plan check attaches.
  const plans = planViews(report.sections['buildpackPlan']);
  if (plans.length > 0) {
    out();
    out(c.bold(c.underline('Buildpack plan')));
    for (const plan of plans) {
      out(`  ${c.bold(safe(plan.title))}`);
      for (const row of plan.rows) out(`    ${c.dim(`${safe(row.key)}:`)} ${safe(row.value)}`);
    }
  }

  const run = runPhaseView(report.sections['runPhase']);
  if (run) {
    out();
    out(c.bold(c.underline('Run phase')));
    out(`  ${c.dim('sandbox:')} ${safe(run.sandbox)}${run.durationMs !== undefined ? `  ${c.dim('time:')} ${formatDuration(run.durationMs)}` : ''}`);
    if (run.logDir) out(`  ${c.dim('logs:')} ${safe(run.logDir)}`);
    for (const app of run.applications) {
      out(`  ${c.bold(safe(app.name))} ${c.dim(`(${safe(app.applicationType)})`)}`);
      for (const step of app.steps) {
        const status = step.status === 'failed' ? c.red(step.status) : step.status === 'passed' ? c.green(step.status) : c.dim(step.status);
        const time = step.durationMs !== undefined ? c.dim(` ${formatDuration(step.durationMs)}`) : '';
        out(`    ${safe(step.step).padEnd(8)}${status}${time}${step.detail ? ` — ${safe(step.detail)}` : ''}`);
      }
      for (const note of app.notes) out(`    ${c.dim(`note: ${safe(note)}`)}`);
    }
  }

  if (report.suppressions.length > 0) {
    out();
    out(c.bold(c.underline(`Suppressed (${report.suppressions.length})`)));
    for (const s of report.suppressions) {
      const where = locationOf(s, false);
      out(`  ${safe(s.check)}${where ? `  ${safe(where)}` : ''} — ${safe(s.reason)} ${c.dim(`(${safe(s.source)})`)}`);
    }
  }

  if (report.skippedFiles.length > 0) {
    out();
    out(c.bold(c.underline(`Files not read (${report.skippedFiles.length})`)));
    for (const s of report.skippedFiles) out(`  ${safe(s.path)} ${c.dim(`— ${safe(s.reason)}`)}`);
  }

  // Check summary: counts by status, then the checks that did not run and why.
  out();
  const statuses = countStatuses(report.checks);
  const parts = (Object.keys(STATUS_MARKERS) as CheckStatus[])
    .filter((s) => statuses[s] > 0)
    .map((s) => STATUS_MARKERS[s].paint(c)(`${statuses[s]} ${s}`));
  out(`${c.bold('Checks')}  ${plural(report.checks.length, 'check')}${parts.length ? `: ${parts.join(', ')}` : ''}`);
  const skippedByReason = new Map<string, string[]>();
  for (const check of report.checks) {
    if (check.status !== 'skipped') continue;
    const reason = check.reason ?? 'skipped';
    skippedByReason.set(reason, [...(skippedByReason.get(reason) ?? []), check.id]);
  }
  for (const [reason, ids] of skippedByReason) {
    out(c.dim(`  – skipped (${safe(reason)}): ${ids.map(safe).join(', ')}`));
  }

  out();
  out(VERDICT_PAINT[report.verdict](c)(`Verdict: ${verdictSummary(report)}`));
  return `${lines.join('\n')}\n`;
}

function findingLines(finding: Finding, c: Colors): string[] {
  const kind = FINDING_MARKERS[kindOf(finding)];
  const paint = kind.paint(c);
  const where = locationOf(finding);
  const head = [
    paint(`${kind.marker} ${kind.label}`),
    where ? c.cyan(safe(where)) : c.dim('(repository)'),
    indentContinuation(safe(finding.message), DETAIL_INDENT),
  ];
  const tail: string[] = [];
  if (finding.application) tail.push(`app ${safe(finding.application)}`);
  tail.push(safe(finding.check));
  const lines = [`${FINDING_INDENT}${head.join('  ')}  ${c.dim(`[${tail.join(' · ')}]`)}`];
  if (finding.evidence) lines.push(`${DETAIL_INDENT}${c.dim('evidence:')} ${safe(finding.evidence)}`);
  lines.push(c.dim(`${DETAIL_INDENT}↳ ${indentContinuation(safe(finding.remediation), `${DETAIL_INDENT}  `)}`));
  return lines;
}

function indentContinuation(text: string, indent: string): string {
  return text.replace(/\n/g, `\n${indent}`);
}
