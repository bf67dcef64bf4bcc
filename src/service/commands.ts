// The service's command-line entry points, as functions the CLI (src/cli/) wires to
//   connect-certify serve --port N --data DIR [--host H] [--allow-local-repositories]
//   connect-certify clients create --data DIR --scopes "…" [--name N] [--json]
// DATABASE_URL=postgres://… selects PostgreSQL instead of the SQLite file under --data.
import type { FastifyInstance } from 'fastify';
import { createStore, storeOptionsFrom, type Store } from '../store/index.js';
import { clientScopesProblem } from './scopes.js';
import { buildServer } from './server.js';

export const DEFAULT_PORT = 8080;
export const DEFAULT_DATA_DIR = './data';
export const DEFAULT_HOST = '0.0.0.0';

export interface ServeOptions {
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
}

export interface RunningService {
  url: string;
  port: number;
  app: FastifyInstance;
  store: Store;
  close(): Promise<void>;
}

/** Opens the store (migrating it), starts the HTTP server and resolves once it listens. */
export async function serveCommand(options: ServeOptions = {}): Promise<RunningService> {
  const port = options.port ?? DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port must be an integer between 0 and 65535, got ${options.port}`);
  const store = await createStore(storeOptionsFrom({ dataDir: options.data ?? DEFAULT_DATA_DIR, databaseUrl: options.databaseUrl ?? process.env.DATABASE_URL }));
  let app: FastifyInstance;
  try {
    app = await buildServer({ store, allowLocalRepositories: options.allowLocalRepositories ?? false, logger: options.logger ?? true });
    await app.listen({ port, host: options.host ?? DEFAULT_HOST });
  } catch (error) {
    await store.close();
    throw error;
  }
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = (options.host ?? DEFAULT_HOST) === '0.0.0.0' ? '127.0.0.1' : (options.host ?? DEFAULT_HOST);
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${boundPort}`;
  app.log.info({ url, database: store.location, allowLocalRepositories: options.allowLocalRepositories ?? false }, 'certification service listening');

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await app.close();
      await store.close();
    })());
  if (options.handleSignals ?? true) {
    const onSignal = () => {
      void close().then(() => process.exit(0));
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  return { url, port: boundPort, app, store, close };
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
