// codeLines, its two implementations (WebAssembly for ASCII texts, JavaScript for the rest) and
// the definition both implement, line by line with split and trim.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assembleWat } from '../../../scripts/wasm-source.js';
import { WASM_BASE64 } from './code-lines-wasm-binary.js';
import { codeLines, codeLinesInJs, codeLinesInWasm } from './code-lines.js';

describe('codeLines', () => {
  it.each([
    ['an empty text', '', 0],
    ['blank lines', 'a\n\n  b  \n', 2],
    ['CRLF line ends', 'a\r\nb\r\n', 2],
    ['line comments', '// c\nx\n  // d\n', 1],
    ['a block comment over lines, code after it', '/* a\n b */ c\n', 1],
    ['a one-line block comment before code', '/* a */ x\n', 1],
    ['a block comment followed by a line comment', '/* a */ // b\n', 0],
    ['a JSDoc line', '/** doc */\nexport const a = 1;\n', 1],
    ['`/*/` opening a comment', '/*/ x\n*/\ny', 1],
    ['a block comment opened after code (counted as code)', 'x /* y\n z */', 2],
    ['Unicode spaces and a byte order mark', '\ufeff\u00a0a\u2028\n\u3000', 1],
  ])('%s', (_what, text, expected) => {
    expect(codeLines(text)).toBe(expected);
    expect(codeLinesInJs(text)).toBe(expected);
    // The WebAssembly count takes ASCII texts only.
    expect(codeLinesInWasm(text)).toBe(/^[\x00-\x7f]*$/.test(text) ? expected : undefined);
  });
});

/** The definition codeLines implements, line by line with split and trim. */
function codeLinesByDefinition(text: string): number {
  let count = 0;
  let inBlock = false;
  const codeAfter = (rest: string) => rest.trim() !== '' && !rest.trim().startsWith('//');
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (inBlock) {
      const close = line.indexOf('*/');
      if (close !== -1) {
        inBlock = false;
        if (codeAfter(line.slice(close + 2))) count++;
      }
      continue;
    }
    if (line === '' || line.startsWith('//')) continue;
    if (line.startsWith('/*')) {
      const close = line.indexOf('*/', 2);
      if (close === -1) inBlock = true;
      else if (codeAfter(line.slice(close + 2))) count++;
      continue;
    }
    count++;
  }
  return count;
}

describe('codeLines against its definition', () => {
  /** Texts of code, comments, regular expressions and blank lines; ASCII only when asked. */
  function generatedTexts(ascii: boolean, count: number): string[] {
    const pieces = ['x = 1;', '  ', '// note', '/* a', 'b */', '/* c */ y();', '/regex/.test(s)', '*/ z', ' /** doc */', '\t', '/* d */ // e', '',
      '  /* open', ' */', '/', '*/', ' * middle', '/*/', '\r', '// a */ b', '\v\f', '*/ // f', '/* g */ /* h', 'a*/', '/**/', '//'];
    if (!ascii) pieces.push('\u00a0w', '\u3000/* x */', '\ufeff', 'é = 1;');
    let seed = ascii ? 11 : 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    return Array.from({ length: count }, () => {
      const lines = Array.from({ length: 1 + (next() % 16) }, () => pieces[next() % pieces.length]!);
      return lines.join(next() % 3 === 0 ? '\r\n' : '\n');
    });
  }

  it('agrees on generated texts, in both implementations', () => {
    for (const text of generatedTexts(false, 3000)) expect(codeLines(text), JSON.stringify(text)).toBe(codeLinesByDefinition(text));
    for (const text of generatedTexts(true, 5000)) {
      const expected = codeLinesByDefinition(text);
      expect(codeLinesInWasm(text), JSON.stringify(text)).toBe(expected);
      expect(codeLinesInJs(text), JSON.stringify(text)).toBe(expected);
    }
  });

  it('agrees on every source file of this repository, in both implementations', () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
    const files = readdirSync(path.join(root, 'src'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && /\.(?:ts|wat)$/.test(e.name));
    let ascii = 0;
    for (const entry of files) {
      const text = readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
      const expected = codeLinesByDefinition(text);
      expect(codeLinesInJs(text), entry.name).toBe(expected);
      const viaWasm = codeLinesInWasm(text);
      if (viaWasm !== undefined) ascii++;
      expect(viaWasm ?? expected, entry.name).toBe(expected);
    }
    expect(ascii).toBeGreaterThan(200);
  });

  it('leaves non-ASCII texts to JavaScript, which counts them', () => {
    expect(codeLinesInWasm('const é = 1;\n// x\n')).toBeUndefined();
    expect(codeLines('const é = 1;\n// x\n')).toBe(1);
  });

  it('runs the committed binary of code-lines.wat', async () => {
    const watPath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'code-lines.wat');
    const binary = await assembleWat(watPath, readFileSync(watPath, 'utf8'));
    expect(Buffer.from(binary).toString('base64'), 'run `node scripts/assemble-wasm.js` after editing code-lines.wat').toBe(WASM_BASE64);
  });
});
