import { describe, expect, it } from 'vitest';
import { connector, findingsFor } from '../../analyzers/code-rules/__tests__/connector.js';
import { runCheck } from '../../engine/testing.js';
import check from './check.js';

describe('sec-code/tls-verification', () => {
  it.each([
    ['rejectUnauthorized: false in an agent', `import https from 'node:https';\nexport const agent = new https.Agent({ rejectUnauthorized: false });`, /`rejectUnauthorized: false` turns off TLS certificate verification/],
    ['strictSSL: false', `import request from 'request';\nrequest({ url: process.env.API_URL, strictSSL: false });`, /`strictSSL: false`/],
    ['NODE_TLS_REJECT_UNAUTHORIZED assignment', `process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';`, /process\.env\.NODE_TLS_REJECT_UNAUTHORIZED = "0"/],
    ['NODE_TLS_REJECT_UNAUTHORIZED in a child environment', `import { spawn } from 'node:child_process';\nspawn('node', ['x.js'], { env: { ...process.env, NODE_TLS_REJECT_UNAUTHORIZED: '0' } });`, /environment object/],
    ['rejectUnauthorized set to false later', `import https from 'node:https';\nhttps.globalAgent.options.rejectUnauthorized = false;`, /setting `rejectUnauthorized` to false/],
    ['checkServerIdentity that accepts everything', `import tls from 'node:tls';\ntls.connect({ host: process.env.HOST, port: 443, checkServerIdentity: () => undefined });`, /checkServerIdentity/],
  ])('reports %s', async (_name, code, message) => {
    const findings = await findingsFor(check, code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', requirement: 'SEC-CODE', file: 'service/src/app.js', line: expect.any(Number) });
    expect(findings[0]!.message).toMatch(message);
  });

  it.each([
    ['rejectUnauthorized: true', `import https from 'node:https';\nexport const agent = new https.Agent({ rejectUnauthorized: true, ca: process.env.CA_CERT });`],
    ['rejectUnauthorized from configuration', `import https from 'node:https';\nexport const agent = new https.Agent({ rejectUnauthorized: process.env.TLS_VERIFY !== 'false' });`],
    ['NODE_TLS_REJECT_UNAUTHORIZED = 1', `process.env.NODE_TLS_REJECT_UNAUTHORIZED = '1';`],
    ['a destructuring default named rejectUnauthorized', `export function connect({ rejectUnauthorized = true } = {}) { return rejectUnauthorized; }`],
    ['a real checkServerIdentity', `import tls from 'node:tls';\ntls.connect({ host: 'h', checkServerIdentity: (host, cert) => tls.checkServerIdentity(host, cert) });`],
  ])('does not report %s', async (_name, code) => {
    expect(await findingsFor(check, code)).toEqual([]);
  });

  it('reports NODE_TLS_REJECT_UNAUTHORIZED=0 in the start script, a connect.yaml script and a committed .env', async () => {
    const ws = connector(
      { 'src/app.js': 'export {};', '.env': 'PORT=8080\nNODE_TLS_REJECT_UNAUTHORIZED=0\n', '.env.example': 'NODE_TLS_REJECT_UNAUTHORIZED=0\n' },
      {
        packageJson: { scripts: { start: 'npm run serve', serve: 'NODE_TLS_REJECT_UNAUTHORIZED=0 node dist/index.js', test: 'NODE_TLS_REJECT_UNAUTHORIZED=0 vitest' } },
        yaml: '    scripts:\n      postDeploy: NODE_TLS_REJECT_UNAUTHORIZED=0 node post-deploy.js\n',
      },
    );
    const { findings } = await runCheck(check, ws);
    expect(findings.map((f) => [f.file, f.line])).toEqual([
      ['service/package.json', expect.any(Number)],
      ['connect.yaml', 6],
      ['service/.env', 2],
    ]);
    expect(findings[0]!.message).toMatch(/script "serve" \(run by the start command\)/);
    expect(findings.every((f) => f.severity === 'error')).toBe(true);
  });
});
