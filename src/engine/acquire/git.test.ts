// Acquisition from Git against real repositories made with `git init` in temporary folders.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkTagStillAt,
  CLONE_DIR_PREFIX,
  cloneTag,
  GitAbortedError,
  GitUnavailableError,
  remoteTagCommit,
  RepositoryError,
  repositoryUrlProblem,
  tagProblem,
} from './git.js';
import {
  cloneDirs,
  commit,
  git,
  installFakeGit,
  isolateTmpdir,
  makeRepo,
  processAlive,
  removeTempDirs,
  silentServer,
  tempDir,
  waitFor,
} from './__tests__/git-repos.js';

let tmp: ReturnType<typeof isolateTmpdir>;
beforeAll(() => {
  tmp = isolateTmpdir();
});
afterAll(() => {
  tmp.restore();
  removeTempDirs();
});

async function repositoryError(promise: Promise<unknown>): Promise<RepositoryError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RepositoryError);
  return error as RepositoryError;
}

describe('repositoryUrlProblem', () => {
  it.each([
    'https://github.com/owner/repo.git',
    'https://github.com/owner/repo',
    'https://git.example.com:8443/group/sub/repo.git',
    'ssh://git@github.com/owner/repo.git',
    'ssh://git@example.com:2222/owner/repo.git',
    'git@github.com:owner/repo.git',
    'deploy@git.example.com:group/repo',
  ])('accepts %s', (url) => {
    expect(repositoryUrlProblem(url)).toBeNull();
  });

  it('accepts an absolute local path only when allowed', () => {
    expect(repositoryUrlProblem('/srv/repos/connector', true)).toBeNull();
    expect(repositoryUrlProblem('/srv/repos/connector')).toMatch(/local repositories are not accepted/);
  });

  const hostile: [string, RegExp][] = [
    ['ext::sh -c touch% /tmp/pwned', /whitespace|remote-helper/],
    ['ext::sh', /remote-helper transports/],
    ['fd::17', /remote-helper transports/],
    ['file:///etc', /"file:\/\/" transport is not allowed/],
    ['file://localhost/tmp/repo', /"file:\/\/" transport is not allowed/],
    ['--upload-pack=touch /tmp/pwned', /command-line option/],
    ['--upload-pack=id', /command-line option/],
    ['-uid', /command-line option/],
    ['-oProxyCommand=id', /command-line option/],
    ['https://user:token@github.com/owner/repo.git', /must not carry credentials/],
    ['https://ghp_abcdef@github.com/owner/repo.git', /must not carry credentials/],
    ['https://github.com@evil.example/owner/repo.git', /must not carry credentials/],
    ['ssh://git:secret@github.com/owner/repo.git', /must not carry credentials/],
    ['ssh://-oProxyCommand=id/owner/repo', /command-line option/],
    ['ssh://-oProxyCommand=id@github.com/owner/repo', /SSH user name/],
    ['git@-oProxyCommand:owner/repo', /command-line option/],
    ['git@github.com:-upload-pack/repo', /command-line option/],
    ['http://github.com/owner/repo.git', /"http:\/\/" transport is not allowed/],
    ['git://github.com/owner/repo.git', /"git:\/\/" transport is not allowed/],
    ['ftp://github.com/owner/repo.git', /"ftp:\/\/" transport is not allowed/],
    ['https://github.com\\@evil.example/owner/repo', /characters that do not belong/],
    ['https://github.com/owner/repo\n--upload-pack=id', /whitespace or control/],
    ['https://github.com/owner/re po', /whitespace or control/],
    ['https://github.com/', /names no repository/],
    ['./relative/repo', /only https:\/\/, ssh:\/\/ and git@host:path/],
    ['github.com/owner/repo', /only https:\/\/, ssh:\/\/ and git@host:path/],
    ['', /empty/],
    [`https://github.com/${'a'.repeat(3000)}`, /longer than/],
  ];

  it.each(hostile)('refuses %j', (url, why) => {
    expect(repositoryUrlProblem(url)).toMatch(why);
    expect(repositoryUrlProblem(url, true)).not.toBeNull();
  });

  it('refuses hostile URLs before any git process starts', async () => {
    const fake = installFakeGit();
    try {
      for (const [url] of hostile) {
        const viaLsRemote = await repositoryError(remoteTagCommit(url, 'v1.0.0', { allowLocal: true }));
        expect(viaLsRemote.requirement).toBe('REPO-ACCESS');
        const viaClone = await repositoryError(cloneTag(url, 'v1.0.0', { allowLocal: true }));
        expect(viaClone.requirement).toBe('REPO-ACCESS');
        expect(viaClone.message).not.toMatch(/\n/); // control characters are escaped in messages
        const viaRecheck = await repositoryError(checkTagStillAt(url, 'v1.0.0', 'a'.repeat(40), { allowLocal: true }));
        expect(viaRecheck.requirement).toBe('REPO-ACCESS');
      }
      expect(fake.calls()).toEqual([]);
      expect(cloneDirs()).toEqual([]);
    } finally {
      fake.restore();
    }
  });

  it('the no-spawn detector does see git when a URL is acceptable', async () => {
    const repo = makeRepo({ 'a.txt': 'a' });
    git(repo, 'tag', 'v1.0.0');
    const fake = installFakeGit();
    try {
      await remoteTagCommit(repo, 'v1.0.0', { allowLocal: true });
      expect(fake.calls().some((call) => call.includes('ls-remote'))).toBe(true);
    } finally {
      fake.restore();
    }
  });
});

describe('tagProblem', () => {
  it.each(['v1.0.0', '1.2.3', 'release/1.2', 'v1.0.0-rc.1+build.5', 'v@1', 'connector_v2'])('accepts %s', (tag) => {
    expect(tagProblem(tag)).toBeNull();
  });

  it.each([
    ['--upload-pack=id', /command-line option/],
    ['-f', /command-line option/],
    ['v1..v2', /"\.\."/],
    ['../../etc/passwd', /"\.\."/],
    ['v1/', /empty path component/],
    ['/v1', /empty path component/],
    ['a//b', /empty path component/],
    ['.hidden', /starts with "\."/],
    ['release/.v1', /starts with "\."/],
    ['v1.lock', /\.lock/],
    ['v1.', /ends with "\."/],
    ['@', /revision expression/],
    ['v1^{}', /only letters/],
    ['v1~1', /only letters/],
    ['v1:refs/heads/main', /only letters/],
    ['v 1', /only letters/],
    ['v1\nv2', /only letters/],
    ['v1*', /only letters/],
    ['', /empty/],
    ['v'.repeat(300), /longer than/],
  ])('refuses %j', (tag, why) => {
    expect(tagProblem(tag)).toMatch(why);
  });

  it('refuses a hostile tag as REPO-TAG before any git process starts', async () => {
    const repo = makeRepo({ 'a.txt': 'a' });
    const fake = installFakeGit();
    try {
      for (const tag of ['--upload-pack=id', '-u', '../x', 'a..b', 'v1^{}']) {
        const error = await repositoryError(cloneTag(repo, tag, { allowLocal: true }));
        expect(error.requirement).toBe('REPO-TAG');
        expect(error.message).toMatch(/not an acceptable Git tag name/);
      }
      expect(fake.calls()).toEqual([]);
    } finally {
      fake.restore();
    }
  });
});

describe('remoteTagCommit', () => {
  let repo: string;
  beforeAll(() => {
    repo = makeRepo({ 'a.txt': 'one' });
    git(repo, 'tag', 'light');
    commit(repo, { 'a.txt': 'two' });
    git(repo, 'tag', '-a', 'annotated', '-m', 'release');
    git(repo, 'tag', '-a', 'nested', '-m', 'a tag of a tag', 'annotated');
    git(repo, 'tag', 'release/1.0', 'light');
    commit(repo, { 'a.txt': 'three' });
  });

  it('returns the commit of a lightweight tag', async () => {
    expect(await remoteTagCommit(repo, 'light', { allowLocal: true })).toBe(git(repo, 'rev-parse', 'light^{commit}'));
  });

  it('peels an annotated tag to its commit (not the tag object)', async () => {
    const commitSha = git(repo, 'rev-parse', 'annotated^{commit}');
    expect(git(repo, 'rev-parse', 'annotated')).not.toBe(commitSha); // really an annotated tag
    expect(await remoteTagCommit(repo, 'annotated', { allowLocal: true })).toBe(commitSha);
  });

  it('peels a tag of a tag all the way to the commit', async () => {
    expect(await remoteTagCommit(repo, 'nested', { allowLocal: true })).toBe(git(repo, 'rev-parse', 'nested^{commit}'));
  });

  it('resolves a tag with a slash, and only that exact tag', async () => {
    // ls-remote matches patterns as ref *suffixes*: this tag would match "refs/tags/release/1.0" too.
    git(repo, 'tag', 'foo/refs/tags/release/1.0', 'HEAD');
    expect(await remoteTagCommit(repo, 'release/1.0', { allowLocal: true })).toBe(git(repo, 'rev-parse', 'light^{commit}'));
  });

  it('returns null for a missing tag', async () => {
    expect(await remoteTagCommit(repo, 'v9.9.9', { allowLocal: true })).toBeNull();
  });

  it('is REPO-ACCESS for a path that does not exist or is not a repository', async () => {
    for (const target of [path.join(tempDir(), 'missing'), tempDir()]) {
      const error = await repositoryError(remoteTagCommit(target, 'light', { allowLocal: true }));
      expect(error.requirement).toBe('REPO-ACCESS');
      expect(error.message).toMatch(/is not reachable/);
    }
  });
});

describe('cloneTag', () => {
  let repo: string;
  beforeAll(() => {
    repo = makeRepo({ 'a.txt': 'one', 'only-in-v1.txt': 'x' });
    git(repo, 'tag', 'v1');
    commit(repo, { 'a.txt': 'two' });
    git(repo, 'rm', '--quiet', 'only-in-v1.txt');
    commit(repo, { 'b.txt': 'b' });
    git(repo, 'tag', '-a', 'v2', '-m', 'release 2');
    commit(repo, { 'a.txt': 'after the tags' });
  });

  it.each(['v1', 'v2'])('checks out exactly tag %s, shallow, pinned to its commit, and cleans up', async (tag) => {
    const clone = await cloneTag(repo, tag, { allowLocal: true });
    try {
      expect(clone.commit).toBe(git(repo, 'rev-parse', `${tag}^{commit}`));
      expect(path.basename(clone.dir).startsWith(CLONE_DIR_PREFIX)).toBe(true);
      expect(git(clone.dir, 'rev-parse', 'HEAD')).toBe(clone.commit);
      expect(git(clone.dir, 'rev-parse', '--is-shallow-repository')).toBe('true');
      expect(git(clone.dir, 'rev-list', '--count', 'HEAD')).toBe('1');
      expect(git(clone.dir, 'status', '--porcelain')).toBe('');
      expect(readFileSync(path.join(clone.dir, 'a.txt'), 'utf8')).toBe(tag === 'v1' ? 'one' : 'two');
      expect(existsSync(path.join(clone.dir, 'only-in-v1.txt'))).toBe(tag === 'v1');
      expect(existsSync(path.join(clone.dir, '.git', 'hooks'))).toBe(false); // no template hooks
    } finally {
      await clone.cleanup();
    }
    expect(existsSync(clone.dir)).toBe(false);
    expect(cloneDirs()).toEqual([]);
  });

  it('takes the tag, not a branch of the same name', async () => {
    const twin = makeRepo({ 'a.txt': 'tagged' });
    git(twin, 'tag', 'v3');
    commit(twin, { 'a.txt': 'branch' });
    git(twin, 'branch', 'v3');
    const clone = await cloneTag(twin, 'v3', { allowLocal: true });
    try {
      expect(clone.commit).toBe(git(twin, 'rev-parse', 'refs/tags/v3^{commit}'));
      expect(readFileSync(path.join(clone.dir, 'a.txt'), 'utf8')).toBe('tagged');
    } finally {
      await clone.cleanup();
    }
  });

  it('is REPO-TAG for a missing tag, leaving no folder behind', async () => {
    const error = await repositoryError(cloneTag(repo, 'v9', { allowLocal: true }));
    expect(error.requirement).toBe('REPO-TAG');
    expect(error.message).toBe(`tag "v9" does not exist in ${repo}`);
    expect(cloneDirs()).toEqual([]);
  });

  it('is REPO-TAG for a tag that does not point at a commit', async () => {
    const odd = makeRepo({ 'a.txt': 'a' });
    git(odd, 'tag', 'tree-tag', 'HEAD^{tree}');
    const error = await repositoryError(cloneTag(odd, 'tree-tag', { allowLocal: true }));
    expect(error.requirement).toBe('REPO-TAG');
    expect(error.message).toMatch(/does not point at a commit/);
    expect(cloneDirs()).toEqual([]);
  });

  it('is REPO-ACCESS for a path that is not a repository', async () => {
    const error = await repositoryError(cloneTag(tempDir(), 'v1', { allowLocal: true }));
    expect(error.requirement).toBe('REPO-ACCESS');
    expect(cloneDirs()).toEqual([]);
  });

  it('runs no filter driver and no hook, whatever the machine configuration says', async () => {
    const home = tempDir('cc-home-');
    const markers = tempDir('cc-markers-');
    const hooks = path.join(home, 'hooks');
    mkdirSync(hooks);
    writeFileSync(path.join(hooks, 'post-checkout'), `#!/bin/sh\ntouch '${markers}/hook'\n`);
    chmodSync(path.join(hooks, 'post-checkout'), 0o755);
    writeFileSync(
      path.join(home, '.gitconfig'),
      [
        '[filter "evil"]',
        `\tsmudge = touch '${markers}/smudge' && cat`,
        '\trequired = true',
        '[filter "lfs"]',
        `\tsmudge = touch '${markers}/lfs' && cat`,
        '\trequired = true',
        '[core]',
        `\thooksPath = ${hooks}`,
        '',
      ].join('\n'),
    );
    const filtered = makeRepo({
      '.gitattributes': '*.txt filter=evil\n*.bin filter=lfs diff=lfs merge=lfs -text\n',
      'a.txt': 'plain text\n',
      'b.bin': 'binary-ish\n',
    });
    git(filtered, 'tag', 'v1');

    // The configuration is live: plain Git with this HOME does run the filter and the hook.
    const control = path.join(tempDir(), 'control');
    execFileSync('git', ['clone', '--quiet', filtered, control], {
      env: { PATH: process.env.PATH, HOME: home, GIT_CONFIG_NOSYSTEM: '1' },
      stdio: 'ignore',
    });
    expect(existsSync(path.join(markers, 'hook'))).toBe(true);
    expect(existsSync(path.join(markers, 'smudge'))).toBe(true);
    expect(existsSync(path.join(markers, 'lfs'))).toBe(true);
    execFileSync('rm', ['-f', path.join(markers, 'hook'), path.join(markers, 'smudge'), path.join(markers, 'lfs')]);

    const previousHome = process.env.HOME;
    process.env.HOME = home;
    try {
      const clone = await cloneTag(filtered, 'v1', { allowLocal: true });
      try {
        expect(readFileSync(path.join(clone.dir, 'a.txt'), 'utf8')).toBe('plain text\n');
        expect(readFileSync(path.join(clone.dir, 'b.bin'), 'utf8')).toBe('binary-ish\n');
      } finally {
        await clone.cleanup();
      }
    } finally {
      process.env.HOME = previousHome;
    }
    expect(existsSync(path.join(markers, 'hook'))).toBe(false);
    expect(existsSync(path.join(markers, 'smudge'))).toBe(false);
    expect(existsSync(path.join(markers, 'lfs'))).toBe(false);
  });
});

describe('machine configuration', () => {
  it('ignores URL rewrites and credential helpers from the user configuration', async () => {
    const home = tempDir('cc-home-');
    const markers = tempDir('cc-markers-');
    const elsewhere = makeRepo({ 'a.txt': 'not the repository you asked for' });
    git(elsewhere, 'tag', 'v1');
    writeFileSync(
      path.join(home, '.gitconfig'),
      [
        // Would silently redirect every local fetch to another repository.
        `[url "${pathToFileURL(elsewhere).href}"]`,
        '\tinsteadOf = file://',
        '[credential]',
        `\thelper = !touch '${markers}/credential' && false`,
        '',
      ].join('\n'),
    );
    const wanted = makeRepo({ 'a.txt': 'the repository you asked for' });
    git(wanted, 'tag', 'v1');
    const previousHome = process.env.HOME;
    process.env.HOME = home;
    try {
      const clone = await cloneTag(wanted, 'v1', { allowLocal: true });
      try {
        expect(clone.commit).toBe(git(wanted, 'rev-parse', 'v1^{commit}'));
        expect(readFileSync(path.join(clone.dir, 'a.txt'), 'utf8')).toBe('the repository you asked for');
      } finally {
        await clone.cleanup();
      }
    } finally {
      process.env.HOME = previousHome;
    }
    expect(existsSync(path.join(markers, 'credential'))).toBe(false);
  });
});

describe('time limit and cancellation', () => {
  it('kills git and its remote helper when an https remote never answers', async () => {
    const server = await silentServer();
    try {
      const error = await repositoryError(remoteTagCommit(`https://127.0.0.1:${server.port}/owner/repo.git`, 'v1', { timeoutMs: 1500 }));
      expect(error.requirement).toBe('REPO-ACCESS');
      expect(error.message).toMatch(/no answer within 1.5 s \(Git was stopped\)/);
      expect(server.accepted()).toBeGreaterThan(0);
      // The connection was held by git-remote-https, a child of git: it goes away only if the
      // whole process group was killed.
      await waitFor(() => server.open() === 0, 'the https helper to disconnect');
    } finally {
      await server.close();
    }
  });

  it('kills ssh when an ssh remote never sends its banner', async () => {
    const server = await silentServer();
    try {
      const error = await repositoryError(cloneTag(`ssh://git@127.0.0.1:${server.port}/owner/repo.git`, 'v1', { timeoutMs: 1500 }));
      expect(error.requirement).toBe('REPO-ACCESS');
      expect(error.message).toMatch(/no answer within/);
      expect(server.accepted()).toBeGreaterThan(0);
      await waitFor(() => server.open() === 0, 'ssh to disconnect');
      expect(cloneDirs()).toEqual([]);
    } finally {
      await server.close();
    }
  });

  describe('while fetching', () => {
    let repo: string;
    beforeAll(() => {
      repo = makeRepo({ 'a.txt': 'a' });
      git(repo, 'tag', 'v1');
    });

    it('a time limit reached during the fetch kills it and removes the folder', async () => {
      const fake = installFakeGit({ stallOn: 'fetch' });
      try {
        const error = await repositoryError(cloneTag(repo, 'v1', { allowLocal: true, timeoutMs: 3000 }));
        expect(error.requirement).toBe('REPO-ACCESS');
        expect(error.message).toMatch(/no answer within/);
        const pid = fake.stalledPid();
        expect(pid).toBeDefined();
        await waitFor(() => !processAlive(pid!), 'the stalled fetch child to die');
        expect(cloneDirs()).toEqual([]);
      } finally {
        fake.restore();
      }
    });

    it('an abort during the fetch kills it, removes the folder and rejects with GitAbortedError', async () => {
      const fake = installFakeGit({ stallOn: 'fetch' });
      const controller = new AbortController();
      try {
        const pending = cloneTag(repo, 'v1', { allowLocal: true, signal: controller.signal }).then(
          () => undefined,
          (e: unknown) => e,
        );
        await waitFor(() => fake.stalledPid() !== undefined, 'the fetch to start');
        expect(cloneDirs()).toHaveLength(1);
        controller.abort();
        const error = await pending;
        expect(error).toBeInstanceOf(GitAbortedError);
        await waitFor(() => !processAlive(fake.stalledPid()!), 'the stalled fetch child to die');
        expect(cloneDirs()).toEqual([]);
      } finally {
        fake.restore();
      }
    });

    it('an already-aborted signal starts no git at all', async () => {
      const fake = installFakeGit();
      try {
        const controller = new AbortController();
        controller.abort();
        await expect(cloneTag(repo, 'v1', { allowLocal: true, signal: controller.signal })).rejects.toBeInstanceOf(GitAbortedError);
        expect(fake.calls()).toEqual([]);
      } finally {
        fake.restore();
      }
    });
  });
});

describe('without git', () => {
  it('says git is missing instead of blaming the repository', async () => {
    const repo = makeRepo({ 'a.txt': 'a' });
    const previous = process.env.PATH;
    process.env.PATH = tempDir('cc-empty-path-');
    try {
      await expect(remoteTagCommit(repo, 'v1', { allowLocal: true })).rejects.toThrow(GitUnavailableError);
      await expect(cloneTag(repo, 'v1', { allowLocal: true })).rejects.toThrow(/git is not installed/);
    } finally {
      process.env.PATH = previous;
    }
    expect(cloneDirs()).toEqual([]);
  });
});

describe('checkTagStillAt', () => {
  it('says unchanged, moved or deleted', async () => {
    const repo = makeRepo({ 'a.txt': 'a' });
    git(repo, 'tag', '-a', 'v1', '-m', 'release');
    const pinned = git(repo, 'rev-parse', 'v1^{commit}');

    const same = await checkTagStillAt(repo, 'v1', pinned, { allowLocal: true });
    expect(same).toEqual({ unchanged: true, current: pinned, message: `tag "v1" still points at ${pinned.slice(0, 12)}` });

    const moved = commit(repo, { 'a.txt': 'b' });
    git(repo, 'tag', '-f', '-a', 'v1', '-m', 'moved');
    const afterMove = await checkTagStillAt(repo, 'v1', pinned, { allowLocal: true });
    expect(afterMove.unchanged).toBe(false);
    expect(afterMove.current).toBe(moved);
    expect(afterMove.message).toMatch(/moved during certification/);

    git(repo, 'tag', '-d', 'v1');
    const afterDelete = await checkTagStillAt(repo, 'v1', pinned, { allowLocal: true });
    expect(afterDelete).toMatchObject({ unchanged: false, current: null });
    expect(afterDelete.message).toMatch(/was deleted/);
  });

  it('is REPO-ACCESS when the repository is gone', async () => {
    const error = await repositoryError(checkTagStillAt(path.join(tempDir(), 'gone'), 'v1', 'a'.repeat(40), { allowLocal: true }));
    expect(error.requirement).toBe('REPO-ACCESS');
  });
});
