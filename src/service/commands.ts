// The service's command-line entry points, as functions the CLI (src/cli/) wires to
//   connect-certify serve --port N --data DIR [--host H] [--allow-local-repositories] [--no-worker]
//   connect-certify worker --data DIR            (certification workers on other machines)
//   connect-certify clients create --data DIR --scopes "…" [--name N] [--json]
// DATABASE_URL=postgres://… selects PostgreSQL instead of the SQLite file under --data.
//
// The sandboxed run phase (build, test, start and probe each application in bubblewrap) is on when
// bubblewrap is available; `--no-run-phase`, `runPhase: false` or CONNECT_CERTIFY_RUN_PHASE=0 turn
// it off (the static checks still run) — tests that do not need it, and machines without a sandbox.
//
// `serve` also delivers the outbox's e-mails (src/mail): over SMTP when SMTP_URL is set
// (smtp://user:pass@host:port, sender MAIL_FROM), else as .eml files under DATA/mail/. Several serve
// processes may share a database: delivery leases keep each message to one sender.
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { detectSandbox } from '../analyzers/sandbox/index.js';
import type { EngineSettings, RunPhaseSettings } from '../engine/workspace.js';
import type { JobLogger, Worker } from '../jobs/index.js';
import { mailSettingsFromEnv, startMailer, type Mailer } from '../mail/index.js';
import { reportUrlFrom, startPipelineWorker } from '../pipeline/index.js';
import { createStore, storeOptionsFrom, type Store } from '../store/index.js';
import { clientScopesProblem } from './scopes.js';
import { buildServer } from './server.js';

export const DEFAULT_PORT = 8080;
export const DEFAULT_DATA_DIR = './data';
export const DEFAULT_HOST = '0.0.0.0';
/** Environment switch for the run phase: `0`/`off`/`false` disables it (see the header). */
export const RUN_PHASE_ENV = 'CONNECT_CERTIFY_RUN_PHASE';
/** How long a stopping service lets a running certification finish before handing it back to the queue. */
export const SHUTDOWN_GRACE_MS = 10_000;

/** What the certification worker needs, whether it runs inside `serve` or as `worker`. */
export interface WorkerSettings {
  /** Sandboxed run phase: default on when bubblewrap works (and RUN_PHASE_ENV does not say 0). */
  runPhase?: boolean;
  /** Certification jobs run side by side (default 1). */
  workerConcurrency?: number;
  /** How often an idle worker looks for jobs (default 1 s). */
  pollIntervalMs?: number;
  /** OSV advisories for SEC-VULN-DEPS (a folder or an osv-scanner offline zip). */
  advisories?: string;
  /** Never use the network in the analyzers (registry metadata and advisories from caches only). */
  offline?: boolean;
  /** npm registry for package metadata. */
  registryUrl?: string;
  /** Base URL the creators reach the service at, for report links in messages (serve: default its own URL). */
  publicUrl?: string;
  /** Time budget of one engine run, in ms. */
  timeBudgetMs?: number;
  /** Job lease: how long a crashed worker's job waits before another worker takes it over (default 60 s). */
  leaseMs?: number;
}

export interface ServeOptions extends WorkerSettings {
  port?: number;
  host?: string;
  data?: string;
  allowLocalRepositories?: boolean;
  /** Defaults to the DATABASE_URL environment variable. */
  databaseUrl?: string;
  /** false silences the request log (tests); default JSON logs to stdout. */
  logger?: boolean | Record<string, unknown>;
  /** Stop on SIGINT/SIGTERM (default true; tests pass false and call close()). */
  handleSignals?: boolean;
  /** false: no in-process worker (`--no-worker`; certifications then need `connect-certify worker`). */
  worker?: boolean;
  /** false: do not deliver e-mails from this process (`--no-mail`; another serve process does). */
  mail?: boolean;
  /** SMTP server for e-mails (default SMTP_URL); without one, messages become .eml files under DATA/mail/. */
  smtpUrl?: string;
  /** Sender of e-mails (default MAIL_FROM, else connect-certify@localhost). */
  mailFrom?: string;
  /** How often the outbox is polled for e-mails (default 2 s). */
  mailPollMs?: number;
}

export interface RunningService {
  url: string;
  port: number;
  app: FastifyInstance;
  store: Store;
  /** The in-process certification worker (absent with `worker: false`). */
  worker?: Worker;
  /** The e-mail deliverer (absent with `mail: false`). */
  mailer?: Mailer;
  close(): Promise<void>;
}

/** Opens the store (migrating it), starts the HTTP server and the worker, and resolves once it listens. */
export async function serveCommand(options: ServeOptions = {}): Promise<RunningService> {
  const port = options.port ?? DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port must be an integer between 0 and 65535, got ${options.port}`);
  const dataDir = options.data ?? DEFAULT_DATA_DIR;
  const runPhase = options.worker === false ? false : resolveRunPhase(options.runPhase, dataDir);
  const store = await createStore(storeOptionsFrom({ dataDir, databaseUrl: options.databaseUrl ?? process.env.DATABASE_URL }));
  let app: FastifyInstance;
  // Known once the server listens; report links are only built after that.
  let publicUrl = options.publicUrl;
  const reportUrl = (runId: string) => reportUrlFrom(publicUrl)(runId);
  try {
    app = await buildServer({ store, allowLocalRepositories: options.allowLocalRepositories ?? false, logger: options.logger ?? true, reportUrl });
    await app.listen({ port, host: options.host ?? DEFAULT_HOST });
  } catch (error) {
    await store.close();
    throw error;
  }
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = (options.host ?? DEFAULT_HOST) === '0.0.0.0' ? '127.0.0.1' : (options.host ?? DEFAULT_HOST);
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${boundPort}`;
  publicUrl ??= url;

  let mailer: Mailer | undefined;
  if (options.mail !== false) {
    const fromEnv = mailSettingsFromEnv();
    const smtpUrl = options.smtpUrl ?? fromEnv.smtpUrl;
    try {
      mailer = await startMailer({
        store,
        dataDir,
        ...(smtpUrl ? { smtpUrl } : {}),
        from: options.mailFrom ?? fromEnv.from,
        publicBaseUrl: publicUrl,
        logger: app.log,
        ...(options.mailPollMs !== undefined ? { pollMs: options.mailPollMs } : {}),
      });
    } catch (error) {
      await app.close();
      await store.close();
      throw new UsageError(`e-mail: ${(error as Error).message}`);
    }
  }
  let worker: Worker | undefined;
  if (options.worker !== false) {
    worker = startPipelineWorker(store, { ...pipelineOptions(options, dataDir, runPhase, reportUrl), log: app.log });
  }
  app.log.info(
    { url, database: store.location, allowLocalRepositories: options.allowLocalRepositories ?? false, worker: worker ? worker.workerId : false, runPhase: runPhase !== false, mail: mailer ? mailer.transport : false },
    'certification service listening',
  );

  const close = closer(options.handleSignals ?? true, async () => {
    await app.close();
    await worker?.stop(SHUTDOWN_GRACE_MS);
    await mailer?.stop();
    await store.close();
  });
  return { url, port: boundPort, app, store, ...(worker ? { worker } : {}), ...(mailer ? { mailer } : {}), close };
}

export interface WorkerCommandOptions extends WorkerSettings {
  data?: string;
  databaseUrl?: string;
  allowLocalRepositories?: boolean;
  /** Stop on SIGINT/SIGTERM (default true). */
  handleSignals?: boolean;
  log?: JobLogger;
}

export interface RunningWorker {
  worker: Worker;
  store: Store;
  close(): Promise<void>;
}

/**
 * A certification worker without the HTTP server, for other machines: same store (DATABASE_URL, or
 * the SQLite file under --data on a shared disk), same queues, leases keep workers apart.
 */
export async function workerCommand(options: WorkerCommandOptions = {}): Promise<RunningWorker> {
  const dataDir = options.data ?? DEFAULT_DATA_DIR;
  const runPhase = resolveRunPhase(options.runPhase, dataDir);
  const store = await createStore(storeOptionsFrom({ dataDir, databaseUrl: options.databaseUrl ?? process.env.DATABASE_URL }));
  const log = options.log ?? jsonLineLogger();
  const worker = startPipelineWorker(store, { ...pipelineOptions(options, dataDir, runPhase, reportUrlFrom(options.publicUrl)), log });
  log.info({ workerId: worker.workerId, database: store.location, runPhase: runPhase !== false }, 'certification worker started');
  const close = closer(options.handleSignals ?? true, async () => {
    await worker.stop(SHUTDOWN_GRACE_MS);
    await store.close();
  });
  return { worker, store, close };
}

/** A close() that runs `shutdown` once however often it is called, and on SIGINT/SIGTERM when asked. */
function closer(handleSignals: boolean, shutdown: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= shutdown());
  if (handleSignals) {
    const onSignal = () => {
      void close().then(() => process.exit(0));
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  return close;
}

function resolveRunPhase(requested: boolean | undefined, dataDir: string): RunPhaseSettings | false {
  const env = process.env[RUN_PHASE_ENV]?.trim().toLowerCase();
  if (requested === false || (requested === undefined && (env === '0' || env === 'off' || env === 'false'))) return false;
  // Untrusted code never runs unconfined: without bubblewrap there is no run phase.
  const sandbox = detectSandbox();
  if (!sandbox.available) {
    if (requested === true) throw new UsageError(`the run phase needs a sandbox: ${sandbox.reason ?? 'bubblewrap (bwrap) is not available'}; pass --no-run-phase to certify without it`);
    return false;
  }
  return { sandbox: 'bwrap', runsDir: path.resolve(dataDir, 'runs') };
}

function pipelineOptions(options: WorkerSettings & { allowLocalRepositories?: boolean }, dataDir: string, runPhase: RunPhaseSettings | false, reportUrl: (runId: string) => string | undefined) {
  const engineSettings: Omit<EngineSettings, 'run'> = {
    cacheDir: path.resolve(dataDir, 'cache'),
    ...(options.advisories ? { advisories: options.advisories } : {}),
    ...(options.offline ? { offline: true } : {}),
    ...(options.registryUrl ? { registryUrl: options.registryUrl } : {}),
  };
  return {
    allowLocalRepositories: options.allowLocalRepositories ?? false,
    engineSettings,
    runPhase,
    reportUrl,
    ...(options.timeBudgetMs ? { timeBudgetMs: options.timeBudgetMs } : {}),
    ...(options.workerConcurrency ? { concurrency: options.workerConcurrency } : {}),
    ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
    ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
  };
}

/** One JSON object per line on stdout, like the server's pino logs. */
function jsonLineLogger(): JobLogger {
  const write = (level: number) => (object: Record<string, unknown>, msg: string) => {
    process.stdout.write(`${JSON.stringify({ level, time: Date.now(), pid: process.pid, ...object, msg })}\n`);
  };
  return { info: write(30), warn: write(40), error: write(50) };
}

export interface CreateClientOptions {
  data?: string;
  /** Space- or comma-separated scopes. */
  scopes: string;
  name?: string;
  json?: boolean;
  databaseUrl?: string;
}

export interface CreatedClientOutput {
  clientId: string;
  clientSecret: string;
  scopes: string[];
}

/** A command-line mistake: the CLI prints the message and exits 2. */
export class UsageError extends Error {}

/**
 * Creates an API client and returns what to print: with `json`, one line
 * `{"clientId","clientSecret","scopes"}`; otherwise a short text block. The secret is shown only here.
 */
export async function createClientCommand(options: CreateClientOptions): Promise<{ output: string; client: CreatedClientOutput }> {
  const scopes = [...new Set(options.scopes.split(/[\s,]+/).filter((s) => s !== ''))];
  const problem = clientScopesProblem(scopes);
  if (problem) throw new UsageError(`--scopes: ${problem}`);
  const store = await createStore(storeOptionsFrom({ dataDir: options.data ?? DEFAULT_DATA_DIR, databaseUrl: options.databaseUrl ?? process.env.DATABASE_URL }));
  try {
    const created = await store.clients.create({ name: options.name ?? 'api client', scopes });
    const client: CreatedClientOutput = { clientId: created.id, clientSecret: created.secret, scopes: created.scopes };
    const output = options.json
      ? `${JSON.stringify(client)}\n`
      : [
          `Created API client "${created.name}".`,
          `  client id:     ${client.clientId}`,
          `  client secret: ${client.clientSecret}   (shown once; store it now)`,
          `  scopes:        ${client.scopes.join(' ')}`,
          '',
        ].join('\n');
    return { output, client };
  } finally {
    await store.close();
  }
}
