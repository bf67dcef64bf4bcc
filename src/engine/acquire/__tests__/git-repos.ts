// Test support for acquisition: real Git repositories in temporary folders, a recording / stalling
// `git` placed first on PATH (a real process, not a mock), and a loopback TCP server that accepts
// connections and never answers. Used only by the engine's *.test.ts files; __tests__ is not built.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLONE_DIR_PREFIX } from '../git.js';

const created: string[] = [];

/** Removes every folder made here; call from `afterAll` (worker processes may end without 'exit'). */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A fresh temporary folder, removed at process exit. */
export function tempDir(prefix = 'cc-acquire-test-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/**
 * Gives this test file its own TMPDIR, so "no clone folder is left behind" can be asserted by
 * listing it without seeing clones of test files running in parallel.
 */
export function isolateTmpdir(): { dir: string; restore(): void } {
  const previous = process.env.TMPDIR;
  const dir = mkdtempSync(path.join(tmpdir(), 'cc-tmpdir-'));
  created.push(dir);
  process.env.TMPDIR = dir;
  return {
    dir,
    restore() {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
    },
  };
}

/** Clone folders currently present in the (isolated) temporary folder. */
export function cloneDirs(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith(CLONE_DIR_PREFIX));
}

const GIT_ENV: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  LC_ALL: 'C',
};

/** Runs the real Git in `dir` with a neutral configuration; returns trimmed stdout. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync(realGit(), ['-c', 'init.defaultBranch=main', '-c', 'advice.detachedHead=false', ...args], {
    cwd: dir,
    env: GIT_ENV,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

export type RepoFiles = Record<string, string | Buffer | { symlink: string }>;

/** Writes files (and symlinks) under `dir`. */
export function writeFiles(dir: string, files: RepoFiles): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    if (typeof content === 'string' || Buffer.isBuffer(content)) writeFileSync(abs, content);
    else symlinkSync(content.symlink, abs);
  }
}

/** A new repository with one commit holding `files` (everything added, ignore rules bypassed). */
export function makeRepo(files: RepoFiles, message = 'initial'): string {
  const dir = tempDir('cc-repo-');
  git(dir, 'init', '--quiet');
  writeFiles(dir, files);
  git(dir, 'add', '--all', '--force');
  git(dir, 'commit', '--quiet', '--allow-empty', '-m', message);
  return dir;
}

/** Adds a commit to `dir` with `files` written over the work tree. */
export function commit(dir: string, files: RepoFiles, message = 'change'): string {
  writeFiles(dir, files);
  git(dir, 'add', '--all', '--force');
  git(dir, 'commit', '--quiet', '--allow-empty', '-m', message);
  return git(dir, 'rev-parse', 'HEAD');
}

let realGitPath: string | undefined;
/** Absolute path of the real git, resolved once (before any fake is put on PATH). */
export function realGit(): string {
  realGitPath ??= execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  return realGitPath;
}

export interface FakeGit {
  /** Lines "arg1 arg2 …" of every invocation, in order. */
  calls(): string[];
  /** Pid written by a stalled `fetch` (the child process it keeps running), once it has started. */
  stalledPid(): number | undefined;
  restore(): void;
}

/**
 * Puts a `git` first on PATH that logs each invocation and then runs the real Git; with
 * `stallOn: 'fetch'` a fetch instead starts a long `sleep` child and waits for it, standing in for
 * a transfer that hangs (the sleep's pid is recorded so a test can see it was killed).
 */
export function installFakeGit(options: { stallOn?: 'fetch' } = {}): FakeGit {
  const real = realGit();
  const dir = tempDir('cc-fake-git-');
  const log = path.join(dir, 'calls.log');
  const pidFile = path.join(dir, 'stalled.pid');
  const stall = options.stallOn
    ? `for a in "$@"; do if [ "$a" = "${options.stallOn}" ]; then sleep 300 & echo $! > '${pidFile}.tmp'; mv '${pidFile}.tmp' '${pidFile}'; wait; exit 1; fi; done\n`
    : '';
  writeFileSync(
    path.join(dir, 'git'),
    `#!/bin/sh\necho "$*" >> '${log}'\n${stall}exec '${real}' "$@"\n`,
  );
  chmodSync(path.join(dir, 'git'), 0o755);
  const previous = process.env.PATH;
  process.env.PATH = `${dir}${path.delimiter}${previous ?? ''}`;
  return {
    calls: () => (existsSync(log) ? execFileSync('cat', [log], { encoding: 'utf8' }).split('\n').filter(Boolean) : []),
    stalledPid: () => {
      if (!existsSync(pidFile)) return undefined;
      const pid = Number.parseInt(execFileSync('cat', [pidFile], { encoding: 'utf8' }), 10);
      return Number.isFinite(pid) ? pid : undefined;
    },
    restore: () => {
      process.env.PATH = previous;
    },
  };
}

/** Resolves once `condition` holds, polling; rejects after `limitMs` (a guard, not a timing assertion). */
export async function waitFor(condition: () => boolean, what: string, limitMs = 20_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** True while a process with this pid exists (zombies excluded where /proc tells us). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = execFileSync('cat', [`/proc/${pid}/stat`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return !/^\d+ \(.*\) Z /.test(stat);
  } catch {
    return true;
  }
}

export interface SilentServer {
  port: number;
  /** Connections accepted so far. */
  accepted(): number;
  /** Connections still open (the client has not gone away). */
  open(): number;
  close(): Promise<void>;
}

/** A loopback TCP server that accepts connections and never sends a byte: a remote that hangs. */
export async function silentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    socket.resume(); // read and discard whatever the client sends
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    accepted: () => accepted,
    open: () => sockets.size,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
