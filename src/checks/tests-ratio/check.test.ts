import { describe, expect, it } from 'vitest';
import { runCheck, workspaceFromFiles, type FixtureFiles } from '../../engine/testing.js';
import check, { MIN_SOURCE_LINES_FOR_RATIO, MIN_TEST_TO_SOURCE_RATIO } from './check.js';

const json = (value: unknown): string => JSON.stringify(value, null, 2);
const lines = (n: number, prefix = 'x'): string => Array.from({ length: n }, (_, i) => `export const ${prefix}${i} = ${i};`).join('\n');

function connector(files: FixtureFiles, pkg: Record<string, unknown> = {}): ReturnType<typeof workspaceFromFiles> {
  return workspaceFromFiles({
    'connect.yaml': `deployAs:\n  - name: service\n    applicationType: service\n    endpoint: /service\n`,
    'service/package.json': json({ name: 'service', scripts: { test: 'jest' }, ...pkg }),
    ...files,
  });
}

describe('tests/ratio', () => {
  it('warns with the figures when test code is thin against application code', async () => {
    const ws = connector({
      'service/src/a.ts': lines(150),
      'service/src/b.ts': `/* header\n   comment */\n${lines(50, 'y')}\n\n// trailing comment`,
      'service/src/a.test.ts': lines(20),
    });
    const { findings, status } = await runCheck(check, ws);
    expect(status).toBe('warn');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'warning', requirement: 'FUNC-TDD', application: 'service', data: { testLines: 20, sourceLines: 200, ratio: 0.1, threshold: MIN_TEST_TO_SOURCE_RATIO } });
    expect(findings[0]!.message).toBe(
      `Application "service": 20 lines of test code for 200 lines of application code (ratio 0.10, below ${MIN_TEST_TO_SOURCE_RATIO}) in 1 test file against 2 source files; no coverage threshold is configured`,
    );
  });

  it('mentions a configured coverage threshold instead of its absence', async () => {
    const ws = connector({ 'service/src/a.ts': lines(200), 'service/src/a.test.ts': lines(10) }, { jest: { coverageThreshold: { global: { lines: 80 } } } });
    const { findings } = await runCheck(check, ws);
    expect(findings[0]!.message).not.toMatch(/coverage threshold/);
    expect(findings[0]!.data?.coverageThreshold).toBe(true);
  });

  it('passes a suite at or above the threshold', async () => {
    const ws = connector({ 'service/src/a.ts': lines(100), 'service/src/a.test.ts': lines(25) });
    expect((await runCheck(check, ws)).findings).toEqual([]);
  });

  it('says nothing about tiny applications or applications without tests', async () => {
    expect((await runCheck(check, connector({ 'service/src/a.ts': lines(MIN_SOURCE_LINES_FOR_RATIO - 1), 'service/src/a.test.ts': lines(1) }))).findings).toEqual([]);
    expect((await runCheck(check, connector({ 'service/src/a.ts': lines(500) }))).findings).toEqual([]);
  });

  it('counts neither configuration nor declaration files as application code', async () => {
    const ws = connector({
      'service/src/a.ts': lines(60),
      'service/src/types.d.ts': lines(500),
      'service/jest.config.js': lines(500),
      'service/src/a.test.ts': lines(15),
    });
    expect((await runCheck(check, ws)).findings).toEqual([]);
  });
});
