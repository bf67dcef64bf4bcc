// `connect-certify check`: run the engine, render the report, choose the exit code.
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import pc from 'picocolors';
import { certify, UnknownCheckError, type ProgressEvent } from '../engine/certify.js';
import { AcquireError } from '../engine/acquire/local.js';
import { loadChecks } from '../engine/registry.js';
import { RUN_PHASE_CHECK_IDS } from '../analyzers/functional/ids.js';
import type { Report } from '../engine/types.js';
import { render, type ReportFormat } from '../report/index.js';
import { EXIT_FAIL, EXIT_OK, EXIT_USAGE } from './exit-codes.js';

export interface CheckCommandOptions {
  tag?: string;
  format: ReportFormat;
  output?: string;
  failOn: 'error' | 'warning';
  only?: string[];
  skip?: string[];
  creatorEmail?: string;
  creatorName?: string;
  creatorCompany?: string;
  timeBudget: number;
  allowLocalRepositories?: boolean;
  advisories?: string;
  offline?: boolean;
  cacheDir?: string;
  registry: string;
  sbom?: string;
  run?: boolean;
  unsafeNoSandbox?: boolean;
  runLogs?: string;
  progress: boolean;
  color: boolean;
}

export async function runCheckCommand(target: string, options: CheckCommandOptions): Promise<number> {
  if (options.unsafeNoSandbox && !options.run) {
    process.stderr.write('connect-certify: --unsafe-no-sandbox only makes sense with --run\n');
    return EXIT_USAGE;
  }
  if (options.runLogs && !options.run) {
    process.stderr.write('connect-certify: --run-logs only makes sense with --run\n');
    return EXIT_USAGE;
  }
  if (options.run && !options.unsafeNoSandbox) {
    // Untrusted code never runs unconfined by default: without bubblewrap the run phase is refused.
    const { detectSandbox } = await import('../analyzers/sandbox/availability.js');
    const sandbox = detectSandbox();
    if (!sandbox.available) {
      process.stderr.write(`connect-certify: --run needs a sandbox: ${sandbox.reason ?? 'bubblewrap (bwrap) is not available'}\n`);
      return EXIT_USAGE;
    }
  }
  const showProgress = options.progress && options.format !== 'json' && process.stderr.isTTY === true && !process.env.CI;
  const color = options.color && !options.output && process.stdout.isTTY === true && !('NO_COLOR' in process.env);
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  let report: Report;
  try {
    report = await certify({
      target,
      tag: options.tag,
      only: options.only,
      skip: options.skip,
      creator: { email: options.creatorEmail, name: options.creatorName, company: options.creatorCompany },
      timeBudgetMs: options.timeBudget * 1000,
      settings: {
        advisories: options.advisories,
        offline: options.offline ?? false,
        cacheDir: options.cacheDir ?? defaultCacheDir(),
        registryUrl: options.registry,
        ...(options.run
          ? { run: { sandbox: options.unsafeNoSandbox ? ('none' as const) : ('bwrap' as const), ...(options.runLogs ? { runsDir: path.resolve(options.runLogs) } : {}) } }
          : {}),
      },
      allowLocalRepositories: options.allowLocalRepositories,
      enable: [...(options.sbom ? [SBOM_CHECK_ID] : []), ...(options.run ? RUN_PHASE_CHECK_IDS : [])],
      signal: controller.signal,
      onProgress: showProgress ? progressPrinter() : undefined,
    });
  } catch (error) {
    clearProgress(showProgress);
    if (error instanceof AcquireError || error instanceof UnknownCheckError) {
      process.stderr.write(`connect-certify: ${error.message}\n`);
      if (error instanceof UnknownCheckError) process.stderr.write('List the checks with: connect-certify checks\n');
      return EXIT_USAGE;
    }
    if (controller.signal.aborted) {
      process.stderr.write('connect-certify: cancelled\n');
      return EXIT_USAGE;
    }
    process.stderr.write(`connect-certify: internal error: ${(error as Error).message}\n`);
    if (process.env.DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    else process.stderr.write('Set DEBUG=1 for details, and please report it.\n');
    return EXIT_USAGE;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  clearProgress(showProgress);

  if (options.sbom) {
    // The SBOM goes to its own file; it is too large to repeat inside the report.
    const sbom = report.sections.sbom;
    delete report.sections.sbom;
    if (sbom === undefined) {
      process.stderr.write(`connect-certify: no SBOM was produced (${SBOM_CHECK_ID} did not run); ${options.sbom} not written\n`);
    } else if (!writeOutput(options.sbom, `${JSON.stringify(sbom, null, 2)}\n`)) {
      return EXIT_USAGE;
    }
  }
  const checks = await loadChecks();
  const text = render(options.format, report, { color, checks });
  if (options.output) {
    if (!writeOutput(options.output, text.endsWith('\n') ? text : `${text}\n`)) return EXIT_USAGE;
    if (options.format !== 'json') process.stderr.write(`${summaryLine(report)} — report written to ${options.output}\n`);
  } else {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }
  return exitCodeFor(report, options.failOn);
}

/** The opt-in check that builds the SBOM (enabled by --sbom). */
const SBOM_CHECK_ID = 'deps/sbom';

function writeOutput(file: string, text: string): boolean {
  try {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    writeFileSync(file, text);
    return true;
  } catch (error) {
    process.stderr.write(`connect-certify: cannot write ${file}: ${(error as Error).message}\n`);
    return false;
  }
}

/** $XDG_CACHE_HOME/connect-certify, else ~/.cache/connect-certify. */
export function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  return path.join(base, 'connect-certify');
}

export function exitCodeFor(report: Report, failOn: 'error' | 'warning'): number {
  if (report.verdict === 'fail') return EXIT_FAIL;
  if (failOn === 'warning' && report.findings.some((f) => !f.suppressed && f.severity === 'warning')) return EXIT_FAIL;
  return EXIT_OK;
}

function summaryLine(report: Report): string {
  const live = report.findings.filter((f) => !f.suppressed);
  const errors = live.filter((f) => f.severity === 'error' && !f.manual).length;
  const warnings = live.filter((f) => f.severity === 'warning').length;
  return `Verdict: ${report.verdict.toUpperCase()} (${errors} errors, ${warnings} warnings)`;
}

function progressPrinter(): (event: ProgressEvent) => void {
  return (event) => {
    let line = '';
    if (event.phase === 'acquire') line = event.message;
    else if (event.phase === 'check') line = `[${event.index + 1}/${event.total}] ${event.checkId}`;
    else if (event.phase === 'detail') line = `[${event.index + 1}/${event.total}] ${event.checkId} — ${event.message.replace(/\s+/g, ' ')}`;
    else return;
    process.stderr.write(`\r\x1b[2K${pc.dim(line.slice(0, (process.stderr.columns ?? 80) - 1))}`);
  };
}

function clearProgress(shown: boolean): void {
  if (shown) process.stderr.write('\r\x1b[2K');
}
