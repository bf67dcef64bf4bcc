import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { workspaceFromFiles } from '../../engine/testing.js';
import { cachedParseOf, parseSource } from '../js-ast/parse.js';
import { codeAnalysisOf, codeApplicationsOf, CODE_RULES, isGeneratedFile, ruleHitsOf } from './index.js';
import { runRules } from './walk.js';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('codeAnalysisOf', () => {
  it('runs all rules once per file, on the shared parse', () => {
    const ws = workspaceFromFiles({
      'connect.yaml': 'deployAs:\n  - name: service\n    applicationType: service\n    endpoint: /s\n',
      'service/package.json': '{ "name": "service" }',
      'service/src/app.js': `console.log(process.env);\nexport const u = 'https://api.psp-provider.io';`,
    });
    const first = codeAnalysisOf(ws, 'service/src/app.js');
    expect(codeAnalysisOf(ws, 'service/src/app.js')).toBe(first);
    expect(cachedParseOf(ws, 'service/src/app.js')).toBeDefined();
    expect(first.hits.map((h) => h.rule).sort()).toEqual(['sec-code/secret-logging', 'sec-nonprod/debug-code', 'sec/urls']);
    expect(ruleHitsOf(ws, 'sec/urls').map((h) => [h.file, h.application, h.role, h.line])).toEqual([['service/src/app.js', 'service', 'runtime', 2]]);
    expect(codeAnalysisOf(ws, 'service/README.md')).toEqual({ hits: [] });
  });

  it('lists application files with roles, without generated code', () => {
    const ws = workspaceFromFiles({
      'connect.yaml': 'deployAs:\n  - name: mc\n    applicationType: merchant-center-custom-application\n',
      'mc/package.json': '{ "name": "mc" }',
      'mc/src/app.tsx': 'export const A = () => null;',
      'mc/src/generated/graphql.ts': 'export type X = 1;',
      'mc/src/app.test.tsx': 'it("x", () => {});',
      'mc/custom-application-config.mjs': 'export default {};',
    });
    const [app] = codeApplicationsOf(ws);
    expect(app).toMatchObject({ application: 'mc', browser: true });
    expect(app!.files).toEqual([
      { file: 'mc/custom-application-config.mjs', role: 'config' },
      { file: 'mc/src/app.test.tsx', role: 'test' },
      { file: 'mc/src/app.tsx', role: 'runtime' },
    ]);
    expect(isGeneratedFile(ws, 'mc/src/generated/graphql.ts')).toBe(true);
  });
});

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      if (entry !== 'node_modules' && entry !== 'fixtures') yield* sourceFiles(full);
    } else if (/\.[cm]?[jt]sx?$/.test(entry)) yield full;
  }
}

describe('smoke test on real-world code', () => {
  it("runs every rule over this repository's own sources and examples without an error", () => {
    let files = 0;
    for (const dir of ['src', 'test', 'bench', 'examples']) {
      for (const file of sourceFiles(path.join(PROJECT_ROOT, dir))) {
        const text = readFileSync(file, 'utf8');
        expect(() => runRules(parseSource(file, text), text, CODE_RULES), file).not.toThrow();
        files++;
      }
    }
    expect(files).toBeGreaterThan(100);
  });
});
