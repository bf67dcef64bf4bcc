// Listing a local folder: Git work trees (top or subfolder), plain folders, and hostile contents.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Workspace } from '../workspace.js';
import { cloneTag } from './git.js';
import { AcquireError, indexLocalFolder, MAX_FILE_BYTES } from './local.js';
import { commit, git, makeRepo, removeTempDirs, tempDir, writeFiles } from './__tests__/git-repos.js';

afterAll(removeTempDirs);

const paths = (folder: string, options = {}) => indexLocalFolder(folder, options).files.map((f) => f.path);
const problem = (folder: string, options = {}) =>
  Object.fromEntries(indexLocalFolder(folder, options).problems.map((p) => [p.path, `${p.kind}: ${p.detail}`]));

describe('a plain folder', () => {
  it('lists every file except node_modules and .git, with forward-slash relative paths', () => {
    const dir = tempDir();
    writeFiles(dir, {
      'connect.yaml': 'x',
      '.env.example': 'x',
      'app/src/index.ts': 'x',
      'app/node_modules/lib/index.js': 'x',
      'node_modules/x/package.json': '{}',
      '.git/config': '[core]',
      'app/.gitignore': 'dist\n',
      'app/dist/out.js': 'x', // no Git here: ignore files mean nothing
    });
    const index = indexLocalFolder(dir);
    expect(index.source).toBe('walk');
    expect(index.files.map((f) => f.path)).toEqual(['.env.example', 'app/.gitignore', 'app/dist/out.js', 'app/src/index.ts', 'connect.yaml']);
  });

  it('refuses a missing folder or a file with AcquireError', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'file'), 'x');
    expect(() => indexLocalFolder(path.join(dir, 'missing'))).toThrow(AcquireError);
    expect(() => indexLocalFolder(path.join(dir, 'file'))).toThrow(AcquireError);
  });

  it('stops at the file limit with a too-many-files problem', () => {
    const dir = tempDir();
    writeFiles(dir, Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}.txt`, 'x'])));
    const index = indexLocalFolder(dir, { maxFiles: 5 });
    expect(index.files).toHaveLength(5);
    expect(index.problems).toEqual([{ kind: 'too-many-files', path: '', detail: 'more than 5 files; the rest were not examined' }]);
  });

  it('never opens a FIFO', () => {
    const dir = tempDir();
    writeFiles(dir, { 'a.txt': 'a' });
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    const index = indexLocalFolder(dir);
    expect(index.files.map((f) => f.path)).toEqual(['a.txt']);
    expect(new Workspace({ index }).readText('pipe')).toBeUndefined();
  });
});

describe('hostile contents', () => {
  function hostileFolder(): string {
    const dir = tempDir();
    const outside = tempDir('cc-outside-');
    writeFiles(outside, { 'secret.txt': 'TOP SECRET', 'dir/inner.txt': 'inner' });
    writeFiles(dir, {
      'src/a.ts': 'export const a = 1;\n',
      '..dotdot-name.ts': 'starts with two dots but lives inside\n',
      'passwd': { symlink: '/etc/passwd' },
      'up': { symlink: '../../x' },
      'secret-link': { symlink: path.join(outside, 'secret.txt') },
      'outside-dir': { symlink: path.join(outside, 'dir') },
      'dangling': { symlink: 'nowhere.txt' },
      'loop-a': { symlink: 'loop-b' },
      'loop-b': { symlink: 'loop-a' },
      'self-loop': { symlink: 'self-loop' },
      'inside-link.ts': { symlink: 'src/a.ts' },
      'dotdot-link.ts': { symlink: '..dotdot-name.ts' },
      'src-alias': { symlink: 'src' },
      'git-config-link': { symlink: '.git/config' },
      '.git/config': '[remote "origin"]\n\turl = https://user:token@example.com/x.git\n',
    });
    return dir;
  }

  it('records outside, dangling and looping symlinks as problems and never lists them as files', () => {
    const dir = hostileFolder();
    const index = indexLocalFolder(dir);
    expect(index.files.map((f) => f.path)).toEqual(['..dotdot-name.ts', 'dotdot-link.ts', 'inside-link.ts', 'src/a.ts']);
    expect(problem(dir)).toEqual({
      passwd: 'outside-symlink: points outside the repository; not read',
      up: 'outside-symlink: points outside the repository (to nothing here); not read',
      'secret-link': 'outside-symlink: points outside the repository; not read',
      'outside-dir': 'outside-symlink: points outside the repository; not read',
      dangling: 'broken-symlink: points to nothing',
      'loop-a': 'broken-symlink: is part of a symlink loop',
      'loop-b': 'broken-symlink: is part of a symlink loop',
      'self-loop': 'broken-symlink: is part of a symlink loop',
    });
    expect(index.directoryAliases).toEqual(new Map([['src-alias', 'src']]));
    expect(index.files.find((f) => f.path === 'inside-link.ts')?.realPath).toBe('src/a.ts');
    // "..name" is a file name inside the root, not a way out of it.
    expect(index.files.find((f) => f.path === 'dotdot-link.ts')?.realPath).toBe('..dotdot-name.ts');
  });

  it('a workspace cannot read through an outside symlink', () => {
    const ws = new Workspace({ index: indexLocalFolder(hostileFolder()) });
    expect(ws.readText('passwd')).toBeUndefined();
    expect(ws.readText('secret-link')).toBeUndefined();
    expect(ws.readText('git-config-link')).toBeUndefined();
    expect(ws.filesUnder('outside-dir')).toEqual([]);
    expect(ws.readText('inside-link.ts')).toBe('export const a = 1;\n');
    expect(ws.filesUnder('src-alias').map((f) => f.path)).toEqual(['src/a.ts']);
  });

  it('lists an oversized file as too-large without reading it', () => {
    const dir = tempDir();
    writeFiles(dir, { 'small.txt': 'x' });
    const big = path.join(dir, 'assets', 'huge.bin');
    mkdirSync(path.dirname(big));
    writeFileSync(big, '');
    truncateSync(big, 10 * 1024 * 1024); // 10 MB
    symlinkSync('assets/huge.bin', path.join(dir, 'huge-link.bin'));
    const index = indexLocalFolder(dir);
    expect(index.files.map((f) => f.path)).toEqual(['small.txt']);
    const limit = `${10 * 1024 * 1024} bytes, above the ${MAX_FILE_BYTES}-byte limit`;
    expect(index.problems).toEqual(
      expect.arrayContaining([
        { kind: 'too-large', path: 'assets/huge.bin', detail: limit },
        { kind: 'too-large', path: 'huge-link.bin', detail: limit },
      ]),
    );
    expect(new Workspace({ index }).readText('assets/huge.bin')).toBeUndefined();
  });

  it('keeps file names with spaces, unicode and newlines intact (walk and Git)', () => {
    const names = ['name with spaces.txt', 'ünïcödé/日本語.md', 'new\nline.txt', 'tab\there.txt', '"quoted".txt'];
    const plain = tempDir();
    writeFiles(plain, Object.fromEntries(names.map((n) => [n, n])));
    const repo = makeRepo(Object.fromEntries(names.map((n) => [n, n])));
    for (const dir of [plain, repo]) {
      const index = indexLocalFolder(dir);
      expect(index.files.map((f) => f.path).sort()).toEqual([...names].sort());
      const ws = new Workspace({ index });
      for (const name of names) expect(ws.readText(name)).toBe(name);
    }
    expect(indexLocalFolder(repo).source).toBe('git');
  });
});

describe('a Git work tree', () => {
  function workTree(): string {
    const repo = makeRepo({
      '.gitignore': '*.log\ndist/\n.env\n',
      'connect.yaml': 'deployAs: []\n',
      'app/package.json': '{}',
      'app/src/index.ts': 'x',
      'app/app/nested.ts': 'same name as its folder',
      'vendor/node_modules/forced.js': 'tracked despite the name',
      'removed.txt': 'deleted from the work tree later',
    });
    writeFiles(repo, {
      'untracked.ts': 'new work, not ignored',
      'app/untracked-too.ts': 'x',
      'debug.log': 'ignored',
      'app/dist/bundle.js': 'ignored',
      '.env': 'SECRET=ignored',
      'node_modules/pkg/index.js': 'x',
      'app/node_modules/pkg/index.js': 'x',
      'other/file.ts': 'untracked folder',
    });
    rmSync(path.join(repo, 'removed.txt'));
    return repo;
  }

  it('lists tracked plus untracked-not-ignored files; ignored files, node_modules and deleted files are left out', () => {
    const repo = workTree();
    const index = indexLocalFolder(repo);
    expect(index.source).toBe('git');
    expect(index.files.map((f) => f.path)).toEqual([
      '.gitignore',
      'app/app/nested.ts',
      'app/package.json',
      'app/src/index.ts',
      'app/untracked-too.ts',
      'connect.yaml',
      'other/file.ts',
      'untracked.ts',
    ]);
  });

  it('a subfolder lists only its own files, relative to itself', () => {
    const repo = workTree();
    const index = indexLocalFolder(path.join(repo, 'app'));
    expect(index.source).toBe('git');
    expect(index.root).toBe(path.join(repo, 'app'));
    // app/app/nested.ts must stay "app/nested.ts", not lose its own "app/" as if it were the prefix.
    expect(index.files.map((f) => f.path)).toEqual(['app/nested.ts', 'package.json', 'src/index.ts', 'untracked-too.ts']);
    expect(paths(path.join(repo, 'app', 'app'))).toEqual(['nested.ts']);
  });

  it('a subfolder reached through a symlinked path is listed the same', () => {
    const repo = workTree();
    const link = path.join(tempDir(), 'link-to-app');
    symlinkSync(path.join(repo, 'app'), link);
    expect(paths(link)).toEqual(paths(path.join(repo, 'app')));
  });

  it('a folder the enclosing work tree ignores is walked like a plain folder', () => {
    const repo = workTree();
    writeFiles(repo, { 'dist/connector/connect.yaml': 'x', 'dist/connector/src/a.ts': 'x' });
    const index = indexLocalFolder(path.join(repo, 'dist', 'connector'));
    expect(index.source).toBe('walk');
    expect(index.files.map((f) => f.path)).toEqual(['connect.yaml', 'src/a.ts']);
  });

  it('the .git folder itself is not a work tree', () => {
    const repo = workTree();
    expect(indexLocalFolder(path.join(repo, '.git')).source).toBe('walk');
  });

  it('ignoreGit forces a walk', () => {
    const repo = workTree();
    const index = indexLocalFolder(repo, { ignoreGit: true });
    expect(index.source).toBe('walk');
    expect(index.files.map((f) => f.path)).toContain('debug.log');
  });

  it('is not misled by GIT_DIR / GIT_WORK_TREE in the environment', () => {
    const repo = workTree();
    const other = makeRepo({ 'unrelated.txt': 'x' });
    const saved = { dir: process.env.GIT_DIR, tree: process.env.GIT_WORK_TREE };
    process.env.GIT_DIR = path.join(other, '.git');
    process.env.GIT_WORK_TREE = other;
    try {
      const index = indexLocalFolder(repo);
      expect(index.source).toBe('git');
      const listed = index.files.map((f) => f.path);
      expect(listed).toContain('connect.yaml');
      expect(listed).not.toContain('debug.log');
      expect(listed).not.toContain('unrelated.txt');
    } finally {
      if (saved.dir === undefined) delete process.env.GIT_DIR;
      else process.env.GIT_DIR = saved.dir;
      if (saved.tree === undefined) delete process.env.GIT_WORK_TREE;
      else process.env.GIT_WORK_TREE = saved.tree;
    }
  });

  it('does not run a core.fsmonitor command from the folder\'s own Git config', () => {
    const repo = workTree();
    const marker = path.join(tempDir(), 'fsmonitor-ran');
    git(repo, 'config', 'core.fsmonitor', `touch '${marker}'; false`);
    git(repo, 'config', 'core.untrackedCache', 'true');
    expect(paths(repo)).toContain('connect.yaml');
    expect(() => execFileSync('test', ['-e', marker])).toThrow();
  });

  it('a tracked path under a folder replaced by an outside symlink is not read', () => {
    const repo = makeRepo({ 'conf/settings.json': '{}', 'a.txt': 'a' });
    const outside = tempDir('cc-outside-');
    writeFiles(outside, { 'settings.json': '{"secret": "outside"}' });
    rmSync(path.join(repo, 'conf'), { recursive: true });
    symlinkSync(outside, path.join(repo, 'conf'));
    const index = indexLocalFolder(repo);
    expect(index.files.map((f) => f.path)).toEqual(['a.txt']);
    expect(index.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'outside-symlink', path: 'conf/settings.json' })]),
    );
    expect(new Workspace({ index }).readText('conf/settings.json')).toBeUndefined();
  });

  it('a tracked path under a folder replaced by an inside symlink is indexed once, under the real folder', () => {
    const repo = makeRepo({ 'real/a.ts': 'a', 'alias/a.ts': 'a' });
    rmSync(path.join(repo, 'alias'), { recursive: true });
    symlinkSync('real', path.join(repo, 'alias'));
    const index = indexLocalFolder(repo);
    expect(index.files.map((f) => f.path)).toEqual(['real/a.ts']);
    expect(index.directoryAliases.get('alias')).toBe('real');
  });
});

describe('a cloned repository with hostile contents', () => {
  it('lists outside symlinks, loops and oversized files as problems; reads none of them', async () => {
    const repo = makeRepo({
      'connect.yaml': 'deployAs: []\n',
      'passwd': { symlink: '/etc/passwd' },
      'escape': { symlink: '../../x' },
      'loop-a': { symlink: 'loop-b' },
      'loop-b': { symlink: 'loop-a' },
      'dangling': { symlink: 'missing.txt' },
      'link.yaml': { symlink: 'connect.yaml' },
      'name with spaces.md': 'spaces',
      'ünï.md': 'unicode',
      'new\nline.md': 'newline',
    });
    const big = path.join(repo, 'huge.bin');
    writeFileSync(big, '');
    truncateSync(big, 10 * 1024 * 1024);
    commit(repo, {}, 'add a 10 MB file');
    git(repo, 'tag', 'v1');
    const clone = await cloneTag(repo, 'v1', { allowLocal: true });
    try {
      const index = indexLocalFolder(clone.dir);
      expect(index.source).toBe('git');
      expect(index.files.map((f) => f.path).sort()).toEqual(['connect.yaml', 'link.yaml', 'name with spaces.md', 'new\nline.md', 'ünï.md']);
      expect(Object.fromEntries(index.problems.map((p) => [p.path, p.kind]))).toEqual({
        passwd: 'outside-symlink',
        escape: 'outside-symlink',
        'loop-a': 'broken-symlink',
        'loop-b': 'broken-symlink',
        dangling: 'broken-symlink',
        'huge.bin': 'too-large',
      });
      const ws = new Workspace({ index });
      expect(ws.readText('passwd')).toBeUndefined();
      expect(ws.readText('huge.bin')).toBeUndefined();
      expect(ws.readText('link.yaml')).toBe('deployAs: []\n');
    } finally {
      await clone.cleanup();
    }
  });
});
