// A sandbox session: one run folder (logs, a private copy of the repository, a private home, helper
// files) and the execution of untrusted commands in it, one at a time, each under limits:
// - wall time: a timer SIGKILLs the command's process group; with bwrap the sandbox's PID namespace
//   dies with its first process, so every descendant (daemonised, setsid, double-forked) dies too;
// - CPU time per process (RLIMIT_CPU) and processes/threads (RLIMIT_NPROC) through prlimit; when the
//   tool runs as root each session runs as a throwaway uid, so RLIMIT_NPROC (which root ignores)
//   counts exactly the sandbox's tasks, and root-only host files stay unreadable;
// - network: every step has only a loopback interface; the dependency install reaches the package
//   registry, and nothing else, through the session's egress proxy (egress-proxy.ts);
// - memory: the sandbox's resident memory is sampled from the host's /proc and the step is killed
//   past its budget (an address-space limit would break Node.js, which reserves far more than it uses);
// - the same sampling also kills a step whose task count passes the limit when RLIMIT_NPROC cannot
//   apply (root without a throwaway uid);
// - at the end of every step, whatever still runs as the session's uid is killed.
// With mode 'none' (--unsafe-no-sandbox) commands run on the host, in the copy, with the same
// environment, limits and process-group kill, but no file-system, network or PID isolation.
import { spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Workspace } from '../../engine/workspace.js';
import { detectSandbox, type SandboxAvailability } from './availability.js';
import { bwrapArguments, HOME_INSIDE, META_INSIDE, sandboxAccounts, visibleInside, WORKSPACE_INSIDE } from './bwrap.js';
import { chownTree, copyRepository } from './copy.js';
import { DEFAULT_REGISTRY_ENDPOINTS, EGRESS_FORWARDER_SOURCE, EGRESS_PORT_INSIDE, EgressProxy, registryEndpoints, type Endpoint } from './egress-proxy.js';
import { LogCapture, tailOf, type LogSummary } from './logs.js';
import { killAll, liveProcessesOf, processesOf, sampleProcesses, type ProcessSelector } from './proc.js';

export type SandboxMode = 'bwrap' | 'none';

export interface SandboxLimits {
  wallTimeMs: number;
  /** CPU seconds per process (RLIMIT_CPU). */
  cpuSeconds: number;
  /** Resident memory of all the step's processes together. */
  memoryBytes: number;
  /** Processes and threads together (Linux counts threads against RLIMIT_NPROC). */
  maxTasks: number;
}

export type KillReason = 'wall-time' | 'memory' | 'processes' | 'cancelled';

export interface SandboxCommand {
  /** Log file stem, e.g. `service-install`. */
  name: string;
  /** Run with /bin/sh -c. */
  command: string;
  /** What the command does in the user's words, for progress (default: the command). */
  display?: string;
  /** Repository-relative working folder ('' for the root). */
  cwd: string;
  /** Variables besides PATH and HOME; nothing of the host's environment is passed. */
  env?: Readonly<Record<string, string>>;
  /**
   * 'registry': the package registry through the egress proxy (dependency install; with mode 'none'
   * the host's network); 'loopback': nothing but 127.0.0.1.
   */
  network: 'registry' | 'loopback';
  limits: SandboxLimits;
  /** Collect what the command writes to file descriptor 3 (the supervisor's result channel). */
  resultChannel?: boolean;
  signal?: AbortSignal;
}

export interface SandboxOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  killedFor?: KillReason;
  /** The command could not be started at all. */
  spawnError?: string;
  durationMs: number;
  peakRssBytes: number;
  peakTasks: number;
  log: LogSummary;
  /** The kept, redacted output (at most the log's size). */
  output: string;
  /** The last lines of the output, redacted, for a finding. */
  tail: string;
  /** What the command wrote to fd 3 (only with `resultChannel`). */
  result?: string;
  /** Destinations the egress proxy refused during this command (`host:port`). */
  refused?: string[];
}

/** How the session's limits are enforced, for the report. */
export interface SandboxEnforcement {
  mode: SandboxMode;
  bwrapVersion?: string;
  /** 'throwaway-uid': commands run as a fresh uid; 'caller': as the tool's own user. */
  user: 'throwaway-uid' | 'caller';
  processLimit: 'rlimit' | 'sampling';
  cpuLimit: 'rlimit' | 'none';
  memoryLimit: 'sampling';
  network: 'isolated' | 'host';
  /** What the install step may reach (`host:port`), through the egress proxy. */
  registryEndpoints?: string[];
}

export interface SandboxSessionOptions {
  mode: SandboxMode;
  /** Parent of run folders (default `<tmpdir>/connect-certify-runs`). */
  runsDir?: string;
  /** Values redacted from every log (the placeholder configuration's secured values). */
  secrets?: readonly string[];
  /** More host folders to keep out of sight (caches, data folders). */
  hide?: readonly string[];
  /** Overrides detection (tests). */
  availability?: SandboxAvailability;
  /** Registry URLs the install step may reach, besides npm's and Yarn's defaults. */
  registries?: readonly string[];
  /** Told before each command starts (progress for long runs). */
  onCommand?: (name: string, command: string) => void;
}

/** Parent folder of run folders unless the settings name another. */
export const DEFAULT_RUNS_DIR = path.join(os.tmpdir(), 'connect-certify-runs');
/** Folder (in the temporary directory) holding the sessions' repository copies while they run. */
export const WORK_ROOT_NAME = 'connect-certify-sandboxes';
/**
 * A session's folder older than this belongs to a run that was killed before it could clean up (a
 * run phase is bounded far below it: RUN_PHASE_BUDGET_MS plus one application's step limits).
 */
export const STALE_WORK_DIR_MS = 6 * 60 * 60_000;
/** How often the sandbox's memory and task count are sampled. */
export const SAMPLE_INTERVAL_MS = 200;
/** Throwaway uids come from this range: far above regular, system and subordinate (subuid) ids. */
export const THROWAWAY_UID_RANGE: readonly [number, number] = [1_000_000_000, 1_900_000_000];
/** After the command exits, how long its output pipes may stay open (held by a leftover) before they are cut. */
const STDIO_DRAIN_MS = 2_000;
/** How long a finished step's processes may take to disappear from /proc before they are killed again. */
const REAP_TIMEOUT_MS = 10_000;
/** Bytes accepted on the result channel. */
const MAX_RESULT_BYTES = 1024 * 1024;
/** The host folders binaries are taken from inside the sandbox. */
const SYSTEM_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** The egress forwarder script and the proxy's socket, in the session's helper folder. */
const EGRESS_FORWARDER_NAME = 'egress-forward.cjs';
const EGRESS_SOCKET_NAME = 'egress.sock';
/** What npm, Yarn (1 and Berry), pnpm and Corepack read to find a proxy. */
const PROXY_URL = `http://127.0.0.1:${EGRESS_PORT_INSIDE}`;
const PROXY_ENV: Readonly<Record<string, string>> = {
  HTTPS_PROXY: PROXY_URL,
  HTTP_PROXY: PROXY_URL,
  https_proxy: PROXY_URL,
  http_proxy: PROXY_URL,
  npm_config_https_proxy: PROXY_URL,
  npm_config_proxy: PROXY_URL,
  YARN_HTTPS_PROXY: PROXY_URL,
  YARN_HTTP_PROXY: PROXY_URL,
};

export class SandboxUnavailableError extends Error {}

export class SandboxSession {
  readonly id: string;
  readonly runDir: string;
  readonly logDir: string;
  readonly mode: SandboxMode;
  readonly enforcement: SandboxEnforcement;
  /** Paths as the sandboxed commands see them. */
  readonly paths: { workspace: string; home: string; meta: string; path: string };
  private readonly secrets: string[];
  private readonly host: { workspace: string; home: string; meta: string };
  /** Holds the repository copy, the home and the helpers; removed by close(). */
  private readonly workDir: string;
  private readonly uid: number | undefined;
  private readonly availability: SandboxAvailability;
  private readonly extraReadOnly: string[];
  private readonly hide: string[];
  private readonly callerUid: number | undefined;
  private readonly registryEndpoints: Endpoint[];
  private readonly onCommand: ((name: string, command: string) => void) | undefined;
  private egressProxy: Promise<EgressProxy> | undefined;
  /** Where the egress proxy reports a refused destination: the log of the step that runs now. */
  private onEgressRefused: ((destination: string) => void) | undefined;
  private closed = false;

  private constructor(ws: Workspace, options: SandboxSessionOptions) {
    this.mode = options.mode;
    this.availability = options.availability ?? (options.mode === 'bwrap' ? detectSandbox() : { available: false, switchUser: false });
    if (this.mode === 'bwrap' && !this.availability.available) {
      throw new SandboxUnavailableError(this.availability.reason ?? 'bubblewrap is not available');
    }
    this.secrets = [...(options.secrets ?? [])];
    this.callerUid = process.getuid?.();
    const runsDir = options.runsDir ?? DEFAULT_RUNS_DIR;
    mkdirSync(runsDir, { recursive: true, mode: 0o711 });
    this.id = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}`;
    this.runDir = path.join(runsDir, this.id);
    this.logDir = path.join(this.runDir, 'logs');
    mkdirSync(this.logDir, { recursive: true, mode: 0o700 });
    // The repository copy, home and helpers live apart from the logs, in a folder every uid can
    // traverse (the throwaway uid must reach its binds; the run folder may sit in a private place).
    const workRoot = path.join(traversableTmp(), WORK_ROOT_NAME);
    mkdirSync(workRoot, { recursive: true, mode: 0o711 });
    chmodSync(workRoot, 0o711);
    removeStaleWorkDirs(workRoot);
    this.workDir = mkdtempSync(path.join(workRoot, `${this.id}-`));
    chmodSync(this.workDir, 0o711);
    this.host = {
      workspace: path.join(this.workDir, 'workspace'),
      home: path.join(this.workDir, 'home'),
      meta: path.join(this.workDir, 'meta'),
    };
    const useUid = this.mode === 'bwrap' && this.availability.switchUser;
    this.uid = useUid ? freeUid() : undefined;
    try {
      for (const dir of Object.values(this.host)) mkdirSync(dir, { mode: 0o755 });
      copyRepository(ws, this.host.workspace);
      if (this.uid !== undefined) {
        chownTree(this.host.workspace, this.uid, this.uid);
        chownTree(this.host.home, this.uid, this.uid);
      }
    } catch (error) {
      rmSync(this.workDir, { recursive: true, force: true });
      throw error;
    }

    const nodeBin = path.dirname(realpathSync(process.execPath));
    this.extraReadOnly = [];
    if (this.mode === 'bwrap' && !visibleInside(nodeBin)) {
      // Node.js installed under a hidden folder (nvm under /root, a CI tool cache): make its prefix visible.
      this.extraReadOnly.push(path.dirname(nodeBin));
    }
    const inside = this.mode === 'bwrap';
    const metaSeen = inside ? META_INSIDE : this.host.meta;
    const binDirs = [path.join(metaSeen, 'bin'), nodeBin, ...SYSTEM_PATH.filter((d) => d !== nodeBin)];
    this.paths = {
      workspace: inside ? WORKSPACE_INSIDE : this.host.workspace,
      home: inside ? HOME_INSIDE : this.host.home,
      meta: metaSeen,
      path: binDirs.join(':'),
    };
    const accounts = sandboxAccounts();
    writeFileSync(path.join(this.host.meta, 'passwd'), accounts.passwd, { mode: 0o644 });
    writeFileSync(path.join(this.host.meta, 'group'), accounts.group, { mode: 0o644 });
    writeFileSync(path.join(this.host.meta, 'empty'), '', { mode: 0o644 });
    mkdirSync(path.join(this.host.meta, 'bin'), { mode: 0o755 });
    this.writePackageManagerShims(binDirs.slice(1));

    // Never hide the folder Node.js runs from (a tool installed with its own Node.js under its folder).
    const hidden = [ws.root, process.cwd(), os.homedir(), runsDir, ...(options.hide ?? [])].map((p) => path.resolve(p));
    this.hide = [...new Set(hidden)].filter((p) => nodeBin !== p && !nodeBin.startsWith(`${p}/`));
    this.enforcement = {
      mode: this.mode,
      ...(this.availability.version ? { bwrapVersion: this.availability.version } : {}),
      user: this.uid !== undefined ? 'throwaway-uid' : 'caller',
      processLimit: (this.availability.prlimit ?? findPrlimit()) && this.nprocLimit(1) !== undefined ? 'rlimit' : 'sampling',
      cpuLimit: (this.availability.prlimit ?? findPrlimit()) ? 'rlimit' : 'none',
      memoryLimit: 'sampling',
      network: this.mode === 'bwrap' ? 'isolated' : 'host',
    };
    this.onCommand = options.onCommand;
    this.registryEndpoints = registryEndpoints([...DEFAULT_REGISTRY_ENDPOINTS, ...(options.registries ?? [])]);
    if (this.mode === 'bwrap') {
      this.enforcement.registryEndpoints = [...new Set(this.registryEndpoints.map((e) => `${e.host}:${e.port}`))];
      writeFileSync(path.join(this.host.meta, EGRESS_FORWARDER_NAME), EGRESS_FORWARDER_SOURCE, { mode: 0o644 });
    }
  }

  /** Prepares a session: run folder, repository copy, helper files. Throws SandboxUnavailableError. */
  static open(ws: Workspace, options: SandboxSessionOptions): SandboxSession {
    return new SandboxSession(ws, options);
  }

  /** yarn and pnpm through Corepack when the machine has neither (the buildpack brings its own). */
  private writePackageManagerShims(binDirs: readonly string[]): void {
    const corepack = binDirs.map((dir) => path.join(dir, 'corepack')).find((p) => existsSync(p));
    if (!corepack) return;
    for (const manager of ['yarn', 'pnpm']) {
      if (binDirs.some((dir) => existsSync(path.join(dir, manager)))) continue;
      const shim = `#!/bin/sh\n# ${manager} through Corepack: this machine has no ${manager} of its own\nexec ${corepack} ${manager} "$@"\n`;
      writeFileSync(path.join(this.host.meta, 'bin', manager), shim, { mode: 0o755 });
    }
  }

  /** Adds values to redact from every later log. */
  addSecrets(values: readonly string[]): void {
    this.secrets.push(...values);
  }

  /**
   * The real host path of a repository-relative path in the copy, or undefined when it is absent or
   * resolves outside the copy (the sandboxed code may have replaced it with a symlink to a host file).
   */
  private resolveInCopy(rel: string): string | undefined {
    try {
      const root = realpathSync(this.host.workspace);
      const real = realpathSync(path.join(root, rel));
      return real === root || real.startsWith(`${root}${path.sep}`) ? real : undefined;
    } catch {
      return undefined;
    }
  }

  /** Text of a file the steps produced in the copy (never through a link leaving it), at most `maxBytes`. */
  readProduced(rel: string, maxBytes: number): string | undefined {
    const real = this.resolveInCopy(rel);
    if (!real) return undefined;
    try {
      const stats = statSync(real);
      if (!stats.isFile() || stats.size > maxBytes) return undefined;
      return readFileSync(real, 'utf8');
    } catch {
      return undefined;
    }
  }

  /** Entries of a folder the steps produced in the copy, or undefined when it is not a folder inside it. */
  listProduced(rel: string): string[] | undefined {
    const real = this.resolveInCopy(rel);
    if (!real) return undefined;
    try {
      return statSync(real).isDirectory() ? readdirSync(real) : undefined;
    } catch {
      return undefined;
    }
  }

  /** True when a command is on the sandbox's PATH (a shim counts). */
  hasCommand(name: string): boolean {
    const dirs = this.paths.path.split(':');
    return dirs.some((dir) => existsSync(path.join(dir === this.paths.meta + '/bin' ? path.join(this.host.meta, 'bin') : dir, name)));
  }

  /** Writes a read-only helper file (script, configuration) and returns its path as commands see it. */
  writeHelper(name: string, content: string): string {
    writeFileSync(path.join(this.host.meta, name), content, { mode: 0o644 });
    return path.posix.join(this.paths.meta, name);
  }

  /** The session's egress proxy, started at the first install step. */
  private egress(): Promise<EgressProxy> {
    this.egressProxy ??= EgressProxy.start({
      socketPath: path.join(this.host.meta, EGRESS_SOCKET_NAME),
      allow: this.registryEndpoints,
      onRefused: (destination) => this.onEgressRefused?.(destination),
    });
    return this.egressProxy;
  }

  /** Runs one command in the sandbox; never throws for the command's own failures. */
  async run(command: SandboxCommand): Promise<SandboxOutcome> {
    if (this.closed) throw new Error('sandbox session is closed');
    this.onCommand?.(command.name, command.display ?? command.command);
    const throughProxy = this.mode === 'bwrap' && command.network === 'registry';
    if (throughProxy) await this.egress();
    const started = performance.now();
    const capture = new LogCapture();
    const cwdSeen = path.posix.join(this.paths.workspace, command.cwd);
    const limits = command.limits;
    capture.write(
      `$ ${command.command}\n# in ${cwdSeen}; network: ${command.network === 'registry' ? `package registry only (${this.registryEndpoints.map((e) => `${e.host}:${e.port}`).join(', ')})` : 'loopback only'}; ` +
        `limits: ${Math.round(limits.wallTimeMs / 1000)} s wall, ${limits.cpuSeconds} s CPU per process, ` +
        `${Math.round(limits.memoryBytes / 1024 / 1024)} MB memory, ${limits.maxTasks} tasks\n`,
    );
    const env: Record<string, string> = { PATH: this.paths.path, HOME: this.paths.home, ...(command.env ?? {}), ...(throughProxy ? PROXY_ENV : {}) };
    if (this.uid !== undefined) {
      const leftovers = liveProcessesOf({ uid: this.uid }).length;
      if (leftovers > 0) capture.write(`# killed ${killAll({ uid: this.uid })} leftover process(es) of an earlier step (${leftovers} found)\n`);
    }

    let argv: string[];
    let spawnEnv: Record<string, string>;
    let spawnCwd: string;
    if (this.mode === 'bwrap') {
      const bwrapArgs = bwrapArguments({
        workspace: this.host.workspace,
        home: this.host.home,
        meta: this.host.meta,
        extraReadOnly: this.extraReadOnly,
        hide: this.hide,
        ...(this.availability.features ? { features: this.availability.features } : {}),
        cwd: cwdSeen,
        env,
      });
      const shell = ['/bin/sh', '-c', command.command];
      const forwarder = [realpathSync(process.execPath), path.posix.join(META_INSIDE, EGRESS_FORWARDER_NAME), String(EGRESS_PORT_INSIDE), path.posix.join(META_INSIDE, EGRESS_SOCKET_NAME)];
      argv = [this.availability.bwrap!, ...bwrapArgs, ...(throughProxy ? [...forwarder, ...shell] : shell)];
      // bwrap's own environment is visible inside as /proc/1/environ: give it nothing of the host's.
      spawnEnv = { PATH: SYSTEM_PATH.join(':') };
      spawnCwd = '/';
    } else {
      argv = ['/bin/sh', '-c', command.command];
      spawnEnv = env;
      spawnCwd = path.join(this.host.workspace, command.cwd);
    }
    const prlimit = this.availability.prlimit ?? findPrlimit();
    if (prlimit) {
      const nproc = this.nprocLimit(limits.maxTasks);
      argv = [prlimit, ...(nproc !== undefined ? [`--nproc=${nproc}`] : []), `--cpu=${limits.cpuSeconds}`, '--core=0', '--', ...argv];
    }

    const refused: string[] = [];
    if (throughProxy) {
      this.onEgressRefused = (destination) => {
        if (refused.length < 20 && !refused.includes(destination)) refused.push(destination);
        capture.write(`# sandbox: refused a connection to ${destination}: only the package registry is reachable during the install\n`);
      };
    }
    return new Promise<SandboxOutcome>((resolve) => {
      let peakRssBytes = 0;
      let peakTasks = 0;
      let killedFor: KillReason | undefined;
      let result = '';
      let spawnError: string | undefined;
      const child = spawn(argv[0]!, argv.slice(1), {
        cwd: spawnCwd,
        env: spawnEnv,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe', command.resultChannel ? 'pipe' : 'ignore'],
        ...(this.uid !== undefined ? { uid: this.uid, gid: this.uid } : {}),
      });
      const selector: ProcessSelector | undefined = this.uid !== undefined ? { uid: this.uid } : child.pid !== undefined ? { rootPid: child.pid } : undefined;
      const kill = (reason: KillReason) => {
        killedFor ??= reason;
        this.killStep(child.pid, selector);
      };
      child.stdout?.on('data', (chunk: Buffer) => capture.write(chunk));
      child.stderr?.on('data', (chunk: Buffer) => capture.write(chunk));
      const resultStream = child.stdio[3];
      resultStream?.on('data', (chunk: Buffer) => {
        if (result.length < MAX_RESULT_BYTES) result += chunk.toString('utf8');
      });
      resultStream?.on('error', () => {});
      const sampler = setInterval(() => {
        if (!selector) return;
        const sample = sampleProcesses(processesOf(selector));
        peakRssBytes = Math.max(peakRssBytes, sample.rssBytes);
        peakTasks = Math.max(peakTasks, sample.tasks);
        if (sample.rssBytes > limits.memoryBytes) kill('memory');
        else if (sample.tasks > limits.maxTasks) kill('processes');
      }, SAMPLE_INTERVAL_MS);
      const wallTimer = setTimeout(() => kill('wall-time'), limits.wallTimeMs);
      const onAbort = () => kill('cancelled');
      command.signal?.addEventListener('abort', onAbort, { once: true });
      if (command.signal?.aborted) onAbort();

      let exitCode: number | null = null;
      let exitSignal: NodeJS.Signals | null = null;
      let drainTimer: NodeJS.Timeout | undefined;
      let finished = false;
      child.on('error', (error) => {
        spawnError = error.message;
        // A command that could not be spawned may never report 'close'.
        if (child.pid === undefined) setTimeout(() => void finish(), STDIO_DRAIN_MS);
      });
      child.on('exit', (code, signal) => {
        exitCode = code;
        exitSignal = signal;
        clearInterval(sampler);
        clearTimeout(wallTimer);
        // Whatever the command left behind dies with it.
        this.killStep(child.pid, selector);
        drainTimer = setTimeout(() => {
          child.stdout?.destroy();
          child.stderr?.destroy();
          resultStream?.destroy();
        }, STDIO_DRAIN_MS);
      });
      const finish = async (): Promise<void> => {
        if (finished) return;
        finished = true;
        // The next step must not start while this one's processes still count against its limits.
        if (selector && 'uid' in selector) await waitUntilGone(selector, REAP_TIMEOUT_MS);
        clearInterval(sampler);
        clearTimeout(wallTimer);
        if (drainTimer) clearTimeout(drainTimer);
        command.signal?.removeEventListener('abort', onAbort);
        if (throughProxy) this.onEgressRefused = undefined;
        const durationMs = Math.round(performance.now() - started);
        const seconds = (durationMs / 1000).toFixed(1);
        if (spawnError) capture.write(`\n[could not start: ${spawnError}]\n`);
        else if (killedFor) capture.write(`\n[killed after ${seconds} s: ${killMessage(killedFor, limits)}]\n`);
        else capture.write(`\n[${exitCode !== null ? `exit code ${exitCode}` : `killed by ${exitSignal}`} after ${seconds} s]\n`);
        const logFile = path.join(this.logDir, `${safeName(command.name)}.log`);
        const log = capture.save(logFile, this.secrets);
        const { text } = capture.text(this.secrets);
        resolve({
          exitCode,
          signal: exitSignal,
          ...(killedFor ? { killedFor } : {}),
          ...(spawnError ? { spawnError } : {}),
          durationMs,
          peakRssBytes,
          peakTasks,
          log,
          output: text,
          tail: tailOf(text),
          ...(command.resultChannel ? { result } : {}),
          ...(refused.length > 0 ? { refused } : {}),
        });
      };
      child.on('close', () => void finish());
    });
  }

  /** Kills leftovers and removes the repository copy and the home; the logs stay. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.uid !== undefined) killAll({ uid: this.uid });
    // The proxy's listening socket would keep the process alive.
    void this.egressProxy?.then((proxy) => proxy.close()).catch(() => {});
    try {
      rmSync(this.workDir, { recursive: true, force: true, maxRetries: 2 });
    } catch {
      // Best effort: a leftover folder in the temporary directory is not worth failing the run.
    }
  }

  private killStep(pid: number | undefined, selector: ProcessSelector | undefined): void {
    if (pid !== undefined) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // The group is gone already.
      }
    }
    if (selector && 'uid' in selector) killAll(selector);
  }

  /** RLIMIT_NPROC for a step, or undefined when it cannot apply (root without a throwaway uid). */
  private nprocLimit(maxTasks: number): number | undefined {
    if (this.uid !== undefined) return maxTasks;
    if (this.callerUid === 0 || this.callerUid === undefined) return undefined;
    // The caller's own uid: the limit counts all of its tasks, so allow the ones it already has.
    return sampleProcesses(processesOf({ uid: this.callerUid })).tasks + maxTasks;
  }
}

function killMessage(reason: KillReason, limits: SandboxLimits): string {
  switch (reason) {
    case 'wall-time':
      return `exceeded the wall-time limit of ${Math.round(limits.wallTimeMs / 1000)} s`;
    case 'memory':
      return `exceeded the memory limit of ${Math.round(limits.memoryBytes / 1024 / 1024)} MB`;
    case 'processes':
      return `exceeded the limit of ${limits.maxTasks} processes and threads`;
    case 'cancelled':
      return 'the run was cancelled';
  }
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120) || 'step';
}

let prlimitPath: string | undefined | null = null;
function findPrlimit(): string | undefined {
  if (prlimitPath === null) prlimitPath = ['/usr/bin/prlimit', '/bin/prlimit'].find((p) => existsSync(p));
  return prlimitPath;
}

async function waitUntilGone(selector: ProcessSelector, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (liveProcessesOf(selector).length > 0) {
    if (Date.now() > deadline) {
      killAll(selector);
      return;
    }
    killAll(selector, 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function removeStaleWorkDirs(workRoot: string): void {
  let entries: string[];
  try {
    entries = readdirSync(workRoot);
  } catch {
    return;
  }
  for (const entry of entries) {
    const dir = path.join(workRoot, entry);
    try {
      if (Date.now() - statSync(dir).mtimeMs > STALE_WORK_DIR_MS) rmSync(dir, { recursive: true, force: true });
    } catch {
      // Another process removed it, or it is not ours to remove.
    }
  }
}

/** The first temporary directory every uid can traverse (TMPDIR may be a private folder). */
function traversableTmp(): string {
  for (const candidate of [os.tmpdir(), '/tmp', '/var/tmp']) {
    if (everyAncestorTraversable(candidate)) return candidate;
  }
  return os.tmpdir();
}

function everyAncestorTraversable(dir: string): boolean {
  let current = path.resolve(dir);
  for (;;) {
    try {
      if ((statSync(current).mode & 0o001) === 0) return false;
    } catch {
      return false;
    }
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

/** A uid in the throwaway range that no process uses right now. */
function freeUid(): number {
  for (;;) {
    const uid = randomInt(THROWAWAY_UID_RANGE[0], THROWAWAY_UID_RANGE[1]);
    if (processesOf({ uid }).length === 0) return uid;
  }
}
