import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles } from '../../engine/testing.js';
import check from './check.js';

describe('connect-yaml/key-case', () => {
  it('warns on lower-case keys in applications and inheritAs', async () => {
    const yaml = `inheritAs:
  configuration:
    securedConfiguration:
      - key: apiToken
        description: d
deployAs:
  - name: svc
    applicationType: service
    endpoint: /svc
    configuration:
      standardConfiguration:
        - key: ctp_region
          description: d
        - key: CTP_PROJECT_KEY
          description: d
`;
    const { findings, status } = await runCheck(check, workspaceFromFiles({ 'connect.yaml': yaml }));
    expect(status).toBe('warn');
    expect(findings.map((f) => [f.line, f.column, f.application])).toEqual([
      [12, 16, 'svc'],
      [4, 14, undefined],
    ]);
    expect(findings[0]?.message).toContain('use "CTP_REGION"');
    expect(findings[1]?.message).toContain('inheritAs.configuration');
  });

  it('ignores upper-case keys and keys the schema check already rejects', async () => {
    const yaml = `deployAs:
  - name: svc
    applicationType: service
    endpoint: /svc
    configuration:
      standardConfiguration:
        - key: CTP_REGION_2
          description: d
        - key: my-key
          description: d
`;
    const { findings } = await runCheck(check, workspaceFromFiles({ 'connect.yaml': yaml }));
    expect(findings).toEqual([]);
  });
});
