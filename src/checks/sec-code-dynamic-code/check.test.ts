import { describe, expect, it } from 'vitest';
import { connector, findingsFor } from '../../analyzers/code-rules/__tests__/connector.js';
import { runCheck, workspaceFromFiles } from '../../engine/testing.js';
import check from './check.js';

describe('sec-code/dynamic-code', () => {
  it.each([
    ['eval of a parameter', `export function run(code) { return eval(code); }`, /eval\(\) runs code assembled at run time \(`code`\)/],
    ['new Function with a built body', `export const make = (body) => new Function('a', 'b', body);`, /new Function\(\)/],
    ['vm on a variable', `import vm from 'node:vm';\nexport const run = (script) => vm.runInNewContext(script, {});`, /vm\.runInNewContext\(\)/],
    ['setTimeout with a built string', `export const later = (x) => setTimeout(\`handle(\${x})\`, 10);`, /setTimeout\(\) with a string/],
    [
      'eval of request data',
      `import express from 'express';\nconst app = express();\napp.post('/calc', (req, res) => { res.json({ result: eval(req.body.expression) }); });`,
      /eval\(\) runs code taken from the request \(req\.body\.expression\)/,
    ],
    [
      'require of a module named by the request',
      `import express from 'express';\nconst app = express();\napp.get('/plugin', (req, res) => { const plugin = require(req.query.name); res.json(plugin()); });`,
      /require\(\) runs code taken from the request \(req\.query\.name\)/,
    ],
  ])('reports %s', async (_name, code, message) => {
    const findings = await findingsFor(check, code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', requirement: 'SEC-CODE', application: 'service', file: 'service/src/app.js' });
    expect(findings[0]!.line).toBeGreaterThan(0);
    expect(findings[0]!.message).toMatch(message);
  });

  it.each([
    ['eval of a literal', `export const two = eval('1 + 1');`],
    ['eval of a constant', `const CODE = '2 * 3';\nexport const six = eval(CODE);`],
    ['new Function with literal source', `export const globalObject = new Function('return this')();`],
    ['vm on a literal', `import vm from 'node:vm';\nexport const v = vm.runInNewContext('1 + 1');`],
    ['timers with functions', `export function later(fn) { setTimeout(fn, 100); setInterval(() => fn(), 1000); }`],
    ['require of a computed path that is not request data', `import path from 'node:path';\nexport const load = (name) => require(path.join(__dirname, 'plugins', name));`],
    ['a local function called evaluate', `const evaluate = (x) => x * 2;\nexport const y = evaluate(process.argv.length);`],
    ['a call through a variable named like eval', `export function f(evaluator) { const evalLike = evaluator; return evalLike(process.argv[2]); }`],
  ])('does not report %s', async (_name, code) => {
    expect(await findingsFor(check, code)).toEqual([]);
  });

  it('ignores tests and tool configuration', async () => {
    const ws = connector({
      'test/app.test.js': `eval(process.env.CODE);`,
      'scripts/build.js': `eval(process.argv[2]);`,
      'src/app.js': `export const ok = 1;`,
    });
    expect((await runCheck(check, ws)).findings).toEqual([]);
  });

  it('skips a repository without Node.js applications', async () => {
    const ws = workspaceFromFiles({ 'connect.yaml': 'deployAs:\n  - name: service\n    applicationType: service\n', 'service/pom.xml': '<project/>' });
    const run = await runCheck(check, ws);
    expect(run.status).toBe('skipped');
    expect(run.skipped).toMatch(/no Node\.js application/);
  });
});
