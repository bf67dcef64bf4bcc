// Whole-repository lock files: the applications are npm / Yarn / pnpm workspaces of the repository
// root, and the only lock file is the root's. deps/vulnerabilities, deps/licenses and deps/outdated
// read each application's part of it (the fixtures of analyzers/lockfiles/fixtures/workspace-*).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackRegistry, type LoopbackRegistry } from '../../analyzers/registry-metadata/loopback-registry.js';
import { runCheck, workspaceFromFiles, writeFixture } from '../../engine/testing.js';
import licensesCheck, { type LicenseSummaryRow } from '../deps-licenses/check.js';
import outdatedCheck from '../deps-outdated/check.js';
import check from './check.js';

const FIXTURES = fileURLToPath(new URL('../../analyzers/lockfiles/fixtures/', import.meta.url));
const CONNECT_YAML = 'deployAs:\n  - name: processor\n    applicationType: service\n    endpoint: /\n  - name: enabler\n    applicationType: assets\n';

function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = { 'connect.yaml': CONNECT_YAML };
  const walk = (rel: string): void => {
    for (const entry of readdirSync(path.join(FIXTURES, dir, rel))) {
      const r = rel ? `${rel}/${entry}` : entry;
      if (statSync(path.join(FIXTURES, dir, r)).isDirectory()) walk(r);
      else out[r] = readFileSync(path.join(FIXTURES, dir, r), 'utf8');
    }
  };
  walk('');
  return out;
}

// An OSV record (the shape of the shared NSWG/GHSA data) for the processor's direct dependency.
const ADVISORIES = writeFixture({
  'npm/GHSA-test-debg-2699.json': JSON.stringify({
    schema_version: '1.6.0',
    id: 'GHSA-test-debg-2699',
    modified: '2025-01-01T00:00:00Z',
    summary: 'debug problem',
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' }],
    affected: [{ package: { ecosystem: 'npm', name: 'debug', purl: 'pkg:npm/debug' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '3.1.0' }] }] }],
  }),
});

let registry: LoopbackRegistry;
beforeAll(async () => {
  registry = await startLoopbackRegistry();
});
afterAll(() => registry.close());

const WORKSPACES: [string, string][] = [
  ['workspace-npm', 'package-lock.json'],
  ['workspace-yarn', 'yarn.lock'],
  ['workspace-pnpm', 'pnpm-lock.yaml'],
];

describe.each(WORKSPACES)('%s: the root %s serves the workspace applications', (dir, lockFile) => {
  it('deps/vulnerabilities: the processor’s packages, pointing at their entry in the root lock file', async () => {
    const ws = workspaceFromFiles(filesOf(dir), { settings: { offline: true, advisories: ADVISORIES } });
    const run = await runCheck(check, ws);
    expect(run.status).toBe('fail');
    expect(run.findings).toHaveLength(1);
    const finding = run.findings[0]!;
    expect(finding).toMatchObject({ severity: 'error', application: 'processor', file: lockFile, data: { package: { name: 'debug', version: '2.6.9' }, fixedIn: '3.1.0' } });
    const line = readFileSync(path.join(FIXTURES, dir, lockFile), 'utf8').split('\n')[finding.line! - 1]!;
    expect(line).toMatch(/"node_modules\/debug"|^debug@|^ {2}debug@2\.6\.9:/);
    const summary = (run.sections.dependencyVulnerabilities as { applications: { application: string; lockFile: string; packages: number }[] }).applications;
    expect(summary.map((a) => [a.application, a.lockFile])).toEqual([
      ['processor', lockFile],
      ['enabler', lockFile],
    ]);
    // Each application counts its own packages, not the whole repository's.
    expect(summary.map((a) => a.packages)).toEqual([4, 2]);
  });

  it('deps/licenses: every package of each application is judged (registry manifests where the lock has none)', async () => {
    const ws = workspaceFromFiles(filesOf(dir), { settings: { registryUrl: registry.url, cacheDir: writeFixture({}) } });
    const run = await runCheck(licensesCheck, ws);
    const summary = run.sections.licenseSummary as LicenseSummaryRow[];
    const counted = summary.reduce((n, r) => n + r.count, 0);
    expect(counted).toBe(6); // 4 of the processor's + 2 of the enabler's
    if (dir === 'workspace-yarn') {
      // yarn.lock resolves from registry.yarnpkg.com, not this loopback registry: nothing to ask it.
      expect(summary).toEqual([{ license: '(not available)', count: 6, verdict: 'not available', category: 'not-available', devOnly: 1 }]);
      expect(run.status).toBe('manual');
    } else {
      expect(summary).toEqual([{ license: 'MIT', count: 6, verdict: 'OSI-approved', category: 'osi', devOnly: 1 }]);
      expect(run.findings).toEqual([]);
      expect(run.status).toBe('pass');
    }
  });

  it('deps/outdated: the applications’ direct dependencies come from the root lock file', async () => {
    const ws = workspaceFromFiles(filesOf(dir), { settings: { offline: true, cacheDir: writeFixture({}) } });
    const run = await runCheck(outdatedCheck, ws);
    expect(run.status).toBe('skipped');
    expect(run.skipped).toBe(
      'registry metadata is missing for 3 of 3 direct dependencies (debug, escape-html, ms): offline and not in the registry cache; deprecations and latest majors cannot be checked (run once online, or with a filled --cache-dir)',
    );
    expect(run.skipped).not.toContain('no lock file');
  });
});
