import { describe, expect, it } from 'vitest';
import { findingsFor } from '../../analyzers/code-rules/__tests__/connector.js';
import check from './check.js';

const EXPRESS = `import express from 'express';\nimport crypto from 'node:crypto';\nimport zlib from 'node:zlib';\nconst app = express();\n`;

describe('lightweight/sync-cpu', () => {
  it.each([
    ['pbkdf2Sync in a route', `${EXPRESS}app.post('/login', (req, res) => { const key = crypto.pbkdf2Sync(req.body.password, 'salt', 100000, 64, 'sha512'); res.json({ ok: key.length > 0 }); });`, /crypto\.pbkdf2Sync\(\) inside the request handler passed to app\.post\(\).* \(on request data, req\.body\.password/],
    ['scryptSync in a controller', `import { scryptSync } from 'node:crypto';\nexport const post = (request, response) => { response.send(scryptSync(request.body.pin, 'salt', 32)); };`, /crypto\.scryptSync\(\) inside request handler `post`/],
    ['bcrypt hashSync', `${EXPRESS}import bcrypt from 'bcryptjs';\napp.post('/u', (req, res) => res.json({ hash: bcrypt.hashSync(req.body.pw, 12) }));`, /bcryptjs\.hashSync\(\)/],
    ['gzipSync of a response', `${EXPRESS}app.get('/export', async (req, res) => { const data = await load(); res.end(zlib.gzipSync(JSON.stringify(data))); });`, /zlib\.gzipSync\(\)/],
    ['execSync in a handler', `${EXPRESS}import { execSync } from 'node:child_process';\napp.get('/v', (req, res) => res.send(execSync('git rev-parse HEAD')));`, /child_process\.execSync\(\)/],
  ])('reports %s', async (_name, code, message) => {
    const findings = await findingsFor(check, code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'warning', requirement: 'DEPLOY-LIGHTWEIGHT' });
    expect(findings[0]!.message).toMatch(message);
  });

  it.each([
    ['a key derived once at start-up', `${EXPRESS}const KEY = crypto.scryptSync(process.env.SECRET, 'salt', 32);\napp.get('/x', (req, res) => res.send(KEY.length));`],
    ['the asynchronous form', `${EXPRESS}import { promisify } from 'node:util';\nconst pbkdf2 = promisify(crypto.pbkdf2);\napp.post('/l', async (req, res) => res.json(await pbkdf2(req.body.pw, 's', 1e5, 64, 'sha512')));`],
    ['a sync call in a helper (not followed)', `import zlib from 'node:zlib';\nexport const pack = (s) => zlib.gzipSync(s);`],
    ['readFileSync (I/O, not CPU)', `${EXPRESS}import fs from 'node:fs';\napp.get('/t', (req, res) => res.send(fs.readFileSync('/tmp/t')));`],
  ])('does not report %s', async (_name, code) => {
    expect(await findingsFor(check, code)).toEqual([]);
  });
});
