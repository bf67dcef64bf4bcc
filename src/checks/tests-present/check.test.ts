import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles, workspaceFromFolder, type FixtureFiles } from '../../engine/testing.js';
import check, { type TestsSectionEntry } from './check.js';

const json = (value: unknown): string => JSON.stringify(value, null, 2);
const SERVICE_YAML = `deployAs:\n  - name: service\n    applicationType: service\n    endpoint: /service\n`;

function connector(pkg: Record<string, unknown>, files: FixtureFiles = {}, yaml = SERVICE_YAML): ReturnType<typeof workspaceFromFiles> {
  return workspaceFromFiles({ 'connect.yaml': yaml, 'service/package.json': json({ name: 'service', ...pkg }), ...files });
}

describe('tests/present', () => {
  it('fails an application without a test script', async () => {
    const ws = connector({ scripts: { start: 'node src/index.js' } }, { 'service/src/index.js': '', 'service/src/index.test.js': '' });
    const { findings, status } = await runCheck(check, ws);
    expect(status).toBe('fail');
    expect(findings.filter((f) => f.severity === 'error').map((f) => [f.file, f.line, f.message])).toEqual([
      ['service/package.json', 3, 'Application "service": service/package.json has no "test" script, so neither Connect nor a reviewer can run its tests'],
    ]);
  });

  it("fails npm's placeholder and scripts that only print", async () => {
    for (const script of ['echo "Error: no test specified" && exit 1', 'echo "TODO: implement vitest"', 'exit 0']) {
      const ws = connector({ scripts: { test: script } }, { 'service/src/a.test.ts': '' });
      const { findings } = await runCheck(check, ws);
      const errors = findings.filter((f) => f.severity === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]!.message).toContain('is a placeholder that runs no tests');
      expect(errors[0]!.line).toBe(4);
    }
  });

  it('fails an application without test files', async () => {
    const ws = connector({ scripts: { test: 'jest --passWithNoTests' }, devDependencies: { jest: '29' } }, { 'service/src/index.ts': '' });
    const { findings } = await runCheck(check, ws);
    expect(findings.map((f) => [f.severity, f.message])).toEqual([
      ['error', 'Application "service": no test files in service/ (looked for *.test.*, *.spec.*, or files under test/, tests/, __tests__/)'],
    ]);
  });

  it('passes with a test script and test files, reporting the framework and attaching the tests section', async () => {
    const ws = connector(
      { scripts: { start: 'node build/index.js', test: 'npm run test:unit', 'test:unit': 'vitest run' }, devDependencies: { vitest: '1', supertest: '6' } },
      {
        'service/src/index.ts': 'export const a = 1;\n// a comment\n\nexport const b = 2;\n',
        'service/tests/index.spec.ts': `import { it } from 'vitest';\nimport request from 'supertest';\nit('works', () => {});\n`,
        'service/tests/integration/api.test.ts': `it('calls', () => {});\n`,
      },
    );
    const { findings, status, sections } = await runCheck(check, ws);
    expect(status).toBe('pass');
    expect(findings.map((f) => [f.severity, f.message])).toEqual([
      ['info', 'Application "service": vitest, 2 test files (1 integration/e2e), 4 test lines for 2 source lines (ratio 2.00)'],
    ]);
    const section = sections.tests as Record<string, TestsSectionEntry>;
    expect(section.service).toMatchObject({
      folder: 'service',
      applicationType: 'service',
      testScript: 'npm run test:unit',
      testScriptStatus: 'present',
      framework: 'vitest',
      testFiles: 2,
      integrationTests: 1,
      sourceFiles: 1,
      sourceLines: 2,
      testLines: 4,
      ratio: 2,
      coverageThreshold: false,
    });
  });

  it('recognises frameworks from the script, the dependencies or node:test imports', async () => {
    const frameworkOf = async (pkg: Record<string, unknown>, files: FixtureFiles): Promise<unknown> => {
      const { sections } = await runCheck(check, connector(pkg, files));
      return (sections.tests as Record<string, TestsSectionEntry>).service!.framework;
    };
    expect(await frameworkOf({ scripts: { test: 'node --experimental-vm-modules node_modules/jest/bin/jest.js' } }, { 'service/a.test.js': '' })).toBe('jest');
    expect(await frameworkOf({ scripts: { test: 'nyc mocha' }, devDependencies: { mocha: '10' } }, { 'service/test/a.js': '' })).toBe('mocha');
    expect(await frameworkOf({ scripts: { test: 'node --test' } }, { 'service/test/a.test.mjs': `import test from 'node:test';` })).toBe('node:test');
    expect(await frameworkOf({ scripts: { test: 'npm run x' }, devDependencies: { ava: '6' } }, { 'service/test/a.js': '' })).toBe('ava');
    expect(await frameworkOf({ scripts: { test: './run-tests.sh' } }, { 'service/test/a.test.mjs': `import test from 'node:test';` })).toBe('node:test');
  });

  it('checks every Node.js application type, Merchant Center and assets included, and skips Java', async () => {
    const ws = workspaceFromFiles({
      'connect.yaml': `deployAs:\n  - name: enabler\n    applicationType: assets\n  - name: mc\n    applicationType: merchant-center-custom-application\n  - name: java\n    applicationType: job\n    endpoint: /\n    properties:\n      schedule: "0 * * * *"\n`,
      'enabler/package.json': json({ scripts: { test: 'vitest run' } }),
      'enabler/src/main.test.ts': '',
      'mc/package.json': json({ scripts: { test: 'echo "Error: no test specified" && exit 1' } }),
      'java/pom.xml': '<project/>',
    });
    const { findings, sections } = await runCheck(check, ws);
    expect(findings.filter((f) => f.severity === 'error').map((f) => f.application)).toEqual(['mc', 'mc']);
    expect(Object.keys(sections.tests as object)).toEqual(['enabler', 'mc']);
  });
});

const here = path.dirname(fileURLToPath(import.meta.url));
const ingrid = path.resolve(here, '../../../../shared/data/real-connectors/commercetools__connect-shipping-integration-ingrid');

describe('tests/present on a real connector', () => {
  it.skipIf(!existsSync(ingrid))("flags the Ingrid enabler's echo-only test script", async () => {
    const { findings } = await runCheck(check, workspaceFromFolder(ingrid));
    const placeholder = findings.filter((f) => f.message.includes('placeholder'));
    expect(placeholder.map((f) => f.application)).toEqual(['enabler']);
  });
});
