import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles } from '../../engine/testing.js';
import check from './check.js';

const spec = (scopes: string[]) =>
  `inheritAs:\n  apiClient:\n    scopes:\n${scopes.map((s) => `      - ${JSON.stringify(s)}\n`).join('')}deployAs: []\n`;

async function findingsFor(scopes: string[]) {
  return (await runCheck(check, workspaceFromFiles({ 'connect.yaml': spec(scopes) }))).findings;
}

describe('connect-yaml/api-client-scopes', () => {
  it('accepts scope names and name:projectKey', async () => {
    expect(await findingsFor(['manage_orders', 'view_products', 'manage_payments:my-project'])).toEqual([]);
  });

  it('rejects manage_api_clients, with or without a project key', async () => {
    const findings = await findingsFor(['manage_orders', 'manage_api_clients', 'manage_api_clients:shop-1']);
    expect(findings.map((f) => [f.severity, f.line, f.column])).toEqual([
      ['error', 5, 9],
      ['error', 6, 9],
    ]);
    expect(findings[0]?.message).toContain('"manage_api_clients" must not be requested');
  });

  it('warns on duplicates and on strings that are not scopes', async () => {
    const findings = await findingsFor(['manage_orders', 'manage_orders', 'i am not a scope', ' ']);
    expect(findings.map((f) => [f.severity, f.line])).toEqual([
      ['warning', 5],
      ['warning', 6],
      ['warning', 7],
    ]);
    expect(findings[0]?.message).toContain('listed twice');
    expect(findings[1]?.message).toContain('is not a scope');
  });

  it('is silent without inheritAs.apiClient', async () => {
    const { findings } = await runCheck(check, workspaceFromFiles({ 'connect.yaml': 'deployAs: []\n' }));
    expect(findings).toEqual([]);
  });
});
