import { describe, expect, it } from 'vitest';
import { findingsFor } from '../../analyzers/code-rules/__tests__/connector.js';
import check from './check.js';

const EXPRESS = `import express from 'express';\nconst app = express();\n`;

describe('stateless/module-state', () => {
  it.each([
    ['a Map written in a route handler', `${EXPRESS}const carts = new Map();\napp.post('/cart', (req, res) => { carts.set(req.body.id, req.body); res.end(); });`, 'error', /module-level Map `carts` \(declared at line 3\) is written inside the request handler passed to app\.post\(\) \(\.set\(\)\)/],
    ['an array pushed in a node:http handler', `import http from 'node:http';\nconst seen = [];\nhttp.createServer((request, response) => { seen.push(request.url); response.end(); }).listen(8080);`, 'error', /module-level array `seen`/],
    ['an object keyed in a Connect controller', `const sessions = {};\nexport const post = async (request, response) => { sessions[request.body.user] = { at: Date.now() }; response.send(); };`, 'error', /module-level object `sessions` .* request handler `post`/],
    ['a module variable set from request data', `${EXPRESS}let lastOrder;\napp.post('/order', (req, res) => { lastOrder = req.body.order; res.end(); });`, 'error', /module-level variable `lastOrder` .* is set from request data/],
    ['a collection declared after the handler that writes it', `${EXPRESS}app.post('/x', (req, res) => { queue.push(req.body); res.end(); });\nconst queue = [];`, 'error', /`queue`/],
    ['a bounded LRU cache (warning)', `${EXPRESS}import { LRUCache } from 'lru-cache';\nconst prices = new LRUCache({ max: 500 });\napp.get('/price/:sku', async (req, res) => { prices.set(req.params.sku, await lookup(req.params.sku)); res.end(); });`, 'warning', /bounded cache/],
  ])('reports %s', async (_name, code, severity, message) => {
    const findings = await findingsFor(check, code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity, requirement: 'DEPLOY-STATELESS' });
    expect(findings[0]!.message).toMatch(message);
  });

  it('reports one finding per collection, counting the other writes', async () => {
    const findings = await findingsFor(check, `${EXPRESS}const log = [];\napp.post('/a', (req, res) => { log.push(1); res.end(); });\napp.post('/b', (req, res) => { log.push(2); log.unshift(0); res.end(); });`);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toMatch(/and 2 more places/);
    expect(findings[0]!.data).toMatchObject({ binding: 'log', writes: 3 });
  });

  it.each([
    ['a Map used as a lookup table', `${EXPRESS}const CURRENCIES = new Map([['EUR', '€'], ['USD', '$']]);\napp.get('/sym/:c', (req, res) => res.send(CURRENCIES.get(req.params.c)));`],
    ['a collection filled at start-up', `${EXPRESS}const routes = [];\nroutes.push('/a');\nfunction register(path) { routes.push(path); }\nregister('/b');\napp.get('/routes', (req, res) => res.json(routes));`],
    ['a local collection inside the handler', `${EXPRESS}app.post('/x', (req, res) => { const cache = new Map(); cache.set('a', req.body); res.json([...cache]); });`],
    ['a local shadowing a module collection', `${EXPRESS}const items = [];\napp.post('/x', (req, res) => { const items = []; items.push(req.body); res.json(items); });`],
    ['a counter', `${EXPRESS}const stats = { requests: 0 };\napp.use((req, res, next) => { stats.requests += 1; next(); });`],
    ['a lazily created client', `${EXPRESS}let client;\napp.get('/x', async (req, res) => { if (!client) client = createClient(process.env.CTP_API_URL); res.json(await client.get()); });`],
    ['writes in a helper the handler calls (not followed)', `${EXPRESS}const tokenCache = new Map();\nasync function token() { tokenCache.set('t', await fetchToken()); return tokenCache.get('t'); }\napp.get('/x', async (req, res) => res.json(await token()));`],
  ])('does not report %s', async (_name, code) => {
    expect(await findingsFor(check, code)).toEqual([]);
  });
});
