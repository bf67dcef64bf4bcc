import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSource } from '../js-ast/parse.js';
import { importsOfParsed, importsOfSource } from './extract.js';
import { scanImports } from './scan.js';

type Expected = [specifier: string, kind: string, typeOnly: boolean][];

/** The scanner's answer, checked to agree with oxc's on the same text. */
function scanned(file: string, text: string): Expected {
  const scan = scanImports(text);
  expect(scan.complete, scan.reason).toBe(true);
  const fromScanner = scan.imports.map((i): Expected[number] => [i.specifier, i.kind, i.typeOnly]);
  const parsed = parseSource(file, text);
  expect(parsed.diagnostics).toEqual([]);
  const fromOxc = importsOfParsed(parsed, text).imports.map((i): Expected[number] => [i.specifier, i.kind, i.typeOnly]);
  expect(fromScanner).toEqual(fromOxc);
  return fromScanner;
}

describe('scanImports', () => {
  it('reads static imports of every form', () => {
    expect(scanned('a.ts', `import a from 'a';\nimport * as b from 'b';\nimport { c, d as e } from "c";\nimport 'side';\nimport f, { g } from 'fg';\nimport { "str name" as h } from 'strname';`)).toEqual([
      ['a', 'import', false],
      ['b', 'import', false],
      ['c', 'import', false],
      ['side', 'import', false],
      ['fg', 'import', false],
      ['strname', 'import', false],
    ]);
  });

  it('tells type-only imports from value imports', () => {
    expect(
      scanned(
        'a.ts',
        [
          `import type { T } from 't';`,
          `import { type A, type B } from 'all-types';`,
          `import { type A2, B2 } from 'mixed';`,
          `import type from 'default-named-type';`,
          `import type, { x } from 'type-and-named';`,
          `import D, { type E } from 'default-and-type';`,
          `import type {} from 'empty-type';`,
          `import type * as NS from 'type-namespace';`,
          `import type Def from 'type-default';`,
          `import { type as } from 'type-as-name';`,
          `import { type as Renamed } from 'value-named-type';`,
        ].join('\n'),
      ),
    ).toEqual([
      ['t', 'import', true],
      ['all-types', 'import', true],
      ['mixed', 'import', false],
      ['default-named-type', 'import', false],
      ['type-and-named', 'import', false],
      ['default-and-type', 'import', false],
      ['empty-type', 'import', true],
      ['type-namespace', 'import', true],
      ['type-default', 'import', true],
      ['type-as-name', 'import', true],
      ['value-named-type', 'import', false],
    ]);
  });

  it('reads re-exports and ignores local exports', () => {
    expect(
      scanned(
        'a.ts',
        [
          `export * from 'all';`,
          `export * as ns from 'ns';`,
          `export { a, b as c } from 'named';`,
          `export type { T } from 'type-named';`,
          `export { type T2 } from 'type-inline';`,
          `export { type T3, v } from 'mixed';`,
          `export type * from 'type-star';`,
          `const local = 1; export { local }; export const y = 2; export default 3;`,
          `export type Alias = string;`,
        ].join('\n'),
      ),
    ).toEqual([
      ['all', 'export', false],
      ['ns', 'export', false],
      ['named', 'export', false],
      ['type-named', 'export', true],
      ['type-inline', 'export', true],
      ['mixed', 'export', false],
      ['type-star', 'export', true],
    ]);
  });

  it('takes dynamic imports and require calls with literal specifiers only', () => {
    expect(
      scanned(
        'a.js',
        [
          `const m = await import('dyn');`,
          'const t = import(`plain-template`);',
          'const n = import(`tpl-${name}`);',
          `const o = import(name);`,
          `const p = import('concat' + x);`,
          `const q = import('with-options', { with: { type: 'json' } });`,
          `const r = require('req');`,
          `const s = require.resolve('req-resolve');`,
          `const u = obj.require('member');`,
          `const v = require(name);`,
          'const w = require(`req-template`);',
          `export default require('default-export');`,
          `const all = [...require('spread')];`,
          `import('then').then((x) => x);`,
        ].join('\n'),
      ),
    ).toEqual([
      ['dyn', 'dynamic', false],
      ['plain-template', 'dynamic', false],
      ['with-options', 'dynamic', false],
      ['req', 'require', false],
      ['req-resolve', 'require-resolve', false],
      ['req-template', 'require', false],
      ['default-export', 'require', false],
      ['spread', 'require', false],
      ['then', 'dynamic', false],
    ]);
  });

  it('reads TypeScript import-equals and leaves import types out', () => {
    expect(
      scanned('a.ts', [`import x = require('eq');`, `import type y = require('eq-type');`, `type Q = import('type-import').Q;`, `let v: typeof import('typeof-import');`, `import Alias = Ns.Inner;`].join('\n')),
    ).toEqual([
      ['eq', 'import-equals', false],
      ['eq-type', 'import-equals', true],
    ]);
  });

  it('ignores imports inside comments, strings, templates and regular expressions', () => {
    expect(
      scanned(
        'a.js',
        [
          `// import a from 'comment';`,
          `/* require('block-comment') */`,
          `const s = "import x from 'string'";`,
          "const t = `require('template-text')`;",
          `const re = /import('regex')/g;`,
          `if (ok) /require('regex-after-if')/.test(s);`,
          `const r = a / 2; const q = b / 3; require('after-division');`,
          `const o = { import: 1, require: 2, export: 3 };`,
          `const meta = import.meta.url;`,
        ].join('\n'),
      ),
    ).toEqual([['after-division', 'require', false]]);
  });

  it('follows code inside template substitutions', () => {
    expect(scanned('a.js', 'const t = `${ { a: 1 }.a } ${ `inner ${ require(\'nested\') }` }`;\nrequire(\'after\');')).toEqual([
      ['nested', 'require', false],
      ['after', 'require', false],
    ]);
  });

  it('skips a hashbang line', () => {
    expect(scanned('a.js', `#!/usr/bin/env node\nrequire('hashbang');`)).toEqual([['hashbang', 'require', false]]);
  });

  it('gives up on what only a parser can read, and the extractor falls back to oxc', () => {
    const jsxInJs = `import React from 'react';\nexport const A = () => <div className='x'>It's here</div>;\nconst b = require('after-jsx');`;
    expect(scanImports(jsxInJs).complete).toBe(false);
    const result = importsOfSource('component.js', jsxInJs);
    expect(result.reader).toBe('oxc');
    expect(result.imports.map((i) => i.specifier)).toEqual(['react', 'after-jsx']);
    expect(scanImports(`const s = 'unterminated\nrequire('x');`).complete).toBe(false);
    expect(scanImports(`/* unterminated require('x')`).complete).toBe(false);
    expect(scanImports('const t = `unterminated ${require(\'x\')}').complete).toBe(false);
    expect(scanImports(`}\nimport 'x';`).complete).toBe(false);
  });

  it('stops after the last place an import can start: what follows cannot hide one', () => {
    const jsxAfterImports = `import React from 'react';\nimport { a } from './a.js';\nexport const A = () => <div className='x'>It's here</div>;\nexport function f() { return /unclosed[/; }`;
    const result = scanImports(jsxAfterImports);
    expect(result.complete).toBe(true);
    expect(result.imports.map((i) => i.specifier)).toEqual(['react', './a.js']);
    expect(scanImports(`export const x = 1;\nexport function f() {}\nexport default 3;`)).toEqual({ imports: [], complete: true });
  });

  it('gives line and column of each specifier (UTF-16 columns)', () => {
    const result = importsOfSource('a.ts', `const s = 'héllo 🤨';\n  import x from 'pkg';\nrequire('r')`);
    expect(result.reader).toBe('scanner');
    expect(result.imports).toEqual([
      { specifier: 'pkg', kind: 'import', typeOnly: false, line: 2, column: 17 },
      { specifier: 'r', kind: 'require', typeOnly: false, line: 3, column: 9 },
    ]);
  });

  it('decodes escapes in specifiers', () => {
    expect(scanned('a.js', `require('a\\u0062c'); import "\\x64ef";`)).toEqual([
      ['abc', 'require', false],
      ['def', 'import', false],
    ]);
  });
});

// The scanner must agree with oxc on real code. node_modules is a large, varied corpus of real
// JavaScript and TypeScript; a deterministic sample of it is compared file by file.
const here = path.dirname(fileURLToPath(import.meta.url));
const nodeModules = path.resolve(here, '../../../node_modules');
/** Files compared; enough for variety, few enough to keep the test quick. */
const SAMPLE_FILES = 400;

describe('scanImports against oxc on real code', () => {
  it.skipIf(!existsSync(nodeModules))('finds exactly what oxc finds in every file it reads completely', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const p = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(p);
        else if (/\.[cm]?[jt]s$/.test(entry.name) && !/\.d\.[cm]?ts$/.test(entry.name)) files.push(p);
      }
    };
    walk(nodeModules);
    const step = Math.max(1, Math.floor(files.length / SAMPLE_FILES));
    const mismatches: string[] = [];
    let compared = 0;
    for (let i = 0; i < files.length; i += step) {
      const file = files[i]!;
      const text = readFileSync(file, 'utf8');
      if (text.length > 128 * 1024) continue;
      const scan = scanImports(text);
      if (!scan.complete) continue;
      const parsed = parseSource(file, text);
      if (parsed.diagnostics.length > 0) continue;
      compared++;
      const b = importsOfParsed(parsed, text)
        .imports.map((x) => `${x.line}:${x.column}:${x.specifier}:${x.kind}:${x.typeOnly}`)
        .join('\n');
      const a = importsOfSource(file, text).imports.map((x) => `${x.line}:${x.column}:${x.specifier}:${x.kind}:${x.typeOnly}`).join('\n');
      if (a !== b) mismatches.push(`${path.relative(nodeModules, file)}\n scanner: ${a}\n oxc: ${b}`);
    }
    expect(compared).toBeGreaterThan(50);
    expect(mismatches).toEqual([]);
  });
});
