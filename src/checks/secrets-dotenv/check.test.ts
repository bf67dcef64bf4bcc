import { describe, expect, it } from 'vitest';
import { fake, URLSAFE } from '../../analyzers/secrets/__tests__/fakes.js';
import { runCheck, workspaceFromFiles } from '../../engine/testing.js';
import check from './check.js';

describe('secrets/dotenv', () => {
  it('a committed .env with real-looking credentials is an error naming the variables, not the values', async () => {
    const secret = fake(32, URLSAFE);
    const ws = workspaceFromFiles({
      '.env': `CTP_PROJECT_KEY=my-shop\nCTP_CLIENT_ID=${fake(24, URLSAFE)}\nCTP_CLIENT_SECRET=${secret}\nCTP_API_URL=https://api.europe-west1.gcp.commercetools.com\n`,
    });
    const run = await runCheck(check, ws);
    expect(run.findings).toHaveLength(1);
    const [finding] = run.findings;
    expect(finding).toMatchObject({ severity: 'error', file: '.env', line: 1, requirement: 'SEC-SECRETS' });
    expect(finding!.message).toMatch(/\.env is committed and holds \d real-looking secret values? \(.*CTP_CLIENT_SECRET/);
    expect(JSON.stringify(finding)).not.toContain(secret);
  });

  it('a random-looking value is a secret whatever its name', async () => {
    const ws = workspaceFromFiles({ 'service/.env.production': `SESSION_SIGNING=${fake(40)}\nPORT=8080\n` });
    const run = await runCheck(check, ws);
    expect(run.findings[0]).toMatchObject({ severity: 'error', file: 'service/.env.production' });
    expect(run.findings[0]!.message).toMatch(/SESSION_SIGNING/);
  });

  it('a committed .env with only empty or placeholder values is a warning', async () => {
    const ws = workspaceFromFiles({ '.env': 'CTP_CLIENT_ID=\nCTP_CLIENT_SECRET=your-client-secret\n# comment\nCTP_SCOPES=<scopes>\n' });
    const run = await runCheck(check, ws);
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]).toMatchObject({ severity: 'warning', file: '.env' });
    expect(run.findings[0]!.message).toMatch(/empty or placeholders/);
  });

  it('a committed .env with ordinary settings only is a warning', async () => {
    const ws = workspaceFromFiles({ '.env.local': 'PORT=8080\nLOG_LEVEL=debug\nCTP_PROJECT_KEY=my-shop\n' });
    const run = await runCheck(check, ws);
    expect(run.findings.map((f) => f.severity)).toEqual(['warning']);
    expect(run.findings[0]!.message).toMatch(/committed with \d configuration values? \(none looks like a secret\)/);
  });

  it('templates are meant to be committed', async () => {
    const ws = workspaceFromFiles({
      '.env.example': 'CTP_CLIENT_SECRET=your-client-secret\n',
      '.env.sample': 'CTP_CLIENT_SECRET=\n',
      '.env.template': 'CTP_CLIENT_SECRET=<secret>\n',
      'service/.env.dist': 'CTP_CLIENT_SECRET=\n',
    });
    const run = await runCheck(check, ws);
    expect(run.findings).toEqual([]);
    expect(run.status).toBe('pass');
  });

  it('a .env in tests or fixtures with secrets is a warning', async () => {
    const ws = workspaceFromFiles({ 'test/fixtures/.env': `CTP_CLIENT_SECRET=${fake(32, URLSAFE)}\n` });
    const run = await runCheck(check, ws);
    expect(run.findings.map((f) => f.severity)).toEqual(['warning']);
  });
});
