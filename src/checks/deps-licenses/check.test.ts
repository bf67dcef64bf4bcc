import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackRegistry, type LoopbackRegistry } from '../../analyzers/registry-metadata/loopback-registry.js';
import { runCheck, workspaceFromFiles, type WorkspaceFixtureOptions } from '../../engine/testing.js';
import check, { type LicenseSummaryRow } from './check.js';

const fixture = (rel: string): string => readFileSync(new URL(`../../analyzers/lockfiles/fixtures/${rel}`, import.meta.url), 'utf8');
const CONNECT_YAML = 'deployAs:\n  - name: processor\n    applicationType: service\n    endpoint: /\n';

/** An npm v3 lock whose packages declare the licences under test. */
function lockWith(packages: Record<string, { license?: string; dev?: boolean; deps?: string[] }>, direct: string[], devDirect: string[] = []): string {
  const entries: Record<string, unknown> = {
    '': {
      name: 'processor',
      dependencies: Object.fromEntries(direct.map((n) => [n, '1.0.0'])),
      devDependencies: Object.fromEntries(devDirect.map((n) => [n, '1.0.0'])),
    },
  };
  for (const [name, p] of Object.entries(packages)) {
    entries[`node_modules/${name}`] = {
      version: '1.0.0',
      ...(p.dev ? { dev: true } : {}),
      ...(p.license !== undefined ? { license: p.license } : {}),
      ...(p.deps ? { dependencies: Object.fromEntries(p.deps.map((d) => [d, '^1.0.0'])) } : {}),
    };
  }
  return JSON.stringify({ name: 'processor', lockfileVersion: 3, requires: true, packages: entries }, null, 2);
}

// Packages the lock file has no licence for are looked up in a loopback registry (never the real one).
let registry: LoopbackRegistry;
beforeAll(async () => {
  registry = await startLoopbackRegistry();
});
afterAll(() => registry.close());
const online = (): WorkspaceFixtureOptions => ({ settings: { registryUrl: registry.url } });

const repo = (lock: string, extra: Record<string, string> = {}) =>
  workspaceFromFiles(
    {
      'connect.yaml': CONNECT_YAML,
      'processor/package.json': JSON.stringify({ name: 'processor', license: 'MIT' }),
      'processor/package-lock.json': lock,
      ...extra,
    },
    online(),
  );

describe('deps/licenses', () => {
  it('passes a lock whose packages all carry OSI-approved licences, and summarises them', async () => {
    const ws = workspaceFromFiles({
      'connect.yaml': CONNECT_YAML,
      'processor/package.json': fixture('npm-v3/package.json'),
      'processor/package-lock.json': fixture('npm-v3/package-lock.json'),
      'shared/package.json': fixture('shared/package.json'),
    }, online());
    const run = await runCheck(check, ws);
    expect(run.findings).toEqual([]);
    expect(run.status).toBe('pass');
    const summary = run.sections.licenseSummary as LicenseSummaryRow[];
    expect(summary).toEqual([
      { license: 'MIT', count: 78, verdict: 'OSI-approved', category: 'osi', devOnly: 1 },
      { license: 'ISC', count: 3, verdict: 'OSI-approved', category: 'osi', devOnly: 1 },
      { license: 'BSD-3-Clause', count: 1, verdict: 'OSI-approved', category: 'osi', devOnly: 0 },
    ]);
  });

  const lock = lockWith(
    {
      good: { license: 'MIT', deps: ['hidden'] },
      hidden: { license: 'UNLICENSED' },
      dual: { license: '(MIT OR GPL-3.0)' },
      gpl: { license: 'GPL-3.0-only' },
      mix: { license: 'MIT AND GPL-3.0' },
      vendor: { license: 'CyberSource' },
      cc: { license: 'CC-BY-4.0' },
      lgpl: { license: 'LGPL-3.0-or-later' },
      lower: { license: 'mit' },
      silent: {},
      tool: { license: 'SEE LICENSE IN LICENSE.md', dev: true },
      devgpl: { license: 'AGPL-3.0-only', dev: true },
      devcc: { license: 'CC0-1.0', dev: true },
    },
    ['good', 'dual', 'gpl', 'mix', 'vendor', 'cc', 'lgpl', 'lower', 'silent'],
    ['tool', 'devgpl', 'devcc'],
  );

  it('judges each package by its expression and by whether it ships', async () => {
    const run = await runCheck(check, repo(lock));
    const by = (id: string) => run.findings.find((f) => (f.data as { package?: string } | undefined)?.package === id);
    // Errors: unknown and proprietary licences of packages that ship, transitive ones included.
    expect(by('hidden')).toMatchObject({ severity: 'error', requirement: 'DEPLOY-OSS-LIBS', application: 'processor', file: 'processor/package-lock.json' });
    expect(by('hidden')!.message).toBe(
      'Application "processor": hidden@1.0.0 is "UNLICENSED" (not licensed for use by others) (licence from processor/package-lock.json; reached through good@1.0.0 › hidden@1.0.0)',
    );
    expect(by('hidden')!.line).toBe(lock.split('\n').findIndex((l) => l.includes('"node_modules/hidden"')) + 1);
    expect(by('hidden')!.data).toMatchObject({ category: 'proprietary', path: ['good@1.0.0', 'hidden@1.0.0'], dev: false, source: 'lock' });
    expect(by('vendor')).toMatchObject({ severity: 'error' });
    expect(by('vendor')!.message).toContain('declares "CyberSource", which is not an SPDX licence expression');
    // Strong copyleft is a MANUAL item, also inside an AND.
    expect(by('gpl')).toMatchObject({ severity: 'warning', manual: true });
    expect(by('mix')).toMatchObject({ severity: 'warning', manual: true });
    expect(by('mix')!.message).toContain('every licence of an AND applies, and GPL-3.0 is strong copyleft');
    expect(by('mix')!.message).toContain('a reviewer must decide');
    // Open but not OSI: warning; weak copyleft: information.
    expect(by('cc')).toMatchObject({ severity: 'warning' });
    expect(by('cc')!.manual).toBeUndefined();
    expect(by('lgpl')).toMatchObject({ severity: 'info' });
    // A choice with an OSI-approved alternative passes; a lower-case id is read as the SPDX id.
    expect(by('dual')).toBeUndefined();
    expect(by('lower')).toBeUndefined();
    expect(by('good')).toBeUndefined();
    // Dev-only: what would block is a warning, open licences are not mentioned.
    expect(by('tool')).toMatchObject({ severity: 'warning' });
    expect(by('tool')!.message).toContain('only reachable through devDependencies');
    expect(by('devgpl')).toMatchObject({ severity: 'warning' });
    expect(by('devgpl')!.manual).toBeUndefined();
    expect(by('devcc')).toBeUndefined();
    // No source records silent's licence (the registry does not publish it): one MANUAL finding for the application, not an error.
    const unavailable = run.findings.find((f) => f.message.includes('could not be checked'));
    expect(unavailable).toMatchObject({ severity: 'warning', manual: true, data: { packages: [{ id: 'silent@1.0.0', dev: false }] } });
    expect(run.findings).toHaveLength(9);
    expect(run.status).toBe('fail');
    // One finding per package, with a stable fingerprint for suppressions.
    expect(by('gpl')!.fingerprint).toBe('deps-licenses:gpl@1.0.0');
    const summary = run.sections.licenseSummary as LicenseSummaryRow[];
    expect(summary.find((r) => r.license === 'MIT')).toEqual({ license: 'MIT', count: 2, verdict: 'OSI-approved', category: 'osi', devOnly: 0 });
    expect(summary.find((r) => r.license === 'MIT AND GPL-3.0')).toMatchObject({ verdict: 'strong copyleft', count: 1 });
    expect(summary.find((r) => r.category === 'not-available')).toMatchObject({ license: '(not available)', count: 1 });
  });

  it('reads licences from an installed node_modules when the lock records none and the registry has no data (Yarn, offline)', async () => {
    const ws = workspaceFromFiles({
      'connect.yaml': CONNECT_YAML,
      'processor/package.json': JSON.stringify({ name: 'processor', dependencies: { a: '^1.0.0', b: '^1.0.0' }, devDependencies: { c: '^1.0.0' } }),
      'processor/yarn.lock': '# yarn lockfile v1\n\n\na@^1.0.0:\n  version "1.0.0"\n\nb@^1.0.0:\n  version "1.2.0"\n\nc@^1.0.0:\n  version "1.0.0"\n',
      'processor/node_modules/a/package.json': JSON.stringify({ name: 'a', version: '1.0.0', licenses: [{ type: 'MIT' }, { type: 'Apache-2.0' }] }),
      'processor/node_modules/b/package.json': JSON.stringify({ name: 'b', version: '1.2.0', license: { type: 'GPL-2.0' } }),
      'processor/node_modules/c/package.json': JSON.stringify({ name: 'c', version: '1.0.0' }),
    }, { settings: { offline: true } });
    const run = await runCheck(check, ws);
    expect(run.findings.map((f) => [(f.data as { package: string }).package, f.severity, f.manual ?? false])).toEqual([
      ['b', 'warning', true],
      ['c', 'warning', false],
    ]);
    expect(run.findings[0]!.message).toContain('licence from processor/node_modules/b/package.json');
    expect(run.findings[0]!.line).toBe(7);
    expect(run.findings[1]!.message).toContain('c@1.0.0 declares no licence');
  });

  it('without any licence source, asks a reviewer once per application', async () => {
    // The yarn.lock resolves from registry.yarnpkg.com, not the registry configured (loopback):
    // asking this registry about those names could describe other packages, so it is not asked.
    const ws = workspaceFromFiles({
      'connect.yaml': CONNECT_YAML,
      'processor/package.json': fixture('yarn-v1/package.json'),
      'processor/yarn.lock': fixture('yarn-v1/yarn.lock'),
      'shared/package.json': fixture('shared/package.json'),
    }, online());
    registry.reset();
    const run = await runCheck(check, ws);
    expect(registry.requests).toEqual([]);
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]).toMatchObject({ severity: 'warning', manual: true, file: 'processor/yarn.lock' });
    expect(run.findings[0]!.message).toMatch(
      new RegExp(`^Application "processor": the licences of 81 packages \\(79 in the runtime image, 2 dev-only\\) could not be checked: processor/yarn\\.lock does not record licences \\(Yarn lock files never do\\), the registry ${registry.url.replace(/\./g, '\\.')} does not publish them`),
    );
    expect(run.status).toBe('manual');
  });

  it('is skipped without a lock file', async () => {
    const ws = workspaceFromFiles({ 'connect.yaml': CONNECT_YAML, 'processor/package.json': '{"name":"p","dependencies":{"a":"1"}}' });
    const run = await runCheck(check, ws);
    expect(run.status).toBe('skipped');
    expect(run.skipped).toContain('no lock file');
  });
});
