// certify(): acquisition end to end with real Git repositories — repository problems become a
// normal failing report, temporary clones never outlive the run, cancellation is a cancellation.
import { existsSync, realpathSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertifyAbortedError, certify, type ProgressEvent } from './certify.js';
import { defineCheck, type CheckDefinition, type Report } from './types.js';
import {
  cloneDirs,
  commit,
  git,
  installFakeGit,
  isolateTmpdir,
  makeRepo,
  removeTempDirs,
  silentServer,
  tempDir,
  waitFor,
} from './acquire/__tests__/git-repos.js';

let tmp: ReturnType<typeof isolateTmpdir>;
beforeAll(() => {
  tmp = isolateTmpdir();
});
afterAll(() => {
  tmp.restore();
  removeTempDirs();
});

interface Seen {
  root?: string;
  files?: string[];
  rootExisted?: boolean;
}

/** A check that records what the workspace looked like while checks ran. */
function probe(seen: Seen, extra?: (signal: AbortSignal) => void): CheckDefinition {
  return defineCheck({
    id: 'test/probe',
    requirement: 'REPO-SOURCE',
    title: 'probe',
    rationale: 'test',
    remediation: 'none',
    run(ctx) {
      seen.root = ctx.workspace.root;
      seen.rootExisted = existsSync(ctx.workspace.root);
      seen.files = ctx.workspace.files.map((f) => f.path);
      extra?.(ctx.signal);
    },
  });
}

function expectRepositoryFailure(report: Report, requirement: 'REPO-TAG' | 'REPO-ACCESS', message: RegExp): void {
  expect(report.verdict).toBe('fail');
  expect(report.findings).toHaveLength(1);
  expect(report.findings[0]).toMatchObject({
    check: requirement === 'REPO-TAG' ? 'repository/tag' : 'repository/access',
    requirement,
    severity: 'error',
  });
  expect(report.findings[0]!.message).toMatch(message);
  expect(report.findings[0]!.remediation).toBeTruthy();
  expect(report.checks).toEqual([expect.objectContaining({ requirement, status: 'fail' })]);
  expect(report.connector.repository?.commit).toBeNull();
}

describe('certify: a local folder', () => {
  it('indexes the folder itself and records no repository', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'connect.yaml'), 'deployAs: []\n');
    const seen: Seen = {};
    const report = await certify({ target: dir, checks: [probe(seen)] });
    expect(report.verdict).toBe('pass');
    expect(report.connector).toEqual({ root: realpathSync(dir), repository: null });
    expect(seen.files).toEqual(['connect.yaml']);
  });

  it('reports progress: each check as it starts, what a long check says it is doing, and the end', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'connect.yaml'), 'deployAs: []\n');
    const talker = defineCheck({
      id: 'test/talker',
      requirement: 'FUNC-BUILD',
      title: 'says what it does',
      rationale: 'progress for long checks',
      remediation: 'none',
      run(ctx) {
        ctx.progress?.('service-install: npm ci');
        ctx.progress?.('service-test: npm test');
      },
    });
    const events: ProgressEvent[] = [];
    await certify({ target: dir, checks: [probe({}), talker], onProgress: (e) => events.push(e) });
    expect(events.map((e) => e.phase)).toEqual(['acquire', 'check', 'check', 'detail', 'detail', 'done']);
    expect(events[3]).toEqual({ phase: 'detail', checkId: 'test/talker', index: 1, total: 2, message: 'service-install: npm ci' });
  });

  it('a subfolder of a work tree is certified on its own files', async () => {
    const repo = makeRepo({ 'connectors/a/connect.yaml': 'x', 'connectors/a/connectors/a/deep.ts': 'x', 'other/b.ts': 'x' });
    const seen: Seen = {};
    await certify({ target: path.join(repo, 'connectors', 'a'), checks: [probe(seen)] });
    expect(seen.files).toEqual(['connect.yaml', 'connectors/a/deep.ts']);
  });
});

describe('certify: a Git repository at a tag', () => {
  let repo: string;
  beforeAll(() => {
    repo = makeRepo({ 'connect.yaml': 'deployAs: []\n', 'v1-only.txt': 'x' });
    git(repo, 'tag', 'v1.0.0');
    git(repo, 'rm', '--quiet', 'v1-only.txt');
    commit(repo, { 'src/index.ts': 'export {};\n' });
    git(repo, 'tag', '-a', 'v2.0.0', '-m', 'release 2');
    commit(repo, { 'later.txt': 'after both tags' });
  });

  it.each([
    ['lightweight', 'v1.0.0', ['connect.yaml', 'v1-only.txt']],
    ['annotated', 'v2.0.0', ['connect.yaml', 'src/index.ts']],
  ])('pins the commit of a %s tag, checks exactly its files, and removes the clone', async (_kind, tag, files) => {
    const seen: Seen = {};
    const report = await certify({ target: repo, tag, allowLocalRepositories: true, checks: [probe(seen)] });
    expect(report.verdict).toBe('pass');
    expect(report.connector).toEqual({ root: '.', repository: { url: repo, tag, commit: git(repo, 'rev-parse', `${tag}^{commit}`) } });
    expect(seen.files).toEqual(files);
    expect(seen.rootExisted).toBe(true);
    expect(path.basename(seen.root!)).toMatch(/^connect-certify-clone-/);
    expect(existsSync(seen.root!)).toBe(false);
    expect(cloneDirs()).toEqual([]);
  });

  it('a missing tag is a REPO-TAG finding in a failing report, not a crash', async () => {
    const report = await certify({ target: repo, tag: 'v9.9.9', allowLocalRepositories: true, checks: [] });
    expectRepositoryFailure(report, 'REPO-TAG', /tag "v9\.9\.9" does not exist/);
    expect(report.connector.repository).toEqual({ url: repo, tag: 'v9.9.9', commit: null });
    expect(cloneDirs()).toEqual([]);
  });

  it('a path that does not exist, or is no repository, is REPO-ACCESS', async () => {
    for (const target of [path.join(tempDir(), 'missing'), tempDir()]) {
      const report = await certify({ target, tag: 'v1.0.0', allowLocalRepositories: true, checks: [] });
      expectRepositoryFailure(report, 'REPO-ACCESS', /is not reachable/);
    }
    expect(cloneDirs()).toEqual([]);
  });

  it('a Git URL without a tag is a REPO-TAG finding, and nothing is fetched', async () => {
    const fake = installFakeGit();
    try {
      const report = await certify({ target: 'https://github.com/owner/repo.git', checks: [] });
      expectRepositoryFailure(report, 'REPO-TAG', /needs --tag/);
      expect(fake.calls()).toEqual([]);
    } finally {
      fake.restore();
    }
  });

  it('hostile URLs are REPO-ACCESS findings, refused before any git process starts', async () => {
    const fake = installFakeGit();
    try {
      for (const target of [
        'ext::sh -c touch% /tmp/pwned',
        'ext::sh',
        'fd::7',
        'file:///etc',
        '--upload-pack=touch /tmp/pwned',
        '-uevil',
        'https://user:token@github.com/owner/repo.git',
        'http://github.com/owner/repo.git',
        'https://github.com/owner/repo\n--upload-pack=id',
        repo, // a local path without allowLocalRepositories
      ]) {
        const report = await certify({ target, tag: 'v1.0.0', checks: [] });
        expectRepositoryFailure(report, 'REPO-ACCESS', /./);
        expect(report.findings[0]!.message).not.toMatch(/[\n\r]/);
      }
      expect(fake.calls()).toEqual([]);
    } finally {
      fake.restore();
    }
  });

  it('hostile tag names are REPO-TAG findings, refused before any git process starts', async () => {
    const fake = installFakeGit();
    try {
      for (const tag of ['--upload-pack=id', '-f', '../../x', 'v1..v2', '']) {
        const report = await certify({ target: repo, tag, allowLocalRepositories: true, checks: [] });
        expectRepositoryFailure(report, 'REPO-TAG', /tag name/);
      }
      expect(fake.calls()).toEqual([]);
    } finally {
      fake.restore();
    }
  });

  it('an unanswering remote is REPO-ACCESS once the time budget runs out', async () => {
    const server = await silentServer();
    try {
      const report = await certify({ target: `https://127.0.0.1:${server.port}/owner/repo.git`, tag: 'v1', timeBudgetMs: 1500, checks: [] });
      expectRepositoryFailure(report, 'REPO-ACCESS', /no answer within 1\.5 s/);
      await waitFor(() => server.open() === 0, 'git to disconnect');
    } finally {
      await server.close();
    }
  });

  it('outside symlinks and oversized files in the checkout are reported, never read', async () => {
    const hostile = makeRepo({
      'connect.yaml': 'deployAs: []\n',
      'passwd': { symlink: '/etc/passwd' },
      'escape.txt': { symlink: '../../x' },
      'dangling.txt': { symlink: 'nothing-here' },
    });
    const big = path.join(hostile, 'big.bin');
    writeFileSync(big, '');
    truncateSync(big, 10 * 1024 * 1024);
    commit(hostile, {}, 'big file');
    git(hostile, 'tag', 'v1');
    const seen: Seen = {};
    const report = await certify({ target: hostile, tag: 'v1', allowLocalRepositories: true, checks: [probe(seen)] });
    expect(seen.files).toEqual(['connect.yaml']);
    expect(report.verdict).toBe('fail');
    const symlinkFindings = report.findings.filter((f) => f.check === 'repository/symlinks');
    expect(symlinkFindings.map((f) => [f.file, f.severity, f.requirement])).toEqual([
      ['escape.txt', 'error', 'REPO-SOURCE'],
      ['passwd', 'error', 'REPO-SOURCE'],
      ['dangling.txt', 'warning', 'REPO-SOURCE'],
    ]);
    expect(report.skippedFiles).toEqual([{ path: 'big.bin', reason: expect.stringMatching(/^10485760 bytes, above the/) }]);
    expect(cloneDirs()).toEqual([]);
  });
});

describe('certify: cancellation', () => {
  let repo: string;
  beforeAll(() => {
    repo = makeRepo({ 'connect.yaml': 'x' });
    git(repo, 'tag', 'v1');
  });

  it('an already-aborted signal cancels before any git process starts', async () => {
    const fake = installFakeGit();
    try {
      const controller = new AbortController();
      controller.abort();
      await expect(
        certify({ target: repo, tag: 'v1', allowLocalRepositories: true, signal: controller.signal, checks: [] }),
      ).rejects.toBeInstanceOf(CertifyAbortedError);
      expect(fake.calls()).toEqual([]);
    } finally {
      fake.restore();
    }
  });

  it('an abort while fetching rejects with CertifyAbortedError and leaves no clone', async () => {
    const fake = installFakeGit({ stallOn: 'fetch' });
    const controller = new AbortController();
    try {
      const pending = certify({ target: repo, tag: 'v1', allowLocalRepositories: true, signal: controller.signal, checks: [] }).then(
        () => undefined,
        (e: unknown) => e,
      );
      await waitFor(() => fake.stalledPid() !== undefined, 'the fetch to start');
      expect(cloneDirs()).toHaveLength(1);
      controller.abort();
      expect(await pending).toBeInstanceOf(CertifyAbortedError);
      expect(cloneDirs()).toEqual([]);
    } finally {
      fake.restore();
    }
  });

  it('an abort while checks run rejects with CertifyAbortedError and removes the clone', async () => {
    const controller = new AbortController();
    const seen: Seen = {};
    const second: Seen = {};
    const error = await certify({
      target: repo,
      tag: 'v1',
      allowLocalRepositories: true,
      signal: controller.signal,
      checks: [probe(seen, () => controller.abort()), { ...probe(second), id: 'test/second' }],
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CertifyAbortedError);
    expect(seen.rootExisted).toBe(true);
    expect(second.files).toBeUndefined();
    expect(existsSync(seen.root!)).toBe(false);
    expect(cloneDirs()).toEqual([]);
  });
});
