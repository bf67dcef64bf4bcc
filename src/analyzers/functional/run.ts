// The functional verification ("run phase"): for each Node.js application of connect.yaml, in a
// sandbox, what Connect does with it — install exactly as the buildpack would, build with the script
// the buildpack would run, run the `test` script as Connect's validation does, drop devDependencies
// as the production image does, start it with the buildpack's start command, PORT=8080 and
// placeholder configuration, and probe it the way Connect calls it. Computed once per run
// (`functionalRunOf`) and shared by the run/* checks, which turn `issues` into findings.
//
// Environments follow Connect: install, build and test run in "validation mode" (NODE_ENV=development,
// so devDependencies are installed and the tests can run); the start runs the production image
// (devDependencies pruned, NODE_ENV=production).
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { Workspace } from '../../engine/workspace.js';
import type { Severity } from '../../engine/types.js';
import type { RequirementCode } from '../../engine/requirements.js';
import { buildpackPlanOf, isMerchantCenterApp, type BuildpackPlan, type NodePlan } from '../buildpack/plan.js';
import { connectSpecOf, type ConnectApplication } from '../connect-spec/parse.js';
import { testSuiteOf } from '../imports/test-suite.js';
import { detectSandbox, type SandboxAvailability } from '../sandbox/availability.js';
import { visibleInside } from '../sandbox/bwrap.js';
import { CopyError } from '../sandbox/copy.js';
import { redactSecrets, tailOf } from '../sandbox/logs.js';
import { SandboxSession, SandboxUnavailableError, type KillReason, type SandboxEnforcement, type SandboxLimits, type SandboxMode, type SandboxOutcome } from '../sandbox/session.js';
import { placeholderConfigurationOf, type PlaceholderConfiguration, type PlaceholderEntry } from './placeholders.js';
import { probesFor } from './probes.js';
import { compareForState, type StatelessComparison } from './stateless.js';
import { SUPERVISOR_SOURCE, type SupervisorConfig, type SupervisorResult } from './supervisor.js';
import { COVERAGE_SUMMARY_FILE, failingTestLines, parseCoverageOutput, parseCoverageSummary, parseTestCounts, type CoverageSummary, type TestCounts } from './test-output.js';

export const CONNECT_PORT = 8080;
const MB = 1024 * 1024;
/** Connect's memory per instance (connect-reference.md §B.4): jobs 4 GB, everything else 512 MB. */
export const CONNECT_MEMORY_LIMIT_BYTES = { job: 4096 * MB, default: 512 * MB } as const;
/** The start phase may use this much more than Connect's limit, so exceeding it is measured, not just cut off. */
export const START_MEMORY_HEADROOM_BYTES = 512 * MB;
/** Above this share of Connect's limit the memory is reported as a warning. */
export const MEMORY_WARNING_SHARE = 0.8;
/** Listening later than this after start is reported (autoscaling starts instances on demand). */
export const SLOW_STARTUP_MS = 10_000;
/** Longest wait for the application to listen on its port. */
export const START_TIMEOUT_MS = 60_000;
/** The whole run phase; applications not started by then are skipped. */
export const RUN_PHASE_BUDGET_MS = 45 * 60_000;
/** Characters of a probe's answer kept in the report. */
const PROBE_BODY_SHOWN = 500;
/** coverage-summary.json larger than this is not read. */
const MAX_COVERAGE_SUMMARY_BYTES = 16 * MB;
/** Where Connect's assets hosting and the Merchant Center toolchain expect the build output. */
export const STATIC_OUTPUT_DIR = 'public';

export type RunStepName = 'install' | 'build' | 'test' | 'prune' | 'start';

export interface RunLimits {
  install: SandboxLimits;
  build: SandboxLimits;
  test: SandboxLimits;
  prune: SandboxLimits;
  /** memoryBytes is set per application from Connect's limit plus headroom. */
  start: Omit<SandboxLimits, 'memoryBytes'>;
  startTimeoutMs: number;
}

const GB = 1024 * MB;
export const DEFAULT_RUN_LIMITS: RunLimits = {
  install: { wallTimeMs: 10 * 60_000, cpuSeconds: 900, memoryBytes: 3 * GB, maxTasks: 512 },
  build: { wallTimeMs: 10 * 60_000, cpuSeconds: 900, memoryBytes: 3 * GB, maxTasks: 512 },
  test: { wallTimeMs: 10 * 60_000, cpuSeconds: 900, memoryBytes: 3 * GB, maxTasks: 512 },
  prune: { wallTimeMs: 3 * 60_000, cpuSeconds: 180, memoryBytes: 2 * GB, maxTasks: 256 },
  start: { wallTimeMs: 5 * 60_000, cpuSeconds: 300, maxTasks: 256 },
  startTimeoutMs: START_TIMEOUT_MS,
};

export type RunCheckKey = 'build' | 'tests' | 'start' | 'resources';

export interface RunIssue {
  check: RunCheckKey;
  requirement: RequirementCode;
  severity: Severity;
  message: string;
  /** The end of the step's log, redacted. */
  evidence?: string;
  /** Host path of the step's log. */
  log?: string;
  file?: string;
  remediation?: string;
}

export interface StepReport {
  status: 'passed' | 'failed' | 'skipped';
  command?: string;
  durationMs?: number;
  exitCode?: number | null;
  signal?: string | null;
  killedFor?: KillReason;
  /** Host path of the log (size-limited, secrets redacted). */
  log?: string;
  logBytes?: number;
  logTruncated?: boolean;
  /** Why the step was skipped, or a one-line account of the failure. */
  reason?: string;
  /** Peak resident memory of all the step's processes (sampled from the host). */
  peakRssBytes?: number;
  /** Peak processes + threads of the step (sampled from the host). */
  peakTasks?: number;
}

export interface TestStepReport extends StepReport {
  counts?: TestCounts;
  coverage?: CoverageSummary;
}

export interface ProbeReport {
  role: string;
  method: string;
  path: string;
  instance: number;
  repeat?: boolean;
  status?: number;
  error?: string;
  durationMs: number;
  body?: string;
}

export interface StartStepReport extends StepReport {
  startupMs?: number;
  addresses?: string[];
  probes?: ProbeReport[];
  memory?: { limitBytes: number; peakRssBytes?: number; afterStartRssBytes?: number };
  restart?: StatelessComparison & { startupMs?: number };
}

export interface ApplicationRun {
  name: string;
  applicationType: string;
  folder: string;
  packageManager?: string;
  node: { planned?: number; used: number };
  configuration: PlaceholderEntry[];
  steps: { install: StepReport; build: StepReport; test: TestStepReport; prune?: StepReport; start: StartStepReport };
  issues: RunIssue[];
  notes: string[];
}

export interface FunctionalRun {
  /** 'ran'; 'unavailable': no sandbox (the checks skip); 'not-applicable': nothing to run. */
  status: 'ran' | 'unavailable' | 'not-applicable';
  reason?: string;
  sandbox?: SandboxEnforcement & { unsafe: boolean };
  runId?: string;
  runDir?: string;
  logDir?: string;
  nodeVersion: string;
  durationMs: number;
  applications: ApplicationRun[];
}

export interface FunctionalRunOptions {
  mode?: SandboxMode;
  runsDir?: string;
  limits?: Partial<RunLimits>;
  /** More host folders to hide inside the sandbox. */
  hide?: string[];
  signal?: AbortSignal;
  /** Overrides the detected sandbox (tests). */
  availability?: SandboxAvailability;
  /** Registry URLs the install step may reach besides npm's and Yarn's (the engine's --registry). */
  registries?: string[];
  /** Told before each sandboxed command, e.g. `service-install: npm ci`. */
  onProgress?: (message: string) => void;
}

/** The run phase of a workspace, executed once per run and shared by the run/* checks. */
export function functionalRunOf(ws: Workspace, signal?: AbortSignal, onProgress?: (message: string) => void): Promise<FunctionalRun> {
  return ws.memo('functional:run', () => {
    const settings = ws.settings.run ?? {};
    const hide = [ws.settings.cacheDir, ws.settings.advisories].filter((p): p is string => typeof p === 'string');
    return runFunctionalPhase(ws, {
      mode: settings.sandbox ?? 'bwrap',
      ...(settings.runsDir ? { runsDir: settings.runsDir } : {}),
      ...(ws.settings.registryUrl ? { registries: [ws.settings.registryUrl] } : {}),
      hide,
      ...(signal ? { signal } : {}),
      ...(onProgress ? { onProgress } : {}),
    });
  });
}

export async function runFunctionalPhase(ws: Workspace, options: FunctionalRunOptions = {}): Promise<FunctionalRun> {
  const started = Date.now();
  const nodeVersion = process.versions.node;
  const base = { nodeVersion, applications: [] as ApplicationRun[] };
  const done = (run: Pick<FunctionalRun, 'status'> & Partial<FunctionalRun>): FunctionalRun => ({ ...base, ...run, durationMs: Date.now() - started });

  const spec = connectSpecOf(ws);
  if (!spec.present) return done({ status: 'not-applicable', reason: 'no connect.yaml at the repository root (reported under DEPLOY-SPEC)' });
  if (spec.fatal) return done({ status: 'not-applicable', reason: `connect.yaml could not be read (reported under DEPLOY-SPEC): ${spec.fatal.message}` });
  const apps = spec.spec.applications.filter((app) => app.name !== '');
  if (apps.length === 0) return done({ status: 'not-applicable', reason: 'connect.yaml declares no named applications' });

  const mode = options.mode ?? 'bwrap';
  const availability = options.availability ?? (mode === 'bwrap' ? detectSandbox() : undefined);
  if (mode === 'bwrap' && availability && !availability.available) {
    return done({ status: 'unavailable', reason: availability.reason ?? 'bubblewrap is not available' });
  }
  const limits: RunLimits = { ...DEFAULT_RUN_LIMITS, ...options.limits };
  const configurations = new Map(apps.map((app) => [app, placeholderConfigurationOf(spec.spec, app)]));
  const secrets = [...configurations.values()].flatMap((c) => c.secrets);

  let session: SandboxSession;
  try {
    session = SandboxSession.open(ws, { mode, secrets, ...(availability ? { availability } : {}), ...(options.runsDir ? { runsDir: options.runsDir } : {}), ...(options.hide ? { hide: options.hide } : {}), ...(options.registries ? { registries: options.registries } : {}), ...(options.onProgress ? { onCommand: (name: string, command: string) => options.onProgress!(`${name}: ${command}`) } : {}) });
  } catch (error) {
    if (error instanceof SandboxUnavailableError || error instanceof CopyError) return done({ status: 'unavailable', reason: error.message });
    throw error;
  }
  const supervisor = session.writeHelper('supervisor.mjs', SUPERVISOR_SOURCE);
  const applications: ApplicationRun[] = [];
  try {
    for (const app of apps) {
      const plan = buildpackPlanOf(ws, app);
      const configuration = configurations.get(app)!;
      if (options.signal?.aborted || Date.now() - started > RUN_PHASE_BUDGET_MS) {
        applications.push(skippedApplication(app, plan, configuration, options.signal?.aborted ? 'the run was cancelled' : 'the run phase\'s time budget was used up'));
        continue;
      }
      applications.push(await runApplication(ws, session, app, plan, configuration, limits, supervisor, options.signal));
    }
  } finally {
    session.close();
  }
  return done({
    status: 'ran',
    sandbox: { ...session.enforcement, unsafe: mode === 'none' },
    runId: session.id,
    runDir: session.runDir,
    logDir: session.logDir,
    applications,
  });
}

function skipped(reason: string): StepReport {
  return { status: 'skipped', reason };
}

function skippedApplication(app: ConnectApplication, plan: BuildpackPlan, configuration: PlaceholderConfiguration, reason: string): ApplicationRun {
  return {
    name: app.name,
    applicationType: app.applicationType,
    folder: plan.realFolder,
    ...(plan.node ? { packageManager: plan.node.packageManager } : {}),
    node: { ...(plan.node?.nodeVersion.major !== undefined ? { planned: plan.node.nodeVersion.major } : {}), used: nodeMajor() },
    configuration: configuration.entries,
    steps: { install: skipped(reason), build: skipped(reason), test: skipped(reason), start: skipped(reason) },
    issues: [],
    notes: [],
  };
}

function nodeMajor(): number {
  return Number(process.versions.node.split('.')[0]);
}

function stepReport(outcome: SandboxOutcome, command: string): StepReport {
  const failed = outcome.exitCode !== 0 || outcome.killedFor !== undefined || outcome.spawnError !== undefined;
  return {
    status: failed ? 'failed' : 'passed',
    command,
    durationMs: outcome.durationMs,
    exitCode: outcome.exitCode,
    ...(outcome.signal ? { signal: outcome.signal } : {}),
    ...(outcome.killedFor ? { killedFor: outcome.killedFor } : {}),
    log: outcome.log.path,
    logBytes: outcome.log.bytes,
    logTruncated: outcome.log.truncated,
    peakRssBytes: outcome.peakRssBytes,
    peakTasks: outcome.peakTasks,
  };
}

/** "exit code 1 after 3.2 s" / "killed after 600 s: it exceeded …". */
function howItEnded(outcome: SandboxOutcome, limits: SandboxLimits): string {
  const seconds = `${(outcome.durationMs / 1000).toFixed(1)} s`;
  if (outcome.spawnError) return `could not be started (${outcome.spawnError})`;
  switch (outcome.killedFor) {
    case 'wall-time':
      return `did not finish within ${Math.round(limits.wallTimeMs / 1000)} s and was killed`;
    case 'memory':
      return `used more than ${Math.round(limits.memoryBytes / MB)} MB of memory and was killed after ${seconds}`;
    case 'processes':
      return `started more than ${limits.maxTasks} processes and threads and was killed after ${seconds}`;
    case 'cancelled':
      return 'was cancelled';
    case undefined:
      return outcome.exitCode !== null ? `failed with exit code ${outcome.exitCode} after ${seconds}` : `was killed by ${outcome.signal} after ${seconds}`;
  }
}

const VALIDATION_ENV = {
  // Tool switches, not host state: no prompts, no update checks, no noise.
  COREPACK_ENABLE_DOWNLOAD_PROMPT: '0',
  COREPACK_ENABLE_STRICT: '0',
  // Corepack's pinned version, not a registry lookup for "latest" (later steps have no network).
  COREPACK_DEFAULT_TO_LATEST: '0',
  npm_config_update_notifier: 'false',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
} as const;

async function runApplication(
  ws: Workspace,
  session: SandboxSession,
  app: ConnectApplication,
  plan: BuildpackPlan,
  configuration: PlaceholderConfiguration,
  limits: RunLimits,
  supervisor: string,
  signal: AbortSignal | undefined,
): Promise<ApplicationRun> {
  const run = skippedApplication(app, plan, configuration, '');
  const node = plan.node;
  const notSupported = (reason: string) => {
    run.steps = { install: skipped(reason), build: skipped(reason), test: skipped(reason), start: skipped(reason) };
    run.notes.push(reason);
    return run;
  };
  if (!plan.folderExists) return notSupported(`no folder ${plan.folder}/ (reported under DEPLOY-LAYOUT)`);
  if (plan.language !== 'nodejs' || !node) {
    return notSupported(plan.language === 'java' ? 'Java applications are not run by the run phase yet (static checks only)' : `not a Node.js application (${plan.language})`);
  }
  if (!node.manifest) return notSupported(`${node.packageJson.file} could not be read (reported under DEPLOY-BUILDPACK)`);
  const manager = node.packageManager;
  if (manager === 'bun' || (manager === 'yarn' && node.yarnBerry && !session.hasCommand('yarn'))) {
    return notSupported(`the ${manager} package manager is not available on this machine`);
  }
  if (!session.hasCommand(manager)) return notSupported(`${manager} is not available on this machine (neither installed nor through Corepack)`);

  const used = nodeMajor();
  // Engine checks against this machine's Node.js are our limitation, not the connector's defect.
  let engineEnv: Record<string, string> = {};
  if (node.nodeVersion.major !== undefined && node.nodeVersion.major !== used) {
    engineEnv = { YARN_IGNORE_ENGINES: 'true', npm_config_engine_strict: 'false' };
    const wanted = node.nodeVersion.engines ? ` (engines.node ${node.nodeVersion.engines})` : '';
    const note = `ran with Node.js ${process.versions.node}, the version on this machine; Connect would use Node.js ${node.nodeVersion.major}${wanted}, so results may differ`;
    run.notes.push(note);
    run.issues.push({ check: 'build', requirement: 'FUNC-BUILD', severity: 'info', message: `Application "${app.name}": ${note}` });
  }
  if (session.mode === 'none') {
    run.issues.push({
      check: 'build',
      requirement: 'FUNC-BUILD',
      severity: 'info',
      message: `Application "${app.name}" was built, tested and started without a sandbox (--unsafe-no-sandbox): its tests could reach the network and its code could read this machine`,
    });
  }
  const cwd = plan.realFolder;
  const appLabel = `Application "${app.name}"`;
  const validationEnv = { ...VALIDATION_ENV, ...engineEnv, NODE_ENV: 'development' };

  // Install: the only step with network (the package registry).
  const installEnv = { ...validationEnv, ...registryTrustEnv(session) };
  const install = await session.run({ name: `${app.name}-install`, command: node.install, cwd, env: installEnv, network: 'registry', limits: limits.install, ...(signal ? { signal } : {}) });
  run.steps.install = stepReport(install, node.install);
  if (run.steps.install.status === 'failed') {
    run.steps.install.reason = `\`${node.install}\` ${howItEnded(install, limits.install)}`;
    run.issues.push({
      check: 'build',
      requirement: 'FUNC-BUILD',
      severity: 'error',
      message:
        `${appLabel}: the dependency install \`${node.install}\` in ${cwd}/ ${howItEnded(install, limits.install)}, so Connect's build would fail` +
        (install.refused ? ` (it tried to reach ${install.refused.join(', ')}; the sandbox lets the install reach only the package registry)` : ''),
      evidence: install.tail,
      log: install.log.path,
      file: node.lockFile?.path ?? node.packageJson.file,
      remediation: install.refused
        ? 'Install every dependency from the npm registry: replace Git, tarball-URL and other non-registry dependencies with published packages, and do not download during install scripts.'
        : 'Delete node_modules and run the same command locally; keep the lock file in sync with package.json and commit it.',
    });
    const reason = 'the dependency install failed';
    run.steps.build = skipped(reason);
    run.steps.test = skipped(reason);
    run.steps.start = skipped(reason);
    return run;
  }

  // Build: the script the buildpack would run (gcp-build, else build; Yarn only gcp-build).
  if (node.build.command && !node.build.skipped) {
    const build = await session.run({ name: `${app.name}-build`, command: node.build.command, cwd, env: validationEnv, network: 'loopback', limits: limits.build, ...(signal ? { signal } : {}) });
    run.steps.build = stepReport(build, node.build.command);
    if (run.steps.build.status === 'failed') {
      run.steps.build.reason = `\`${node.build.command}\` ${howItEnded(build, limits.build)}`;
      run.issues.push({
        check: 'build',
        requirement: 'FUNC-BUILD',
        severity: 'error',
        message: `${appLabel}: the build \`${node.build.command}\` (the ${node.build.script} script, as the buildpack runs it) ${howItEnded(build, limits.build)}`,
        evidence: build.tail,
        log: build.log.path,
        file: node.packageJson.file,
        remediation: 'Run the same command after a clean install; builds get no network access besides loopback.',
      });
    }
  } else {
    run.steps.build = skipped(node.build.skipped ?? 'no build script');
  }
  if (run.steps.build.status !== 'failed' && (app.applicationType === 'assets' || isMerchantCenterApp(app.applicationType))) {
    const output = session.listProduced(path.posix.join(cwd, STATIC_OUTPUT_DIR));
    if (!output || output.length === 0) {
      run.steps.build = { ...run.steps.build, status: 'failed', reason: `the build did not produce ${cwd}/${STATIC_OUTPUT_DIR}/` };
      run.issues.push({
        check: 'build',
        requirement: 'FUNC-BUILD',
        severity: 'error',
        message: `${appLabel}: after ${node.build.command ? `\`${node.build.command}\`` : 'the install (no build script runs)'}, ${cwd}/${STATIC_OUTPUT_DIR}/ ${output ? 'is empty' : 'does not exist'}; ${app.applicationType} applications are served from their built ${STATIC_OUTPUT_DIR}/ folder`,
        file: node.packageJson.file,
        remediation: `Make the build script the buildpack runs (${node.packageManager === 'yarn' ? 'gcp-build' : 'gcp-build or build'}) write the site into ${STATIC_OUTPUT_DIR}/ (e.g. vite build --outDir ${STATIC_OUTPUT_DIR}).`,
      });
    }
  }
  if (run.steps.build.status === 'failed') {
    // Connect skips the tests of an application whose build failed.
    run.steps.test = skipped('the build failed');
    run.steps.start = skipped('the build failed');
    return run;
  }

  // Tests: the `test` script, as Connect's validation runs it (CI=true, no network but loopback).
  const suite = testSuiteOf(ws, plan.folder);
  if (suite.testScriptStatus !== 'present') {
    run.steps.test = skipped(suite.testScriptStatus === 'missing' ? 'no test script (reported by tests/present)' : 'the test script is npm\'s placeholder (reported by tests/present)');
  } else {
    const testCommand = manager === 'npm' ? 'npm test' : `${manager} run test`;
    const test = await session.run({ name: `${app.name}-test`, command: testCommand, cwd, env: { ...validationEnv, CI: 'true' }, network: 'loopback', limits: limits.test, ...(signal ? { signal } : {}) });
    const report: TestStepReport = stepReport(test, testCommand);
    const counts = parseTestCounts(test.output);
    if (counts) report.counts = counts;
    const summary = session.readProduced(path.posix.join(cwd, COVERAGE_SUMMARY_FILE), MAX_COVERAGE_SUMMARY_BYTES);
    const coverage = (summary !== undefined ? parseCoverageSummary(summary) : undefined) ?? parseCoverageOutput(test.output);
    if (coverage) report.coverage = coverage;
    run.steps.test = report;
    if (report.status === 'failed') {
      const tally = counts ? `: ${counts.failed} of ${counts.total} tests failed (${counts.runner})` : '';
      report.reason = `\`${testCommand}\` ${howItEnded(test, limits.test)}${tally}`;
      run.issues.push({
        check: 'tests',
        requirement: 'FUNC-TESTS',
        severity: 'error',
        message: `${appLabel}: \`${testCommand}\` ${howItEnded(test, limits.test)}${tally}; the tests must pass in a sandbox with no network but loopback, as at Connect ("self-contained")`,
        evidence: testEvidence(test.output, test.tail),
        log: test.log.path,
        file: node.packageJson.file,
        remediation: 'Run the tests with CI=true and the network off; replace calls to real services with local fakes (a loopback server or mocks).',
      });
    }
  }

  // The production image has no devDependencies (the buildpack prunes them after the build).
  const prune = pruneCommand(node);
  if (prune) {
    const outcome = await session.run({ name: `${app.name}-prune`, command: prune, cwd, env: { ...VALIDATION_ENV, ...engineEnv, NODE_ENV: 'production' }, network: 'loopback', limits: limits.prune, ...(signal ? { signal } : {}) });
    run.steps.prune = stepReport(outcome, prune);
    if (run.steps.prune.status === 'failed') {
      run.steps.prune.reason = `\`${prune}\` ${howItEnded(outcome, limits.prune)}; the application was started with its devDependencies`;
      run.notes.push(run.steps.prune.reason);
    }
  }

  await startApplication(session, app, plan, node, configuration, engineEnv, limits, supervisor, run, signal);
  return run;
}

/**
 * The host's CA bundle settings, for the install step only: behind a TLS-inspecting proxy the
 * registry is reachable only with them. They are file paths (no secrets) and are passed only when
 * the file is visible inside the sandbox. npm reads its own cafile from the global npmrc already.
 */
export const REGISTRY_TRUST_VARIABLES = ['NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR'] as const;

function registryTrustEnv(session: SandboxSession): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of REGISTRY_TRUST_VARIABLES) {
    const value = process.env[name];
    if (!value || !path.isAbsolute(value) || !existsSync(value)) continue;
    if (session.mode === 'bwrap' && !visibleInside(value)) continue;
    env[name] = value;
  }
  return env;
}

/** The failing tests' names first (when the runner printed them), then the end of the log. */
function testEvidence(output: string, tail: string): string {
  const failures = failingTestLines(output);
  if (failures.length === 0) return tail;
  return `${failures.join('\n')}\n…\n${tailOf(output, TEST_TAIL_LINES)}`;
}

/** Lines of the log's end quoted after the failing tests' names. */
const TEST_TAIL_LINES = 12;

function pruneCommand(node: NodePlan): string | undefined {
  if (Object.keys(node.manifest?.devDependencies ?? {}).length === 0) return undefined;
  switch (node.packageManager) {
    case 'npm':
      return 'npm prune --omit=dev';
    case 'pnpm':
      return 'pnpm prune --prod';
    case 'yarn':
      return node.yarnBerry ? undefined : 'yarn install --production=true --frozen-lockfile --offline --non-interactive';
    default:
      return undefined;
  }
}

function memoryLimitOf(applicationType: string): number {
  return applicationType === 'job' ? CONNECT_MEMORY_LIMIT_BYTES.job : CONNECT_MEMORY_LIMIT_BYTES.default;
}

async function startApplication(
  session: SandboxSession,
  app: ConnectApplication,
  plan: BuildpackPlan,
  node: NodePlan,
  configuration: PlaceholderConfiguration,
  engineEnv: Record<string, string>,
  limits: RunLimits,
  supervisorPath: string,
  run: ApplicationRun,
  signal: AbortSignal | undefined,
): Promise<void> {
  const appLabel = `Application "${app.name}"`;
  const memoryLimit = memoryLimitOf(app.applicationType);
  const startLimits: SandboxLimits = { ...limits.start, memoryBytes: memoryLimit + START_MEMORY_HEADROOM_BYTES };
  const probes = probesFor(app);
  const config: SupervisorConfig = {
    command: node.start.command,
    cwd: path.posix.join(session.paths.workspace, plan.realFolder),
    port: CONNECT_PORT,
    namespace: session.mode === 'bwrap',
    startTimeoutMs: limits.startTimeoutMs,
    pollIntervalMs: 50,
    settleMs: 250,
    stopGraceMs: 5_000,
    sampleIntervalMs: 100,
    probes,
    restart: true,
    maxBodyBytes: 64 * 1024,
  };
  const configPath = session.writeHelper(`start-${plan.applicationIndex}.json`, JSON.stringify(config));
  const nodeBinary = realpathSync(process.execPath);
  const command = `exec '${nodeBinary}' '${supervisorPath}' '${configPath}'`;
  const env = { ...VALIDATION_ENV, ...engineEnv, ...configuration.env, PORT: String(CONNECT_PORT), NODE_ENV: 'production' };
  const outcome = await session.run({ name: `${app.name}-start`, command, display: `${node.start.command}, then probes`, cwd: plan.realFolder, env, network: 'loopback', limits: startLimits, resultChannel: true, ...(signal ? { signal } : {}) });

  const report: StartStepReport = { ...stepReport(outcome, node.start.command), memory: { limitBytes: memoryLimit } };
  run.steps.start = report;
  let result: SupervisorResult | undefined;
  try {
    result = outcome.result ? (JSON.parse(redactSecrets(outcome.result, configuration.secrets)) as SupervisorResult) : undefined;
  } catch {
    result = undefined;
  }
  const fail = (message: string, remediation?: string) => {
    report.status = 'failed';
    report.reason ??= message;
    run.issues.push({
      check: 'start',
      requirement: 'FUNC-RUN',
      severity: 'error',
      message: `${appLabel}: ${message}`,
      evidence: outcome.tail,
      log: outcome.log.path,
      file: node.packageJson.file,
      ...(remediation ? { remediation } : {}),
    });
  };
  const started = `\`${node.start.command}\` (PORT=${CONNECT_PORT}, placeholder configuration)`;

  if (outcome.killedFor || !result) {
    const why = outcome.killedFor ? howItEnded(outcome, startLimits) : `ended without a result (${howItEnded(outcome, startLimits)})`;
    fail(`the start-and-probe phase of ${started} ${why}`);
    if (outcome.killedFor === 'memory') memoryIssue(run, app, outcome.peakRssBytes, memoryLimit, true);
    report.memory = { limitBytes: memoryLimit, peakRssBytes: outcome.peakRssBytes };
    return;
  }
  report.status = 'passed';
  report.memory = {
    limitBytes: memoryLimit,
    peakRssBytes: result.peakRssBytes,
    ...(result.starts[0]?.rssAfterStartBytes !== undefined ? { afterStartRssBytes: result.starts[0].rssAfterStartBytes } : {}),
  };
  report.probes = result.probes.map((p) => ({
    role: p.role,
    method: p.method,
    path: p.path,
    instance: p.instance,
    ...(p.repeat ? { repeat: true } : {}),
    ...(p.status !== undefined ? { status: p.status } : {}),
    ...(p.error !== undefined ? { error: p.error } : {}),
    durationMs: p.durationMs,
    ...(p.body ? { body: p.body.slice(0, PROBE_BODY_SHOWN) } : {}),
  }));
  if (result.error) run.notes.push(`supervisor: ${result.error.split('\n')[0]}`);

  const first = result.starts[0];
  if (!first) {
    fail(`${started} could not be run`);
    return;
  }
  if (first.startupMs !== undefined) report.startupMs = first.startupMs;
  report.addresses = first.addresses;
  if (!first.listening) {
    if (first.exited && (first.exited.code !== 0 || first.exited.signal)) {
      const how = first.exited.signal ? `was killed by ${first.exited.signal}` : `exited with code ${first.exited.code}`;
      fail(`${started} crashed at start-up: it ${how} after ${(first.exited.afterMs / 1000).toFixed(1)} s, before listening on port ${CONNECT_PORT}`,
        'Start the application locally with only the connect.yaml configuration set (and nothing git-ignored present) and fix what it throws.');
    } else if (first.exited) {
      fail(`${started} exited (code 0) after ${(first.exited.afterMs / 1000).toFixed(1)} s without ever listening on port ${CONNECT_PORT}; Connect runs the start command as a server that must listen on PORT`,
        `Make the start command run the HTTP server (e.g. "start": "node src/index.js" where index.js calls server.listen(process.env.PORT ?? ${CONNECT_PORT})).`);
    } else {
      fail(`${started} did not listen on port ${CONNECT_PORT} within ${Math.round(limits.startTimeoutMs / 1000)} s`,
        `Listen on process.env.PORT (${CONNECT_PORT} at Connect) as soon as the application starts.`);
    }
    return;
  }
  const reachableFromOutside = first.addresses.some((a) => a === 'unknown' || a === '0.0.0.0' || a === '::' || !/^(127\.|::1$|::ffff:127\.)/.test(a));
  if (!reachableFromOutside) {
    fail(`listens on ${first.addresses.join(', ')} only; at Connect requests arrive on the container's network interface, so the server must listen on all interfaces`,
      `Call listen(PORT) without a host, or with '0.0.0.0'.`);
  }
  for (const probe of result.probes) {
    const what = `${probe.method} ${probe.path}${probe.instance === 2 ? ' after a restart' : probe.repeat ? ' (repeated)' : ''}`;
    if (probe.appExited) {
      const how = probe.appExited.signal ? `was killed by ${probe.appExited.signal}` : `exited with code ${probe.appExited.code}`;
      fail(`crashed while handling ${what}: the process ${how}`);
    } else if (probe.error === 'timeout') {
      const spec = probes.find((p) => p.role === probe.role);
      fail(`did not answer ${what} within ${Math.round((spec?.timeoutMs ?? 0) / 1000)} s (a request that hangs is retried and finally dropped by Connect)`);
    } else if (probe.error !== undefined) {
      fail(`closed the connection on ${what} without an HTTP answer (${probe.error})`);
    } else if (probe.role === 'static' && probe.status !== undefined && probe.status >= 400) {
      fail(`does not serve its build output: ${what} answered HTTP ${probe.status}`,
        `Make the start command serve ${STATIC_OUTPUT_DIR}/ on PORT (e.g. "start": "serve ${STATIC_OUTPUT_DIR} -l ${CONNECT_PORT}").`);
    }
  }
  const second = result.starts[1];
  if (second && !second.listening) {
    const how = second.exited ? (second.exited.signal ? `was killed by ${second.exited.signal}` : `exited with code ${second.exited.code}`) : `did not listen within ${Math.round(limits.startTimeoutMs / 1000)} s`;
    fail(`did not start again after a restart: ${started} ${how} (Connect restarts and scales instances at any time)`);
  }

  // Resources and statelessness (DEPLOY-LIGHTWEIGHT, DEPLOY-STATELESS).
  memoryIssue(run, app, result.peakRssBytes, memoryLimit, false);
  if (first.startupMs !== undefined && first.startupMs > SLOW_STARTUP_MS) {
    run.issues.push({
      check: 'resources',
      requirement: 'DEPLOY-LIGHTWEIGHT',
      severity: 'warning',
      message: `${appLabel} took ${(first.startupMs / 1000).toFixed(1)} s to listen on port ${CONNECT_PORT}; Connect starts instances on demand, so every cold start waits that long`,
      log: outcome.log.path,
      remediation: 'Compile ahead of time (a build script) rather than at start, and defer expensive initialisation until it is needed.',
    });
  }
  const comparison = compareForState(result.probes);
  report.restart = { ...comparison, ...(second?.startupMs !== undefined ? { startupMs: second.startupMs } : {}) };
  if (comparison.suggestsState) {
    const endpoint = probes[0]!;
    run.issues.push({
      check: 'resources',
      requirement: 'DEPLOY-STATELESS',
      severity: 'warning',
      message:
        `${appLabel} answered the same ${endpoint.method} ${endpoint.path} differently the second time (${JSON.stringify(comparison.repeat)} instead of ${JSON.stringify(comparison.first)}), ` +
        'and like the first time again after a restart: the answer depends on something the instance kept in memory, which Connect\'s scaled and restarted instances do not share',
      log: outcome.log.path,
      remediation: 'Keep request state in commercetools (custom objects, custom fields) or another external store, never in module-level variables.',
    });
  }
}

function memoryIssue(run: ApplicationRun, app: ConnectApplication, peak: number, limit: number, killed: boolean): void {
  const mb = (bytes: number) => `${Math.round(bytes / MB)} MB`;
  const kind = app.applicationType === 'job' ? 'job' : `${app.applicationType}`;
  if (killed || peak > limit) {
    run.issues.push({
      check: 'resources',
      requirement: 'DEPLOY-LIGHTWEIGHT',
      severity: 'error',
      message: `Application "${app.name}" ${killed ? 'was killed after using more than' : 'used'} ${mb(peak)} of resident memory while starting and answering probes; Connect gives a ${kind} application ${mb(limit)} and restarts it when it runs out`,
      remediation: 'Measure the memory after start-up (process.memoryUsage().rss); load large data lazily or stream it, and drop heavyweight dependencies.',
    });
  } else if (peak > limit * MEMORY_WARNING_SHARE) {
    run.issues.push({
      check: 'resources',
      requirement: 'DEPLOY-LIGHTWEIGHT',
      severity: 'warning',
      message: `Application "${app.name}" used ${mb(peak)} of resident memory while starting and answering probes, more than ${Math.round(MEMORY_WARNING_SHARE * 100)} % of the ${mb(limit)} Connect gives a ${kind} application; real traffic will need more`,
      remediation: 'Measure the memory after start-up (process.memoryUsage().rss); load large data lazily or stream it, and drop heavyweight dependencies.',
    });
  }
}
