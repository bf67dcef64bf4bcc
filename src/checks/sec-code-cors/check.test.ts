import { describe, expect, it } from 'vitest';
import { findingsFor } from '../../analyzers/code-rules/__tests__/connector.js';
import check from './check.js';

const EXPRESS = `import express from 'express';\nimport cors from 'cors';\nconst app = express();\n`;

describe('sec-code/cors', () => {
  it.each([
    ['origin: true with credentials', `${EXPRESS}app.use(cors({ origin: true, credentials: true }));`, /origin: true \(reflects any Origin\)/],
    ["origin '*' with credentials", `${EXPRESS}app.use(cors({ credentials: true, origin: '*' }));`, /origin: '\*'/],
    ['an origin callback that allows everything', `${EXPRESS}app.use(cors({ origin: (origin, callback) => callback(null, true), credentials: true }));`, /an origin callback that allows every origin/],
    ['fastify cors reflecting', `import Fastify from 'fastify';\nimport fastifyCors from '@fastify/cors';\nconst fastify = Fastify();\nfastify.register(fastifyCors, { origin: /.*/, credentials: true });`, /origin: \/\.\*\//],
    [
      'headers reflecting the request Origin with credentials',
      `${EXPRESS}app.use((req, res, next) => { res.setHeader('Access-Control-Allow-Origin', req.headers.origin); res.setHeader('Access-Control-Allow-Credentials', 'true'); next(); });`,
      /copied from the request \(req\.headers\.origin\)/,
    ],
  ])('reports %s', async (_name, code, message) => {
    const findings = await findingsFor(check, code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', requirement: 'SEC-CODE' });
    expect(findings[0]!.message).toMatch(message);
  });

  it.each([
    ['default cors() (no credentials)', `${EXPRESS}app.use(cors());`],
    ["origin '*' without credentials", `${EXPRESS}app.use(cors({ origin: '*' }));`],
    ['an allow-list with credentials', `${EXPRESS}app.use(cors({ origin: process.env.ALLOWED_ORIGINS.split(','), credentials: true }));`],
    ['fetch options with credentials', `export const get = (url) => fetch(url, { credentials: 'include', mode: 'cors' });`],
    [
      'a reflected Origin checked against an allow-list',
      `${EXPRESS}const ALLOWED = new Set(['https://shop.example']);\napp.use((req, res, next) => { const origin = req.headers.origin; if (ALLOWED.has(origin)) { res.setHeader('Access-Control-Allow-Origin', origin); res.setHeader('Access-Control-Allow-Credentials', 'true'); } next(); });`,
    ],
    ["'*' without credentials header", `${EXPRESS}app.use((req, res, next) => { res.setHeader('Access-Control-Allow-Origin', '*'); next(); });`],
  ])('does not report %s', async (_name, code) => {
    expect(await findingsFor(check, code)).toEqual([]);
  });
});
