// A minimal commercetools HTTP API client: client-credentials token, then JSON requests.
// Hosts come from CTP_AUTH_URL and CTP_API_URL; nothing is cached between runs.

/** Per request; the job as a whole may run up to Connect's 30-minute job timeout. */
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

  async function request(method, path, query) {
    const url = new URL(`/${encodeURIComponent(projectKey)}${path}`, apiUrl);
    if (query) url.search = new URLSearchParams(query).toString();
    const response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${accessToken}` },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (!response.ok) throw new CommercetoolsError(`${method} ${path} failed with ${response.status}`, response.status);
    return response.json();
  }

  return { request };
}
