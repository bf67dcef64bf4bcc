import { describe, expect, it } from 'vitest';
import type { ApplicationRun, FunctionalRun, RunIssue } from '../../analyzers/functional/index.js';
import { runCheck, workspaceFromFiles } from '../../engine/testing.js';
import check from './check.js';

// The run phase itself is exercised in test/run-phase.test.ts (it needs the sandbox); here a finished
// run is planted in the workspace's memo, so only the mapping from its issues to findings is tested.
const ISSUES: RunIssue[] = [
  { check: 'build', requirement: 'FUNC-BUILD', severity: 'error', message: 'build broke', evidence: 'npm ERR! tail', log: '/runs/x/logs/service-install.log', file: 'service/package-lock.json' },
  { check: 'tests', requirement: 'FUNC-TESTS', severity: 'error', message: 'tests failed', evidence: '# fail 1', log: '/runs/x/logs/service-test.log' },
  { check: 'start', requirement: 'FUNC-RUN', severity: 'error', message: 'crashed at start-up', evidence: 'Error: boom', log: '/runs/x/logs/service-start.log', remediation: 'Fix it.' },
  { check: 'resources', requirement: 'DEPLOY-LIGHTWEIGHT', severity: 'warning', message: 'uses 450 MB' },
  { check: 'resources', requirement: 'DEPLOY-STATELESS', severity: 'warning', message: 'answers differ' },
  { check: 'build', requirement: 'FUNC-BUILD', severity: 'info', message: 'ran with Node.js 20' },
];

function application(issues: RunIssue[]): ApplicationRun {
  const step = { status: 'passed' as const };
  return { name: 'service', applicationType: 'service', folder: 'service', node: { used: 20 }, configuration: [], steps: { install: step, build: step, test: step, start: step }, issues, notes: [] };
}

function workspaceWith(run: FunctionalRun) {
  const ws = workspaceFromFiles({ 'connect.yaml': 'deployAs:\n  - name: service\n    applicationType: service\n    endpoint: /service\n' });
  ws.memo('functional:run', () => Promise.resolve(run));
  return ws;
}

const ran = (issues: RunIssue[]): FunctionalRun => ({ status: 'ran', nodeVersion: '20.0.0', durationMs: 1, applications: [application(issues)], logDir: '/runs/x/logs' });

describe('run/resources', () => {
  it('is opt-in', () => {
    expect(check.optIn).toBe(true);
  });
  it('reports the issues of its part of the run phase, per application, with the log', async () => {
    const result = await runCheck(check, workspaceWith(ran(ISSUES)));
    const own = ISSUES.filter((i) => i.check === 'resources');
    expect(result.findings.map((f) => f.message)).toEqual(own.map((i) => i.message));
    for (const finding of result.findings) {
      expect(finding.application).toBe('service');
      expect(finding.check).toBe('run/resources');
    }
    expect(result.findings.map((f) => f.requirement)).toEqual(['DEPLOY-LIGHTWEIGHT', 'DEPLOY-STATELESS']);
    expect(result.sections.runPhase).toMatchObject({ status: 'ran' });
  });
  it('reports nothing when its part found nothing', async () => {
    const result = await runCheck(check, workspaceWith(ran(ISSUES.filter((i) => i.check !== 'resources'))));
    expect(result.findings).toEqual([]);
    expect(result.status).toBe('pass');
  });
  it('is skipped, with the reason, when the sandbox is unavailable', async () => {
    const result = await runCheck(check, workspaceWith({ status: 'unavailable', reason: 'bwrap is not installed', nodeVersion: '20.0.0', durationMs: 0, applications: [] }));
    expect(result.status).toBe('skipped');
    expect(result.skipped).toBe('bwrap is not installed');
  });
});
