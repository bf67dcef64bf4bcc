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
