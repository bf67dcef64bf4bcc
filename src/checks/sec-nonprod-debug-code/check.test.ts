import { describe, expect, it } from 'vitest';
import { connector, findingsFor } from '../../analyzers/code-rules/__tests__/connector.js';
import { runCheck } from '../../engine/testing.js';
import check from './check.js';

describe('sec-nonprod/debug-code', () => {
  it('counts console.log/console.debug per file and lists the lines', async () => {
    const findings = await findingsFor(check, `export function handle(order) {\n  console.log('order', order.id);\n  console.debug(order);\n  console.info('done');\n  console.error('failed?');\n  console.log('x');\n}`);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'warning', requirement: 'SEC-NONPROD', file: 'service/src/app.js', line: 2, column: 3, data: { count: 3, lines: [2, 3, 6] } });
    expect(findings[0]!.message).toBe('service/src/app.js: 3 console.log/console.debug calls in server code (lines 2, 3, 6)');
  });

  it('reports each debugger statement', async () => {
    const findings = await findingsFor(check, `export function f(x) {\n  debugger;\n  return x;\n}`);
    expect(findings).toEqual([expect.objectContaining({ severity: 'warning', line: 2, message: 'service/src/app.js:2: `debugger` statement left in server code' })]);
  });

  it.each([
    ['a structured logger', `import pino from 'pino';\nconst logger = pino();\nexport const f = () => logger.info({ event: 'x' }, 'done');`],
    ['structured console lines', `export const log = (severity, message) => console.log(JSON.stringify({ severity, message }));`],
    ['console.info/warn/error', `export const f = () => { console.info('a'); console.warn('b'); console.error('c'); };`],
    ['a local object named console', `const console = { log: () => {} };\nexport const f = () => console.log('x');`],
  ])('does not report %s', async (_name, code) => {
    expect(await findingsFor(check, code)).toEqual([]);
  });

  it("leaves the application's logger module, tests and tool scripts alone", async () => {
    const ws = connector({
      'src/logger.js': `export const debug = (...args) => console.debug(...args);`,
      'src/utils/logger/index.js': `export const log = (...args) => console.log(...args);`,
      'test/app.test.js': `console.log('debugging the test');`,
      'scripts/seed.js': `console.log('seeding');`,
      'src/app.js': `export const ok = true;`,
    });
    expect((await runCheck(check, ws)).findings).toEqual([]);
  });

  it('reports browser-bundled applications as info', async () => {
    const findings = await findingsFor(check, `console.log('widget loaded');`, { name: 'assets', applicationType: 'assets' });
    expect(findings.map((f) => [f.severity, f.message])).toEqual([['info', 'assets/src/app.js: 1 console.log call in browser code (line 1)']]);
  });
});
