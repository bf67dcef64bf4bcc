// OAuth 2.0 client credentials as commercetools does it, token introspection, expiry, revocation,
// the token endpoint's rate limit, /health, and logs that never contain a secret or a token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type TestService } from './helpers.js';

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const FORM = 'application/x-www-form-urlencoded';

async function post(service: TestService, path: string, authorization: string | undefined, body: string) {
  const response = await fetch(service.url + path, {
    method: 'POST',
    headers: { 'content-type': FORM, ...(authorization ? { authorization } : {}) },
    body,
  });
  return { status: response.status, body: (await response.json()) as any, headers: response.headers };
}

describe('OAuth client credentials', () => {
  let service: TestService;
  let clock = new Date('2026-05-01T10:00:00.000Z');
  let client: { clientId: string; clientSecret: string };

  beforeAll(async () => {
    service = await startService('sqlite', { captureLogs: true, now: () => clock });
    client = await service.createClient(['manage_connectors:oauth-proj', 'view_connectors:oauth-proj']);
  });
  afterAll(async () => {
    await service?.close();
  });

  it('issues a bearer token for valid client credentials', async () => {
    const response = await post(service, '/oauth/token', basic(client.clientId, client.clientSecret), 'grant_type=client_credentials');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      access_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      token_type: 'Bearer',
      expires_in: 172_800,
      scope: 'manage_connectors:oauth-proj view_connectors:oauth-proj',
    });
    expect(response.headers.get('cache-control')).toBe('no-store');
    const list = await service.request('GET', '/connectors/drafts', { token: response.body.access_token });
    expect(list.status).toBe(200);
  });

  it('narrows the grant to the requested scopes and refuses scopes the client lacks', async () => {
    const narrowed = await post(service, '/oauth/token', basic(client.clientId, client.clientSecret), 'grant_type=client_credentials&scope=view_connectors:oauth-proj');
    expect(narrowed.body.scope).toBe('view_connectors:oauth-proj');
    const create = await service.request('POST', '/connectors/drafts', { token: narrowed.body.access_token, body: {} });
    expect(create.status).toBe(403);
    expect(create.body.errors[0].code).toBe('AuthorizationError');

    const wider = await post(service, '/oauth/token', basic(client.clientId, client.clientSecret), 'grant_type=client_credentials&scope=manage_project:oauth-proj');
    expect(wider.status).toBe(400);
    expect(wider.body).toMatchObject({ statusCode: 400, error: 'invalid_scope', errors: [{ code: 'invalid_scope' }] });
  });

  it('rejects bad client credentials and bad grant requests in the error envelope', async () => {
    const cases: [string | undefined, string, number, string][] = [
      [basic(client.clientId, 'wrong-secret'), 'grant_type=client_credentials', 401, 'invalid_client'],
      [basic('no-such-client', client.clientSecret), 'grant_type=client_credentials', 401, 'invalid_client'],
      [undefined, 'grant_type=client_credentials', 401, 'invalid_client'],
      [`Bearer ${client.clientSecret}`, 'grant_type=client_credentials', 401, 'invalid_client'],
      [basic(client.clientId, client.clientSecret), 'grant_type=password&username=a&password=b', 400, 'unsupported_grant_type'],
      [basic(client.clientId, client.clientSecret), 'scope=view_connectors:oauth-proj', 400, 'invalid_request'],
    ];
    for (const [authorization, body, status, code] of cases) {
      const response = await post(service, '/oauth/token', authorization, body);
      expect(response.status, `${body} ${status}`).toBe(status);
      expect(response.body).toMatchObject({ statusCode: status, error: code, errors: [{ code }] });
      expect(response.body.message).toBe(response.body.errors[0].message);
    }
    const noAuth = await post(service, '/oauth/token', undefined, 'grant_type=client_credentials');
    expect(noAuth.headers.get('www-authenticate')).toMatch(/^Basic/);
  });

  it('introspects tokens for authenticated clients', async () => {
    const issued = await post(service, '/oauth/token', basic(client.clientId, client.clientSecret), 'grant_type=client_credentials');
    const active = await post(service, '/oauth/introspect', basic(client.clientId, client.clientSecret), `token=${issued.body.access_token}`);
    expect(active.body).toEqual({
      active: true,
      scope: 'manage_connectors:oauth-proj view_connectors:oauth-proj',
      exp: Math.floor(clock.getTime() / 1000) + 172_800,
      client_id: client.clientId,
    });
    expect((await post(service, '/oauth/introspect', basic(client.clientId, client.clientSecret), 'token=unknown')).body).toEqual({ active: false });
    expect((await post(service, '/oauth/introspect', undefined, `token=${issued.body.access_token}`)).status).toBe(401);
    expect((await post(service, '/oauth/introspect', basic(client.clientId, client.clientSecret), '')).status).toBe(400);
  });

  it('rejects missing, malformed, unknown, expired and revoked bearer tokens with invalid_token', async () => {
    const token = (await post(service, '/oauth/token', basic(client.clientId, client.clientSecret), 'grant_type=client_credentials')).body.access_token as string;
    const expectInvalid = async (headers: Record<string, string>) => {
      const response = await service.request('GET', '/connectors/drafts', { headers });
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ statusCode: 401, message: 'invalid_token', errors: [{ code: 'invalid_token' }], error: 'invalid_token' });
      expect(response.headers.get('www-authenticate')).toContain('invalid_token');
    };
    await expectInvalid({});
    await expectInvalid({ authorization: 'Bearer' });
    await expectInvalid({ authorization: basic(client.clientId, client.clientSecret) });
    await expectInvalid({ authorization: 'Bearer not-a-real-token' });

    clock = new Date(clock.getTime() + 172_801_000);
    await expectInvalid({ authorization: `Bearer ${token}` });

    const revocable = await service.createClient(['view_connectors:oauth-proj']);
    const fresh = (await post(service, '/oauth/token', basic(revocable.clientId, revocable.clientSecret), 'grant_type=client_credentials')).body.access_token as string;
    expect((await service.request('GET', '/connectors/drafts', { token: fresh })).status).toBe(200);
    await service.store.clients.revoke(revocable.clientId);
    await expectInvalid({ authorization: `Bearer ${fresh}` });
    expect((await post(service, '/oauth/token', basic(revocable.clientId, revocable.clientSecret), 'grant_type=client_credentials')).status).toBe(401);
  });

  it('answers /health without a token', async () => {
    const health = await service.request('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', database: 'sqlite' });
  });

  it('never writes secrets, tokens or Authorization headers to the log', async () => {
    const issued = await post(service, '/oauth/token', basic(client.clientId, client.clientSecret), 'grant_type=client_credentials');
    const token = issued.body.access_token as string;
    await service.request('GET', '/connectors/drafts?limit=1', { token });
    await post(service, '/oauth/introspect', basic(client.clientId, client.clientSecret), `token=${token}`);
    await post(service, '/oauth/token', basic(client.clientId, 'a-wrong-secret-value'), 'grant_type=client_credentials');
    const log = service.logs.join('');
    expect(log).toContain('/oauth/token');
    expect(log).toContain('/connectors/drafts');
    for (const secret of [client.clientSecret, token, 'a-wrong-secret-value', Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')]) {
      expect(log).not.toContain(secret);
    }
    expect(log).not.toMatch(/Bearer |Basic /);
  });
});

describe('token endpoint rate limit', () => {
  it('answers 429 in the error envelope once the window is used up', async () => {
    const service = await startService('sqlite', { tokenRateLimit: { max: 3, timeWindowMs: 60_000 } });
    try {
      const client = await service.createClient(['view_connectors:limited']);
      const statuses: number[] = [];
      let last: any;
      for (let i = 0; i < 5; i++) {
        const response = await post(service, '/oauth/token', basic(client.clientId, client.clientSecret), 'grant_type=client_credentials');
        statuses.push(response.status);
        last = response;
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(last.body).toMatchObject({ statusCode: 429, errors: [{ code: 'TooManyRequests' }] });
      expect(last.headers.get('retry-after')).toBeTruthy();
      // The API itself is not limited by the token endpoint's budget.
      expect((await service.request('GET', '/health')).status).toBe(200);
    } finally {
      await service.close();
    }
  });
});
