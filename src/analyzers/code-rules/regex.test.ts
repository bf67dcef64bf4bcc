import safeRegex from 'safe-regex2';
import { describe, expect, it } from 'vitest';
import { MAX_SCREENED_PATTERN, screenRegex } from './regex.js';

describe('screenRegex', () => {
  it.each<[string, string]>([
    ['(a+)+$', ''],
    ['^(\\w+\\s?)*$', ''],
    ['(.*,)*x', ''],
    ['^([a-z]{2,4})+$', ''],
    ['^(a\\w+)*$', ''],
    ['^(([a-z])+.)+[A-Z]([a-z])+$', ''],
    ['^(a*)*b', 'i'],
    ['(?:\\d+|\\w+)*!', ''],
  ])('flags %s (ambiguous nested repetition)', (pattern, flags) => {
    expect(safeRegex(pattern)).toBe(false);
    expect(screenRegex(pattern, flags).unsafe).toBe(true);
  });

  it.each([
    ['^(\\d+\\.)*\\d+$'],
    ['^([a-z0-9]+-)*[a-z0-9]+$'],
    ['(\\d{1,3}\\.){3}\\d{1,3}'],
    ['^(\\/[\\w-]+)*$'],
    ['^(\\w+[-.])*\\w+@\\w+\\.\\w+$'],
    ['^[\\w.+-]+@([\\w-]+\\.)+[\\w-]{2,}$'],
  ])('clears %s although safe-regex2 alone flags it (a delimiter or a bound makes the split unique)', (pattern) => {
    expect(safeRegex(pattern)).toBe(false);
    expect(screenRegex(pattern).unsafe).toBe(false);
  });

  it.each([['[a-z]+'], ['^\\d{4}-\\d{2}$'], ['(?:a|b)*c'], ['^(?<year>\\d+)-(\\d+)$']])('clears %s (star height 1)', (pattern) => {
    expect(screenRegex(pattern).unsafe).toBe(false);
  });

  it('treats what it cannot parse, and very long patterns, as unknown rather than unsafe', () => {
    expect(screenRegex('(a+)+(').unsafe).toBe(false);
    expect(screenRegex('(a+)+'.padEnd(MAX_SCREENED_PATTERN + 1, 'x')).unsafe).toBe(false);
  });

  it('honours the i and s flags in overlap tests', () => {
    // Without `i`, [A-Z]+ cannot eat the lower-case delimiter; with it, it can.
    expect(screenRegex('^([A-Z]+x)*$').unsafe).toBe(false);
    expect(screenRegex('^([A-Z]+x)*$', 'i').unsafe).toBe(true);
    // `.` does not match a newline without `s`.
    expect(screenRegex('^(.+\\n)*$').unsafe).toBe(false);
    expect(screenRegex('^(.+\\n)*$', 's').unsafe).toBe(true);
  });
});
