// The mapping from the engine's report to Connect's publishingReport, the blockers of the lifecycle
// messages and the reviewer's MANUAL items, on a report built like the engine builds one.
import { describe, expect, it } from 'vitest';
import type { Report } from '../engine/types.js';
import { manualItemsOf, STANDARD_MANUAL_ITEMS } from './manual-items.js';
import { blockersOf, publishingReportOf } from './publishing-report.js';

const NOW = new Date('2026-02-03T04:05:06.000Z');

function report(): Report {
  return {
    tool: { name: 'connect-certify', version: '0.1.0' },
    connector: { root: '.', repository: { url: 'https://example.org/c.git', tag: 'v1', commit: 'a'.repeat(40) } },
    verdict: 'fail',
    applications: [],
    checks: [
      { id: 'license/file', requirement: 'LICENSE-FILE', title: 'A licence file at the root', status: 'fail', durationMs: 1 },
      { id: 'docs/readme-quality', requirement: 'DOC-USAGE', title: 'README quality', status: 'warn', durationMs: 1 },
      { id: 'deps/licenses', requirement: 'DEPLOY-OSS-LIBS', title: 'Dependency licences', status: 'manual', durationMs: 1 },
      { id: 'connect-yaml/schema', requirement: 'DEPLOY-SPEC', title: 'connect.yaml schema', status: 'pass', durationMs: 1 },
      { id: 'secrets/hardcoded', requirement: 'SEC-SECRETS', title: 'No secrets', status: 'pass', durationMs: 1 },
      { id: 'run/build', requirement: 'FUNC-BUILD', title: 'Build', status: 'skipped', durationMs: 0, reason: 'not enabled' },
      { id: 'tests/present', requirement: 'FUNC-TESTS', title: 'Tests', status: 'error', durationMs: 1, reason: 'check failed: boom' },
    ],
    findings: [
      { check: 'license/file', requirement: 'LICENSE-FILE', severity: 'error', message: 'No licence file at the repository root', remediation: 'Add a LICENSE file.' },
      { check: 'docs/readme-quality', requirement: 'DOC-USAGE', severity: 'warning', message: 'README is short', file: 'README.md', line: 3, remediation: 'Write more.' },
      { check: 'deps/licenses', requirement: 'DEPLOY-OSS-LIBS', severity: 'warning', manual: true, message: 'gpl-lib is GPL-3.0', file: 'service/package-lock.json', remediation: 'Check the GPL terms.' },
      { check: 'secrets/hardcoded', requirement: 'SEC-SECRETS', severity: 'error', message: 'a test key', remediation: 'x', suppressed: { reason: 'test fixture', source: 'inline' } },
    ],
    suppressions: [],
    skippedFiles: [],
    sections: {},
    startedAt: NOW.toISOString(),
    durationMs: 10,
  };
}

describe('publishingReport from an engine report', () => {
  it('has an Error per blocker, a Warning per warning, review item and broken check, Information per passed or skipped requirement', () => {
    const { entries } = publishingReportOf(report(), NOW);
    expect(entries.every((e) => e.createdAt === NOW.toISOString())).toBe(true);
    expect(entries.filter((e) => e.type === 'Error')).toEqual([
      { type: 'Error', title: 'LICENSE-FILE: A licence file at the root', message: 'No licence file at the repository root. How to fix: Add a LICENSE file.', createdAt: NOW.toISOString() },
    ]);
    expect(entries.filter((e) => e.type === 'Warning').map((e) => [e.title, e.message])).toEqual([
      ['DOC-USAGE: README quality', 'README.md:3: README is short. How to fix: Write more.'],
      ['DEPLOY-OSS-LIBS: marked for manual review — Dependency licences', 'service/package-lock.json: gpl-lib is GPL-3.0.'],
      ['FUNC-TESTS: Tests could not run', 'check failed: boom'],
    ]);
    const information = entries.filter((e) => e.type === 'Information').map((e) => e.title);
    // A suppressed finding does not hold its requirement back.
    expect(information).toEqual([
      'The application builds as Connect builds it check skipped',
      'A valid connect.yaml at the root check succeeded',
      'No hardcoded tokens, credentials or passwords check succeeded',
    ]);
  });

  it('lists the blockers with their remediation for the failure message', () => {
    expect(blockersOf(report())).toEqual([{ check: 'license/file', requirement: 'LICENSE-FILE', message: 'No licence file at the repository root.', remediation: 'Add a LICENSE file.' }]);
  });

  it('gives the reviewer the standard MANUAL items plus one per finding marked for review', () => {
    const items = manualItemsOf(report());
    expect(items.slice(0, STANDARD_MANUAL_ITEMS.length).map((i) => i.id)).toEqual(STANDARD_MANUAL_ITEMS.map((i) => i.id));
    expect(items.slice(STANDARD_MANUAL_ITEMS.length)).toEqual([
      { id: 'finding:1', requirement: 'DEPLOY-OSS-LIBS', title: 'gpl-lib is GPL-3.0', description: 'Check the GPL terms.', source: 'finding', check: 'deps/licenses', location: 'service/package-lock.json' },
    ]);
    expect(manualItemsOf(undefined)).toHaveLength(STANDARD_MANUAL_ITEMS.length);
  });
});
