import { describe, expect, it } from 'vitest';
import { fake, URLSAFE } from '../../analyzers/secrets/__tests__/fakes.js';
import { runCheck, workspaceFromFiles } from '../../engine/testing.js';
import check from './check.js';

const connectYaml = `deployAs:
  - name: service
    applicationType: service
    endpoint: /service
    configuration:
      securedConfiguration:
        - key: CTP_CLIENT_SECRET
          description: commercetools client secret
`;

describe('secrets/hardcoded', () => {
  it('reports a commercetools client secret in application code as an error, without the secret', async () => {
    const secret = fake(32, URLSAFE);
    const ws = workspaceFromFiles({
      'connect.yaml': connectYaml,
      'service/src/client.ts': `import { ClientBuilder } from '@commercetools/sdk-client-v2';\nexport const credentials = { clientId: '${fake(24, URLSAFE)}', clientSecret: '${secret}' };\n`,
    });
    const run = await runCheck(check, ws);
    const finding = run.findings.find((f) => f.data?.rule === 'commercetools-client-secret');
    expect(finding).toMatchObject({ severity: 'error', requirement: 'SEC-SECRETS', file: 'service/src/client.ts', line: 2, application: 'service' });
    expect(finding!.message).toMatch(/^commercetools API client secret assigned to clientSecret in service\/src\/client\.ts: /);
    expect(finding!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(finding!.remediation).toMatch(/securedConfiguration/);
    for (const f of run.findings) {
      expect(JSON.stringify(f)).not.toContain(secret);
    }
    expect(run.status).toBe('fail');
  });

  it('reports secrets in tests and fixtures as warnings', async () => {
    const ws = workspaceFromFiles({
      'service/test/api.test.ts': `const token = '${'ghp_' + fake(36)}';\n`,
      'service/fixtures/config.json': `{ "password": "${fake(14)}" }\n`,
    });
    const run = await runCheck(check, ws);
    expect(run.findings).toHaveLength(2);
    for (const f of run.findings) {
      expect(f.severity).toBe('warning');
      expect(f.message).toMatch(/\(a test or fixture\)/);
    }
    expect(run.status).toBe('warn');
  });

  it('reports secrets in documentation and configuration', async () => {
    const ws = workspaceFromFiles({
      'README.md': `Run with\n\n    export STRIPE_KEY=${'sk_' + 'live_' + fake(24)}\n`,
      'config/app.yaml': `database:\n  url: postgres://shop:${fake(16)}@db.internal:5432/shop\n`,
    });
    const run = await runCheck(check, ws);
    expect(run.findings.map((f) => [f.file, f.data?.rule, f.severity])).toEqual([
      ['README.md', 'stripe-secret-key', 'error'],
      ['config/app.yaml', 'url-credentials', 'error'],
    ]);
    expect(run.findings[0]!.message).toMatch(/\(documentation\)/);
  });

  it('passes a repository whose secrets come from the environment or are placeholders', async () => {
    const ws = workspaceFromFiles({
      'connect.yaml': connectYaml,
      'service/src/config.ts': 'export const clientSecret = process.env.CTP_CLIENT_SECRET;\nexport const password = process.env.DB_PASSWORD ?? "";\n',
      '.env.example': 'CTP_CLIENT_ID=your-client-id\nCTP_CLIENT_SECRET=your-client-secret\n',
      'README.md': 'Set `CTP_CLIENT_SECRET=<client-secret>` in the Merchant Center.\n',
      'package-lock.json': `{ "packages": { "node_modules/x": { "integrity": "sha512-${fake(86)}==" } } }\n`,
    });
    const run = await runCheck(check, ws);
    expect(run.findings).toEqual([]);
    expect(run.status).toBe('pass');
    expect(run.sections.secretScan).toMatchObject({ findings: 0 });
  });

  it('honours the repository allow-list and reports unusable entries', async () => {
    const token = 'ghp_' + fake(36);
    const files = { 'service/src/gh.ts': `export const token = '${token}';\n` };
    const first = await runCheck(check, workspaceFromFiles(files));
    const fingerprint = first.findings[0]!.fingerprint!;
    const allowed = await runCheck(
      check,
      workspaceFromFiles(files, { config: { allow: { 'secrets/hardcoded': [fingerprint, '(a+)+$'] } } }),
    );
    expect(allowed.findings.map((f) => [f.file, f.severity])).toEqual([['.connect-certify.json', 'warning']]);
    expect(allowed.findings[0]!.message).toMatch(/\(a\+\)\+\$/);
    expect(allowed.sections.secretScan).toMatchObject({ allowedByConfig: 1 });
  });

  it('lists files scanned only for provider formats', async () => {
    const ws = workspaceFromFiles({ 'yarn.lock': 'x@1:\n  integrity sha512-abc\n', 'src/a.ts': 'export {};\n' });
    const run = await runCheck(check, ws);
    const section = run.sections.secretScan as { notes: { path: string; mode: string }[] };
    expect(section.notes).toEqual([expect.objectContaining({ path: 'yarn.lock', mode: 'restricted' })]);
  });
});
