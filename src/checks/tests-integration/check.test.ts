import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles, type FixtureFiles } from '../../engine/testing.js';
import check from './check.js';

const json = (value: unknown): string => JSON.stringify(value, null, 2);

function connector(pkg: Record<string, unknown>, files: FixtureFiles): ReturnType<typeof workspaceFromFiles> {
  return workspaceFromFiles({
    'connect.yaml': `deployAs:\n  - name: service\n    applicationType: service\n    endpoint: /service\n`,
    'service/package.json': json({ name: 'service', scripts: { test: 'jest' }, ...pkg }),
    'service/src/index.ts': 'export {};',
    ...files,
  });
}

describe('tests/integration', () => {
  it('warns when an application has only unit tests', async () => {
    const { findings, status } = await runCheck(check, connector({}, { 'service/src/index.test.ts': `import { x } from './index';` }));
    expect(status).toBe('warn');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'warning', application: 'service', file: 'service/package.json', requirement: 'FUNC-TESTS' });
    expect(findings[0]!.message).toMatch(/^Application "service": 1 test file but no integration tests/);
  });

  it('accepts each kind of integration-test evidence', async () => {
    const cases: [Record<string, unknown>, FixtureFiles][] = [
      [{}, { 'service/test/integration/api.test.ts': '' }],
      [{}, { 'service/e2e/flow.ts': '' }],
      [{}, { 'service/src/api.int.test.ts': '' }],
      [{}, { 'service/src/api.integration.spec.ts': '' }],
      [{ scripts: { test: 'jest', 'test:e2e': 'jest -c jest.e2e.config.js' } }, { 'service/src/a.test.ts': '' }],
      [{}, { 'service/src/app.test.ts': `import request from 'supertest';` }],
      [{}, { 'service/src/a.test.ts': '', 'service/playwright.config.ts': '' }],
    ];
    for (const [pkg, files] of cases) {
      const { findings } = await runCheck(check, connector(pkg, files));
      expect(findings, JSON.stringify(files)).toEqual([]);
    }
  });

  it('leaves an application without any tests to tests/present', async () => {
    expect((await runCheck(check, connector({}, {}))).findings).toEqual([]);
  });

  it('does not take an echo-only integration script as evidence', async () => {
    const { findings } = await runCheck(check, connector({ scripts: { test: 'jest', 'test:integration': 'echo "todo"' } }, { 'service/src/a.test.ts': '' }));
    expect(findings).toHaveLength(1);
  });
});
