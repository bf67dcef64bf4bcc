// The automaton against the plainest possible search: every offset, every keyword, compared in
// lower case. Keyword sets with shared prefixes, suffixes of each other and long keywords (matched
// by prefix, then in full) exercise the failure rows, the character classes and the full comparison.
import { describe, expect, it } from 'vitest';
import { seededRandom } from './__tests__/seeded-random.js';
import { buildAutomaton, findKeywords, findKeywordsInJs, type KeywordHits } from './keyword-automaton.js';

/** Every (keyword, offset) in `text`, case folded for ASCII letters only, as the automaton folds. */
function naiveHits(keywords: readonly string[], text: string): string[] {
  const lower = text.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const out: string[] = [];
  for (let at = 0; at < text.length; at++) {
    keywords.forEach((word, id) => {
      if (lower.startsWith(word, at)) out.push(`${id}@${at}`);
    });
  }
  return out.sort();
}

function hitsOf(hits: KeywordHits): string[] {
  return Array.from({ length: hits.count }, (_, i) => `${hits.keyword[i]}@${hits.offset[i]}`).sort();
}

const KEYWORD_SETS: readonly (readonly string[])[] = [
  ['secret', 'client_secret=', 'pass', 'password', 'key', 'apikey', 'api_key', 'token', 'to', 'oken', 'k'],
  ['he', 'she', 'his', 'hers', 'ushers', 'usher_long_keyword', 'usher_long_other'],
  ['aaaa', 'aaa', 'aa', 'a', 'aaaaaaaaaa', 'ab', 'ba', 'abab', 'bab'],
  ['import', 'require', 'export', 'this', 'exec', 'execsync', 'eval', 'md5', 'rejectunauthorized'],
];

describe('keyword automaton', () => {
  it('finds exactly the hits a naive search finds, in both passes', () => {
    let compared = 0;
    KEYWORD_SETS.forEach((keywords, set) => {
      const automaton = buildAutomaton(keywords);
      const next = seededRandom(set + 1);
      const alphabet = `${[...new Set(keywords.join(''))].join('')}${[...new Set(keywords.join(''))].join('').toUpperCase()} \n.=_é`;
      for (let n = 0; n < 200; n++) {
        const length = Math.floor(next() * 300);
        let text = '';
        while (text.length < length) {
          text += next() < 0.3 ? keywords[Math.floor(next() * keywords.length)]! : alphabet[Math.floor(next() * alphabet.length)]!;
        }
        const expected = naiveHits(keywords, text);
        expect(hitsOf(findKeywordsInJs(automaton, text)), JSON.stringify(text)).toEqual(expected);
        expect(hitsOf(findKeywords(automaton, text)), JSON.stringify(text)).toEqual(expected);
        compared += expected.length;
      }
    });
    expect(compared).toBeGreaterThan(10_000);
  });

  it('folds characters that occur in no keyword into one class', () => {
    const automaton = buildAutomaton(['ab', 'b']);
    // 'a', 'b', and everything else (the line feed too: like any other character, back to the root).
    expect(automaton.classes).toBe(3);
    expect(automaton.classOf[10]).toBe(automaton.classOf['x'.charCodeAt(0)]);
    expect(automaton.classOf['x'.charCodeAt(0)]).toBe(automaton.classOf['#'.charCodeAt(0)]);
    expect(automaton.classOf['a'.charCodeAt(0)]).toBe(automaton.classOf['A'.charCodeAt(0)]);
    expect(automaton.classOf['a'.charCodeAt(0)]).not.toBe(automaton.classOf['b'.charCodeAt(0)]);
  });
});
