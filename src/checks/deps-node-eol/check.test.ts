import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles } from '../../engine/testing.js';
import { createNodeEolCheck, nodeEolFinding } from './check.js';

// node-releases' schedule: 18 ended 2025-04-30, 20 ended 2026-04-30, 22 ends 2027-04-30.
const TODAY = new Date('2026-11-27T00:00:00Z');
const input = (engines: string) => ({ application: 'service', file: 'service/package.json', engines, position: { line: 4, column: 5 } });

describe('nodeEolFinding', () => {
  it('a range admitting only end-of-life majors is an error', () => {
    const finding = nodeEolFinding(input('18.x'), TODAY)!;
    expect(finding).toMatchObject({ severity: 'error', application: 'service', file: 'service/package.json', line: 4, column: 5, data: { endOfLife: [18], supported: [] } });
    expect(finding.message).toBe(
      'Application "service": service/package.json "engines.node": "18.x" admits only Node.js majors past end of life: 18 (end of life 2025-04-30); they receive no security releases, so the connector runs on an unpatched runtime',
    );
    expect(finding.remediation).toBe('Move to a Node.js major with security support (22, 24, 26), set engines.node to it and test the application on it.');
  });

  it('the mollie-style bounded range of old majors is an error', () => {
    expect(nodeEolFinding(input('>=18.0.0 <=20.9.0'), TODAY)).toMatchObject({ severity: 'error', data: { endOfLife: [18, 19, 20] } });
  });

  it('a range that also admits end-of-life LTS majors is a warning listing them', () => {
    const finding = nodeEolFinding(input('>=18'), TODAY)!;
    expect(finding.severity).toBe('warning');
    expect(finding.data).toMatchObject({ endOfLife: [18, 20], supported: [22, 24, 26] });
    expect(finding.message).toBe(
      'Application "service": service/package.json "engines.node": ">=18" also admits Node.js LTS majors past end of life: 18 (end of life 2025-04-30), 20 (end of life 2026-04-30); builds, CI and developers may run it on a runtime without security releases (still supported: 22, 24, 26)',
    );
    expect(finding.remediation).toBe('Raise the lower bound of engines.node above the end-of-life majors, e.g. ">=22".');
  });

  it('short-lived odd majors let in by an open range are not worth a warning; admitting only them is an error', () => {
    expect(nodeEolFinding(input('>=22'), TODAY)).toBeUndefined(); // admits 23 and 25, both past end of life
    expect(nodeEolFinding(input('23.x || 25.x'), TODAY)).toMatchObject({ severity: 'error', data: { endOfLife: [23, 25] } });
  });

  it('supported-only, unreadable and unreleased ranges give nothing (buildpack/node-version covers the latter two)', () => {
    expect(nodeEolFinding(input('^22 || ^24'), TODAY)).toBeUndefined();
    expect(nodeEolFinding(input('banana'), TODAY)).toBeUndefined();
    expect(nodeEolFinding(input('>=99'), TODAY)).toBeUndefined();
  });

  it('depends on the date: 20.x was fine before its end of life', () => {
    expect(nodeEolFinding(input('20.x'), new Date('2025-01-01T00:00:00Z'))).toBeUndefined();
    expect(nodeEolFinding(input('20.x'), TODAY)?.severity).toBe('error');
  });
});

describe('deps/node-eol', () => {
  const check = createNodeEolCheck(() => TODAY);
  const yaml = 'deployAs:\n  - name: service\n    applicationType: service\n    endpoint: /service\n  - name: job\n    applicationType: job\n    properties:\n      schedule: "0 0 * * *"\n';

  it('reads engines.node of every Node.js application and points at it', async () => {
    const ws = workspaceFromFiles({
      'connect.yaml': yaml,
      'service/package.json': JSON.stringify({ name: 'service', engines: { node: '>=16' } }, null, 2),
      'job/package.json': JSON.stringify({ name: 'job', engines: { node: '22.x' } }, null, 2),
    });
    const { findings, status } = await runCheck(check, ws);
    expect(status).toBe('warn');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ application: 'service', file: 'service/package.json', line: 4, requirement: 'SEC-OUTDATED-DEPS', severity: 'warning' });
  });

  it('no engines.node: nothing to say (the buildpack uses its current default)', async () => {
    const ws = workspaceFromFiles({ 'connect.yaml': yaml, 'service/package.json': '{"name":"service"}', 'job/package.json': '{"name":"job","engines":{"node":"16"}}' });
    const { findings, status } = await runCheck(check, ws);
    expect(status).toBe('fail');
    expect(findings.map((f) => f.application)).toEqual(['job']);
  });

  it('skips without a Node.js application', async () => {
    expect((await runCheck(check, workspaceFromFiles({ 'connect.yaml': yaml }))).status).toBe('skipped');
  });
});
