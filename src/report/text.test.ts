import { describe, expect, it } from 'vitest';
import { REQUIREMENTS } from '../engine/requirements.js';
import { failingReport, hostileReport, passingReport } from './fixtures/reports.js';
import { renderText } from './text.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/;

describe('renderText', () => {
  const text = renderText(failingReport());
  const lines = text.trimEnd().split('\n');

  it('ends with the one-line verdict', () => {
    expect(lines.at(-1)).toBe('Verdict: FAIL — 4 errors, 2 warnings, 2 manual items, 1 note, 2 suppressed (12 checks in 0.4 s)');
    expect(renderText(passingReport()).trimEnd().split('\n').at(-1)).toBe('Verdict: PASS — no findings (11 checks in 2.3 s)');
  });

  it('groups by requirement in the order of the certification page, with group headings and titles', () => {
    const headingAt = (group: string) => lines.indexOf(group);
    const groups = ['Functional completeness', 'Deployment compatibility', 'Repository', 'Security'];
    const positions = groups.map(headingAt);
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);

    const codeLines = lines
      .map((line) => /^ {2}\S+ ([A-Z]+(?:-[A-Z]+)+)\s+(MUST|SHOULD|MANUAL)\s+(.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null);
    const order = REQUIREMENTS.map((r) => r.code as string);
    const codes = codeLines.map((m) => m[1]!);
    expect(codes).toEqual([...codes].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
    expect(codes).toContain('DEPLOY-SPEC');
    const deploySpec = codeLines.find((m) => m[1] === 'DEPLOY-SPEC')!;
    expect(deploySpec[3]).toBe('A valid connect.yaml at the root');
  });

  it('puts each finding under its requirement with marker, file:line:col, message, application and remediation', () => {
    const requirementLine = lines.findIndex((l) => l.includes('DEPLOY-SPEC'));
    const findingLine = lines[requirementLine + 1]!;
    expect(findingLine).toMatch(/^ {4}✖ error {2}connect\.yaml:12:5 {2}connect\.yaml: deployAs\[0\]/);
    expect(findingLine).toContain('app payment-service');
    expect(lines[requirementLine + 2]).toMatch(/^ {6}↳ Fix the field named in the message/);
    expect(text).toContain('◆ manual  payment-service/package-lock.json:210');
    expect(text).toContain('▲ warning  payment-service/src/index.ts:41:3');
    expect(text).toContain('✖ error  (repository)  README.md has no installation');
  });

  it('keeps suppressed findings out of the requirements and lists them with their reasons', () => {
    const suppressedAt = lines.findIndex((l) => l.startsWith('Suppressed (2)'));
    expect(suppressedAt).toBeGreaterThan(0);
    expect(lines.slice(0, suppressedAt).join('\n')).not.toContain('sandbox.psp.example');
    expect(lines[suppressedAt + 1]).toContain('payment-service/src/psp.ts:14 — Sandbox endpoint used only by the demo mode');
    expect(lines[suppressedAt + 2]).toContain('(.connect-certify.json)');
  });

  it('renders the buildpack plan generically, skipped files, broken checks and the check summary', () => {
    const planAt = lines.indexOf('Buildpack plan');
    expect(lines.slice(planAt + 1, planAt + 4)).toEqual(['  payment-service', '    packageManager: npm', '    nodeVersion: 20.x (engines.node ">=20")']);
    expect(text).toContain('    build.script: gcp-build');
    expect(text).toContain('  mc-app/public/bundle.min.js — larger than 2 MB');
    expect(text).toContain('! check deps/vulnerable failed to run: check failed: advisory database is unreadable');
    expect(text).toContain('Checks  13 checks: 3 pass, 4 fail, 2 warn, 2 manual, 1 error, 1 skipped');
    expect(text).toContain('– skipped (not enabled): run/sandbox');
  });

  it('names the repository, tag and commit, or the local folder', () => {
    expect(lines[1]).toBe('Connector     https://github.com/acme/ct-payment-connector.git @ v1.4.0 (commit 3f9c2a1b7e4d)');
    expect(renderText(passingReport())).toContain('Connector     /home/dev/connectors/clean-connector');
  });

  it('colours only when asked, and dims the remediation', () => {
    expect(text).not.toMatch(ANSI);
    const coloured = renderText(failingReport(), { color: true });
    expect(coloured).toMatch(ANSI);
    expect(coloured).toContain('\u001b[2m      ↳ Fix the field named in the message');
    expect(coloured.replace(new RegExp(ANSI.source, 'g'), '')).toBe(text);
  });

  it('neutralises terminal escapes and bidirectional overrides from the repository', () => {
    const hostile = renderText(hostileReport(), { color: false });
    expect(hostile).not.toContain('\u001b');
    expect(hostile).not.toContain('\u202e');
    expect(hostile).toContain('\\u001b[31mred');
  });
});
