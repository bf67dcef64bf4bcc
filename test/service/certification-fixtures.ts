// Shared set-up of the certification tests (pipeline, reviewer, SDK end to end, kill -9): a real Git
// repository made from examples/good-connector with tags the engine passes or fails, drafts whose
// creator passes CREATOR-INFO, a worker over the test service's store, and polling helpers.
// Exported for the e-mail tests, which run the same scenarios with an SMTP server attached.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Worker } from '../../src/jobs/index.js';
import { startPipelineWorker, type PipelineWorkerOptions } from '../../src/pipeline/index.js';
import pg from 'pg';
import { createClientCommand } from '../../src/service/commands.js';
import { dropPostgresSchema, type Store } from '../../src/store/index.js';
import { copyGoodConnector, initGoodConnectorRepository, POSTGRES_URL, tempDir, type Backend } from './helpers.js';

/** A creator address the engine accepts (reserved domains such as example.com fail CREATOR-INFO). */
export const CREATOR_EMAIL = 'connectors@cart-guard.dev';

/** Offline and deterministic analyzers: no live registry or advisory data in tests. */
export const TEST_ENGINE_SETTINGS = { offline: true } as const;

export interface CertificationRepository {
  /** Absolute path (a repository URL with allowLocalRepositories). */
  url: string;
  /** Tags: v1.0.0 and v1.1.0 pass; `defective` has no licence file (a LICENSE-FILE blocker). */
  tags: { good: 'v1.0.0'; next: 'v1.1.0'; defective: 'defective' };
  /** Moves `tag` to a new commit (what REPO-TAG forbids during certification); returns the new commit. */
  moveTag(tag: string): string;
  commitOf(tag: string): string;
  dispose(): void;
}

export function createCertificationRepository(): CertificationRepository {
  const dir = copyGoodConnector('cert-repo');
  const expected = path.join(dir, 'expected.json');
  if (existsSync(expected)) unlinkSync(expected);
  const git = initGoodConnectorRepository(dir);

  const readme = path.join(dir, 'README.md');
  writeFileSync(readme, `${readFileSync(readme, 'utf8')}\n## Changelog\n\n- 1.1.0: clearer log messages.\n`);
  git('commit', '--quiet', '-am', 'release 1.1.0');
  git('tag', 'v1.1.0');

  git('checkout', '--quiet', '-b', 'defects');
  unlinkSync(path.join(dir, 'LICENSE'));
  git('commit', '--quiet', '-am', 'drop the licence');
  git('tag', 'defective');
  git('checkout', '--quiet', 'main');

  let moves = 0;
  return {
    url: dir,
    tags: { good: 'v1.0.0', next: 'v1.1.0', defective: 'defective' },
    moveTag(tag: string) {
      moves++;
      writeFileSync(path.join(dir, `moved-${moves}.txt`), `moved ${tag}\n`);
      git('add', '-A');
      git('commit', '--quiet', '-m', `move ${tag}`);
      git('tag', '-f', tag);
      return git('rev-parse', 'HEAD').trim();
    },
    commitOf(tag: string) {
      return git('rev-parse', `refs/tags/${tag}^{commit}`).trim();
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function certificationDraft(repository: CertificationRepository, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Cart guard',
    description: 'Order summaries, cart clean-up and a service endpoint',
    integrationTypes: ['oms'],
    creator: { email: CREATOR_EMAIL, name: 'Cart Guard Team', company: 'Cart Guard' },
    repository: { url: repository.url, tag: repository.tags.good },
    supportedRegions: ['europe-west1.gcp'],
    ...overrides,
  };
}

/** A pipeline worker over a test store: local repositories allowed, offline analyzers, fast polling, run phase off unless asked. */
export function startTestWorker(store: Store, options: PipelineWorkerOptions = {}): Worker {
  return startPipelineWorker(store, {
    allowLocalRepositories: true,
    engineSettings: TEST_ENGINE_SETTINGS,
    runPhase: false,
    pollIntervalMs: 50,
    backoff: { baseMs: 200, maxMs: 1_000 },
    ...options,
  });
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false | null>, timeoutMs = 60_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

// --- a whole `serve` (in this process or as a child process) over a fresh database -------------

export interface ServeDatabase {
  /** The data folder (SQLite file, caches, run logs). */
  data: string;
  /** Set on PostgreSQL: a URL whose search_path is a fresh schema. */
  databaseUrl: string;
  dispose(): Promise<void>;
}

/** A data folder, plus on PostgreSQL a fresh schema selected through the URL (`options=-c search_path=…`). */
export async function serveDatabase(backend: Backend): Promise<ServeDatabase> {
  const data = tempDir('serve-data');
  if (backend === 'sqlite') return { data, databaseUrl: '', dispose: async () => rmSync(data, { recursive: true, force: true }) };
  const base = POSTGRES_URL!;
  const schema = `s_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  await client.query(`CREATE SCHEMA "${schema}"`);
  await client.end();
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    data,
    databaseUrl: url.toString(),
    dispose: async () => {
      await dropPostgresSchema(base, schema);
      rmSync(data, { recursive: true, force: true });
    },
  };
}

export interface ServeProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote (JSON log lines). */
  output: string[];
  /** SIGKILL: no shutdown code runs (a crash). */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

const BIN = path.resolve('bin/connect-certify.js');

/**
 * `connect-certify serve` as a child process on an ephemeral port, with local repositories allowed,
 * offline analyzers and no run phase unless `args` say otherwise. Resolves once it listens.
 */
export async function startServeProcess(db: ServeDatabase, options: { args?: string[]; env?: Record<string, string> } = {}): Promise<ServeProcess> {
  const args = [BIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--data', db.data, '--allow-local-repositories', '--offline', '--no-run-phase', ...(options.args ?? [])];
  const env: Record<string, string> = { ...(process.env as Record<string, string>), ...(options.env ?? {}) };
  if (db.databaseUrl) env.DATABASE_URL = db.databaseUrl;
  else delete env.DATABASE_URL;
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffer.indexOf('\n')) !== -1) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        output.push(line);
        try {
          const entry = JSON.parse(line) as { msg?: string; url?: string };
          if (entry.msg === 'certification service listening' && entry.url) resolve(entry.url);
        } catch {
          // not a log line
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    child.once('exit', (code) => reject(new Error(`serve exited with ${code} before listening:\n${output.join('\n')}`)));
    setTimeout(() => reject(new Error(`serve did not start within 60 s:\n${output.join('\n')}`)), 60_000).unref();
  });
  return {
    url,
    child,
    output,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A bearer token from a running service for a client created with `clients create` in the same data. */
export async function tokenFor(db: ServeDatabase, url: string, scopes: string): Promise<string> {
  const { client } = await createClientCommand({ data: db.data, databaseUrl: db.databaseUrl, scopes, json: true });
  const response = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  if (response.status !== 200) throw new Error(`token request failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** JSON over fetch with a bearer token. */
export async function call(url: string, method: string, token: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // keep text
  }
  return { status: response.status, body: parsed };
}

/** The reviewer's whole job through the reviewer API: claim, answer every MANUAL item `ok`, approve. */
export async function approveThroughReviewerApi(baseUrl: string, reviewerToken: string, connectorId: string): Promise<any> {
  const claim = await call(`${baseUrl}/reviews/${connectorId}/claim`, 'POST', reviewerToken, {});
  if (claim.status !== 200) throw new Error(`claim failed: ${claim.status} ${JSON.stringify(claim.body)}`);
  for (const item of claim.body.manualItems as { id: string }[]) {
    const answered = await call(`${baseUrl}/reviews/${connectorId}/checklist`, 'POST', reviewerToken, { item: item.id, state: 'ok', note: 'checked' });
    if (answered.status !== 200) throw new Error(`checklist failed: ${answered.status} ${JSON.stringify(answered.body)}`);
  }
  const approved = await call(`${baseUrl}/reviews/${connectorId}/approve`, 'POST', reviewerToken, {});
  if (approved.status !== 200) throw new Error(`approve failed: ${approved.status} ${JSON.stringify(approved.body)}`);
  return approved.body;
}
