// import-candidate.wat against its reference, the regular expression: the same last candidate on
// real sources (this repository's own) and on texts built from the expression's edge cases; the
// texts it leaves to the expression; the committed binary is the .wat assembled.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../text/__tests__/seeded-random.js';
import { assembleWat } from '../../../scripts/wasm-source.js';
import { WASM_BASE64 } from './import-candidate-wasm-binary.js';
import { lastImportCandidateInWasm } from './import-candidate-wasm.js';
import { lastImportCandidate, lastImportCandidateByPattern } from './scan.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The expression's edge cases: the three words with and without word characters on either side
 * (`$` is no word character for `\b`), look-alikes (`imports`, `request`, `expect`, `exported`),
 * `export` followed by every space `\s` knows among ASCII, `type`, `typeX`, `{`, `*`, `/*`, `//`, `/`.
 */
const PIECES = [
  'import', 'require', 'export', 'imports', 'important', 'request', 'requires', 'expect', 'exported', 'exporttype', 'reimport',
  '_', '$', 'x', '9', ' ', '  ', '\t', '\n', '\v', '\f', '\r', 'type', 'typeX', 'types', '{', '}', '*', '/*', '//', '/', '(', ')',
  "'m'", ';', '.', 'imp', 'req', 'exp', 'ort', 'uire',
];

function soup(next: () => number): string {
  let text = '';
  for (let i = 0, n = 1 + Math.floor(next() * 40); i < n; i++) text += PIECES[Math.floor(next() * PIECES.length)];
  return text;
}

describe('the WebAssembly search for the last import candidate', () => {
  it('finds what the regular expression finds in every source file of this repository', () => {
    let compared = 0;
    for (const entry of readdirSync(path.resolve(here, '../..'), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !/\.[cm]?[jt]sx?$/.test(entry.name)) continue;
      const text = readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
      const found = lastImportCandidateInWasm(text);
      if (found === undefined) continue; // not ASCII: see below
      expect(found, entry.name).toBe(lastImportCandidateByPattern(text));
      compared++;
    }
    expect(compared).toBeGreaterThan(200);
  });

  it('finds what the regular expression finds in 30,000 texts made of its edge cases', () => {
    const next = seededRandom(20_261_127);
    let matched = 0;
    for (let i = 0; i < 30_000; i++) {
      const text = soup(next);
      const expected = lastImportCandidateByPattern(text);
      expect(lastImportCandidateInWasm(text), JSON.stringify(text)).toBe(expected);
      if (expected !== -1) matched++;
    }
    // Both outcomes are common: the texts are not all alike.
    expect(matched).toBeGreaterThan(5000);
    expect(matched).toBeLessThan(25_000);
  });

  it.each([
    ['nothing', 'const a = 1;', -1],
    ['an empty text', '', -1],
    ['the last of several', "import a from 'a';\nconst b = require('b');\n", 29],
    ['a candidate at the very start', 'import', 0],
    ['a candidate at the very end', 'x;require', 2],
    ['a re-export with type and spaces', 'export \t type\n{ A } from "a"', 0],
    ['`export type` not followed by a brace', 'export type A = 1;', -1],
    ['a dollar sign before the word', '$import', 1],
    ['a word character after the word', 'imports', -1],
    ['a block near a 16-byte edge', `${'x'.repeat(13)};import`, 14],
  ])('%s', (_what, text, expected) => {
    expect(lastImportCandidateByPattern(text)).toBe(expected);
    expect(lastImportCandidateInWasm(text)).toBe(expected);
  });

  it('leaves non-ASCII texts to the regular expression', () => {
    const text = "import é from 'é';\n";
    expect(lastImportCandidateInWasm(text)).toBeUndefined();
    expect(lastImportCandidate(text)).toBe(0);
  });

  it('is the committed binary of import-candidate.wat', async () => {
    const watPath = path.join(here, 'import-candidate.wat');
    const binary = await assembleWat(watPath, readFileSync(watPath, 'utf8'));
    expect(Buffer.from(binary).toString('base64'), 'run `node scripts/assemble-wasm.js` after editing import-candidate.wat').toBe(WASM_BASE64);
  });
});
