// The certification service's HTTP server: Fastify with Connect's error envelope for every failure,
// OAuth client credentials, the connector API, the reviewer API and run reports, /health and the
// OpenAPI 3.1 document generated from the route schemas at /openapi.json. The job worker that runs
// certifications is started next to it by `serve` (commands.ts), or on other machines by `worker`.
// Logs are structured (pino) and never carry credentials: Authorization headers, client secrets and
// tokens are redacted, request bodies are not logged.
import { randomUUID } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { sql } from 'kysely';
import { TOOL_VERSION } from '../engine/version.js';
import type { ReportUrlOf } from '../pipeline/lifecycle-message.js';
import type { Store } from '../store/index.js';
import { DEFAULT_TOKEN_RATE_LIMIT, DEFAULT_TOKEN_TTL_SECONDS, registerAuth } from './auth.js';
import { registerConnectorRoutes } from './connectors-routes.js';
import { registerReviewerRoutes } from './reviewer-routes.js';
import { ConnectError, errors } from './errors.js';
import { createRepositoryResolver, type RepositoryResolver } from './repository-spec.js';
import { SHARED_SCHEMAS } from './schemas.js';
import { PROJECT_SCOPE_NAMES, REVIEWER_SCOPE } from './scopes.js';
import { validatorCompiler } from './validation.js';

/** Largest JSON body accepted: a ConnectorStaged draft or update is a few KB. */
export const MAX_JSON_BODY_BYTES = 256 * 1024;
/** Incoming X-Correlation-ID values are kept when they look like ids; anything else gets a fresh one. */
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Paths pino must never write, whatever a future log call passes. */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'headers.authorization',
  'authorization',
  'client_secret',
  'clientSecret',
  'secret',
  'access_token',
  'token',
  'body.client_secret',
  'body.token',
  'res.headers["set-cookie"]',
];

export interface ServiceOptions {
  store: Store;
  /** Accept absolute local paths as repository URLs (tests, demos). */
  allowLocalRepositories?: boolean;
  tokenTtlSeconds?: number;
  tokenRateLimit?: { max: number; timeWindowMs: number };
  /** false: no logs; true: info-level JSON to stdout; an object: pino options (e.g. `{ level, stream }`). */
  logger?: boolean | Record<string, unknown>;
  /** Resolves a repository at a tag to its connect.yaml-derived configuration (default: the engine's clone). */
  resolveRepository?: RepositoryResolver;
  cloneTimeoutMs?: number;
  /** Absolute URL of a run's report for reviewer views (default: none; `serve` derives it from --public-url). */
  reportUrl?: ReportUrlOf;
  /** The clock (tests). */
  now?: () => Date;
}

export async function buildServer(options: ServiceOptions): Promise<FastifyInstance> {
  const now = options.now ?? (() => new Date());
  const app = Fastify({
    logger: loggerOptions(options.logger),
    bodyLimit: MAX_JSON_BODY_BYTES,
    genReqId: (req) => {
      const incoming = req.headers['x-correlation-id'];
      return typeof incoming === 'string' && CORRELATION_ID.test(incoming) ? incoming : randomUUID();
    },
    // Route params like key=… must not be cut at 100 characters silently.
    routerOptions: { maxParamLength: 512 },
  } satisfies FastifyServerOptions);

  app.setValidatorCompiler(validatorCompiler);
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);

  // JSON with Connect's InvalidJsonInput, including the parser's own description of what is wrong.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(errors.invalidJson('request body is empty'), undefined);
    try {
      done(null, JSON.parse(text, rejectProtoKeys));
    } catch (error) {
      done(errors.invalidJson((error as Error).message), undefined);
    }
  });

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-correlation-id', request.id);
  });

  app.setErrorHandler((error: FastifyError | ConnectError, request, reply) => {
    const connectError = toConnectError(error, request.headers['content-type']);
    if (connectError.statusCode >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ statusCode: connectError.statusCode, code: connectError.code }, 'request rejected');
    return reply.code(connectError.statusCode).headers(connectError.headers).send(connectError.envelope());
  });

  app.setNotFoundHandler((request, reply) => {
    const error = errors.notFound(`The endpoint '${request.method} ${request.url.split('?')[0]!.slice(0, 200)}' does not exist.`);
    return reply.code(404).send(error.envelope());
  });

  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => errors.tooManyRequests(`Too many requests; retry in ${Math.ceil(context.ttl / 1000)} s.`),
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'connect-certify certification service',
        version: TOOL_VERSION,
        description:
          'A commercetools Connect-compatible ConnectorStaged / Connector API with OAuth 2.0 client credentials, backed by the connect-certify engine. Errors use Connect\'s envelope `{statusCode, message, errors: [{code, message, …}]}`.',
      },
      components: {
        securitySchemes: {
          oauth2: {
            type: 'oauth2',
            flows: {
              clientCredentials: {
                tokenUrl: '/oauth/token',
                scopes: {
                  ...Object.fromEntries(PROJECT_SCOPE_NAMES.map((name) => [`${name}:{projectKey}`, `${name} of one project`])),
                  [REVIEWER_SCOPE]: 'Review and certify every connector (the Connect team)',
                },
              },
            },
          },
          basicAuth: { type: 'http', scheme: 'basic' },
        },
      },
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
  });

  const store = options.store;
  registerAuth(app, {
    store,
    tokenTtlSeconds: options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS,
    tokenRateLimit: options.tokenRateLimit ?? DEFAULT_TOKEN_RATE_LIMIT,
    now,
  });
  registerConnectorRoutes(app, {
    store,
    now,
    resolveRepository:
      options.resolveRepository ??
      createRepositoryResolver({ allowLocalRepositories: options.allowLocalRepositories ?? false, ...(options.cloneTimeoutMs ? { cloneTimeoutMs: options.cloneTimeoutMs } : {}) }),
  });

  registerReviewerRoutes(app, { store, now, reportUrl: options.reportUrl ?? (() => undefined) });

  app.get(
    '/health',
    {
      schema: {
        tags: ['service'],
        operationId: 'health',
        summary: 'Liveness and database check',
        response: {
          200: { description: 'The service and its database answer.', type: 'object', required: ['status', 'version', 'database'], properties: { status: { type: 'string' }, version: { type: 'string' }, database: { type: 'string' } } },
          503: { description: 'The database does not answer.', $ref: 'ErrorResponse#' },
        },
      },
    },
    async () => {
      try {
        await sql`select 1`.execute(store.db);
      } catch {
        throw new ConnectError(503, 'General', 'The database is not reachable.');
      }
      return { status: 'ok', version: TOOL_VERSION, database: store.dialect };
    },
  );

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.ready();
  return app;
}

function loggerOptions(logger: ServiceOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false;
  const base = {
    level: 'info',
    redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
    serializers: {
      // What a request log line carries: no headers (Authorization!), no body, no query secrets.
      req: (request: { method: string; url: string; hostname?: string; ip?: string; headers?: Record<string, unknown> }) => ({
        method: request.method,
        url: request.url,
        hostname: request.hostname,
        remoteAddress: request.ip,
        userAgent: request.headers?.['user-agent'],
      }),
    },
  };
  return logger === true ? base : { ...base, ...logger };
}

/** JSON.parse reviver: `__proto__` keys are refused (prototype-poisoning payloads). */
function rejectProtoKeys(key: string, value: unknown): unknown {
  if (key === '__proto__') throw new SyntaxError('"__proto__" is not allowed as a property name');
  return value;
}

function toConnectError(error: FastifyError | ConnectError, contentType: string | undefined): ConnectError {
  if (error instanceof ConnectError) return error;
  switch (error.code) {
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return errors.invalidJson('request body is empty');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return errors.invalidJson('request body is not valid JSON');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ConnectError(415, 'InvalidJsonInput', `Unsupported Content-Type '${String(contentType).slice(0, 100)}'; send application/json.`, {
        detailedErrorMessage: 'the request body must be JSON (Content-Type: application/json)',
      });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ConnectError(413, 'InvalidJsonInput', 'Request body is too large.', { detailedErrorMessage: `the request body exceeds ${MAX_JSON_BODY_BYTES} bytes` });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return errors.invalidJson('Content-Length does not match the body');
  }
  if (error.validation) {
    const part = error.validationContext;
    if (part === 'querystring') return errors.invalidQuery(error.message);
    if (part === 'params') return errors.invalidPath(error.message);
    return errors.invalidJson(error.message);
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return new ConnectError(error.statusCode, 'InvalidInput', error.message);
  }
  return errors.general();
}
