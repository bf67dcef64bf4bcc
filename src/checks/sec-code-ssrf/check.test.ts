import { describe, expect, it } from 'vitest';
import { findingsFor } from '../../analyzers/code-rules/__tests__/connector.js';
import check from './check.js';

const EXPRESS = `import express from 'express';\nimport axios from 'axios';\nconst app = express();\n`;

describe('sec-code/ssrf', () => {
  it.each([
    ['fetch of a query parameter', `${EXPRESS}app.get('/proxy', async (req, res) => { const r = await fetch(req.query.url); res.send(await r.text()); });`, /fetch\(\) sends a request to a host taken from the request \(req\.query\.url\)/],
    ['axios with a host from a header', `${EXPRESS}app.post('/x', async (req, res) => { const { data } = await axios.get(\`https://\${req.headers['x-target']}/status\`); res.json(data); });`, /axios\.get\(\).*req\.headers\.x-target/],
    ['new URL with a request-chosen absolute URL', `${EXPRESS}app.post('/hook', async (req, res) => { const target = new URL(req.body.callback, process.env.BASE_URL); await fetch(target, { method: 'POST' }); res.end(); });`, /req\.body\.callback/],
    ['axios options with a request url', `${EXPRESS}app.post('/x', async (req, res) => { const r = await axios({ method: 'get', url: req.body.endpoint }); res.json(r.data); });`, /axios\(\)/],
    ['a Connect controller forwarding to a body URL', `import fetch from 'node-fetch';\nexport const post = async (request, response) => { const webhook = request.body.webhookUrl; await fetch(webhook, { method: 'POST', body: '{}' }); response.status(204).send(); };`, /node-fetch\(\).*request\.body\.webhookUrl/],
  ])('reports %s', async (_name, code, message) => {
    const findings = await findingsFor(check, code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', requirement: 'SEC-CODE' });
    expect(findings[0]!.message).toMatch(message);
  });

  it.each([
    ['request data in the path of a configured host', `${EXPRESS}app.get('/p/:id', async (req, res) => { const r = await fetch(\`\${process.env.CTP_API_URL}/products/\${encodeURIComponent(req.params.id)}\`); res.json(await r.json()); });`],
    ['request data in the path of a fixed host', `${EXPRESS}app.get('/p/:id', async (req, res) => res.json((await axios.get(\`https://api.example.com/items/\${req.params.id}\`)).data));`],
    ['new URL(path, configuredBase)', `${EXPRESS}app.get('/p', async (req, res) => { await fetch(new URL('/items/' + req.query.id, process.env.API_URL)); res.end(); });`],
    ['a URL from configuration', `${EXPRESS}app.post('/x', async (req, res) => { await fetch(process.env.ORDER_WEBHOOK_URL, { method: 'POST', body: JSON.stringify(req.body) }); res.end(); });`],
    ['a host checked against an allow-list first', `${EXPRESS}const ALLOWED = ['https://a.example'];\napp.get('/x', async (req, res) => { const url = req.query.url; if (!ALLOWED.includes(url)) return res.sendStatus(400); res.send(await (await fetch(url)).text()); });`],
    ['a helper with a URL parameter (no request evidence)', `export const get = (url) => fetch(url).then((r) => r.json());`],
  ])('does not report %s', async (_name, code) => {
    expect(await findingsFor(check, code)).toEqual([]);
  });
});
