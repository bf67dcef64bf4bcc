import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles, writeFixture } from '../../engine/testing.js';
import check, { majorsBetween } from './check.js';

const json = (value: unknown): string => JSON.stringify(value, null, 2);

const CONNECT_YAML = 'deployAs:\n  - name: service\n    applicationType: service\n    endpoint: /service\n';
const PACKAGE_JSON = {
  name: 'service',
  version: '1.0.0',
  dependencies: { express: '^3.21.0', request: '^2.88.0', lodash: '^4.17.21' },
  devDependencies: { eslint: '^8.57.0' },
};
const LOCK = {
  name: 'service',
  version: '1.0.0',
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': { name: 'service', version: '1.0.0', dependencies: PACKAGE_JSON.dependencies, devDependencies: PACKAGE_JSON.devDependencies },
    'node_modules/express': { version: '3.21.2', dependencies: { glob: '^7.0.0' } },
    'node_modules/glob': { version: '7.2.3', dependencies: { inflight: '^1.0.4' } },
    'node_modules/inflight': { version: '1.0.6', deprecated: 'This module is not supported, and leaks memory.' },
    'node_modules/request': { version: '2.88.2' },
    'node_modules/lodash': { version: '4.17.21' },
    'node_modules/eslint': { version: '8.57.1', dev: true, deprecated: 'This version is no longer supported.' },
  },
};
const FILES = { 'connect.yaml': CONNECT_YAML, 'service/package.json': json(PACKAGE_JSON), 'service/package-lock.json': json(LOCK) };

const PACKUMENTS: Record<string, Record<string, unknown>> = {
  express: {
    'dist-tags': { latest: '5.1.0' },
    versions: { '3.21.2': {}, '4.21.2': {}, '5.1.0': {} },
    time: { '3.21.2': '2015-07-30T00:00:00Z', '5.1.0': '2025-03-31T00:00:00Z' },
  },
  request: {
    'dist-tags': { latest: '2.88.2' },
    versions: { '2.88.2': { deprecated: 'request has been deprecated, see https://github.com/request/request/issues/3142' } },
  },
  lodash: { 'dist-tags': { latest: '4.17.21' }, versions: { '4.17.21': {} } },
  glob: { 'dist-tags': { latest: '11.0.0' }, versions: { '7.2.3': { deprecated: 'Glob versions prior to v9 are no longer supported' }, '11.0.0': {} } },
  inflight: { 'dist-tags': { latest: '1.0.6' }, versions: { '1.0.6': { deprecated: 'This module is not supported, and leaks memory.' } } },
  eslint: { 'dist-tags': { latest: '9.30.0' }, versions: { '8.57.1': { deprecated: 'This version is no longer supported.' }, '9.30.0': {} } },
};

let server: Server;
let registryUrl: string;
let requests = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    const name = decodeURIComponent((req.url ?? '/').slice(1));
    const doc = PACKUMENTS[name];
    if (!doc) {
      res.statusCode = 404;
      return res.end('{}');
    }
    const abbreviated = (req.headers.accept ?? '').includes('vnd.npm.install-v1');
    const { time, ...rest } = doc;
    res.setHeader('content-type', 'application/json');
    res.end(json({ name, modified: '2025-01-01T00:00:00Z', ...rest, ...(abbreviated ? {} : { time: time ?? {} }) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  registryUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function withoutDeprecations(): unknown {
  const lock = structuredClone(LOCK) as { packages: Record<string, { deprecated?: string }> };
  for (const entry of Object.values(lock.packages)) delete entry.deprecated;
  return lock;
}

describe('deps/outdated', () => {
  it('reports deprecated versions (direct runtime: error) and direct dependencies majors behind, with libyears', async () => {
    const ws = workspaceFromFiles(FILES, { settings: { registryUrl, cacheDir: writeFixture({}) } });
    const { findings, status, sections } = await runCheck(check, ws);
    expect(status).toBe('fail');
    expect(findings.map((f) => [f.severity, f.fingerprint])).toEqual([
      ['error', 'deprecated:request@2.88.2'],
      ['warning', 'deprecated:glob@7.2.3'],
      ['warning', 'deprecated:inflight@1.0.6'],
      ['warning', 'behind:express@3.21.2'],
      ['warning', 'behind:eslint@8.57.1'],
      ['warning', 'deprecated:eslint@8.57.1'],
    ]);
    const request = findings[0]!;
    expect(request).toMatchObject({ application: 'service', file: 'service/package.json', line: 6, requirement: 'SEC-OUTDATED-DEPS' });
    expect(request.message).toBe(
      'Application "service": the direct dependency request@2.88.2 ("dependencies" in service/package.json) is deprecated: "request has been deprecated, see https://github.com/request/request/issues/3142"; the latest release 2.88.2 is deprecated too: the package as a whole is',
    );
    expect(request.remediation).toMatch(/^Replace request/);
    const express = findings.find((f) => f.fingerprint === 'behind:express@3.21.2')!;
    expect(express.data).toMatchObject({ latest: '5.1.0', majorsBehind: 2, libyears: 9.67 });
    expect(express.message).toContain('is locked at 3.21.2 ("dependencies" in service/package.json), 2 majors behind, 9.7 libyears the latest release 5.1.0');
    // From the registry only (the lock file does not record it), reached through express.
    const glob = findings.find((f) => f.fingerprint === 'deprecated:glob@7.2.3')!;
    expect(glob).toMatchObject({ file: 'service/package-lock.json', line: 25 }); // "node_modules/glob"
    expect(glob.message).toContain('glob@7.2.3 via express@3.21.2 is deprecated');
    expect(glob.remediation).toMatch(/^Upgrade express /);
    const eslint = findings.find((f) => f.fingerprint === 'deprecated:eslint@8.57.1')!;
    expect(eslint.message).toContain('the direct devDependency eslint@8.57.1 ("devDependencies" in service/package.json) is deprecated');
    expect(sections.outdatedDependencies).toMatchObject({ offline: false, packages: 6, metadata: { found: 6, missing: 0 } });
  });

  it('the registry’s current word wins over the lock file (an un-deprecated release)', async () => {
    const lock = structuredClone(LOCK) as { packages: Record<string, { version?: string; deprecated?: string }> };
    lock.packages['node_modules/lodash']!.deprecated = 'deprecated by mistake';
    const ws = workspaceFromFiles({ ...FILES, 'service/package-lock.json': json(lock) }, { settings: { registryUrl } });
    expect((await runCheck(check, ws)).findings.map((f) => f.fingerprint)).not.toContain('deprecated:lodash@4.17.21');
    const offline = workspaceFromFiles({ ...FILES, 'service/package-lock.json': json(lock) }, { settings: { offline: true } });
    expect((await runCheck(check, offline)).findings.map((f) => f.fingerprint)).toContain('deprecated:lodash@4.17.21');
  });

  it('offline uses the registry cache a previous run filled', async () => {
    const cacheDir = writeFixture({});
    await runCheck(check, workspaceFromFiles(FILES, { settings: { registryUrl, cacheDir } }));
    requests = 0;
    const ws = workspaceFromFiles(FILES, { settings: { registryUrl, cacheDir, offline: true } });
    const { findings } = await runCheck(check, ws);
    expect(requests).toBe(0);
    expect(findings.map((f) => f.fingerprint)).toContain('behind:express@3.21.2');
    expect(findings.some((f) => f.severity === 'info')).toBe(false);
  });

  it('offline without cached data: lock-file deprecations still count, and what is missing is said', async () => {
    const ws = workspaceFromFiles(FILES, { settings: { offline: true, cacheDir: writeFixture({}) } });
    const { findings } = await runCheck(check, ws);
    expect(findings.map((f) => [f.severity, f.fingerprint])).toEqual([
      ['warning', 'deprecated:inflight@1.0.6'],
      ['warning', 'deprecated:eslint@8.57.1'],
      ['info', undefined],
    ]);
    expect(findings[2]!.message).toBe(
      'Registry metadata is missing for 6 packages (offline and not in the registry cache), among them the direct dependencies eslint, express, lodash, request, so how far behind they are is not known; deprecations not recorded in the lock file are not checked for glob, inflight',
    );
  });

  it('offline without cached data and nothing in the lock file: skipped, naming what is missing', async () => {
    const lock = withoutDeprecations();
    const ws = workspaceFromFiles({ ...FILES, 'service/package-lock.json': json(lock) }, { settings: { offline: true } });
    const result = await runCheck(check, ws);
    expect(result.status).toBe('skipped');
    expect(result.skipped).toBe(
      'registry metadata is missing for 4 of 4 direct dependencies (eslint, express, lodash, request) and 2 other packages: offline and not in the registry cache; deprecations and latest majors cannot be checked (run once online, or with a filled --cache-dir)',
    );
  });

  it('an unreachable registry is reported like missing data', async () => {
    const lock = withoutDeprecations();
    const ws = workspaceFromFiles({ ...FILES, 'service/package-lock.json': json(lock) }, { settings: { registryUrl: 'http://127.0.0.1:9' } });
    const result = await runCheck(check, ws);
    expect(result.status).toBe('skipped');
    expect(result.skipped).toMatch(/the registry http:\/\/127\.0\.0\.1:9 did not answer \(eslint: /);
  });

  it('up-to-date dependencies pass', async () => {
    const ws = workspaceFromFiles(
      {
        'connect.yaml': CONNECT_YAML,
        'service/package.json': json({ name: 'service', dependencies: { lodash: '^4.17.21' } }),
        'service/package-lock.json': json({ lockfileVersion: 3, packages: { '': { dependencies: { lodash: '^4.17.21' } }, 'node_modules/lodash': { version: '4.17.21' } } }),
      },
      { settings: { registryUrl } },
    );
    const { findings, status } = await runCheck(check, ws);
    expect(findings).toEqual([]);
    expect(status).toBe('pass');
  });

  it('skips without a lock file or a Node.js application', async () => {
    const noLock = workspaceFromFiles({ 'connect.yaml': CONNECT_YAML, 'service/package.json': json(PACKAGE_JSON) }, { settings: { registryUrl } });
    expect((await runCheck(check, noLock)).skipped).toMatch(/^no lock file to read installed versions from: service/);
    const none = workspaceFromFiles({ 'connect.yaml': CONNECT_YAML }, { settings: { registryUrl } });
    expect((await runCheck(check, none)).status).toBe('skipped');
  });
});

describe('majorsBetween', () => {
  it('counts majors, not minors; newer or equal is not behind', () => {
    expect(majorsBetween('3.21.2', '5.1.0')).toBe(2);
    expect(majorsBetween('4.17.20', '4.17.21')).toBe(0);
    expect(majorsBetween('0.3.0', '0.5.0')).toBe(0);
    expect(majorsBetween('0.3.0', '1.0.0')).toBe(1);
    expect(majorsBetween('6.0.0', '5.0.0')).toBeUndefined();
    expect(majorsBetween('git+https://x', '5.0.0')).toBeUndefined();
  });
});
