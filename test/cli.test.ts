// The real binary, as a user runs it: exit codes, formats, output files, and every bad input named in
// the engine issue (hostile URL, missing tag, missing folder, alias bomb, huge file, outside symlink)
// ending in a clear message and exit code 1 or 2 — never a stack trace.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadChecks } from '../src/engine/registry.js';
import { writeFixture } from '../src/engine/testing.js';

const BIN = path.resolve('bin/connect-certify.js');

function cli(args: string[], options: { cwd?: string } = {}) {
  // Checks run offline so no test depends on live registry or advisory data.
  const argv = args[0] === 'check' && !args.includes('--help') ? [args[0], '--offline', ...args.slice(1)] : args;
  const result = spawnSync(process.execPath, [BIN, ...argv], {
    encoding: 'utf8',
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', CI: '1' },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function expectNoStackTrace(output: string) {
  expect(output).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
}

const minimalConnector = () =>
  writeFixture({
    'connect.yaml': 'deployAs:\n  - name: service\n    applicationType: service\n    endpoint: /service\n',
    'service/package.json': JSON.stringify({ name: 'service', version: '1.0.0', scripts: { start: 'node index.js' } }),
    'service/index.js': 'export {};\n',
  });

describe('connect-certify CLI', () => {
  it('refuses --run-logs and --unsafe-no-sandbox without --run (exit 2, one clear line)', () => {
    const root = minimalConnector();
    for (const flags of [['--run-logs', tmpdir()], ['--unsafe-no-sandbox']]) {
      const { code, stderr, stdout } = cli(['check', root, ...flags]);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(new RegExp(`^connect-certify: ${flags[0]} only makes sense with --run\\n$`));
    }
  });

  it('prints help that teaches, with examples and exit codes', () => {
    const { code, stdout } = cli(['check', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('--format');
    expect(stdout).toContain('Exit codes:');
    expect(stdout).toContain('--tag');
  });

  it('lists checks and requirements', () => {
    const checks = cli(['checks', '--format', 'json']);
    expect(checks.code).toBe(0);
    const rows = JSON.parse(checks.stdout) as { id: string; requirement: string }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.id && r.requirement)).toBe(true);
    const reqs = cli(['requirements']);
    expect(reqs.stdout).toContain('DEPLOY-SPEC');
  });

  it('runs the bundle (dist/bundle/), which holds every check the registry discovers in src/checks', async () => {
    expect(existsSync(path.resolve('dist/bundle/cli.js'))).toBe(true);
    const listed = JSON.parse(cli(['checks', '--format', 'json']).stdout) as { id: string }[];
    const discovered = await loadChecks();
    expect(listed.map((c) => c.id)).toEqual(discovered.map((c) => c.id));
  });

  it('stops quietly when the reader of its output has gone (EPIPE), as with `| head`', () => {
    // `true` exits before the CLI writes a byte: every write meets a closed pipe.
    const result = spawnSync('/bin/sh', ['-c', `"${process.execPath}" "${BIN}" checks | true`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
  });

  it('writes JSON on stdout with the contract fields and no progress noise', () => {
    const { code, stdout, stderr } = cli(['check', minimalConnector(), '--format', 'json']);
    expect([0, 1]).toContain(code);
    const report = JSON.parse(stdout);
    expect(report.tool.name).toBe('connect-certify');
    expect(['pass', 'review', 'fail']).toContain(report.verdict);
    expect(Array.isArray(report.checks)).toBe(true);
    expect(Array.isArray(report.findings)).toBe(true);
    expect(typeof report.durationMs).toBe('number');
    expect(report.applications).toEqual([{ name: 'service', applicationType: 'service', path: 'service' }]);
    expect(stderr).toBe('');
    expect(code).toBe(report.verdict === 'fail' ? 1 : 0);
  });

  it('writes every format to --output', () => {
    const root = minimalConnector();
    const out = mkdtempSync(path.join(tmpdir(), 'cc-out-'));
    for (const format of ['text', 'json', 'sarif', 'markdown', 'html']) {
      const file = path.join(out, `report.${format}`);
      const { code } = cli(['check', root, '--format', format, '--output', file]);
      expect([0, 1]).toContain(code);
      expect(existsSync(file)).toBe(true);
      const text = readFileSync(file, 'utf8');
      if (format === 'sarif') expect(JSON.parse(text).version).toBe('2.1.0');
      if (format === 'html') expect(text).toMatch(/^<!doctype html>/i);
      if (format === 'text') expect(text.trim().split('\n').at(-1)).toMatch(/Verdict: (PASS|REVIEW|FAIL)/);
    }
  });

  it('writes a CycloneDX SBOM with --sbom and keeps it out of the report', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'cc-sbom-'));
    const file = path.join(out, 'sbom.json');
    const { code, stdout } = cli(['check', path.resolve('examples/good-connector'), '--format', 'json', '--sbom', file]);
    expect(code).toBe(0);
    const sbom = JSON.parse(readFileSync(file, 'utf8'));
    expect(sbom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.5' });
    expect(sbom.components.some((c: { purl?: string }) => c.purl?.startsWith('pkg:npm/typescript@'))).toBe(true);
    expect(JSON.parse(stdout).sections.sbom).toBeUndefined();
  });

  it('exits 1 on a failing connector and 1 with --fail-on warning when only warnings remain', () => {
    const broken = writeFixture({ 'connect.yaml': 'deployAs: [\n' });
    const result = cli(['check', broken]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/DEPLOY-SPEC/);
    expectNoStackTrace(result.stdout + result.stderr);

    const warnsOnly = writeFixture({
      'connect.yaml': [
        'deployAs:',
        '  - name: service',
        '    applicationType: service',
        '    endpoint: /service',
        '    configuration:',
        '      standardConfiguration:',
        '        - key: lowerCaseKey',
        '          description: a lower-case key, accepted by Connect but a warning here',
        '',
      ].join('\n'),
    });
    const lenient = cli(['check', warnsOnly, '--only', 'connect-yaml/key-case', '--format', 'json']);
    expect(JSON.parse(lenient.stdout).findings.map((f: { severity: string }) => f.severity)).toEqual(['warning']);
    expect(lenient.code).toBe(0);
    const strict = cli(['check', warnsOnly, '--only', 'connect-yaml/key-case', '--fail-on', 'warning']);
    expect(strict.code).toBe(1);
  });

  it('exits 2 with a clear message for a missing folder, an unknown check and a bad option', () => {
    const missing = cli(['check', '/nonexistent/connector']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('/nonexistent/connector: no such folder');
    const unknown = cli(['check', minimalConnector(), '--only', 'no-such-check']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown check id(s): no-such-check');
    const badFormat = cli(['check', '.', '--format', 'pdf']);
    expect(badFormat.code).toBe(2);
    for (const r of [missing, unknown, badFormat]) expectNoStackTrace(r.stdout + r.stderr);
  });

  it('refuses hostile repository URLs as REPO-ACCESS findings (exit 1), before Git runs', () => {
    for (const url of ['ext::sh -c touch% /tmp/pwned', '--upload-pack=touch /tmp/pwned', 'file:///etc', 'https://user:pw@example.com/r.git']) {
      const { code, stdout, stderr } = cli(['check', '--tag', 'v1', '--format', 'json', '--', url]);
      expect(code, url).toBe(1);
      const report = JSON.parse(stdout);
      expect(report.findings[0].requirement, url).toBe('REPO-ACCESS');
      expect(stdout, 'passwords never reach the report').not.toContain(':pw@');
      expectNoStackTrace(stdout + stderr);
    }
    expect(existsSync('/tmp/pwned')).toBe(false);
  });

  it('reports a missing tag as REPO-TAG (exit 1) and pins the commit of an existing tag', () => {
    const repo = minimalConnector();
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
    git('init', '-q');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '.');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'initial');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'tag', '-a', 'v1.0.0', '-m', 'release');
    const commit = git('rev-parse', 'v1.0.0^{commit}').trim();

    const missing = cli(['check', repo, '--tag', 'v9.9.9', '--allow-local-repositories', '--format', 'json']);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout).findings[0].requirement).toBe('REPO-TAG');

    const found = cli(['check', repo, '--tag', 'v1.0.0', '--allow-local-repositories', '--format', 'json']);
    const report = JSON.parse(found.stdout);
    expect(report.connector.repository).toEqual({ url: repo, tag: 'v1.0.0', commit });

    const notAllowed = cli(['check', repo, '--tag', 'v1.0.0', '--format', 'json']);
    expect(notAllowed.code).toBe(1);
    expect(JSON.parse(notAllowed.stdout).findings[0].requirement).toBe('REPO-ACCESS');
  });

  it('turns an alias bomb, a huge file and an outside symlink into findings, not crashes', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 9; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`);
    bomb.push('deployAs: *j');
    const root = writeFixture({
      'connect.yaml': `${bomb.join('\n')}\n`,
      'big/data.json': 'x'.repeat(6 * 1024 * 1024),
      'service/secret': { symlink: '/etc/passwd' },
    });
    const { code, stdout, stderr } = cli(['check', root, '--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    const messages = report.findings.map((f: { message: string }) => f.message).join('\n');
    expect(messages).toMatch(/alias/i);
    expect(messages).toContain('service/secret is a symlink that points outside the repository');
    expect(report.skippedFiles.map((s: { path: string }) => s.path)).toContain('big/data.json');
    expect(stdout).not.toContain('root:x:0:0');
    expectNoStackTrace(stdout + stderr);
  });
});
