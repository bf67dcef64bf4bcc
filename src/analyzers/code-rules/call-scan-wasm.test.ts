// The WebAssembly call scan (call-scan.wat) against its reference, the JavaScript scan: the same
// facts on real sources (this repository's own) and on token soup built to reach every branch, and
// the cases it must leave to JavaScript. Also: the committed binary is the .wat assembled.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../text/__tests__/seeded-random.js';
import { assembleWat } from '../../../scripts/wasm-source.js';
import { WASM_BASE64 } from './call-scan-wasm-binary.js';
import { WasmCallScan } from './call-scan-wasm.js';
import { callsAnyOf, callsMethodOf, mayCallItself, scanCallsInJs, scanCallsInWasm, type CallFacts } from './prefilter.js';
import './index.js'; // every rule's needs: the callee names the scan records

const here = path.dirname(fileURLToPath(import.meta.url));
const repositoryRoot = path.resolve(here, '../../..');

interface CallFactsShape {
  plain: string[];
  member: string[];
  unreadable: boolean;
  forIn: boolean;
  recursion: boolean;
}

function comparable(facts: CallFacts): CallFactsShape {
  return { plain: [...facts.plain], member: [...facts.member], unreadable: facts.unreadable, forIn: facts.forIn, recursion: facts.recursion };
}

/** Both scans of one text; the WebAssembly one must take it (ASCII, not call-dense). */
function bothScans(text: string, usesThis: boolean): { wasm: CallFactsShape; js: CallFactsShape } {
  const wasm = scanCallsInWasm(text, usesThis);
  expect(wasm, `the WebAssembly scan left this text to JavaScript: ${JSON.stringify(text.slice(0, 80))}`).toBeDefined();
  return { wasm: comparable(wasm!), js: comparable(scanCallsInJs(text, usesThis)) };
}

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(?:[cm]?[jt]sx?)$/.test(e.name) && !e.parentPath.includes('node_modules'))
    .map((e) => path.join(e.parentPath, e.name));
}

/**
 * Pieces of JavaScript that reach every branch of the scan: callees after `?.`, `!`, spaces and
 * newlines; unreadable callees (`)`, `]`, `>` but not `=>`, a comment); numbers; members and spread;
 * names the needs ask about (`exec`, `get`, `import`) and reserved words; `function` and `function*`
 * declarations; `for (… in …)` headers cut by `;` or `{`; assignments, annotations and comparisons
 * after names; `this`; text at the very start and end.
 */
const PIECES = [
  'f', 'g', 'h1', '$x', '_y', 'exec', 'get', 'import', 'require', 'eval', 'this', 'for', 'in', 'if', 'function', 'function*',
  'fn', 'async', 'new', 'typeof', 'x.f', 'a.get', '...f', '..f', 'obj?.m', '1', '42', '9e3', '(', '(', '(', ')', ')', ']', '[0]',
  '?.', '!', '.', '<T>', '=>', '>=', '*/', '/*', '//', '*', ';', '{', '}', '=', '==', ':', '/', ',', ' ', ' ', '  ', '\t', '\n',
  '\r\n', "'s'", '`t`', 'in x', 'inx', 'xin', 'of', 'forin', 'f =', 'f:', 'f /', 'f ==', 'f =>', 'for (', 'for(k in o)',
  'for (const k in o) ', 'for (;;)', 'for (x of y) {', 'exec(', 'eval (', 'require(', 'x.get(', 'get(', 'import(',
];

function tokenSoup(next: () => number, pieces: number): string {
  let text = '';
  for (let i = 0; i < pieces; i++) text += PIECES[Math.floor(next() * PIECES.length)];
  return text;
}

describe('the WebAssembly call scan', () => {
  it('finds the same facts as the JavaScript scan in every source file of this repository', () => {
    const files = [...sourcesUnder(path.join(repositoryRoot, 'src')), ...sourcesUnder(path.join(repositoryRoot, 'examples'))];
    let compared = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      if (!/^[\x00-\x7f]*$/.test(text)) continue; // left to JavaScript: see below
      for (const usesThis of [false, true]) {
        const { wasm, js } = bothScans(text, usesThis);
        expect(wasm, file).toEqual(js);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('finds the same facts on 20,000 token soups that reach every branch', () => {
    const next = seededRandom(20_261_127);
    const seen = { unreadable: 0, forIn: 0, recursion: 0, plain: 0, member: 0, none: 0 };
    for (let i = 0; i < 10_000; i++) {
      const text = tokenSoup(next, 1 + Math.floor(next() * 60));
      for (const usesThis of [false, true]) {
        const { wasm, js } = bothScans(text, usesThis);
        expect(wasm, JSON.stringify(text)).toEqual(js);
        const facts = js;
        if (facts.unreadable) seen.unreadable++;
        if (facts.forIn) seen.forIn++;
        if (facts.recursion) seen.recursion++;
        if (facts.plain.length > 0) seen.plain++;
        if (facts.member.length > 0) seen.member++;
        if (!facts.unreadable && !facts.forIn && !facts.recursion) seen.none++;
      }
    }
    // Every outcome occurs often: the soups are not all alike.
    for (const [outcome, count] of Object.entries(seen)) expect(count, outcome).toBeGreaterThan(500);
  });

  it('leaves non-ASCII texts and call-dense texts to the JavaScript scan, which then answers', () => {
    const accented = 'function é(n) { return é(n - 1); }';
    expect(scanCallsInWasm(accented, false)).toBeUndefined();
    expect(mayCallItself(accented)).toBe(true);
    // Thousands of distinct names called on few characters: more calls than the word set holds.
    const dense = Array.from({ length: 3000 }, (_, i) => `f${i.toString(36)}()`).join('');
    expect(scanCallsInWasm(dense, false)).toBeUndefined();
    expect(mayCallItself(dense)).toBe(false);
    expect(mayCallItself(`${dense}f0()`)).toBe(true);
  });

  it('records names asked about after it was made, and names of any length', () => {
    const before = scanCallsInWasm('x.lateMethodName(1); lateFunctionName(2);', false)!;
    expect(before.member.has('lateMethodName')).toBe(false);
    callsMethodOf(['lateMethodName']);
    callsAnyOf(['lateFunctionName', 'a_very_long_function_name_asked_about_by_a_rule']);
    const after = scanCallsInWasm('x.lateMethodName(1); lateFunctionName(2); a_very_long_function_name_asked_about_by_a_rule(3)', false)!;
    expect([...after.member]).toEqual(['lateMethodName']);
    expect([...after.plain]).toEqual(['lateFunctionName', 'a_very_long_function_name_asked_about_by_a_rule']);
  });

  it('takes more names than its table holds by leaving every text to JavaScript', () => {
    const scan = new WasmCallScan(['for', 'if']);
    scan.setCallees(['exec']);
    expect(scan.scan('exec(1)', false)?.plain).toEqual(new Set(['exec']));
    scan.setCallees(Array.from({ length: 600 }, (_, i) => `name${i}`));
    expect(scan.scan('exec(1)', false)).toBeUndefined();
  });

  it('is the committed binary of call-scan.wat', async () => {
    const watPath = path.join(here, 'call-scan.wat');
    const binary = await assembleWat(watPath, readFileSync(watPath, 'utf8'));
    expect(Buffer.from(binary).toString('base64'), 'run `node scripts/assemble-wasm.js` after editing call-scan.wat').toBe(WASM_BASE64);
  });
});
