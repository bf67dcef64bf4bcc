// A minimal commercetools HTTP API client: client-credentials token, then JSON requests.
// Hosts come from CTP_AUTH_URL and CTP_API_URL; nothing is cached between calls.

/** Deploy scripts run once; a request that takes longer than this is a network problem. */
export const REQUEST_TIMEOUT_MS = 15_000;

export class CommercetoolsError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

export async function createApiClient({ projectKey, apiUrl, authUrl, clientId, clientSecret }, scopes) {
  const credentials = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
  const tokenResponse = await fetch(new URL('/oauth/token', authUrl), {
    method: 'POST',
    headers: { authorization: `Basic ${credentials}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      scope: scopes.map((scope) => `${scope}:${projectKey}`).join(' '),
    }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  if (!tokenResponse.ok) {
    throw new CommercetoolsError(`token request failed with ${tokenResponse.status}`, tokenResponse.status);
  }
  const { access_token: accessToken } = await tokenResponse.json();

  /** Returns `{ status, body }`; 404 is a normal answer, other failures throw. */
  async function request(method, path, body) {
    const response = await fetch(new URL(`/${encodeURIComponent(projectKey)}${path}`, apiUrl), {
      method,
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const payload = response.status === 204 ? undefined : await response.json().catch(() => undefined);
    if (!response.ok && response.status !== 404) {
      throw new CommercetoolsError(`${method} ${path} failed with ${response.status}`, response.status);
    }
    return { status: response.status, body: payload };
  }

  return { request };
}
