// OAuth 2.0 client credentials as commercetools' auth service does it: POST /oauth/token with HTTP
// Basic client credentials and a form body (`grant_type=client_credentials`, optional `scope` to
// narrow the grant) → `{access_token, token_type: 'Bearer', expires_in, scope}`; POST
// /oauth/introspect; and the bearer check every API route runs before its handler.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiClient, Store } from '../store/index.js';
import { errors } from './errors.js';
import { errorResponses, okResponse } from './schemas.js';
import { principalOf, type Principal } from './scopes.js';

/** commercetools' access tokens live 48 hours. */
export const DEFAULT_TOKEN_TTL_SECONDS = 172_800;
/** Token requests per client IP and window before 429: plenty for clients that cache tokens. */
export const DEFAULT_TOKEN_RATE_LIMIT = { max: 100, timeWindowMs: 60_000 } as const;
/** A form body for the token endpoints is a few hundred bytes. */
export const MAX_FORM_BODY_BYTES = 8 * 1024;

export type AccessLevel = 'view' | 'manage' | 'update';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Set on API routes: which scopes the bearer token needs (checked before the handler). */
    access?: AccessLevel;
  }
}

export interface AuthOptions {
  store: Store;
  tokenTtlSeconds: number;
  tokenRateLimit: { max: number; timeWindowMs: number };
  now: () => Date;
}

export function registerAuth(app: FastifyInstance, options: AuthOptions): void {
  const { store } = options;
  app.decorateRequest('principal', null);

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: MAX_FORM_BODY_BYTES }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  // Bearer check for every route that declares `config.access`.
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (!access) return;
    const principal = await authenticateBearer(request, store, options.now());
    request.principal = principal;
    assertAccess(principal, access);
  });

  const formBody = {
    type: 'object',
    properties: { grant_type: { type: 'string' }, scope: { type: 'string' } },
  };

  app.post(
    '/oauth/token',
    {
      config: { rateLimit: { max: options.tokenRateLimit.max, timeWindow: options.tokenRateLimit.timeWindowMs } },
      schema: {
        tags: ['auth'],
        operationId: 'obtainAccessToken',
        summary: 'Obtain an access token (client credentials)',
        description: 'HTTP Basic authentication with the client id and secret; form body `grant_type=client_credentials` and an optional space-separated `scope` narrowing the grant.',
        security: [{ basicAuth: [] }],
        consumes: ['application/x-www-form-urlencoded'],
        body: formBody,
        response: { 200: okResponse('TokenResponse', 'The access token.'), ...errorResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const client = await authenticateClient(request, store);
      const form = (request.body ?? {}) as Record<string, string | undefined>;
      if (form.grant_type === undefined) throw errors.oauth('invalid_request', 'Missing required parameter: grant_type.');
      if (form.grant_type !== 'client_credentials') throw errors.oauth('unsupported_grant_type', `Grant type '${form.grant_type}' is not supported; use client_credentials.`);
      let scopes = client.scopes;
      if (form.scope !== undefined && form.scope.trim() !== '') {
        const requested = [...new Set(form.scope.split(/\s+/).filter((s) => s !== ''))];
        const unknown = requested.filter((s) => !client.scopes.includes(s));
        if (unknown.length > 0) throw errors.oauth('invalid_scope', `The client is not allowed the scope(s): ${unknown.join(' ')}.`);
        scopes = requested;
      }
      const issued = await store.tokens.issue({ clientId: client.id, scopes, ttlSeconds: options.tokenTtlSeconds, now: options.now() });
      reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
      return { access_token: issued.token, token_type: 'Bearer', expires_in: options.tokenTtlSeconds, scope: scopes.join(' ') };
    },
  );

  app.post(
    '/oauth/introspect',
    {
      config: { rateLimit: { max: options.tokenRateLimit.max, timeWindow: options.tokenRateLimit.timeWindowMs } },
      schema: {
        tags: ['auth'],
        operationId: 'introspectAccessToken',
        summary: 'Introspect an access token',
        description: 'HTTP Basic authentication with any valid client; form body `token=…`.',
        security: [{ basicAuth: [] }],
        consumes: ['application/x-www-form-urlencoded'],
        body: { type: 'object', properties: { token: { type: 'string' } } },
        response: { 200: okResponse('IntrospectionResponse', 'Whether the token is active, and its grant.'), ...errorResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      await authenticateClient(request, store);
      const token = ((request.body ?? {}) as Record<string, string | undefined>).token;
      if (!token) throw errors.oauth('invalid_request', 'Missing required parameter: token.');
      const grant = await store.tokens.find(token, options.now());
      reply.header('cache-control', 'no-store');
      if (!grant) return { active: false };
      return { active: true, scope: grant.scopes.join(' '), exp: Math.floor(Date.parse(grant.expiresAt) / 1000), client_id: grant.clientId };
    },
  );
}

async function authenticateClient(request: FastifyRequest, store: Store): Promise<ApiClient> {
  const header = request.headers.authorization;
  const match = header ? /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header) : null;
  if (!match) throw errors.invalidClient();
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) throw errors.invalidClient();
  const client = await store.clients.authenticate(decoded.slice(0, colon), decoded.slice(colon + 1));
  if (!client) throw errors.invalidClient();
  return client;
}

async function authenticateBearer(request: FastifyRequest, store: Store, now: Date): Promise<Principal> {
  const header = request.headers.authorization;
  if (!header) throw errors.invalidToken('Missing bearer token.');
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header);
  if (!match) throw errors.invalidToken('Authorization header is not a bearer token.');
  const grant = await store.tokens.find(match[1]!, now);
  if (!grant) throw errors.invalidToken('The bearer token is unknown or expired.');
  return principalOf(grant.clientId, grant.scopes);
}

function assertAccess(principal: Principal, access: AccessLevel): void {
  if (access === 'view' && !(principal.canView || principal.reviewer)) {
    throw errors.insufficientScope('Insufficient scope. One of the following scopes is missing: view_connectors, manage_connectors, manage_project.');
  }
  if (access === 'manage' && !principal.canManage) {
    throw errors.insufficientScope('Insufficient scope. One of the following scopes is missing: manage_connectors, manage_project.');
  }
  if (access === 'update' && !(principal.canManage || principal.reviewer)) {
    throw errors.insufficientScope('Insufficient scope. One of the following scopes is missing: manage_connectors, manage_project.');
  }
}

/** The authenticated caller of an API route (set by the onRequest hook). */
export function principal(request: FastifyRequest): Principal {
  if (!request.principal) throw errors.invalidToken();
  return request.principal;
}

