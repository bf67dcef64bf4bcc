// Real components for the service tests: a SQLite file in a temporary folder (or a fresh schema of
// the PostgreSQL database named by TEST_DATABASE_URL / DATABASE_URL), the real HTTP server on an
// ephemeral 127.0.0.1 port, and a real Git repository made from examples/good-connector.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildServer, type ServiceOptions } from '../../src/service/server.js';
import type { Store } from '../../src/store/index.js';
import { openTestStore, type Backend } from '../../src/store/testing.js';

export { TEST_BACKENDS as BACKENDS, TEST_POSTGRES_URL as POSTGRES_URL, type Backend } from '../../src/store/testing.js';

/**
 * Not FIXTURE_DIR_PREFIX: the global teardown of any concurrently running vitest process removes
 * those folders. Ours are removed by their owners' dispose().
 */
export const SERVICE_TEST_DIR_PREFIX = 'connect-certify-service-test-';

export function tempDir(label = 'service'): string {
  return mkdtempSync(path.join(tmpdir(), `${SERVICE_TEST_DIR_PREFIX}${label}-`));
}

export interface TestService {
  url: string;
  app: FastifyInstance;
  store: Store;
  logs: string[];
  /** Creates a client directly in the store (as `clients create` does). */
  createClient(scopes: string[]): Promise<{ clientId: string; clientSecret: string }>;
  /** A bearer token for a fresh client with these scopes, through POST /oauth/token. */
  token(scopes: string[]): Promise<string>;
  request(method: string, urlPath: string, options?: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

export async function startService(backend: Backend, options: Partial<ServiceOptions> & { captureLogs?: boolean } = {}): Promise<TestService> {
  const { store, dispose } = await openTestStore(backend);
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(String(chunk));
      callback();
    },
  });
  const { captureLogs, ...serviceOptions } = options;
  const app = await buildServer({
    store,
    allowLocalRepositories: true,
    logger: captureLogs ? { level: 'debug', stream } : false,
    ...serviceOptions,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const request: TestService['request'] = async (method, urlPath, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.rawBody !== undefined) body = opts.rawBody;
    else if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    const response = await fetch(url + urlPath, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed, headers: response.headers };
  };

  const createClient = async (scopes: string[]) => {
    const client = await store.clients.create({ name: 'test', scopes });
    return { clientId: client.id, clientSecret: client.secret };
  };

  const token = async (scopes: string[]) => {
    const { clientId, clientSecret } = await createClient(scopes);
    const response = await fetch(`${url}/oauth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    if (response.status !== 200) throw new Error(`token request failed: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { access_token: string }).access_token;
  };

  return {
    url,
    app,
    store,
    logs,
    createClient,
    token,
    request,
    close: async () => {
      await app.close();
      await dispose();
    },
  };
}

export interface FixtureRepository {
  /** Absolute path (accepted as a repository URL with allowLocalRepositories). */
  url: string;
  dispose(): void;
}

/** Git without the machine's configuration, with a fixed identity (fixture repositories). */
export const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

/** A fresh temporary copy of examples/good-connector (without node_modules). */
export function copyGoodConnector(label: string): string {
  const dir = tempDir(label);
  cpSync(path.resolve('examples/good-connector'), dir, { recursive: true, filter: (source) => !source.includes('node_modules') });
  return dir;
}

/** Runs git in `dir` with GIT_ENV, no signing, `main` as the first branch; returns its output. */
export function gitIn(dir: string): (...args: string[]) => string {
  return (...args) => execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], { cwd: dir, env: GIT_ENV, stdio: 'pipe', encoding: 'utf8' });
}

/** Makes a folder of the good connector's files a repository: one commit, tagged v1.0.0. */
export function initGoodConnectorRepository(dir: string): (...args: string[]) => string {
  const git = gitIn(dir);
  git('init', '--quiet');
  git('add', '-A');
  git('commit', '--quiet', '-m', 'good connector');
  git('tag', 'v1.0.0');
  return git;
}

/**
 * A Git repository with examples/good-connector's files and tags:
 * v1.0.0 (as in the example), v1.1.0 (one more service configuration key), no-spec (connect.yaml
 * removed), bad-spec (connect.yaml invalid under Connect's schema).
 */
export function createFixtureRepository(): FixtureRepository {
  const dir = copyGoodConnector('repo');
  const git = initGoodConnectorRepository(dir);

  const yamlPath = path.join(dir, 'connect.yaml');
  const original = readFileSync(yamlPath, 'utf8');
  writeFileSync(
    yamlPath,
    original.replace(
      '          default: "10"\n',
      '          default: "10"\n        - key: MIN_LINE_ITEM_QUANTITY\n          description: Lowest quantity allowed for a single line item\n          required: false\n          default: "1"\n',
    ),
  );
  git('commit', '--quiet', '-am', 'minimum quantity');
  git('tag', 'v1.1.0');

  unlinkSync(yamlPath);
  git('commit', '--quiet', '-am', 'no connect.yaml');
  git('tag', 'no-spec');

  writeFileSync(yamlPath, 'deployAs:\n  - name: service\n    applicationType: service\n');
  git('add', 'connect.yaml');
  git('commit', '--quiet', '-m', 'invalid connect.yaml');
  git('tag', 'bad-spec');

  return { url: dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export function draftFor(repositoryUrl: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Good connector',
    description: 'Order summaries, cart clean-up and a service endpoint',
    integrationTypes: ['oms'],
    creator: { email: 'creator@example.com', name: 'Creator', company: 'Example Ltd' },
    repository: { url: repositoryUrl, tag: 'v1.0.0' },
    supportedRegions: ['europe-west1.gcp'],
    ...overrides,
  };
}
