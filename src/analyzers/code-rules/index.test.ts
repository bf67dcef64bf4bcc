import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { workspaceFromFiles } from '../../engine/testing.js';
import { cachedParseOf, parseSource } from '../js-ast/parse.js';
import { codeAnalysisOf, codeApplicationsOf, CODE_RULES, isGeneratedFile, ruleHitsOf } from './index.js';
import { isOpaque, RulePrefilter, textMeets } from './prefilter.js';
import { runRules, type RuleHit } from './walk.js';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('codeAnalysisOf', () => {
  it('runs all rules once per file and keeps the hits, not the AST', () => {
    const ws = workspaceFromFiles({
      'connect.yaml': 'deployAs:\n  - name: service\n    applicationType: service\n    endpoint: /s\n',
      'service/package.json': '{ "name": "service" }',
      'service/src/app.js': `console.log(process.env);\nexport const u = 'https://api.psp-provider.io';`,
    });
    const first = codeAnalysisOf(ws, 'service/src/app.js');
    expect(codeAnalysisOf(ws, 'service/src/app.js')).toBe(first);
    expect(cachedParseOf(ws, 'service/src/app.js')).toBeUndefined();
    expect(first.hits.map((h) => h.rule).sort()).toEqual(['sec-code/secret-logging', 'sec-nonprod/debug-code', 'sec/urls']);
    expect(ruleHitsOf(ws, 'sec/urls').map((h) => [h.file, h.application, h.role, h.line])).toEqual([['service/src/app.js', 'service', 'runtime', 2]]);
    expect(codeAnalysisOf(ws, 'service/README.md')).toEqual({ hits: [] });
  });

  it('does not parse a file in which no rule can report', () => {
    const ws = workspaceFromFiles({
      'connect.yaml': 'deployAs:\n  - name: service\n    applicationType: service\n    endpoint: /s\n',
      'service/package.json': '{ "name": "service" }',
      'service/src/sum.ts': 'export function sum(items: number[]): number {\n  let total = 0;\n  for (const item of items) total += item;\n  return total;\n}\n',
      // Nesting deeper than the walk follows: reported as a problem only when the file is parsed.
      'service/src/deep.js': `export const deep = ${'['.repeat(1200)}${']'.repeat(1200)};\n`,
      'service/src/deep-url.js': `export const deep = ${'['.repeat(1200)}'https://api.psp-provider.io'${']'.repeat(1200)};\n`,
    });
    expect(codeAnalysisOf(ws, 'service/src/sum.ts')).toEqual({ hits: [] });
    expect(codeAnalysisOf(ws, 'service/src/deep.js')).toEqual({ hits: [] });
    expect(codeAnalysisOf(ws, 'service/src/deep-url.js').problem).toMatch(/nests deeper than the analysis follows/);
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
  it("runs every rule over this repository's own sources and examples without an error, and the pre-filter keeps every file with hits", () => {
    const prefilter = new RulePrefilter(CODE_RULES);
    let files = 0;
    for (const dir of ['src', 'test', 'bench', 'examples']) {
      for (const file of sourceFiles(path.join(PROJECT_ROOT, dir))) {
        const text = readFileSync(file, 'utf8');
        let hits: RuleHit[] = [];
        expect(() => (hits = runRules(parseSource(file, text), text, CODE_RULES).hits), file).not.toThrow();
        // The pre-filter never skips a file a rule reports in, and each reporting rule's needs hold.
        if (hits.length > 0) expect(prefilter.mayReport(text), file).toBe(true);
        for (const rule of new Set(hits.map((h) => h.rule))) {
          const needs = CODE_RULES.find((r) => r.id === rule)?.needs;
          if (needs !== undefined && !isOpaque(text)) expect(textMeets(text, needs), `${rule} in ${file}`).toBe(true);
        }
        files++;
      }
    }
    expect(files).toBeGreaterThan(100);
  });
});
