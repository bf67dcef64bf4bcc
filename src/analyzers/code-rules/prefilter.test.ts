import { describe, expect, it } from 'vitest';
import { CODE_RULES } from './index.js';
import { callsAnyOf, callsMethodOf, isOpaque, LOGGER_NAME_HINTS, mayCallItself, REQUEST_HANDLER_HINTS, RulePrefilter, textMeets, type TextNeed } from './prefilter.js';
import { SINKS } from './rules/common.js';
import { REQUEST_PARAM_NAMES, REQUEST_TYPES, ROUTE_METHODS } from './taint.js';
import { parseSource } from '../js-ast/parse.js';
import { runRules } from './walk.js';

function needsOf(id: string): TextNeed {
  const needs = CODE_RULES.find((r) => r.id === id)?.needs;
  if (needs === undefined) throw new Error(`rule ${id} declares no needs`);
  return needs;
}

function hitsIn(file: string, text: string): string[] {
  return [...new Set(runRules(parseSource(file, text), text, CODE_RULES).hits.map((h) => h.rule))].sort();
}

const PLAIN = `import { createHash } from 'node:crypto';

export interface Line { id: string; quantity: number; tags?: string[] }

/** Sums line quantities up to a limit. */
export function sumLines(items: Line[], limit = 10): number {
  let total = 0;
  for (const item of items) {
    if (item.quantity > limit) continue;
    total += item.quantity;
  }
  return total;
}

export const checksum = (text: string): string => createHash('sha256').update(text).digest('hex');
`;

describe('RulePrefilter', () => {
  const prefilter = new RulePrefilter(CODE_RULES);

  it('skips a file in which no rule reports', () => {
    expect(hitsIn('a.ts', PLAIN)).toEqual([]);
    expect(prefilter.mayReport(PLAIN)).toBe(false);
  });

  it.each([
    ['eval', `export function run(code: string) { return eval(code); }`],
    ['a URL', `export const api = 'https://api.psp-provider.io';`],
    ['console.log', `export function f(x: number) { console.log(x); }`],
    ['a weak hash', `import { createHash } from 'crypto';\nexport const h = (password: string) => createHash('MD5').update(password).digest('hex');`],
    ['self-recursion', `export function walk(node: { children: unknown[] }): number { return node.children.map((c) => walk(c as never)).length; }`],
    ['recursion through a constant', `export const size = (tree: { kids: unknown[] }): number => tree.kids.reduce((sum: number, kid) => sum + size(kid as never), 1);`],
    ['a method calling itself', `class Tree { size(node: { kids: unknown[] }): number { return node.kids.length + this.size(node); } }`],
    ['module state written by a handler', `const seen = new Map();\napp.post('/x', (req, res) => { seen.set(req.body.id, req.body); res.end(); });`],
    ['an unsafe regular expression', `export const re = /(a+)+$/;`],
    ['rejectUnauthorized', `export const agent = { rejectUnauthorized: false };`],
  ])('keeps a file with %s', (_what, text) => {
    expect(hitsIn('a.ts', text).length).toBeGreaterThan(0);
    expect(prefilter.mayReport(text)).toBe(true);
  });

  // The strings of all needs are found in one case-folded automaton pass; case-sensitive strings are
  // then confirmed where they occur, caseless ones hold in any case.
  const rule = (id: string, needs: TextNeed) => ({ id, needs, visit: () => ({}) }) as unknown as (typeof CODE_RULES)[number];

  it('holds a case-sensitive string only as written, wherever it occurs', () => {
    const onlyLog = new RulePrefilter([rule('t/log', 'Log')]);
    expect(onlyLog.mayReport('const LOG = 1; const log = 2;')).toBe(false);
    expect(onlyLog.mayReport('const LOG = 1; const log = 2; new Log();')).toBe(true);
    // Same lower case for two needs: each is confirmed on its own.
    const both = new RulePrefilter([rule('t/a', { all: ['Log', 'req'] })]);
    expect(both.mayReport('Log REQ')).toBe(false);
    expect(both.mayReport('LOG Log req')).toBe(true);
  });

  it('holds a caseless string in any case, and later parts of { all } too', () => {
    const md5 = new RulePrefilter([rule('t/md5', { all: [{ caseless: ['md5'] }, 'createHash'] })]);
    expect(md5.mayReport("createHash('MD5')")).toBe(true);
    expect(md5.mayReport("createhash('md5')")).toBe(false);
    expect(md5.mayReport("createHash('sha256')")).toBe(false);
  });

  it('looks for single characters and patterns on the text itself', () => {
    const bracket = new RulePrefilter([rule('t/b', { all: ['[', /\bfor\b/] })]);
    expect(bracket.mayReport('for (const x of y[0]) {}')).toBe(true);
    expect(bracket.mayReport('for (const x of y) {}')).toBe(false);
    expect(bracket.mayReport('forever[0]')).toBe(false);
    const caselessChar = new RulePrefilter([rule('t/c', { caseless: ['q', 'straße'] })]);
    expect(caselessChar.mayReport('const Q = 1;')).toBe(true);
    expect(caselessChar.mayReport('const STRAßE = 1;')).toBe(true);
    expect(caselessChar.mayReport('const z = 1;')).toBe(false);
  });

  it('agrees with textMeets, need by need, on every rule and sample', () => {
    const samples = [PLAIN, 'const LOG = require("fs"); LOG.info(x)', 'export default function handler(req, res) { res.send(req.query) }', 'createHash("Sha1")'];
    for (const r of CODE_RULES) {
      if (r.needs === undefined) continue;
      const single = new RulePrefilter([r]);
      for (const text of samples) expect(single.mayReport(text), `${r.id} on ${text.slice(0, 30)}`).toBe(isOpaque(text) || textMeets(text, r.needs));
    }
  });

  it('sees method calls of the names needs ask about, also names asked about after a file was scanned', () => {
    const text = 'export const f = (o: { save(): void }) => o.save();';
    expect(callsMethodOf(['load'])(text)).toBe(false);
    expect(callsMethodOf(['save'])(text)).toBe(true);
    expect(callsAnyOf(['save'])(text)).toBe(true);
    expect(callsMethodOf(['sav'])(text)).toBe(false);
    expect(callsMethodOf(['f'])(text)).toBe(false); // called plainly? no: declared, never called
  });

  it('parses files whose names may be spelt in ways the text scan cannot see', () => {
    for (const text of [
      `globalThis['ev' + 'al'](code);`,
      `globalThis['\\x65val'](code);`,
      `\\u0065val(code);`,
      'const key = `${"ev"}al`;',
      '<a href="https&#58;//x.io">x</a>',
    ]) {
      expect(isOpaque(text), text).toBe(true);
      expect(prefilter.mayReport(text), text).toBe(true);
    }
    expect(isOpaque(PLAIN)).toBe(false);
    expect(isOpaque("const a = 'x\\n' + b;\nconst s = `${name}`;")).toBe(false);
  });
});

describe('mayCallItself', () => {
  it.each([
    ['a declared function calling itself', 'function f(n) { return n && f(n - 1); }', true],
    ['an arrow in a constant calling itself', 'const f = (n) => (n ? f(n - 1) : 0);', true],
    ['an optional self-call', 'function f(n) { return f?.(n - 1); }', true],
    ['a method calling itself on this', 'class A { m(n) { return this.m(n - 1); } }', true],
    ['a parenthesised callee', 'function f(n) { return (f)(n); }', true],
    ['functions called once, never again', 'function a(x) { return x; }\nfunction b(y) { return y.map(Number); }', false],
    ['an imported function called once', "import { createHash } from 'node:crypto';\nexport const h = (t) => createHash('sha256').update(t);", false],
    ['a typed constant calling itself', 'const f: (n: number) => number = (n) => f(n - 1);', true],
    ['method calls without this', 'export function g(list) { list.push(1); list.push(2); return list.length; }', false],
    ['keywords', 'export function h(x) { if (x) { for (const y of x) { while (y) {} } } return typeof (x); }', false],
  ])('%s: %s', (_what, text, expected) => {
    expect(mayCallItself(text)).toBe(expected);
  });
});

describe('the call scan inside RulePrefilter (which learns `this` from its keyword pass)', () => {
  const recursion = CODE_RULES.find((r) => r.id === 'lightweight/recursion')!;
  it.each([
    ['a method calling itself on this', 'class A { m(n) { return this.m(n - 1); } }'],
    ['`this` only inside other words', 'const thisValue = 1; const isthis = 2; a.m(); b.m();'],
    ['`this` after a dollar sign or digit', 'const $this = 1; x.m(); y.m(); 1this;'],
    ['`THIS` in upper case', 'const THIS = 1; a.m(); b.m();'],
    ['`this` at the very start and end', 'this.m(); m(1) this'],
    ['no this at all', 'export function g(list) { list.push(1); list.push(2); return list.length; }'],
    ['`this` next to non-ASCII letters', 'const éthis = 1; thisé.m(); a.m(); b.m();'],
  ])('%s: the same answer as mayCallItself on its own', (_what, text) => {
    const prefilter = new RulePrefilter([recursion]);
    const viaPrefilter = prefilter.mayReport(text);
    prefilter.mayReport('(reset)'); // another text in between: the next scan starts afresh, without the keyword pass's answer
    expect(viaPrefilter).toBe(isOpaque(text) || mayCallItself(`${text}`));
  });
});

describe('rule needs cover the sink data', () => {
  const handler = 'app.post("/x", (req, res) => res.end()); ';

  it.each([
    ['sec-code/dynamic-code', [...SINKS.evalCalls, ...SINKS.vmCalls, ...SINKS.timerCalls], ''],
    ['sec-code/shell-injection', [...SINKS.execCalls, ...SINKS.spawnCalls], ''],
    ['sec-code/weak-hash', [...SINKS.weakHashAlgorithms, ...SINKS.weakHashFunctions], ''],
    ['stateless/session-store', [...Object.keys(SINKS.sessionMiddleware), ...SINKS.memoryStores], ''],
    ['stateless/local-disk', [...Object.keys(SINKS.fsWriteTargets), ...SINKS.uploadMiddleware], ''],
    ['sec-code/path-traversal', [...Object.keys(SINKS.fsPathArguments), ...SINKS.fileResponseMethods], handler],
    ['sec-code/ssrf', Object.keys(SINKS.httpClients), handler],
    ['lightweight/sync-cpu', Object.keys(SINKS.syncCpuCalls), handler],
  ])('%s', (rule, names, prefix) => {
    // Every segment of a qualified name is written in the file: the module in its specifier, each property as a name.
    for (const name of names) expect(textMeets(`${prefix}${name}`, needsOf(rule)), `${rule}: ${name}`).toBe(true);
  });

  it('logger names', () => {
    const alternatives = SINKS.loggerObjectPattern.replace(/^\^\(\?:|\)\$$/g, '').split('|');
    expect(alternatives.length).toBeGreaterThan(5);
    for (const alternative of alternatives) {
      const name = alternative.replace('[A-Za-z]*', 'app');
      expect(new RegExp(SINKS.loggerObjectPattern).test(name), name).toBe(true);
      expect(textMeets(name, LOGGER_NAME_HINTS), name).toBe(true);
    }
  });

  it('request handler hints', () => {
    for (const name of [...REQUEST_PARAM_NAMES, ...REQUEST_TYPES]) expect(textMeets(`function h(${name}) {}`, REQUEST_HANDLER_HINTS), name).toBe(true);
    for (const method of [...ROUTE_METHODS, 'route']) expect(textMeets(`router.${method}('/x', (a, b) => b.end());`, REQUEST_HANDLER_HINTS), method).toBe(true);
    expect(textMeets('http.createServer((a, b) => b.end());', REQUEST_HANDLER_HINTS)).toBe(true);
    expect(textMeets(PLAIN, REQUEST_HANDLER_HINTS)).toBe(false);
  });
});
