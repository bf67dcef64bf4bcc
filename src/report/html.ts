// One self-contained HTML page (inline CSS, no scripts, no external resources) for reviewers and
// creators. Every value from the report goes through the `html` template tag, which escapes by
// default; findings quote repository content, which is hostile until proven otherwise. A strict
// Content-Security-Policy backs that up should a future edit forget.
import type { CheckStatus, Finding, Report } from '../engine/types.js';
import {
  connectorName,
  countFindings,
  countStatuses,
  formatDuration,
  kindOf,
  locationOf,
  planViews,
  plural,
  redactRepository,
  requirementGroups,
  revealControlCharacters,
  shortCommit,
  verdictSummary,
  type FindingKind,
  type RequirementView,
} from './model.js';
import { runPhaseView, type RunPhaseView } from './run-phase-view.js';

export interface HtmlOptions {
  /** Page title; defaults to the verdict and the repository (or folder). */
  title?: string;
}

// ---- Escaping: a tiny template tag so that nothing reaches the page unescaped by accident ----

class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function piece(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(piece).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(revealControlCharacters(String(value)));
}

/** Interpolations are escaped unless they are themselves `html` results. */
function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += piece(value) + strings[i + 1]!;
  });
  return new SafeHtml(out);
}

// ---- Labels ----

const VERDICT_LABELS: Record<Report['verdict'], string> = {
  pass: 'Passed',
  review: 'Needs review',
  fail: 'Failed',
};
const FINDING_LABELS: Record<FindingKind, string> = { error: 'Error', warning: 'Warning', info: 'Note', manual: 'Manual' };
const STATUS_LABELS: Record<CheckStatus, string> = {
  pass: 'Pass',
  fail: 'Fail',
  warn: 'Warning',
  manual: 'Manual',
  error: 'Error',
  skipped: 'Skipped',
};

// ---- The page ----

export function renderHtml(report: Report, options: HtmlOptions = {}): string {
  const groups = requirementGroups(report);
  const repository = redactRepository(report.connector.repository);
  const subject = repository ? `${connectorName(report)} @ ${repository.tag}` : connectorName(report);
  const title = options.title ?? `${report.verdict.toUpperCase()} · ${subject} · ${report.tool.name}`;
  const counts = countFindings(report.findings);
  const plans = planViews(report.sections['buildpackPlan']);
  const run = runPhaseView(report.sections['runPhase']);
  const withFindings = groups.flatMap((g) => g.requirements).filter((v) => v.findings.length > 0);
  const sections: { id: string; label: string; present: boolean }[] = [
    { id: 'requirements', label: 'Requirements', present: groups.length > 0 },
    { id: 'findings', label: `Findings (${report.findings.length - counts.suppressed})`, present: withFindings.length > 0 },
    { id: 'plan', label: 'Buildpack plan', present: plans.length > 0 },
    { id: 'run-phase', label: 'Run phase', present: run !== undefined },
    { id: 'suppressions', label: `Suppressions (${report.suppressions.length})`, present: report.suppressions.length > 0 },
    { id: 'skipped-files', label: `Files not read (${report.skippedFiles.length})`, present: report.skippedFiles.length > 0 },
    { id: 'checks', label: `Checks (${report.checks.length})`, present: report.checks.length > 0 },
  ];

  const meta: [string, HtmlValue][] = [];
  if (repository) {
    meta.push(['Repository', html`<code>${repository.url}</code>`]);
    meta.push(['Tag', html`<code>${repository.tag}</code>`]);
    const commit = shortCommit(repository.commit);
    if (commit) meta.push(['Commit', html`<code title="${repository.commit}">${commit}</code>`]);
  } else {
    meta.push(['Folder', html`<code>${report.connector.root}</code>`]);
  }
  if (report.applications.length > 0) {
    meta.push([
      report.applications.length === 1 ? 'Application' : 'Applications',
      report.applications.map((a, i) => html`${i > 0 ? ', ' : ''}<code>${a.name}</code> <span class="app-type">(${a.applicationType})</span>`),
    ]);
  }
  meta.push(['Started', report.startedAt]);
  meta.push(['Duration', formatDuration(report.durationMs)]);

  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="${report.tool.name} ${report.tool.version}">
<title>${title}</title>
<style>${new SafeHtml(STYLES)}</style>
</head>
<body>
<header class="banner verdict-${report.verdict}">
<div class="wrap">
<p class="eyebrow">commercetools Connect certification report</p>
<h1><span class="verdict-pill">${VERDICT_LABELS[report.verdict]}</span> <span class="subject">${subject}</span></h1>
<p class="verdict-line">Verdict: ${verdictSummary(report)}</p>
<div class="tiles">
${tile('errors', counts.errors, 'Errors')}${tile('warnings', counts.warnings, 'Warnings')}${tile('manual', counts.manual, 'Manual items')}${tile('suppressed', counts.suppressed, 'Suppressed')}
</div>
<dl class="meta">
${meta.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}
</dl>
</div>
</header>
<main class="wrap">
<nav class="toc" aria-label="Sections"><ul>
${sections.filter((s) => s.present).map((s) => html`<li><a href="#${s.id}">${s.label}</a></li>`)}
</ul></nav>
${requirementsSection(groups)}
${withFindings.length > 0 ? findingsSection(groups) : ''}
${plans.length > 0 ? planSection(plans) : ''}
${run ? runPhaseSection(run) : ''}
${report.suppressions.length > 0 ? suppressionsSection(report) : ''}
${report.skippedFiles.length > 0 ? skippedSection(report) : ''}
${report.checks.length > 0 ? checksSection(report) : ''}
</main>
<footer class="wrap">Generated by ${report.tool.name} ${report.tool.version} · ${report.startedAt}</footer>
</body>
</html>
`;
  return page.value;
}

function tile(kind: string, count: number, label: string): SafeHtml {
  return html`<div class="tile tile-${kind}${count === 0 ? ' tile-zero' : ''}"><span class="tile-count">${count}</span><span class="tile-label">${label}</span></div>`;
}

function statusPill(status: CheckStatus): SafeHtml {
  return html`<span class="pill status-${status}">${STATUS_LABELS[status]}</span>`;
}

/** A fragment id from a requirement code; codes are [A-Z-] today, but stored reports may hold anything. */
function anchorOf(code: string): string {
  return `req-${code.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

function requirementsSection(groups: ReturnType<typeof requirementGroups>): SafeHtml {
  return html`<section id="requirements">
<h2>Requirements</h2>
<div class="scroll"><table class="requirements">
<thead><tr><th scope="col">Requirement</th><th scope="col" class="col-level">Level</th><th scope="col">Status</th><th scope="col" class="num">Errors</th><th scope="col" class="num">Warnings</th><th scope="col" class="num">Manual</th></tr></thead>
${groups.map(
  (group) => html`<tbody>
<tr class="group-row"><th colspan="6" scope="rowgroup">${group.group}</th></tr>
${group.requirements.map((view) => requirementRow(view))}
</tbody>`,
)}
</table></div>
</section>`;
}

function requirementRow(view: RequirementView): SafeHtml {
  const { code, level, title } = view.requirement;
  const label = view.findings.length > 0 ? html`<a href="#${anchorOf(code)}">${code}</a>` : html`${code}`;
  return html`<tr>
<td class="req"><strong class="code">${label}</strong> <span class="req-title">${title}</span></td>
<td class="col-level"><span class="level level-${level.toLowerCase()}">${level}</span></td>
<td>${statusPill(view.status)}</td>
<td class="num${view.counts.errors ? ' has-errors' : ''}">${view.counts.errors}</td>
<td class="num${view.counts.warnings ? ' has-warnings' : ''}">${view.counts.warnings}</td>
<td class="num${view.counts.manual ? ' has-manual' : ''}">${view.counts.manual}</td>
</tr>`;
}

function findingsSection(groups: ReturnType<typeof requirementGroups>): SafeHtml {
  return html`<section id="findings">
<h2>Findings</h2>
${groups
  .filter((g) => g.requirements.some((v) => v.findings.length > 0))
  .map(
    (group) => html`<h3 class="group-heading">${group.group}</h3>
${group.requirements
  .filter((v) => v.findings.length > 0)
  .map(
    (view) => html`<article class="requirement" id="${anchorOf(view.requirement.code)}">
<h4><span class="code">${view.requirement.code}</span> ${view.requirement.title} ${statusPill(view.status)}</h4>
<ol class="findings">
${view.findings.map(findingItem)}
</ol>
</article>`,
  )}`,
  )}
</section>`;
}

function findingItem(finding: Finding): SafeHtml {
  const kind = kindOf(finding);
  const where = locationOf(finding);
  return html`<li class="finding sev-${kind}">
<div class="finding-head"><span class="sev sev-badge-${kind}">${FINDING_LABELS[kind]}</span> ${where ? html`<code class="loc">${where}</code>` : html`<span class="loc muted">repository</span>`}</div>
<p class="message">${finding.message}</p>
${finding.evidence ? html`<pre class="evidence"><code>${finding.evidence}</code></pre>` : ''}
<div class="remediation"><span class="remediation-label">How to fix</span> ${finding.remediation}</div>
<p class="finding-meta">${finding.application ? html`Application <code>${finding.application}</code> · ` : ''}Check <code>${finding.check}</code></p>
</li>`;
}

function planSection(plans: ReturnType<typeof planViews>): SafeHtml {
  return html`<section id="plan">
<h2>Buildpack plan</h2>
<p class="muted">How the Google Cloud Node.js buildpack will install, build and start each application.</p>
<div class="plans">
${plans.map(
  (plan) => html`<div class="plan">
<h3>${plan.title}</h3>
<div class="scroll"><table class="kv">
${plan.rows.map((row) => html`<tr><th scope="row">${row.key}</th><td>${row.value}</td></tr>`)}
</table></div>
</div>`,
)}
</div>
</section>`;
}

function runPhaseSection(run: RunPhaseView): SafeHtml {
  return html`<section id="run-phase">
<h2>Run phase</h2>
<p class="muted">Each application installed, built, tested, started and probed as Connect would, inside the sandbox: ${run.sandbox}${run.durationMs !== undefined ? html` · ${formatDuration(run.durationMs)}` : ''}.${run.logDir ? html` Logs in <code>${run.logDir}</code>.` : ''}</p>
${run.applications.map(
  (app) => html`<h3>${app.name} <span class="app-type">(${app.applicationType})</span></h3>
<div class="scroll"><table>
<thead><tr><th scope="col">Step</th><th scope="col">Status</th><th scope="col">Time</th><th scope="col">Details</th><th scope="col">Log</th></tr></thead>
<tbody>
${app.steps.map(
  (step) => html`<tr><td>${step.step}</td><td><span class="status status-${step.status === 'failed' ? 'fail' : step.status === 'passed' ? 'pass' : 'skipped'}">${step.status}</span></td><td class="num">${step.durationMs !== undefined ? formatDuration(step.durationMs) : '—'}</td><td>${step.detail || '—'}</td><td>${step.log ? html`<code>${step.log}</code>` : '—'}</td></tr>`,
)}
</tbody>
</table></div>
${app.notes.map((note) => html`<p class="muted">${note}</p>`)}`,
)}
</section>`;
}

function suppressionsSection(report: Report): SafeHtml {
  return html`<section id="suppressions">
<h2>Suppressions</h2>
<p class="muted">Findings the repository marked as accepted; they do not count toward the verdict.</p>
<div class="scroll"><table>
<thead><tr><th scope="col">Check</th><th scope="col">Location</th><th scope="col">Reason</th><th scope="col">Source</th></tr></thead>
<tbody>
${report.suppressions.map((s) => {
  const where = locationOf(s, false);
  return html`<tr><td><code>${s.check}</code></td><td>${where ? html`<code>${where}</code>` : '—'}</td><td>${s.reason}</td><td><code>${s.source}</code></td></tr>`;
})}
</tbody>
</table></div>
</section>`;
}

function skippedSection(report: Report): SafeHtml {
  return html`<section id="skipped-files">
<h2>Files not read</h2>
<ul class="plain">
${report.skippedFiles.map((s) => html`<li><code>${s.path}</code> <span class="muted">— ${s.reason}</span></li>`)}
</ul>
</section>`;
}

function checksSection(report: Report): SafeHtml {
  const statuses = countStatuses(report.checks);
  const summary = (Object.keys(statuses) as CheckStatus[])
    .filter((s) => statuses[s] > 0)
    .map((s) => `${statuses[s]} ${s}`)
    .join(' · ');
  return html`<section id="checks">
<h2>Checks</h2>
<details open>
<summary>${plural(report.checks.length, 'check')}: ${summary}</summary>
<div class="scroll"><table class="checks">
<thead><tr><th scope="col">Check</th><th scope="col">Requirement</th><th scope="col">Status</th><th scope="col" class="num">Time</th></tr></thead>
<tbody>
${report.checks.map(
  (check) => html`<tr class="check-${check.status}">
<td><code>${check.id}</code><div class="check-title">${check.title}</div>${check.reason ? html`<div class="muted small">${check.reason}</div>` : ''}</td>
<td><span class="code">${check.requirement}</span></td>
<td>${statusPill(check.status)}</td>
<td class="num">${check.status === 'skipped' ? '—' : formatDuration(check.durationMs)}</td>
</tr>`,
)}
</tbody>
</table></div>
</details>
</section>`;
}

// ---- Styles: system fonts, light and dark, narrow screens, print ----

const STYLES = `
:root{--bg:#f6f7f9;--card:#fff;--text:#1c2330;--muted:#5d6778;--border:#dde2ea;--code-bg:#eef1f5;
--error:#c4262e;--error-bg:#fdecec;--warning:#a15c00;--warning-bg:#fff4e0;--info:#1f5fbf;--info-bg:#e8f0fc;
--manual:#6b3fb5;--manual-bg:#f1ebfb;--pass:#1d7a3e;--pass-bg:#e7f6ec;--skipped:#6b7280;--skipped-bg:#eef0f3;
--accent:#1f5fbf;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#12151b;--card:#1a1f27;--text:#e4e8ef;--muted:#9aa4b5;--border:#2c3440;
--code-bg:#232a35;--error:#ff7b80;--error-bg:#3a1d20;--warning:#f0b45a;--warning-bg:#3a2c14;--info:#7fb0ff;--info-bg:#1b2b44;
--manual:#c2a4f5;--manual-bg:#2c2240;--pass:#6fd394;--pass-bg:#173424;--skipped:#a0a8b5;--skipped-bg:#262c36;--accent:#7fb0ff}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--text);font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.wrap{max-width:1040px;margin:0 auto;padding:0 20px}
code,pre,.code{font-family:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"Liberation Mono",monospace;font-size:.88em}
code{background:var(--code-bg);border-radius:4px;padding:.1em .35em;overflow-wrap:break-word}
a{color:var(--accent)}
h2{font-size:1.3rem;margin:2.2rem 0 .8rem;padding-bottom:.35rem;border-bottom:1px solid var(--border)}
h3{font-size:1.05rem;margin:1.4rem 0 .6rem}
h4{font-size:1rem;margin:0 0 .7rem;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.muted{color:var(--muted)}.small{font-size:.85em}
.banner{color:#fff;padding:28px 0 24px;border-bottom:4px solid rgba(0,0,0,.15)}
.verdict-pass{background:linear-gradient(135deg,#1d7a3e,#2f9a57)}
.verdict-review{background:linear-gradient(135deg,#5b3596,#7b52c0)}
.verdict-fail{background:linear-gradient(135deg,#a81f26,#d0373e)}
.eyebrow{margin:0 0 .4rem;text-transform:uppercase;letter-spacing:.08em;font-size:.75rem;opacity:.85}
.banner h1{margin:0;font-size:1.6rem;line-height:1.3;display:flex;flex-wrap:wrap;gap:.6rem;align-items:center}
.subject{font-weight:500;overflow-wrap:anywhere}
.verdict-pill{background:rgba(255,255,255,.95);color:#1c2330;border-radius:999px;padding:.15em .75em;font-size:.8em;font-weight:700;white-space:nowrap}
.verdict-line{margin:.7rem 0 1rem;font-size:1rem;opacity:.95}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(120px,1fr));gap:10px;margin-bottom:1rem}
.tile{background:rgba(255,255,255,.14);border:1px solid rgba(255,255,255,.25);border-radius:10px;padding:10px 14px;display:flex;flex-direction:column}
.tile-zero{opacity:.65}
.tile-count{font-size:1.6rem;font-weight:700;line-height:1.1}
.tile-label{font-size:.8rem;opacity:.9}
.meta{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:6px 18px;margin:0}
.meta div{min-width:0}.meta dt{font-size:.72rem;text-transform:uppercase;letter-spacing:.06em;opacity:.8}
.meta dd{margin:0;overflow-wrap:anywhere}.meta code{overflow-wrap:anywhere}
.banner code{background:rgba(0,0,0,.18);color:#fff}.banner .app-type{opacity:.85}
.toc ul{list-style:none;padding:0;margin:18px 0 0;display:flex;flex-wrap:wrap;gap:8px}
.toc a{display:inline-block;padding:4px 12px;border:1px solid var(--border);border-radius:999px;background:var(--card);text-decoration:none;font-size:.88rem}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;border:1px solid var(--border);border-radius:10px;background:var(--card)}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{text-align:left;padding:8px 12px;border-bottom:1px solid var(--border);vertical-align:top}
tbody tr:last-child>*{border-bottom:none}
thead th{font-size:.75rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);background:var(--code-bg)}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.group-row th{background:var(--bg);font-size:.8rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
.has-errors{color:var(--error);font-weight:700}.has-warnings{color:var(--warning);font-weight:700}.has-manual{color:var(--manual);font-weight:700}
.req-title{color:var(--text)}
.pill,.level,.sev{display:inline-block;border-radius:999px;padding:.05em .6em;font-size:.78rem;font-weight:600;white-space:nowrap}
.status-pass{color:var(--pass);background:var(--pass-bg)}.status-fail,.status-error{color:var(--error);background:var(--error-bg)}
.status-warn{color:var(--warning);background:var(--warning-bg)}.status-manual{color:var(--manual);background:var(--manual-bg)}
.status-skipped{color:var(--skipped);background:var(--skipped-bg)}
.level{border:1px solid var(--border);color:var(--muted);font-weight:500}
.group-heading{color:var(--muted);text-transform:uppercase;letter-spacing:.05em;font-size:.85rem}
.requirement{background:var(--card);border:1px solid var(--border);border-radius:12px;padding:16px 18px;margin:0 0 14px}
.findings{list-style:none;margin:0;padding:0;display:grid;gap:10px}
.finding{border:1px solid var(--border);border-left:4px solid var(--border);border-radius:8px;padding:10px 14px;min-width:0}
.sev-error{border-left-color:var(--error)}.sev-warning{border-left-color:var(--warning)}
.sev-info{border-left-color:var(--info)}.sev-manual{border-left-color:var(--manual)}
.sev-badge-error{color:var(--error);background:var(--error-bg)}.sev-badge-warning{color:var(--warning);background:var(--warning-bg)}
.sev-badge-info{color:var(--info);background:var(--info-bg)}.sev-badge-manual{color:var(--manual);background:var(--manual-bg)}
.finding-head{display:flex;flex-wrap:wrap;gap:8px;align-items:center}
.message{margin:.45rem 0;white-space:pre-wrap;overflow-wrap:anywhere}
.evidence{margin:.4rem 0;padding:8px 10px;background:var(--code-bg);border-radius:6px;overflow-x:auto;white-space:pre-wrap;overflow-wrap:anywhere}
.evidence code{background:none;padding:0}
.remediation{background:var(--bg);border-radius:6px;padding:8px 10px;color:var(--muted);font-size:.92rem;white-space:pre-wrap;overflow-wrap:anywhere}
.remediation-label{font-weight:700;color:var(--text);margin-right:.3em}
.finding-meta{margin:.45rem 0 0;font-size:.82rem;color:var(--muted)}
.plans{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:14px}
.plan h3{margin:.2rem 0 .5rem}
.kv th{width:38%;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-weight:500;font-size:.85rem;color:var(--muted);overflow-wrap:anywhere}
.kv td{overflow-wrap:anywhere}
.check-title{font-size:.85rem;color:var(--muted)}
details summary{cursor:pointer;margin:0 0 .6rem;color:var(--muted)}
ul.plain{padding-left:1.2rem}
footer{color:var(--muted);font-size:.82rem;padding-top:28px;padding-bottom:40px}
@media (max-width:600px){body{font-size:14px}.wrap{padding:0 14px}.banner h1{font-size:1.3rem}th,td{padding:7px 8px}
.meta{grid-template-columns:1fr 1fr}.col-level{display:none}.req .code{display:block}.req{min-width:10em}
thead th{letter-spacing:0;font-size:.68rem}.requirement{padding:12px}.kv th{width:45%}}
@media print{body{background:#fff}.banner{-webkit-print-color-adjust:exact;print-color-adjust:exact}.toc{display:none}
.scroll{overflow:visible}details>summary{display:none}}
`;
