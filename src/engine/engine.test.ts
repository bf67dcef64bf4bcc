// The run loop: statuses, verdict, only/skip, opt-in, suppressions, a throwing check, time budget
// and cancellation — with small real checks over real temporary repositories.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { certify, CertifyAbortedError } from './certify.js';
import { loadChecks } from './registry.js';
import { defineCheck, type CheckDefinition } from './types.js';
import { writeFixture } from './testing.js';

const errorEveryJs = defineCheck({
  id: 'test/error-every-js',
  requirement: 'SEC-CODE',
  title: 'flags every .js file',
  rationale: 'test',
  remediation: 'remove the file',
  run(ctx) {
    for (const f of ctx.workspace.files) {
      if (f.path.endsWith('.js')) ctx.report({ severity: 'error', message: `bad ${f.path}`, file: f.path, line: 2 });
    }
  },
});
const warnAlways = defineCheck({
  id: 'test/warn',
  requirement: 'SEC-NONPROD',
  title: 'warns',
  rationale: 'test',
  remediation: 'none',
  run(ctx) {
    ctx.report({ severity: 'warning', message: 'a warning' });
  },
});
const manualItem = defineCheck({
  id: 'test/manual',
  requirement: 'SEC-TRADEMARK',
  title: 'asks a reviewer',
  rationale: 'test',
  remediation: 'a reviewer decides',
  run(ctx) {
    ctx.report({ severity: 'info', message: 'please review', manual: true });
  },
});
const throwing = defineCheck({
  id: 'test/throws',
  requirement: 'DEPLOY-SPEC',
  title: 'throws',
  rationale: 'test',
  remediation: 'none',
  run() {
    throw new Error('boom');
  },
});
const optIn = defineCheck({
  id: 'test/opt-in',
  requirement: 'FUNC-RUN',
  title: 'only when enabled',
  rationale: 'test',
  remediation: 'none',
  optIn: true,
  run(ctx) {
    ctx.report({ severity: 'error', message: 'ran' });
  },
});

const repo = () =>
  writeFixture({
    'connect.yaml': 'deployAs: []\n',
    'app/index.js': 'const a = 1;\nconst b = 2; // connect-certify-ignore test/error-every-js generated file, reviewed\n',
    'app/other.js': 'x\ny\n',
    'app/no-reason.js': 'x\n// connect-certify-ignore test/error-every-js\n',
  });

async function run(checks: CheckDefinition[], extra: Partial<Parameters<typeof certify>[0]> = {}) {
  return certify({ target: repo(), checks, ...extra });
}

describe('engine run', () => {
  it('turns findings into check statuses and a verdict', async () => {
    const report = await run([warnAlways]);
    expect(report.verdict).toBe('pass');
    expect(report.checks.find((c) => c.id === 'test/warn')?.status).toBe('warn');

    const review = await run([warnAlways, manualItem]);
    expect(review.verdict).toBe('review');
    expect(review.checks.find((c) => c.id === 'test/manual')?.status).toBe('manual');

    const fail = await run([errorEveryJs, manualItem]);
    expect(fail.verdict).toBe('fail');
    expect(fail.checks.find((c) => c.id === 'test/error-every-js')?.status).toBe('fail');
  });

  it('fills requirement and remediation from the check', async () => {
    const report = await run([errorEveryJs]);
    const finding = report.findings.find((f) => f.file === 'app/other.js');
    expect(finding).toMatchObject({ check: 'test/error-every-js', requirement: 'SEC-CODE', remediation: 'remove the file', severity: 'error' });
  });

  it('honours inline suppressions with a reason and reports those without one', async () => {
    const report = await run([errorEveryJs]);
    const suppressed = report.findings.find((f) => f.file === 'app/index.js');
    expect(suppressed?.suppressed).toEqual({ reason: 'generated file, reviewed', source: 'app/index.js:2' });
    expect(report.suppressions).toHaveLength(1);
    const unsuppressed = report.findings.find((f) => f.file === 'app/no-reason.js' && f.check === 'test/error-every-js');
    expect(unsuppressed?.suppressed).toBeUndefined();
    expect(report.findings.some((f) => f.check === 'engine/suppressions' && f.file === 'app/no-reason.js')).toBe(true);
  });

  it('honours config-file suppressions and requires their reason', async () => {
    const root = writeFixture({
      '.connect-certify.json': JSON.stringify({ suppressions: [{ check: 'test/error-every-js', file: 'lib/', reason: 'vendored, reviewed by security' }] }),
      'lib/a.js': '1\n2\n',
      'src/b.js': '1\n2\n',
    });
    const report = await certify({ target: root, checks: [errorEveryJs] });
    expect(report.findings.find((f) => f.file === 'lib/a.js')?.suppressed?.reason).toBe('vendored, reviewed by security');
    expect(report.findings.find((f) => f.file === 'src/b.js')?.suppressed).toBeUndefined();
    expect(report.verdict).toBe('fail');

    const bad = writeFixture({ '.connect-certify.json': JSON.stringify({ suppressions: [{ check: 'x' }] }), 'a.js': '' });
    const badReport = await certify({ target: bad, checks: [warnAlways] });
    const configFinding = badReport.findings.find((f) => f.check === 'engine/config');
    expect(configFinding?.message).toMatch(/suppressions\[0\]\.reason is required/);
    expect(badReport.verdict).toBe('fail');
  });

  it('reports a throwing check as status error and keeps running the others', async () => {
    const report = await run([throwing, warnAlways]);
    expect(report.checks.find((c) => c.id === 'test/throws')).toMatchObject({ status: 'error', reason: 'check failed: boom' });
    expect(report.checks.find((c) => c.id === 'test/warn')?.status).toBe('warn');
  });

  it('selects checks with only/skip and runs opt-in checks only when enabled', async () => {
    const only = await run([errorEveryJs, warnAlways, optIn], { only: ['test/warn'] });
    expect(only.checks.find((c) => c.id === 'test/error-every-js')?.status).toBe('skipped');
    expect(only.checks.find((c) => c.id === 'test/opt-in')).toMatchObject({ status: 'skipped', reason: 'not enabled' });
    expect(only.verdict).toBe('pass');
    const skip = await run([errorEveryJs, warnAlways], { skip: ['test/error-every-js'] });
    expect(skip.verdict).toBe('pass');
    const enabled = await run([optIn], { enable: ['test/opt-in'] });
    expect(enabled.verdict).toBe('fail');
  });

  it('skips checks once the time budget is spent', async () => {
    const slow = defineCheck({ ...warnAlways, id: 'test/slow', run: () => new Promise((r) => setTimeout(r, 30)) });
    const report = await run([slow, warnAlways], { timeBudgetMs: 1 });
    expect(report.checks.some((c) => c.status === 'skipped' && c.reason === 'time budget exhausted')).toBe(true);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    const cancelling = defineCheck({ ...warnAlways, id: 'test/cancel', run: () => controller.abort() });
    await expect(run([cancelling, warnAlways], { signal: controller.signal })).rejects.toBeInstanceOf(CertifyAbortedError);
  });
});

describe('check registry', () => {
  const checksDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'checks');

  it('loads every check folder, each self-describing and tested beside its code', async () => {
    const checks = await loadChecks();
    const folders = readdirSync(checksDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(checks.length).toBe(folders.filter((f) => existsSync(path.join(checksDir, f, 'check.ts'))).length);
    for (const check of checks) {
      const folder = check.id.replace(/\//g, '-');
      expect(folders, `check ${check.id} must live in src/checks/${folder}/`).toContain(folder);
      expect(existsSync(path.join(checksDir, folder, 'check.test.ts')), `${folder}/check.test.ts`).toBe(true);
      expect(check.rationale.length, `${check.id} rationale`).toBeGreaterThan(20);
      expect(check.remediation.length, `${check.id} remediation`).toBeGreaterThan(10);
    }
  });
});
