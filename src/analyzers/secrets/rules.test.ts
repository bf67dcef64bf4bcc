// Every rule: fixtures that must trigger it and fixtures that must not; every expression linear-time.
import { describe, expect, it } from 'vitest';
import { SECRET_RULES } from './rules.js';
import { scanText } from './scan.js';
import { MUST_NOT_TRIGGER, MUST_TRIGGER } from './__tests__/fakes.js';

/** Generous: a catastrophic backtrack on 100 KB takes minutes; a linear scan takes milliseconds. */
const ADVERSARIAL_BUDGET_MS = 5_000;
const ADVERSARIAL_LINE_CHARS = 100 * 1024;

describe('secret rules', () => {
  it('have unique ids, lower-case keywords and a description', () => {
    const ids = SECRET_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of SECRET_RULES) {
      expect(rule.description.length).toBeGreaterThan(5);
      for (const k of [...rule.keywords, ...(rule.fileKeywords ?? [])]) expect(k).toBe(k.toLowerCase());
      // A rule without line keywords scans whole files; it must at least be limited by file keywords.
      if (rule.keywords.length === 0) expect(rule.fileKeywords?.length ?? 0).toBeGreaterThan(0);
    }
  });

  it('`requires` names text that every match of the expression contains', () => {
    // The scanner skips lines without it, so a wrong `requires` would hide secrets: every fixture
    // match must contain it, and the expression must hold it as a literal.
    const withRequires = SECRET_RULES.filter((r) => r.kind === 'pattern' && r.requires !== undefined);
    expect(withRequires.length).toBeGreaterThan(0);
    for (const rule of withRequires) {
      if (rule.kind !== 'pattern' || rule.requires === undefined) continue;
      expect(rule.regex.source, rule.id).toContain(rule.requires);
      for (const { text } of MUST_TRIGGER[rule.id] ?? []) {
        const matches = [...text.matchAll(new RegExp(rule.regex.source, rule.regex.flags.replace('g', '') + 'g'))];
        expect(matches.length, `${rule.id}: ${text}`).toBeGreaterThan(0);
        for (const m of matches) expect(m[0], rule.id).toContain(rule.requires);
      }
    }
  });

  it('every rule has fixtures that must and must not trigger it', () => {
    for (const rule of SECRET_RULES) {
      expect(MUST_TRIGGER[rule.id], `MUST_TRIGGER fixtures for ${rule.id}`).toBeDefined();
      expect(MUST_NOT_TRIGGER[rule.id], `MUST_NOT_TRIGGER fixtures for ${rule.id}`).toBeDefined();
    }
  });

  for (const rule of SECRET_RULES) {
    describe(rule.id, () => {
      it.each(MUST_TRIGGER[rule.id] ?? [])('triggers in $path', ({ path, text }) => {
        const found = scanText(path, text);
        expect(found.map((m) => m.ruleId), text).toContain(rule.id);
      });
      it.each(MUST_NOT_TRIGGER[rule.id] ?? [])('does not trigger in $path', ({ path, text }) => {
        const found = scanText(path, text);
        expect(found.map((m) => m.ruleId), text).not.toContain(rule.id);
      });
    });
  }

  describe('expressions are linear-time', () => {
    it('use no unbounded or nested quantifiers', () => {
      for (const rule of SECRET_RULES) {
        if (rule.kind !== 'pattern') continue;
        expect(unboundedQuantifiers(rule.regex.source), rule.id).toEqual([]);
        expect(nestedQuantifiers(rule.regex.source), rule.id).toEqual([]);
      }
    });

    const adversarial: Record<string, string> = {
      letters: 'a'.repeat(ADVERSARIAL_LINE_CHARS),
      base64: 'Ab3+'.repeat(ADVERSARIAL_LINE_CHARS / 4),
      keywords: 'password=secret token key auth bearer basic '.repeat(ADVERSARIAL_LINE_CHARS / 44),
      'url-like': 'https://u:p'.repeat(ADVERSARIAL_LINE_CHARS / 11),
      'almost-jwt': 'eyJabcdefghij.'.repeat(ADVERSARIAL_LINE_CHARS / 14),
      'almost-aqe': 'AQE' + 'a'.repeat(ADVERSARIAL_LINE_CHARS),
      'quotes-and-equals': '"a"="b"='.repeat(ADVERSARIAL_LINE_CHARS / 8),
      'private key': '-----BEGIN PRIVATE KEY'.repeat(ADVERSARIAL_LINE_CHARS / 22),
      'sql': 'CREATE USER x '.repeat(ADVERSARIAL_LINE_CHARS / 14),
    };
    it.each(Object.entries(adversarial))('run over a 100 KB %s line in bounded time', (_name, line) => {
      const started = performance.now();
      for (const rule of SECRET_RULES) {
        if (rule.kind !== 'pattern') continue;
        const re = new RegExp(rule.regex.source, rule.regex.flags + 'g');
        while (re.exec(line) !== null) {
          // drain
        }
      }
      scanText('adversarial.txt', line);
      scanText('adversarial.js', line);
      expect(performance.now() - started).toBeLessThan(ADVERSARIAL_BUDGET_MS);
    });
  });
});

/** Outer repeats up to this are allowed around quantified content: (?:[a-z]{1,12}-){0,2} stays cheap. */
const MAX_NESTED_REPEAT = 4;

/** Quantified groups (repeat > MAX_NESTED_REPEAT) that contain a quantifier: polynomial or worse backtracking. */
function nestedQuantifiers(source: string): string[] {
  const found: string[] = [];
  const groups: boolean[] = []; // per open group: holds a quantifier
  let inClass = false;
  const quantifierAt = (i: number): { max: number; length: number } | null => {
    const ch = source[i];
    if (ch === '*' || ch === '+') return { max: Infinity, length: 1 };
    if (ch === '?') return { max: 1, length: 1 };
    const m = /^\{(\d+)(?:,(\d*))?\}/.exec(source.slice(i));
    if (!m) return null;
    const max = m[2] === undefined ? Number(m[1]) : m[2] === '' ? Infinity : Number(m[2]);
    return { max, length: m[0].length };
  };
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      continue;
    }
    if (ch === '(') {
      groups.push(false);
      continue;
    }
    if (ch === ')') {
      const inner = groups.pop() ?? false;
      const q = quantifierAt(i + 1);
      if (q && inner && q.max > MAX_NESTED_REPEAT) found.push(`group ending at ${i}`);
      if (q || inner) groups[groups.length - 1] = true;
      continue;
    }
    const q = quantifierAt(i);
    if (q && !(ch === '?' && source[i - 1] === '(')) {
      if (groups.length > 0) groups[groups.length - 1] = true;
      i += q.length - 1;
    }
  }
  return found;
}

/** `*`, `+` and `{n,}` outside character classes: the quantifiers that make a match attempt unbounded. */
function unboundedQuantifiers(source: string): string[] {
  const found: string[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === '*' || ch === '+') found.push(`${ch} at ${i}`);
    else if (ch === '{' && /^\{\d+,\}/.test(source.slice(i))) found.push(`{n,} at ${i}`);
  }
  return found;
}
