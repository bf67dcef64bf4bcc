// Acquires a repository at a tag: a shallow fetch of exactly `refs/tags/<tag>` into a temporary
// folder, with the tag's commit pinned (annotated tags peeled). Only https://, ssh:// and
// git@host:path URLs are accepted (plus absolute local paths when the caller allows them, for tests
// and demos); transports such as ext:: or file://, option-like arguments and credentials in URLs
// are refused before any Git process starts. Git runs with no prompts, no hooks, no user or system
// configuration (so no filter drivers, credential helpers or URL rewrites), under a time limit that
// kills its whole process group.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AcquireError } from './local.js';

/** How long acquiring a repository (resolving the tag, fetching, checking out) may take in total. */
export const CLONE_TIMEOUT_MS = 120_000;
/** Prefix of the temporary folders clones live in (removed after the run). */
export const CLONE_DIR_PREFIX = 'connect-certify-clone-';
/** Longer URLs are not repository addresses; refusing them keeps messages and argv bounded. */
export const MAX_URL_LENGTH = 2048;
/** Git's own limit on a ref component is looser; 255 keeps tag names sane in reports and paths. */
export const MAX_TAG_LENGTH = 255;
/** ls-remote of one tag prints two lines; anything near this is a misbehaving remote. */
const MAX_GIT_STDOUT_BYTES = 1024 * 1024;
/** Enough for Git's error message; a remote cannot flood memory through `remote:` lines. */
const MAX_GIT_STDERR_BYTES = 64 * 1024;
/** Error details quoted in findings are cut to this length. */
const MAX_MESSAGE_CHARS = 300;

export type RepositoryRequirement = 'REPO-ACCESS' | 'REPO-TAG';

/** A repository that cannot be used: reported as a REPO-ACCESS / REPO-TAG finding, not a crash. */
export class RepositoryError extends Error {
  constructor(
    readonly requirement: RepositoryRequirement,
    message: string,
  ) {
    super(message);
  }
}

/** The caller's AbortSignal fired; Git was killed and the temporary folder removed. */
export class GitAbortedError extends Error {
  constructor() {
    super('repository acquisition was cancelled');
  }
}

/**
 * Git itself cannot be run (not installed): a problem of the machine, not of the repository, so an
 * AcquireError (the CLI prints it as a usage problem) rather than a finding.
 */
export class GitUnavailableError extends AcquireError {}

export interface GitOptions {
  /** Time limit for the whole operation; Git is killed when it runs out. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Accept an absolute local path as the repository (tests, demos). */
  allowLocal?: boolean;
}

export interface ClonedRepository {
  dir: string;
  commit: string;
  cleanup(): Promise<void>;
}

const SCP_LIKE = /^([A-Za-z0-9._-]+)@([A-Za-z0-9.-]+):([A-Za-z0-9._~/-]+)$/;
const TAG_CHARACTERS = /^[A-Za-z0-9._@/+-]+$/;
/** Printable ASCII without space and backslash: what a repository URL is made of. */
const URL_CHARACTERS = /^[\x21-\x5b\x5d-\x7e]+$/;
const USER_NAME = /^[A-Za-z0-9._-]+$/;

/** Returns why a repository URL is refused, or null when it is acceptable. Never runs Git. */
export function repositoryUrlProblem(url: string, allowLocal = false): string | null {
  if (url === '') return 'the repository URL is empty';
  if (url.length > MAX_URL_LENGTH) return `the repository URL is longer than ${MAX_URL_LENGTH} characters`;
  if (url.startsWith('-')) return 'the repository URL looks like a command-line option';
  if (/[\s\x00-\x1f\x7f]/.test(url)) return 'the repository URL contains whitespace or control characters';
  if (/^[A-Za-z][A-Za-z0-9+.-]*::/.test(url)) return 'remote-helper transports such as "ext::" are not allowed';

  if (allowLocal && path.isAbsolute(url)) return null;
  if (!URL_CHARACTERS.test(url)) return 'the repository URL contains characters that do not belong in a URL';

  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url)?.[1];
  if (scheme !== undefined) {
    if (scheme !== 'https' && scheme !== 'ssh') {
      return `the "${scheme}://" transport is not allowed; use an https:// or ssh:// URL`;
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return 'the repository URL is not a well-formed URL';
    }
    if (!parsed.hostname) return 'the repository URL has no host';
    if (parsed.hostname.startsWith('-')) return 'the repository host looks like a command-line option';
    if (parsed.password) return 'the repository URL must not carry credentials; private repositories use an SSH URL';
    if (scheme === 'https' && parsed.username) {
      return 'the repository URL must not carry credentials; private repositories use an SSH URL';
    }
    if (parsed.username && !USER_NAME.test(parsed.username)) return 'the SSH user name is not a plain name';
    if (parsed.username.startsWith('-')) return 'the SSH user name looks like a command-line option';
    if (parsed.pathname === '' || parsed.pathname === '/') return 'the repository URL names no repository';
    return null;
  }

  const scp = SCP_LIKE.exec(url);
  if (scp) {
    const [, user, host, repoPath] = scp as unknown as [string, string, string, string];
    if (user.startsWith('-') || host.startsWith('-')) return 'the repository URL looks like a command-line option';
    if (repoPath.startsWith('-')) return 'the repository path looks like a command-line option';
    return null;
  }
  if (path.isAbsolute(url)) return 'local repositories are not accepted; use an https:// or ssh:// URL';
  return 'only https://, ssh:// and git@host:path repository URLs are accepted';
}

/**
 * Returns why a tag name is refused, or null. A conservative subset of `git check-ref-format`:
 * plain ASCII names, none that Git would read as an option, a revision expression or a path trick.
 */
export function tagProblem(tag: string): string | null {
  const refuse = (why: string) => `"${printable(tag)}" is not an acceptable Git tag name: ${why}`;
  if (tag === '') return 'the tag name is empty';
  if (tag.length > MAX_TAG_LENGTH) return refuse(`longer than ${MAX_TAG_LENGTH} characters`);
  if (tag.startsWith('-')) return refuse('it looks like a command-line option');
  if (!TAG_CHARACTERS.test(tag)) return refuse('only letters, digits and . _ @ / + - are allowed');
  if (tag.includes('..')) return refuse('it contains ".."');
  if (tag === '@') return refuse('"@" alone is a revision expression');
  if (tag.startsWith('/') || tag.endsWith('/') || tag.includes('//')) return refuse('it has an empty path component');
  if (tag.endsWith('.')) return refuse('it ends with "."');
  for (const part of tag.split('/')) {
    if (part.startsWith('.')) return refuse('a component starts with "."');
    if (part.endsWith('.lock')) return refuse('a component ends with ".lock"');
  }
  return null;
}

/** The commit a tag points to on the remote (annotated tags peeled), or null when there is no such tag. */
export async function remoteTagCommit(url: string, tag: string, options: GitOptions = {}): Promise<string | null> {
  const transport = validatedTransport(url, tag, options);
  return lsRemoteTag(transport, url, tag, runContext(options));
}

/** Shallow-fetches `tag` of `url` into a fresh temporary folder and pins its commit. */
export async function cloneTag(url: string, tag: string, options: GitOptions = {}): Promise<ClonedRepository> {
  const transport = validatedTransport(url, tag, options);
  const context = runContext(options);
  const expected = await lsRemoteTag(transport, url, tag, context);
  if (!expected) throw new RepositoryError('REPO-TAG', `tag "${tag}" does not exist in ${url}`);
  if (context.signal?.aborted) throw new GitAbortedError();

  const dir = await mkdtemp(path.join(tmpdir(), CLONE_DIR_PREFIX));
  let removed: Promise<void> | undefined;
  const cleanup = () => (removed ??= rm(dir, { recursive: true, force: true, maxRetries: 3 }));
  const inClone = { ...context, cwd: dir };
  try {
    // init + fetch of the exact ref rather than `clone --branch`: clone prefers a *branch* of the
    // same name over the tag, and ignores --depth for local paths.
    await runGit(['init', '--quiet', '--template=', '--', dir], context);
    try {
      await runGit(['fetch', '--quiet', '--depth', '1', '--no-tags', '--', transport.url, `+refs/tags/${tag}:refs/tags/${tag}`], {
        ...inClone,
        allowFile: transport.allowFile,
      });
    } catch (error) {
      if (error instanceof GitCommandError && /couldn't find remote ref/i.test(error.message)) {
        throw new RepositoryError('REPO-TAG', `tag "${tag}" disappeared from ${url} while it was being fetched`);
      }
      throw error;
    }
    let commit: string;
    try {
      commit = (await runGit(['rev-parse', '--verify', '--quiet', '--end-of-options', `refs/tags/${tag}^{commit}`], inClone)).trim();
    } catch (error) {
      if (error instanceof GitCommandError && !error.timedOut) {
        throw new RepositoryError('REPO-TAG', `tag "${tag}" in ${url} does not point at a commit`);
      }
      throw error;
    }
    if (commit !== expected) {
      throw new RepositoryError('REPO-TAG', `tag "${tag}" moved while it was being fetched (${short(expected)} → ${short(commit)})`);
    }
    await runGit(['checkout', '--quiet', '--detach', commit], inClone);
    return { dir, commit, cleanup };
  } catch (error) {
    await cleanup();
    throw asRepositoryError(error, `could not fetch ${url} at tag "${tag}"`, context);
  }
}

export interface TagRecheck {
  /** True when the tag still exists and still points at the pinned commit. */
  unchanged: boolean;
  /** The commit the tag points at now (annotated tags peeled), or null when it no longer exists. */
  current: string | null;
  /** One sentence for the REPO-TAG finding or the log. */
  message: string;
}

/**
 * Re-resolves a tag on the remote and compares it with the commit pinned when certification started
 * (REPO-TAG: "a moved tag fails certification"). An unreachable repository throws RepositoryError
 * (REPO-ACCESS), as every other operation here.
 */
export async function checkTagStillAt(url: string, tag: string, commit: string, options: GitOptions = {}): Promise<TagRecheck> {
  const current = await remoteTagCommit(url, tag, options);
  if (current === null) {
    return { unchanged: false, current, message: `tag "${tag}" was deleted from ${url} during certification (it pointed at ${short(commit)})` };
  }
  if (current.toLowerCase() !== commit.toLowerCase()) {
    return { unchanged: false, current, message: `tag "${tag}" moved during certification from ${short(commit)} to ${short(current)}` };
  }
  return { unchanged: true, current, message: `tag "${tag}" still points at ${short(commit)}` };
}

// --- internals --------------------------------------------------------------------------------

interface Transport {
  /** What Git is given: the caller's URL, or a file:// URL for an allowed local path. */
  url: string;
  /** file:// is allowed only for the local path the caller explicitly allowed. */
  allowFile: boolean;
}

interface RunContext {
  deadline: number;
  timeoutMs: number;
  signal?: AbortSignal;
  allowFile?: boolean;
  cwd?: string;
}

function runContext(options: GitOptions): RunContext {
  const timeoutMs = options.timeoutMs ?? CLONE_TIMEOUT_MS;
  return { deadline: Date.now() + timeoutMs, timeoutMs, signal: options.signal };
}

function validatedTransport(url: string, tag: string, options: GitOptions): Transport {
  const urlIssue = repositoryUrlProblem(url, options.allowLocal);
  if (urlIssue) throw new RepositoryError('REPO-ACCESS', `${printable(url)}: ${urlIssue}`);
  const tagIssue = tagProblem(tag);
  if (tagIssue) throw new RepositoryError('REPO-TAG', tagIssue);
  if (options.allowLocal && path.isAbsolute(url)) {
    // A file:// URL makes Git use its normal transport, so --depth is honoured (a plain path makes
    // `clone` copy the whole object store and `fetch` behave differently from a real remote).
    return { url: pathToFileURL(url).href, allowFile: true };
  }
  return { url, allowFile: false };
}

async function lsRemoteTag(transport: Transport, url: string, tag: string, context: RunContext): Promise<string | null> {
  let out: string;
  try {
    out = await runGit(['ls-remote', '--tags', '--', transport.url, `refs/tags/${tag}`, `refs/tags/${tag}^{}`], {
      ...context,
      allowFile: transport.allowFile,
    });
  } catch (error) {
    throw asRepositoryError(error, `repository ${url} is not reachable`, context);
  }
  let direct: string | null = null;
  let peeled: string | null = null;
  for (const line of out.split('\n')) {
    const [sha, ref] = line.split('\t');
    if (!sha || !ref || !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha)) continue;
    if (ref === `refs/tags/${tag}^{}`) peeled = sha;
    else if (ref === `refs/tags/${tag}`) direct = sha;
  }
  return peeled ?? direct;
}

function asRepositoryError(error: unknown, what: string, context: RunContext): Error {
  if (error instanceof RepositoryError || error instanceof GitAbortedError || error instanceof GitUnavailableError) return error;
  if (context.signal?.aborted) return new GitAbortedError();
  if (error instanceof GitCommandError) {
    const detail = error.timedOut ? `no answer within ${Number((context.timeoutMs / 1000).toFixed(1))} s (Git was stopped)` : error.message;
    return new RepositoryError('REPO-ACCESS', `${what}: ${detail}`);
  }
  return new RepositoryError('REPO-ACCESS', `${what}: ${(error as Error).message}`);
}

class GitCommandError extends Error {
  constructor(
    message: string,
    readonly timedOut: boolean,
  ) {
    super(message);
  }
}

/** Settings that hold whatever the remote, the repository or the machine's Git configuration says. */
function hardeningConfig(allowFile: boolean): string[] {
  const settings = [
    'protocol.allow=never',
    'protocol.https.allow=always',
    'protocol.ssh.allow=always',
    `protocol.file.allow=${allowFile ? 'always' : 'never'}`,
    'core.hooksPath=/dev/null',
    'core.fsmonitor=false',
    'core.symlinks=true',
    'core.autocrlf=false',
    'credential.helper=',
    'fetch.recurseSubmodules=false',
    'submodule.recurse=false',
    // No background `gc --auto` that would outlive the run and race the folder's removal.
    'gc.auto=0',
    'maintenance.auto=false',
    'init.defaultBranch=main',
    'advice.detachedHead=false',
  ];
  return settings.flatMap((setting) => ['-c', setting]);
}

/** Variables passed through so proxies, custom CAs and an ssh-agent keep working. */
const PASSED_ENVIRONMENT = [
  'PATH', 'HOME', 'TMPDIR', 'SSH_AUTH_SOCK',
  'HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy',
  'SSL_CERT_FILE', 'SSL_CERT_DIR',
];

function gitEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of PASSED_ENVIRONMENT) if (process.env[name] !== undefined) env[name] = process.env[name];
  env.PATH ??= '/usr/bin:/bin';
  return {
    ...env,
    LC_ALL: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: 'true',
    SSH_ASKPASS: 'true',
    GIT_SSH_COMMAND: 'ssh -o BatchMode=yes -o StrictHostKeyChecking=accept-new',
    // No system or user configuration: no filter drivers (smudge/clean/LFS), credential helpers,
    // url.*.insteadOf rewrites or hooks paths that the machine's Git config might define.
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_LFS_SKIP_SMUDGE: '1',
  };
}

const OWN_PROCESS_GROUP = process.platform !== 'win32';
/** Process groups of running Git commands, killed if this process exits while they run. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

function trackGroup(pid: number | undefined): void {
  if (pid === undefined || !OWN_PROCESS_GROUP) return;
  liveGroups.add(pid);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // Git runs in its own process group (so a timeout can kill its helpers too), which also means
    // it would not die with us: take it down on exit.
    process.once('exit', () => {
      for (const group of liveGroups) killGroup(group, () => {});
    });
  }
}

/** Runs Git; on timeout or abort kills its whole process group (remote helpers, ssh) and rejects. */
function runGit(args: string[], context: RunContext): Promise<string> {
  if (context.signal?.aborted) return Promise.reject(new GitAbortedError());
  const remaining = context.deadline - Date.now();
  if (remaining <= 0) return Promise.reject(new GitCommandError('git timed out', true));

  return new Promise((resolve, reject) => {
    const child = spawn('git', [...hardeningConfig(context.allowFile ?? false), ...args], {
      cwd: context.cwd,
      env: gitEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: OWN_PROCESS_GROUP,
    });
    trackGroup(child.pid);
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let stdoutBytes = 0;
    let stderrBytes = 0;
    let stopped: Error | undefined;
    let settled = false;

    const finish = (error: Error | undefined, value?: string) => {
      if (settled) return;
      settled = true;
      if (child.pid !== undefined) liveGroups.delete(child.pid);
      clearTimeout(timer);
      context.signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve(value ?? '');
    };
    const stop = (reason: Error) => {
      if (stopped) return;
      stopped = reason;
      killGroup(child.pid, () => child.kill('SIGKILL'));
    };
    const onAbort = () => stop(new GitAbortedError());
    const timer = setTimeout(() => stop(new GitCommandError('git timed out', true)), remaining);
    context.signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > MAX_GIT_STDOUT_BYTES) stop(new GitCommandError('git printed more output than expected', false));
      else stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderrBytes < MAX_GIT_STDERR_BYTES) stderr.push(chunk);
      stderrBytes += chunk.length;
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      finish(error.code === 'ENOENT' ? new GitUnavailableError('git is not installed or not on PATH') : error);
    });
    // A killed Git is reported once the process itself is gone ('exit'), without waiting for pipes
    // that a grandchild might still hold; a normal run is reported once all output is read ('close').
    child.on('exit', () => {
      if (stopped) finish(stopped);
    });
    child.on('close', (code, signal) => {
      if (stopped) return finish(stopped);
      if (code === 0) return finish(undefined, Buffer.concat(stdout).toString('utf8'));
      const text = Buffer.concat(stderr).toString('utf8');
      finish(new GitCommandError(gitErrorLine(text) ?? `git exited with ${code ?? signal}`, false));
    });
  });
}

function killGroup(pid: number | undefined, fallback: () => void): void {
  if (pid !== undefined && OWN_PROCESS_GROUP) {
    try {
      process.kill(-pid, 'SIGKILL');
      return;
    } catch {
      // the group is already gone; fall through to the direct kill
    }
  }
  fallback();
}

/** The most telling line of Git's stderr: the `fatal:` / `error:` one, else the first. */
function gitErrorLine(stderr: string): string | undefined {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const line = lines.find((l) => /^(fatal|error):/.test(l)) ?? lines[0];
  return line === undefined ? undefined : printable(line).slice(0, MAX_MESSAGE_CHARS);
}

/** Text safe to put in a finding or a terminal line: control characters escaped, length bounded. */
/** Hides the password of `scheme://user:password@host` URLs inside a text (messages, reports). */
export function redactCredentials(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)([^/\s:@]*):([^/\s@]*)@/gi, '$1$2:***@');
}

export function printable(text: string): string {
  return text.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).slice(0, MAX_MESSAGE_CHARS);
}

function short(sha: string): string {
  return sha.slice(0, 12);
}
