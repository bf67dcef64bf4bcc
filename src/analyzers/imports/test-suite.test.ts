import { describe, expect, it } from 'vitest';
import { codeLines } from './test-suite.js';

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
  it('agrees on generated texts of code, comments, regular expressions and blank lines', () => {
    const pieces = ['x = 1;', '  ', '// note', '/* a', 'b */', '/* c */ y();', '/regex/.test(s)', '*/ z', ' /** doc */', '\t', '\u00a0w', '/* d */ // e', '',
      '  /* open', '\u3000/* x */', ' */', '/', '*/', ' * middle', '/*/', '\r', '// a */ b'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let n = 0; n < 3000; n++) {
      const lines = Array.from({ length: 1 + (next() % 16) }, () => pieces[next() % pieces.length]!);
      const text = lines.join(next() % 3 === 0 ? '\r\n' : '\n');
      expect(codeLines(text), JSON.stringify(text)).toBe(codeLinesByDefinition(text));
    }
  });
});
