// An in-process stand-in for the commercetools auth and HTTP APIs on a loopback port, so the
// integration tests are self-contained. It records every request and keeps subscriptions by key.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

export async function startFakeCommercetools({ projectKey, clientId, clientSecret }) {
  const requests = [];
  const subscriptions = new Map();
  const accessToken = randomUUID();
  const expectedBasic = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;

  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url, 'http://localhost');
    requests.push({ method: req.method, path: url.pathname, search: url.search, body: text });
    const json = (status, body) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

    if (url.pathname === '/oauth/token') {
      if (req.headers.authorization !== expectedBasic) return json(401, { error: 'invalid_client' });
      return json(200, { access_token: accessToken, token_type: 'Bearer', expires_in: 172800, scope: new URLSearchParams(text).get('scope') });
    }
    if (req.headers.authorization !== `Bearer ${accessToken}`) return json(401, { message: 'invalid token' });
    const prefix = `/${projectKey}/subscriptions`;
    if (url.pathname === prefix && req.method === 'POST') {
      const draft = JSON.parse(text);
      const subscription = { ...draft, id: randomUUID(), version: 1 };
      subscriptions.set(draft.key, subscription);
      return json(201, subscription);
    }
    if (url.pathname.startsWith(`${prefix}/key=`)) {
      const key = decodeURIComponent(url.pathname.slice(`${prefix}/key=`.length));
      const existing = subscriptions.get(key);
      if (!existing) return json(404, { message: `subscription ${key} not found` });
      if (req.method === 'GET') return json(200, existing);
      if (req.method === 'DELETE' && url.searchParams.get('version') === String(existing.version)) {
        subscriptions.delete(key);
        return json(200, existing);
      }
      return json(409, { message: 'version mismatch' });
    }
    return json(404, { message: `no route ${req.method} ${url.pathname}` });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return { url, requests, subscriptions, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** A loopback HTTP endpoint that records what it receives and answers with `status`. */
export async function startRecorder(status = 200) {
  const received = [];
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    received.push({ method: req.method, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    res.writeHead(recorder.status).end();
  });
  const recorder = { status, received, url: '', close: () => new Promise((resolve) => server.close(resolve)) };
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  recorder.url = `http://127.0.0.1:${server.address().port}/orders`;
  return recorder;
}
