import { describe, expect, it } from 'vitest';
import { connector, findingsFor } from '../../analyzers/code-rules/__tests__/connector.js';
import { certify } from '../../engine/certify.js';
import { runCheck, writeFixture } from '../../engine/testing.js';
import check from './check.js';

const urlFindings = async (code: string, file = 'src/app.js') =>
  (await findingsFor(check, code, { file })).map((f) => [f.severity, f.data?.use, f.data?.url]);

describe('sec/urls in code', () => {
  it('reports a hardcoded commercetools host as an error naming CTP_API_URL, with its position', async () => {
    const findings = await findingsFor(check, `import { ClientBuilder } from '@commercetools/ts-client';\n\nexport const client = new ClientBuilder()\n  .withHttpMiddleware({ host: 'https://api.europe-west1.gcp.commercetools.com' })\n  .build();`, { file: 'src/client.ts' });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'error',
      requirement: 'SEC-URLS',
      application: 'service',
      file: 'service/src/client.ts',
      line: 4,
      column: 32,
      data: { use: 'commercetools', url: 'https://api.europe-west1.gcp.commercetools.com' },
    });
    expect(findings[0]!.message).toBe('service/src/client.ts:4: hardcoded commercetools URL https://api.europe-west1.gcp.commercetools.com; it must come from CTP_API_URL');
    expect(findings[0]!.remediation).toMatch(/CTP_API_URL .* CTP_AUTH_URL/);
  });

  it.each([
    ['a third-party endpoint', `export const charge = (body) => fetch('https://api.stripe.com/v1/charges', { method: 'POST', body });`, 'hardcoded', 'https://api.stripe.com/v1/charges'],
    ['a websocket endpoint', `export const feed = new WebSocket('wss://stream.broker-feed.io/prices');`, 'hardcoded', 'wss://stream.broker-feed.io/prices'],
    ['a URL in a template with a dynamic path', 'export const product = (id) => fetch(`https://erp.acme-shop.io/api/products/${id}`);', 'hardcoded', 'https://erp.acme-shop.io/api/products/${…}'],
    ['localhost in runtime code', `export const API = 'http://localhost:3000/api';`, 'localhost', 'http://localhost:3000/api'],
    ['an auth host in a constant used directly', `const AUTH = 'https://auth.us-central1.gcp.commercetools.com/oauth/token';\nexport const token = () => fetch(AUTH, { method: 'POST' });`, 'commercetools', 'https://auth.us-central1.gcp.commercetools.com/oauth/token'],
  ])('reports %s as an error', async (_name, code, use, url) => {
    expect(await urlFindings(code)).toEqual([['error', use, url]]);
  });

  it.each([
    ['process.env.X ?? url', `export const api = process.env.PSP_API_URL ?? 'https://api.psp-provider.io';`, 'fallback'],
    ['process.env.X || url', `export const api = process.env.PSP_API_URL || 'https://api.psp-provider.io';`, 'fallback'],
    ['a config getter default', `import { getEnv } from './env.js';\nexport const api = getEnv('PSP_API_URL', 'https://api.psp-provider.io');`, 'fallback'],
    ['a destructuring default from process.env', `const { PSP_API_URL = 'https://api.psp-provider.io' } = process.env;\nexport { PSP_API_URL };`, 'fallback'],
    ['a constant used only as a fallback', `const DEFAULT_API = 'https://api.psp-provider.io';\nexport const api = process.env.PSP_API_URL ?? DEFAULT_API;\nexport const other = env.OTHER || DEFAULT_API;`, 'fallback'],
    ['a conditional on the configuration', `export const api = process.env.PSP_API_URL ? process.env.PSP_API_URL : 'https://api.psp-provider.io';`, 'fallback'],
    ['a host built from a region pattern', 'export const apiUrl = (region) => `https://api.${region}.commercetools.com`;', 'templated-host'],
    ['localhost in a development branch', `export const api = process.env.NODE_ENV === 'development' ? 'http://localhost:8080' : process.env.API_URL;`, 'development-localhost'],
    ['localhost behind !== production', `let url = process.env.API_URL;\nif (process.env.NODE_ENV !== 'production') { url = 'http://127.0.0.1:4000'; }\nexport { url };`, 'development-localhost'],
  ])('reports %s as a warning', async (_name, code, use) => {
    const findings = await urlFindings(code);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.slice(0, 2)).toEqual(['warning', use]);
  });

  it('reports a constant used both as a fallback and directly as an error', async () => {
    const findings = await urlFindings(`const DEFAULT_API = 'https://api.psp-provider.io';\nexport const api = process.env.PSP_API_URL ?? DEFAULT_API;\nexport const direct = () => fetch(DEFAULT_API);`);
    expect(findings).toEqual([['error', 'hardcoded', 'https://api.psp-provider.io']]);
  });

  it.each([
    ['an error message with a documentation link', `throw new Error('CTP_API_URL is missing, see https://docs.commercetools.com/connect/configuration for setup');`, 'message'],
    ['a log message', `import pino from 'pino';\nconst logger = pino();\nlogger.warn('payment provider unreachable at https://status.psp-provider.io');`, 'message'],
    ['a comparison', `export const isPaypal = (url) => url.startsWith('https://api.paypal.com');`, 'comparison'],
    ['a documentation host', `export const HELP = 'https://docs.psp-provider.io/errors';`, 'documentation'],
    ['prose with a link', `export const NOTICE = 'Read our terms at https://terms.psp-provider.io before paying.';`, 'documentation'],
    ['a description property', `export const field = { name: 'iban', description: 'https://iban.psp-provider.io/format' };`, 'documentation'],
  ])('reports %s as info only', async (_name, code, use) => {
    const findings = await urlFindings(code);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.slice(0, 2)).toEqual(['info', use]);
  });

  it.each([
    ['comments and JSDoc', `// Calls https://api.psp-provider.io/v1 (see https://docs.psp-provider.io)\n/** @see https://api.psp-provider.io */\nexport const x = 1;`],
    ['an SVG namespace', `export const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');`],
    ['a JSON-schema $schema key', `export const schema = { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', $id: 'https://acme-shop.io/schemas/order' };`],
    ['an xmlns attribute inside markup', `export const xml = '<feed xmlns="http://purl.example-feeds.org/atom"><title>x</title></feed>';`],
    ['a parse base for request paths', `import http from 'node:http';\nhttp.createServer((req, res) => { const path = new URL(req.url ?? '/', 'http://localhost').pathname; res.end(path); });`],
    ['reserved example hosts', `export const sample = { webhook: 'https://example.com/hook', other: 'https://shop.example.org/x' };`],
    ['a single-label placeholder host', `export const base = new URL('https://x/y').origin;`],
    ['a TypeScript type literal', `type Endpoint = 'https://api.psp-provider.io';\nexport const e: Endpoint | undefined = undefined;`],
    ['an import specifier', `import lib from 'https://cdn.psp-provider.io/lib.js';\nexport default lib;`],
    ['a configured URL', `export const api = process.env.PSP_API_URL;`],
    ['a scheme only, completed at run time', `export const url = (host) => 'https://' + host + '/api';`],
    ['a regular expression', `export const IS_SECURE = /^https:\\/\\/api\\.psp-provider\\.io/;`],
    ['OAuth scope identifiers', `export const SCOPES = ['https://www.googleapis.com/auth/pubsub'];`],
    ['a Content-Security-Policy allow-list', `import helmet from 'helmet';\nexport const csp = helmet({ contentSecurityPolicy: { directives: { connectSrc: ["'self'", 'https://api.psp-provider.io'] } } });`],
  ])('does not report %s', async (_name, code) => {
    expect(await urlFindings(code, 'src/app.ts')).toEqual([]);
  });

  it('does not report JSX namespace attributes, and reports links as info', async () => {
    const code = `export const Icon = () => <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><a href="https://help.psp-provider.io/icons">?</a></svg>;`;
    expect(await urlFindings(code, 'src/icon.tsx')).toEqual([['info', 'documentation', 'https://help.psp-provider.io/icons']]);
  });

  it('ignores tests, type declarations, tool configuration and generated code', async () => {
    const ws = connector({
      'src/app.js': 'export const ok = true;',
      'test/app.test.js': `await fetch('http://localhost:8080/service'); await fetch('https://api.europe-west1.gcp.commercetools.com');`,
      'src/app.test.ts': `const u = 'https://api.psp-provider.io';`,
      'src/types.d.ts': `declare const API: 'https://api.psp-provider.io';`,
      'vite.config.ts': `export default { server: { proxy: { '/api': 'http://localhost:3001' } } };`,
      'src/generated/client.ts': `export const BASE = 'https://api.psp-provider.io';`,
      'src/api.gen.ts': `export const BASE = 'https://api.psp-provider.io';`,
      'src/schema.ts': `/* eslint-disable */\n// This file was generated by openapi-typescript. Do not edit.\nexport const SERVER = 'https://api.psp-provider.io';`,
    });
    expect((await runCheck(check, ws)).findings).toEqual([]);
  });
});

describe('sec/urls analysis gaps', () => {
  it('says, as info, when a file nests deeper than the code rules follow', async () => {
    const deep = `export const x = ${'['.repeat(1100)}1${']'.repeat(1100)};\nexport const u = 'https://api.psp-provider.io';`;
    const findings = await findingsFor(check, deep);
    expect(findings.map((f) => [f.severity, f.data?.use ?? 'gap'])).toEqual([
      ['info', 'gap'],
      ['error', 'hardcoded'],
    ]);
    expect(findings[0]!.message).toMatch(/nests deeper than the analysis follows/);
  });
});

describe('sec/urls in configuration', () => {
  it('scans JSON, YAML and .env files inside the application folder', async () => {
    const ws = connector({
      'src/app.js': 'export {};',
      'config/default.json': '{\n  "$schema": "http://json-schema.org/draft-07/schema#",\n  "paymentUrl": "https://pay.psp-provider.io/api",\n  "docs": "https://docs.psp-provider.io"\n}\n',
      'config/development.json': '{ "paymentUrl": "https://sandbox.psp-provider.io/api" }\n',
      'settings.yaml': '# see https://psp-provider.io/help\nendpoint: https://api.europe-west1.gcp.commercetools.com\nlocal: http://localhost:3000 # dev\n',
      '.env': 'PSP_URL=https://pay.psp-provider.io\n# PSP_URL=https://old.psp-provider.io\n',
      '.env.example': 'PSP_URL=https://pay.psp-provider.io\n',
      'tsconfig.json': '{ "$schema": "https://json.schemastore.org/tsconfig", "x": "https://a.psp-provider.io" }',
      'test/fixtures/cart.json': '{ "url": "https://pay.psp-provider.io" }',
      'openapi.yaml': 'servers:\n  - url: https://api.psp-provider.io\n',
    });
    const { findings } = await runCheck(check, ws);
    expect(findings.map((f) => [f.file, f.line, f.severity, f.data?.use])).toEqual([
      ['service/.env', 1, 'warning', 'fallback'],
      ['service/config/default.json', 3, 'error', 'hardcoded'],
      ['service/config/default.json', 4, 'info', 'documentation'],
      ['service/config/development.json', 1, 'warning', 'development'],
      ['service/settings.yaml', 2, 'error', 'commercetools'],
      ['service/settings.yaml', 3, 'warning', 'development-localhost'],
    ]);
    expect(findings.find((f) => f.file === 'service/config/default.json')!.message).toBe(
      'service/config/default.json:3: "paymentUrl" hardcodes the URL https://pay.psp-provider.io/api in configuration shipped with the application',
    );
  });

  it('skips package.json metadata but scans package.json `config`', async () => {
    const ws = connector(
      { 'src/app.js': 'export {};' },
      { packageJson: { homepage: 'https://github.com/acme/connector', bugs: { url: 'https://acme-shop.io/issues' }, repository: 'https://git.acme-shop.io/c.git', config: { apiUrl: 'https://api.psp-provider.io' } } },
    );
    const { findings } = await runCheck(check, ws);
    expect(findings.map((f) => [f.file, f.severity, f.data?.url])).toEqual([['service/package.json', 'error', 'https://api.psp-provider.io']]);
  });

  it('reports a URL default in connect.yaml configuration as a warning', async () => {
    const ws = connector(
      { 'src/app.js': 'export {};' },
      { yaml: '    configuration:\n      standardConfiguration:\n        - key: PSP_API_URL\n          description: Payment API\n          default: https://api.psp-provider.io\n' },
    );
    const { findings } = await runCheck(check, ws);
    expect(findings).toEqual([expect.objectContaining({ severity: 'warning', file: 'connect.yaml', line: 9, application: 'service', data: { url: 'https://api.psp-provider.io', use: 'fallback' } })]);
  });
});

describe('sec/urls suppressions', () => {
  it('honours an inline connect-certify-ignore comment with a reason (handled by the engine)', async () => {
    const dir = writeFixture({
      'connect.yaml': 'deployAs:\n  - name: service\n    applicationType: service\n    endpoint: /service\n',
      'service/package.json': JSON.stringify({ name: 'service' }),
      'service/src/app.js':
        "// connect-certify-ignore sec/urls the provider has one global endpoint, documented in the README\nexport const API = 'https://api.psp-provider.io';\nexport const OTHER = 'https://other.psp-provider.io';\n",
    });
    const report = await certify({ target: dir, only: ['sec/urls'] });
    const findings = report.findings.filter((f) => f.check === 'sec/urls');
    expect(findings.map((f) => [f.line, f.suppressed?.reason])).toEqual([
      [2, 'the provider has one global endpoint, documented in the README'],
      [3, undefined],
    ]);
  });
});
