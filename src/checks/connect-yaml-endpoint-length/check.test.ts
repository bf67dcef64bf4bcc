import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles } from '../../engine/testing.js';
import check, { MAX_ENDPOINT_LENGTH } from './check.js';

const service = (endpoint: string, healthPath: string) => `deployAs:
  - name: svc
    applicationType: service
    endpoint: ${endpoint}
    healthCheck:
      path: ${healthPath}
`;

describe('connect-yaml/endpoint-length', () => {
  it(`reports an endpoint and a health-check path over ${MAX_ENDPOINT_LENGTH} characters`, async () => {
    const long = `/${'e'.repeat(MAX_ENDPOINT_LENGTH)}`; // 257
    const { findings, status } = await runCheck(check, workspaceFromFiles({ 'connect.yaml': service(long, long) }));
    expect(status).toBe('fail');
    expect(findings.map((f) => [f.severity, f.line, f.column, f.application])).toEqual([
      ['error', 4, 15, 'svc'],
      ['error', 6, 13, 'svc'],
    ]);
    expect(findings[0]?.message).toBe('connect.yaml deployAs.0.endpoint: is 257 characters long (limit 256)');
  });

  it(`accepts exactly ${MAX_ENDPOINT_LENGTH} characters`, async () => {
    const exact = `/${'e'.repeat(MAX_ENDPOINT_LENGTH - 1)}`;
    const { findings } = await runCheck(check, workspaceFromFiles({ 'connect.yaml': service(exact, '/health') }));
    expect(findings).toEqual([]);
  });
});
