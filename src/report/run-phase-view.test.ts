import { describe, expect, it } from 'vitest';
import type { Report } from '../engine/types.js';
import { passingReport } from './fixtures/reports.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { runPhaseView } from './run-phase-view.js';
import { renderText } from './text.js';

// The shape `--run` attaches (copied from a real run of examples/good-connector, trimmed), plus a
// failing application whose start step names hostile text.
function runPhaseSection(): Record<string, unknown> {
  const logDir = '/tmp/connect-certify-runs/r1/logs';
  return {
    status: 'ran',
    nodeVersion: '20.20.2',
    sandbox: { mode: 'bwrap', bwrapVersion: '0.8.0', network: 'isolated', unsafe: false },
    runId: 'r1',
    logDir,
    durationMs: 50_459,
    applications: [
      {
        name: 'service',
        applicationType: 'service',
        notes: [],
        steps: {
          install: { status: 'passed', command: 'npm ci', durationMs: 7542, log: `${logDir}/service-install.log` },
          build: { status: 'passed', command: 'npm run gcp-build', durationMs: 1616, log: `${logDir}/service-build.log` },
          test: { status: 'passed', command: 'npm test', durationMs: 3034, counts: { runner: 'node:test', passed: 13, failed: 0, skipped: 0, total: 13 }, coverage: { lines: 87.5, source: 'output' } },
          start: {
            status: 'passed',
            command: 'npm run start',
            durationMs: 3745,
            startupMs: 861,
            memory: { limitBytes: 536_870_912, peakRssBytes: 108_498_944 },
            probes: [
              { role: 'endpoint', method: 'POST', path: '/service', instance: 1, status: 200, durationMs: 46 },
              { role: 'health', method: 'GET', path: '/health', instance: 1, status: 200, durationMs: 9 },
              { role: 'endpoint', method: 'POST', path: '/service', instance: 2, status: 200, durationMs: 41 },
            ],
            restart: { compared: true, suggestsState: false },
          },
        },
      },
      {
        name: '<img src=x onerror=alert(1)>',
        applicationType: 'job',
        notes: ['started with node 22 because engines.node asks for it'],
        steps: {
          install: { status: 'passed', command: 'npm ci', durationMs: 5000 },
          build: { status: 'skipped', reason: 'no build script' },
          test: { status: 'failed', command: 'npm test', durationMs: 900, reason: 'exit code 1', counts: { passed: 2, failed: 1 } },
          start: { status: 'failed', command: 'node index.js', reason: 'crashed before listening | <b>boom</b>' },
        },
      },
    ],
  };
}

function reportWithRunPhase(section: unknown): Report {
  const report = passingReport();
  return { ...report, sections: { ...report.sections, runPhase: section } };
}

describe('runPhaseView', () => {
  it('turns each application into one row per step, in install → start order, with the figures that matter', () => {
    const view = runPhaseView(runPhaseSection())!;
    expect(view.sandbox).toBe('bubblewrap 0.8.0, network isolated');
    expect(view.logDir).toBe('/tmp/connect-certify-runs/r1/logs');
    const service = view.applications[0]!;
    expect(service.steps.map((s) => s.step)).toEqual(['install', 'build', 'test', 'start']);
    const byStep = Object.fromEntries(service.steps.map((s) => [s.step, s]));
    expect(byStep['install']!.log).toBe('/tmp/connect-certify-runs/r1/logs/service-install.log');
    expect(byStep['test']!.detail).toBe('npm test · 13 passed, 0 failed, 0 skipped (node:test) · line coverage 87.5%');
    expect(byStep['start']!.detail).toBe(
      'npm run start · listening after 861 ms · peak 103 MB of 512 MB · POST /service → 200; GET /health → 200 · same answers after a restart',
    );
    const job = view.applications[1]!;
    expect(job.steps.find((s) => s.step === 'build')).toMatchObject({ status: 'skipped', detail: 'no build script' });
    expect(job.steps.find((s) => s.step === 'start')!.detail).toBe('node index.js · crashed before listening | <b>boom</b>');
    expect(job.notes).toEqual(['started with node 22 because engines.node asks for it']);
  });

  it('shows nothing for a run phase that did not run or an unknown shape, and says when there was no sandbox', () => {
    expect(runPhaseView(undefined)).toBeUndefined();
    expect(runPhaseView({ status: 'unavailable', reason: 'no bwrap', applications: [] })).toBeUndefined();
    expect(runPhaseView('ran')).toBeUndefined();
    const odd = runPhaseView({ status: 'ran', applications: [{ steps: { start: 'x' } }, 7] })!;
    expect(odd.applications).toEqual([{ name: '(unnamed)', applicationType: 'unknown', steps: [], notes: [] }]);
    expect(runPhaseView({ ...runPhaseSection(), sandbox: { mode: 'none', unsafe: true } })!.sandbox).toMatch(/^none \(--unsafe-no-sandbox/);
    const proxied = { mode: 'bwrap', bwrapVersion: '0.8.0', network: 'isolated', registryEndpoints: ['registry.npmjs.org:443', 'registry.yarnpkg.com:443'], unsafe: false };
    expect(runPhaseView({ ...runPhaseSection(), sandbox: proxied })!.sandbox).toBe(
      'bubblewrap 0.8.0, network isolated (the install reaches only registry.npmjs.org:443, registry.yarnpkg.com:443)',
    );
  });
});

describe('rendering the run phase', () => {
  const report = reportWithRunPhase(runPhaseSection());

  it('text: a Run phase block with each step, its time and the log folder', () => {
    const text = renderText(report);
    const lines = text.split('\n');
    const start = lines.indexOf('Run phase');
    expect(start).toBeGreaterThan(0);
    expect(lines[start + 1]).toBe('  sandbox: bubblewrap 0.8.0, network isolated  time: 50.5 s');
    expect(lines[start + 2]).toBe('  logs: /tmp/connect-certify-runs/r1/logs');
    expect(lines).toContain('    test    passed 3.0 s — npm test · 13 passed, 0 failed, 0 skipped (node:test) · line coverage 87.5%');
    expect(lines).toContain('    start   failed — node index.js · crashed before listening | <b>boom</b>');
    expect(renderText(passingReport())).not.toContain('Run phase');
  });

  it('Markdown: a table per application, with table-breaking characters escaped', () => {
    const md = renderMarkdown(report);
    expect(md).toContain('## Run phase');
    expect(md).toContain('| Step | Status | Time | Details | Log |');
    expect(md).toMatch(/\| install \| passed \| 7\.5 s \| npm ci \| `\/tmp\/connect-certify-runs\/r1\/logs\/service-install\.log` \|/);
    const startRow = md.split('\n').find((l) => l.startsWith('| start | failed'))!;
    // The `|` inside the reason must not open a new cell: exactly 6 unescaped pipes delimit 5 cells.
    expect(startRow.replace(/\\\|/g, '').split('|').length - 1).toBe(6);
    expect(md).not.toContain('<b>boom</b>');
  });

  it('HTML: a Run phase section linked from the navigation, hostile names escaped', () => {
    const page = renderHtml(report);
    expect(page).toContain('<section id="run-phase">');
    expect(page).toContain('href="#run-phase"');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('&lt;b&gt;boom&lt;/b&gt;');
    expect(page).toContain('<code>/tmp/connect-certify-runs/r1/logs/service-install.log</code>');
    expect(renderHtml(passingReport())).not.toContain('id="run-phase"');
  });
});
