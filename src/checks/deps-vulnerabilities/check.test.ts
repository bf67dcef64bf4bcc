import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdvisoryStore, NO_ADVISORY_DATA } from '../../analyzers/advisories/index.js';
import type { DependencyGraph, DependencyNode } from '../../analyzers/lockfiles/graph.js';
import { runCheck, workspaceFromFiles, writeFixture } from '../../engine/testing.js';
import check, { DEV_ONLY_NOTE, vulnerabilityFindings } from './check.js';

const json = (value: unknown): string => JSON.stringify(value, null, 2);
const HIGH = [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' }]; // 7.5
const CRITICAL = [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }]; // 9.8
const MEDIUM = [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N' }]; // 5.3

function osv(id: string, name: string, events: Record<string, string>[], extra: Record<string, unknown> = {}) {
  return {
    schema_version: '1.6.0',
    id,
    modified: '2024-01-01T00:00:00Z',
    summary: `${name} problem ${id}`,
    affected: [{ package: { ecosystem: 'npm', name }, ranges: [{ type: 'SEMVER', events }] }],
    ...extra,
  };
}

const ADVISORIES = {
  'ghsa/lodash.json': json(osv('GHSA-35jh-r3h4-6jhm', 'lodash', [{ introduced: '0' }, { fixed: '4.17.21' }], { severity: HIGH, aliases: ['CVE-2021-23337'] })),
  // The same vulnerability from a second database: one finding, both ids listed.
  'nswg/lodash.json': json(osv('x_NSWG-ECO-9999', 'lodash', [{ introduced: '4.0.0' }, { fixed: '4.17.21' }], { aliases: ['CVE-2021-23337'] })),
  'ghsa/lodash-unfixed.json': json(osv('GHSA-uuuu-uuuu-uuuu', 'lodash', [{ introduced: '0' }], { severity: HIGH })),
  'ghsa/qs.json': json(osv('GHSA-hrpp-h998-j3pp', 'qs', [{ introduced: '6.11.0' }, { fixed: '6.11.1' }], { severity: HIGH })),
  'ghsa/express.json': json(osv('GHSA-qw6h-vgh9-j6wx', 'express', [{ introduced: '0' }, { fixed: '4.20.0' }], { severity: MEDIUM })),
  'ghsa/minimist.json': json(osv('GHSA-xvch-5gv4-984h', 'minimist', [{ introduced: '1.0.0' }, { fixed: '1.2.6' }], { severity: CRITICAL })),
};

const CONNECT_YAML = 'deployAs:\n  - name: service\n    applicationType: service\n    endpoint: /service\n';
const PACKAGE_JSON = {
  name: 'service',
  version: '1.0.0',
  scripts: { start: 'node index.js' },
  dependencies: { express: '^4.18.0', lodash: '^4.17.0' },
  devDependencies: { 'test-runner': '^1.0.0' },
};
const LOCK = {
  name: 'service',
  version: '1.0.0',
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': { name: 'service', version: '1.0.0', dependencies: PACKAGE_JSON.dependencies, devDependencies: PACKAGE_JSON.devDependencies },
    'node_modules/express': { version: '4.18.2', dependencies: { qs: '6.11.0' } },
    'node_modules/qs': { version: '6.11.0' },
    'node_modules/lodash': { version: '4.17.20' },
    'node_modules/test-runner': { version: '1.0.0', dev: true, dependencies: { minimist: '^1.2.0' } },
    'node_modules/minimist': { version: '1.2.5', dev: true },
  },
};

function service(lock: unknown = LOCK, packageJson: unknown = PACKAGE_JSON) {
  return { 'connect.yaml': CONNECT_YAML, 'service/package.json': json(packageJson), 'service/package-lock.json': json(lock), 'service/index.js': '' };
}

const advisoriesDir = writeFixture(ADVISORIES);

describe('deps/vulnerabilities', () => {
  it('reports each vulnerable locked version once per vulnerability, with Connect’s blocking rule', async () => {
    const ws = workspaceFromFiles(service(), { settings: { offline: true, advisories: advisoriesDir } });
    const { findings, status, sections } = await runCheck(check, ws);
    expect(status).toBe('fail');
    const summary = findings.map((f) => [f.severity, f.data?.advisory, (f.data?.package as { name: string }).name]);
    expect(summary).toEqual([
      ['error', 'GHSA-35jh-r3h4-6jhm', 'lodash'],
      ['error', 'GHSA-hrpp-h998-j3pp', 'qs'],
      ['error', 'GHSA-xvch-5gv4-984h', 'minimist'], // dev-only, still blocking: Connect scans devDependencies
      ['warning', 'GHSA-qw6h-vgh9-j6wx', 'express'], // medium
      ['warning', 'GHSA-uuuu-uuuu-uuuu', 'lodash'], // high but no fix
    ]);
    expect(sections.dependencyVulnerabilities).toMatchObject({ applications: [{ application: 'service', packages: 5, vulnerable: 4, devOnlyVulnerable: 1, blocking: 3 }] });
  });

  it('a vulnerable direct dependency names the fix and whether the declared range admits it', async () => {
    const ws = workspaceFromFiles(service(), { settings: { offline: true, advisories: advisoriesDir } });
    const lodash = (await runCheck(check, ws)).findings[0]!;
    expect(lodash).toMatchObject({
      severity: 'error',
      application: 'service',
      file: 'service/package-lock.json',
      line: 27, // the "node_modules/lodash" entry
      requirement: 'SEC-VULN-DEPS',
      fingerprint: 'GHSA-35jh-r3h4-6jhm:lodash@4.17.20',
      data: {
        package: { name: 'lodash', version: '4.17.20' },
        advisory: 'GHSA-35jh-r3h4-6jhm',
        advisories: ['GHSA-35jh-r3h4-6jhm', 'CVE-2021-23337', 'x_NSWG-ECO-9999'],
        fixedIn: '4.17.21',
        path: ['lodash@4.17.20'],
        severity: 'high',
        score: 7.5,
        devOnly: false,
        direct: true,
        upgrade: { package: 'lodash', to: '4.17.21', rangeAdmits: true },
      },
    });
    expect(lodash.message).toBe(
      'Application "service": lodash@4.17.20 in service/package-lock.json is affected by GHSA-35jh-r3h4-6jhm (CVE-2021-23337, x_NSWG-ECO-9999), high 7.5: lodash problem GHSA-35jh-r3h4-6jhm; affected versions <4.17.21 || >=4.0.0 <4.17.21; fixed in 4.17.21; lodash is a direct dependency ("dependencies": "^4.17.0" in service/package.json): upgrading it to 4.17.21 removes this; the declared range already admits it, only the lock file needs updating',
    );
    expect(lodash.remediation).toBe('Update the lock file so lodash resolves to 4.17.21 or later (`npm update lodash`) and commit it.');
  });

  it('a transitive one names the direct dependency that brings it in and the path', async () => {
    const ws = workspaceFromFiles(service(), { settings: { offline: true, advisories: advisoriesDir } });
    const qs = (await runCheck(check, ws)).findings.find((f) => f.data?.advisory === 'GHSA-hrpp-h998-j3pp')!;
    expect(qs.data).toMatchObject({ path: ['express@4.18.2', 'qs@6.11.0'], direct: false, fixedIn: '6.11.1', upgrade: { package: 'express', to: null } });
    expect(qs.message).toContain('brought in by the direct dependency express@4.18.2 (express@4.18.2 > qs@6.11.0)');
    expect(qs.remediation).toContain('"overrides" in package.json');
  });

  it('dev-only packages keep the rules and say they are dev-only', async () => {
    const ws = workspaceFromFiles(service(), { settings: { offline: true, advisories: advisoriesDir } });
    const minimist = (await runCheck(check, ws)).findings.find((f) => f.data?.advisory === 'GHSA-xvch-5gv4-984h')!;
    expect(minimist.message).toContain(`"service": ${DEV_ONLY_NOTE}: minimist@1.2.5`);
    expect(minimist.data).toMatchObject({ devOnly: true, severity: 'critical', score: 9.8 });
  });

  it('a high vulnerability without a fix is a warning that says why', async () => {
    const ws = workspaceFromFiles(service(), { settings: { offline: true, advisories: advisoriesDir } });
    const unfixed = (await runCheck(check, ws)).findings.find((f) => f.data?.advisory === 'GHSA-uuuu-uuuu-uuuu')!;
    expect(unfixed.severity).toBe('warning');
    expect(unfixed.message).toMatch(/no fixed version is known; .* \(not blocking while no fix exists\)$/);
    expect(unfixed.data).toMatchObject({ fixedIn: null, upgrade: { package: 'lodash', to: null } });
  });

  it('passes when nothing locked is affected', async () => {
    const clean = structuredClone(LOCK);
    clean.packages['node_modules/lodash'].version = '4.17.21';
    clean.packages['node_modules/qs'].version = '6.11.2';
    clean.packages['node_modules/minimist'].version = '1.2.8';
    clean.packages['node_modules/express'].version = '4.21.0';
    const ws = workspaceFromFiles(service(clean), { settings: { offline: true, advisories: advisoriesDir } });
    const { findings, status } = await runCheck(check, ws);
    expect(findings.filter((f) => f.data?.advisory !== 'GHSA-uuuu-uuuu-uuuu')).toEqual([]);
    expect(status).toBe('warn'); // the unfixed lodash advisory covers every version
  });

  it('skips without advisory data when offline', async () => {
    const ws = workspaceFromFiles(service(), { settings: { offline: true } });
    expect(await runCheck(check, ws)).toMatchObject({ status: 'skipped', skipped: NO_ADVISORY_DATA });
  });

  it('skips without a lock file (buildpack/lock-file reports that)', async () => {
    const files = service();
    delete (files as Record<string, string>)['service/package-lock.json'];
    const ws = workspaceFromFiles(files, { settings: { offline: true, advisories: advisoriesDir } });
    const result = await runCheck(check, ws);
    expect(result.status).toBe('skipped');
    expect(result.skipped).toMatch(/^no lock file to read resolved versions from: service/);
  });

  it('skips when there is no Node.js application', async () => {
    const ws = workspaceFromFiles({ 'connect.yaml': CONNECT_YAML }, { settings: { offline: true, advisories: advisoriesDir } });
    expect((await runCheck(check, ws)).status).toBe('skipped');
  });

  it.each([
    ['yarn-v1', 'yarn.lock', 'ms@2.1.3, ms@^2.1.3:'],
    ['yarn-berry', 'yarn.lock', '"ms@npm:2.1.3, ms@npm:^2.1.3":'],
    ['pnpm-v5', 'pnpm-lock.yaml', '  /ms/2.1.3:'],
  ])('%s: a finding points at the entry of the vulnerable version, not the first of its name', async (dir, lockFile, entry) => {
    const fixture = (rel: string) => readFileSync(new URL(`../../analyzers/lockfiles/fixtures/${rel}`, import.meta.url), 'utf8');
    const advisories = writeFixture({ 'ms.json': json(osv('GHSA-msms-msms-msms', 'ms', [{ introduced: '2.1.0' }, { fixed: '2.1.4' }], { severity: HIGH })) });
    const ws = workspaceFromFiles(
      {
        'connect.yaml': 'deployAs:\n  - name: processor\n    applicationType: service\n    endpoint: /\n',
        'processor/package.json': fixture(`${dir}/package.json`),
        [`processor/${lockFile}`]: fixture(`${dir}/${lockFile}`),
        'shared/package.json': fixture('shared/package.json'),
      },
      { settings: { offline: true, advisories } },
    );
    const { findings } = await runCheck(check, ws);
    const ms = findings.filter((f) => (f.data?.package as { version: string }).version === '2.1.3');
    expect(ms).toHaveLength(1);
    const lines = fixture(`${dir}/${lockFile}`).split('\n');
    // Another ms entry (2.0.0) comes first in every one of these lock files.
    expect(lines.findIndex((l) => /^\s*["/]?ms[@/"]/.test(l))).toBeLessThan(ms[0]!.line! - 1);
    expect(lines[ms[0]!.line! - 1]).toBe(entry);
  });
});

describe('deps/vulnerabilities online (loopback OSV API)', () => {
  let server: Server;
  let osvApiUrl: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        if (req.url === '/v1/querybatch') {
          const { queries } = JSON.parse(body) as { queries: { package: { name: string }; version: string }[] };
          return res.end(json({ results: queries.map((q) => (q.package.name === 'qs' ? { vulns: [{ id: 'GHSA-hrpp-h998-j3pp', modified: '2024-01-01T00:00:00Z' }] } : {})) }));
        }
        if (req.url === '/v1/vulns/GHSA-hrpp-h998-j3pp') return res.end(ADVISORIES['ghsa/qs.json']);
        res.statusCode = 404;
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    osvApiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('queries the OSV API for the locked versions when no local data is given', async () => {
    const ws = workspaceFromFiles(service(), { settings: { osvApiUrl, cacheDir: writeFixture({}) } });
    const { findings } = await runCheck(check, ws);
    expect(findings.map((f) => f.data?.advisory)).toEqual(['GHSA-hrpp-h998-j3pp']);
  });

  it('skips when the OSV API does not answer and there is no local data', async () => {
    const ws = workspaceFromFiles(service(), { settings: { osvApiUrl: 'http://127.0.0.1:9' } });
    const result = await runCheck(check, ws);
    expect(result.status).toBe('skipped');
    expect(result.skipped).toMatch(/^the OSV API did not answer and no local advisory data is configured: OSV query batch to http:\/\/127\.0\.0\.1:9 failed/);
  });

  it('falls back to local data with a note when the OSV API does not answer', async () => {
    const ws = workspaceFromFiles(service(), { settings: { osvApiUrl: 'http://127.0.0.1:9', advisories: advisoriesDir } });
    const { findings } = await runCheck(check, ws);
    expect(findings.filter((f) => f.severity === 'error')).toHaveLength(3);
    expect(findings.at(-1)).toMatchObject({ severity: 'info' });
    expect(findings.at(-1)!.message).toContain('was checked against the local advisory data only');
  });
});

// The finding builder on hand-made graphs (any lock format produces this shape).
function graphOf(nodes: Array<Partial<DependencyNode> & { name: string; version: string }>, edges: Record<string, string[]>, manager: DependencyGraph['manager'] = 'yarn-classic'): DependencyGraph {
  const map = new Map<string, DependencyNode>();
  for (const n of nodes) {
    const id = `${n.name}@${n.version}`;
    map.set(id, { id, dev: false, optional: false, peer: false, direct: false, locations: [], ...n });
  }
  for (const id of edges[''] ?? []) map.get(id)!.direct = true;
  const dependencies = new Map(Object.entries(edges));
  const pathTo = (target: string): string[] => {
    const queue: string[][] = (edges[''] ?? []).map((id) => [id]);
    while (queue.length > 0) {
      const path = queue.shift()!;
      const last = path[path.length - 1]!;
      if (last === target) return path;
      for (const child of dependencies.get(last) ?? []) if (!path.includes(child)) queue.push([...path, child]);
    }
    return [];
  };
  return { manager, format: 'hand-made', nodes: map, dependencies, pathTo, problems: [], localPackages: [], unresolvedDirect: [], application: 'event', lockFile: 'event/yarn.lock', importer: '' };
}

describe('vulnerabilityFindings (hand-made graphs)', () => {
  const store = new AdvisoryStore();
  store.replaceSource({ id: 'memory', kind: 'memory', location: 'test' }, [
    osv('GHSA-deep-deep-deep', 'deep', [{ introduced: '0' }, { fixed: '2.0.0' }], { severity: CRITICAL }),
    osv('GHSA-dire-ctly-used', 'direct', [{ introduced: '0' }, { fixed: '3.0.0' }], { severity: HIGH }),
  ]);
  const graph = graphOf(
    [
      { name: 'direct', version: '1.0.0' },
      { name: 'middle', version: '1.0.0' },
      { name: 'deep', version: '1.5.0' },
    ],
    { '': ['direct@1.0.0'], 'direct@1.0.0': ['middle@1.0.0'], 'middle@1.0.0': ['deep@1.5.0'] },
  );
  const matches = store.affected([...graph.nodes.values()]);

  it('uses the package manager’s commands and the declared range', () => {
    const findings = vulnerabilityFindings(graph, matches, { packageJson: { file: 'event/package.json', dependencies: { direct: '^1.0.0' }, devDependencies: {}, peerDependencies: {}, optionalDependencies: {} } });
    const direct = findings.find((f) => f.data?.advisory === 'GHSA-dire-ctly-used')!;
    expect(direct.data).toMatchObject({ upgrade: { package: 'direct', to: '3.0.0', rangeAdmits: false } });
    expect(direct.message).toContain('the declared range does not admit it');
    expect(direct.remediation).toBe('Upgrade direct to ^3.0.0 or later (`yarn add direct@^3.0.0`) and commit the lock file.');
    const deep = findings.find((f) => f.data?.advisory === 'GHSA-deep-deep-deep')!;
    expect(deep.data).toMatchObject({ path: ['direct@1.0.0', 'middle@1.0.0', 'deep@1.5.0'], upgrade: { package: 'direct' } });
    expect(deep.remediation).toContain("`yarn upgrade deep`) if middle's range admits it, else upgrade direct");
    expect(deep.remediation).toContain('"resolutions" in package.json');
  });

  it('cuts paragraph-long advisory titles', () => {
    const long = new AdvisoryStore();
    long.replaceSource({ id: 'memory', kind: 'memory', location: 'test' }, [
      osv('GHSA-long-long-long', 'deep', [{ introduced: '0' }], { summary: `Deep ${'very '.repeat(60)}long title.` }),
    ]);
    const [finding] = vulnerabilityFindings(graph, long.affected([...graph.nodes.values()]));
    expect(finding!.message).toMatch(/: Deep (very ){30}/);
    expect(finding!.message).toContain('…; affected versions *; no fixed version is known');
    expect(finding!.severity).toBe('warning'); // unknown severity, no fix
  });

  it('without package.json or lock text it still names fix and path', () => {
    const findings = vulnerabilityFindings(graph, matches);
    expect(findings).toHaveLength(2);
    expect(findings.every((f) => f.severity === 'error' && f.file === 'event/yarn.lock' && f.line === undefined)).toBe(true);
  });
});
