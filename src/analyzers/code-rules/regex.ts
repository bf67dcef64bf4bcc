// ReDoS screening for regular expressions. Two stages:
// 1. safe-regex2 (fastify) flags star height > 1, i.e. a quantifier inside a quantified group.
// 2. Because many such expressions are harmless (`(\d+\.)*`, `([a-z0-9]+-)*`: a delimiter the inner
//    part cannot match makes every split unique), the expression is parsed here and reported only
//    when the repeated group can split the same input in more than one way: an unbounded outer
//    repetition around a variable-length inner repetition whose neighbours inside the group are
//    optional or can match the same characters. That is the shape behind exponential backtracking
//    (`(a+)+`, `(\w+\s?)*`, `(.*,)*`, `([a-z]{2,4})+`).
// Expressions this parser does not understand are not reported (unknown, not unsafe).
import { createRequire } from 'node:module';

/** Longer patterns are generated (or data) and not screened. */
export const MAX_SCREENED_PATTERN = 2_000;
const MAX_CODE_POINT = 0x10ffff;

type Range = readonly [number, number];
type CharSet = readonly Range[];

type RegexNode =
  | { kind: 'chars'; set: CharSet }
  | { kind: 'group'; alternatives: RegexNode[][] }
  | { kind: 'repeat'; body: RegexNode; min: number; max: number }
  | { kind: 'empty' }
  | { kind: 'backref' };

export interface RegexVerdict {
  unsafe: boolean;
  /** The repeated group and the inner repetition, as written, for messages. */
  detail?: string;
}

/** Screens a pattern; `unsafe` only when both stages agree. */
let safeRegex: typeof import('safe-regex2').default | undefined;

export function screenRegex(pattern: string, flags = ''): RegexVerdict {
  if (pattern.length > MAX_SCREENED_PATTERN) return { unsafe: false };
  // Loaded on the first regular expression met (with its parser, ~10 ms).
  safeRegex ??= createRequire(import.meta.url)('safe-regex2') as typeof import('safe-regex2').default;
  if (safeRegex(pattern, { limit: Number.MAX_SAFE_INTEGER })) return { unsafe: false };
  let tree: RegexNode;
  try {
    tree = new Parser(pattern, flags).parse();
  } catch {
    return { unsafe: false };
  }
  const detail = findAmbiguousRepeat(tree, pattern);
  return detail === undefined ? { unsafe: false } : { unsafe: true, detail };
}

// ---- character sets

const ALL: CharSet = [[0, MAX_CODE_POINT]];
const DIGITS: CharSet = [[48, 57]];
const WORD: CharSet = [[48, 57], [65, 90], [95, 95], [97, 122]];
const SPACE: CharSet = [[9, 13], [32, 32], [160, 160], [5760, 5760], [8192, 8202], [8232, 8233], [8239, 8239], [8287, 8287], [12288, 12288], [65279, 65279]];
const LINE_TERMINATORS: CharSet = [[10, 10], [13, 13], [8232, 8233]];

function normaliseSet(set: readonly Range[]): CharSet {
  const sorted = [...set].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

function complement(set: CharSet): CharSet {
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of normaliseSet(set)) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT]);
  return out;
}

function intersects(a: CharSet, b: CharSet): boolean {
  for (const [alo, ahi] of a) for (const [blo, bhi] of b) if (alo <= bhi && blo <= ahi) return true;
  return false;
}

function caseFold(set: CharSet): CharSet {
  const extra: [number, number][] = [];
  for (const [lo, hi] of set) {
    const upperLo = Math.max(lo, 65);
    const upperHi = Math.min(hi, 90);
    if (upperLo <= upperHi) extra.push([upperLo + 32, upperHi + 32]);
    const lowerLo = Math.max(lo, 97);
    const lowerHi = Math.min(hi, 122);
    if (lowerLo <= lowerHi) extra.push([lowerLo - 32, lowerHi - 32]);
  }
  return normaliseSet([...set, ...extra]);
}

// ---- parser

class Parser {
  private pos = 0;
  private readonly ignoreCase: boolean;
  private readonly dotAll: boolean;

  constructor(
    private readonly source: string,
    flags: string,
  ) {
    this.ignoreCase = flags.includes('i');
    this.dotAll = flags.includes('s');
  }

  parse(): RegexNode {
    const node = this.disjunction();
    if (this.pos < this.source.length) throw new Error(`unexpected ${this.source[this.pos]}`);
    return node;
  }

  private disjunction(): RegexNode {
    const alternatives: RegexNode[][] = [this.alternative()];
    while (this.source[this.pos] === '|') {
      this.pos++;
      alternatives.push(this.alternative());
    }
    return { kind: 'group', alternatives };
  }

  private alternative(): RegexNode[] {
    const items: RegexNode[] = [];
    while (this.pos < this.source.length && this.source[this.pos] !== '|' && this.source[this.pos] !== ')') {
      const atom = this.atom();
      items.push(this.quantified(atom));
    }
    return items;
  }

  private quantified(atom: RegexNode): RegexNode {
    const c = this.source[this.pos];
    let min: number;
    let max: number;
    if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.pos));
      if (!m) return atom; // a literal `{` (annex B)
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      this.pos += m[0].length - 1;
    } else return atom;
    this.pos++;
    if (this.source[this.pos] === '?') this.pos++; // lazy: same ambiguity
    if (atom.kind === 'empty') return atom;
    return { kind: 'repeat', body: atom, min, max };
  }

  private atom(): RegexNode {
    const c = this.source[this.pos]!;
    switch (c) {
      case '^':
      case '$':
        this.pos++;
        return { kind: 'empty' };
      case '.':
        this.pos++;
        return { kind: 'chars', set: this.dotAll ? ALL : complement(LINE_TERMINATORS) };
      case '[':
        return { kind: 'chars', set: this.fold(this.characterClass()) };
      case '(':
        return this.group();
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
        throw new Error('nothing to repeat');
      default: {
        const code = this.source.codePointAt(this.pos)!;
        this.pos += code > 0xffff ? 2 : 1;
        return { kind: 'chars', set: this.fold([[code, code]]) };
      }
    }
  }

  private fold(set: CharSet): CharSet {
    return this.ignoreCase ? caseFold(set) : set;
  }

  private group(): RegexNode {
    this.pos++; // (
    let lookaround = false;
    if (this.source[this.pos] === '?') {
      const next = this.source[this.pos + 1];
      if (next === ':') this.pos += 2;
      else if (next === '=' || next === '!') {
        this.pos += 2;
        lookaround = true;
      } else if (next === '<' && (this.source[this.pos + 2] === '=' || this.source[this.pos + 2] === '!')) {
        this.pos += 3;
        lookaround = true;
      } else if (next === '<') {
        const close = this.source.indexOf('>', this.pos);
        if (close === -1) throw new Error('unterminated group name');
        this.pos = close + 1;
      } else throw new Error('unsupported group');
    }
    const inner = this.disjunction();
    if (this.source[this.pos] !== ')') throw new Error('unterminated group');
    this.pos++;
    return lookaround ? { kind: 'empty' } : inner;
  }

  private escape(): RegexNode {
    this.pos++; // backslash
    const c = this.source[this.pos];
    if (c === undefined) throw new Error('trailing backslash');
    if (c === 'b' || c === 'B') {
      this.pos++;
      return { kind: 'empty' };
    }
    if (/[1-9]/.test(c)) {
      while (/[0-9]/.test(this.source[this.pos] ?? '')) this.pos++;
      return { kind: 'backref' };
    }
    if (c === 'k' && this.source[this.pos + 1] === '<') {
      const close = this.source.indexOf('>', this.pos);
      if (close === -1) throw new Error('bad backreference');
      this.pos = close + 1;
      return { kind: 'backref' };
    }
    return { kind: 'chars', set: this.fold(this.escapeSet()) };
  }

  /** The characters one escape (after the backslash) stands for, outside or inside a class. */
  private escapeSet(inClass = false): CharSet {
    const c = this.source[this.pos]!;
    this.pos++;
    switch (c) {
      case 'd': return DIGITS;
      case 'D': return complement(DIGITS);
      case 'w': return WORD;
      case 'W': return complement(WORD);
      case 's': return SPACE;
      case 'S': return complement(SPACE);
      case 'n': return [[10, 10]];
      case 'r': return [[13, 13]];
      case 't': return [[9, 9]];
      case 'v': return [[11, 11]];
      case 'f': return [[12, 12]];
      case '0': return [[0, 0]];
      case 'b': return inClass ? [[8, 8]] : [[98, 98]];
      case 'p':
      case 'P':
        if (this.source[this.pos] === '{') {
          const close = this.source.indexOf('}', this.pos);
          if (close === -1) throw new Error('bad property escape');
          this.pos = close + 1;
        }
        return ALL;
      case 'c': {
        const letter = this.source.charCodeAt(this.pos);
        this.pos++;
        return [[letter % 32, letter % 32]];
      }
      case 'x': {
        const hex = /^[0-9a-fA-F]{2}/.exec(this.source.slice(this.pos));
        if (!hex) return [[120, 120]];
        this.pos += 2;
        const code = parseInt(hex[0], 16);
        return [[code, code]];
      }
      case 'u': {
        const braced = /^\{([0-9a-fA-F]+)\}/.exec(this.source.slice(this.pos));
        if (braced) {
          this.pos += braced[0].length;
          const code = parseInt(braced[1]!, 16);
          return [[code, code]];
        }
        const hex = /^[0-9a-fA-F]{4}/.exec(this.source.slice(this.pos));
        if (!hex) return [[117, 117]];
        this.pos += 4;
        const code = parseInt(hex[0], 16);
        return [[code, code]];
      }
      default: {
        const code = c.codePointAt(0)!;
        return [[code, code]];
      }
    }
  }

  private characterClass(): CharSet {
    this.pos++; // [
    let negated = false;
    if (this.source[this.pos] === '^') {
      negated = true;
      this.pos++;
    }
    const ranges: Range[] = [];
    while (this.pos < this.source.length && this.source[this.pos] !== ']') {
      const start = this.classAtom();
      if (this.source[this.pos] === '-' && this.source[this.pos + 1] !== ']' && this.pos + 1 < this.source.length && start.length === 1 && start[0]![0] === start[0]![1]) {
        this.pos++;
        const end = this.classAtom();
        if (end.length === 1 && end[0]![0] === end[0]![1]) {
          const lo = start[0]![0];
          const hi = end[0]![0];
          if (hi < lo) throw new Error('range out of order');
          ranges.push([lo, hi]);
          continue;
        }
        ranges.push(...start, [45, 45], ...end);
        continue;
      }
      ranges.push(...start);
    }
    if (this.source[this.pos] !== ']') throw new Error('unterminated class');
    this.pos++;
    const set = normaliseSet(ranges);
    return negated ? complement(set) : set;
  }

  private classAtom(): CharSet {
    const c = this.source[this.pos]!;
    if (c === '\\') {
      this.pos++;
      return this.escapeSet(true);
    }
    const code = this.source.codePointAt(this.pos)!;
    this.pos += code > 0xffff ? 2 : 1;
    return [[code, code]];
  }
}

// ---- analysis

function nullable(node: RegexNode): boolean {
  switch (node.kind) {
    case 'chars': return false;
    case 'empty':
    case 'backref': return true;
    case 'repeat': return node.min === 0 || nullable(node.body);
    case 'group': return node.alternatives.some((alt) => alt.every(nullable));
  }
}

function charsOf(node: RegexNode): CharSet {
  switch (node.kind) {
    case 'chars': return node.set;
    case 'empty': return [];
    case 'backref': return ALL;
    case 'repeat': return charsOf(node.body);
    case 'group': return normaliseSet(node.alternatives.flatMap((alt) => alt.flatMap((n) => [...charsOf(n)])));
  }
}

/** A group with one alternative and no repetition is just its items, in sequence. */
function flatten(items: readonly RegexNode[]): RegexNode[] {
  const out: RegexNode[] = [];
  for (const item of items) {
    if (item.kind === 'group' && item.alternatives.length === 1) out.push(...flatten(item.alternatives[0]!));
    else out.push(item);
  }
  return out;
}

/** Depth-first search for an unbounded repetition whose body is ambiguous under repetition. */
function findAmbiguousRepeat(node: RegexNode, pattern: string): string | undefined {
  switch (node.kind) {
    case 'repeat': {
      if (node.max === Infinity && bodyIsAmbiguous(node.body)) return pattern;
      return findAmbiguousRepeat(node.body, pattern);
    }
    case 'group':
      for (const alt of node.alternatives) for (const item of alt) {
        const found = findAmbiguousRepeat(item, pattern);
        if (found !== undefined) return found;
      }
      return undefined;
    default:
      return undefined;
  }
}

/**
 * Can one repetition of `body` (repeated without bound) match the same text split in different ways?
 * True when it contains a variable-length repetition T whose surroundings inside the body are each
 * optional or able to match characters T also matches: the boundary between T and the next
 * iteration can then move, and backtracking tries every position.
 */
function bodyIsAmbiguous(body: RegexNode): boolean {
  const alternatives = body.kind === 'group' ? body.alternatives : [[body]];
  for (const alt of alternatives) {
    const items = flatten(alt);
    for (let j = 0; j < items.length; j++) {
      const t = items[j]!;
      if (t.kind !== 'repeat' || !(t.max > t.min && t.max >= 2)) continue;
      const consumed = charsOf(t.body);
      if (consumed.length === 0) continue;
      const neighbours = items.filter((_, k) => k !== j);
      if (neighbours.every((n) => nullable(n) || intersects(charsOf(n), consumed))) return true;
    }
  }
  return false;
}
