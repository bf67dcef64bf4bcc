import { describe, expect, it } from 'vitest';
import { workspaceFromFiles } from '../../engine/testing.js';
import { cachedParseOf, languageOf, lineIndex, MAX_PARSE_BYTES, parseModuleOf, parseSource, positionIn } from './parse.js';

describe('languageOf', () => {
  it('maps every JS/TS extension, declaration files apart', () => {
    expect(['a.ts', 'a.mts', 'a.cts', 'a.tsx', 'a.js', 'a.mjs', 'a.cjs', 'a.jsx', 'a.d.ts', 'a.d.mts', 'a.json', 'a.vue'].map(languageOf)).toEqual([
      'ts', 'ts', 'ts', 'tsx', 'js', 'js', 'js', 'jsx', 'dts', 'dts', undefined, undefined,
    ]);
  });

  it('matches extensions and declaration files in any case, and nothing an object would inherit', () => {
    const cases: [string, string | undefined][] = [
      ['A.D.MTS', 'dts'], ['x.D.Cts', 'dts'], ['.d.ts', 'dts'], ['d.ts', 'ts'], ['src/a.d/x.ts', 'ts'], ['a.dd.ts', 'ts'],
      ['x.d.ts.js', 'js'], ['a.TS', 'ts'], ['x.constructor', undefined], ['x.__proto__', undefined], ['x.toString', undefined],
      ['Makefile', undefined], ['dir.js/readme', undefined],
    ];
    for (const [file, language] of cases) expect(languageOf(file), file).toBe(language);
  });
});

describe('parseSource', () => {
  it('returns the ESTree program and the module record of TypeScript', () => {
    const parsed = parseSource('src/index.ts', `import express from 'express';\nconst port: number = 8080;\nexport default express;`);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.language).toBe('ts');
    expect(parsed.program.type).toBe('Program');
    expect(parsed.program.body.map((s) => s.type)).toEqual(['ImportDeclaration', 'VariableDeclaration', 'ExportDefaultDeclaration']);
    expect(parsed.module.staticImports.map((i) => i.moduleRequest.value)).toEqual(['express']);
  });

  it('parses TSX and JSX, including JSX in a plain .js file', () => {
    expect(parseSource('a.tsx', `const a = <div>{x as number}</div>;`).diagnostics).toEqual([]);
    expect(parseSource('a.jsx', `const a = <div>It's</div>;`).diagnostics).toEqual([]);
    const jsInJs = parseSource('Component.js', `import React from 'react';\nexport const A = () => <p>hi</p>;`);
    expect(jsInJs.diagnostics).toEqual([]);
    expect(jsInJs.language).toBe('jsx');
  });

  it('parses CommonJS .cjs and ESM .mjs by their extension', () => {
    expect(parseSource('a.cjs', `const x = require('x'); module.exports = x; return;`).diagnostics).toEqual([]);
    expect(parseSource('a.mjs', `import x from 'x'; await x();`).diagnostics).toEqual([]);
  });

  it('returns syntax errors as diagnostics with line and column instead of throwing', () => {
    const parsed = parseSource('src/broken.ts', `const ok = 1;\nimport { from 'x';\n`);
    expect(parsed.diagnostics.length).toBeGreaterThan(0);
    expect(parsed.diagnostics[0]).toMatchObject({ file: 'src/broken.ts', line: 2 });
    expect(parsed.diagnostics[0]!.message).toMatch(/^src\/broken\.ts:2:\d+: /);
  });

  it('refuses oversized files with a diagnostic', () => {
    const parsed = parseSource('bundle.js', 'x'.repeat(MAX_PARSE_BYTES + 1));
    expect(parsed.program.body).toEqual([]);
    expect(parsed.diagnostics[0]!.message).toMatch(/larger than/);
  });

  it('maps offsets to 1-based lines and columns', () => {
    const text = 'ab\ncd\n\nef';
    const lines = lineIndex(text);
    expect([0, 1, 3, 6, 7, 8].map((o) => positionIn(lines, o))).toEqual([
      { line: 1, column: 1 },
      { line: 1, column: 2 },
      { line: 2, column: 1 },
      { line: 3, column: 1 },
      { line: 4, column: 1 },
      { line: 4, column: 2 },
    ]);
  });
});

describe('parseModuleOf', () => {
  it('parses a workspace file once per run and shares the result', () => {
    const ws = workspaceFromFiles({ 'app/src/index.ts': `import x from 'x';`, 'app/README.md': '# x' });
    expect(cachedParseOf(ws, 'app/src/index.ts')).toBeUndefined();
    const first = parseModuleOf(ws, 'app/src/index.ts');
    expect(first?.module.staticImports).toHaveLength(1);
    expect(parseModuleOf(ws, 'app/src/index.ts')).toBe(first);
    expect(cachedParseOf(ws, 'app/src/index.ts')).toBe(first);
    expect(parseModuleOf(ws, 'app/README.md')).toBeUndefined();
    expect(parseModuleOf(ws, 'app/src/missing.ts')).toBeUndefined();
  });
});
