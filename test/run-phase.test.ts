// The run phase end to end, in the sandbox: the good example connector's four applications build,
// test, start and answer; each bad example fails at the right step with the right code; and a
// generated connector with one defect per application (stateful answers, too much memory, a hang, a
// loopback-only listener, tests that need the internet, a build that fails, an assets build without
// output) shows every other run-time rule firing. Needs bubblewrap and the npm registry (the
// examples' `npm ci` / `yarn install`); skipped with a message when the sandbox is unavailable.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runFunctionalPhase, RUN_PHASE_CHECK_IDS, RUN_PHASE_SECTION, type ApplicationRun, type FunctionalRun, type RunIssue } from '../src/analyzers/functional/index.js';
import { BWRAP_MISSING_MESSAGE, detectSandbox } from '../src/analyzers/sandbox/index.js';
import { certify, type Finding, type Report } from '../src/index.js';
import { FIXTURE_DIR_PREFIX, workspaceFromFiles, writeFixture, type FixtureFiles } from '../src/engine/testing.js';

const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'examples');
const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'connect-certify.js');
const CREATOR = { email: 'connectors@cart-guard.dev', name: 'Example Creator' };
/** A connector's install, build, tests and two starts per application. */
const EXAMPLE_TIMEOUT_MS = 10 * 60_000;
const sandbox = detectSandbox();
if (!sandbox.available) process.stderr.write(`run-phase: skipped, no usable bubblewrap: ${sandbox.reason ?? ''}\n`);
const ids = [...RUN_PHASE_CHECK_IDS];
/** Logs of these runs go to a fixture folder the test run's teardown removes. */
const RUNS_DIR = mkdtempSync(path.join(os.tmpdir(), `${FIXTURE_DIR_PREFIX}run-phase-`));

const reports = new Map<string, Promise<Report>>();
/** One run-phase certification per example, shared by the tests that read it. */
function certifyRun(example: string): Promise<Report> {
  let report = reports.get(example);
  if (!report) {
    report = certify({ target: path.join(EXAMPLES, example), creator: CREATOR, only: ids, enable: ids, settings: { run: { runsDir: RUNS_DIR } } });
    reports.set(example, report);
  }
  return report;
}

function sectionOf(report: Report): FunctionalRun {
  return report.sections[RUN_PHASE_SECTION] as FunctionalRun;
}

function errors(report: Report): Finding[] {
  return report.findings.filter((f) => f.severity === 'error');
}

function describeErrors(report: Report): string {
  return errors(report).map((f) => `[${f.requirement}] ${f.check} ${f.application ?? ''}: ${f.message}\n${f.evidence ?? ''}`).join('\n');
}

describe.skipIf(!sandbox.available)('run phase on the examples', () => {
  describe('good-connector', () => {
    let report: Report;
    let run: FunctionalRun;
    beforeAll(async () => {
      report = await certifyRun('good-connector');
      run = sectionOf(report);
    }, EXAMPLE_TIMEOUT_MS);

    it('reports no error and every run check ran', () => {
      expect(errors(report), describeErrors(report)).toEqual([]);
      for (const id of ids) expect(report.checks.find((c) => c.id === id)?.status).not.toMatch(/skipped|error/);
    });
    it('builds, tests, starts and probes all four applications', () => {
      expect(run.applications.map((a) => a.name)).toEqual(['service', 'event', 'job', 'assets']);
      for (const app of run.applications) {
        expect(app.steps.install.status, app.name).toBe('passed');
        expect(app.steps.test.status, app.name).toBe('passed');
        expect(app.steps.start.status, app.name).toBe('passed');
      }
      const byName = new Map(run.applications.map((a) => [a.name, a]));
      expect(byName.get('service')!.steps.build).toMatchObject({ status: 'passed', command: 'npm run gcp-build' });
      expect(byName.get('assets')!.steps.build).toMatchObject({ status: 'passed', command: 'npm run build' });
      expect(byName.get('event')!.steps.build.status).toBe('skipped');
    });
    it('records the node:test counts of every application', () => {
      for (const app of run.applications) {
        expect(app.steps.test.counts, app.name).toMatchObject({ runner: 'node:test', failed: 0 });
        expect(app.steps.test.counts!.passed).toBeGreaterThan(0);
      }
    });
    it('probes each endpoint the way Connect calls it, and the health checks', () => {
      const probes = (name: string) => run.applications.find((a) => a.name === name)!.steps.start.probes!.filter((p) => p.instance === 1 && !p.repeat);
      expect(probes('service').map((p) => `${p.method} ${p.path}`)).toEqual(['POST /service', 'GET /health']);
      expect(probes('event').map((p) => `${p.method} ${p.path} ${p.status}`)).toEqual(['POST /event 204', 'GET /health 200']);
      expect(probes('job').map((p) => `${p.method} ${p.path}`)).toEqual(['POST /job']);
      expect(probes('assets').map((p) => `${p.method} ${p.path} ${p.status}`)).toEqual(['GET / 200']);
    });
    it('restarts each application and compares the answers', () => {
      for (const app of run.applications) expect(app.steps.start.restart, app.name).toMatchObject({ compared: true, suggestsState: false });
    });
    it('measures memory against Connect\'s limits', () => {
      for (const app of run.applications) {
        const memory = app.steps.start.memory!;
        expect(memory.limitBytes).toBe(app.applicationType === 'job' ? 4096 * 1024 * 1024 : 512 * 1024 * 1024);
        expect(memory.peakRssBytes!).toBeGreaterThan(0);
        expect(memory.peakRssBytes!).toBeLessThan(memory.limitBytes);
      }
    });
    it('keeps a log per step, and the secured placeholders out of the report', () => {
      for (const app of run.applications) {
        for (const step of [app.steps.install, app.steps.test, app.steps.start]) expect(existsSync(step.log!), step.log).toBe(true);
        for (const entry of app.configuration.filter((c) => c.secured)) expect(entry.shown).toBe('[redacted]');
      }
      expect(run.sandbox).toMatchObject({ mode: 'bwrap', unsafe: false, network: 'isolated' });
    });
  });

  const bad: { example: string; step: 'install' | 'build' | 'test' | 'start'; check: string; requirement: string; message: RegExp }[] = [
    { example: 'bad-failing-test', step: 'test', check: 'run/tests', requirement: 'FUNC-TESTS', message: /1 of 4 tests failed \(node:test\)/ },
    { example: 'bad-crash-on-start', step: 'start', check: 'run/start', requirement: 'FUNC-RUN', message: /crashed at start-up: it exited with code 1/ },
    { example: 'bad-no-listener', step: 'start', check: 'run/start', requirement: 'FUNC-RUN', message: /exited \(code 0\) .* without ever listening on port 8080/ },
    { example: 'bad-uncompiled-ts', step: 'start', check: 'run/start', requirement: 'FUNC-RUN', message: /`yarn run start` .* crashed at start-up/ },
  ];
  for (const { example, step, check, requirement, message } of bad) {
    it(`${example} fails at ${step} with ${requirement}`, { timeout: EXAMPLE_TIMEOUT_MS }, async () => {
      const report = await certifyRun(example);
      const found = errors(report);
      expect(found.map((f) => `${f.check} ${f.requirement}`), describeErrors(report)).toEqual([`${check} ${requirement}`]);
      expect(found[0]!.message).toMatch(message);
      expect(found[0]!.application).toBe('service');
      expect(found[0]!.evidence).toBeTruthy();
      const app = sectionOf(report).applications[0]!;
      expect(app.steps[step].status).toBe('failed');
      const order = ['install', 'build', 'test', 'start'] as const;
      for (const earlier of order.slice(0, order.indexOf(step))) expect(app.steps[earlier].status, earlier).not.toBe('failed');
    });
  }

  it('bad-uncompiled-ts: Yarn ignores the build script, so dist/index.js is missing at start', { timeout: EXAMPLE_TIMEOUT_MS }, async () => {
    const report = await certifyRun('bad-uncompiled-ts');
    const app = sectionOf(report).applications[0]!;
    expect(app.packageManager).toBe('yarn');
    expect(app.steps.install.command).toMatch(/^yarn install .*--frozen-lockfile/);
    expect(app.steps.build).toMatchObject({ status: 'skipped', reason: 'Yarn runs only gcp-build; the build script is ignored' });
    expect(readFileSync(app.steps.start.log!, 'utf8')).toMatch(/Cannot find module '\/workspace\/service\/dist\/index\.js'/);
  });
});

// ---------------------------------------------------------------------------------------------
// One defect per application, in a generated connector without dependencies (no registry needed).

function app(name: string, scripts: Record<string, string>, files: Record<string, string>): FixtureFiles {
  const pkg = { name, version: '1.0.0', private: true, type: 'module', license: 'MIT', scripts };
  const lock = { name, version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name, version: '1.0.0', license: 'MIT' } } };
  const out: FixtureFiles = {
    [`${name}/package.json`]: JSON.stringify(pkg, null, 2),
    [`${name}/package-lock.json`]: JSON.stringify(lock, null, 2),
  };
  for (const [file, text] of Object.entries(files)) out[`${name}/${file}`] = text;
  return out;
}

const server = (handler: string, listen = 'server.listen(Number(process.env.PORT ?? 8080));') =>
  `import { createServer } from 'node:http';\nconst server = createServer((request, response) => {\n  request.resume();\n  request.on('end', () => {\n${handler}\n  });\n});\n${listen}\n`;
const answer = (body: string) => `    response.writeHead(200, { 'content-type': 'application/json' });\n    response.end(${body});`;
const passingTest = { 'test/unit.test.js': "import { test } from 'node:test';\ntest('works', () => {});\n" };
const scripts = { start: 'node src/index.js', test: 'node --test test/' };

const DEFECTS: FixtureFiles = {
  'connect.yaml': [
    'deployAs:',
    ...['fine', 'stateful', 'hog', 'hang', 'loopback', 'nettest', 'buildfail'].flatMap((name) => [
      `  - name: ${name}`,
      '    applicationType: service',
      '    endpoint: /service',
    ]),
    '  - name: nooutput',
    '    applicationType: assets',
    '',
  ].join('\n'),
  ...app('fine', scripts, { 'src/index.js': server(answer("'{\"actions\":[]}'")), ...passingTest }),
  ...app('stateful', scripts, {
    'src/index.js': `let seen = 0;\n${server(`    seen += 1;\n${answer('JSON.stringify({ seen })')}`)}`,
    ...passingTest,
  }),
  ...app('hog', scripts, {
    'src/index.js': `const keep = [];\nfor (let i = 0; i < 40; i++) keep.push(Buffer.alloc(16 * 1024 * 1024, 1));\n${server(answer("'{}'"))}`,
    ...passingTest,
  }),
  ...app('hang', scripts, { 'src/index.js': server('    // never answers'), ...passingTest }),
  ...app('loopback', scripts, { 'src/index.js': server(answer("'{}'"), "server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1');"), ...passingTest }),
  ...app('nettest', scripts, {
    'src/index.js': server(answer("'{}'")),
    'test/remote.test.js': "import { test } from 'node:test';\ntest('reaches the registry', async () => {\n  await fetch('https://registry.npmjs.org/');\n});\n",
  }),
  ...app('buildfail', { ...scripts, build: "node -e \"console.error('src/index.ts(1,7): error TS2322: Type string is not assignable to type number'); process.exit(2)\"" }, {
    'src/index.js': server(answer("'{}'")),
    ...passingTest,
  }),
  ...app('nooutput', { build: "node -e \"console.log('built nothing')\"", start: 'node serve.js', test: 'node --test test/' }, {
    'serve.js': server(answer("'{}'")),
    ...passingTest,
  }),
};

describe.skipIf(!sandbox.available)('run phase rules on a connector with one defect per application', () => {
  let run: FunctionalRun;
  const appRun = (name: string): ApplicationRun => run.applications.find((a) => a.name === name)!;
  const issues = (name: string, severity?: RunIssue['severity']): RunIssue[] => appRun(name).issues.filter((i) => i.severity !== 'info' && (!severity || i.severity === severity));

  beforeAll(async () => {
    run = await runFunctionalPhase(workspaceFromFiles(DEFECTS), { runsDir: RUNS_DIR });
  }, EXAMPLE_TIMEOUT_MS);

  it('a healthy application triggers nothing', () => {
    expect(issues('fine')).toEqual([]);
    expect(appRun('fine').steps.start.restart).toMatchObject({ compared: true, suggestsState: false });
  });
  it('DEPLOY-STATELESS: an answer that changes on the same instance and resets on restart', () => {
    expect(issues('stateful').map((i) => `${i.severity} ${i.requirement}`)).toEqual(['warning DEPLOY-STATELESS']);
    expect(appRun('stateful').steps.start.restart).toMatchObject({ suggestsState: true, first: '200 {"seen":1}', repeat: '200 {"seen":2}' });
  });
  it('DEPLOY-LIGHTWEIGHT: more resident memory than Connect\'s 512 MB', () => {
    expect(issues('hog').map((i) => `${i.severity} ${i.requirement}`)).toEqual(['error DEPLOY-LIGHTWEIGHT']);
    expect(appRun('hog').steps.start.memory!.peakRssBytes!).toBeGreaterThan(512 * 1024 * 1024);
  });
  it('FUNC-RUN: a request that hangs', () => {
    expect(issues('hang').map((i) => i.requirement)).toEqual(['FUNC-RUN']);
    expect(issues('hang')[0]!.message).toMatch(/did not answer POST \/service within 20 s/);
  });
  it('FUNC-RUN: a server that listens on loopback only', () => {
    expect(issues('loopback').map((i) => i.requirement)).toEqual(['FUNC-RUN']);
    expect(issues('loopback')[0]!.message).toMatch(/listens on 127\.0\.0\.1 only/);
  });
  it('FUNC-TESTS: tests that need the internet fail ("self-contained")', () => {
    expect(issues('nettest').map((i) => i.requirement)).toEqual(['FUNC-TESTS']);
    expect(appRun('nettest').steps.test.counts).toMatchObject({ runner: 'node:test', failed: 1 });
  });
  it('FUNC-BUILD: a failing build, with the end of its log; tests and start are skipped', () => {
    expect(issues('buildfail').map((i) => i.requirement)).toEqual(['FUNC-BUILD']);
    expect(issues('buildfail')[0]!.evidence).toMatch(/error TS2322/);
    expect(appRun('buildfail').steps.test).toMatchObject({ status: 'skipped', reason: 'the build failed' });
    expect(appRun('buildfail').steps.start.status).toBe('skipped');
  });
  it('FUNC-BUILD: an assets build that produces no public/ folder', () => {
    expect(issues('nooutput').map((i) => i.requirement)).toEqual(['FUNC-BUILD']);
    expect(issues('nooutput')[0]!.message).toMatch(/nooutput\/public\/ does not exist/);
  });
});

// pnpm through Corepack's pinned release (the machine has no pnpm of its own), and the dependency from
// the registry through the install step's proxy: the only way out of the sandbox's network.
const PNPM_CONNECTOR: FixtureFiles = {
  'connect.yaml': 'deployAs:\n  - name: pnpmsvc\n    applicationType: service\n    endpoint: /service\n',
  'pnpmsvc/package.json': JSON.stringify({
    name: 'pnpmsvc', version: '1.0.0', private: true, type: 'module', license: 'MIT',
    scripts: { start: 'node src/index.js', test: 'node --test test/' }, dependencies: { ms: '2.1.3' },
  }, null, 2),
  // Written by `pnpm install --lockfile-only` (pnpm 10.28.1).
  'pnpmsvc/pnpm-lock.yaml': [
    "lockfileVersion: '9.0'", '', 'settings:', '  autoInstallPeers: true', '  excludeLinksFromLockfile: false', '',
    'importers:', '', '  .:', '    dependencies:', '      ms:', '        specifier: 2.1.3', '        version: 2.1.3', '',
    'packages:', '', '  ms@2.1.3:',
    '    resolution: {integrity: sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==}',
    '', 'snapshots:', '', '  ms@2.1.3: {}', '',
  ].join('\n'),
  'pnpmsvc/src/index.js': `import ms from 'ms';\n${server(answer("JSON.stringify({ actions: [], window: ms('2 days') })"))}`,
  'pnpmsvc/test/unit.test.js': "import { test } from 'node:test';\nimport assert from 'node:assert';\nimport ms from 'ms';\ntest('ms', () => assert.equal(ms('1s'), 1000));\n",
};

describe.skipIf(!sandbox.available)('run phase with pnpm', () => {
  it('installs from the registry through the proxy, tests and starts', { timeout: EXAMPLE_TIMEOUT_MS }, async () => {
    const run = await runFunctionalPhase(workspaceFromFiles(PNPM_CONNECTOR), { runsDir: RUNS_DIR });
    const app = run.applications[0]!;
    const install = readFileSync(app.steps.install.log!, 'utf8');
    expect(app.packageManager).toBe('pnpm');
    expect(app.steps.install.command).toMatch(/^pnpm install .*--frozen-lockfile/);
    expect(app.steps.install.status, install.slice(-2000)).toBe('passed');
    expect(install).not.toMatch(/refused|403/);
    expect(app.steps.test.status).toBe('passed');
    expect(app.steps.start.status).toBe('passed');
    expect(app.steps.start.probes![0]).toMatchObject({ method: 'POST', path: '/service', status: 200 });
    expect(app.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });
});

describe('without bubblewrap', () => {
  it('refuses to run, saying how to install it or opt out', async () => {
    const run = await runFunctionalPhase(workspaceFromFiles(DEFECTS), { runsDir: RUNS_DIR, availability: { available: false, switchUser: false, reason: BWRAP_MISSING_MESSAGE } });
    expect(run.status).toBe('unavailable');
    expect(run.reason).toMatch(/apt-get install bubblewrap/);
    expect(run.reason).toMatch(/--unsafe-no-sandbox/);
    expect(run.applications).toEqual([]);
  });

  it('--unsafe-no-sandbox runs on the host and says so', { timeout: EXAMPLE_TIMEOUT_MS }, async (ctx) => {
    if (!(await portIsFree(8080))) {
      ctx.skip('port 8080 is in use on this machine (without the sandbox the application listens on the host)');
      return;
    }
    const files: FixtureFiles = { 'connect.yaml': 'deployAs:\n  - name: fine\n    applicationType: service\n    endpoint: /service\n' };
    for (const [file, text] of Object.entries(DEFECTS)) if (file.startsWith('fine/')) files[file] = text;
    const run = await runFunctionalPhase(workspaceFromFiles(files), { mode: 'none', runsDir: RUNS_DIR });
    expect(run.sandbox).toMatchObject({ mode: 'none', unsafe: true, network: 'host' });
    const fine = run.applications[0]!;
    expect(fine.steps.start.status).toBe('passed');
    expect(fine.steps.start.probes![0]).toMatchObject({ method: 'POST', path: '/service', status: 200 });
    expect(fine.issues.some((i) => i.severity === 'info' && /without a sandbox/.test(i.message))).toBe(true);
  });
});

describe.skipIf(!sandbox.available)('the CLI with --run', () => {
  it('keeps the step logs under --run-logs and shows the run phase in the text report', { timeout: EXAMPLE_TIMEOUT_MS }, () => {
    const files: FixtureFiles = { 'connect.yaml': 'deployAs:\n  - name: fine\n    applicationType: service\n    endpoint: /service\n' };
    for (const [file, text] of Object.entries(DEFECTS)) if (file.startsWith('fine/')) files[file] = text;
    const root = writeFixture(files);
    const logs = path.join(RUNS_DIR, 'cli-logs');
    const result = spawnSync(process.execPath, [BIN, 'check', root, '--offline', '--run', '--run-logs', logs, '--only', 'run', '--no-color'], { encoding: 'utf8', timeout: EXAMPLE_TIMEOUT_MS });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const [runFolder] = readdirSync(logs);
    const logDir = path.join(logs, runFolder!, 'logs');
    expect(readdirSync(logDir)).toEqual(expect.arrayContaining(['fine-install.log', 'fine-test.log', 'fine-start.log']));
    expect(result.stdout).toContain('Run phase');
    expect(result.stdout).toContain(`logs: ${logDir}`);
    expect(result.stdout).toMatch(/ {4}start {3}passed .*POST \/service → 200/);
  });

  it('tells the library caller which sandboxed command runs now', { timeout: EXAMPLE_TIMEOUT_MS }, async () => {
    const files: FixtureFiles = { 'connect.yaml': 'deployAs:\n  - name: fine\n    applicationType: service\n    endpoint: /service\n' };
    for (const [file, text] of Object.entries(DEFECTS)) if (file.startsWith('fine/')) files[file] = text;
    const details: string[] = [];
    const ids = ['run/build'];
    await certify({ target: writeFixture(files), only: ids, enable: ids, settings: { run: { runsDir: RUNS_DIR } }, onProgress: (e) => e.phase === 'detail' && details.push(e.message) });
    expect(details).toEqual(['fine-install: npm ci', 'fine-test: npm test', 'fine-start: npm run start, then probes']);
  });
});

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}
