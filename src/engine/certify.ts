// The engine as a library: acquire → workspace → checks → suppressions → verdict → report.
// The CLI and the certification service both call `certify`; neither re-implements a step.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { CONFIG_FILE, ConfigError, parseRepositoryConfig, type RepositoryConfig } from './config.js';
import { CLONE_TIMEOUT_MS, cloneTag, GitAbortedError, printable, redactCredentials, RepositoryError, repositoryUrlProblem, type ClonedRepository } from './acquire/git.js';
import { contentPathOf, type FileIndex } from './acquire/file-index.js';
import { AcquireError, indexLocalFolder } from './acquire/local.js';
import { prefetchTexts, type TextPrefetch } from './acquire/prefetch.js';
import { loadChecks } from './registry.js';
import { applySuppressions } from './suppress.js';
import { statusFrom, verdictOf } from './verdict.js';
import { TOOL_VERSION } from './version.js';
import { Workspace, type CreatorRecord, type EngineSettings } from './workspace.js';
import type { CheckDefinition, CheckResult, CheckStatus, Finding, FindingInput, Report, RepositoryInfo} from './types.js';
import { applicationsOf } from '../analyzers/connect-spec/applications.js';
import { compareCodeUnits } from '../analyzers/text/compare.js';

/** Default time budget of a whole run; checks not started when it runs out are skipped. */
export const DEFAULT_TIME_BUDGET_MS = 10 * 60_000;

export type ProgressEvent =
  | { phase: 'acquire'; message: string }
  | { phase: 'check'; checkId: string; index: number; total: number }
  /** What a long-running check is doing now (the run phase's current command). */
  | { phase: 'detail'; checkId: string; index: number; total: number; message: string }
  | { phase: 'done'; durationMs: number };

export interface CertifyOptions {
  /** A local folder, or a Git URL (then `tag` is required). */
  target: string;
  tag?: string;
  only?: string[];
  skip?: string[];
  creator?: CreatorRecord;
  /** Data sources and modes for analyzers (advisories, offline, caches). */
  settings?: EngineSettings;
  signal?: AbortSignal;
  timeBudgetMs?: number;
  /** Accept an absolute local path as a Git repository when `tag` is given (tests, demos). */
  allowLocalRepositories?: boolean;
  /** Replace the registry (tests). */
  checks?: CheckDefinition[];
  /** Opt-in checks to enable (e.g. the sandboxed run phase). */
  enable?: string[];
  onProgress?: (event: ProgressEvent) => void;
}

export class CertifyAbortedError extends Error {}

export function looksLikeGitUrl(target: string): boolean {
  return /^(https?|ssh|git|file|ext):/i.test(target) || /^[\w.-]+@[\w.-]+:/.test(target) || /^[A-Za-z][\w+.-]*::/.test(target);
}

export async function certify(options: CertifyOptions): Promise<Report> {
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const budget = options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  const deadline = started + budget;
  const signal = options.signal ?? new AbortController().signal;
  const progress = options.onProgress ?? (() => {});

  const useGit = options.tag !== undefined || looksLikeGitUrl(options.target);
  let clone: ClonedRepository | undefined;
  let repository: RepositoryInfo | null = null;
  let root = options.target;
  let prefetch: TextPrefetch | undefined;
  try {
    if (useGit) {
      if (options.tag === undefined) {
        return repositoryFailure(options, startedAt, started, 'REPO-TAG', 'a Git URL needs --tag: certification is always of a tag');
      }
      const allowLocal = options.allowLocalRepositories ?? false;
      const urlIssue = repositoryUrlProblem(options.target, allowLocal);
      if (urlIssue) return repositoryFailure(options, startedAt, started, 'REPO-ACCESS', `${printable(options.target)}: ${urlIssue}`);
      if (signal.aborted) throw new CertifyAbortedError('certification was cancelled');
      progress({ phase: 'acquire', message: `cloning ${options.target} at ${options.tag}` });
      try {
        clone = await cloneTag(options.target, options.tag, { signal, allowLocal, timeoutMs: Math.min(budget, CLONE_TIMEOUT_MS) });
      } catch (error) {
        // A cancelled clone is a cancelled run, not an unreachable repository.
        if (error instanceof GitAbortedError || signal.aborted) throw new CertifyAbortedError('certification was cancelled');
        if (error instanceof RepositoryError) {
          return repositoryFailure(options, startedAt, started, error.requirement, error.message);
        }
        throw error;
      }
      root = clone.dir;
      repository = { url: options.target, tag: options.tag, commit: clone.commit };
    } else if (!existsSync(root) || !statSync(root).isDirectory()) {
      throw new AcquireError(`${root}: no such folder`);
    }

    progress({ phase: 'acquire', message: `indexing ${useGit ? options.target : root}` });
    const index = indexLocalFolder(root);
    prefetch = prefetchTexts(index);
    return await runOnIndex(index, repository, options, { started, startedAt, deadline, signal, progress, prefetch });
  } finally {
    prefetch?.close();
    await clone?.cleanup();
  }
}

interface RunState {
  started: number;
  startedAt: string;
  deadline: number;
  signal: AbortSignal;
  progress: (event: ProgressEvent) => void;
  prefetch?: TextPrefetch | undefined;
}

async function runOnIndex(
  index: FileIndex,
  repository: RepositoryInfo | null,
  options: CertifyOptions,
  state: RunState,
): Promise<Report> {
  const preFindings: Finding[] = [];
  let config: RepositoryConfig = {};
  // Read directly: a workspace to read one file would index every path a second time.
  const configEntry = index.files.find((f) => f.path === CONFIG_FILE);
  const configText = configEntry ? readFileSync(contentPathOf(index.root, configEntry), 'utf8') : undefined;
  if (configText !== undefined) {
    try {
      config = parseRepositoryConfig(configText);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      preFindings.push(engineFinding('engine/config', 'DEPLOY-SPEC', {
        severity: 'error',
        message: `${error.message}; the file was ignored`,
        file: CONFIG_FILE,
        remediation: `Fix ${CONFIG_FILE} or remove it; see the README for its fields.`,
      }));
    }
  }
  const creator: CreatorRecord = { ...config.creator, ...stripUndefined(options.creator ?? {}) };
  const workspace = new Workspace({ index, repository, config, creator, settings: options.settings, prefetch: state.prefetch });

  for (const problem of index.problems) {
    if (problem.kind === 'outside-symlink') {
      preFindings.push(engineFinding('repository/symlinks', 'REPO-SOURCE', {
        severity: 'error',
        message: `${problem.path} is a symlink that points outside the repository; it was not read`,
        file: problem.path,
        remediation: 'Commit the file itself, or point the link at a file inside the repository.',
      }));
    } else if (problem.kind === 'broken-symlink') {
      preFindings.push(engineFinding('repository/symlinks', 'REPO-SOURCE', {
        severity: 'warning',
        message: `${problem.path} is a symlink that points to nothing`,
        file: problem.path,
        remediation: 'Remove the dangling link or commit its target.',
      }));
    } else if (problem.kind === 'too-many-files') {
      preFindings.push(engineFinding('repository/size', 'REPO-SOURCE', {
        severity: 'error',
        message: problem.detail,
        remediation: 'Keep generated files, dependencies and build output out of the repository.',
      }));
    }
  }

  const all = options.checks ?? (await loadChecks());
  const only = options.only ?? config.only;
  const skip = new Set([...(options.skip ?? []), ...(config.skip ?? [])]);
  const enable = new Set(options.enable ?? []);
  const unknown = [...(only ?? []), ...skip].filter((id) => !all.some((c) => c.id === id || c.id.startsWith(`${id}/`)));
  if (unknown.length > 0 && !options.checks) {
    throw new UnknownCheckError(`unknown check id(s): ${unknown.join(', ')}`);
  }
  const selected = (check: CheckDefinition) =>
    (!only || only.some((id) => check.id === id || check.id.startsWith(`${id}/`))) &&
    !skip.has(check.id) && ![...skip].some((id) => check.id.startsWith(`${id}/`)) &&
    (!check.optIn || enable.has(check.id));

  const results: CheckResult[] = [];
  const findings: Finding[] = [...preFindings];
  const sections: Record<string, unknown> = {};
  const total = all.length;
  for (const [i, check] of all.entries()) {
    if (!selected(check)) {
      results.push(result(check, 'skipped', 0, check.optIn ? 'not enabled' : 'not selected'));
      continue;
    }
    if (state.signal.aborted) throw new CertifyAbortedError('certification was cancelled');
    if (Date.now() > state.deadline) {
      results.push(result(check, 'skipped', 0, 'time budget exhausted'));
      continue;
    }
    state.progress({ phase: 'check', checkId: check.id, index: i, total });
    const checkStart = performance.now();
    const own: Finding[] = [];
    let skipReason: string | undefined;
    try {
      await check.run({
        workspace,
        signal: state.signal,
        report: (input: FindingInput) => own.push(toFinding(check, input)),
        skip: (reason: string) => {
          skipReason = reason;
        },
        attach: (key: string, value: unknown) => {
          sections[key] = value;
        },
        progress: (message: string) => state.progress({ phase: 'detail', checkId: check.id, index: i, total, message }),
      });
    } catch (error) {
      if (state.signal.aborted) throw new CertifyAbortedError('certification was cancelled');
      findings.push(...own);
      results.push(result(check, 'error', performance.now() - checkStart, `check failed: ${(error as Error).message}`));
      continue;
    }
    findings.push(...own);
    results.push(result(check, skipReason ? 'skipped' : 'pass', performance.now() - checkStart, skipReason));
  }

  const suppressed = applySuppressions(findings, config, (f) => workspace.readText(f));
  const finalFindings = suppressed.findings;
  for (const bad of suppressed.invalid) {
    finalFindings.push(engineFinding('engine/suppressions', 'SEC-NONPROD', {
      severity: 'warning',
      message: `inline suppression of ${bad.check} has no reason; it was ignored`,
      file: bad.file,
      line: bad.line,
      remediation: 'Write the reason after the check id: // connect-certify-ignore <check> <reason>',
    }));
  }
  for (const r of results) {
    if (r.status !== 'pass') continue;
    r.status = statusFrom(finalFindings.filter((f) => f.check === r.id));
  }
  const engineChecks = new Set(finalFindings.filter((f) => f.check.startsWith('engine/') || f.check.startsWith('repository/')).map((f) => f.check));
  for (const id of engineChecks) {
    const own = finalFindings.filter((f) => f.check === id);
    results.push({ id, requirement: own[0]!.requirement, title: engineTitle(id), status: statusFrom(own), durationMs: 0 });
  }

  const durationMs = Date.now() - state.started;
  state.progress({ phase: 'done', durationMs });
  return {
    tool: { name: 'connect-certify', version: TOOL_VERSION },
    connector: { root: repository ? '.' : index.root, repository },
    verdict: verdictOf(finalFindings),
    applications: applicationsOf(workspace),
    checks: results,
    findings: sortFindings(finalFindings),
    suppressions: suppressed.suppressions,
    skippedFiles: index.problems.filter((p) => p.kind === 'too-large').map((p) => ({ path: p.path, reason: p.detail })),
    sections,
    startedAt: state.startedAt,
    durationMs,
  };
}

export class UnknownCheckError extends Error {}

export { verdictOf };

function result(check: CheckDefinition, status: CheckStatus, durationMs: number, reason?: string): CheckResult {
  const out: CheckResult = { id: check.id, requirement: check.requirement, title: check.title, status, durationMs: Math.round(durationMs * 100) / 100 };
  if (reason) out.reason = reason;
  return out;
}

function toFinding(check: CheckDefinition, input: FindingInput): Finding {
  const { requirement, remediation, ...rest } = input;
  return { check: check.id, requirement: requirement ?? check.requirement, remediation: remediation ?? check.remediation, ...rest };
}

function engineFinding(check: string, requirement: Finding['requirement'], input: FindingInput & { remediation: string }): Finding {
  return { check, requirement, ...input };
}

function engineTitle(id: string): string {
  const titles: Record<string, string> = {
    'repository/access': 'The repository is reachable',
    'repository/tag': 'The tag exists and stays put',
    'repository/symlinks': 'Symlinks stay inside the repository',
    'repository/size': 'The repository is of a reasonable size',
    'engine/config': `${CONFIG_FILE} is valid`,
    'engine/suppressions': 'Inline suppressions carry a reason',
  };
  return titles[id] ?? id;
}

function repositoryFailure(
  options: CertifyOptions,
  startedAt: string,
  started: number,
  requirement: 'REPO-ACCESS' | 'REPO-TAG',
  message: string,
): Report {
  const check = requirement === 'REPO-TAG' ? 'repository/tag' : 'repository/access';
  const finding: Finding = {
    check,
    requirement,
    severity: 'error',
    message: redactCredentials(message),
    remediation:
      requirement === 'REPO-TAG'
        ? 'Push the tag (git push origin <tag>) and certify exactly that tag; never move a tag under certification.'
        : 'Use the HTTPS URL of a public repository, or the SSH URL of a private one that grants read access to Connect\'s machine user.',
  };
  return {
    tool: { name: 'connect-certify', version: TOOL_VERSION },
    connector: { root: '.', repository: { url: redactCredentials(printable(options.target)), tag: options.tag ?? '', commit: null } },
    verdict: 'fail',
    applications: [],
    checks: [{ id: check, requirement, title: engineTitle(check), status: 'fail', durationMs: Date.now() - started }],
    findings: [finding],
    suppressions: [],
    skippedFiles: [],
    sections: {},
    startedAt,
    durationMs: Date.now() - started,
  };
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      compareCodeUnits(a.file ?? '', b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      compareCodeUnits(a.check, b.check),
  );
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

