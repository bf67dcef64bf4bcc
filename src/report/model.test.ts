import { describe, expect, it } from 'vitest';
import { REQUIREMENTS } from '../engine/requirements.js';
import type { Report } from '../engine/types.js';
import { failingReport, passingReport } from './fixtures/reports.js';
import {
  connectorName,
  countFindings,
  formatDuration,
  planViews,
  redactUrl,
  requirementGroups,
  revealControlCharacters,
  verdictSummary,
} from './model.js';

describe('requirementGroups', () => {
  it('orders groups and requirements as REQUIREMENTS does, leaving out requirements nothing looked at', () => {
    const groups = requirementGroups(failingReport());
    const codes = groups.flatMap((g) => g.requirements.map((v) => v.requirement.code));
    const order = REQUIREMENTS.map((r) => r.code as string);
    expect(codes).toEqual([...codes].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
    expect(groups.map((g) => g.group)).toEqual(['Functional completeness', 'Deployment compatibility', 'Repository', 'Security']);
    expect(codes).not.toContain('SLA-ACK');
  });

  it('keeps suppressed findings out of a requirement but counts them', () => {
    const view = requirementGroups(failingReport())
      .flatMap((g) => g.requirements)
      .find((v) => v.requirement.code === 'SEC-SECRETS')!;
    expect(view.findings).toHaveLength(1);
    expect(view.counts).toMatchObject({ errors: 1, suppressed: 1 });
    expect(view.status).toBe('fail');
  });

  it('derives a requirement status from its worst check or finding', () => {
    const byCode = new Map(requirementGroups(failingReport()).flatMap((g) => g.requirements).map((v) => [v.requirement.code, v.status]));
    expect(byCode.get('DEPLOY-SPEC')).toBe('fail');
    expect(byCode.get('SEC-VULN-DEPS')).toBe('error');
    expect(byCode.get('SEC-TRADEMARK')).toBe('manual');
    expect(byCode.get('SEC-URLS')).toBe('warn');
    expect(byCode.get('FUNC-RUN')).toBe('skipped');
    expect(byCode.get('FUNC-TESTS')).toBe('pass');
  });

  it('puts findings with an unknown requirement code (older stored reports) in a last "Other" group', () => {
    const report = failingReport();
    report.findings.push({ ...report.findings[0]!, requirement: 'OLD-CODE' as never });
    const groups = requirementGroups(report);
    expect(groups.at(-1)).toMatchObject({ group: 'Other', requirements: [{ requirement: { code: 'OLD-CODE' } }] });
  });
});

describe('counts and the verdict line', () => {
  it('counts manual items apart from errors and warnings, whatever their severity', () => {
    expect(countFindings(failingReport().findings)).toEqual({ errors: 4, warnings: 2, notes: 1, manual: 2, suppressed: 2 });
  });

  it('names only the non-zero counts, the checks that ran and the duration', () => {
    expect(verdictSummary(failingReport())).toBe('FAIL — 4 errors, 2 warnings, 2 manual items, 1 note, 2 suppressed (12 checks in 0.4 s)');
    expect(verdictSummary(passingReport())).toBe('PASS — no findings (11 checks in 2.3 s)');
  });

  it('formats durations for people', () => {
    expect(formatDuration(42)).toBe('42 ms');
    expect(formatDuration(412)).toBe('0.4 s');
    expect(formatDuration(12_345)).toBe('12.3 s');
    expect(formatDuration(125_000)).toBe('2 min 05 s');
  });
});

describe('planViews', () => {
  it('titles each plan by its application and flattens nested values into dotted keys', () => {
    const [first, second] = planViews(failingReport().sections['buildpackPlan']);
    expect(first!.title).toBe('payment-service');
    expect(first!.rows).toContainEqual({ key: 'build.script', value: 'gcp-build' });
    expect(first!.rows).toContainEqual({ key: 'warnings', value: '(none)' });
    expect(second!.rows).toContainEqual({ key: 'env', value: 'PORT, CTP_PROJECT_KEY' });
    expect(second!.rows).toContainEqual({ key: 'build', value: '(none)' });
  });

  it('accepts a map keyed by application, a single plan, and nothing', () => {
    expect(planViews({ svc: { install: 'npm ci' } })).toEqual([{ title: 'svc', rows: [{ key: 'install', value: 'npm ci' }] }]);
    expect(planViews({ install: 'npm ci' })).toEqual([{ title: 'Plan', rows: [{ key: 'install', value: 'npm ci' }] }]);
    expect(planViews(undefined)).toEqual([]);
  });

  it('separates list items with semicolons when an item holds a comma', () => {
    const [plan] = planViews([{ name: 'svc', notes: ['no build step: no build script, no gcp-build', 'start: npm start'] }]);
    expect(plan!.rows).toEqual([{ key: 'notes', value: 'no build step: no build script, no gcp-build; start: npm start' }]);
  });
});

describe('repository display', () => {
  it('never shows credentials embedded in a repository URL', () => {
    expect(redactUrl('https://ghp_abc123@github.com/acme/x.git')).toBe('https://***@github.com/acme/x.git');
    expect(redactUrl('https://user:secret@github.com/acme/x.git')).toBe('https://***@github.com/acme/x.git');
    expect(redactUrl('ssh://git:secret@github.com/acme/x.git')).toBe('ssh://git:***@github.com/acme/x.git');
    expect(redactUrl('ssh://git@github.com/acme/x.git')).toBe('ssh://git@github.com/acme/x.git');
    expect(redactUrl('git@github.com:acme/x.git')).toBe('git@github.com:acme/x.git');
  });

  it('names the connector by owner/repository, or by its folder', () => {
    const withUrl = (url: string): Report => ({ ...failingReport(), connector: { root: '.', repository: { url, tag: 'v1', commit: null } } });
    expect(connectorName(failingReport())).toBe('acme/ct-payment-connector');
    expect(connectorName(withUrl('git@github.com:acme/conn.git'))).toBe('acme/conn');
    expect(connectorName(withUrl('https://tok@github.com/acme/conn'))).toBe('acme/conn');
    expect(connectorName(passingReport())).toBe('clean-connector');
  });

  it('makes terminal escapes and bidirectional overrides visible', () => {
    expect(revealControlCharacters('a\u001b[31mb\u202ec\nd\te')).toBe('a\\u001b[31mb\\u202ec\nd\te');
  });
});
