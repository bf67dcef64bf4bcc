// Lines holding code: not blank, not only a comment. A line is what `split('\n')` gives, trimmed as
// by `trim()`; a block comment opens only at the start of a line. The tests check counts them in
// every source and test file of every application, so the count runs in WebAssembly
// (code-lines.wat) for ASCII texts, and in JavaScript for the rest.
import { WASM_BASE64 } from './code-lines-wasm-binary.js';
import { wasmTextFunction } from './wasm-text.js';

/** The count by code-lines.wat (the text at 0, 32 zero bytes it writes after it), or undefined for a text it leaves to JavaScript (non-ASCII) and where WebAssembly is unavailable. */
export const codeLinesInWasm = wasmTextFunction(WASM_BASE64, 'codeLines', 0, 32);

/** The number of lines of `text` that hold code. */
export function codeLines(text: string): number {
  return codeLinesInWasm(text) ?? codeLinesInJs(text);
}

/**
 * codeLines in JavaScript: the reference for code-lines.wat (the tests compare the two), and the
 * count of texts the module does not take (non-ASCII). Works on offsets rather than split lines.
 */
export function codeLinesInJs(text: string): number {
  let count = 0;
  let inBlock = false;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    let s = lineStart;
    while (s < lineEnd && isTrimmed(text.charCodeAt(s))) s++;
    lineStart = lineEnd + 1;
    // Most lines start with code: counted without finding where they end.
    if (!inBlock && s < lineEnd && text.charCodeAt(s) !== 47 /* / */) {
      count++;
      continue;
    }
    let e = lineEnd;
    while (e > s && isTrimmed(text.charCodeAt(e - 1))) e--;
    if (inBlock) {
      const close = indexWithin(text, '*/', s, e);
      if (close !== -1) {
        inBlock = false;
        if (codeFollows(text, close + 2, e)) count++;
      }
      continue;
    }
    if (s === e || startsWithAt(text, '//', s, e)) continue;
    if (startsWithAt(text, '/*', s, e)) {
      const close = indexWithin(text, '*/', s + 2, e);
      if (close === -1) inBlock = true;
      else if (codeFollows(text, close + 2, e)) count++;
      continue;
    }
    count++;
  }
  return count;
}

/** What String.prototype.trim removes: white space and line terminators. */
function isTrimmed(c: number): boolean {
  return (
    c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

function indexWithin(text: string, needle: string, from: number, end: number): number {
  const at = text.indexOf(needle, from);
  return at !== -1 && at + needle.length <= end ? at : -1;
}

function startsWithAt(text: string, prefix: string, at: number, end: number): boolean {
  return at + prefix.length <= end && text.startsWith(prefix, at);
}

/** Code after a closing `*\/` at `from` on a line ending at `end`: not blank, not a line comment. */
function codeFollows(text: string, from: number, end: number): boolean {
  let s = from;
  while (s < end && isTrimmed(text.charCodeAt(s))) s++;
  return s < end && !startsWithAt(text, '//', s, end);
}
