import { describe, expect, it } from 'vitest';
import { findingsFor } from '../../analyzers/code-rules/__tests__/connector.js';
import check from './check.js';

const EXPRESS = `import express from 'express';\nimport fs from 'node:fs';\nimport path from 'node:path';\nconst app = express();\n`;

describe('sec-code/path-traversal', () => {
  it.each([
    ['a query parameter read as a file', `${EXPRESS}app.get('/file', (req, res) => { res.send(fs.readFileSync(req.query.name, 'utf8')); });`, /fs\.readFileSync\(\) uses a path taken from the request \(req\.query\.name\)/],
    ['path.join with a route parameter (via destructuring)', `${EXPRESS}app.get('/img/:file', async (req, res) => { const { file } = req.params; const full = path.join(__dirname, 'images', file); res.send(await fs.promises.readFile(full)); });`, /fs\.readFile\(\) uses a path taken from the request \(req\.params\.file\)/],
    ['sendFile without root', `${EXPRESS}app.get('/download', (req, res) => res.sendFile(path.resolve('uploads', req.query.f)));`, /sendFile\(\) uses a path/],
    ['a Connect-template controller', `import { writeFile } from 'node:fs/promises';\nexport const post = async (request, response) => { const { key } = request.body; await writeFile(\`/tmp/\${key}.json\`, 'x'); response.status(200).send(); };`, /fs\.writeFile\(\) uses a path taken from the request \(request\.body\.key\)/],
    ['a node:http server reading request.url', `import http from 'node:http';\nimport { createReadStream } from 'node:fs';\nhttp.createServer((request, response) => { createReadStream('public' + request.url).pipe(response); });`, /fs\.createReadStream\(\) uses a path taken from the request \(request\.url\)/],
  ])('reports %s', async (_name, code, message) => {
    const findings = await findingsFor(check, code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', requirement: 'SEC-CODE', file: 'service/src/app.js' });
    expect(findings[0]!.message).toMatch(message);
  });

  it.each([
    ['a fixed path', `${EXPRESS}app.get('/terms', (req, res) => res.send(fs.readFileSync(path.join(__dirname, 'terms.html'), 'utf8')));`],
    ['a base name only', `${EXPRESS}app.get('/img', (req, res) => res.send(fs.readFileSync(path.join('images', path.basename(req.query.f)))));`],
    ['a path checked to stay inside the root', `${EXPRESS}const ROOT = path.resolve('public');\napp.get('/f', (req, res) => { const file = path.resolve(ROOT, req.query.f); if (!file.startsWith(ROOT + path.sep)) return res.sendStatus(403); res.send(fs.readFileSync(file)); });`],
    ['sendFile with a root', `${EXPRESS}app.get('/f/:name', (req, res) => res.sendFile(req.params.name, { root: 'public' }));`],
    ['a helper parameter (not a handler input)', `import fs from 'node:fs';\nexport function load(file) { return fs.readFileSync(file, 'utf8'); }`],
    ['a value validated by a named validator', `${EXPRESS}app.get('/f', (req, res) => { const name = req.query.f; if (!isSafeName(name)) return res.sendStatus(400); res.send(fs.readFileSync(name)); });`],
    ['a number parsed from the request', `${EXPRESS}app.get('/page', (req, res) => res.send(fs.readFileSync(\`pages/\${Number(req.query.n)}.html\`)));`],
  ])('does not report %s', async (_name, code) => {
    expect(await findingsFor(check, code)).toEqual([]);
  });
});
