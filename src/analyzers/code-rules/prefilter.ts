// Text pre-filter for the code rules: parsing and walking a file costs far more than scanning its
// text, and most files of a large connector hold nothing any rule reports. Each rule declares, as
// data (`CodeRule.needs`), text its hits cannot do without: the names of the calls it resolves
// (`exec`, `Math.random`), the option keys and literals it inspects (`rejectUnauthorized`, 'md5'),
// hints of a request handler for rules that report only request data. A file is parsed only when
// some rule's needs are met; otherwise no rule could report in it and its analysis is empty.
//
// Needs are necessary conditions on the source text, so they must hold for every way the walker
// resolves a name. Names reach the walker as written, except through escapes (`'\x65val'`,
// `\u0065val`), concatenated literals (`'ev' + 'al'`), literals substituted into templates and JSX
// character references: a file with any of those is always parsed (isOpaque). Known limit: a
// comment between a callee and its `(` hides the call from the call scan (`f // x` newline `(…)`).
import { buildAutomaton, findKeywords, type KeywordAutomaton } from '../text/keyword-automaton.js';
import { WasmCallScan } from './call-scan-wasm.js';
import type { CodeRule } from './walk.js';

/**
 * A condition on a file's text: a string occurs in it (case-sensitive), one of `{ caseless }` occurs
 * in any case, a pattern matches, every part of `{ all }` holds, some element of an array holds, or
 * a function of the text says so.
 */
export type TextNeed =
  | string
  | RegExp
  | readonly TextNeed[]
  | { readonly all: readonly TextNeed[] }
  | { readonly caseless: readonly string[] }
  | ((text: string) => boolean);

// ---- the call scan: what precedes each `(`

export interface CallFacts {
  /** Names called plainly, `f(…)`, `f?.(…)`, `f!(…)` (only names a need asks about). */
  plain: Set<string>;
  /** Property names called as methods, `x.f(…)` (only names a need asks about). */
  member: Set<string>;
  /** Some callee the scan cannot read: `(f)(x)`, `f<T>(x)`, `f /* … *\/ (x)`, `x['f'](…)`. */
  unreadable: boolean;
  /** A `for (… in …)` loop. */
  forIn: boolean;
  /** Possible self-recursion (see mayCallItself). */
  recursion: boolean;
}

/** Words that can never name a function (`async`, `let`, `yield` and the like can, in sloppy scripts). */
const RESERVED_WORDS =
  ('break case catch class const continue debugger default delete do else enum export extends false finally for function if import in ' +
    'instanceof new null return super switch this throw true try typeof var void while with').split(' ');
const RESERVED_BY_LENGTH = addByLength(new Map(), RESERVED_WORDS);

/** Adds words to a map from length to the words of that length (the form wordAt looks them up in). */
function addByLength(map: Map<number, string[]>, words: readonly string[]): Map<number, string[]> {
  for (const word of words) {
    const list = map.get(word.length);
    if (!list) map.set(word.length, [word]);
    else if (!list.includes(word)) list.push(word);
  }
  return map;
}

/** ASCII word characters as a table: the scan asks this for most characters of every callee. */
const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_WORD[c] = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 36 || c === 95 ? 1 : 0;

function isWordChar(c: number): boolean {
  return c < 128 ? ASCII_WORD[c] === 1 : c === c && !isSpaceChar(c); // NaN (out of range) is not
}

/** Whether `word` is written at `start` (compared character by character: no string is made). */
function isAt(text: string, start: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if (text.charCodeAt(start + k) !== word.charCodeAt(k)) return false;
  return true;
}

/** The one of `words` (grouped by length) written at `start` with this length, if any. */
function wordAt(text: string, start: number, length: number, words: ReadonlyMap<number, readonly string[]>): string | undefined {
  const candidates = words.get(length);
  if (candidates !== undefined) for (const word of candidates) if (isAt(text, start, word)) return word;
  return undefined;
}

function isSpaceChar(c: number): boolean {
  return (
    c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** Index of the last non-space character at or before `i` (-1 when none). */
function skipSpaceBack(text: string, i: number): number {
  while (i >= 0 && isSpaceChar(text.charCodeAt(i))) i--;
  return i;
}

/** Whether `word` occurs at least `times` times in `text` as a whole word. */
function occurrences(text: string, word: string, times: number): boolean {
  let count = 0;
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
    if (isWordChar(text.charCodeAt(at - 1)) || isWordChar(text.charCodeAt(at + word.length))) continue;
    if (++count === times) return true;
  }
  return false;
}

/**
 * Whether `word` occurs as a whole word followed by `=` (not `==`, `=>`), `:` (a type annotation)
 * or a comment: where a variable holding a function would be declared.
 */
function assignedSomewhere(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
    if (isWordChar(text.charCodeAt(at - 1)) || isWordChar(text.charCodeAt(at + word.length))) continue;
    let j = at + word.length;
    while (j < text.length && isSpaceChar(text.charCodeAt(j))) j++;
    const c = text.charCodeAt(j);
    if (c === 58 /* : */ || c === 47 /* / */) return true;
    if (c === 61 /* = */ && text.charCodeAt(j + 1) !== 61 && text.charCodeAt(j + 1) !== 62) return true;
  }
  return false;
}

function hasWord(text: string, word: string): boolean {
  return occurrences(text, word, 1);
}

/** Whether the header of the `for (` loop whose parenthesis is at `open` holds the word `in` (before its first `;` or `{`). */
function forHeaderHasIn(text: string, open: number): boolean {
  let end = text.length;
  const semicolon = text.indexOf(';', open);
  const brace = text.indexOf('{', open);
  if (semicolon !== -1) end = semicolon;
  if (brace !== -1 && brace < end) end = brace;
  for (let at = text.indexOf('in', open); at !== -1 && at < end; at = text.indexOf('in', at + 2)) {
    if (!isWordChar(text.charCodeAt(at - 1)) && !isWordChar(text.charCodeAt(at + 2))) return true;
  }
  return false;
}

/**
 * Whether the file RulePrefilter is deciding on uses the word `this`, found in its keyword pass, so
 * that the call scan of the same text need not search for it again.
 */
let usesThisOf: { text: string; value: boolean } | undefined;

/** The WebAssembly scan (call-scan.wat), made on first use; null where WebAssembly is unavailable. */
let wasmCallScan: WasmCallScan | null | undefined;

function scanCalls(text: string): CallFacts {
  const usesThis = usesThisOf?.text === text ? usesThisOf.value : hasWord(text, 'this');
  return scanCallsInWasm(text, usesThis) ?? scanCallsInJs(text, usesThis);
}

/**
 * The call scan by call-scan.wat: the same facts as scanCallsInJs, or undefined for a text the
 * module leaves to it (non-ASCII, too many calls) and where WebAssembly is unavailable.
 */
export function scanCallsInWasm(text: string, usesThis: boolean): CallFacts | undefined {
  if (wasmCallScan === undefined) {
    try {
      wasmCallScan = new WasmCallScan(RESERVED_WORDS);
      wasmCallScan.setCallees(calleeNames);
    } catch {
      wasmCallScan = null; // no WebAssembly here: the JavaScript scan does the same work
    }
  }
  const raw = wasmCallScan?.scan(text, usesThis);
  if (raw === undefined) return undefined;
  // As at the end of scanCallsInJs, with the names the module collected.
  const recursion = raw.recursion || raw.unreadable || someAssigned(text, raw.called);
  return { plain: raw.plain, member: raw.member, unreadable: raw.unreadable, forIn: raw.forIn, recursion };
}

/**
 * The call scan in JavaScript: the reference for call-scan.wat (the tests compare the two), and the
 * scan of texts the module does not take (non-ASCII).
 */
export function scanCallsInJs(text: string, usesThis: boolean): CallFacts {
  // The flags are locals until the end: a first write to an object field the optimised code has not
  // seen yet would throw it away (it happens in the middle of a 10,000-file run, at the first file
  // with a recursive call), a local costs nothing of the kind.
  const plain = new Set<string>();
  const member = new Set<string>();
  let unreadable = false;
  let forIn = false;
  let recursion = false;
  // Recursion: with `this` in the file, method calls count too (`this.m()` in method `m`).
  const declared = new Set<string>();
  const called = new Set<string>();
  for (let p = text.indexOf('('); p !== -1; p = text.indexOf('(', p + 1)) {
    let i = skipSpaceBack(text, p - 1);
    let c = text.charCodeAt(i);
    if (c === 46 /* . */ && text.charCodeAt(i - 1) === 63 /* ? */) {
      i = skipSpaceBack(text, i - 2);
      c = text.charCodeAt(i);
    } else if (c === 33 /* ! */) {
      i = skipSpaceBack(text, i - 1);
      c = text.charCodeAt(i);
    }
    if (!isWordChar(c)) {
      if (c === 41 /* ) */ || (c === 62 /* > */ && text.charCodeAt(i - 1) !== 61 /* not => */) || (c === 47 /* / */ && text.charCodeAt(i - 1) === 42) || c === 93 /* ] */) {
        unreadable = true;
      }
      continue;
    }
    let start = i;
    while (start > 0 && isWordChar(text.charCodeAt(start - 1))) start--;
    const first = text.charCodeAt(start);
    if (first >= 48 && first <= 57) continue; // a number
    const length = i + 1 - start;
    const before = skipSpaceBack(text, start - 1);
    const isMember = text.charCodeAt(before) === 46 /* . */ && text.charCodeAt(before - 1) !== 46; // not `...f(`
    // Only names some need asks about are recorded, compared in place: most calls cost no string.
    const asked = wordAt(text, start, length, calleeNamesByLength);
    if (asked !== undefined) (isMember ? member : plain).add(asked);
    if (isMember ? !usesThis : wordAt(text, start, length, RESERVED_BY_LENGTH) !== undefined) {
      // A method call in a file without `this`, or a keyword: never a recursive call there.
      if (!isMember && length === 3 && !forIn && isAt(text, start, 'for')) forIn = forHeaderHasIn(text, p);
      if (!usesThis) continue;
    }
    if (recursion) continue;
    const word = text.slice(start, i + 1);
    if (declared.has(word) || called.has(word)) {
      recursion = true;
      continue;
    }
    let k = before;
    if (text.charCodeAt(k) === 42 /* * */) k = skipSpaceBack(text, k - 1);
    const isDeclaration = k >= 7 && isAt(text, k - 7, 'function') && !isWordChar(text.charCodeAt(k - 8));
    (isDeclaration ? declared : called).add(word);
  }
  // `function f(` called recursively shows up twice above; a name called once may still be declared
  // elsewhere (`const f = (n) => … f(n - 1)`, `const f: F = …`).
  recursion ||= unreadable || someAssigned(text, called);
  return { plain, member, unreadable, forIn, recursion };
}

/** Some of the called names is assigned (or annotated) somewhere in the text. */
function someAssigned(text: string, called: Iterable<string>): boolean {
  for (const word of called) if (assignedSomewhere(text, word)) return true;
  return false;
}

/** The facts of the text scanned last: every rule's needs look at the same file in turn. */
let lastScan: { text: string; facts: CallFacts } | undefined;

/**
 * Names the needs ask about as methods (callsAnyOf, callsMethodOf), by length: the scan records a
 * method call only under one of these names, compared in place, so most calls cost no string.
 */
const calleeNamesByLength = new Map<number, string[]>();
/** The same names in the order they were registered (the WebAssembly scan numbers them so). */
const calleeNames: string[] = [];

function registerCallees(names: readonly string[]): void {
  addByLength(calleeNamesByLength, names);
  for (const name of names) if (!calleeNames.includes(name)) calleeNames.push(name);
  wasmCallScan?.setCallees(calleeNames);
  lastScan = undefined; // facts scanned before did not look for these names
}

function callFactsOf(text: string): CallFacts {
  if (lastScan?.text !== text) lastScan = { text, facts: scanCalls(text) };
  return lastScan.facts;
}

/**
 * Necessary for lightweight/recursion: a call `f(…)` (also `f?.(…)`, `f!(…)`) to a name that occurs a
 * second time (its declaration, or a second call), or a method call in a file that uses `this`, or a
 * callee the scan cannot read. Keywords never count outside such files (they cannot name a function,
 * except methods called on `this`).
 */
export function mayCallItself(text: string): boolean {
  return callFactsOf(text).recursion;
}

/** A call of one of these names, plain or as a method (or a callee the scan cannot read). */
export function callsAnyOf(names: readonly string[]): (text: string) => boolean {
  registerCallees(names);
  return (text) => {
    const facts = callFactsOf(text);
    return facts.unreadable || names.some((n) => facts.plain.has(n) || facts.member.has(n));
  };
}

/** A method call of one of these names (or a callee the scan cannot read). */
export function callsMethodOf(names: readonly string[]): (text: string) => boolean {
  registerCallees(names);
  return (text) => {
    const facts = callFactsOf(text);
    return facts.unreadable || names.some((n) => facts.member.has(n));
  };
}

/** A `for (… in …)` loop. */
export const hasForIn = (text: string): boolean => callFactsOf(text).forIn || callFactsOf(text).unreadable;

/** A dynamic `import(…)`. */
registerCallees(['import']);
export const hasImportCall = (text: string): boolean => callFactsOf(text).plain.has('import') || callFactsOf(text).unreadable;

// ---- shared needs

/**
 * Hints that a function of the file may be an HTTP request handler (taint.ts): a request-like
 * parameter name or type (`req`, `request`, `Request`, `IncomingMessage`; `on('request')`), a
 * server, or a route registration (`app.get('/x', fn)`, `fastify.route({ handler })`).
 * Rules that report only request-derived values need one.
 */
export const REQUEST_HANDLER_HINTS: TextNeed = [
  'req', 'Request', 'IncomingMessage', 'createServer', 'createSecureServer',
  callsMethodOf(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'head', 'options', 'use', 'route']),
];

/**
 * Names of log calls' objects (common.ts logCallOf): `console`, or what sinks.json's
 * loggerObjectPattern accepts (case-sensitive); every alternative of it holds one of these.
 */
export const LOGGER_NAME_HINTS: TextNeed = ['console', 'consola', 'log', 'Log', 'winston', 'pino', 'bunyan', 'signale'];

// ---- evaluation

/**
 * Escapes other than the whitespace, quote and backslash ones (`\x65`, `\u0065`, `\e`, line
 * continuations), a literal substituted into a template, a JSX character reference, two literals
 * joined by `+`: text that can make a name the walker resolves differ from what is written.
 */
export function isOpaque(text: string): boolean {
  if (text.includes('\\') && /\\[^nrt\\'"`]/.test(text)) return true;
  for (let p = text.indexOf('${'); p !== -1; p = text.indexOf('${', p + 2)) {
    let j = p + 2;
    while (j < text.length && isSpaceChar(text.charCodeAt(j))) j++;
    const c = text.charCodeAt(j);
    if (c === 39 || c === 34 || c === 96) return true;
  }
  if (text.includes('&') && /&(?:#|[A-Za-z]+;)/.test(text)) return true;
  for (let p = text.indexOf('+'); p !== -1; p = text.indexOf('+', p + 1)) {
    let i = p - 1;
    while (i >= 0 && (isSpaceChar(text.charCodeAt(i)) || text.charCodeAt(i) === 41 /* ) */)) i--;
    const b = text.charCodeAt(i);
    if (b !== 39 && b !== 34 && b !== 96) continue;
    let j = p + 1;
    while (j < text.length && (isSpaceChar(text.charCodeAt(j)) || text.charCodeAt(j) === 40 /* ( */)) j++;
    const a = text.charCodeAt(j);
    if (a === 39 || a === 34 || a === 96) return true;
  }
  return false;
}

type Atom = string | RegExp | { readonly caseless: readonly string[] };

/** atomFound: not evaluated on this file yet. */
const UNKNOWN = -1;

function meets(need: TextNeed, text: string, atom: (a: Atom) => boolean): boolean {
  if (typeof need === 'string' || need instanceof RegExp || 'caseless' in need) return atom(need as Atom);
  if (typeof need === 'function') return need(text);
  if (Array.isArray(need)) return (need as readonly TextNeed[]).some((n) => meets(n, text, atom));
  return (need as { all: readonly TextNeed[] }).all.every((n) => meets(n, text, atom));
}

const caselessPatterns = new WeakMap<object, RegExp>();

function caselessPattern(need: { readonly caseless: readonly string[] }): RegExp {
  let pattern = caselessPatterns.get(need);
  if (!pattern) caselessPatterns.set(need, (pattern = new RegExp(need.caseless.map(escapeRegExp).join('|'), 'i')));
  return pattern;
}

function atomIn(text: string, a: Atom): boolean {
  if (typeof a === 'string') return text.includes(a);
  if (a instanceof RegExp) return a.test(text);
  return caselessPattern(a).test(text);
}

/** Whether a text meets one need. */
export function textMeets(text: string, need: TextNeed): boolean {
  return meets(need, text, (a) => atomIn(text, a));
}

/** Every string and caseless string anywhere in a need (all parts of `{ all }`, all elements of arrays). */
function stringsOf(need: TextNeed, exact: Set<string>, caseless: Set<string>): void {
  if (typeof need === 'string') exact.add(need);
  else if (Array.isArray(need)) for (const n of need as readonly TextNeed[]) stringsOf(n, exact, caseless);
  else if (typeof need === 'object' && !(need instanceof RegExp)) {
    if ('caseless' in need) for (const s of need.caseless) caseless.add(s);
    else for (const n of (need as { all: readonly TextNeed[] }).all) stringsOf(n, exact, caseless);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Strings the automaton can look for: two characters or more (one character occurs almost everywhere), ASCII. */
function automatonCanFind(text: string): boolean {
  return text.length >= 2 && /^[\x00-\x7f]+$/.test(text);
}

/**
 * Decides per file whether any of a set of rules can report in it. One pass of a keyword automaton
 * (case folded, as the secret scanner's) finds every string any need looks for, so that each string
 * need is then a table look-up instead of a scan of the file: about twenty rules, several strings
 * each, would otherwise scan each file dozens of times. Where the automaton matches a string in
 * another case, a case-sensitive string is confirmed at the very offset. Strings the automaton does
 * not hold (single characters, non-ASCII), patterns and functions are evaluated on the text, only
 * when a need gets to them, each at most once per file.
 */
export class RulePrefilter {
  private readonly automaton: KeywordAutomaton;
  /** Keyword id of `this` (the call scan asks whether a file uses it; see usesThisOf). */
  private readonly thisKeyword: number;
  /** Case-sensitive strings the automaton finds (by their lower case), and for each keyword which of them share it. */
  private readonly exact: readonly string[];
  private readonly exactIndex: ReadonlyMap<string, number>;
  private readonly exactOfKeyword: readonly (readonly number[])[];
  /** Keyword id of each caseless string the automaton finds (lower case). */
  private readonly caselessKeyword: ReadonlyMap<string, number>;
  /** Caseless strings the automaton cannot hold (one character, non-ASCII), as patterns. */
  private readonly caselessFallback: ReadonlyMap<string, RegExp>;
  /** Per file: keywords found in any case, case-sensitive strings found as written. */
  private readonly keywordFound: Uint8Array;
  private readonly exactFound: Uint8Array;
  /** Each rule's needs compiled (see compile), in rule order. */
  private readonly ruleTests: readonly ((text: string) => boolean)[];
  /** Per file: strings and patterns evaluated so far (UNKNOWN, 0 or 1), by slot. */
  private readonly atomFound: Int8Array;

  constructor(private readonly rules: readonly CodeRule[]) {
    const exact = new Set<string>();
    const caseless = new Set<string>();
    for (const rule of rules) if (rule.needs !== undefined) stringsOf(rule.needs, exact, caseless);
    const keywords: string[] = [];
    const keywordId = new Map<string, number>();
    const idOf = (text: string): number => {
      const lower = text.toLowerCase();
      let id = keywordId.get(lower);
      if (id === undefined) keywordId.set(lower, (id = keywords.push(lower) - 1));
      return id;
    };
    this.exact = [...exact].filter(automatonCanFind);
    this.exactIndex = new Map(this.exact.map((text, i) => [text, i]));
    const exactOfKeyword: number[][] = [];
    this.exact.forEach((text, i) => (exactOfKeyword[idOf(text)] ??= []).push(i));
    const caselessKeyword = new Map<string, number>();
    const caselessFallback = new Map<string, RegExp>();
    for (const text of caseless) {
      if (automatonCanFind(text)) caselessKeyword.set(text.toLowerCase(), idOf(text));
      else caselessFallback.set(text, new RegExp(escapeRegExp(text), 'i'));
    }
    this.caselessKeyword = caselessKeyword;
    this.caselessFallback = caselessFallback;
    this.thisKeyword = idOf('this');
    this.exactOfKeyword = Array.from({ length: keywords.length }, (_, id) => exactOfKeyword[id] ?? []);
    this.automaton = buildAutomaton(keywords);
    this.keywordFound = new Uint8Array(keywords.length);
    this.exactFound = new Uint8Array(this.exact.length);
    const slots = new Map<string | RegExp, number>();
    this.ruleTests = rules.map((rule) => (rule.needs === undefined ? () => true : this.compile(rule.needs, slots)));
    this.atomFound = new Int8Array(slots.size);
  }

  /** False only when no rule can report anything in a file with this text, so it need not be parsed. */
  mayReport(text: string): boolean {
    if (isOpaque(text)) return true;
    this.findStrings(text);
    this.atomFound.fill(UNKNOWN);
    for (const test of this.ruleTests) if (test(text)) return true;
    return false;
  }

  /**
   * A rule's needs as one function of the text, built once: strings the automaton finds become
   * table reads, other strings and patterns are evaluated at most once per file (atomFound), and
   * arrays and `{ all }` short-circuit in order, as textMeets does.
   */
  private compile(need: TextNeed, slots: Map<string | RegExp, number>): (text: string) => boolean {
    if (typeof need === 'function') return need;
    if (typeof need === 'string') {
      const i = this.exactIndex.get(need);
      if (i !== undefined) return () => this.exactFound[i] === 1;
      return this.onceEach(need, slots);
    }
    if (need instanceof RegExp) return this.onceEach(need, slots);
    if (Array.isArray(need)) {
      const parts = (need as readonly TextNeed[]).map((n) => this.compile(n, slots));
      return (text) => {
        for (const part of parts) if (part(text)) return true;
        return false;
      };
    }
    if ('caseless' in need) {
      const parts = need.caseless.map((word): ((text: string) => boolean) => {
        const id = this.caselessKeyword.get(word.toLowerCase());
        if (id !== undefined) return () => this.keywordFound[id] === 1;
        const pattern = this.caselessFallback.get(word)!;
        return (text) => pattern.test(text);
      });
      return (text) => {
        for (const part of parts) if (part(text)) return true;
        return false;
      };
    }
    const parts = (need as { all: readonly TextNeed[] }).all.map((n) => this.compile(n, slots));
    return (text) => {
      for (const part of parts) if (!part(text)) return false;
      return true;
    };
  }

  /** A string or pattern evaluated on the text at most once per file, wherever needs share it. */
  private onceEach(atom: string | RegExp, slots: Map<string | RegExp, number>): (text: string) => boolean {
    let slot = slots.get(atom);
    if (slot === undefined) slots.set(atom, (slot = slots.size));
    const k = slot;
    return (text) => {
      let found = this.atomFound[k]!;
      if (found === UNKNOWN) this.atomFound[k] = found = atomIn(text, atom) ? 1 : 0;
      return found === 1;
    };
  }

  private findStrings(text: string): void {
    this.keywordFound.fill(0);
    this.exactFound.fill(0);
    let usesThis = false;
    const hits = findKeywords(this.automaton, text);
    for (let h = 0; h < hits.count; h++) {
      const id = hits.keyword[h]!;
      const at = hits.offset[h]!;
      this.keywordFound[id] = 1;
      for (const i of this.exactOfKeyword[id]!) {
        if (this.exactFound[i] === 0 && text.startsWith(this.exact[i]!, at)) this.exactFound[i] = 1;
      }
      if (id === this.thisKeyword && !usesThis) {
        usesThis = isAt(text, at, 'this') && !isWordChar(text.charCodeAt(at - 1)) && !isWordChar(text.charCodeAt(at + 4));
      }
    }
    usesThisOf = { text, value: usesThis };
  }
}
