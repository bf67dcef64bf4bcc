// Acquires a repository at a tag: a shallow clone of exactly that tag into a temporary folder,
// with the tag's commit pinned (annotated tags peeled). Only https://, ssh:// and git@host:path
// URLs are accepted (plus absolute local paths when the caller allows them, for tests and demos);
// transports such as ext:: or file:// and option-like arguments are refused before Git sees them.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** How long a clone may take before it is abandoned. */
export const CLONE_TIMEOUT_MS = 120_000;

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

export interface GitOptions {
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

const SCP_LIKE = /^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:(?!\/\/)[A-Za-z0-9._~\/-]+$/;
const TAG_PATTERN = /^(?!-)(?!.*\.\.)(?!.*\/\/)[A-Za-z0-9._@\/+-]{1,255}$/;

/** Returns why a repository URL is refused, or null when it is acceptable. */
export function repositoryUrlProblem(url: string, allowLocal = false): string | null {
  if (url.trim() !== url || url === '') return 'the repository URL is empty or has surrounding spaces';
  if (url.startsWith('-')) return 'the repository URL looks like a command-line option';
  if (/[\s\0]/.test(url)) return 'the repository URL contains whitespace or control characters';
  if (/^[A-Za-z][A-Za-z0-9+.-]*::/.test(url)) return 'remote-helper transports such as "ext::" are not allowed';
  if (url.startsWith('https://') || url.startsWith('ssh://')) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return 'the repository URL is not a well-formed URL';
    }
    if (!parsed.hostname) return 'the repository URL has no host';
    if (parsed.hostname.startsWith('-')) return 'the repository host looks like a command-line option';
    if (url.startsWith('https://') && (parsed.username || parsed.password)) {
      return 'the repository URL must not carry credentials; private repositories use an SSH URL';
    }
    return null;
  }
  if (SCP_LIKE.test(url)) return null;
  if (allowLocal && path.isAbsolute(url)) return null;
  return 'only https://, ssh:// and git@host:path repository URLs are accepted';
}

/** Returns why a tag name is refused, or null. */
export function tagProblem(tag: string): string | null {
  if (!TAG_PATTERN.test(tag)) return `"${tag}" is not a valid Git tag name`;
  return null;
}

function git(args: string[], options: GitOptions & { cwd?: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      // Never prompt, never run hooks or helpers that a hostile config could name.
      ['-c', 'protocol.allow=never', '-c', 'protocol.https.allow=always', '-c', 'protocol.ssh.allow=always',
        '-c', `protocol.file.allow=${options.allowLocal ? 'always' : 'never'}`, '-c', 'core.hooksPath=/dev/null',
        '-c', 'core.symlinks=true', ...args],
      {
        cwd: options.cwd,
        timeout: options.timeoutMs ?? CLONE_TIMEOUT_MS,
        killSignal: 'SIGKILL',
        signal: options.signal,
        maxBuffer: 16 * 1024 * 1024,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: process.env.HOME ?? tmpdir(),
          GIT_TERMINAL_PROMPT: '0',
          GIT_ASKPASS: 'true',
          SSH_ASKPASS: 'true',
          GIT_SSH_COMMAND: 'ssh -o BatchMode=yes -o StrictHostKeyChecking=accept-new',
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_LFS_SKIP_SMUDGE: '1',
        },
      },
      (error, stdout, stderr) => {
        if (error) {
          const timedOut = (error as NodeJS.ErrnoException & { killed?: boolean }).killed;
          reject(new Error(timedOut ? 'git timed out' : String(stderr || error.message).trim()));
        } else resolve(stdout);
      },
    );
  });
}

/** The commit a tag points to on the remote (annotated tags peeled), or null when there is no such tag. */
export async function remoteTagCommit(url: string, tag: string, options: GitOptions = {}): Promise<string | null> {
  const urlIssue = repositoryUrlProblem(url, options.allowLocal);
  if (urlIssue) throw new RepositoryError('REPO-ACCESS', `${url}: ${urlIssue}`);
  const tagIssue = tagProblem(tag);
  if (tagIssue) throw new RepositoryError('REPO-TAG', tagIssue);
  let out: string;
  try {
    out = await git(['ls-remote', '--tags', '--', url, `refs/tags/${tag}`, `refs/tags/${tag}^{}`], options);
  } catch (error) {
    throw new RepositoryError('REPO-ACCESS', `repository ${url} is not reachable: ${firstLine((error as Error).message)}`);
  }
  let direct: string | null = null;
  let peeled: string | null = null;
  for (const line of out.split('\n')) {
    const [sha, ref] = line.split('\t');
    if (!sha || !ref) continue;
    if (ref === `refs/tags/${tag}^{}`) peeled = sha;
    else if (ref === `refs/tags/${tag}`) direct = sha;
  }
  return peeled ?? direct;
}

/** Shallow-clones `tag` of `url` into a fresh temporary folder and pins its commit. */
export async function cloneTag(url: string, tag: string, options: GitOptions = {}): Promise<ClonedRepository> {
  const expected = await remoteTagCommit(url, tag, options);
  if (!expected) throw new RepositoryError('REPO-TAG', `tag "${tag}" does not exist in ${url}`);
  const dir = await mkdtemp(path.join(tmpdir(), 'connect-certify-clone-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    await git(['clone', '--quiet', '--depth', '1', '--no-tags', '--single-branch', '--branch', tag, '--', url, dir], options);
    const commit = (await git(['rev-parse', 'HEAD^{commit}'], { ...options, cwd: dir })).trim();
    if (commit !== expected) {
      throw new RepositoryError('REPO-TAG', `tag "${tag}" moved while cloning (${expected.slice(0, 12)} → ${commit.slice(0, 12)})`);
    }
    return { dir, commit, cleanup };
  } catch (error) {
    await cleanup();
    if (error instanceof RepositoryError) throw error;
    throw new RepositoryError('REPO-ACCESS', `could not clone ${url} at tag "${tag}": ${firstLine((error as Error).message)}`);
  }
}

function firstLine(text: string): string {
  return text.split('\n').find((l) => l.trim() !== '')?.trim() ?? text;
}
