// An in-process stand-in for the commercetools auth and HTTP APIs on a loopback port, so the
// integration tests are self-contained. It holds carts in memory and records every request.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

export async function startFakeCommercetools({ projectKey, clientId, clientSecret, carts = [] }) {
  const requests = [];
  const store = new Map(carts.map((cart) => [cart.id, cart]));
  const accessToken = randomUUID();
  const expectedBasic = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;

  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url, 'http://localhost');
    requests.push({ method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), body: text });
    const json = (status, body) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

    if (url.pathname === '/oauth/token') {
      if (req.headers.authorization !== expectedBasic) return json(401, { error: 'invalid_client' });
      return json(200, { access_token: accessToken, token_type: 'Bearer', expires_in: 172800 });
    }
    if (req.headers.authorization !== `Bearer ${accessToken}`) return json(401, { message: 'invalid token' });
    const cartsPath = `/${projectKey}/carts`;
    if (url.pathname === cartsPath && req.method === 'GET') {
      const limit = Number(url.searchParams.get('limit'));
      return json(200, { limit, offset: 0, count: Math.min(limit, store.size), results: [...store.values()].slice(0, limit) });
    }
    if (url.pathname.startsWith(`${cartsPath}/`) && req.method === 'DELETE') {
      const id = decodeURIComponent(url.pathname.slice(cartsPath.length + 1));
      const cart = store.get(id);
      if (!cart) return json(404, { message: 'not found' });
      if (String(cart.version) !== url.searchParams.get('version')) return json(409, { message: 'concurrent modification' });
      store.delete(id);
      return json(200, cart);
    }
    return json(404, { message: `no route ${req.method} ${url.pathname}` });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return { url, requests, store, close: () => new Promise((resolve) => server.close(resolve)) };
}
